"""Session-18 regressions for ID, DATE, AGE and PHONE (misc21), each written here in our own words for a phenomenon
(never a line copied from a case file), with hard negatives next to each rule."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


def covered(deid: Deidentifier, text: str, part: str) -> bool:
    """Every character of ``part`` (its first occurrence) lies inside some span."""
    start = text.index(part)
    return all(any(s.start_char <= k < s.end_char for s in deid.annotate(text).spans)
               for k in range(start, start + len(part)) if not text[k].isspace())


# ---------------------------------------------------------------- ids read aloud: separators, repeats, letters
@pytest.mark.parametrize(("text", "span"), [
    # two groups joined by a spoken dash
    ("le numéro d'examen est soixante-trois tiret cent quarante-huit virgule merci",
     "soixante-trois tiret cent quarante-huit"),
    # a digit said twice
    ("dossier double zéro sept trois un neuf six point", "double zéro sept trois un neuf six"),
    # letters said before four digits: six characters in all
    ("référence examen T D six un huit deux", "T D six un huit deux"),
])
def test_a_dictated_id_with_a_spoken_dash_a_repeated_digit_or_letters(deid: Deidentifier, text: str,
                                                                     span: str) -> None:
    assert span in spans(deid, text, "ID")


@pytest.mark.parametrize("text", [
    "examen de contrôle dans quarante-huit heures",          # a duration after 'examen'
    "dossier complet : deux tiret trois pages manquantes",   # too short to be a file number
    "demande double contrôle par le senior",                 # 'double' without a digit after it
])
def test_number_words_near_an_id_cue_that_are_no_id(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "ID") == []


# ---------------------------------------------------------------- a file number typed digit by digit
@pytest.mark.parametrize(("text", "span"), [
    ("I.P.P. : 7 3 0 1 9 5 2\nExamen : radiographie du bassin", "7 3 0 1 9 5 2"),
    ("Dossier n° 0 0 6 2 4 8 1 (fax peu lisible)", "0 0 6 2 4 8 1"),
    ("NDA 2 2 4 1 0 8 - séjour en cours", "2 2 4 1 0 8"),
])
def test_a_file_number_spaced_digit_by_digit_after_its_cue(deid: Deidentifier, text: str, span: str) -> None:
    assert span in spans(deid, text, "ID")


@pytest.mark.parametrize("text", [
    "Patient vu ce jour, côtes 4 5 6 7 8 fracturées",        # rib levels, no file cue
    "Score 1 2 3 4 5 sur l'échelle de douleur",              # a scale written out
    "dossier discuté en RCP, lésions 1 2 3",                  # fewer than five digits
])
def test_spaced_single_digits_without_a_file_cue_stay(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "ID") == []


# ---------------------------------------------------------------- a day of the month alone in a hurried message
@pytest.mark.parametrize(("text", "days"), [
    ("la secrétaire m'a dit le 22 ou le 23 ? je ne sais plus", ["22", "23"]),   # two days offered
    ("écho réalisée le 9 j'attends toujours le compte rendu", ["9"]),             # the writer's next clause
    ("irm passée le 18 mon médecin n'a rien reçu", ["18"]),
])
def test_a_lone_day_before_another_day_or_the_writers_next_clause(deid: Deidentifier, text: str,
                                                                  days: list[str]) -> None:
    assert spans(deid, text, "DATE") == days


@pytest.mark.parametrize("text", [
    "lésion classée le 3 ou le 4 selon la lecture",      # a grade, no date ('le 4 selon')
    "nodules : le 1 ou le 2 mm de plus",                 # a size
    "chambre le 12 je crois, à vérifier",                # a room number
    "appeler le 15 je pense",                            # an emergency number
])
def test_numbers_after_le_that_are_no_day(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- a birth year in two digits
@pytest.mark.parametrize(("text", "year"), [
    ("tu peux regarder ses clichés ? Lemaire, né en 79", "79"),
    ("patiente née en 03, en classe de seconde", "03"),
])
def test_a_two_digit_birth_year_after_ne_en(deid: Deidentifier, text: str, year: str) -> None:
    assert spans(deid, text, "DATE") == [year]


@pytest.mark.parametrize("text", [
    "jumeaux nés en 32 SA, ventilés",        # a term in weeks of amenorrhoea
    "né en 2 temps après forceps",           # no year
])
def test_ne_en_before_no_year(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


@pytest.mark.parametrize(("text", "year"), [
    ("dicté : patient né en cinquante-huit virgule retraité", "cinquante-huit"),
    ("patiente née en soixante et onze à Tunis", "soixante et onze"),
])
def test_a_two_digit_birth_year_said_in_words(deid: Deidentifier, text: str, year: str) -> None:
    assert year in spans(deid, text, "DATE")


def test_ne_en_before_a_term_in_words_is_no_year(deid: Deidentifier) -> None:
    assert spans(deid, "prématuré né en trente-quatre semaines", "DATE") == []


# ---------------------------------------------------------------- the year of a guideline the report cites
@pytest.mark.parametrize("text", [
    "Lésion classée ACR 3 selon la classification BI-RADS. Recommandations HAS 2014.",
    "Nodule de 5 mm : pas de contrôle (recommandations Fleischner 2017).",
    "Polyarthrite répondant aux critères ACR/EULAR 2010, suivi en rhumatologie.",
    "Tumeur classée selon la classification de l'OMS 2021.",
])
def test_a_guidelines_year_is_no_date(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


@pytest.mark.parametrize(("text", "year"), [
    ("Antécédents : cholécystectomie 2009.", "2009"),        # a history item's year stays
    ("Chirurgie du genou (2016), reprise en rééducation.", "2016"),
])
def test_a_history_items_year_still_counts(deid: Deidentifier, text: str, year: str) -> None:
    assert spans(deid, text, "DATE") == [year]


# ---------------------------------------------------------------- half units of a young child's age
@pytest.mark.parametrize(("text", "age"), [
    ("nourrisson de quatre mois et demi, toux", "quatre mois et demi"),
    ("Bébé de 7 semaines et demie, reflux", "7 semaines et demie"),
])
def test_an_age_in_months_or_weeks_and_a_half(deid: Deidentifier, text: str, age: str) -> None:
    assert spans(deid, text, "AGE") == [age]


@pytest.mark.parametrize("text", [
    "toux depuis 5 semaines et demie malgré le traitement",   # a duration
    "rééducation de 3 mois et demi prescrite",                # a treatment's length
])
def test_weeks_and_a_half_of_a_duration_stay(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


def test_a_letter_spaced_cue_and_number(deid: Deidentifier) -> None:
    # an OCR'd fax spaces the label's letters as well as the digits
    assert spans(deid, "N D A : 3 3 0 9 1 2 8\nService : imagerie", "ID") == ["3 3 0 9 1 2 8"]


# ---------------------------------------------------------------- ages damaged by OCR
@pytest.mark.parametrize(("text", "age"), [
    ("Fax illisible - Mme Q., 7S ans, chute en EHPAD", "7S ans"),       # a 5 read as 'S'
    ("Patient de B3 ans adressé pour dyspnée", "B3 ans"),                # an 8 read as 'B'
    ("Résidente GARNIER, 9 1 ans, chambre 12", "9 1 ans"),               # the two digits set apart
    ("âgée de 6 8 ans, suivie pour BPCO", "6 8 ans"),
])
def test_an_ocr_damaged_age(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Spondylolyse : la vertèbre S1 a une lyse isthmique",     # a vertebra before the verb 'a'
    "Contrôle entre 2 5 ans plus tard selon l'évolution",     # no age's cue before the digits
    "Niveaux L4 L5 S1 ans antérieurs non comparables",        # vertebrae in a row
])
def test_letters_and_spaced_digits_that_are_no_age(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []

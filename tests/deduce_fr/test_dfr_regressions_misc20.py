"""Session-17 regressions for DATE and AGE (misc20), each written here in our own words for a phenomenon (never a
line copied from a case file), with hard negatives next to each rule."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def spans(deid: Deidentifier, text: str, tag: str) -> list[str]:
    return [s.text for s in deid.annotate(text).spans if s.tag == tag]


# ---------------------------------------------------------------- named clinical tests written 'a/b'
@pytest.mark.parametrize("text", [
    "Rachis : indice de Schober 13/10, distance doigts-sol 20 cm.",
    "Bilan gériatrique : MMS 22/30, Katz 4/6, Tinetti 19/28.",
    "Hyperlaxité, score de Beighton 7/9 ; testing 4/5 du quadriceps.",
])
def test_a_named_clinical_test_or_scale_is_no_day_and_month(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


def test_a_day_and_month_next_to_a_scale_still_counts(deid: Deidentifier) -> None:
    # the scale's own value stays, the visit's date after 'le' is a date
    assert spans(deid, "Revu le 21/10 : Schober 12/10, amélioration.", "DATE") == ["21/10"]


# ---------------------------------------------------------------- a short day/month in a header or a visit line
@pytest.mark.parametrize(("text", "date"), [
    ("martin lucas - 31 ans - écho épaule d - 7/2\nrupture partielle du sus-épineux", "7/2"),
    ("Brouillon – consult. rhumato 23/4\nPte connue pour une PR", "23/4"),
    ("scanner fait mer. 6/11 – voir compte rendu", "6/11"),
    ("rdv jeu 3/10 avec le chirurgien", "3/10"),
])
def test_a_short_day_and_month_after_a_visit_word_or_a_short_weekday(deid: Deidentifier, text: str,
                                                                     date: str) -> None:
    assert date in spans(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "Cheville D face + profil + 3/4\nPas de fracture.",   # an oblique view
    "Questionnaire\nQ3 Attente - 2/5\nQ4 Accueil - 5/5",   # satisfaction scores after a dash, no visit named
    "Douleur : EVA - 7/10\nAntalgiques palier 1.",       # a pain score after a dash
    "CR numérisé - page 1/2\nSuite au verso.",           # a page count
    "consult ortho : fracture du 1/3 moyen",             # a third of a bone
])
def test_fractions_scores_and_pages_stay(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


# ---------------------------------------------------------------- a three-letter month between slashes
def test_a_day_a_short_month_and_a_year_between_slashes(deid: Deidentifier) -> None:
    assert spans(deid, "accès serveur PACS le 04/Feb/2025 depuis le poste 12", "DATE") == ["04/Feb/2025"]
    assert spans(deid, "dose 5/MAR", "DATE") == []  # no year: not this rule's


# ---------------------------------------------------------------- an age field written 'N a'
@pytest.mark.parametrize(("text", "age"), [
    ("Âge : 58 a\nSexe : F", "58 a"),
    ("NOM PRENOM - AGE 73 A - motif : chute", "73 A"),
])
def test_an_age_label_before_n_a(deid: Deidentifier, text: str, age: str) -> None:
    assert spans(deid, text, "AGE") == [age]


def test_a_word_ending_in_age_is_no_age_label(deid: Deidentifier) -> None:
    assert spans(deid, "Chambre du passage 12 a\nlit porte", "AGE") == []  # ('passage' ends in 'age')
    assert spans(deid, "Bilan 12 a\nlit porte", "AGE") == []


# ---------------------------------------------------------------- phones of Quebec and West/Central Africa
@pytest.mark.parametrize(("text", "phone"), [
    ("Pour le suivi : infirmière de liaison, télécopieur 819 346-1110.", "819 346-1110"),
    ("Conjoint : Luc Tremblay (mari), 581 203-4417", "581 203-4417"),
    ("Joindre la clinique au (418) 690-2255 le matin", "(418) 690-2255"),
    ("Tante : Mariama Sow, 78 441 09 36", "78 441 09 36"),
    ("Frère : Oumar Keita, 66 12 40 87\nRadio du bassin normale.", "66 12 40 87"),
    ("Tél : 6 99 18 37 42\nRadiographie du genou", "6 99 18 37 42"),
    ("cellulaire 263 555-8812 (soir)", "263 555-8812"),
    ("si besoin voici mon numero 76 305 18 22 merci", "76 305 18 22"),
    ("Tél : 3408-1276 (domicile, Port-au-Prince)", "3408-1276"),
    ("merci d'appeler son neveu au 70 118 52 64 avant la sortie", "70 118 52 64"),
    ("Père : Ibrahima Diop (77 230 61 95)", "77 230 61 95"),
    ("numéro de l'oncle à Dakar : 00221 76 840 22 17", "00221 76 840 22 17"),
])
def test_phones_without_a_trunk_zero_or_a_country_code(deid: Deidentifier, text: str, phone: str) -> None:
    assert phone in spans(deid, text, "PHONE")


@pytest.mark.parametrize("text", [
    "Lot 123 456-7890 du fabricant",           # an area code cannot start with 1: no NANP number
    "Mesures, 12 34 56 78",                    # a common word before the comma: a list of values
    "Dossier numéro 12 34 56 78 à compléter",  # a file's number, no possessive before 'numéro'
    "Tumeur, 45 12 33 08 mm",                  # the line does not end with the number
    "Lésion de la face interne (12 34 56)",    # a medical word before the bracket
    "Réf. 00245 118 907 du fournisseur",       # an id's cue before a '00' number
    "monté au 12 34 56 78 ?",                  # no call verb before 'au'
])
def test_number_shapes_that_are_no_such_phones(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "PHONE") == []


# ---------------------------------------------------------------- ages in a patient's letter, after an adjective, Malagasy
@pytest.mark.parametrize(("text", "age"), [
    ("Je vous écris car j'ai 79 ans et je vis seule.", "79 ans"),
    ("Patiente soninké de 47 ans, douleurs abdominales.", "47 ans"),
    ("Homme diabétique de 61 ans adressé pour un pied.", "61 ans"),
    ("RAKOTOBE Hery, 66 taona, toux chronique.", "66 taona"),
])
def test_ages_in_a_letter_after_an_adjective_or_in_malagasy(deid: Deidentifier, text: str, age: str) -> None:
    assert age in spans(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "j'ai 2 ans de retard sur mes vaccins",          # a duration after 'de'
    "Patiente enceinte de 30 ans ? non : de 30 SA",  # a pregnancy's state word before 'de'
    "Patient suivi de 20 ans en consultation",       # a follow-up, not an age
    "nous avons 3 ans de recul",                      # no 'j'' before the verb
])
def test_durations_stay(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "AGE") == []


# ---------------------------------------------------------------- a law's date names a text, not a person
@pytest.mark.parametrize("text", [
    "Conformément à la loi du 4 mars 2002, vous pouvez accéder à votre dossier.",
    "Selon le décret n° 2016-1872 du 26 décembre 2016 et l'arrêté royal du 3 mai 1999.",
    "Au titre du règlement (UE) 2016/679 du 27 avril 2016 (RGPD).",
])
def test_the_date_of_a_law_or_a_regulation_is_no_date(deid: Deidentifier, text: str) -> None:
    assert spans(deid, text, "DATE") == []


def test_a_prescription_a_payment_or_a_sick_leave_keeps_its_date(deid: Deidentifier) -> None:
    text = "Ordonnance du 12/03/2024, règlement du 14/03/2024, arrêt de travail du 15/03/2024 ; loi du 4 mars 2002."
    assert spans(deid, text, "DATE") == ["12/03/2024", "14/03/2024", "15/03/2024"]


# ---------------------------------------------------------------- the next years of a list after a cued year
def test_the_years_listed_after_a_cued_year(deid: Deidentifier) -> None:
    assert spans(deid, "clichés de 2016 et 2019 introuvables", "DATE") == ["2016", "2019"]
    assert spans(deid, "opéré en 2004, 2011 et 2018.", "DATE") == ["2004", "2011", "2018"]
    # quantities after a number of the same shape: no years
    assert "2500" not in spans(deid, "dose de 1800 et 2500 UI par jour", "DATE")


# ---------------------------------------------------------------- an age observation in an HL7 result
def test_an_hl7_age_observation(deid: Deidentifier) -> None:
    text = ("MSH|^~\\&|LABO|CH|||20250102||ORU^R01|7|P|2.5\n"
            "OBX|1|NM|30525-0^Age^LN||58|a\n"
            "OBX|2|NM|AGE^Âge patient||61|ans\n"
            "OBX|3|NM|2160-0^Créatinine^LN||58|µmol/L\n")
    assert spans(deid, text, "AGE") == ["58", "61"]

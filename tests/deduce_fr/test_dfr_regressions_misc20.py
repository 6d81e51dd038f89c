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

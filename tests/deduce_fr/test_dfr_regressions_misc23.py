"""Session-20 regressions (misc23): weekdays cut short before a day/month in nursing notes, days listed before the
date that names their month, an age form's label with a qualifier, and classes written like ages ('Lenke 1A').
Every sentence is our own, with hard negatives."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


# ---------------------------------------------------------------- weekdays cut short
@pytest.mark.parametrize(("text", "date"), [
    ("ma 04/02 : pansement refait, plaie propre.", "ma 04/02"),
    ("je 06/02 : pas de fièvre, Mme au fauteuil.", "je 06/02"),
    ("visite suivante : ven 14/03, vers 9h", "ven 14/03"),
    ("Passage IDE sam. 22/02 pour la prise de sang", "sam. 22/02"),
    ("scanner programmé jeu. 16/03", "jeu. 16/03"),
])
def test_short_weekday_inside_the_date(deid: Deidentifier, text: str, date: str) -> None:
    assert (date, "DATE") in tagged(deid, text)


def test_two_letter_weekday_only_opens_a_line(deid: Deidentifier) -> None:
    # inside a sentence 'sa' is a possessive, not 'samedi'
    text = "Elle reprend sa 12/03 dose habituelle"
    assert not any(t.startswith("sa ") for t, _ in tagged(deid, text))


# ---------------------------------------------------------------- days listed before their month
@pytest.mark.parametrize(("text", "days"), [
    ("Kiné prévue les 2, 9 et 16 octobre au cabinet.", ["2", "9", "16 octobre"]),
    ("Deux créneaux possibles : le 11 ou le 18 juin.", ["11", "18 juin"]),
    ("Hospitalisée du 4 au 8 février 2025.", ["4", "8 février 2025"]),
])
def test_days_listed_before_their_month(deid: Deidentifier, text: str, days: list[str]) -> None:
    found = tagged(deid, text)
    for d in days:
        assert (d, "DATE") in found


def test_listed_numbers_without_a_cue_stay(deid: Deidentifier) -> None:
    found = tagged(deid, "Doses de 10, 20 et 40 mg le 3 mars.")
    assert ("10", "DATE") not in found and ("20", "DATE") not in found


# ---------------------------------------------------------------- an age form's label
@pytest.mark.parametrize(("text", "age"), [
    ("Âge corrigé à la sortie : 3 semaines", "3 semaines"),
    ("Adoption. Âge au placement : 22 mois. Vaccins à jour.", "22 mois"),
])
def test_age_label_with_a_qualifier(deid: Deidentifier, text: str, age: str) -> None:
    assert (age, "AGE") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Âge osseux selon Greulich : 11 ans",
    "Âge gestationnel à l'échographie : 12 semaines",
    "Durée du traitement : 6 mois",
])
def test_no_age_from_other_labels(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "AGE" for _, tag in tagged(deid, text))


# ---------------------------------------------------------------- classes written like ages
@pytest.mark.parametrize("text", [
    "Scoliose thoracique, courbe de type Lenke 3A, angle 42°.",
    "Transfert vers une maternité de niveau 2A prévu.",
    "Lymphome stade 2A, chimiothérapie en cours.",
    "Fracture ouverte Gustilo 3A de jambe.",
])
def test_class_letters_are_no_age(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "AGE" for _, tag in tagged(deid, text))


def test_telegraphic_age_still_found(deid: Deidentifier) -> None:
    assert ("67A", "AGE") in tagged(deid, "Mr Lefebvre 67A, chute mécanique, Rx hanche.")

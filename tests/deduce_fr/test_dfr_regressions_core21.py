"""Session 18 (core21): a number grouped like a phone after an identifier's own label is that identifier (ID, not
PHONE), and an age in a criterion, a range or the horizon of a risk is nobody's age; in our own words, each with
hard negatives (phone cues, a patient's age after a comparison-free cue, an age in the clause after a risk)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _tags(deid: Deidentifier, text: str, part: str) -> set[str]:
    """The tags of the spans that cover ``part`` of the text."""
    start = text.index(part)
    return {s.tag for s in deid.annotate(text).spans if s.start_char <= start and start + len(part) <= s.end_char}


@pytest.mark.parametrize("text,part", [
    ("IPP : 04 57 82 13 45 — venue du 12/03.", "04 57 82 13 45"),
    ("N° de dossier 06 71 20 44 90, classé aux archives.", "06 71 20 44 90"),
    ("Numéro de séjour : 02.98.44.17.63", "02.98.44.17.63"),
    ("NIP n° 03 88 12 45 67 (bracelet vérifié)", "03 88 12 45 67"),
    ("Matricule 01 23 45 67 89 enregistré par l'accueil.", "01 23 45 67 89"),
])
def test_phone_shaped_number_after_an_id_label_is_an_id(deid: Deidentifier, text: str, part: str) -> None:
    assert _tags(deid, text, part) == {"ID"}


@pytest.mark.parametrize("text,part", [
    ("Tél : 04 57 82 13 45 (secrétariat).", "04 57 82 13 45"),
    ("Joignable au numéro 06 71 20 44 90 après 17 h.", "06 71 20 44 90"),
    ("Dossier suivi par Mme Leroy, tél. 02 98 44 17 63.", "02 98 44 17 63"),
    ("Patient : 06 12 34 56 78 (portable de la fille).", "06 12 34 56 78"),
    ("Rappeler le cabinet au 03 88 12 45 67.", "03 88 12 45 67"),
])
def test_phone_without_an_id_label_stays_a_phone(deid: Deidentifier, text: str, part: str) -> None:
    assert _tags(deid, text, part) == {"PHONE"}


@pytest.mark.parametrize("text,part", [
    ("Critères d'inclusion : âge ≥ 45 ans, tabagisme actif.", "45 ans"),
    ("Dépistage proposé aux femmes âgées de plus de 50 ans.", "50 ans"),
    ("Le dépistage organisé concerne les personnes entre 50 et 74 ans.", "74 ans"),
    ("Âge supérieur ou égal à 65 ans : vaccination recommandée.", "65 ans"),
    ("Risque de fracture de hanche à 10 ans : 4 %.", "10 ans"),
    ("Survie globale à 5 ans estimée à 80 %.", "5 ans"),
    ("Pour ce dépistage, le programme s'arrête à 74 ans.", "74 ans"),
    ("Prochaine surveillance par échographie à 3 ans.", "3 ans"),
])
def test_ages_of_criteria_ranges_and_horizons_are_no_ages(deid: Deidentifier, text: str, part: str) -> None:
    assert "AGE" not in _tags(deid, text, part)


@pytest.mark.parametrize("text,part", [
    ("Patiente de 58 ans, risque de chute élevé.", "58 ans"),
    ("Antécédent de risque cardiovasculaire ; opérée à 61 ans d'un pontage.", "61 ans"),
    ("Homme âgé de 67 ans, fumeur.", "67 ans"),
    ("Fracture du poignet à 83 ans, ostéoporose connue.", "83 ans"),
    ("Âge : 72", "72"),
])
def test_a_patients_age_stays_an_age(deid: Deidentifier, text: str, part: str) -> None:
    assert "AGE" in _tags(deid, text, part)

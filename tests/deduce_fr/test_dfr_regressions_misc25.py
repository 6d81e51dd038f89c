"""Session-21 regressions (misc25): newborn scores are no dates, school years and months after 'vers' are dates
(the additive parts of misc24), a baby's age in Dutch, German or English weeks and months after a name, an
estimated age after its mark ('~', '≈'), a dictated age corrected after 'non', and file numbers after their
cue with a capital prefix, a two-word qualifier or a foreign label. Every sentence is our own, with hard
negatives (durations, delays, treatment lengths)."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


# ---------------------------------------------------------------- newborn scores, school years, 'vers <mois>'
@pytest.mark.parametrize("text", [
    "Accouchement eutocique, Apgar 6/8/10, aspiration simple.",
    "Score d'Apgar : 8-9-10 ; peau à peau immédiat.",
])
def test_apgar_scores_are_no_dates(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "DATE" for _, tag in tagged(deid, text))


def test_a_date_after_the_apgar_is_kept(deid: Deidentifier) -> None:
    text = "Apgar 10/10/10. Retour à domicile le 21/06/2025."
    assert ("21/06/2025", "DATE") in tagged(deid, text)


@pytest.mark.parametrize(("text", "date"), [
    ("Redouble son CM2, année scolaire 2023-2024, avec une AESH.", "2023-2024"),
    ("Licenciée au club de judo pour la saison 2024-2025.", "2024-2025"),
    ("Retour au poste envisagé vers octobre.", "octobre"),
])
def test_school_years_and_months_after_vers(deid: Deidentifier, text: str, date: str) -> None:
    assert (date, "DATE") in tagged(deid, text)


def test_a_budget_year_pair_is_no_school_year(deid: Deidentifier) -> None:
    assert ("2025-2026", "DATE") not in tagged(deid, "Plan de formation 2025-2026 adopté en réunion.")


# ---------------------------------------------------------------- foreign ages after a name
@pytest.mark.parametrize(("text", "age"), [
    ("Thuisbezoek: Noor, 5 weken, drinkt goed.", "5 weken"),
    ("Kind Lotte, 9 maanden, koorts sinds gisteren.", "9 maanden"),
    ("Frau Becker, 7 Wochen alt, Husten.", "7 Wochen"),
    ("Patient, 23 y, hiker, fell on the trail.", "23 y"),
])
def test_foreign_baby_ages_after_a_name(deid: Deidentifier, text: str, age: str) -> None:
    assert (age, "AGE") in tagged(deid, text)


@pytest.mark.parametrize(("text", "duration"), [
    ("Mevrouw Claes, 4 dagen na de operatie, pijn.", "4 dagen"),
    ("Gips gedurende 6 weken, daarna kinesitherapie.", "6 weken"),
    ("sinds 3 maanden hoofdpijn", "3 maanden"),
])
def test_foreign_durations_stay_untagged(deid: Deidentifier, text: str, duration: str) -> None:
    assert (duration, "AGE") not in tagged(deid, text)


# ---------------------------------------------------------------- estimated and self-corrected ages
@pytest.mark.parametrize(("text", "age"), [
    ("Personne accueillie : Marc, ~45 ans, sans domicile.", "45 ans"),
    ("Un homme, ≈60 ans, trouvé sur la voie publique.", "60 ans"),
    ("dictée : madame roux soixante-deux ans non soixante-six ans, chute", "soixante-six ans"),
])
def test_estimated_and_corrected_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert (age, "AGE") in tagged(deid, text)


@pytest.mark.parametrize(("text", "duration"), [
    ("Immobilisation, ~3 mois, puis rééducation.", "3 mois"),
    ("Attelle, env. 6 semaines.", "6 semaines"),
    ("Douleurs depuis environ 2 ans.", "2 ans"),
    ("Il y a deux ans non trois ans, première crise.", "trois ans"),
])
def test_estimated_durations_stay_untagged(deid: Deidentifier, text: str, duration: str) -> None:
    assert (duration, "AGE") not in tagged(deid, text)


# ---------------------------------------------------------------- file numbers after their cue
@pytest.mark.parametrize(("text", "number"), [
    ("Votre réf. dossier MX 25-71034, rapatriement sanitaire.", "25-71034"),
    ("Numéro d'accident du travail : 31 552 907, reconnu.", "31 552 907"),
    ("Aseguradora: exp. 25-VA-440127, paciente estable.", "25-VA-440127"),
    ("Travel insurer claim number 71-330982 opened.", "71-330982"),
])
def test_file_numbers_after_their_cue(deid: Deidentifier, text: str, number: str) -> None:
    assert (number, "ID") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Dossier vu en staff avec le Dr Morel.",
    "Kinésithérapie : exp. 3 séances par semaine.",
    "N° de chambre du service 12",
])
def test_no_file_number_without_one(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "ID" for _, tag in tagged(deid, text))

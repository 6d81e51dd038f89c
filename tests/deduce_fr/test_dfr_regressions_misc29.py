"""Session-23 regressions (misc29): ages people without papers give ('âge allégué', 'il aurait environ 16 ans'),
short ages after a name ('M 58y', 'Jan, 67 j'), a year alone in a birth field or in brackets with its event, the
weekday that opens a line of a care journal, a practitioner's AM number, and the numbers written after the papers
of asylum, detention and private practice (OFII, AME, écrou, facture, devis). Every sentence is our own, with hard
negatives (bone ages, durations, amounts, citations, rosters, opening hours)."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


def _tags(deid: Deidentifier, text: str, tag: str) -> set[str]:
    return {t for t, g in tagged(deid, text) if g == tag}


@pytest.mark.parametrize(("text", "age"), [
    ("Jeune homme reçu au dispositif, âge allégué 15 ans, sans document.", "15 ans"),
    ("Âge estimé : environ 35 ans, vu au camion de la maraude.", "35 ans"),
    ("Accueilli cette nuit : Yonatan Berhe, érythréen, environ 22 ans.", "22 ans"),
    ("Selon l'éducatrice, il aurait 16 ans.", "16 ans"),
    ("Elle aurait environ 45 ans d'après la voisine.", "45 ans"),
    ("Fiche sociale — Âge déclaré : 17 (pas de pièce d'identité)", "17"),
    ("Nous suivons un demandeur d'asile de 31 ans depuis mars.", "31 ans"),
    ("Orientation d'un MNA de 16 ans vers le foyer.", "16 ans"),
    ("Pt KONE Bakary M 58y\nthorax de face", "58y"),
    ("Pt Willems Jan, 67 j\nknie links", "67 j"),
])
def test_alleged_estimated_and_short_ages(deid: Deidentifier, text: str, age: str) -> None:
    assert (age, "AGE") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Maturation compatible avec le standard masculin de 19 ans de l'atlas.",
    "Âge osseux estimé entre 17 et 20 ans selon la méthode.",
    "Tabac sevré, environ 15 ans.",
    "Antibiothérapie par Augmentin 7 j\nrevoir si fièvre",
    "Traitement antalgique, Augmentin, 7 j\ncontrôle ensuite",
    "Une PTH de 12 ans, descellée.",
])
def test_no_age_in_bone_ages_durations_or_treatments(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "AGE")


@pytest.mark.parametrize(("text", "year"), [
    ("Nom : TRAORE\nDate de naissance : 1983 (seule l'année est connue)", "1983"),
    ("DDN : 1991\nPays : Mali", "1991"),
    ("Ancienne fracture de jambe (2004, Kinshasa), bien consolidée.", "2004"),
    ("Cal vicieux du fémur (chute de vélo, 1987) sans raccourcissement.", "1987"),
])
def test_lone_years_of_a_life(deid: Deidentifier, text: str, year: str) -> None:
    assert (year, "DATE") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Lecture selon l'atlas (Greulich et Pyle, 1959).",
    "Méthode validée (Tanner et al., 2001) sur une cohorte.",
    "Perfusion de héparine (5000, UI) sur 24 h.",
    "Mise à jour du logiciel (version 3, 2022).",
])
def test_no_date_in_citations_doses_or_versions(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "DATE")


def test_a_weekday_opening_a_journal_line(deid: Deidentifier) -> None:
    text = "Cahier de liaison\njeudi : Awa tousse, température 38,2.\nvendredi : radio pulmonaire faite."
    assert {("jeudi", "DATE"), ("vendredi", "DATE")} <= tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Astreinte du week-end\nSamedi : Claire Fontaine\nDimanche : Paul Mercier",
    "Planning\nMardi : Dr Lambert, Dr Hoarau",
    "Horaires du cabinet\nLundi : fermé\nMardi : 9h-18h",
    "On se voit jeudi : apporte les clichés.",
])
def test_no_weekday_in_rosters_or_opening_hours(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "DATE")


@pytest.mark.parametrize(("text", "number"), [
    ("Dr Lefèvre, RPPS 10101234567 – AM 69 1 54321 8", "69 1 54321 8"),
    ("Convocation OFII 24-069-04471 pour la visite médicale.", "24-069-04471"),
    ("Carte AME : 456 789 123, valable un an.", "456 789 123"),
    ("Devis n°2291 pour la prothèse, à signer.", "2291"),
    ("Facture 2025-0412 réglée par la mutuelle.", "2025-0412"),
    ("Extraction de M. X, écrou 58213, vers le CHU.", "58213"),
    ("Bilan de régulation, fiche 2024-SM-1187 transmise.", "2024-SM-1187"),
    ("Étiquette : DIALLO Awa — 971K0045123", "971K0045123"),
])
def test_numbers_of_papers_and_shaped_files(deid: Deidentifier, text: str, number: str) -> None:
    assert (number, "ID") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Facture de 45 € réglée en espèces.",
    "Facture : 23,04 € pour la location du fauteuil.",
    "Devis 1 250,00 euros pour deux implants.",
    "Ouverture des droits AME en 2023, renouvelés.",
    "Dents 36 et 46 extraites, scanner 3T, amoxicilline 1000 mg.",
    "Il faut avoir 2 ans de recul avant conclusion.",
])
def test_no_id_in_amounts_years_or_doses(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "ID")

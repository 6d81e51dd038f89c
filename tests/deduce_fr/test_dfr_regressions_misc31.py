"""Session-24 regressions (misc31): the numbers of old-age, dental and funeral paperwork that the rule layer already
finds (quotes, invoices, guardianship docket numbers, death-certificate numbers, RPPS) and an age given as 'dans sa
Ne année', pinned so that later waves keep them; with hard negatives from dentistry (FDI tooth numbers, implant
models, CCAM act codes) that must stay untagged. Every sentence is our own."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


def _tags(deid: Deidentifier, text: str, tag: str) -> set[str]:
    return {t for t, g in tagged(deid, text) if g == tag}


@pytest.mark.parametrize(("text", "ident"), [
    ("Devis n° DV-2024-08817 pour la couronne 26.", "DV-2024-08817"),
    ("Facture n° 2025-004512 réglée par la mutuelle.", "2025-004512"),
    ("Dr Marc Perrin, RPPS 10003456789, chirurgien-dentiste.", "10003456789"),
    ("Dossier de tutelle n° RG 24/01873 au tribunal judiciaire.", "24/01873"),
    ("Certificat de décès n° 2024-117 établi le 3 mars 2024.", "2024-117"),
])
def test_paperwork_numbers(deid: Deidentifier, text: str, ident: str) -> None:
    assert ident in _tags(deid, text, "ID")


def test_age_in_her_nth_year(deid: Deidentifier) -> None:
    assert "92e année" in _tags(deid, "Mme Roux, dans sa 92e année, entre en EHPAD.", "AGE")


@pytest.mark.parametrize("text", [
    "Extraction de la 36 et de la 47 prévue.",
    "Implant Straumann BLT 4.1 x 10 mm posé en 46.",
    "Acte CCAM HBLD036 coté deux fois.",
])
def test_dental_numbers_stay_untagged(deid: Deidentifier, text: str) -> None:
    assert not tagged(deid, text)


# ---- wave 21b: Dutch and English dates, ages in odd places, codes after their cue (sentences our own)

@pytest.mark.parametrize(("text", "date"), [
    ("Controle gepland op woensdag 9 oktober bij de tandarts.", "woensdag 9 oktober"),
    ("Received: Fri, 7 June 2024 08:15 from the lab.", "Fri, 7 June 2024"),
    ("In behandeling sinds februari 2022 voor apneu.", "februari 2022"),
    ("Last seen in September 2021 at the clinic.", "September 2021"),
    ("Afspraak op maandag 3/06 om 9u.", "maandag 3/06"),
])
def test_dutch_and_english_dates(deid: Deidentifier, text: str, date: str) -> None:
    assert date in _tags(deid, text, "DATE")


@pytest.mark.parametrize("text", [
    "The pain may 2 weeks later recur.",
    "Exposition au soleil : Sun 12 heures par jour sans protection.",
])
def test_no_foreign_date_from_ordinary_words(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "DATE")


@pytest.mark.parametrize(("text", "age"), [
    ("Leeftijd : 52 jaar, verwezen door de huisarts.", "52 jaar"),
    ("Femme 71y, diabétique, chute.", "71y"),
    ("Fente palatine, staphylorraphie prévue ; uranoplastie à 9 mois faite à Lille.", "9 mois"),
    ("Cataracte congénitale opérée à 4 mois à Necker.", "4 mois"),
])
def test_ages_in_odd_places(deid: Deidentifier, text: str, age: str) -> None:
    assert age in _tags(deid, text, "AGE")


@pytest.mark.parametrize("text", [
    "Contrôle de la septoplastie à 3 mois avec le chirurgien.",
    "Patiente opérée à 6 mois de sa fracture, consolidation acquise.",
    "Ablation des fils à 10 jours.",
])
def test_intervals_are_no_age(deid: Deidentifier, text: str) -> None:
    assert not _tags(deid, text, "AGE")


@pytest.mark.parametrize(("text", "ident"), [
    ("Son numéro d'adhérent chez nous : 3 410 552 908.", "3 410 552 908"),
    ("Remorque immatriculée LR 44817 saisie sur le port.", "LR 44817"),
    ("export: pseudo=ETUDE-9C2B-0417; sexe=F", "ETUDE-9C2B-0417"),
])
def test_codes_after_their_cue(deid: Deidentifier, text: str, ident: str) -> None:
    assert ident in _tags(deid, text, "ID")


def test_an_id_label_stays_outside_its_number(deid: Deidentifier) -> None:
    assert _tags(deid, "Dossier IPP 7701234 transmis au service.", "ID") == {"7701234"}

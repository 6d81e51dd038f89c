"""Regressions of deduce_fr/institution_heads.py and organisations.py, session 17 (org20): organisations' left edges.

- a body whose capitalised head carries the long description French administrative names have ('Centre de prise en
  charge des violences sexuelles de <town>', "Service pénitentiaire d'insertion et de probation de <town>", 'Unité de
  soins de longue durée <Les X>'): the capital on the head says the phrase is a name, so the description joins
  even past the four words an ordinary head's complement may hold, with 'en', 'au', 'et de' and 'à domicile' inside.
  A lower-case head before its town takes such a description too ('centre d'incendie et de secours de <town>',
  'tribunal pour enfants de <town>'), as the independent writers tag public bodies.
  Hard negatives: a ward named by its specialty ('Service de chirurgie orthopédique et traumatologique de <town>'),
  a clause ('Le Centre a transmis les résultats de <town>', 'en sortant de'), an indefinite article ('un Centre de
  ...'), a place ('le centre historique de la vieille ville de <town>').
- an OCR'd header whose 'I' was read as a lower-case 'l' or a bar between capitals ('CLlNIQUE SAINTE-ANNE', 'CHU DE
  L|LE'). Hard negatives: an abbreviation with the same shape in running text that reads as no head ('TlR').

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


LONG_NAMES = [
    ("Les résultats ont été envoyés au Centre de dépistage organisé des cancers de Rouen hier.",
     "Centre de dépistage organisé des cancers de Rouen"),
    ("Elle est orientée vers le Centre de prise en charge des psychotraumatismes de Toulouse.",
     "Centre de prise en charge des psychotraumatismes de Toulouse"),
    ("Convocation par le Service de santé au travail interentreprises de Chartres pour la visite.",
     "Service de santé au travail interentreprises de Chartres"),
    ("Il est suivi par le Service pénitentiaire d'insertion et de probation de Poitiers.",
     "Service pénitentiaire d'insertion et de probation de Poitiers"),
    ("Passage quotidien du Service de soins infirmiers à domicile de Dinan.",
     "Service de soins infirmiers à domicile de Dinan"),
    # a lower-case head before its town takes the long description too ('à caractère', 'pour', "et d'")
    ("Elle est orientée vers le centre de prise en charge des psychotraumatismes de Toulouse.",
     "centre de prise en charge des psychotraumatismes de Toulouse"),
    ("Il est scolarisé à l'institut d'éducation motrice de Besançon.", "institut d'éducation motrice de Besançon"),
    ("Audience fixée au tribunal pour enfants de Bobigny.", "tribunal pour enfants de Bobigny"),
    ("Il est volontaire au centre d'incendie et de secours de Quimper.", "centre d'incendie et de secours de Quimper"),
    ("Elle réside à l'Unité de vie pour personnes âgées dépendantes Les Glycines depuis mai.",
     "Unité de vie pour personnes âgées dépendantes Les Glycines"),
]


@pytest.mark.parametrize("text,name", LONG_NAMES)
def test_capitalised_head_takes_its_long_description(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


LONG_NAMES_STAY_APART = [
    # a ward named by its specialty: only the town is a name
    ("Transfert dans le Service de chirurgie orthopédique et traumatologique de Cholet.", "Cholet"),
    # a clause, not a name: a verb between the head and the town
    ("Le Centre a transmis hier les résultats de la biopsie de Rennes.", None),
    # a place, not a body: the town's historic centre
    ("Il habite le centre historique de la vieille ville de Toulouse.", "Toulouse"),
    # a gerund after 'en': a clause
    ("Chute au centre commercial en sortant de Toulouse.", "Toulouse"),
    # any centre of its kind, not a named one
    ("Il cherche un Centre de prise en charge des addictions en milieu rural de Tulle.", "Tulle"),
]


@pytest.mark.parametrize("text,town", LONG_NAMES_STAY_APART)
def test_ward_clause_or_lower_case_head_stays_apart(deid: Deidentifier, text: str, town: str | None) -> None:
    spans = _spans(deid, text)
    assert not any(tag == "INSTITUTION" and len(found.split()) > 2 for tag, found in spans), spans
    if town is not None:
        assert ("LOCATION", town) in spans


OCR_HEADERS = [
    ("CLlNIQUE DES CAPUCINS      Service d'imagerie\nRx bassin de face.", "CLlNIQUE DES CAPUCINS"),
    ("CENTRE HOSPITALIER DE V|ERZON - IMAGERIE\nRx thorax.", "CENTRE HOSPITALIER DE V|ERZON"),
    ("HOPlTAL PRIVE DU VAL - radiologie\nRx genou.", "HOPlTAL PRIVE DU VAL"),
]


@pytest.mark.parametrize("text,name", OCR_HEADERS)
def test_ocr_capital_i_read_in_a_header(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_ocr_shaped_abbreviation_in_running_text_is_no_institution(deid: Deidentifier) -> None:
    spans = _spans(deid, "Le patient a une TlR normale, pas de CRP.\nRx thorax sans particularité.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans

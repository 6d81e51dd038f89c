"""Regressions of deduce_fr/organisations_named.py and deduce_fr/institution_heads.py, session 22 (orgn27): the left
edge of an organisation's span.

- a capitalised word that no list knows, glued to a known town after it, is the firm or body whose branch the town
  names ('Vexaldo Toulouse'); the word is tagged, the town keeps its own span;
- the head of a clinical research body, a sea-rescue or fire station, a social security fund, a shipyard, a West Indian estate or a rural health post belongs to its name ('CRB X', 'centre de
  lecture X', 'caisse primaire de X', 'chantiers navals de X', 'habitation X', 'poste de santé de X');
- an acronym head read as a surname in the 'NAME Firstname' order names a body ('CMP Louise Michel');
- a capitalised head and its description written as a name take a saint's name found as a place.
- precision: titles and foreign words before a town ('Mevrouw', 'From', 'New'), the trade register's 'RCS', a grade
  in roman numerals, the common nouns ('une habitation') and a ward's 'Service de Cardiologie' stay out.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Échantillons de sérum stockés au CRB Jean Martin depuis l'inclusion.", "CRB Jean Martin"),
    ("Clichés envoyés au centre de lecture Lefebvre pour relecture.", "centre de lecture Lefebvre"),
    ("Dossier d'accident du travail transmis à la caisse primaire de Quimper.", "caisse primaire de Quimper"),
    ("Ancien soudeur aux chantiers navals de Cherbourg, plaques pleurales.", "chantiers navals de Cherbourg"),
    ("Ouvrier agricole sur l'habitation Beauregard, coupure à la machette.", "habitation Beauregard"),
    ("Suivi régulier au CMP Louise Michel pour un trouble anxieux.", "CMP Louise Michel"),
    ("Évacuée depuis le poste de santé de Mamoudzou vers le CHU.", "poste de santé de Mamoudzou"),
    ("Sortie vers l'Unité de Soins Palliatifs Saint-Vincent ce jour.", "Unité de Soins Palliatifs Saint-Vincent"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_left_edges_found(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


BRANDS = [
    ("Relecture centralisée confiée à Vexaldo Toulouse pour l'essai.", "Vexaldo"),
    ("Adressé par Quarvimed Bordeaux, cabinet partenaire.", "Quarvimed"),
    ("Compte rendu — Korvanex Nantes\nPatient vu pour lombalgie.", "Korvanex"),
]


@pytest.mark.parametrize(("text", "name"), BRANDS)
def test_brand_before_town_found(deid: Deidentifier, text: str, name: str) -> None:
    assert any(tag == "INSTITUTION" and span.startswith(name) for tag, span in _spans(deid, text))


def test_town_after_a_brand_keeps_its_span(deid: Deidentifier) -> None:
    spans = _spans(deid, "Relecture centralisée confiée à Vexaldo Toulouse pour l'essai.")
    assert ("LOCATION", "Toulouse") in spans


NOT_FOUND = [
    ("Mevrouw Janssens woont in Brugge.", "Mevrouw"),
    ("Patient came From Lyon by train.", "From"),
    ("Sacro-iliite selon les critères de New York modifiés.", "New"),
    ("SARL au capital de 8 000 € – RCS Rennes 512 348 911.", "RCS"),
    ("Lésion splénique grade III AAST sans saignement actif.", "III"),
    ("La famille vit dans une habitation insalubre à Lyon.", "habitation"),
    ("Vu au Service de Cardiologie Saint-Joseph pour bilan.", "Service de Cardiologie"),
    ("Fracture de Weber B opérée à Lyon.", "Weber"),
]


@pytest.mark.parametrize(("text", "word"), NOT_FOUND)
def test_left_edges_not_found(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "INSTITUTION" and word in span for tag, span in _spans(deid, text))


def test_default_layer_keeps_the_research_body(deid_default: Deidentifier) -> None:
    spans = {(s.tag, s.text) for s in deid_default.annotate(
        "Échantillons de sérum stockés au CRB Jean Martin depuis l'inclusion.").spans}
    assert ("INSTITUTION", "CRB Jean Martin") in spans

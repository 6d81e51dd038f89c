"""Regressions of wave 7's organisation names (deduce_fr/organisations_titlecase.py): capitalised phrases
in the middle of a sentence made of ordinary words, and one unknown name after an organisation cue; and the
capitalised phrases that must stay something else (streets, eponyms, persons, headings, sentence starts).
Sentences written for these tests (not taken from an evaluation set)."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # ordinary words capitalised mid-sentence are a proper name: a firm, a shop, an agency
    ("Il est chauffeur pour Transports Rapides Ardennais depuis dix ans.", "Transports Rapides Ardennais"),
    ("Elle fait ses courses à la Boulangerie du Moulin tous les matins.", "Boulangerie du Moulin"),
    ("Accident survenu sur le parking de Bricolage Plus Jardin, chute de sa hauteur.", "Bricolage Plus Jardin"),
    ("Le dossier a été transmis à l'Office Régional des Accidents du Travail hier soir.", "Office Régional des Accidents du Travail"),
    # one unknown name after an organisation cue
    ("Ouvrier employé chez Vandemoortele, lombalgie aiguë.", "Vandemoortele"),
    ("Elle travaille pour Ikanbo depuis mars.", "Ikanbo"),
    ("Caissière au supermarché Okaidi, chute dans la réserve.", "Okaidi"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text)


@pytest.mark.parametrize("text", [
    "Signe de Mac Burney positif, défense en fosse iliaque droite.",  # an eponym
    "Elle habite Chaussée de Waterloo 12 depuis peu.",  # a street
    "Renversé par un cycliste boulevard du Jardin Botanique ce matin.",  # a street's name
    "Compte Rendu Opératoire\nIntervention sous anesthésie générale.",  # a heading
    "Hospitalisé dans le Service de Médecine Interne pour bilan.",  # a ward
    "Consultation demandée par Jean Lambert pour sa mère.",  # a person
    "Patient travaille à Seraing depuis 2019.",  # one word after 'à' is a town
])
def test_capitalised_phrases_that_are_no_organisation(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), _spans(deid, text)

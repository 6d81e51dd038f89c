"""Regressions of session 21 (org25): organisations missed entirely, as classes of names.

- a listed firm's name followed by its branch's country or its division is one name ('AXA Luxembourg', 'Allianz
  Partners'), even where the bare name is only found after a cue;
- an unlisted capitalised name followed by a sector only firms carry ('X Assistance', 'X Ferries', 'X Croisières');
- an army unit written by its ordinal and its acronym ('27e BCA'), a mobile gendarmerie squadron by its number;
- assistance companies, foreign accident insurers, cruise lines, airlines, social landlords, debt collectors;
- the additive part of org24: a specific kind followed by its own name ('centre aquatique X'), care networks
  ending in a département number, occupational-health acronyms with their number, device models left alone.
Negatives: a capitalised 'Assistance' in a heading or after an ordinary word, ordinals before clinical acronyms,
grades and classifications.

Sentences written for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    ("Prise en charge du rapatriement : AXA Luxembourg, référence à rappeler.", "AXA Luxembourg"),
    ("Bon de garantie émis par Allianz Partners pour le transfert aérien.", "Allianz Partners"),
    ("COMPTE RENDU POUR GENERALI ASSISTANCE\nPatiente vue aux urgences.", "GENERALI ASSISTANCE"),
    ("Le plateau d'assistance de Mondial Assistance a validé le retour.", "Mondial Assistance"),
    ("Passager blessé à bord, armateur Kerlan Ferries, escale à Roscoff.", "Kerlan Ferries"),
    ("Chute dans une coursive, compagnie Azura Croisières, cabine 8.", "Azura Croisières"),
    ("Engagé volontaire au 27e BCA depuis deux ans, marche en montagne.", "27e BCA"),
    ("Soldat du 8e RPIMa, entorse lors d'un exercice nocturne.", "8e RPIMa"),
    ("Gendarme mobile (EGM 32/4), contusion du poignet en service.", "EGM 32/4"),
    ("Navigant commercial chez Luxair, douleurs cervicales après turbulences.", "Luxair"),
    ("Déclaration de l'accident à la Suva par l'employeur genevois.", "Suva"),
    ("Relogement demandé auprès de Vilogia après l'incendie.", "Vilogia"),
    ("Transport assis réservé chez Taxi Delmotte pour la séance de 9 h.", "Taxi Delmotte"),
    ("Passager de la croisière MSC Orchestra, chute dans sa cabine.", "MSC Orchestra"),
    ("Genouillère sur mesure fournie par Ortho Loire Santé la semaine dernière.", "Ortho Loire Santé"),
    ("Suivi en hospitalisation libre au PZ Sint-Jan, Eeklo.", "PZ Sint-Jan"),
    ("Apprentissage de la nage au centre aquatique Ondine le mercredi.", "centre aquatique Ondine"),
    ("Éducation thérapeutique au Réseau de santé Diabète 29 le mois prochain.", "Réseau de santé Diabète 29"),
    ("Visite de reprise par le médecin de l'AIST 37, aptitude avec réserves.", "AIST 37"),
]


@pytest.mark.parametrize(("text", "name"), FOUND)
def test_organisation_found(deid: Deidentifier, text: str, name: str) -> None:
    spans = _spans(deid, text)
    assert any(tag == "INSTITUTION" and name in found for tag, found in spans), spans


NOT_FOUND = [
    "DEMANDE D'ASSISTANCE\nMerci de rappeler le service.",
    "Merci de joindre le service Assistance au numéro habituel.",
    "Deuxième cure le 2e jour, 3e RCP prévue en juin pour discuter la chirurgie.",
    "Fracture bimalléolaire Weber B, classification de Garden III.",
    "Assistance respiratoire poursuivie, 2e ligne de traitement discutée.",
    "Le centre aquatique municipal rouvre après travaux.",
    "Retour à domicile en Taxi Conventionné, accompagné de sa fille.",
    "Lésion du pavillon de l'oreille après une morsure.",
    "Équilibre évalué par le Timed Up and Go : 14 secondes.",
]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_no_organisation(deid: Deidentifier, text: str) -> None:
    spans = _spans(deid, text)
    assert not any(tag in ("INSTITUTION", "PERSON") for tag, _ in spans), spans


def test_unit_keeps_its_town_apart(deid: Deidentifier) -> None:
    spans = _spans(deid, "Caporal-chef du 13e BCA, Chambéry, entorse de cheville.")
    assert ("INSTITUTION", "13e BCA") in spans, spans
    assert ("LOCATION", "Chambéry") in spans, spans


def test_cruise_line_surname_is_a_person(deid: Deidentifier) -> None:
    spans = _spans(deid, "Madame Costa Lucie, cabine 214, vue pour mal de mer.")
    assert not any(tag == "INSTITUTION" for tag, _ in spans), spans

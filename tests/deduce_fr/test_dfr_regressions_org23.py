"""Regressions of org23 (deduce_fr/organisations.py, organisations_chains.py, data/organisations_names.txt):
organisations a report names with no head word that the rules used to miss entirely (trial sponsors, home-care
providers, dialysis and patient associations, charities written with their own lower-case words), coordination
bodies by their acronym and place, and shops, labs and providers named by an unknown word in a text typed all in
lower case; and what must stay something else (generic and device makers inside a drug or device name, a listed
name's words used as ordinary words, what a lower-case head is followed by when it is no name). Sentences written
for these tests, not taken from an evaluation set."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> set[tuple[str, str]]:
    return {(s.tag, s.text) for s in deid.annotate(text).spans}


FOUND = [
    # a trial's sponsor and a cooperative group, no cue but their name
    ("Essai de phase II promu par AstraZeneca, inclusion le mois prochain.", "AstraZeneca"),
    ("Dossier discuté pour un essai du GERCOR en RCP.", "GERCOR"),
    ("Randomisée dans un essai académique (promoteur : Unicancer).", "Unicancer"),
    # a home-care provider delivering equipment
    ("Concentrateur d'oxygène installé par Orkyn la veille.", "Orkyn"),
    ("Lit médicalisé livré par Asten Santé jeudi.", "Asten Santé"),
    # a transplant body and a patient association
    ("Dossier transmis à Swisstransplant pour la greffe rénale.", "Swisstransplant"),
    ("Brochure de France Parkinson remise au conjoint.", "France Parkinson"),
    # charities whose own name is written with lower-case words
    ("Hébergée par l'Armée du Salut depuis l'hiver.", "Armée du Salut"),
    ("Orientée vers la Cimade pour ses démarches.", "Cimade"),
    ("Accompagné par les Petits frères des pauvres, visites hebdomadaires.", "Petits frères des pauvres"),
    ("Domiciliation postale au Secours catholique de la ville.", "Secours catholique"),
    # a coordination body by its acronym and its territory
    ("Le DAC du Haut-Bocage a organisé le retour à domicile.", "DAC du Haut-Bocage"),
    # a regional body by the short form of its region
    ("Invitation au dépistage envoyée par le CRCDC PACA.", "CRCDC PACA"),
]

LOWER_FOUND = [
    # typed all in lower case: a shop's, lab's or centre's name is the unknown word after its head
    ("scanner fait au centre imagerie radiovex de la ville voisine", "centre imagerie radiovex"),
    ("le labo bioquantel a rappelé pour la kaliémie", "labo bioquantel"),
    ("ordonnance déposée à la pharmacie pharmalune du marché", "pharmacie pharmalune du marché"),
    ("chute de poney au centre équestre de kermadiou cet été", "centre équestre de kermadiou"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND + LOWER_FOUND)
def test_organisation_found(deid: Deidentifier, text: str, expected: str) -> None:
    assert ("INSTITUTION", expected) in _spans(deid, text), _spans(deid, text)


@pytest.mark.parametrize(("text", "expected"), FOUND[:4] + LOWER_FOUND[:2])
def test_organisation_covered_by_default(deid_default: Deidentifier, text: str, expected: str) -> None:
    assert any(expected in found or found in expected for tag, found in _spans(deid_default, text)
               if tag == "INSTITUTION"), _spans(deid_default, text)


@pytest.mark.parametrize("text", [
    "Pacemaker Medtronic double chambre en place.",  # a device maker inside a device's name
    "Relais par atorvastatine Biogaran 20 mg le soir.",  # a generic maker inside a drug's name
    "Le secours est arrivé vite, infirmière catholique pratiquante.",  # a listed name's words, apart
    "Prévenir le DAC si besoin.",  # the acronym with nothing after it
    "prendre à la pharmacie habituelle, taxi conventionné demain",  # lower case: what follows is no name
    "ordonnance pour la pharmacie doliprane 1 g",  # lower case: a drug after the head
    "had prévue la semaine prochaine, ssiad matin et soir",  # lower case: nothing named
])
def test_no_organisation(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "INSTITUTION" for tag, _ in _spans(deid, text)), _spans(deid, text)


def test_lower_trade_name_needs_a_lower_case_line(deid: Deidentifier) -> None:
    # in a sentence written with capitals an unknown lower-case word after 'labo' is a typo, not a name
    text = "Le labo Bioquantel a appelé. Résultat transmis au labo exterieurr."
    assert ("INSTITUTION", "labo exterieurr") not in _spans(deid, text)

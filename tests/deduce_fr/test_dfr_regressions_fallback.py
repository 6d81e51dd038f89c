"""Regressions of deduce_fr/fallback.py (proper_noun_fallback): surnames no list knows are caught when
written as names with a cue, and the look-alikes stay untouched: eponyms and classifications
('Pouteau-Colles', 'Garden IV', 'Salter-Harris II'), drug and device brands ('Augmentin', 'Xarelto'),
radiology words and acronyms ('Pangonogramme', 'Rx', 'IRM'), headings in capitals, countries, towns."""

from __future__ import annotations

import copy

import pytest
import yaml

from deduce_fr import Deidentifier
from deduce_fr.annotators import ANNOTATOR_TYPES
from deduce_fr.deidentifier import DEFAULT_CONFIG
from deduce_fr.fallback import ProperNounFallbackAnnotator


def _config(only_fallback: bool) -> dict:
    data = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    for spec in data["annotators"]:
        if spec["name"] == "proper_noun_fallback":
            spec["enabled"] = True
    if only_fallback:
        data["annotators"] = [s for s in data["annotators"] if s["name"] == "proper_noun_fallback"]
    return data


@pytest.fixture(scope="module")
def full() -> Deidentifier:
    """The whole default pipeline with the fallback switched on."""
    return Deidentifier(config=_config(only_fallback=False))


@pytest.fixture(scope="module")
def alone() -> Deidentifier:
    """The fallback by itself: what it adds, whatever the other annotators find."""
    return Deidentifier(config=_config(only_fallback=True))


def _names(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans if s.tag in ("PERSON", "LOCATION")]


def test_registered_and_on_by_default() -> None:
    assert ANNOTATOR_TYPES["proper_noun_fallback"] is ProperNounFallbackAnnotator
    deid = Deidentifier()
    fallback = [a for a in deid.annotators if a.name == "proper_noun_fallback"]
    assert len(fallback) == 1 and fallback[0].enabled is True
    assert "doppler" in fallback[0].not_names or len(fallback[0].not_names) > 500  # its lists are read


def test_switched_off_it_reads_nothing() -> None:
    data = _config(only_fallback=False)
    for spec in data["annotators"]:
        if spec["name"] == "proper_noun_fallback":
            spec["enabled"] = False
    fallback = [a for a in Deidentifier(config=data).annotators if a.name == "proper_noun_fallback"]
    assert fallback[0].enabled is False and fallback[0].not_names == frozenset()


POSITIVES = [
    ("Patient revu ce jour avec Zwartbroek pour la suite.", ("Zwartbroek", "PERSON")),
    ("Résultats transmis au confrère Kowalczewski, merci.", ("Kowalczewski", "PERSON")),
    ("La patiente est accompagnée de sa fille Ntamack-Ouédraogo ce matin.", ("Ntamack-Ouédraogo", "PERSON")),
    ("Courrier lu en présence de Mme MBUYAMBA ce jour.", ("MBUYAMBA", "PERSON")),
    ("Le patient, qui habite Kermtvelde, est adressé pour douleur.", ("Kermtvelde", "LOCATION")),
    ("Enfant vu avec Vanderzwalmen Orlane aux urgences.", ("Vanderzwalmen Orlane", "PERSON")),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_unknown_names_with_a_cue(alone: Deidentifier, text: str, expected: tuple[str, str]) -> None:
    assert expected in _names(alone, text)


NEGATIVES = [
    "Fracture de Pouteau-Colles du radius distal gauche, sans déplacement.",
    "Fracture du col fémoral Garden IV, prothèse à discuter.",
    "Écho-Doppler veineux des membres inférieurs: pas de thrombose.",
    "Luxation de Lisfranc suspectée par le confrère, scanner demandé.",
    "Gonarthrose fémoro-tibiale interne stade Kellgren-Lawrence 3.",
    "Traitement par Augmentin puis relais Xarelto à la sortie.",
    "Bilan: Pangonogramme et Rx du bassin de face demandés par l'équipe.",
    "Le patient a eu une IRM du genou et une Rx de contrôle.",
    "Fracture Salter-Harris II de la phalange, immobilisation.",
    "Maladie d'Osgood-Schlatter bilatérale, repos sportif conseillé.",
    "RADIOGRAPHIE DU POIGNET DROIT FACE ET PROFIL\nPas de fracture.",
    "Indication : ÉCHOGRAPHIE PELVIENNE ENDOVAGINALE de contrôle.",
    "Vésicule lithiasique sans signe de cholécystite, signe de Murphy négatif.",
    "Patiente d'origine portugaise, en France depuis dix ans.",  # a country after a cue of birth/home is a LOCATION
    "Consultation au pavillon Derocque, salle Pasteur, deuxième étage.",
    "Classification de Bigliani type 3, incidence de Lauenstein demandée.",
    "Pansement Aquacel et Mepilex changés, sous Eliquis et Kardegic.",
    "Examen réalisé sur Somatom, protocole BPCO, HTA connue.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_hard_negatives_untouched(full: Deidentifier, text: str) -> None:
    assert _names(full, text) == []


def test_title_stays_outside_and_town_left_to_city_rules(alone: Deidentifier) -> None:
    # 'Mmes' is a title, never the start of a name; 'Charleroi' is the city annotators' call
    assert _names(alone, "Vues ce jour: Mmes Zwartbroek, venue de Charleroi en taxi.") == [("Zwartbroek", "PERSON")]

"""Session 22 (place27): places of overseas France and of islands, in our own words, each with hard negatives:
islands, atolls, îlets and villages no commune list holds (cities_overseas.txt), a Kanak tribe's village ('tribu de
X', the name alone), a motu, coast and island heads ('phare du X', 'atoll de X'), an arrow from a listed town to an
unlisted one, a place after 'au large de', a descent or a crossing, an evacuation's start or end, 'du'/'des' before
a town that has its article ('des Abymes'), a capitalised compound after 'à' ('à Bras-Sec')."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(text[s.start_char : s.end_char], s.tag) for s in deid.annotate(text).spans]


def _touched(deid: Deidentifier, text: str, part: str) -> set[str]:
    """The tags of the spans that overlap ``part`` of the text."""
    start = text.index(part)
    end = start + len(part)
    return {s.tag for s in deid.annotate(text).spans if s.start_char < end and start < s.end_char}


@pytest.mark.parametrize("text,part", [
    # listed islands, atolls and hamlets (cities_overseas.txt)
    ("Transfert sanitaire demandé depuis Ua Huka ce matin.", "Ua Huka"),
    ("Piqûre de poisson-pierre en pêchant à Tikehau.", "Tikehau"),
    ("Consultation avancée à Hell-Bourg le mardi.", "Hell-Bourg"),
    ("La famille habite Petite-Terre depuis dix ans.", "Petite-Terre"),
    ("Randonnée vers Roche-Plate, entorse de cheville.", "Roche-Plate"),
    ("Traversée en bateau depuis Houat, plaie du pouce.", "Houat"),
    # a Kanak tribe, a motu, a lighthouse, an atoll
    ("Mme Wakaine, 58 ans, tribu de Netchaot, diabétique.", "Netchaot"),
    ("Coupure sur le corail au motu Ahuna pendant la baignade.", "motu Ahuna"),
    ("Chute dans l'escalier du phare de Kerlavec.", "phare de Kerlavec"),
    ("Infirmier isolé sur l'atoll de Temoanu, avis demandé.", "atoll de Temoanu"),
    # an arrow from a listed town, a place out at sea, a descent, an evacuation
    ("EVASAN Vaihere Nui -> Papeete, départ 7 h.", "Vaihere Nui"),
    ("Pêcheur blessé au large de Penmarvic, hélitreuillé.", "Penmarvic"),
    ("Douleur du genou après la descente du Morvaliet.", "Morvaliet"),
    ("Patiente évasanée de Tureivai le 3 mai pour bilan.", "Tureivai"),
    ("Enfant évacué vers Kerbaliou par la vedette.", "Kerbaliou"),
    # a town with its article after 'du'/'des', a capitalised compound after 'à'
    ("Mme Lucette, 71 ans, des Abymes, vue pour gonalgie.", "Abymes"),
    ("Aide ménagère à Bras-Noir, chute de sa hauteur.", "Bras-Noir"),
    ("Il vit à Vert-Galant chez sa sœur.", "Vert-Galant"),
])
def test_overseas_and_island_places_are_locations(deid: Deidentifier, text: str, part: str) -> None:
    assert "LOCATION" in _touched(deid, text, part)


@pytest.mark.parametrize("text,part", [
    ("Lésion de la tribu des patients diabétiques suivis.", "patients"),
    ("Le motu de consultation est mal écrit.", "consultation"),
    ("Signe du phare positif à l'examen.", "phare"),
    ("Pas d'évacuation vers la réanimation nécessaire.", "réanimation"),
    ("Évacué vers CHU de Nantes pour avis.", "CHU de Nantes"),
    ("hélico vers Dr Martin pour le bilan", "Martin"),
    ("Ottawa positif -> radio de cheville.", "radio"),
    ("Dr Benoît -> IDE de garde : rappeler.", "IDE"),
    ("Hubert Laurent -> Camille Dufour : message transmis.", "Camille Dufour"),
    ("Infection à Staphylococcus aureus sur le matériel.", "Staphylococcus"),
    ("Adressée à Jean-Pierre Martin, kinésithérapeute.", "Jean-Pierre"),
    ("Descente des escaliers difficile depuis la chute.", "escaliers"),
    ("Traversée de la rue sans regarder.", "rue"),
    ("Dengue et fièvre de la vallée du Rift exclues.", "Rift"),
    ("Vu au service des Urgences du soir.", "Urgences"),
])
def test_overseas_cues_leave_words_alone(deid: Deidentifier, text: str, part: str) -> None:
    assert "LOCATION" not in _touched(deid, text, part)


def test_tribe_is_the_name_alone(deid: Deidentifier) -> None:
    text = "Patient de la tribu de Wagap, fracture du poignet."
    assert ("Wagap", "LOCATION") in _spans(deid, text)


def test_care_chain_name_keeps_its_place(deid: Deidentifier) -> None:
    """'GAEC du Puech': a town after 'du' inside a capitalised name is left to the name's own annotator."""
    text = "Éleveur associé au GAEC du Puech, tendinite."
    assert ("Puech", "LOCATION") not in _spans(deid, text)


def test_default_keeps_overseas_places(deid_default: Deidentifier) -> None:
    text = "Evasan depuis Ua Huka vers Papeete, puis retour au motu Ahuna."
    tags = _touched(deid_default, text, "Ua Huka") | _touched(deid_default, text, "motu Ahuna")
    assert "LOCATION" in tags

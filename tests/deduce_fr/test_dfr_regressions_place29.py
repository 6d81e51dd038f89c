"""Wave-20 place work (place29): the places of a migrant's journey and of street medicine. A country abroad after a
bare 'en'/'au'/'par'/'via'/'vers' (not where an examination was done), the stops of a route or a country field, a
town in brackets after such a country, Paris gates, harbour zones, airports and parks named with an article, 'Le
Bourg' as an address's locality, big two-word towns in lower case; with hard negatives. Written in our own words."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.mark.parametrize(("text", "places"), [
    ("Il a travaillé deux ans sur des chantiers en Jordanie avant de repartir.", ["Jordanie"]),
    ("Cicatrices de brûlures, dit avoir été détenu au Yémen.", ["Yémen"]),
    ("Trajet long : passé par la Serbie et la Hongrie à pied.", ["Serbie", "Hongrie"]),
    ("Arrivé en camion via l'Autriche, épuisé.", ["Autriche"]),
    ("Veut rejoindre sa cousine, départ envisagé vers le Royaume-Uni.", ["Royaume-Uni"]),
    ("Sa fille est restée au Cameroun avec ses grands-parents.", ["Cameroun"]),
    ("Otite soignée en Moldavie l'an dernier.", ["Moldavie"]),
    ("Traversée depuis la Libye puis débarqué par l'Espagne (Almería).", ["Espagne", "Almería"]),
    ("se dit né en 2007 en syrie, ne parle que l'arabe", ["syrie"]),
])
def test_countries_abroad_after_a_bare_preposition_are_places(deid: Deidentifier, text: str, places: list[str]) -> None:
    found = tagged(deid, text)
    for place in places:
        assert (place, "LOCATION") in found


@pytest.mark.parametrize(("text", "places"), [
    ("Parcours migratoire : Guinée, Mali, Niger, Libye, Italie.", ["Guinée", "Mali", "Niger", "Libye", "Italie"]),
    ("Itinéraire : Afghanistan - Iran - Turquie - Grèce.", ["Afghanistan", "Iran", "Turquie", "Grèce"]),
    ("Pays d'origine : Érythrée (Asmara)", ["Érythrée", "Asmara"]),
    ("Pays : Géorgie", ["Géorgie"]),
])
def test_routes_and_country_fields_tag_each_stop(deid: Deidentifier, text: str, places: list[str]) -> None:
    found = tagged(deid, text)
    for place in places:
        assert (place, "LOCATION") in found


@pytest.mark.parametrize(("text", "place"), [
    ("Trouvé endormi sous un abri porte de Clignancourt vers 23h.", "porte de Clignancourt"),
    ("Blessé en montant dans un poids lourd, zone portuaire de Dunkerque.", "zone portuaire de Dunkerque"),
    ("Tente installée depuis un mois au parc de la Citadelle.", "parc de la Citadelle"),
    ("Adresse : Le Bourg, 19160 Neuvic", "Le Bourg"),
    ("kiné en libéral le havre, revoit le patient lundi", "le havre"),
    ("retour domicile st malo demain matin", "st malo"),
])
def test_gates_harbours_airports_parks_bourg_and_lower_case_towns(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Scanner cérébral réalisé en Tunisie, CD non fourni.", "Tunisie"),
    ("Il est né et vit en France depuis toujours, pas de voyage.", None),
    ("Garde la porte de la chambre ouverte la nuit.", "porte"),
    ("Poulet au chili servi au self, allergie suspectée.", "chili"),
    ("Mise en place selon le protocole du CLAT.", "CLAT"),
    ("CERTIFICAT - GARDE À VUE", "VUE"),
    ("Résidente de l'EHPAD Le Parc des Tilleuls depuis 2021.", "Parc des Tilleuls"),
])
def test_exams_abroad_words_and_acronyms_are_no_new_places(deid: Deidentifier, text: str, word: str | None) -> None:
    found = tagged(deid, text)
    if word is None:
        assert ("depuis toujours", "LOCATION") not in found
        return
    assert (word, "LOCATION") not in found


def test_default_layer_keeps_a_route(deid_default: Deidentifier) -> None:
    found = tagged(deid_default, "Parcours : Soudan, Libye, Italie (Vintimille).")
    assert {("Soudan", "LOCATION"), ("Libye", "LOCATION"), ("Italie", "LOCATION")} <= found

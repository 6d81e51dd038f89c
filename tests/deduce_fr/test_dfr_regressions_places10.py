"""Session-15 place work (place15): address parts and localities no commune list holds, written here in our own
words, with hard negatives. A flat or building part after its street and a comma is one address; a post box before
a postcode is a place; a lieu-dit or a manor before a postcode (same line after a comma, or the line above) is a
place; a Swiss canton's code in brackets after a town; ski resorts, Brussels sections and Luxembourg localities
(cities_localities.txt); foreign towns whose words are all ordinary but hold a three-part compound
('La Chaux-de-Fonds', scripts/build_communes.py)."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "place"), [
    ("Adresse : 14 rue des Glycines, appt 7, 44000 Nantes", "14 rue des Glycines, appt 7"),
    ("Domicile : Cité Bellevue, bât. C2, 59000 Lille", "Cité Bellevue, bât. C2"),
    ("Vit seul au chemin des Vignes 8, appartement 3, 1400 Nivelles.", "chemin des Vignes 8, appartement 3"),
])
def test_a_flat_or_building_after_its_street_and_a_comma_is_one_address(deid: Deidentifier, text: str,
                                                                          place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_parts_after_a_dash_stay_apart(deid: Deidentifier) -> None:
    found = tagged(deid, "Domicile : 12, rue Victor Hugo - Bâtiment A - Apt 5\n69003 Lyon")
    assert ("12, rue Victor Hugo", "LOCATION") in found
    assert not any(tag == "LOCATION" and "Hugo - B" in span for span, tag in found)


@pytest.mark.parametrize(("text", "box"), [
    ("Expert : Dr Marc Olivier, BP 2231, 33049 Bordeaux Cedex", "BP 2231"),
    ("Mutuelle Horizon\nB.P. 75\n59044 Lille Cedex", "B.P. 75"),
    ("Service des sinistres, Case postale 48, 1211 Genève 4", "Case postale 48"),
])
def test_a_post_box_before_a_postcode_is_a_place(deid: Deidentifier, text: str, box: str) -> None:
    assert (box, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Traitement : CS 40 mg par jour, bilan dans 3 mois.",
    "Prescrire BP 12 séances de kinésithérapie.",
])
def test_letters_and_digits_without_a_postcode_are_no_post_box(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "place"), [
    ("Courrier du Dr Anne Perrot, La Vieille Forge, 87120 Eymoutiers", "La Vieille Forge"),
    ("Monsieur Paul Garnier\nMas de la Fontaine Haute\n30700 Uzès", "Mas de la Fontaine Haute"),
    ("Mme Irène Vidal\nLe Moulin Neuf\n46100 Figeac", "Le Moulin Neuf"),
])
def test_a_lieu_dit_or_a_manor_before_a_postcode_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_a_surname_line_above_a_postcode_is_no_lieu_dit(deid: Deidentifier) -> None:
    found = tagged(deid, "Dr Yann Le Goff\n29200 Brest")
    assert not any(tag == "LOCATION" and "Goff" in span for span, tag in found)


def test_a_swiss_canton_code_after_its_town(deid: Deidentifier) -> None:
    found = tagged(deid, "Domicile : Route de Berne 4, 1510 Moudon (VD). Vigneron retraité.")
    assert ("VD", "LOCATION") in found


def test_a_code_in_brackets_after_no_town_is_no_canton(deid: Deidentifier) -> None:
    found = tagged(deid, "Fracture du radius distal (FR) traitée orthopédiquement.")
    assert not any(tag == "LOCATION" for _, tag in found)


@pytest.mark.parametrize(("text", "place"), [
    ("Chute à ski à Avoriaz, entorse du genou gauche.", "Avoriaz"),
    ("Moniteur à Zinal l'hiver, douleur de l'épaule.", "Zinal"),
    ("Domiciliée Boulevard Émile Bockstael 12, 1020 Laeken.", "1020 Laeken"),
    ("Domicilié au Findel, près des pistes.", "Findel"),
    ("Consultation chez le Dr Robert, La Chaux-de-Fonds, le 4 mars.", "La Chaux-de-Fonds"),
])
def test_resorts_sections_and_compound_towns_are_places(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Le Dr Verbier a revu la patiente en consultation.",
    "Elle a perdu la chaux de ses fonds de tiroir.",
])
def test_resort_names_stay_people_after_a_title_and_words_stay_words(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "place"), [
    ("Vit seule à Wazemmes, au deuxième étage.", "Wazemmes"),
    ("Domicilié à Outremeuse depuis l'enfance.", "Outremeuse"),
])
def test_quarters_of_big_towns_are_places(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Le marais poitevin est humide, dit-elle.",
    "La belle de mai était fleurie, les halles étaient pleines.",
])
def test_quarters_named_by_ordinary_words_are_left_out(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "place"), [
    ("Frontalière, elle vit à Esch/Alzette avec ses enfants.", "Esch/Alzette"),
    ("Patient de passage, réside habituellement en Haute-Savoie.", "Haute-Savoie"),
    ("Adresse : 22 Grand Rue, 68100 Mulhouse", "22 Grand Rue"),
    ("Adresse : Bât B2, Cité des Pins, 13015 Marseille", "Bât B2, Cité des Pins"),
])
def test_slashed_towns_adverbs_grand_rue_and_estates(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Fracture du grand trochanter en 2 fragments, grande place laissée au repos.",
    "Ratio Dupont/Martin à 0,8 ; bilan rénal normal.",
])
def test_no_grand_rue_or_slashed_town_without_their_shape(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "place"), [
    ("Né le 04/02/1948 à Sète, il a travaillé sur le port.", "Sète"),
    ("Fille d'un mineur polonais venu de Westphalie en 1925.", "Westphalie"),
    ("Adopté au Cambodge en 1979, il vit seul.", "Cambodge"),
    ("Vit à Nice, corniche André de Joly.", "corniche André de Joly"),
])
def test_birthplaces_regions_of_origin_adoption_and_corniches(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Née le 12/03/1950 à Domicile, accouchement simple.",
    "Le Cambodge est un pays d'Asie du Sud-Est.",  # (a country without a cue of origin)
])
def test_birth_words_and_countries_without_a_cue_are_no_places(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


def test_a_locality_and_its_town_after_a_postcode_are_one_place(deid: Deidentifier) -> None:
    found = tagged(deid, "Centre de santé, 4 rue du Port, 93210 La Plaine Saint-Denis")
    assert ("93210 La Plaine Saint-Denis", "LOCATION") in found


@pytest.mark.parametrize(("text", "place"), [
    ("Secrétariat : 69003 Lyon Tél 04 78 00 00 00", "69003 Lyon"),
    ("Adresse : 4000 Liège Belgique", "4000 Liège"),
])
def test_a_word_or_a_country_after_the_town_stays_out(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "place"), [
    ("Son fils vit à Jersey depuis dix ans.", "Jersey"),
    ("Séjour à Malte le mois dernier, pas de fièvre.", "Malte"),
])
def test_islands_and_city_states_after_a_cue_and_a(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)

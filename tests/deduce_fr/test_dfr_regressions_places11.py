"""Session-15 second-wave place work (place16), in our own words, with hard negatives: a refugee camp, a harbour or a
station named after 'de' is the place, the name alone ('camp de X', 'port de X', 'gare de X'; a station named with no
'de' keeps its head); a district's name and its town, two places ('quartier X de <town>'); the town someone arrives
from, returns from or fled ('arrive de X' makes a town that is also a word or a surname a place); towns of the
countries patients come from (the Comoros, Madagascar, Haiti, French-speaking Africa, the Levant, South-East Asia:
scripts/build_communes.py --abroad); a syllabic nasal written with or without its apostrophe ('M'tsamboro' /
'Mtsamboro', 'N'Djamena' / 'Ndjamena')."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "place"), [
    ("Réfugié en 1980, il a passé deux ans au camp de Nong Samet avant Marseille.", "Nong Samet"),
    ("Marin, il habite sur son chalutier amarré au port de Kerhorre.", "Kerhorre"),
    ("Malaise dans le hall de la gare de Bruxelles-Luxembourg ce matin.", "Bruxelles-Luxembourg"),
    ("Trouvé inconscient près de la gare Perrache, amené par les pompiers.", "gare Perrache"),
])
def test_a_camp_a_harbour_or_a_station_named_so_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Port de charge interdit pendant six semaines, reprise au camp de base après contrôle.",
    "Rendez-vous fixé à la gare SNCF, camp de Vacances annulé, port du Masque obligatoire.",
    "Il fait du porte-à-porte ; le port à Domicile de l'attelle est conseillé.",
])
def test_ordinary_uses_of_camp_port_and_gare_are_no_place(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


def test_a_district_and_its_town_are_two_places(deid: Deidentifier) -> None:
    found = tagged(deid, "Il vit au quartier Matoury-Balata de Cayenne avec ses parents.")
    assert ("Matoury-Balata", "LOCATION") in found
    assert ("Cayenne", "LOCATION") in found


def test_a_district_named_like_a_town_with_its_article_is_the_name_alone(deid: Deidentifier) -> None:
    found = tagged(deid, "Elle loge à Grenoble, quartier de la Villeneuve, au 4e étage ; née à la Louvière.")
    assert ("Villeneuve", "LOCATION") in found
    assert ("la Louvière", "LOCATION") in found  # (a town whose article is part of its name keeps it)


def test_a_listed_town_of_several_words_after_a_district_head_stays_whole(deid: Deidentifier) -> None:
    found = tagged(deid, "Elle est née au hameau de Saint-Julien-en-Genevois.")
    assert not any(span == "Genevois" for span, _ in found)


@pytest.mark.parametrize(("text", "place"), [
    ("Sa tante arrive de Moroni la semaine prochaine pour l'aider.", "Moroni"),
    ("Rapatrié de Nouadhibou après un malaise à bord.", "Nouadhibou"),
])
def test_the_town_someone_arrives_from_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_a_surname_after_de_without_an_arrival_word_is_no_place(deid: Deidentifier) -> None:
    found = tagged(deid, "Avis du Dr Moroni demandé, compte rendu de Moroni à suivre.")
    assert not any(span == "Moroni" and tag == "LOCATION" for span, tag in found)


@pytest.mark.parametrize(("text", "place"), [
    ("Ses enfants vivent entre Hinche et Gyumri, sa sœur à Ambositra.", "Hinche"),
    ("Mme Amina Oumar, 33 ans, commerçante, famille restée entre Ndjamena et Dakar.", "Ndjamena"),
])
def test_towns_of_the_countries_patients_come_from(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "place"), [
    ("M. SOILIHI Ali, 52 ans, pêcheur à M'tsamboro, père de trois enfants.", "M'tsamboro"),
    ("M. SOILIHI Ali, 52 ans, cultivateur à M'tsapéré, père de trois enfants.", "M'tsapéré"),
    ("Mme Awa Diop, 29 ans, restée longtemps entre M'bour et Thiès.", "M'bour"),
])
def test_a_syllabic_nasal_with_or_without_its_apostrophe(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "place"), [
    ("Sa mère reste joignable au téléphone (en Tunisie).", "Tunisie"),
    ("Vaccins à jour, dernier voyage il y a un an (au Sénégal).", "Sénégal"),
])
def test_a_country_in_brackets_after_its_preposition_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_a_word_in_brackets_after_en_is_no_place(deid: Deidentifier) -> None:
    found = tagged(deid, "Kinésithérapie prescrite (en Rééducation) et contrôle (en Urgence) si besoin.")
    assert not any(tag == "LOCATION" for _, tag in found)


@pytest.mark.parametrize(("text", "place"), [
    ("Il a quitté Kaboul en 2021 avec son oncle.", "Kaboul"),
    ("Ses parents sont restés entre Mossoul et Kirkouk.", "Mossoul"),
])
def test_french_names_of_foreign_cities_from_geonames(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_a_building_named_in_prose_on_a_line_with_no_address_is_no_place(deid: Deidentifier) -> None:
    text = ("Domicile : 8 rue des Tanneurs, 67000 Strasbourg.\n"
            "Contrôle à la consultation du Dr Weber, au rez-de-chaussée du bâtiment D.")
    found = tagged(deid, text)
    assert ("8 rue des Tanneurs", "LOCATION") in found
    assert not any(span.startswith("bâtiment") for span, _ in found)


def test_a_building_in_an_address_stays_a_place(deid: Deidentifier) -> None:
    found = tagged(deid, "Adresse : Résidence du Parc, bâtiment D, 3e étage\n67000 Strasbourg")
    assert any(tag == "LOCATION" and "bâtiment D" in span for span, tag in found)

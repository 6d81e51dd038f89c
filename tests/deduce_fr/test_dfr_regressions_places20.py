"""Session-17 place work (place20), in our own words, with hard negatives.

Places the rules left out whole: a département or region after a cue and its article ('vit dans le Morbihan',
'originaire de l'Aveyron'), an unlisted town before ', au/en <country>', streets abroad by their head word ('Rua',
'Calle', 'Via' + number), Dutch and German streets in one word without a number, Canadian postcodes; and one-word
towns that are everyday English words ('Cast', 'Gas') no longer taken for places without a cue.
"""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _places(deid: Deidentifier, text: str) -> set[str]:
    return {text[s.start_char:s.end_char] for s in deid.annotate(text).spans if s.tag == "LOCATION"}


def _covered(deid: Deidentifier, text: str, part: str) -> bool:
    start = text.index(part)
    return any(s.start_char <= start and start + len(part) <= s.end_char for s in deid.annotate(text).spans)


@pytest.mark.parametrize(("text", "place"), [
    ("Elle a grandi dans le Cantal, puis vit dans le Morbihan depuis sa retraite.", "Morbihan"),
    ("Patient originaire de l'Ardèche, adressé pour bilan.", "Ardèche"),
    ("Ils habitent dans les Landes, loin du centre.", "Landes"),
    ("Sa mère vient du Pays basque pour l'accompagner.", "Pays basque"),
    ("Réfugié afghan en Iran pendant dix ans.", "Iran"),
])
def test_a_region_after_a_cue_and_its_article_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert place in _places(deid, text)


def test_a_region_without_a_cue_of_home_or_origin_stays_untagged(deid: Deidentifier) -> None:
    # (hard negatives: a region as medical context, 'dans le' without a cue, 'vient de' + a verb)
    assert not _places(deid, "Prévalence élevée dans le Morbihan selon le registre.")
    assert not _places(deid, "Le patient vient de lire une étude menée en Suisse.")


def test_an_unlisted_town_before_its_country_is_a_place(deid: Deidentifier) -> None:
    text = "Il est de Mbalmayo, au Cameroun, et rentre le mois prochain."
    assert {"Mbalmayo", "Cameroun"} <= _places(deid, text)
    # (hard negatives: two countries in a row, a common word before the country)
    assert "Maroc" not in _places(deid, "Il hésite entre la vie du Maroc, au Portugal ou ailleurs.") - {"Portugal"}
    assert "Chaleur" not in _places(deid, "Retour de Chaleur, au Sénégal.")


@pytest.mark.parametrize(("text", "street"), [
    ("Adresse : 12, Rua da Alegria, Coimbra.", "12, Rua da Alegria"),
    ("Domicile : Calle del Pez 7, Zaragoza", "Calle del Pez 7"),
    ("Adresse en Italie : Via dei Mille 21, Bari.", "Via dei Mille 21"),
    ("Adres: ul. Piękna 3, Kraków", "ul. Piękna 3"),
])
def test_a_street_abroad_by_its_head_word_is_a_place(deid: Deidentifier, text: str, street: str) -> None:
    assert street in _places(deid, text)


def test_a_town_after_a_street_abroad_is_a_place(deid: Deidentifier) -> None:
    assert "Siracusa" in _places(deid, "Adresse : Via Roma 44, Siracusa.")


def test_via_as_a_word_is_no_street(deid: Deidentifier) -> None:
    # (hard negatives: 'via' the preposition, 'Via' opening a sentence, 'Corso' without a number)
    assert not _places(deid, "Transfert via les urgences de Mercy.") - {"Mercy"}
    assert not _places(deid, "Via Doctolib, rendez-vous pris pour lundi.")
    assert not _places(deid, "Corso Italia est le nom du cabinet.")


@pytest.mark.parametrize(("text", "street"), [
    ("Hij woont in de Veldstraat sinds 2010.", "Veldstraat"),
    ("Gestürzt in der Bahnhofstraße in Eupen.", "Bahnhofstraße"),
    ("Accident de vélo sur la Bergensesteenweg.", "Bergensesteenweg"),
])
def test_a_dutch_or_german_street_in_one_word_is_a_place(deid: Deidentifier, text: str, street: str) -> None:
    assert street in _places(deid, text)


def test_german_nouns_with_a_street_like_ending_are_no_streets(deid: Deidentifier) -> None:
    # (hard negatives: '-platz', '-weg' words are ordinary German nouns)
    assert not _places(deid, "Unfall am Arbeitsplatz, Umweg über die Notaufnahme.")


def test_a_canadian_postcode_after_its_province_is_a_place(deid: Deidentifier) -> None:
    text = "Adresse : 80, rue des Érables, Sherbrooke (QC) J1H 4B9"
    assert _covered(deid, text, "J1H 4B9") and _covered(deid, text, "Sherbrooke")
    assert "QC" in _places(deid, text)
    # (hard negative: a TNM stage written with a space is no postcode)
    assert not _places(deid, "Stade T2N 1M0 après bilan d'extension.")


def test_towns_that_are_english_words_need_a_cue(deid: Deidentifier) -> None:
    assert not _places(deid, "Cast removed at six weeks, walking without pain.")
    assert not _places(deid, "Gas exchange preserved.")
    assert "Cast" in _places(deid, "Il habite à Cast, dans le Finistère.")
    # (a Belgian municipality stays a place without a cue)
    assert "Silly" in _places(deid, "Accident de travail à Silly hier.")


def test_a_quarter_between_an_age_and_a_listed_town_is_a_place(deid: Deidentifier) -> None:
    text = "Mme Awa Diallo, 41 ans, Médina Gounass, près du marché, Dakar"
    assert "Médina Gounass" in _places(deid, text)
    # (hard negatives: a trade, a medical word or a first name after the age)
    assert "Menuisier" not in _places(deid, "M. Paul Girard, 52 ans, Menuisier, Rennes")
    assert "Hypertendu" not in _places(deid, "M. Paul Girard, 52 ans, Hypertendu, suivi à Lyon")
    assert "Julie" not in _places(deid, "Mme X, 30 ans, Julie, Paris")


@pytest.mark.parametrize(("text", "place"), [
    ("Nom : Moussa Keita   Village : Sanankoroba", "Sanankoroba"),
    ("Quartier : Nkolbisson, derrière l'école, Yaoundé", "Nkolbisson"),
    ("Patient de 40 ans, commune de Ngaliema, Kinshasa.", "Ngaliema"),
])
def test_a_quarter_or_village_field_and_a_commune_are_places(deid: Deidentifier, text: str, place: str) -> None:
    assert place in _places(deid, text)


def test_a_field_label_of_a_place_needs_a_name(deid: Deidentifier) -> None:
    # (hard negatives: a lower-case value, a medical word as a value)
    assert not _places(deid, "Village : non renseigné")
    assert not _places(deid, "Provenance : Urgences")


@pytest.mark.parametrize(("text", "address"), [
    ("Adresse : avenue Lumumba n° 48, Lubumbashi", "avenue Lumumba n° 48"),
    ("Adresse : Lot III B 12 Ankadifotsy, Antananarivo", "Lot III B 12 Ankadifotsy"),
    ("Courrier : BP 1720 Ouagadougou", "BP 1720 Ouagadougou"),
])
def test_numbered_streets_plots_and_post_boxes_abroad_are_places(deid: Deidentifier, text: str, address: str) -> None:
    assert address in _places(deid, text)


def test_a_batch_number_is_no_plot_address(deid: Deidentifier) -> None:
    assert not _places(deid, "Vaccin : Comirnaty, Lot FE1234 Pfizer")


def test_a_flat_after_its_street_is_part_of_the_address(deid: Deidentifier) -> None:
    text = "Adresse : 415, rue Principale, app. 7, Rimouski"
    assert _covered(deid, text, "415, rue Principale, app. 7") and _covered(deid, text, "Rimouski")


def test_two_towns_joined_by_a_hyphen_are_a_place(deid: Deidentifier) -> None:
    assert {"Maroua", "Garoua"} <= _places(deid, "Accident de car sur l'axe Maroua-Garoua.")
    # (hard negative: two first names)
    assert not _places(deid, "Jean-Pierre et Marie-Louise sont venus.")


def test_a_birthplace_that_is_a_word_with_its_country_is_a_place(deid: Deidentifier) -> None:
    assert "Hué" in _places(deid, "Née à Hué (Viêt Nam), arrivée en 1990.")


@pytest.mark.parametrize("town", ["Saguenay", "Matane", "Rivière-du-Loup"])
def test_towns_of_quebec_are_listed(deid: Deidentifier, town: str) -> None:
    assert town in _places(deid, f"Transfert depuis l'hôpital, patient de {town} suivi pour lombalgie. Domicile : {town}")


def test_capitalised_parts_of_an_address_field_closed_by_a_town_are_places(deid: Deidentifier) -> None:
    text = "Adresse : Zone 4, Marcory, Abidjan"
    assert "Marcory" in _places(deid, text)
    assert "Jacmel" in _places(deid, "Adresse : Jacmel, Haïti") or _covered(deid, "Adresse : Jacmel, Haïti", "Jacmel")
    # (hard negatives: a person's name and a ward before the town are no places)
    assert "Service" not in " ".join(_places(deid, "Adresse : Service Social, Lyon"))
    assert "Claire" not in " ".join(_places(deid, "Adresse : Claire, Lyon"))


@pytest.mark.parametrize(("text", "street"), [
    ("Domicile : 8 avenue Hassan II, Agadir.", "8 avenue Hassan II"),
    ("Adresse : rue Omar el-Mokhtar, Tripoli", "rue Omar el-Mokhtar"),
])
def test_a_street_with_an_arabic_particle_or_a_regnal_number_is_whole(deid: Deidentifier, text: str, street: str) -> None:
    assert street in _places(deid, text)


def test_a_town_opening_a_letterhead_before_a_hospital_is_a_place(deid: Deidentifier) -> None:
    assert "Rabat" in _places(deid, "Rabat – Hôpital Ibn Sina – Service de radiologie\nCompte rendu")
    # (hard negative: a word opening a heading before a dash)
    assert not _places(deid, "Urgences – Hôpital de jour\nCompte rendu")


@pytest.mark.parametrize(("text", "place"), [
    ("Chute à ski sur la piste rouge de la Combe à Tignes.", "piste rouge de la Combe"),
    ("Renversé au carrefour des Glycines.", "carrefour des Glycines"),
    ("Chute en canyoning dans la ravine de la Grande Chaloupe.", "ravine de la Grande Chaloupe"),
])
def test_slopes_crossroads_and_ravines_are_places(deid: Deidentifier, text: str, place: str) -> None:
    assert place in _places(deid, text)


def test_anatomy_and_figures_of_speech_on_those_heads_are_no_places(deid: Deidentifier) -> None:
    # (hard negatives: the tibial plateau, an eponymous classification, 'sur la piste de la guérison')
    assert not _places(deid, "Fracture du plateau de Schatzker II, plateau tibial externe.")
    assert not _places(deid, "Il est sur la piste de la guérison.")


def test_a_region_with_a_lower_case_word_after_a_town(deid: Deidentifier) -> None:
    assert {"Espelette", "Pays basque"} <= _places(deid, "Elle habite à Espelette, au Pays basque.")


def test_abbreviated_street_heads_keep_their_house_number(deid: Deidentifier) -> None:
    assert "14 All. des Tilleuls" in _places(deid, "Adresse : 14 All. des Tilleuls.")
    assert "8 Ch. des Vignes" in _places(deid, "Adresse : 8 Ch. des Vignes, Annecy")
    # (hard negatives: an English 'All.' and an abbreviated first name)
    assert not _places(deid, "All. Right, patient discharged.")
    assert not _places(deid, "Vu avec Ch. Dupont, interne.")

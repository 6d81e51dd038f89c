"""Session-16 place work (place17), in our own words, with hard negatives.

Speed, output-preserving: patterns rewritten to start with a character they consume (Python's engine skips to it;
a leading lookaround is tried at every position) give the same matches as their definitions; the words after an
apostrophe and the words holding one are found once per text from its apostrophes; the street-first gate is implied
by every street-first match.
"""

from __future__ import annotations

import random
import re

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier
from deduce_fr import places_extra as pe
from deduce_fr.annotators import Context
from deduce_fr.tokenizer import tokenize

# pieces the rewritten patterns care about: titles, commas, phones, hyphens, capitals, apostrophes, digits, lines
_PIECES = ["Dr", "Dre", "Docteur", "Dokter", "Doktor", "Drs", "D", "xDr", "-Dr", "_Dr", "Dr.", ",", ", ", " ", "\t", "\n",
           ".", ";", ")", "(", "Rodt", "Born", "Jean", "Noël", "Saint-Gilles-les-Bains", "Bois-de-Villers", "x-Fontaine",
           "'Fontaine-sur-Mer", "’Bras-sur-Lot", "d'Oran", "l’Épine", "tél.", "tel :", "GSM", "04 12 34 56 78",
           "+32 87 65 43 21", "0470/12.34.56", "2021", "12", "Kerkstraat", "Hauptstraße", "Grand-Rue", "rue", "str.",
           "à", "é", "Z", "a", "de", "É", "1"]


def _random_texts(n: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(n)]


@pytest.mark.parametrize(("fast", "definition"), [
    (pe._DOCTOR_TOWN_FAST, pe._DOCTOR_TOWN),
    (pe._CONTACT_TOWN_FAST, pe._CONTACT_TOWN),
    (pe._COMPOUND_TOWN_FAST, pe._COMPOUND_TOWN),
], ids=["doctor_town", "contact_town", "compound_town"])
def test_patterns_led_by_a_consumed_character_match_as_their_definitions(fast: re.Pattern[str],
                                                                         definition: re.Pattern[str]) -> None:
    texts = [*_random_texts(3000), "Hausarzt : Dr. Theissen, Born.\nFils : Jean Noël, Rodt, tél. 080 22 33 44",
             "Dre Lune, Xhoris; Dr J.-P. Martin Simon, Ferrières. Suite", "née à Saint-Gilles-les-Bains (La Réunion)",
             "Voisine Anne, Faymonville, 080 44 55 66", "Docteur Hanse, Malmedy.", "-Bois-de-Villers, Dokter Peeters, Tienen"]
    hits = 0
    for text in texts:
        got = [(m.span(), m.groupdict()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groupdict()) for m in definition.finditer(text)], text
        hits += bool(got)
    assert hits >= 3  # (the texts exercise the patterns: some do match)


def _context(deid: Deidentifier, text: str) -> Context:
    return Context(text=text, tokens=tokenize(text), lookups=deid.lookups)


def test_words_after_an_apostrophe_are_found_once_and_as_before(deid: Deidentifier) -> None:
    for text in [*_random_texts(400, seed=3), "Il s'installe aujourd'hui à l’Isle-Adam, jusqu'hôpital d'Oran."]:
        ctx = _context(deid, text)
        expected = tuple((m.start(1), m.group(1)) for m in pe._AFTER_APOSTROPHE.finditer(ctx.folded_text))
        assert pe._after_apostrophes(ctx) == expected
        assert pe._after_apostrophes(ctx) is pe._after_apostrophes(ctx)  # (cached for the text)
        words = set(ctx.folded_set).union(ctx.bare[i] for i in ctx.elided)
        assert {w for w in words if "'" in w} <= pe._apostrophe_words(ctx) <= words


def test_the_street_first_gate_holds_wherever_a_street_first_address_is(deid: Deidentifier) -> None:
    texts = [*_random_texts(3000, seed=5), "Domicile : Kerkstraat 24 bus 3, 2000 Antwerpen",
             "Adresse: Aachener Straße 48", "Grand-Rue 7, 6900 Marche", "Lütticher Str. 5 in Eupen"]
    found = 0
    for text in texts:
        if pe._STREET_FIRST.search(text):
            found += 1
            assert pe._STREET_NUMBER_REVERSED.search(_context(deid, text).folded_text[::-1]), text
    assert found >= 4


def test_a_doctors_town_and_a_contacts_town_are_still_found(deid: Deidentifier) -> None:
    text = "Médecin traitant : Dr Theissen, Bütgenbach.\nFils : Jean Noël, Rodt, tél. 080 22 33 44"
    places_extra = next(a for a in deid.annotators if a.name == "places_extra")
    found = {text[s:e] for s, e, _ in places_extra.annotate(_context(deid, text))}
    assert {"Bütgenbach", "Rodt"} <= found
    assert ("Bütgenbach", "LOCATION") in tagged(deid, text)
    # (hard negative: a trade closing a doctor's line is no town)
    assert not any(w == "Cardiologue" for w, _ in tagged(deid, "Avis du Dr Theissen, Cardiologue."))


# Recall: countries and towns of foreign patients, in our own words.

@pytest.mark.parametrize(("text", "places"), [
    ("Claimant: Lars Nilsson, 41, holidaymaker from Stockholm, Sweden, slipped on ice.", {"Stockholm", "Sweden"}),
    ("M. Osei, domicilié à Kumasi, Ghana, admis le 3 mai.", {"Kumasi", "Ghana"}),
    ("Madame vit à Braga, Portugal ; sa fille habite Lille.", {"Braga", "Portugal"}),
])
def test_a_country_closing_a_town_after_a_comma_is_a_place(deid: Deidentifier, text: str, places: set[str]) -> None:
    found = {span for span, tag in tagged(deid, text) if tag == "LOCATION"}
    assert places <= found


@pytest.mark.parametrize("text", [
    "Vu par Mme Martin, France Travail a été prévenu.",        # (a public body named after the country)
    "Antécédents : Durand, Belgique ?",                        # (a surname, no town before the comma)
    "Arrivée de Paris, France Télévisions l'a envoyée en reportage.",
])
def test_a_country_after_a_comma_without_a_town_or_inside_a_name_is_not_taken(deid: Deidentifier, text: str) -> None:
    found = {span for span, tag in tagged(deid, text) if tag == "LOCATION"}
    assert not found & {"France", "Belgique"}


@pytest.mark.parametrize(("text", "place"), [
    ("Dear colleague, my father is visiting from Osaka and fell on the stairs.", "Osaka"),
    ("Patient is a retired teacher resident of Norway, on holiday in Spa.", "Norway"),
    ("She was born in Morocco and lives in Antwerp with her son.", "Morocco"),
])
def test_a_place_after_an_english_cue_of_origin_is_a_place(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


def test_english_cues_before_ordinary_words_find_no_place(deid: Deidentifier) -> None:
    text = "Pain from Monday onwards, lives in Fear of falling; moved to Intensive care."
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


def test_an_english_address_is_one_place_per_part(deid: Deidentifier) -> None:
    found = tagged(deid, "Correspondence address: 7 Willow Crescent, Leeds LS6 3AB, United Kingdom.")
    assert ("7 Willow Crescent", "LOCATION") in found
    assert ("Leeds LS6 3AB", "LOCATION") in found
    # (hard negative: a dose, a drug and an ordinary English word stay)
    found = tagged(deid, "Give 2 Paracetamol Tablets, walk 3 Times a day along the Way.")
    assert not any(tag == "LOCATION" for _, tag in found)


@pytest.mark.parametrize(("text", "place"), [
    ("Mineur isolé, né le 12/06/2008 en Érythrée selon ses déclarations.", "Érythrée"),
    ("Blessure par éclat de mortier au Mali en 2013, séquelles de la jambe.", "Mali"),
    ("Sa tante repart au Cameroun la semaine prochaine.", "Cameroun"),
    ("Adresse au Luxembourg : chez un cousin, à préciser.", "Luxembourg"),
])
def test_a_country_after_a_birth_date_an_event_year_a_departure_or_an_address(deid: Deidentifier, text: str,
                                                                              place: str) -> None:
    assert (place, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "Né le 12/06/2008 en Bonne santé apparente.",               # (no country after 'en')
    "Recrudescence en Centre en 2021 selon l'ARS.",              # (a compass area is no event's place)
    "Elle repart au Travail lundi ; adresse en Pièce jointe.",
])
def test_no_country_no_place_after_those_cues(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


def test_a_town_closing_a_foreign_hospitals_header_and_the_grand_place(deid: Deidentifier) -> None:
    assert ("Torino", "LOCATION") in tagged(deid, "Ospedale Molinette, Torino\nReferto radiologico")
    assert ("Grand-Place", "LOCATION") in tagged(deid, "Chute sur les pavés de la Grand-Place hier soir.")
    # (hard negative: a grand place in prose is no square)
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, "Il occupe une grand-place dans sa vie."))


def test_a_capitalised_word_after_a_lower_case_district_head_is_the_districts_name(deid: Deidentifier) -> None:
    found = tagged(deid, "Blessé lors d'une rixe quartier Pépinière, selon les pompiers ; il vit quartier Liberté.")
    assert ("Pépinière", "LOCATION") in found
    assert ("Liberté", "LOCATION") in found
    # (hard negatives: a compass point, and a heading written with a capital head)
    found = tagged(deid, "Il habite le quartier Nord. Quartier Inférieur : pas de lésion.")
    assert not any(tag == "LOCATION" for _, tag in found)


@pytest.mark.parametrize("text", [
    "Sepsis sur matériel : hémocultures positives à Enterococcus, arrêt de la vancomycine.",
    "Ostéite du calcanéum à Serratia marcescens après plaie plantaire.",
    "Colonisation urinaire à Proteus mirabilis, pas de traitement.",
])
def test_a_germ_after_a_is_no_village(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))


def test_an_unknown_village_after_a_is_still_a_place(deid: Deidentifier) -> None:
    found = tagged(deid, "Éleveur à Plounévez depuis trente ans, soigné à Kerlouan puis revu.")
    assert ("Plounévez", "LOCATION") in found
    assert ("Kerlouan", "LOCATION") in found

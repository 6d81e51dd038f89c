"""Wave-21 place work (place31): no rule change landed this wave (the session ran out of time after the survey of
what the rule layer leaves out on the dev halves); these cases, in our own words, pin what the place annotators
already do for the cues the survey found most useful, so the next wave's changes keep them: a town after a
residence or transfer cue, and the eponyms, diseases and nationality words that must stay untagged."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "town"), [
    ("Elle habite à Genève chez sa fille depuis le printemps.", "Genève"),
    ("Patient transféré à Lausanne pour la suite de la prise en charge.", "Lausanne"),
    ("Retour prévu à Nantes après la rééducation.", "Nantes"),
])
def test_a_town_after_its_cue_is_a_place(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Suspicion de fièvre de la vallée du Rift au retour de voyage.", "Rift"),
    ("Fracture de Weber B de la cheville gauche, botte plâtrée.", "Weber"),
    ("Fracture de type Le Fort II, avis maxillo-facial.", "Fort"),
    ("Patient de nationalité suisse, parle français et allemand.", "suisse"),
])
def test_eponyms_diseases_and_nationalities_are_no_places(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in tagged(deid, text))


# session 24 (wave 21b): towns the layout or a care cue marks, and what stays untagged next to them

@pytest.mark.parametrize(("text", "town"), [
    # a listed town alone on the line under a letterhead's institution line
    ("Centre d'imagerie médicale des Remparts\nVannes\n\nPatiente : Mme LE ROUX Anne", "Vannes"),
    # a listed town between commas after an institution's name in the same clause
    ("Prothèse de hanche posée à la clinique du Val, Chantilly, en 2018.", "Chantilly"),
    # a listed town closing a practice's header after a dash
    ("Kiné Les Tilleuls – Genève\nSophie Meyer, kinésithérapeute", "Genève"),
    # a town after the emergency ward that saw the patient
    ("Adressé après un passage aux urgences de Genève pour une chute.", "Genève"),
    # a doctor's town in brackets after an initial and his surname
    ("Second avis : Dr K. Lindqvist (Sydney), pas de lésion suspecte.", "Sydney"),
    # a town written with the ligature œ
    ("Transport : domicile (Paimbœuf) vers le centre de dialyse.", "Paimbœuf"),
    # a country closing an identity line after the birth date
    ("Identité : HASSAN Idriss, né le 01/01/2006 (déclaratif), Érythrée.", "Érythrée"),
    # a station named by a compass point, whole
    ("Retrouvé allongé sur un quai de la gare du Nord vers 23 h.", "gare du Nord"),
])
def test_a_town_marked_by_layout_or_a_care_cue_is_a_place(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Cabinet de kinésithérapie\nConclusion\nBonne évolution.", "Conclusion"),
    ("Vu aux urgences de Jeanne puis transféré en pédiatrie.", "Jeanne"),
    ("Clinique du Parc, Service de cardiologie, Pavillon B", "Service"),
    ("Vu à la gare du nord de la ville, sans plainte.", "nord"),
    ("Adressé par le Dr M. Roche (cardiologie) pour avis.", "cardiologie"),
])
def test_layout_words_next_to_an_institution_stay_untagged(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in tagged(deid, text))

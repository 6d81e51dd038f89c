"""Session 21 (place25): places of an event that no rule read before, in our own words, each with hard negatives:
a form's place field ('Lieu de l'accident : X', 'Place of accident: X, <country>'), English 'in'/'at' before a town,
a country a few words after a life event or a soldier's deployment, a country after 'à l'étranger', a ski run or
lift named with no 'de', a past home or a death's town, a resort after 'station', an unlisted place before its
country."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _tags(deid: Deidentifier, text: str, part: str) -> set[str]:
    """The tags of the spans that cover ``part`` of the text."""
    start = text.index(part)
    return {s.tag for s in deid.annotate(text).spans if s.start_char <= start and start + len(part) <= s.end_char}


def _touched(deid: Deidentifier, text: str, part: str) -> set[str]:
    """The tags of the spans that overlap ``part`` of the text."""
    start = text.index(part)
    end = start + len(part)
    return {s.tag for s in deid.annotate(text).spans if s.start_char < end and start < s.end_char}


@pytest.mark.parametrize("text,part", [
    ("Lieu de l'accident : Tellemont-Plage, vers 15 h.", "Tellemont-Plage"),
    ("LIEU : MADAGASCAR. ENTORSE DU GENOU GAUCHE.", "MADAGASCAR"),
    ("Place of accident: Koh Phangan, Thailand, fall from a scooter.", "Koh Phangan"),
    ("Place of accident: Koh Phangan, Thailand, fall from a scooter.", "Thailand"),
    ("Unfallort: Kelmis.\nRöntgen Handgelenk.", "Kelmis"),
    ("The tourist was injured at Grindelwald while sledging.", "Grindelwald"),
    ("She was treated in Verbier on the first day.", "Verbier"),
    ("Oncle maternel mort subitement à 47 ans en Algérie.", "Algérie"),
    ("Diabète diagnostiqué au Sénégal il y a dix ans.", "Sénégal"),
    ("Ancien militaire, déployé au Liban puis au Tchad.", "Liban"),
    ("Ses deux fils vivent à l'étranger (Australie).", "Australie"),
    ("CHUTE A SKI PISTE BELLECOTE, GENOU DROIT.", "BELLECOTE"),
    ("Accident au télésiège Tovière, pas de perte de connaissance.", "Tovière"),
    ("Il a vécu à Kerhostin jusqu'à ses vingt ans.", "Kerhostin"),
    ("Saisonnier à la station de ski de Valmorel depuis décembre.", "Valmorel"),
    ("Plongée à Marsa Shagra, Égypte, barotraumatisme.", "Égypte"),
])
def test_event_places_are_locations(deid: Deidentifier, text: str, part: str) -> None:
    assert "LOCATION" in _touched(deid, text, part)


@pytest.mark.parametrize("text,part", [
    ("Lieu : salle de radiologie 2.", "salle"),
    ("Lieu : Domicile.", "Domicile"),
    ("LIEU : TRAVAIL.", "TRAVAIL"),
    ("The report was written in English by the resident.", "English"),
    ("He was admitted in March for surgery.", "March"),
    ("Le patient souhaite être opéré en Belgique.", "Belgique"),
    ("Suivi en Neurologie au CHU depuis 2019.", "Neurologie"),
    ("Chute sur piste Noire, casque porté.", "Noire"),
    ("Descente de la piste Verte, chute sans gravité.", "Verte"),
    ("Adressé par Dr Karim Benali, Maroc.", "Karim Benali"),
    ("Pas de station debout prolongée pendant un mois.", "debout"),
    ("Station Assise possible, marche impossible.", "Assise"),
])
def test_event_place_negatives_stay_untagged_as_places(deid: Deidentifier, text: str, part: str) -> None:
    assert "LOCATION" not in _touched(deid, text, part)

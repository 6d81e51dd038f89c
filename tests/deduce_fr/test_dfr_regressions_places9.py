"""Wave-14b place work (place14b): towns of the French-speaking Swiss cantons, the Aosta valley, Monaco and
Andorra (every GeoNames cities500 place there, as for Luxembourg; scripts/build_communes.py --abroad), written
here in our own words, with hard negatives: a listed name that is also a word or a surname needs its cue."""

from __future__ import annotations

import pytest
from dfr_spans import tagged

from deduce_fr import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


@pytest.mark.parametrize(("text", "town"), [
    ("Saisonnier à Saas-Fee cet hiver, chute dans l'escalier de service.", "Saas-Fee"),
    ("Gonalgie chez une vendeuse vivant à Châtel-Saint-Denis.", "Châtel-Saint-Denis"),
    ("Frontalier, il habite Le Grand-Saconnex et travaille à Annemasse.", "Le Grand-Saconnex"),
    ("En classe de neige à Zermatt, torsion du genou droit.", "Zermatt"),
    ("Domicilié à Porrentruy, chute à vélo la veille.", "Porrentruy"),
    ("Moniteur de ski à Courmayeur pendant l'hiver, entorse du pouce.", "Courmayeur"),
    ("Croupier à Monte-Carlo, douleurs lombaires chroniques.", "Monte-Carlo"),
])
def test_french_speaking_swiss_aosta_and_monaco_towns_are_places(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize(("text", "word"), [
    ("Mme Porrentruy, la voisine, a prévenu les secours.", "Porrentruy"),
    ("Fully documented follow-up requested by the referring team.", "Fully"),
    ("Le Dr Verbier a revu la patiente en consultation.", "Verbier"),
])
def test_listed_names_that_are_words_or_surnames_need_their_cue(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in tagged(deid, text))


@pytest.mark.parametrize(("text", "town"), [
    ("dictée : ouvrier fondeur au creusot, brûlure de l'avant-bras", "creusot"),
    ("elle vit aux herbiers chez sa fille depuis l'hiver", "herbiers"),
    ("né au puy-en-velay, arrivé en pension ce mois-ci", "puy-en-velay"),
    ("sms de la fille : maman est tombée au touquet ce matin", "touquet"),
])
def test_lower_case_towns_after_a_contracted_article(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in tagged(deid, text)


@pytest.mark.parametrize("text", [
    "patient gardé au lit, douleurs aux mains et aux pieds",
    "il retourne au travail lundi, bilan au cabinet",
    "rendez-vous pris au robert demain",  # (a first name in lower case: only 'au Robert' is the town)
])
def test_lower_case_words_after_au_are_no_towns(deid: Deidentifier, text: str) -> None:
    assert not any(tag == "LOCATION" for _, tag in tagged(deid, text))

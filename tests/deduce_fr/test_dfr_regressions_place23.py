"""Wave 16 (place23): places in family histories and layouts, in our own words: a birthplace after a year alone
('né en 1961 à Oran'), a relative's country ('ses parents sont au Maroc'), a compound town's capitalised article
after a comma or a bracket ('(kiné, La Chapelle-sur-Erdre)'); and the negatives: a care unit closing a letterhead
('Clinique X - Hémodialyse') is no town, a relative's school year is no country."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans]


@pytest.mark.parametrize("text,place", [
    ("Antécédents familiaux : grand-père né en 1931 à Tlemcen, décédé d'un AVC.", "Tlemcen"),
    ("Sa mère, née en 1965 à Oran, est diabétique.", "Oran"),
    ("Père né en 1970 à Huế, suivi pour une HTA.", "Huế"),
])
def test_birthplace_after_a_year_alone(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in _spans(deid, text)


@pytest.mark.parametrize("text,place", [
    ("Vit seule ici, ses parents sont au Maroc depuis l'an dernier.", "Maroc"),
    ("La fille aînée est actuellement en Australie pour ses études.", "Australie"),
    ("Famille en Algérie, le patient est hébergé par un ami.", "Algérie"),
])
def test_a_relative_abroad(deid: Deidentifier, text: str, place: str) -> None:
    assert (place, "LOCATION") in _spans(deid, text)


@pytest.mark.parametrize("text,word", [
    ("Son fils en Terminale prépare le bac.", "Terminale"),
    ("Sa fille en Master de droit l'accompagne.", "Master"),
])
def test_a_relative_then_no_country_takes_nothing(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in _spans(deid, text))


@pytest.mark.parametrize("text,town", [
    ("Soins assurés par l'infirmière libérale (IDE Martine Hoarau, La Possession-les-Hauts).",
     "La Possession-les-Hauts"),
    ("Kiné à domicile : cabinet Le Goff, La Chapelle-sur-Erdre", "La Chapelle-sur-Erdre"),
])
def test_compound_town_keeps_its_capital_article(deid: Deidentifier, text: str, town: str) -> None:
    assert (town, "LOCATION") in _spans(deid, text)


@pytest.mark.parametrize("text,word", [
    ("Clinique du Parc Verviers - Hémodialyse\nMme X, 70 ans.", "Hémodialyse"),
    ("Centre hospitalier de Dax - Endoscopie\nCompte rendu.", "Endoscopie"),
    ("Polyclinique Saint-Côme - Cardiologie\nLettre de sortie.", "Cardiologie"),
])
def test_a_care_unit_closing_a_letterhead_is_no_town(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in _spans(deid, text))


@pytest.mark.parametrize("text", [
    "Opérée en 2015 à cœur ouvert, suites simples.",
    "Diagnostic posé en 2012 à Villejuif par l'équipe.",
])
def test_year_then_a_without_birth_cue(deid: Deidentifier, text: str) -> None:
    assert ("cœur", "LOCATION") not in _spans(deid, text)


@pytest.mark.parametrize("text,word", [
    ("Avulsion de l'épine iliaque antéro-supérieure chez un sprinter.", "épine"),
    ("Fracture du radius à l'union du tiers moyen et du tiers distal.", "union"),
])
def test_anatomy_named_like_a_town_is_no_place(deid: Deidentifier, text: str, word: str) -> None:
    assert not any(tag == "LOCATION" and word in span for span, tag in _spans(deid, text))


def test_town_named_like_anatomy_after_a_cue(deid: Deidentifier) -> None:
    assert ("L'Union", "LOCATION") in _spans(deid, "Le couple habite à L'Union depuis sa retraite.")


@pytest.mark.parametrize("surname,first,text,town", [
    ("Fontaine", "Paul", "M. Paul Fontaine, domicilié à Fontaine-lès-Dijon, chute dans l'escalier.", "Fontaine-lès-Dijon"),
    ("Martin", "Luc", "Patient : MARTIN Luc, Saint-Martin-d'Hères. Entorse de cheville.", "Saint-Martin-d'Hères"),
])
def test_a_town_holding_the_patients_name_is_the_town(deid, surname, first, text, town) -> None:
    """The integrator's towns_named_like_the_patient: a town span that a PATIENT candidate also covers, with a word that
    is none of the patient's names, is a LOCATION (text and batch paths); the patient's own mention stays PATIENT."""
    patient = {"first_names": [first], "surname": surname, "birth_date": "1960-01-01", "sex": "M", "ids": []}
    for doc in (deid.annotate(text, patient=patient), deid.annotate_batch([text], patients=[patient])[0]):
        spans = {(s.tag, s.text) for s in doc.spans}
        assert ("LOCATION", town) in spans and not any(t == "PATIENT" and town in x for t, x in spans)
        assert any(t == "PATIENT" and surname.lower() in x.lower() for t, x in spans)

"""A military hospital (hôpital d'instruction des armées) named after its acronym is one organisation: 'HIA' is a
hospital head like 'CHU' ('HIA Bégin', 'HIA Sainte-Anne'), found split in two on three writers' dev halves (v6a,
v9a, v12b: the head alone, the name as a person or a place)."""

import pytest

from deduce_fr import Deidentifier


def _spans(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.tag, s.text) for s in deid.annotate(text).spans]


@pytest.mark.parametrize(("text", "name"), [
    ("Transfert vers le HIA Robert Picqué pour la suite de la prise en charge.", "HIA Robert Picqué"),
    ("Évacué sanitaire vers l'HIA Bégin, puis rapatrié.", "HIA Bégin"),
    ("Scanner réalisé à l'HIA Sainte-Anne le jour même.", "HIA Sainte-Anne"),
    ("Suivi orthopédique : HIA Laveran, consultation dans six semaines.", "HIA Laveran"),
])
def test_military_hospital_is_one_name(deid: Deidentifier, text: str, name: str) -> None:
    assert ("INSTITUTION", name) in _spans(deid, text)


def test_town_after_it_stays_a_place(deid: Deidentifier) -> None:
    spans = _spans(deid, "Opéré à l'HIA Percy (Clamart) en urgence.")
    assert ("INSTITUTION", "HIA Percy") in spans and ("LOCATION", "Clamart") in spans


def test_the_acronym_alone_takes_no_following_word(deid: Deidentifier) -> None:
    spans = _spans(deid, "Avis demandé à l'HIA pour la suite.")
    assert not any(tag == "INSTITUTION" and "pour" in text for tag, text in spans)

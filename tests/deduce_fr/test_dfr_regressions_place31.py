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

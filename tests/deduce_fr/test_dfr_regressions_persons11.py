"""Wave-11 PERSON regressions (session 15, second wave), written in our own words (no string from a case file):
given names of world origins that no Faker locale holds, read from Jörg Michael's first-name dictionary
(nam_dict.txt, shipped by gender-guesser); each rule with hard negatives: what looks alike and is no name."""

from __future__ import annotations

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.persons_extra import world_names


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def spans(deid: Deidentifier, text: str, patient: Patient | None = None) -> dict[str, str]:
    return {s.text: s.tag for s in deid.annotate(text, patient=patient).spans if s.tag in ("PERSON", "PATIENT")}


def test_nam_dict_lists_hold_names_faker_lacks() -> None:
    faker_given = world_names(("names_world_given.txt",))
    extra = world_names(("names_world_nam_dict.txt",))
    extra_given = world_names(("names_world_nam_dict_given.txt",))
    for name in ("thuy", "naima", "kemal"):
        assert name in extra_given or name in faker_given
    assert "thuy" not in faker_given and "thuy" in extra_given     # Vietnamese, absent from Faker's vi_VN
    assert extra_given <= extra                                     # the lone-name list is a part of the cue list
    assert "aminata" in extra and "aminata" not in extra_given      # rare in the dictionary: after a cue only
    for word in ("fracture", "genou", "pierre", "rose", "marchand"):  # French words stay words
        assert word not in extra


@pytest.mark.parametrize(("text", "name"), [
    ("Le compte rendu a été transmis à Thuy pour relecture.", "Thuy"),    # no cue: a given name by itself
    ("Le bilan a été revu ce matin avec Naïma, puis expliqué.", "Naïma"),
    ("son voisin kemal passe le soir", "kemal"),                        # lower case after a kin word
])
def test_world_given_names(deid: Deidentifier, text: str, name: str) -> None:
    assert spans(deid, text).get(name) == "PERSON"


@pytest.mark.parametrize("text", [
    "Le compte rendu a été transmis à Aminata pour relecture.",   # a rare dictionary name is not a name alone
    "Fracture de Pouteau-Colles, stade de Salter.",               # eponyms stay eponyms
])
def test_world_given_hard_negatives(deid: Deidentifier, text: str) -> None:
    assert not spans(deid, text)

"""Integration fixes of session 15: a hospital's staff list is never vetoed, and the 'sentence after a role word'
veto fires only after a role word."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deduce_fr import Deidentifier
from deduce_fr.deidentifier import DEFAULT_CONFIG


def _tags(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.tag, s.text) for s in deid.annotate(text).spans]


@pytest.fixture(scope="module")
def staff_deid(tmp_path_factory: pytest.TempPathFactory) -> Deidentifier:
    folder: Path = tmp_path_factory.mktemp("staff")
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    # staff names that are also words, or that the rules would take for a term or a place
    (folder / "staff.txt").write_text("Incidences\nMarche\nJean Douleur\n", encoding="utf-8")
    cfg["lookups"]["extra_persons"] = ["staff.txt"]
    path = folder / "hospital.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return Deidentifier(config=path)


@pytest.mark.parametrize("text, name", [
    ("Indication : douleur.\nIncidences réalisées : face et profil.", "Incidences"),  # after a sentence's stop
    ("Vu ce jour. Marche sans aide.", "Marche"),
    ("Dossier relu par Jean Douleur.", "Jean Douleur"),
])
def test_a_staff_list_name_is_a_person_wherever_it_occurs(staff_deid: Deidentifier, text: str, name: str) -> None:
    assert ("PERSON", name) in _tags(staff_deid, text)


def test_without_the_list_those_words_are_left_alone(deid: Deidentifier) -> None:
    assert _tags(deid, "Indication : douleur.\nIncidences réalisées : face et profil.") == []


@pytest.mark.parametrize("text, word", [
    ("Échec des AINS et de la kiné. Discuter une infiltration.", "Discuter"),  # a role word: a sentence starts
    ("Suivi par l'infirmier. Revoir dans un mois.", "Revoir"),
])
def test_after_a_role_word_a_capitalised_word_starts_a_sentence(deid: Deidentifier, text: str, word: str) -> None:
    assert all(word not in t for _, t in _tags(deid, text))

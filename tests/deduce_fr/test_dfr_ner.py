"""The optional spaCy annotator at its boundary: a fake pipeline stands in for fr_core_news_md.

The real model is measured in docs/benchmarks.md; here we check the gates, that it is off by
default, and that enabling it without the model is a one-line config error.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from deduce_fr import Deidentifier
from deduce_fr import ner as ner_module
from deduce_fr.config import ConfigError
from deduce_fr.deidentifier import DEFAULT_CONFIG


@dataclass
class FakeEnt:
    start_char: int
    end_char: int
    label_: str


class FakeDoc:
    def __init__(self, ents: list[FakeEnt]) -> None:
        self.ents = ents


class FakeNlp:
    """Finds the entities it is told about, as spaCy would (including its usual mistakes)."""

    def __init__(self, entities: list[tuple[str, str]]) -> None:
        self.entities = entities

    def __call__(self, text: str) -> FakeDoc:
        ents = []
        for surface, label in self.entities:
            start = text.find(surface)
            if start >= 0:
                ents.append(FakeEnt(start, start + len(surface), label))
        return FakeDoc(ents)


def _config(enabled: bool, only_ner: bool = False) -> dict:
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for spec in cfg["annotators"]:
        if spec["name"] == "ner":
            spec["enabled"] = enabled
    if only_ner:
        cfg["annotators"] = [a for a in cfg["annotators"] if a["name"] == "ner"]
    return cfg


TEXT = ("Vu par le Dr Zorglub Kwaku. Fracture de Pouteau-Colles. IRM du genou. Vacances à Tignes. "
        "Transfert au Centre Hospitalier Xyzville. Conclusion : Bonne évolution.")
FAKE = FakeNlp([("Dr Zorglub Kwaku", "PER"), ("Pouteau-Colles", "PER"), ("IRM", "ORG"), ("Tignes", "LOC"),
                ("Centre Hospitalier Xyzville", "ORG"), ("Conclusion", "PER"), ("Bonne", "LOC")])


def test_off_by_default_never_loads_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str) -> None:
        raise AssertionError("the model must not be loaded when the annotator is off")

    monkeypatch.setattr(ner_module, "load_model", refuse)
    assert Deidentifier().annotate("Dr Zorglub Kwaku").spans is not None


def test_gates_keep_names_places_institutions_and_drop_medical_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ner_module, "load_model", lambda name: FAKE)
    cfg = _config(True, only_ner=True)
    cfg["annotators"][0]["labels"] = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "INSTITUTION"}  # all three gates
    spans = {(s.tag, s.text) for s in Deidentifier(cfg).annotate(TEXT).spans}
    assert spans == {("PERSON", "Zorglub Kwaku"), ("LOCATION", "Tignes"),
                     ("INSTITUTION", "Centre Hospitalier Xyzville")}


def test_enabled_without_the_model_is_a_one_line_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    ner_module.load_model.cache_clear()
    monkeypatch.setattr(ner_module, "load_model", ner_module.load_model.__wrapped__)
    cfg = _config(True)
    for spec in cfg["annotators"]:
        if spec["name"] == "ner":
            spec["model"] = "fr_no_such_model_xx"
    with pytest.raises(ConfigError) as err:
        Deidentifier(cfg)
    assert "ner" in str(err.value) and "\n" not in str(err.value)

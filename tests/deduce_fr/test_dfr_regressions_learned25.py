"""Session 21's work on the learned layer (deduce_fr/learned.py, scripts/train_learned.py).

1. The newest writers' dev halves (v14a, v14b) are cross-validation folds.
2. The 'strict' gate: a new span the model proposes is dropped when it is title-cased prose opened by a preposition
   ('Contrôle Dans Trois Mois') or a short eponym with a grade ('Le Fort II'); names are kept.
3. The shipped layer leaves eponyms, grades and capitalised medical prose alone.
The texts are in our own words."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from deduce_fr import Deidentifier  # noqa: E402
from deduce_fr.deidentifier import config_without  # noqa: E402
from deduce_fr.learned import DATA, _prose_or_grade, propose  # noqa: E402
from deduce_fr.tokenizer import tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_learned_25", ROOT / "scripts" / "train_learned.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def rules() -> Deidentifier:
    return Deidentifier(config=config_without(None, "learned"))


def _spans(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans]


def test_v14_dev_halves_are_folds_and_no_heldout(trainer) -> None:
    assert {"v14a_dev", "v14b_dev", "v13a_dev", "v13b_dev"} <= set(trainer.CV_SETS)
    assert not any("heldout" in s for s in trainer.CV_SETS + trainer.EXTRA_SETS)
    with pytest.raises(SystemExit):
        trainer.case_file("v14b_heldout", DATA)


def test_strict_gate_drops_prose_and_grades() -> None:
    common = {"trois", "mois", "semaines", "fort", "le", "dans", "sous"}
    is_common = lambda w: w.lower() in common  # noqa: E731
    assert _prose_or_grade(["Dans", "Trois", "Mois"], is_common)  # a title-cased sentence
    assert _prose_or_grade(["Sous", "Trois", "Semaines"], is_common)
    assert _prose_or_grade(["Le", "Fort", "II"], is_common)  # an eponym's grade
    assert _prose_or_grade(["Tanner", "IIIb"], is_common)
    assert _prose_or_grade(["Fracture", "de", "Le", "Fort", "II"], lambda w: w.lower() in common | {"fracture", "de"})
    assert not _prose_or_grade(["Résidence", "Les", "Quatre", "Vents", "B"], is_common)  # a name word, 4+ words
    # names stay: an article may start one, a name word is no common word, no grade at the end
    assert not _prose_or_grade(["Les", "Glycines"], is_common)
    assert not _prose_or_grade(["Dans", "Vauxmont"], is_common)
    assert not _prose_or_grade(["Pôle", "Santé", "Ouest"], is_common)
    assert not _prose_or_grade([], is_common)


def test_strict_gate_is_read_from_the_settings() -> None:
    gate = json.loads((DATA / "learned_crf.json").read_text(encoding="utf-8"))["gate"]
    text = "Fracture de Le Fort II"
    tokens = tokenize(text)
    org = [{}] * 2 + [{"B-ORG": 0.9}, {"I-ORG": 0.9}, {"I-ORG": 0.9}]
    is_common = lambda w: w.lower() in {"le", "fort"}  # noqa: E731
    assert propose(text, tokens, org, [], 0.5, is_common=is_common) == [(12, 22, "INSTITUTION")]
    assert propose(text, tokens, org, [], 0.5, is_common=is_common, strict=True) == []
    assert gate.get("strict") is True


@pytest.mark.parametrize("text", [
    "Entorse de cheville avec fracture de type Weber B, traitée orthopédiquement.",
    "Fracture de Le Fort II après chute de vélo, avis en chirurgie maxillo-faciale.",
    "Luxation de l'articulation de Lisfranc, immobilisation six semaines.",
    "Signe de Babinski absent. Manœuvre de Lasègue négative. Score de Glasgow à 15.",
    "CONCLUSION : Examen Sans Particularité. Contrôle Dans Trois Mois.",
])
def test_shipped_layer_leaves_eponyms_and_titles(text: str, rules: Deidentifier, deid_default: Deidentifier) -> None:
    assert _spans(deid_default, text) == _spans(rules, text)

"""Session 20's work on the learned layer's training (scripts/train_learned.py).

1. The two newest writers' dev halves (v13a, v13b) are cross-validation folds.
2. The degradation of the rules' spans in training is drawn per span: a rule change that adds or drops one span of a
   text leaves every other span's draw as it was (one generator per text re-drew every later span: a different
   model on every rule change, the retrain-to-retrain variance).
3. ``samples`` degraded copies per text, each its own draw, with the penalties and the feature cut-off scaled to
   match; still bit for bit reproducible.
4. The shipped layer leaves medical prose full of eponyms and capitalised section titles alone.
The texts are in our own words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from deduce_fr import Deidentifier  # noqa: E402
from deduce_fr.tokenizer import tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_learned_23", ROOT / "scripts" / "train_learned.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _row(text: str, names: list[str], tag: str = "PERSON") -> dict:
    rules = []
    for name in names:
        s = text.index(name)
        rules.append((s, s + len(name), tag))
    return {"text": text, "rules": rules, "tokens": tokenize(text), "labels": ["O"] * len(tokenize(text)), "gold": []}


def test_newest_dev_halves_are_folds_and_no_heldout(trainer) -> None:
    assert {"v13a_dev", "v13b_dev"} <= set(trainer.CV_SETS)
    assert not any("heldout" in s for s in trainer.CV_SETS + trainer.EXTRA_SETS)


def test_one_more_rule_span_redraws_no_other_span(trainer) -> None:
    names = ["Armelle Quintard", "Basile Oudot", "Corentin Le Gall", "Delphine Arnoult", "Eudes Marchal",
             "Firmin Roux", "Gisèle Pasquier", "Hervé Lamotte"]
    text = "Présents à la réunion de famille : " + ", ".join(names) + " et le voisin Ignace Berthelot."
    before = _row(text, names)
    after = _row(text, ["Ignace Berthelot", *names])  # a new rule finds one more name, listed first
    kept_before = set(trainer.degrade(before, 0.5))
    kept_after = set(trainer.degrade(after, 0.5))
    assert kept_after - {x for x in kept_after if text[x[0]:x[1]] == "Ignace Berthelot"} == kept_before
    assert 0 < len(kept_before) < len(names)  # (some dropped, some kept at this rate)
    assert trainer.degrade(before, 0.5) == trainer.degrade(before, 0.5)  # deterministic
    assert trainer.degrade(before, 0.0) == before["rules"]


def test_each_sample_is_its_own_draw(trainer) -> None:
    names = [f"{a} {b}" for a, b in zip(("Léon", "Maud", "Noël", "Odile", "Pascal", "Rémi", "Solène", "Tanguy",
                                          "Ursule", "Victor"),
                                         ("Abadie", "Bonnaud", "Caradec", "Daunay", "Estève", "Ferrand", "Gaudin",
                                          "Huchet", "Imbert", "Jaouen"))]
    row = _row("Équipe soignante : " + " ; ".join(names) + ".", names)
    draws = {tuple(trainer.degrade(row, 0.5, seed)) for seed in range(4)}
    assert len(draws) > 1


def test_samples_train_bit_for_bit_and_scale_the_penalties(trainer, tmp_path: Path, monkeypatch) -> None:
    import pycrfsuite

    seen = []
    real = pycrfsuite.Trainer.set_params
    monkeypatch.setattr(pycrfsuite.Trainer, "set_params", lambda self, p: (seen.append(dict(p)), real(self, p))[1])
    args = ["--sets", "v13a_dev", "--limit", "6", "--max-iterations", "10", "--samples", "3"]
    assert trainer.main([*args, "--out", str(tmp_path / "a")]) == 0
    assert trainer.main([*args, "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()
    base = trainer.TRAIN_PARAMS
    assert seen[0]["c1"] == pytest.approx(3 * base["c1"]) and seen[0]["c2"] == pytest.approx(3 * base["c2"])
    assert seen[0]["feature.minfreq"] == 3 * base["feature.minfreq"]


@pytest.mark.parametrize("text", [
    "Cheville droite : fracture bimalléolaire type Weber B, réduite selon la technique de Lisfranc. Suites simples.",
    "Bilan : signe de Babinski absent, manœuvre de Lasègue négative. Conclusion : Examen Normal.",
    "Antécédents : Maladie de Crohn, syndrome de Gougerot-Sjögren. Traitement : Pentasa, Doliprane.",
])
def test_default_adds_nothing_to_eponym_prose(deid: Deidentifier, deid_default: Deidentifier, text: str) -> None:
    spans = [(s.start_char, s.end_char, s.tag) for s in deid_default.annotate(text).spans]
    assert spans == [(s.start_char, s.end_char, s.tag) for s in deid.annotate(text).spans]

"""Session 22's work on the learned layer (deduce_fr/learned.py, scripts/train_learned.py).

1. The newest writers' dev halves (v15a, v15b) are cross-validation folds (27 folds), never a held-out half.
2. The gate proof (``_Scorer.proved``) builds the last level of its window products only where a window is read
   (each position's left window and its right one) instead of at every token: the same products in the same order,
   so the same decisions bit for bit as doubling over every start (the reference below, main's code before).
3. ``_next_to`` bisects the tokens by key instead of building every token's offsets: the same start tokens.
4. The shipped layer still adds the organisation a cue-less sentence names and leaves eponyms alone.
The texts are in our own words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pycrfsuite")

from deduce_fr import Deidentifier  # noqa: E402
from deduce_fr.deidentifier import config_without  # noqa: E402
from deduce_fr.learned import DATA, _next_to, rule_labels  # noqa: E402
from deduce_fr.tokenizer import tokenize  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trainer():
    spec = importlib.util.spec_from_file_location("train_learned_27", ROOT / "scripts" / "train_learned.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def annotator():
    deid = Deidentifier()
    assert deid.learned
    return deid.learned[0]


def _reference_proved(scorer, scores, positions, masks, gate, window=8):
    """The proof as main computed it before session 22: the window products doubled at every start."""
    n, size = scores.shape
    o = scorer.index["O"]
    x = np.exp(scores - scores[:, o : o + 1])
    steps = np.empty((n + 2 * window - 1, size, size))
    steps[:window] = steps[window + n - 1 :] = scorer.eye
    np.multiply(scorer.exp_trans[None, :, :], x[1:, None, :], out=steps[window : window + n - 1])
    span = 1
    while span < window:
        steps = steps[: len(steps) - span] @ steps[span:]
        span *= 2
    left = steps[positions]
    if positions[0] < window:
        start = positions < window
        left[start] = x[0][None, None, :] @ left[start]
    right = steps[positions + window]
    if positions[-1] + window > n - 1:
        end = positions + window > n - 1
        right[end] = right[end].sum(axis=2, keepdims=True)
    p = len(positions)
    total = gate * (left @ right)
    part = (left[:, None, :, :] * masks[None, :, None, :]) @ right[:, None, :, :]
    return (part < total[:, None]).reshape(p, len(masks), size * size).all(axis=2)


def test_every_writer_dev_half_is_a_fold_and_no_heldout(trainer) -> None:
    """A new writer's dev half is a cross-validation fold as soon as it ships (v15 in session 22, v16 in 23)."""
    dev_halves = {p.name[len("cases_"):-len(".json")] for p in DATA.glob("cases_v*_dev.json")}
    assert {"v15a_dev", "v16b_dev"} <= dev_halves <= set(trainer.CV_SETS)
    assert len(trainer.CV_SETS) == len(set(trainer.CV_SETS))
    assert not any("heldout" in s for s in trainer.CV_SETS + trainer.EXTRA_SETS)
    with pytest.raises(SystemExit):
        trainer.case_file("v15b_heldout", DATA)


@pytest.mark.parametrize("window", [1, 2, 4, 8, 16])
def test_proof_is_bit_for_bit_the_full_doubling(annotator, window: int) -> None:
    scorer = annotator._model.scorer
    masks, _ = annotator._groups()
    rng = np.random.default_rng(27)
    size = len(scorer.labels)
    for n in (1, 2, 3, 7, 9, 17, 40, 120):
        for scale in (1.0, 6.0, 300.0):  # (300: windows that underflow or overflow)
            scores = rng.normal(0.0, scale, (n, size))
            for take in (1, 3, n):  # few positions, some, every token (sorted, distinct)
                positions = np.sort(rng.choice(n, size=min(take, n), replace=False)).astype(np.intp)
                for gate in (0.5 / 1.01, np.full((len(positions), 1, 1), 0.3)):
                    with np.errstate(all="ignore"):
                        got = scorer.proved(scores, positions, masks, gate, window=window)
                        want = _reference_proved(scorer, scores, positions, masks, gate, window=window)
                    assert got.shape == want.shape and np.array_equal(got, want)


def test_next_to_by_key_matches_offset_lists() -> None:
    text = "Adressée par la clinique Les Mimosas de Vauzelles au cabinet Orvani, puis Centre Keravel."
    tokens = tokenize(text)

    def at(word: str) -> tuple[int, int]:
        s = text.index(word)
        return s, s + len(word)

    rules = [(*at("clinique Les Mimosas"), "INSTITUTION"), (*at("Vauzelles"), "LOCATION"),
             (*at("cabinet Orvani"), "INSTITUTION"), (*at("Centre Keravel"), "INSTITUTION")]
    tags = rule_labels(tokens, rules)
    ends, starts = [t[2] for t in tokens], [t[1] for t in tokens]
    import bisect

    for sides in ("left", "right", "both", "left+", "right+", "both+"):
        want = []
        left, right, absorb = "left" in sides or "both" in sides, "right" in sides or "both" in sides, "+" in sides
        for s, e, tag in rules:
            if tag != "INSTITUTION":
                continue
            a, b = bisect.bisect_right(ends, s), bisect.bisect_left(starts, e)
            if left and a > 0 and (tags[a - 1] == "O" or absorb and tags[a - 1] in ("B-LOCATION", "I-LOCATION",
                                                                                     "B-PERSON", "I-PERSON")):
                want.append(a - 1)
            if right and b < len(tokens) and (tags[b] == "O" or absorb and tags[b] in ("B-LOCATION", "I-LOCATION",
                                                                                       "B-PERSON", "I-PERSON")):
                want.append(b)
        assert _next_to(tokens, tags, rules, sides) == want
    assert _next_to(tokens, tags, [], "both") == []


@pytest.mark.parametrize("text", [
    "Syndrome du canal carpien opéré selon la technique de Phalen, test de Tinel négatif.",
    "Classification de Garden III, prothèse intermédiaire posée sans incident.",
    "Maladie de Crohn iléale, sous azathioprine depuis deux ans.",
])
def test_shipped_layer_leaves_eponyms(text: str) -> None:
    rules = Deidentifier(config=config_without(None, "learned"))
    default = Deidentifier()
    assert [(s.text, s.tag) for s in default.annotate(text).spans] == [(s.text, s.tag)
                                                                         for s in rules.annotate(text).spans]

"""Zero-shot strategies, retrieval and the equality with clip_benchmark's zero-shot top-1."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from eval_testkit import encoder_fixture, one_torch_thread_fixture, png_bytes  # noqa: F401 - fixtures, requested by name
from scipy.special import expit
from torch.utils.data import DataLoader, Dataset

from eval.data import EvalDataset, load_image
from eval.embeddings import EmbeddingCache
from eval.metrics import auroc
from eval.prompts import TaskPrompts, load_prompts, prompts_for
from eval.zeroshot import (
    STRATEGIES,
    TextBank,
    image_report_recall,
    retrieval,
    strategy_scores,
    study_level,
    zero_shot,
)

E = np.eye(4)
PROMPTS = TaskPrompts(positive="pos", normal="normal", subclasses=("sub1", "sub2"), enumeration="enum")
TEXTS = {
    "normal": E[0],
    "pos": (0.2 * E[0] + E[1]) / np.sqrt(1.04),
    "enum": E[2],
    "sub1": E[2],
    "sub2": E[3],
}


def fake_text(texts: list[str]) -> np.ndarray:
    return np.stack([TEXTS[t] for t in texts])


def test_four_strategies_give_different_correct_scores() -> None:
    bank = TextBank.encode(PROMPTS, fake_text)
    images = np.stack([E[1], E[2], E[3], E[0]])
    r = 1 / np.sqrt(1.04)
    expected = {
        "text_binary": expit([r, 0.0, 0.0, 0.2 * r - 1]),
        "text_enumeration": expit([0.0, 1.0, 0.0, -1.0]),
        "latent_min": expit([0.0, 1.0, 1.0, -1.0]),
        "latent_mean": expit([0.0, np.sqrt(0.5), np.sqrt(0.5), -1.0]),
    }
    scores = {s: strategy_scores(images, bank, s, logit_scale=1.0) for s in STRATEGIES}
    for s in STRATEGIES:
        np.testing.assert_allclose(scores[s], expected[s], atol=1e-12)
    for a in STRATEGIES:
        for b in STRATEGIES:
            if a != b:
                assert not np.allclose(scores[a], scores[b])
    labels = np.array([0, 1, 1, 0])
    results = zero_shot(images, labels, ["a", "b", "c", "d"], bank, 1.0, per_study=False, n_boot=50)
    assert [r.auroc for r in results] == pytest.approx([0.5, 0.875, 1.0, 1.0])


def test_study_level_is_mean_over_images() -> None:
    scores, labels, ids = study_level(np.array([0.2, 0.4, 0.9]), np.array([1, 1, 0]), ["s1", "s1", "s2"])
    assert ids == ["s1", "s2"]
    np.testing.assert_allclose(scores, [0.3, 0.9])
    np.testing.assert_allclose(labels, [1, 0])


def test_retrieval_precision_folds_and_chance() -> None:
    rng = np.random.default_rng(0)
    labels = np.array([1] * 30 + [0] * 70)
    images = np.where(labels[:, None] == 1, E[2], E[0]) + rng.normal(0, 0.05, (100, 4))
    images /= np.linalg.norm(images, axis=1, keepdims=True)
    bank = TextBank.encode(PROMPTS, fake_text)
    rows = retrieval(images, labels, bank, 10.0, ("text_enumeration", "text_binary"), ks=(5, 10), n_folds=5,
                     ranking="contrast")
    enum5 = next(r for r in rows if r["strategy"] == "text_enumeration" and r["k"] == 5)
    assert enum5["precision_mean"] == 1.0 and enum5["precision_std"] == 0.0
    assert enum5["folds"] == 5 and enum5["fold_size"] == 20 and enum5["chance"] == pytest.approx(0.3)
    binary10 = next(r for r in rows if r["strategy"] == "text_binary" and r["k"] == 10)
    assert binary10["precision_mean"] == pytest.approx(0.6)  # 6 positives per fold: all ranked first


def test_retrieval_query_ranking_matches_a_plain_numpy_sklearn_reference() -> None:
    """The reference's retrieval: 5 stratified folds (scikit-learn) over all images, each fold's images ranked
    by cosine similarity to the query embedding, P@k = positives among the top k; recomputed independently."""
    from sklearn.metrics import precision_score
    from sklearn.model_selection import StratifiedKFold

    rng = np.random.default_rng(1)
    n = 200
    labels = (rng.random(n) < 0.3).astype(int)
    images = rng.normal(size=(n, 4)) + np.where(labels[:, None] == 1, 0.8 * E[2] + 0.5 * E[1], 0.8 * E[0])
    images /= np.linalg.norm(images, axis=1, keepdims=True)
    bank = TextBank.encode(PROMPTS, fake_text)
    queries = {
        "negation": TEXTS["pos"] - TEXTS["normal"],
        "text_enumeration": TEXTS["enum"],
        "latent_mean": (TEXTS["sub1"] + TEXTS["sub2"]) / 2,
    }
    rows = retrieval(images, labels, bank, 10.0, tuple(queries), ks=(10, 25), n_folds=5, seed=3)
    folds = [test for _, test in StratifiedKFold(5, shuffle=True, random_state=3).split(images, labels)]
    for strategy, q in queries.items():
        sim = images @ (q / np.linalg.norm(q))
        for k in (10, 25):
            per_fold = []
            for f in folds:
                top = f[np.argsort(-sim[f], kind="stable")[:k]]
                per_fold.append(precision_score(labels[top], np.ones(k, int), zero_division=0))
            row = next(r for r in rows if r["strategy"] == strategy and r["k"] == k)
            assert row["ranking"] == "query" and row["n_images"] == n
            assert row["precision_mean"] == pytest.approx(np.mean(per_fold), abs=1e-12)
            assert row["precision_std"] == pytest.approx(np.std(per_fold, ddof=1), abs=1e-12)
    # the strategies rank differently, and the query ranking is not the contrast one
    means = {r["strategy"]: r["precision_mean"] for r in rows if r["k"] == 25}
    assert len(set(means.values())) > 1
    contrast = retrieval(images, labels, bank, 10.0, ("text_enumeration",), ks=(25,), n_folds=5, seed=3,
                         ranking="contrast")
    assert contrast[0]["precision_mean"] != means["text_enumeration"]


def test_image_report_recall_against_chance() -> None:
    reports = np.eye(8)
    images = reports[[0, 0, 1, 2, 3, 7]] + 0.01
    out = image_report_recall(images, ["s0", "s0", "s1", "s2", "s3", "s7"], reports, [f"s{i}" for i in range(8)], (1, 5))
    assert out["recall@1"] == 1.0 and out["chance@5"] == pytest.approx(5 / 8)


def test_prompt_files_load_and_match_tasks() -> None:
    for name in ("mura", "fracatlas", "ours"):
        assert load_prompts(name)
    mura = prompts_for("mura", "abnormal")
    assert mura is not None and "," in mura.enumeration and len(mura.subclasses) >= 3
    assert prompts_for("ours", "Fracture") is not None
    assert prompts_for("ours", "no-such-task") is None


class _Tiny(Dataset):
    classes = ["normal", "positive"]

    def __init__(self, sources: list[bytes], labels: list[int], preprocess) -> None:
        self.sources, self.labels, self.preprocess = sources, labels, preprocess

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, i: int):
        return self.preprocess(load_image(self.sources[i])), self.labels[i]


@pytest.mark.parametrize(
    ("strategy", "positive_templates"),
    [("text_binary", ["pos"]), ("text_enumeration", ["enum"]), ("latent_mean", ["sub1", "sub2"])],
)
def test_top1_equals_clip_benchmark(encoder, tmp_path, strategy: str, positive_templates: list[str]) -> None:
    from clip_benchmark.metrics import zeroshot_classification as cb

    prompts = TaskPrompts(
        positive="fracture du radius", normal="radiographie normale",
        subclasses=("fracture déplacée", "luxation de l'épaule"),
        enumeration="fracture déplacée, luxation de l'épaule",
    )
    words = {"pos": [prompts.positive], "enum": [prompts.enumeration], "sub1": [prompts.subclasses[0]],
             "sub2": [prompts.subclasses[1]]}
    sources = [png_bytes(v) for v in range(0, 240, 10)]
    labels = [i % 2 for i in range(len(sources))]
    templates = {"normal": [prompts.normal], "positive": [w for t in positive_templates for w in words[t]]}
    loader = DataLoader(_Tiny(sources, labels, encoder.preprocess), batch_size=8)
    # clip_benchmark's own classifier and logits; its evaluate()/accuracy() helpers fail under
    # numpy 2 (float() of a 1-element array), so top-1 is taken from its logits with its formula.
    with torch.no_grad():
        classifier = cb.zero_shot_classifier(encoder.clip, encoder.tokenizer, _Tiny.classes, templates, "cpu", amp=False)
        logits, target = cb.run_classification(encoder.clip, classifier, loader, "cpu", amp=False)
    expected_acc1 = float((logits.topk(1, 1)[1].squeeze(1) == target).float().mean())

    ds = EvalDataset(
        name="tiny", task="t", kind="binary", class_names=_Tiny.classes, image_ids=[str(i) for i in range(len(sources))],
        sources=sources, study_ids=[str(i) for i in range(len(sources))], patient_ids=["p"] * len(sources),
        splits=["test"] * len(sources), labels=np.array(labels), body_parts=["x"] * len(sources),
    )
    emb = EmbeddingCache(tmp_path).get(encoder, ds)
    bank = TextBank.encode(prompts, encoder.encode_text)
    (res,) = zero_shot(emb.embeddings, ds.labels, ds.study_ids, bank, encoder.logit_scale, (strategy,),
                       per_study=False, n_boot=0)
    assert res.accuracy == pytest.approx(expected_acc1)
    bench_scores = (logits[:, 1] - logits[:, 0]).numpy()  # same ranking as its softmax, without saturation
    assert auroc(ds.labels, res.scores) == pytest.approx(auroc(ds.labels, bench_scores), abs=1e-9)

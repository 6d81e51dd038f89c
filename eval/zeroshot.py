"""Zero-shot classification and retrieval with four prompt strategies.

Given L2-normalised image embeddings, each strategy builds one "positive" text
direction and compares it with the "normal" prompt:

- ``text_binary``: the class name vs the normal prompt;
- ``text_enumeration``: one prompt listing every sub-class, comma-separated;
- ``latent_min``: each sub-class prompt embedded separately, the nearest one counts;
- ``latent_mean``: the re-normalised mean of the sub-class embeddings.

The score is the softmax probability of the positive side at the model's
temperature, so that scores of different strategies are comparable.

Retrieval follows the reference: images are ranked by their similarity to one
query embedding per strategy ("negation": class prompt minus its negation,
"text_enumeration", "latent_mean"), precision@k over 5 folds of the evaluated
dataset; ``ranking="contrast"`` keeps the earlier positive-vs-normal ranking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from eval.metrics import bootstrap_auroc, mean_std, precision_at_k
from eval.prompts import TaskPrompts
from eval.spec import RETRIEVAL_STRATEGIES, STRATEGIES

TextEncoder = Callable[[list[str]], np.ndarray]


@dataclass
class TextBank:
    """Embeddings of every prompt of one task, encoded once and shared by the strategies."""

    positive: np.ndarray
    normal: np.ndarray
    enumeration: np.ndarray
    subclasses: np.ndarray

    @classmethod
    def encode(cls, prompts: TaskPrompts, encode_text: TextEncoder) -> TextBank:
        """Embed all prompts in one batch."""
        texts = [prompts.positive, prompts.normal, prompts.enumeration, *prompts.subclasses]
        emb = np.asarray(encode_text(texts), dtype=np.float64)
        return cls(positive=emb[0], normal=emb[1], enumeration=emb[2], subclasses=emb[3:])


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def strategy_similarities(image_emb: np.ndarray, bank: TextBank, strategy: str) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarity of each image to the positive side and to the normal prompt."""
    img = np.asarray(image_emb, dtype=np.float64)
    neg = img @ bank.normal
    if strategy == "text_binary":
        pos = img @ bank.positive
    elif strategy == "text_enumeration":
        pos = img @ bank.enumeration
    elif strategy == "latent_min":
        pos = (img @ bank.subclasses.T).max(axis=1)
    elif strategy == "latent_mean":
        pos = img @ _unit(bank.subclasses.mean(axis=0))
    else:
        raise ValueError(f"unknown zero-shot strategy {strategy!r}; choose from {STRATEGIES}")
    return pos, neg


def strategy_scores(image_emb: np.ndarray, bank: TextBank, strategy: str, logit_scale: float) -> np.ndarray:
    """Probability of the positive class: softmax over (positive, normal) logits."""
    pos, neg = strategy_similarities(image_emb, bank, strategy)
    return expit(logit_scale * (pos - neg))


def study_level(
    scores: np.ndarray, labels: np.ndarray, study_ids: list[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Mean score over each study's images (the label is the study's), in first-seen order."""
    order: dict[str, list[int]] = {}
    for i, s in enumerate(study_ids):
        order.setdefault(s, []).append(i)
    ids = list(order)
    agg = np.array([float(np.mean(scores[order[s]])) for s in ids])
    labs = np.array([float(labels[order[s][0]]) for s in ids])
    return agg, labs, ids


@dataclass
class ZeroShotResult:
    """AUROC with 95% bootstrap CI and top-1 accuracy of one strategy on one task."""

    strategy: str
    auroc: float
    ci_low: float
    ci_high: float
    accuracy: float
    n: int
    n_pos: int
    scores: np.ndarray
    labels: np.ndarray
    ids: list[str]

    def as_dict(self) -> dict[str, float | int | str]:
        """JSON-ready numbers (no per-sample arrays)."""
        return {
            "strategy": self.strategy, "auroc": self.auroc, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "accuracy": self.accuracy, "n": self.n, "n_pos": self.n_pos,
        }


def zero_shot(
    image_emb: np.ndarray, labels: np.ndarray, study_ids: list[str], bank: TextBank, logit_scale: float,
    strategies: tuple[str, ...] = STRATEGIES, per_study: bool = True, n_boot: int = 1000, seed: int = 0,
) -> list[ZeroShotResult]:
    """Score every strategy; with ``per_study`` the metric is computed on study means."""
    out = []
    for strategy in strategies:
        scores = strategy_scores(image_emb, bank, strategy, logit_scale)
        if per_study:
            scores, labs, ids = study_level(scores, labels, study_ids)
        else:
            labs, ids = np.asarray(labels, dtype=np.float64), list(study_ids)
        auc, lo, hi = bootstrap_auroc(labs, scores, n_boot=n_boot, seed=seed)
        acc = float(((scores > 0.5) == (labs > 0.5)).mean()) if labs.size else float("nan")
        out.append(ZeroShotResult(strategy, auc, lo, hi, acc, int(labs.size), int(labs.sum()), scores, labs, ids))
    return out


def stratified_folds(labels: np.ndarray, n_folds: int, seed: int) -> list[np.ndarray]:
    """Indices of ``n_folds`` disjoint folds with the same prevalence (sklearn's StratifiedKFold)."""
    from sklearn.model_selection import KFold, StratifiedKFold

    y = np.asarray(labels).astype(int)
    n_folds = max(1, min(n_folds, y.size))
    if n_folds == 1:
        return [np.arange(y.size)]
    counts = np.bincount(y) if y.size else np.array([0])
    if counts[counts > 0].min() >= n_folds:
        splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
        return [test for _, test in splitter.split(np.zeros(y.size), y)]
    return [test for _, test in KFold(n_splits=n_folds, shuffle=True, random_state=seed).split(np.zeros(y.size))]


def query_embedding(bank: TextBank, strategy: str) -> np.ndarray:
    """The reference's retrieval query of a strategy (unit vector): "negation", the class prompt minus its
    negation (the normal prompt); "text_enumeration", the prompt listing the sub-classes; "latent_mean", the
    mean of the sub-class prompt embeddings."""
    if strategy == "negation":
        return _unit(bank.positive - bank.normal)
    if strategy == "text_enumeration":
        return _unit(bank.enumeration)
    if strategy == "latent_mean":
        return _unit(bank.subclasses.mean(axis=0))
    raise ValueError(f"unknown retrieval query {strategy!r}; choose from {RETRIEVAL_STRATEGIES}")


def retrieval_scores(image_emb: np.ndarray, bank: TextBank, strategy: str, ranking: str, logit_scale: float) -> np.ndarray:
    """Ranking scores of the images for one strategy.

    ``ranking="query"`` (the reference): cosine similarity of each image to the strategy's query embedding.
    ``ranking="contrast"`` (this project's earlier variant): the zero-shot positive-vs-normal probability of
    the strategy ("negation" is then the zero-shot "text_binary").
    """
    img = np.asarray(image_emb, dtype=np.float64)
    if ranking == "query":
        return img @ query_embedding(bank, strategy)
    if ranking == "contrast":
        return strategy_scores(img, bank, "text_binary" if strategy == "negation" else strategy, logit_scale)
    raise ValueError(f"unknown retrieval ranking {ranking!r}: 'query' or 'contrast'")


def retrieval(
    image_emb: np.ndarray, labels: np.ndarray, bank: TextBank, logit_scale: float,
    strategies: tuple[str, ...] = RETRIEVAL_STRATEGIES, ks: tuple[int, ...] = (10, 50), n_folds: int = 5,
    seed: int = 0, ranking: str = "query",
) -> list[dict[str, float | int | str]]:
    """Precision@k of the images ranked highest for each strategy's text query, mean +- std over
    ``n_folds`` stratified folds of the images given (the reference: 5 folds over the evaluated dataset).

    ``chance`` is the positive rate: what a random ranking would reach.
    """
    y = np.asarray(labels, dtype=np.float64)
    folds = stratified_folds(y, n_folds, seed)
    rows = []
    for strategy in strategies:
        scores = retrieval_scores(image_emb, bank, strategy, ranking, logit_scale)
        for k in ks:
            values = [precision_at_k(y[f], scores[f], k) for f in folds]
            m, s = mean_std(values)
            rows.append({
                "strategy": strategy, "k": k, "precision_mean": m, "precision_std": s, "ranking": ranking,
                "folds": len(folds), "fold_size": int(min(len(f) for f in folds)) if folds else 0,
                "n_images": int(y.size), "chance": float(y.mean()) if y.size else float("nan"),
            })
    return rows


def image_report_recall(
    image_emb: np.ndarray, image_study: list[str], report_emb: np.ndarray, report_study: list[str],
    ks: tuple[int, ...] = (5,),
) -> dict[str, float | int]:
    """Image -> report retrieval: recall@k of each image's own report among all reports, with chance."""
    from eval.metrics import recall_at_k

    index = {s: i for i, s in enumerate(report_study)}
    keep = [i for i, s in enumerate(image_study) if s in index]
    out: dict[str, float | int] = {"n_images": len(keep), "n_reports": len(report_study)}
    if not keep:
        return out
    sim = np.asarray(image_emb, np.float64)[keep] @ np.asarray(report_emb, np.float64).T
    targets = np.array([index[image_study[i]] for i in keep])
    for k in ks:
        out[f"recall@{k}"] = recall_at_k(sim, targets, k)
        out[f"chance@{k}"] = min(k, len(report_study)) / len(report_study)
    return out

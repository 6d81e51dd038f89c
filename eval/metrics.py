"""Metrics for the evaluation: AUROC (with a fast bootstrap), precision@k, recall@k, MAE, CIs.

AUROC is computed from ranks (the Mann-Whitney statistic) so that a 1,000-resample
bootstrap is one vectorised numpy call instead of 1,000 scikit-learn calls; the
tests check every function against scikit-learn on the same arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.stats import rankdata
from scipy.stats import t as student_t


def auroc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve for binary labels (ties count one half); NaN if one class is absent."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(s)
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _auroc_rows(labels: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """AUROC of each row of 2-D (resamples x n) label/score arrays."""
    ranks = rankdata(scores, axis=1)
    y = labels.astype(bool)
    n_pos = y.sum(axis=1)
    n_neg = y.shape[1] - n_pos
    rank_sum = np.where(y, ranks, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
    auc[(n_pos == 0) | (n_neg == 0)] = np.nan
    return auc


def bootstrap_auroc(
    labels: np.ndarray, scores: np.ndarray, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float, float]:
    """AUROC and its percentile bootstrap CI (resampling cases with replacement).

    Resamples that contain a single class are skipped, as is usual for AUROC.
    """
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    point = auroc(y, s)
    if math.isnan(point) or n_boot <= 0:
        return point, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, y.size, size=(n_boot, y.size))
    boots = _auroc_rows(y[idx], s[idx])
    boots = boots[~np.isnan(boots)]
    if boots.size == 0:
        return point, float("nan"), float("nan")
    alpha = (1 - level) / 2
    lo, hi = np.quantile(boots, [alpha, 1 - alpha])
    return point, float(lo), float(hi)


def macro_auroc(labels: np.ndarray, probs: np.ndarray) -> float:
    """One-vs-rest AUROC averaged over the classes present (as sklearn's ``multi_class='ovr'``)."""
    y = np.asarray(labels).astype(int)
    p = np.asarray(probs, dtype=np.float64)
    values = [auroc(y == c, p[:, c]) for c in range(p.shape[1]) if 0 < (y == c).sum() < y.size]
    return float(np.mean(values)) if values else float("nan")


def mean_absolute_error(targets: np.ndarray, preds: np.ndarray) -> float:
    """Mean absolute error in the target's unit (degrees for HKA, months for bone age)."""
    return float(np.mean(np.abs(np.asarray(targets, np.float64) - np.asarray(preds, np.float64))))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first (stable on ties: earlier rows first)."""
    order = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    return order[: min(k, order.size)]


def precision_at_k(labels: np.ndarray, scores: np.ndarray, k: int) -> float:
    """Fraction of positives among the ``k`` items ranked highest (all items when fewer than k)."""
    y = np.asarray(labels, dtype=bool)
    if y.size == 0:
        return float("nan")
    return float(y[top_k(scores, k)].mean())


def recall_at_k(similarity: np.ndarray, targets: np.ndarray, k: int) -> float:
    """Fraction of queries (rows) whose true item (column ``targets[i]``) is among its k most similar."""
    sim = np.asarray(similarity, dtype=np.float64)
    t = np.asarray(targets, dtype=np.int64)
    if sim.shape[0] == 0:
        return float("nan")
    true = sim[np.arange(sim.shape[0]), t]
    better = (sim > true[:, None]).sum(axis=1)
    return float((better < k).mean())


def mean_ci(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval over seeds (NaN-width for a single value)."""
    v = np.asarray([x for x in values if not math.isnan(x)], dtype=np.float64)
    if v.size == 0:
        return float("nan"), float("nan"), float("nan")
    m = float(v.mean())
    if v.size == 1:
        return m, float("nan"), float("nan")
    half = float(student_t.ppf(0.5 + level / 2, v.size - 1) * v.std(ddof=1) / math.sqrt(v.size))
    return m, m - half, m + half


def mean_std(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (over retrieval folds)."""
    v = np.asarray([x for x in values if not math.isnan(x)], dtype=np.float64)
    if v.size == 0:
        return float("nan"), float("nan")
    return float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else 0.0

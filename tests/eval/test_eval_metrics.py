"""Every metric equals scikit-learn's (or scipy's) on the same arrays."""

from __future__ import annotations

import numpy as np
import pytest
from eval_testkit import one_torch_thread_fixture  # noqa: F401 - fixtures, requested by name
from scipy import stats
from sklearn import metrics as skm

from eval.metrics import (
    _auroc_rows,
    auroc,
    bootstrap_auroc,
    macro_auroc,
    mean_absolute_error,
    mean_ci,
    mean_std,
    precision_at_k,
    recall_at_k,
)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_auroc_equals_sklearn_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, 200)
    s = np.round(rng.normal(y * 0.7, 1.0), 1)  # rounding creates ties
    assert auroc(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=1e-12)


def test_vectorised_auroc_rows_equal_sklearn() -> None:
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, (6, 50))
    s = rng.normal(size=(6, 50))
    expected = [skm.roc_auc_score(y[i], s[i]) for i in range(6)]
    np.testing.assert_allclose(_auroc_rows(y, s), expected, atol=1e-12)


def test_auroc_single_class_is_nan() -> None:
    assert np.isnan(auroc(np.ones(5), np.arange(5)))


def test_bootstrap_ci_brackets_point_and_matches_manual_resampling() -> None:
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 120)
    s = rng.normal(y, 1.0)
    point, lo, hi = bootstrap_auroc(y, s, n_boot=300, seed=7)
    assert point == pytest.approx(skm.roc_auc_score(y, s))
    assert lo < point < hi
    idx = np.random.default_rng(7).integers(0, y.size, size=(300, y.size))
    manual = [skm.roc_auc_score(y[i], s[i]) for i in idx if 0 < y[i].sum() < y.size]
    assert (lo, hi) == pytest.approx(tuple(np.quantile(manual, [0.025, 0.975])), abs=1e-12)


def test_macro_auroc_equals_sklearn_ovr() -> None:
    rng = np.random.default_rng(5)
    y = rng.integers(0, 5, 300)
    logits = rng.normal(size=(300, 5)) + np.eye(5)[y]
    probs = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    expected = skm.roc_auc_score(y, probs, multi_class="ovr", average="macro")
    assert macro_auroc(y, probs) == pytest.approx(expected, abs=1e-12)


def test_mae_equals_sklearn() -> None:
    rng = np.random.default_rng(6)
    a, b = rng.normal(size=50), rng.normal(size=50)
    assert mean_absolute_error(a, b) == pytest.approx(skm.mean_absolute_error(a, b))


@pytest.mark.parametrize("k", [1, 10, 50, 500])
def test_precision_at_k_equals_sklearn_precision_of_top_k(k: int) -> None:
    rng = np.random.default_rng(k)
    y = rng.integers(0, 2, 200)
    s = rng.normal(y * 0.5, 1.0)
    pred = np.zeros(200, int)
    pred[np.argsort(-s)[: min(k, 200)]] = 1
    assert precision_at_k(y, s, k) == pytest.approx(skm.precision_score(y, pred))


@pytest.mark.parametrize("k", [1, 5, 10])
def test_recall_at_k_equals_sklearn_top_k_accuracy(k: int) -> None:
    rng = np.random.default_rng(8)
    sim = rng.normal(size=(40, 30))
    targets = rng.integers(0, 30, 40)
    expected = skm.top_k_accuracy_score(targets, sim, k=k, labels=np.arange(30))
    assert recall_at_k(sim, targets, k) == pytest.approx(expected)


def test_mean_ci_equals_scipy_t_interval() -> None:
    values = [0.71, 0.74, 0.69, 0.73, 0.75, 0.70, 0.72, 0.76]
    m, lo, hi = mean_ci(values)
    elo, ehi = stats.t.interval(0.95, len(values) - 1, loc=np.mean(values), scale=stats.sem(values))
    assert (m, lo, hi) == pytest.approx((np.mean(values), elo, ehi))
    assert mean_std(values) == pytest.approx((np.mean(values), np.std(values, ddof=1)))

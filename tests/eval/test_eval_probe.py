"""Linear probe, fine-tuning, multi-class and regression heads on small separable problems."""

from __future__ import annotations

import numpy as np
import torch
from eval_testkit import encoder_fixture, one_torch_thread_fixture, png_bytes  # noqa: F401 - fixtures, requested by name

from eval.data import EvalDataset
from eval.probe import ProbeConfig, ProbeHead, fine_tune, linear_probe, train_subset


def feature_ds(kind: str, n: int = 300, seed: int = 0, sex: bool = False) -> tuple[EvalDataset, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype(np.float32)
    if kind == "binary":
        y = (x[:, 0] + 0.3 * rng.normal(size=n) > 0).astype(float)
        classes = ["neg", "pos"]
    elif kind == "multiclass":
        y = np.digitize(x[:, 0], [-1.0, -0.3, 0.3, 1.0]).astype(float)
        classes = [f"KL{i}" for i in range(5)]
    else:
        male = rng.integers(0, 2, n).astype(np.float32)
        y = 100 + 30 * x[:, 0] + (15 * male if sex else 0)
        classes = []
    splits = ["train"] * (n * 6 // 10) + ["val"] * (n // 5) + ["test"] * (n - n * 6 // 10 - n // 5)
    ds = EvalDataset(
        name="f", task=kind, kind=kind, class_names=classes, image_ids=[str(i) for i in range(n)],
        sources=[""] * n, study_ids=[str(i) for i in range(n)], patient_ids=[str(i) for i in range(n)],
        splits=splits, labels=y, body_parts=["x"] * n, sex=male if kind == "regression" and sex else None,
    )
    return ds, x


FAST = ProbeConfig(max_epochs=60, lr=3e-2, batch_size=32, min_epoch_steps=5)


def test_linear_probe_binary_learns_and_keeps_best() -> None:
    ds, x = feature_ds("binary")
    out = linear_probe(ds, x, train_subset(ds, 1.0, 0), FAST, seed=0)
    assert out.metric_name == "auroc" and out.metric > 0.9
    assert len(out.ids) == ds.splits.count("test") and out.predictions.min() >= 0 and out.predictions.max() <= 1


def test_linear_probe_multiclass_macro_auroc() -> None:
    ds, x = feature_ds("multiclass")
    out = linear_probe(ds, x, train_subset(ds, 1.0, 0), FAST, seed=1)
    assert out.metric_name == "macro_auroc" and out.metric > 0.8
    assert out.predictions.shape == (ds.splits.count("test"), 5)
    np.testing.assert_allclose(out.predictions.sum(1), 1.0, atol=1e-5)


def test_regression_head_scaled_by_training_stats_and_uses_sex() -> None:
    ds, x = feature_ds("regression", sex=True)
    head = ProbeHead(8, 1, 0.2, mean=100.0, std=30.0, extra=1)
    assert head.linear.in_features == 9
    torch.testing.assert_close(head.to_unit(torch.zeros(2, 1)), torch.full((2,), 100.0))
    out = linear_probe(ds, x, train_subset(ds, 1.0, 0), ProbeConfig(max_epochs=150, lr=5e-2, min_epoch_steps=5), seed=0)
    spread = float(np.mean(np.abs(ds.labels - ds.labels.mean())))
    assert out.metric_name == "mae" and out.metric < 0.5 * spread


def test_train_subset_is_seeded_stratified_and_complete() -> None:
    ds, _ = feature_ds("binary", n=1000)
    a, b = train_subset(ds, 0.1, 3), train_subset(ds, 0.1, 3)
    np.testing.assert_array_equal(a, b)
    assert abs(a.size - 60) <= 2 and set(ds.labels[a]) == {0.0, 1.0}
    assert all(ds.splits[i] == "train" for i in a)
    assert not np.array_equal(a, train_subset(ds, 0.1, 4))
    assert train_subset(ds, 1.0, 0).size == ds.splits.count("train")
    tiny = train_subset(ds, 0.001, 0)
    assert set(ds.labels[tiny]) == {0.0, 1.0}  # never a single class


def test_fine_tune_unfreezes_encoder_after_frozen_steps(encoder) -> None:
    n = 24
    labels = np.array([i % 2 for i in range(n)], dtype=float)
    ds = EvalDataset(
        name="img", task="t", kind="binary", class_names=["a", "b"], image_ids=[str(i) for i in range(n)],
        sources=[png_bytes(int(30 + 180 * y) + i) for i, y in enumerate(labels)], study_ids=[str(i) for i in range(n)],
        patient_ids=[str(i) for i in range(n)], splits=["train"] * 16 + ["val"] * 4 + ["test"] * 4,
        labels=labels, body_parts=["x"] * n,
    )
    before = {k: v.clone() for k, v in encoder.visual.state_dict().items()}
    # 200 head-only steps on 16 images (25 passes over them): the encoder must still be unfrozen afterwards
    cfg = ProbeConfig(finetune_max_epochs=3, finetune_frozen_steps=200, finetune_lr=1e-3, lr=1e-2, batch_size=8,
                      stop_patience=1, min_epoch_steps=3)
    out = fine_tune(ds, encoder, train_subset(ds, 1.0, 0), cfg, seed=0)
    assert out.metric_name == "auroc" and len(out.ids) == 4 and 0.0 <= out.metric <= 1.0
    # then epochs of max(16 train images / batch 8, min_epoch_steps 3) = 3 steps (one pass and a half)
    assert out.unfrozen_at == 200 and out.steps == 200 + 3 * out.epochs
    assert out.epochs >= 1 and np.isfinite(out.best_val_loss)
    for k, v in encoder.visual.state_dict().items():  # the evaluated model itself is untouched
        torch.testing.assert_close(v, before[k])


def test_fine_tune_with_cached_features_equals_frozen_forward(encoder) -> None:
    """The frozen phase on cached features gives the same model as forwarding the frozen encoder."""
    from eval.embeddings import compute_embeddings

    n = 12
    labels = np.array([i % 2 for i in range(n)], dtype=float)
    ds = EvalDataset(
        name="img", task="t", kind="binary", class_names=["a", "b"], image_ids=[str(i) for i in range(n)],
        sources=[png_bytes(int(30 + 180 * y) + i) for i, y in enumerate(labels)], study_ids=[str(i) for i in range(n)],
        patient_ids=[str(i) for i in range(n)], splits=["train"] * 8 + ["val"] * 2 + ["test"] * 2,
        labels=labels, body_parts=["x"] * n,
    )
    cfg = ProbeConfig(finetune_max_epochs=1, finetune_frozen_steps=5, lr=1e-2, batch_size=4, min_epoch_steps=1)
    feats = compute_embeddings(encoder, ds.sources).features
    a = fine_tune(ds, encoder, train_subset(ds, 1.0, 0), cfg, seed=0, features=feats)
    b = fine_tune(ds, encoder, train_subset(ds, 1.0, 0), cfg, seed=0)
    np.testing.assert_allclose(a.predictions, b.predictions, atol=1e-5)


def _bench_rows(argv: list[str], capsys) -> list[dict[str, str]]:
    """Run ``bench/probe.py`` with ``argv``; its rows as dicts keyed by the header (exit code must be 0)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from probe import main

    assert main(argv) == 0  # every feature set's ratio ours/sklearn >= 0.99
    out = capsys.readouterr().out
    runs, summary = out.split("\n\n", 1)  # per-run rows, then one row per feature set
    assert "worst per-feature-set ratio ours/sklearn" in summary
    lines = runs.splitlines()
    header = lines[0].split()[2:]  # "feature set" is two words; names are the first len(name) words
    rows = []
    for line in lines[1:]:
        if line.startswith("sklearn "):
            rows.append(dict(zip(header, line.split()[-len(header):])))
    return rows


def test_linear_probe_matches_sklearn_logistic_regression(capsys) -> None:
    """``bench/probe.py --quick``: on fixed features (scikit-learn's breast_cancer, made by others) our probe
    trained with the reference protocol (lr 1e-4, weighted BCE, val-loss schedule) scores a test AUROC within
    0.01 of StandardScaler + LogisticRegression fitted on the same train split, and stops on the validation
    loss, not on the cap."""
    rows = _bench_rows(["--quick"], capsys)
    assert len(rows) == 1
    ours, ref = float(rows[0]["ours"]), float(rows[0]["sklearn"])
    assert ref > 0.98 and abs(ours - ref) <= 0.01, (ours, ref)
    assert rows[0]["end"] == "early_stop"


def test_linear_probe_matches_sklearn_on_a_second_independent_set() -> None:
    """The same comparison on scikit-learn's digits (label: digit >= 5; 1797 rows, 64 features), with lr 1e-3
    instead of 1e-4 so that it takes seconds (``bench/probe.py`` measures the default lr on it)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from probe import _dataset, ours, sklearn_auroc
    from sklearn.datasets import load_digits

    digits = load_digits()
    x, y = digits.data.astype(np.float64), (digits.target >= 5).astype(int)
    ds = _dataset(y, 0)
    got, ref = ours(x, ds, 0, ProbeConfig(lr=1e-3)), sklearn_auroc(x, ds)
    assert ref > 0.94 and abs(got.metric - ref) <= 0.01, (got.metric, ref)
    assert got.stopped == "early_stop"


def test_val_loss_schedule_halves_lr_and_stops() -> None:
    from eval.probe import ValLossStopper

    head = torch.nn.Linear(2, 1)
    opt = torch.optim.AdamW(head.parameters(), lr=1e-4)
    stopper = ValLossStopper(ProbeConfig(), opt, head)
    assert not stopper.step(1.0)
    losses = [1.1] * 9
    assert not any(stopper.step(v) for v in losses)
    assert opt.param_groups[0]["lr"] == 1e-4 * 0.5**3  # halved after 3, 6 and 9 epochs without improvement
    assert stopper.step(1.2)  # the 10th epoch without improvement stops
    stopper.armed = False
    assert not stopper.step(1.3)  # not armed (fine-tuning's frozen phase): never stops


def test_loss_and_se_match_the_losses_and_their_per_row_spread() -> None:
    """The mean is the loss module's own value (weighted BCE, class-weighted CE, smooth L1); the SE of a plain
    mean is std/sqrt(n), that of the weighted CE the ratio estimator's, which grows as rows are removed."""
    from eval.probe import loss_and_se

    g = torch.Generator().manual_seed(0)
    out, y = torch.randn(40, 1, generator=g), (torch.rand(40, 1, generator=g) > 0.7).float()
    bce = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor(2.5))
    mean, se = loss_and_se(bce, out, y)
    per = torch.nn.functional.binary_cross_entropy_with_logits(out, y, pos_weight=torch.tensor(2.5), reduction="none")
    assert abs(mean - float(bce(out, y))) < 1e-6 and abs(se - float(per.std() / 40**0.5)) < 1e-6
    logits, cls = torch.randn(40, 3, generator=g), torch.randint(0, 3, (40,), generator=g)
    ce = torch.nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1.0, 2.0]))
    mean, se = loss_and_se(ce, logits, cls)
    assert abs(mean - float(ce(logits, cls))) < 1e-6 and 0 < se < mean
    assert loss_and_se(ce, logits[:10], cls[:10])[1] > se
    reg, target = torch.randn(40, 1, generator=g), torch.randn(40, 1, generator=g)
    assert abs(loss_and_se(torch.nn.SmoothL1Loss(), reg, target)[0] - float(torch.nn.SmoothL1Loss()(reg, target))) < 1e-6


def test_one_se_selection_keeps_the_latest_epoch_within_one_se_of_the_lowest() -> None:
    from eval.probe import ValLossStopper

    head = torch.nn.Linear(1, 1)
    for selection, kept_epoch in (("one_se", 3), ("best", 1)):
        stopper = ValLossStopper(ProbeConfig(selection=selection), torch.optim.AdamW(head.parameters()), head)
        # epochs 1-4: lowest loss 1.0 (SE 0.1) at epoch 1, 1.08 at 3 (within one SE), 1.2 at 4 (outside)
        for epoch, (loss, se) in enumerate([(1.0, 0.1), (1.15, 0.1), (1.08, 0.1), (1.2, 0.1)], start=1):
            head.weight.data.fill_(epoch)
            stopper.step(loss, se)
        stopper.restore()
        assert float(head.weight.detach()) == kept_epoch and stopper.best == 1.0


def test_small_validation_split_warns_and_cross_fits(caplog) -> None:
    """23 validation rows (< min_val_rows 50): a warning, then 5 heads cross-fitted on train + val rows (each row
    validated by the head that did not train on it), averaged into one head that still scores the test rows."""
    import logging

    from eval.probe import _cross_fit_folds

    ds, x = feature_ds("binary", n=115)
    val = np.flatnonzero([s == "val" for s in ds.splits])
    assert val.size == 23
    folds = _cross_fit_folds(ds, train_subset(ds, 1.0, 0), val, ProbeConfig(), np.random.default_rng(0))
    pool = np.sort(np.concatenate(folds))
    np.testing.assert_array_equal(pool, np.flatnonzero([s != "test" for s in ds.splits]))  # each row once
    rates = [ds.labels[f].mean() for f in folds]
    assert len(folds) == 5 and max(rates) - min(rates) < 0.1  # stratified
    quick = ProbeConfig(**{**FAST.__dict__, "max_epochs": 20})
    with caplog.at_level(logging.WARNING, logger="eval.probe"):
        out = linear_probe(ds, x, train_subset(ds, 1.0, 0), quick, seed=0)
    assert "cross-fitted validation" in caplog.text and out.protocol == "cross-fit5"
    assert out.metric > 0.9 and len(out.ids) == ds.splits.count("test")
    plain = linear_probe(ds, x, train_subset(ds, 1.0, 0), ProbeConfig(**{**quick.__dict__, "min_val_rows": 0}), seed=0)
    assert plain.protocol == "train/val"


def test_l2_gives_separable_features_a_finite_optimum() -> None:
    """On linearly separable features the weighted BCE alone has no minimum: the weights grow for as long as
    training runs. With the default L2 (|W|^2 / 2n) they settle at the penalised optimum (largest logit 4.9 vs 6.7)."""
    rng = np.random.default_rng(0)
    ds, _ = feature_ds("binary")
    x = rng.normal(size=(len(ds), 8)).astype(np.float32)
    x[:, 0] = np.where(ds.labels > 0.5, 1.0, -1.0) * (1.0 + rng.random(len(ds)))  # a margin of 2 on feature 0
    cfg = ProbeConfig(max_epochs=300, lr=3e-2, batch_size=64, min_epoch_steps=2, stop_patience=1000)
    weights = {}
    for l2 in (1.0, 0.0):
        head_cfg = ProbeConfig(**{**cfg.__dict__, "l2": l2})
        out = linear_probe(ds, x, train_subset(ds, 1.0, 0), head_cfg, seed=0)
        assert out.metric == 1.0 and out.steps == 900
        weights[l2] = -np.log(1 / out.predictions.max() - 1)  # the largest test logit
    assert weights[1.0] < 0.8 * weights[0.0], weights

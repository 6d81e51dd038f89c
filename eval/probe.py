"""Trained evaluation: linear probe on cached CLS features and full fine-tuning.

Follows the reference protocol's schedule: one linear layer on the image CLS token (standardised by the
training rows' mean/std), started at zero; BCE weighted by the negative/positive ratio (class-weighted
cross-entropy for KL 0-4); AdamW at lr 1e-4; LR halved after 3 epochs without improvement of the validation
LOSS, stop after 10; epochs of at least 500 steps. ``ProbeConfig`` says why each default differs from the
reference: the weights kept are the latest within one standard error of the lowest validation loss, a
validation split of fewer than 50 rows is replaced by cross-fitting (with a warning), and the reference's
dropout 0.2 by an L2 of 1/n (scikit-learn's C=1). Fine-tuning trains the head alone for 200 steps, then
unfreezes the whole encoder at lr 1e-6. Regression heads output ``linear(x) * std + mean`` of the training
targets and train with smooth L1 on the standardised scale; bone age takes the patient's sex as an extra input.
"""

from __future__ import annotations

import copy
import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from eval.data import EvalDataset
from eval.embeddings import _Images
from eval.encoders import Encoder, visual_features
from eval.metrics import auroc, macro_auroc, mean_absolute_error
from eval.zeroshot import study_level

log = logging.getLogger(__name__)


@dataclass
class ProbeConfig:
    """Hyper-parameters of linear probing and fine-tuning (defaults are the reference's, except as noted).

    An "epoch" (of the linear probe, and of fine-tuning once the encoder is unfrozen) is one pass over the
    training subset, made at least ``min_epoch_steps`` optimizer steps long. Why: AdamW moves each weight by
    at most about ``lr`` per step, so at lr 1e-4 a head
    whose optimum has weights near 1-2 (standardised features) needs 10^4-10^5 steps. The reference's sets
    had hundreds to thousands of steps per pass, so its patience (LR halved after 3 epochs, stop after 10)
    meant "the weights moved a lot and the validation loss did not improve". On a set of a few hundred rows a
    pass is a handful of steps: the weights barely move in 10 passes, mini-batch noise passes for
    a plateau, the LR is halved and training stops far from the optimum (issue 15: AUROC 0.52-0.72 against
    scikit-learn's 0.962). With 500-step epochs the patience is again a real distance; ``max_epochs`` is only
    a safety cap (200 x 500 steps), not the usual end. On sets of 32,000+ training rows (batch 64) a pass is
    already 500 steps and nothing changes.

    ``l2``: the linear probe's loss adds ``l2 * ||W||^2 / (2 n_train)`` (W: weights, not the bias), the mean-loss
    form of scikit-learn's ``LogisticRegression(C=1 / l2)`` penalty. It gives every head a finite optimum,
    so on separable features the validation loss levels off and the early stop usually ends the run (without
    it the weights grow until the step cap: wine in docs/benchmarks.md); as 1/n it vanishes on large sets, unlike dropout, whose penalty grows
    with n (Wager et al. 2013) and on a few features of low redundancy acts as a fixed shrinkage that changes
    the direction of the weights (diabetes, 10 features: AUROC 0.844 vs 0.858 without dropout). Hence the
    default dropout 0 (the reference's 0.2 remains ``dropout=0.2``; on 768-d ViT features it is mild).

    ``selection`` is the checkpoint kept: ``"best"``, the lowest validation loss (the reference), or
    ``"one_se"`` (default), the most trained checkpoint whose validation loss is within one standard error of
    the lowest (the SE of the mean per-sample loss of the lowest's epoch). Differences smaller than the
    validation loss's own sampling error are no evidence for an earlier, less trained head (the head starts at
    the constant predictor, so less trained means more shrunk towards it); the larger the validation split,
    the smaller the SE and the closer the two rules. ``min_val_rows``: with fewer
    validation rows (the iris bench: 23) the loss cannot select anything (a constant can beat the
    converged fit on it), so the probe warns and cross-fits instead: ``cross_fit_folds`` heads trained in
    lockstep, each on all but one fold of train + val rows, one schedule driven by the loss of every row
    predicted by the head that did not train on it, and the heads' average as the result (as scikit-learn's
    ``LogisticRegressionCV(refit=False)`` averages its folds' coefficients). ``cross_fit_folds < 2`` turns it off.
    """

    max_epochs: int = 200
    min_epoch_steps: int = 500
    batch_size: int = 64
    lr: float = 1e-4
    weight_decay: float = 1e-2
    dropout: float = 0.0
    l2: float = 1.0
    selection: str = "one_se"
    min_val_rows: int = 50
    cross_fit_folds: int = 5
    plateau_patience: int = 3
    stop_patience: int = 10
    lr_factor: float = 0.5
    standardize: bool = True
    finetune_frozen_steps: int = 200
    finetune_lr: float = 1e-6
    finetune_max_epochs: int = 50
    num_workers: int = 0


class ProbeHead(nn.Module):
    """Feature standardisation (training statistics) + dropout + one linear layer; regression output is
    rescaled to the target's unit. Standardising is a reparametrisation of the same linear model that
    puts every feature on one scale for the optimizer (as scikit-learn users do with StandardScaler)."""

    def __init__(
        self, in_dim: int, out_dim: int, dropout: float, mean: float = 0.0, std: float = 1.0, extra: int = 0,
        feature_mean: np.ndarray | None = None, feature_std: np.ndarray | None = None,
    ) -> None:
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.linear = nn.Linear(in_dim + extra, out_dim)
        # Zero start: the balanced constant predictor (weighted BCE's optimal constant is logit 0), so early
        # stopping shrinks towards "no information" (the ridge path) instead of towards a random head, as
        # linear-probe code does (DINO, MoCo v3: weights N(0, 0.01), bias 0). PyTorch's default init put
        # weights up to 1/sqrt(d) in a random direction, which the val-loss checkpoint could keep.
        nn.init.zeros_(self.linear.weight)
        nn.init.zeros_(self.linear.bias)
        self.register_buffer("mean", torch.tensor(float(mean)))
        self.register_buffer("std", torch.tensor(float(std)))
        mu = np.zeros(in_dim, np.float32) if feature_mean is None else np.asarray(feature_mean, np.float32)
        sd = np.ones(in_dim, np.float32) if feature_std is None else np.asarray(feature_std, np.float32)
        self.register_buffer("feature_mean", torch.tensor(mu))
        self.register_buffer("feature_std", torch.tensor(np.where(sd > 1e-8, sd, 1.0).astype(np.float32)))

    def forward(self, x: torch.Tensor, extra: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (classification) or standardised prediction (regression)."""
        return self.from_standardized(self.standardize(x), extra)

    def standardize(self, x: torch.Tensor) -> torch.Tensor:
        """Features on the training rows' scale (fixed features are standardised once, not every step)."""
        return (x - self.feature_mean) / self.feature_std

    def from_standardized(self, x: torch.Tensor, extra: torch.Tensor | None = None) -> torch.Tensor:
        """The head on already standardised features."""
        if extra is not None:
            x = torch.cat([x, extra.unsqueeze(1).to(x.dtype)], dim=1)
        return self.linear(self.drop(x))

    def to_unit(self, out: torch.Tensor) -> torch.Tensor:
        """Regression output in the target's unit: scaled and shifted by the training statistics."""
        return out.squeeze(1) * self.std + self.mean


@dataclass
class ProbeOutcome:
    """Test metric plus per-sample predictions of one trained head."""

    metric: float
    metric_name: str
    predictions: np.ndarray
    ids: list[str]
    labels: np.ndarray
    n_train: int
    epochs: int
    steps: int = 0
    unfrozen_at: int | None = None
    best_val_loss: float = float("nan")
    stopped: str = "max_epochs"
    protocol: str = "train/val"


def _loss_fn(kind: str, y_train: np.ndarray, n_classes: int) -> nn.Module:
    """BCE weighted by the negative/positive ratio, class-weighted cross-entropy, or smooth L1."""
    if kind == "binary":
        pos = float((y_train > 0.5).sum())
        neg = float(y_train.size - pos)
        return nn.BCEWithLogitsLoss(pos_weight=torch.tensor(neg / pos if pos > 0 else 1.0))
    if kind == "multiclass":
        counts = np.bincount(y_train.astype(int), minlength=n_classes).astype(np.float64)
        weights = np.where(counts > 0, counts.sum() / (n_classes * np.maximum(counts, 1)), 0.0)
        return nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    return nn.SmoothL1Loss()


def _target(kind: str, y: torch.Tensor, head: ProbeHead) -> torch.Tensor:
    if kind == "binary":
        return y.float().unsqueeze(1)
    if kind == "multiclass":
        return y.long()
    return ((y.float() - head.mean) / head.std).unsqueeze(1)


def _predict(kind: str, head: ProbeHead, out: torch.Tensor) -> np.ndarray:
    if kind == "binary":
        return torch.sigmoid(out.squeeze(1)).cpu().numpy()
    if kind == "multiclass":
        return torch.softmax(out, dim=1).cpu().numpy()
    return head.to_unit(out).cpu().numpy()


def score(kind: str, labels: np.ndarray, preds: np.ndarray) -> tuple[float, str]:
    """Task metric, where higher is better except MAE: AUROC, macro AUROC or mean absolute error."""
    if kind == "binary":
        return auroc(labels, preds), "auroc"
    if kind == "multiclass":
        return macro_auroc(labels, preds), "macro_auroc"
    return mean_absolute_error(labels, preds), "mae"


def aggregate(dataset: EvalDataset, preds: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Study-level means for study-labelled datasets (binary only), image level otherwise."""
    if dataset.label_level == "study" and dataset.kind == "binary":
        return study_level(preds, dataset.labels, dataset.study_ids)
    return preds, dataset.labels, list(dataset.image_ids)


def make_head(
    dataset: EvalDataset, in_dim: int, dropout: float, features: np.ndarray | None = None,
    train_index: np.ndarray | None = None,
) -> ProbeHead:
    """Head sized for the task; regression gets the training mean/std, bone age one extra input; with
    ``features``, the inputs are standardised by the mean/std of the ``train_index`` rows."""
    train_y = dataset.labels[[s == "train" for s in dataset.splits]]
    out_dim = len(dataset.class_names) if dataset.kind == "multiclass" else 1
    mean = float(train_y.mean()) if dataset.kind == "regression" and train_y.size else 0.0
    std = float(train_y.std()) if dataset.kind == "regression" and train_y.size > 1 else 1.0
    f_mean = f_std = None
    if features is not None and train_index is not None and train_index.size:
        rows = np.asarray(features, np.float64)[train_index]
        f_mean, f_std = rows.mean(axis=0), rows.std(axis=0)
    return ProbeHead(in_dim, out_dim, dropout, mean, std or 1.0, extra=1 if dataset.sex is not None else 0,
                     feature_mean=f_mean, feature_std=f_std)


def loss_and_se(loss_fn: nn.Module, out: torch.Tensor, target: torch.Tensor) -> tuple[float, float]:
    """``loss_fn``'s mean over the rows and its standard error from the per-row losses.

    Class-weighted cross-entropy is a weighted mean (sum of w_i l_i over sum of w_i): its SE is the ratio
    estimator's, sqrt(sum (w_i l_i - L w_i)^2) / sum w_i * sqrt(n / (n - 1)); plain means reduce to std/sqrt(n).
    """
    n = int(target.shape[0])
    if n == 0:
        return math.nan, math.nan
    if isinstance(loss_fn, nn.BCEWithLogitsLoss):
        per = nn.functional.binary_cross_entropy_with_logits(out, target, pos_weight=loss_fn.pos_weight,
                                                             reduction="none").reshape(n, -1).mean(1)
        weights = torch.ones_like(per)
    elif isinstance(loss_fn, nn.CrossEntropyLoss):
        per = nn.functional.cross_entropy(out, target, weight=loss_fn.weight, reduction="none")
        weights = torch.ones_like(per) if loss_fn.weight is None else loss_fn.weight[target]
    else:
        per = nn.functional.smooth_l1_loss(out, target, reduction="none").reshape(n, -1).mean(1)
        weights = torch.ones_like(per)
    per, weights = per.double(), weights.double()
    total = float(weights.sum())
    mean = float(per.sum()) / total if total > 0 else math.nan
    if n < 2 or not math.isfinite(mean):
        return mean, math.inf
    se = math.sqrt(float(((per - mean * weights) ** 2).sum()) * n / (n - 1)) / total
    return mean, se


class ValLossStopper:
    """The reference's schedule on the VALIDATION LOSS: LR times ``lr_factor`` after ``plateau_patience``
    epochs without improvement, stop after ``stop_patience``; the weights kept are those of the lowest loss
    (``selection="best"``) or of the latest epoch within one SE of the lowest (``"one_se"``). The latter
    is computed online: after a new lowest loss, every later epoch within its SE replaces the kept weights.

    ``armed=False`` records the best weights but never stops (fine-tuning's frozen phase must end first).
    """

    def __init__(self, cfg: ProbeConfig, optimizer: torch.optim.Optimizer, module: nn.Module) -> None:
        self.cfg = cfg
        self.optimizer = optimizer
        self.module = module
        self.best = math.inf
        self.best_se = 0.0
        self.kept_loss = math.inf
        self.best_state = copy.deepcopy(module.state_dict())
        self.since_best = 0
        self.since_lr = 0
        self.armed = True

    def step(self, val_loss: float, se: float = 0.0) -> bool:
        """Record one epoch's validation loss (and its SE); True when training should stop."""
        if math.isfinite(val_loss) and val_loss < self.best - 1e-7:
            self.best, self.best_se, self.kept_loss = val_loss, (se if math.isfinite(se) else 0.0), val_loss
            self.best_state = copy.deepcopy(self.module.state_dict())
            self.since_best = self.since_lr = 0
            return False
        if self.cfg.selection == "one_se" and math.isfinite(val_loss) and val_loss <= self.best + self.best_se:
            self.kept_loss = val_loss
            self.best_state = copy.deepcopy(self.module.state_dict())
        self.since_best += 1
        self.since_lr += 1
        if self.since_lr >= self.cfg.plateau_patience:
            for group in self.optimizer.param_groups:
                group["lr"] *= self.cfg.lr_factor
            self.since_lr = 0
        return self.armed and self.since_best >= self.cfg.stop_patience

    def restore(self) -> None:
        """Load the kept weights (lowest validation loss, or the latest within one SE of it)."""
        self.module.load_state_dict(self.best_state)


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run tiny head-only training on one thread: thread hand-offs cost more than the maths."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _batch_stream(rng: np.random.Generator, index: np.ndarray, batch_size: int) -> Iterator[np.ndarray]:
    """Endless mini-batches: seeded permutations of ``index``, one after the other (last one short)."""
    while True:
        order = rng.permutation(np.asarray(index, np.int64))
        for i in range(0, order.size, batch_size):
            yield order[i : i + batch_size]


def _split_index(dataset: EvalDataset, name: str) -> np.ndarray:
    return np.flatnonzero([s == name for s in dataset.splits])


class _FeatureHead:
    """A head trained on fixed feature rows: steps, validation loss and predictions. The features are
    standardised once and targets and batch indices are tensors made once: the per-step overhead is most of
    a linear probe's time."""

    def __init__(
        self, dataset: EvalDataset, features: np.ndarray, head: ProbeHead, loss_fn: nn.Module, penalty: float = 0.0
    ) -> None:
        self.kind = dataset.kind
        device = head.feature_mean.device  # fine-tuning's frozen phase runs where the encoder is (GPU or CPU)
        with torch.no_grad():
            self.feats = head.standardize(torch.as_tensor(np.asarray(features, np.float32), device=device))
            self.targets = _target(dataset.kind, torch.tensor(dataset.labels, device=device), head)
        self.sex = None if dataset.sex is None else torch.tensor(dataset.sex, device=device)
        self.head = head
        self.loss_fn = loss_fn
        self.penalty = penalty  # coefficient of ||W||^2 added to the training loss (not to the validation loss)

    def _out(self, idx: torch.Tensor) -> torch.Tensor:
        return self.head.from_standardized(self.feats[idx], None if self.sex is None else self.sex[idx])

    def loss(self, b: np.ndarray) -> torch.Tensor:
        """Training loss (with the L2 term) of the batch rows ``b``."""
        idx = torch.from_numpy(b)
        loss = self.loss_fn(self._out(idx), self.targets[idx])
        if self.penalty:
            loss = loss + self.penalty * self.head.linear.weight.square().sum()
        return loss

    def step(self, opt: torch.optim.Optimizer, b: np.ndarray) -> None:
        loss = self.loss(b)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    @torch.no_grad()
    def outputs(self, idx_np: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        """Eval-mode outputs (no dropout) of rows ``idx_np`` and their targets."""
        self.head.eval()
        idx = torch.from_numpy(np.asarray(idx_np, np.int64))
        out = self._out(idx)
        self.head.train()
        return out, self.targets[idx]

    def evaluate(self, idx_np: np.ndarray) -> tuple[np.ndarray, float, float]:
        """Predictions of rows ``idx_np``, their mean loss and its standard error."""
        out, target = self.outputs(idx_np)
        loss, se = loss_and_se(self.loss_fn, out, target)
        return _predict(self.kind, self.head, out), loss, se


def linear_probe(
    dataset: EvalDataset, features: np.ndarray, train_index: np.ndarray, cfg: ProbeConfig, seed: int
) -> ProbeOutcome:
    """Train the head on frozen features of ``train_index`` rows; select on val loss, report on test."""
    with _one_thread():
        return _linear_probe(dataset, features, train_index, cfg, seed)


def _linear_probe(
    dataset: EvalDataset, features: np.ndarray, train_index: np.ndarray, cfg: ProbeConfig, seed: int
) -> ProbeOutcome:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    val_idx, test_idx = _split_index(dataset, "val"), _split_index(dataset, "test")
    head = make_head(dataset, features.shape[1], cfg.dropout, features if cfg.standardize else None, train_index)
    loss_fn = _loss_fn(dataset.kind, dataset.labels[train_index], len(dataset.class_names))
    folds = _cross_fit_folds(dataset, train_index, val_idx, cfg, rng)
    if folds:
        log.warning(
            "linear probe on %s/%s: %d validation rows (< min_val_rows %d) cannot select a checkpoint; "
            "cross-fitted validation over %d folds of the %d train + val rows instead",
            dataset.name, dataset.task, val_idx.size, cfg.min_val_rows, len(folds), sum(f.size for f in folds),
        )
        pairs = [(np.setdiff1d(np.concatenate(folds), fold), fold) for fold in folds]
        protocol = f"cross-fit{len(folds)}"
    else:
        pairs = [(train_index, val_idx if val_idx.size else train_index)]
        protocol = "train/val"
    # one head per (train rows, held-out rows) pair, trained in lockstep by one optimizer on the sum of their
    # losses (AdamW is per-parameter and the heads share none, so this is the same as one run per head)
    heads = nn.ModuleList(copy.deepcopy(head) for _ in pairs)
    trainers = [_FeatureHead(dataset, features, h, loss_fn, cfg.l2 / (2 * max(tr.size, 1)))
                for h, (tr, _) in zip(heads, pairs)]
    opt = torch.optim.AdamW(heads.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    stopper = ValLossStopper(cfg, opt, heads)
    per_epoch = max(math.ceil(max(tr.size for tr, _ in pairs) / cfg.batch_size), cfg.min_epoch_steps)
    streams = [_batch_stream(rng, tr, cfg.batch_size) for tr, _ in pairs]
    epochs, steps, stopped = 0, 0, "max_epochs"
    heads.train()
    for epoch in range(cfg.max_epochs):
        epochs = epoch + 1
        for _ in range(per_epoch):
            loss = sum(trainer.loss(next(stream)) for trainer, stream in zip(trainers, streams))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            steps += 1
        held = [t.outputs(ev) for t, (_, ev) in zip(trainers, pairs)]  # each row by the head not trained on it
        if stopper.step(*loss_and_se(loss_fn, torch.cat([o for o, _ in held]), torch.cat([t for _, t in held]))):
            stopped = "early_stop"
            break
    stopper.restore()
    with torch.no_grad():  # the folds' average (one head unchanged): a linear head on the same inputs
        for name, value in head.linear.named_parameters():
            value.copy_(torch.stack([dict(h.linear.named_parameters())[name] for h in heads]).mean(0))
    preds, _, _ = _FeatureHead(dataset, features, head, loss_fn).evaluate(test_idx)
    agg, labs, ids = aggregate(dataset.subset(test_idx), preds)
    metric, name = score(dataset.kind, labs, agg)
    return ProbeOutcome(metric, name, agg, ids, labs, int(train_index.size), epochs, steps,
                        best_val_loss=stopper.best, stopped=stopped, protocol=protocol)


def _cross_fit_folds(
    dataset: EvalDataset, train_index: np.ndarray, val_idx: np.ndarray, cfg: ProbeConfig, rng: np.random.Generator
) -> list[np.ndarray]:
    """Seeded folds (stratified for classes) of train + val rows when the validation split is too small to
    select on (fewer than ``cfg.min_val_rows`` rows); no folds (the usual train/val protocol) otherwise."""
    if val_idx.size >= cfg.min_val_rows or cfg.cross_fit_folds < 2:
        return []
    pool = np.union1d(train_index, val_idx)
    k = min(cfg.cross_fit_folds, pool.size)
    if k < 2:
        return []
    if dataset.kind == "regression":
        groups = [rng.permutation(pool)]
    else:
        labels = dataset.labels[pool].astype(int)
        groups = [rng.permutation(pool[labels == c]) for c in np.unique(labels)]
    order = np.concatenate(groups)  # class by class, so that dealing rows round-robin stratifies the folds
    return [np.sort(order[i::k]) for i in range(k)]


class _FineTuneModel(nn.Module):
    def __init__(self, visual: nn.Module, head: ProbeHead, projected: bool) -> None:
        super().__init__()
        self.visual = visual
        self.head = head
        self.projected = projected

    def forward(self, pixels: torch.Tensor, extra: torch.Tensor | None) -> torch.Tensor:
        feats, _ = visual_features(self.visual, pixels, projected=self.projected)
        return self.head(feats.float(), extra)


def fine_tune(
    dataset: EvalDataset, encoder: Encoder, train_index: np.ndarray, cfg: ProbeConfig, seed: int,
    features: np.ndarray | None = None,
) -> ProbeOutcome:
    """Train head + encoder from pixels, as in the reference: the head alone for ``finetune_frozen_steps``
    steps, then the whole encoder unfrozen at ``finetune_lr`` (the head keeps ``lr``), with the validation-loss
    schedule; the frozen phase never counts towards the early stop, so the encoder is always unfrozen. Its
    epochs are made at least ``min_epoch_steps`` steps long, as the linear probe's (same reason: on a small
    subset a pass is a few steps, and 10 such epochs at lr 1e-4/1e-6 are no evidence of a plateau).

    ``features`` (the encoder's cached pre-projection features of every row) make the frozen phase a
    head-only run on them: the same numbers as forwarding the frozen encoder, without the pixel passes.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    visual = copy.deepcopy(encoder.visual)
    device = next(visual.parameters()).device
    labels = torch.tensor(dataset.labels)
    sex = None if dataset.sex is None else torch.tensor(dataset.sex)

    def batches(idx: np.ndarray):
        data = _Images([dataset.sources[i] for i in idx], encoder.preprocess, encoder.image_size)
        loader = DataLoader(data, batch_size=cfg.batch_size, num_workers=cfg.num_workers)
        start = 0
        for pixels, _err in loader:
            b = idx[start : start + pixels.shape[0]]
            start += pixels.shape[0]
            yield b, pixels.to(device)

    if features is None:  # the frozen encoder's features, computed once
        visual.eval()
        rows = []
        with torch.no_grad():
            for _, px in batches(np.arange(len(dataset))):
                rows.append(visual_features(visual, px, projected=False)[0].float().cpu())
        features = torch.cat(rows).numpy() if rows else np.zeros((0, 1), np.float32)
        torch.manual_seed(seed)  # the loader drew from the global RNG: the head starts as with cached features
    head = make_head(dataset, features.shape[1], cfg.dropout, features if cfg.standardize else None, train_index)
    head = head.to(device)
    model = _FineTuneModel(visual, head, projected=not encoder.is_timm_baseline)
    for p in visual.parameters():
        p.requires_grad_(False)
    loss_fn = _loss_fn(dataset.kind, dataset.labels[train_index], len(dataset.class_names)).to(device)
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    stopper = ValLossStopper(cfg, opt, model)
    val_idx, test_idx = _split_index(dataset, "val"), _split_index(dataset, "test")
    eval_idx = val_idx if val_idx.size else train_index

    # phase 1: the head alone on the frozen encoder's features
    frozen = _FeatureHead(dataset, features, head, loss_fn)
    stream = _batch_stream(rng, train_index, cfg.batch_size)
    with _one_thread():
        head.train()
        for _ in range(cfg.finetune_frozen_steps):
            frozen.step(opt, next(stream))
    step = cfg.finetune_frozen_steps
    stopper.step(*frozen.evaluate(eval_idx)[1:])

    def run(idx: np.ndarray) -> tuple[np.ndarray, float, float]:
        """Predictions of rows ``idx``, their mean loss and its standard error."""
        model.eval()
        outs, targets = [], []
        with torch.no_grad():
            for b, px in batches(idx):
                outs.append(model(px, None if sex is None else sex[b].to(device)))
                targets.append(_target(dataset.kind, labels[b].to(device), head))
        if not outs:
            return np.zeros(0), float("nan"), float("nan")
        out = torch.cat(outs)
        return _predict(dataset.kind, head, out), *loss_and_se(loss_fn, out, torch.cat(targets))

    # phase 2: the whole encoder unfrozen at its own learning rate
    for p in visual.parameters():
        p.requires_grad_(True)
    opt.add_param_group({"params": list(visual.parameters()), "lr": cfg.finetune_lr, "weight_decay": cfg.weight_decay})
    unfrozen_at = step
    epochs, stopped = 0, "max_epochs"
    per_epoch = max(math.ceil(train_index.size / cfg.batch_size), cfg.min_epoch_steps)  # as the linear probe's
    for epoch in range(cfg.finetune_max_epochs):
        epochs = epoch + 1
        model.train()
        done = 0
        while done < per_epoch:  # passes over the (shuffled) training rows until the epoch has its steps
            for b, px in batches(rng.permutation(train_index)):
                out = model(px, None if sex is None else sex[b].to(device))
                loss = loss_fn(out, _target(dataset.kind, labels[b].to(device), head))
                opt.zero_grad()
                loss.backward()
                opt.step()
                step += 1
                done += 1
                if done >= per_epoch:
                    break
        if stopper.step(*run(eval_idx)[1:]):
            stopped = "early_stop"
            break
    stopper.restore()
    preds = run(test_idx)[0]
    agg, labs, ids = aggregate(dataset.subset(test_idx), preds)
    metric, name = score(dataset.kind, labs, agg)
    return ProbeOutcome(metric, name, agg, ids, labs, int(train_index.size), epochs, step, unfrozen_at,
                        best_val_loss=stopper.best, stopped=stopped)


def train_subset(dataset: EvalDataset, ratio: float, seed: int) -> np.ndarray:
    """Seeded subset (a ``ratio`` of the train split), stratified and never missing a class."""
    train_idx = np.flatnonzero([s == "train" for s in dataset.splits])
    if ratio >= 1.0 or train_idx.size == 0:
        return train_idx
    rng = np.random.default_rng(seed)
    n = max(1, int(round(ratio * train_idx.size)))
    if dataset.kind == "regression":
        return np.sort(rng.choice(train_idx, size=n, replace=False))
    y = dataset.labels[train_idx].astype(int)
    picked: list[int] = []
    classes = np.unique(y)
    for c in classes:
        members = train_idx[y == c]
        share = max(1, int(round(n * members.size / train_idx.size)))
        picked.extend(rng.choice(members, size=min(share, members.size), replace=False).tolist())
    return np.sort(np.array(picked, dtype=np.int64))

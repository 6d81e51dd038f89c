"""Trained evaluation: linear probe on cached CLS features and full fine-tuning.

Follows the reference protocol: dropout 0.2 + one linear layer on the image CLS
token; BCE weighted by the negative/positive ratio (class-weighted cross-entropy
for KL 0-4); AdamW at lr 1e-4; LR halved after 3 epochs without validation
improvement, stop after 10, best model kept. Fine-tuning trains the head alone
for 200 steps, then unfreezes the encoder at lr 1e-6. Regression heads output
``linear(x) * std + mean`` of the training targets and train with smooth L1 on the
standardised scale; bone age takes the patient's sex as an extra input.
"""

from __future__ import annotations

import copy
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


@dataclass
class ProbeConfig:
    """Hyper-parameters of linear probing and fine-tuning (defaults are the reference's)."""

    max_epochs: int = 100
    batch_size: int = 64
    lr: float = 1e-4
    weight_decay: float = 1e-2
    dropout: float = 0.2
    plateau_patience: int = 3
    stop_patience: int = 10
    lr_factor: float = 0.5
    finetune_frozen_steps: int = 200
    finetune_lr: float = 1e-6
    finetune_max_epochs: int = 20
    num_workers: int = 0


class ProbeHead(nn.Module):
    """Dropout + one linear layer; regression output is rescaled to the target's unit."""

    def __init__(
        self, in_dim: int, out_dim: int, dropout: float, mean: float = 0.0, std: float = 1.0, extra: int = 0
    ) -> None:
        super().__init__()
        self.drop = nn.Dropout(dropout)
        self.linear = nn.Linear(in_dim + extra, out_dim)
        self.register_buffer("mean", torch.tensor(float(mean)))
        self.register_buffer("std", torch.tensor(float(std)))

    def forward(self, x: torch.Tensor, extra: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (classification) or standardised prediction (regression)."""
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


def _loss_fn(kind: str, y_train: np.ndarray, n_classes: int) -> nn.Module:
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


def _better(kind: str, new: float, best: float) -> bool:
    if math.isnan(new):
        return False
    if math.isnan(best):
        return True
    return new < best if kind == "regression" else new > best


def aggregate(dataset: EvalDataset, preds: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Study-level means for study-labelled datasets (binary only), image level otherwise."""
    if dataset.label_level == "study" and dataset.kind == "binary":
        return study_level(preds, dataset.labels, dataset.study_ids)
    return preds, dataset.labels, list(dataset.image_ids)


def make_head(dataset: EvalDataset, in_dim: int, dropout: float) -> ProbeHead:
    """Head sized for the task; regression gets the training mean/std, bone age one extra input."""
    train_y = dataset.labels[[s == "train" for s in dataset.splits]]
    out_dim = len(dataset.class_names) if dataset.kind == "multiclass" else 1
    mean = float(train_y.mean()) if dataset.kind == "regression" and train_y.size else 0.0
    std = float(train_y.std()) if dataset.kind == "regression" and train_y.size > 1 else 1.0
    return ProbeHead(in_dim, out_dim, dropout, mean, std or 1.0, extra=1 if dataset.sex is not None else 0)


class _EarlyStopper:
    """Plateau LR halving and early stopping on the validation metric, keeping the best weights."""

    def __init__(self, kind: str, cfg: ProbeConfig, optimizer: torch.optim.Optimizer, module: nn.Module) -> None:
        self.kind = kind
        self.cfg = cfg
        self.optimizer = optimizer
        self.module = module
        self.best = float("nan")
        self.best_state = copy.deepcopy(module.state_dict())
        self.since_best = 0
        self.since_lr = 0

    def step(self, value: float) -> bool:
        """Record one epoch's validation value; True when training should stop."""
        if _better(self.kind, value, self.best):
            self.best = value
            self.best_state = copy.deepcopy(self.module.state_dict())
            self.since_best = self.since_lr = 0
            return False
        self.since_best += 1
        self.since_lr += 1
        if self.since_lr >= self.cfg.plateau_patience:
            for group in self.optimizer.param_groups:
                group["lr"] *= self.cfg.lr_factor
            self.since_lr = 0
        return self.since_best >= self.cfg.stop_patience

    def restore(self) -> None:
        """Load the best weights seen."""
        self.module.load_state_dict(self.best_state)


def _val_value(kind: str, labels: np.ndarray, preds: np.ndarray, loss: float) -> float:
    value, _ = score(kind, labels, preds)
    if math.isnan(value):
        return loss if kind == "regression" else -loss
    return value


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run tiny head-only training on one thread: thread hand-offs cost more than the maths."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def linear_probe(
    dataset: EvalDataset, features: np.ndarray, train_index: np.ndarray, cfg: ProbeConfig, seed: int
) -> ProbeOutcome:
    """Train the head on frozen features of ``train_index`` rows; select on val, report on test."""
    with _one_thread():
        return _linear_probe(dataset, features, train_index, cfg, seed)


def _linear_probe(
    dataset: EvalDataset, features: np.ndarray, train_index: np.ndarray, cfg: ProbeConfig, seed: int
) -> ProbeOutcome:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    feats = torch.tensor(features, dtype=torch.float32)
    labels = torch.tensor(dataset.labels)
    sex = None if dataset.sex is None else torch.tensor(dataset.sex)
    val_idx = np.flatnonzero([s == "val" for s in dataset.splits])
    test_idx = np.flatnonzero([s == "test" for s in dataset.splits])
    head = make_head(dataset, feats.shape[1], cfg.dropout)
    loss_fn = _loss_fn(dataset.kind, dataset.labels[train_index], len(dataset.class_names))
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    stopper = _EarlyStopper(dataset.kind, cfg, opt, head)

    def run(idx: np.ndarray) -> tuple[np.ndarray, float]:
        head.eval()
        with torch.no_grad():
            out = head(feats[idx], None if sex is None else sex[idx])
            loss = float(loss_fn(out, _target(dataset.kind, labels[idx], head))) if idx.size else float("nan")
        return _predict(dataset.kind, head, out), loss

    epochs = 0
    for epoch in range(cfg.max_epochs):
        epochs = epoch + 1
        head.train()
        order = rng.permutation(train_index)
        for i in range(0, order.size, cfg.batch_size):
            b = order[i : i + cfg.batch_size]
            out = head(feats[b], None if sex is None else sex[b])
            loss = loss_fn(out, _target(dataset.kind, labels[b], head))
            opt.zero_grad()
            loss.backward()
            opt.step()
        eval_idx = val_idx if val_idx.size else train_index
        preds, vloss = run(eval_idx)
        if stopper.step(_val_value(dataset.kind, dataset.labels[eval_idx], preds, vloss)):
            break
    stopper.restore()
    preds, _ = run(test_idx)
    test = dataset.subset(test_idx)
    agg, labs, ids = aggregate(test, preds)
    metric, name = score(dataset.kind, labs, agg)
    return ProbeOutcome(metric, name, agg, ids, labs, int(train_index.size), epochs)


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
    dataset: EvalDataset, encoder: Encoder, train_index: np.ndarray, cfg: ProbeConfig, seed: int
) -> ProbeOutcome:
    """Train head + encoder from pixels: head alone first, encoder unfrozen after ``finetune_frozen_steps``."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    visual = copy.deepcopy(encoder.visual)
    device = next(visual.parameters()).device
    with torch.no_grad():
        probe_px = torch.zeros(1, 3, encoder.image_size, encoder.image_size, device=device)
        in_dim = visual_features(visual, probe_px, projected=False)[0].shape[1]
    head = make_head(dataset, in_dim, cfg.dropout).to(device)
    model = _FineTuneModel(visual, head, projected=not encoder.is_timm_baseline)
    for p in visual.parameters():
        p.requires_grad_(False)
    loss_fn = _loss_fn(dataset.kind, dataset.labels[train_index], len(dataset.class_names)).to(device)
    opt = torch.optim.AdamW(head.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    stopper = _EarlyStopper(dataset.kind, cfg, opt, model)
    val_idx = np.flatnonzero([s == "val" for s in dataset.splits])
    test_idx = np.flatnonzero([s == "test" for s in dataset.splits])
    labels = torch.tensor(dataset.labels)
    sex = None if dataset.sex is None else torch.tensor(dataset.sex)

    def batches(idx: np.ndarray, shuffle: bool):
        order = rng.permutation(idx) if shuffle else idx
        data = _Images([dataset.sources[i] for i in order], encoder.preprocess, encoder.image_size)
        loader = DataLoader(data, batch_size=cfg.batch_size, num_workers=cfg.num_workers)
        start = 0
        for pixels, _err in loader:
            b = order[start : start + pixels.shape[0]]
            start += pixels.shape[0]
            yield b, pixels.to(device)

    def run(idx: np.ndarray) -> tuple[np.ndarray, float]:
        model.eval()
        outs, losses = [], []
        with torch.no_grad():
            for b, px in batches(idx, shuffle=False):
                out = model(px, None if sex is None else sex[b].to(device))
                losses.append(float(loss_fn(out, _target(dataset.kind, labels[b].to(device), head))) * len(b))
                outs.append(out)
        if not outs:
            return np.zeros(0), float("nan")
        return _predict(dataset.kind, head, torch.cat(outs)), sum(losses) / idx.size

    step, epochs, unfrozen_at = 0, 0, None
    for epoch in range(cfg.finetune_max_epochs):
        epochs = epoch + 1
        model.train()
        for b, px in batches(train_index, shuffle=True):
            if unfrozen_at is None and step >= cfg.finetune_frozen_steps:
                for p in visual.parameters():
                    p.requires_grad_(True)
                opt.add_param_group({"params": list(visual.parameters()), "lr": cfg.finetune_lr})
                unfrozen_at = step
            out = model(px, None if sex is None else sex[b].to(device))
            loss = loss_fn(out, _target(dataset.kind, labels[b].to(device), head))
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
        eval_idx = val_idx if val_idx.size else train_index
        preds, vloss = run(eval_idx)
        if stopper.step(_val_value(dataset.kind, dataset.labels[eval_idx], preds, vloss)):
            break
    stopper.restore()
    preds, _ = run(test_idx)
    agg, labs, ids = aggregate(dataset.subset(test_idx), preds)
    metric, name = score(dataset.kind, labs, agg)
    return ProbeOutcome(metric, name, agg, ids, labs, int(train_index.size), epochs, step, unfrozen_at)


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

"""CLIP training loop on accelerate: AMP, gradient checkpointing, DDP with global negatives, gradient cache,
LION/AdamW, ReduceLROnPlateau on validation loss, early stopping, best/last checkpoints, mid-epoch resume.

Launch on one device with a plain call, on several GPUs/nodes with ``accelerate launch`` (the batch size
is the *global* contrastive batch: each process loads ``batch_size / world_size`` studies and the loss
gathers all features with gradients). Datasets are ``models.data.StudyDataset`` (or any dataset of
``(image, tokens)`` with ``set_epoch``).

Out dir layout: ``best/`` and ``last/`` checkpoints (see ``models.factory``; ``last/trainer_state.pt``
holds optimizer, scheduler, scaler, RNG and the position in the epoch), ``metrics.csv``, ``tb/``.
"""

from __future__ import annotations

import csv
import logging
import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from accelerate import Accelerator
from accelerate.utils import set_seed
from pydantic import ConfigDict, Field, model_validator
from safetensors.torch import load_file
from torch.optim.lr_scheduler import ReduceLROnPlateau
from tqdm.auto import tqdm

from models.data import AugmentConfig, EpochSampler, GroupedEpochSampler, make_loader
from models.factory import (
    TOKENIZER_DIR,
    WEIGHTS_FILE,
    create_clip,
    load_checkpoint,
    load_model_config,
    save_checkpoint,
)
from models.gradcache import gradcache_backward
from models.losses import ContrastiveLoss
from models.metrics import chance_recall_at_k, retrieval_recall_at_k
from models.settings import TrainSettings

log = logging.getLogger(__name__)
TRAINER_STATE = "trainer_state.pt"


class TrainConfig(TrainSettings):
    """Every training setting (``models.settings.TrainSettings``, the one definition shared with the pipeline's
    YAML) plus what the caller supplies at run time: the tokenizer folder, the seed, the progress bar and,
    optionally, a full ``AugmentConfig`` (else built from ``crop_size``/``crop_scale_min``)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    checkpoint_every_steps: int = Field(0, ge=0, description="Refresh last/ every N steps (0: at epoch ends only).")
    tokenizer_dir: str | None = Field(None, description="Tokenizer trained on the reports (random-init text towers).")
    seed: int = Field(0, description="Seed of the model init, sampling, augmentations and dropout.")
    progress: bool = Field(True, description="Show a progress bar.")
    augment: AugmentConfig | None = Field(None, description="Augmentations; None: from crop_size/crop_scale_min.")

    @model_validator(mode="after")
    def _default_augment(self) -> TrainConfig:
        if self.augment is None:
            self.augment = AugmentConfig(crop_size=self.crop_size, crop_scale=(self.crop_scale_min, 1.0))
        return self

    @classmethod
    def from_settings(cls, settings: TrainSettings, **runtime: Any) -> TrainConfig:
        """The loop's config from a settings object (e.g. a pipeline config section) plus run-time values;
        fields of ``settings`` that are not training settings (stage options) are left out."""
        values = {k: getattr(settings, k) for k in TrainSettings.model_fields}
        values.update(runtime)
        return cls(**values)


@dataclass
class TrainResult:
    """Where the checkpoints are and how training went (history = one metrics row per epoch)."""

    out_dir: Path
    best_dir: Path | None
    last_dir: Path
    stopped: str
    epochs_run: int
    global_step: int
    best_epoch: int
    best_monitored: float  # best value of cfg.monitor (a recall is stored negated: lower is better)
    history: list[dict[str, float]]
    train_images_per_s: float


@dataclass
class _State:
    epoch: int = 0
    step_in_epoch: int = 0
    global_step: int = 0
    best_val: float = math.inf
    best_epoch: int = -1
    bad_epochs: int = 0
    loss_sum: float = 0.0
    loss_count: int = 0
    images_seen: int = 0
    train_seconds: float = 0.0
    history: list[dict[str, float]] = field(default_factory=list)


def tokenizer_for(cfg: TrainConfig) -> Callable[[list[str]], torch.Tensor]:
    """The tokenizer matching the model ``train_clip`` will build from ``cfg`` (build datasets with it)."""
    from open_clip.tokenizer import HFTokenizer

    if cfg.init_checkpoint:
        lib = load_model_config(cfg.init_checkpoint)
        source = str(Path(cfg.init_checkpoint) / TOKENIZER_DIR)
    else:
        lib = load_model_config(cfg.model)
        source = cfg.tokenizer_dir or cfg.text_model_path or lib["text_cfg"]["hf_tokenizer_name"]
    return HFTokenizer(str(source), context_length=lib["text_cfg"].get("context_length", 77))


def build_model(cfg: TrainConfig) -> tuple[torch.nn.Module, dict[str, Any]]:
    """The model to train and its resolved config: from ``init_checkpoint`` or a library config."""
    if cfg.init_checkpoint:
        loaded = load_checkpoint(cfg.init_checkpoint)
        return loaded.model.train(), loaded.config
    overrides = {"init_logit_scale": math.log(10.0), "init_logit_bias": -10.0} if cfg.loss == "siglip" else None
    model, config = create_clip(
        cfg.model,
        tokenizer_dir=cfg.tokenizer_dir,
        pretrained_image=cfg.pretrained_image,
        pretrained_text=cfg.pretrained_text,
        text_model_path=cfg.text_model_path,
        image_size=cfg.image_size,
        model_overrides=overrides,
    )
    return model.train(), config


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig, on_cuda: bool) -> torch.optim.Optimizer:
    """LION (8-bit via bitsandbytes on CUDA when ``use_8bit``) or AdamW; no decay on gains/biases/scale."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim < 2 or "logit_" in name or "pos_embed" in name or "token" in name else decay).append(p)
    groups = [
        {"params": decay, "weight_decay": cfg.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    if cfg.optimizer == "adamw":
        return torch.optim.AdamW(groups, lr=cfg.lr, betas=(0.9, 0.98), eps=1e-6)
    if cfg.optimizer != "lion":
        raise ValueError(f"unknown optimizer {cfg.optimizer!r}")
    if cfg.use_8bit and on_cuda:
        return _lion_8bit(groups, cfg.lr)
    from lion_pytorch import Lion

    return Lion(groups, lr=cfg.lr, betas=(0.9, 0.99))


class MissingDependencyError(RuntimeError):
    """A setting asks for an optional package that is not installed (the message says which extra)."""


def _lion_8bit(groups: list[dict[str, Any]], lr: float) -> torch.optim.Optimizer:
    """bitsandbytes' 8-bit LION; asked for without bitsandbytes it is an error: a silent 32-bit fallback would
    change the memory use and the numbers of a run that claims to reproduce the reference."""
    try:
        import bitsandbytes as bnb
    except ImportError:
        raise MissingDependencyError(
            "use_8bit: true needs bitsandbytes (pip install 'hospital-vlp[gpu]'); install it or set use_8bit: false"
        ) from None
    return bnb.optim.Lion8bit(groups, lr=lr, betas=(0.9, 0.99))


def _rng_state() -> dict[str, Any]:
    state = {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


@torch.no_grad()
def evaluate_clip(
    model: torch.nn.Module,
    dataset: Any,
    loss_fn: Callable[..., torch.Tensor],
    batch_size: int,
    accelerator: Accelerator,
    num_workers: int = 0,
    recall_ks: tuple[int, ...] = (1, 5, 10),
) -> dict[str, float]:
    """Validation loss (mean over batches of ``batch_size``) and image->text recall@k over the whole set."""
    model.eval()
    loader = accelerator.prepare(make_loader(dataset, batch_size, num_workers))
    imgs, txts = [], []
    scale = bias = None
    for images, tokens in loader:
        out = model(images, tokens)
        img, txt, scale = out[0].float(), out[1].float(), out[2].float()
        bias = out[3].float() if len(out) == 4 else None
        imgs.append(accelerator.gather_for_metrics(img))
        txts.append(accelerator.gather_for_metrics(txt))
    model.train()
    if not imgs:
        return {}
    img_all, txt_all = torch.cat(imgs).cpu(), torch.cat(txts).cpu()
    assert scale is not None
    losses, weights = [], []
    local_loss = ContrastiveLoss(getattr(loss_fn, "kind", "clip"))
    for start in range(0, len(img_all), batch_size):
        sl = slice(start, start + batch_size)
        if len(img_all[sl]) < 2:
            continue
        args = [img_all[sl], txt_all[sl], scale.cpu()] + ([bias.cpu()] if bias is not None else [])
        losses.append(float(local_loss(*args)))
        weights.append(len(img_all[sl]))
    metrics = {"val_loss": float(np.average(losses, weights=weights)) if losses else float("nan")}
    for k in recall_ks:
        metrics[f"val_recall@{k}"] = retrieval_recall_at_k(img_all, txt_all, k)
    metrics["val_chance@5"] = chance_recall_at_k(len(img_all), 5)
    metrics["val_n"] = float(len(img_all))
    return metrics


def _write_csv(path: Path, history: list[dict[str, float]]) -> None:
    keys: list[str] = []
    for row in history:
        keys += [k for k in row if k not in keys]
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=keys)
        writer.writeheader()
        writer.writerows(history)
    tmp.replace(path)


def _tensorboard(out_dir: Path) -> Any:
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        return None
    return SummaryWriter(str(out_dir / "tb"))


def train_clip(cfg: TrainConfig, train_dataset: Any, val_dataset: Any | None, out_dir: str | Path) -> TrainResult:
    """Train (or resume training of) a CLIP model; return where the best/last checkpoints are."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    mixed = cfg.mixed_precision
    if mixed == "fp16" and not torch.cuda.is_available():
        log.info("fp16 needs a GPU: training in fp32 on CPU")
        mixed = "no"
    acc = Accelerator(mixed_precision=mixed)
    set_seed(cfg.seed)
    model, model_config = build_model(cfg)
    if cfg.grad_checkpointing:
        model.set_grad_checkpointing(True)
    optimizer = make_optimizer(model, cfg, acc.device.type == "cuda")
    # the monitored metric is minimised: losses as they are, recalls negated (see _monitored)
    scheduler = ReduceLROnPlateau(optimizer, mode="min", factor=cfg.lr_factor, patience=cfg.lr_patience, eps=0.0)
    model, optimizer = acc.prepare(model, optimizer)
    unwrapped = acc.unwrap_model(model)
    loss_fn = ContrastiveLoss(cfg.loss, rank=acc.process_index, world_size=acc.num_processes)
    state = _State()
    resume_rng: dict[str, Any] | None = None
    last_dir, best_dir = out / "last", out / "best"

    if cfg.resume and (last_dir / TRAINER_STATE).is_file():
        unwrapped.load_state_dict(load_file(str(last_dir / WEIGHTS_FILE)))
        saved = torch.load(last_dir / TRAINER_STATE, map_location="cpu", weights_only=False)
        optimizer.optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        if acc.scaler is not None and saved.get("scaler"):
            acc.scaler.load_state_dict(saved["scaler"])
        state = _State(**saved["state"])
        resume_rng = saved["rng"]
        log.info("resumed from %s at epoch %d step %d", last_dir, state.epoch, state.step_in_epoch)

    def save_last() -> None:
        acc.wait_for_everyone()
        if acc.is_main_process:
            trainer_state = {
                "optimizer": optimizer.optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "scaler": acc.scaler.state_dict() if acc.scaler is not None else None,
                "state": asdict(state),
                "rng": _rng_state(),
            }
            save_checkpoint(
                unwrapped,
                model_config,
                last_dir,
                train_state=_public_state(state),
                extra_files={TRAINER_STATE: lambda p: torch.save(trainer_state, p)},
            )
        acc.wait_for_everyone()

    writer = _tensorboard(out) if acc.is_main_process else None
    world = acc.num_processes
    global_batch = max(world, min(cfg.batch_size, len(train_dataset)))
    local_batch = max(1, global_batch // world)
    steps_per_epoch = len(train_dataset) // (local_batch * world)
    if steps_per_epoch == 0:
        raise ValueError(f"training set of {len(train_dataset)} studies is smaller than one batch")
    started = time.monotonic()
    stopped = "completed"
    while state.epoch < cfg.epochs and stopped == "completed":
        epoch = state.epoch
        train_dataset.set_epoch(epoch)
        start = state.step_in_epoch * local_batch * world
        groups = getattr(train_dataset, "groups", None)
        sampler: torch.utils.data.Sampler[int]
        if cfg.group_share > 0 and groups and any(g is not None for g in groups):
            sampler = GroupedEpochSampler(groups, local_batch * world, cfg.seed, epoch, cfg.group_share, start=start)
        else:
            sampler = EpochSampler(len(train_dataset), cfg.seed, epoch, start=start)
        # the loader's own generator (not the global RNG) seeds its workers, so resuming does not shift dropout
        generator = torch.Generator().manual_seed(cfg.seed * 100_003 + epoch)
        loader = make_loader(train_dataset, local_batch, cfg.num_workers, sampler, drop_last=True, generator=generator)
        # A StudyStream is already this rank's share of the epoch: accelerate would dispatch or re-shard it
        # (every rank reading, or rank 0 feeding all); its batches are moved to the device in the loop.
        self_sharded = isinstance(train_dataset, torch.utils.data.IterableDataset)
        if not self_sharded:
            loader = acc.prepare(loader)
        bar = tqdm(
            total=steps_per_epoch,
            initial=state.step_in_epoch,
            desc=f"epoch {epoch}",
            disable=not (cfg.progress and acc.is_local_main_process),
            leave=False,
        )
        tick = time.monotonic()
        if resume_rng is not None:
            _set_rng_state(resume_rng)  # dropout masks continue as in an uninterrupted run
            resume_rng = None
        for images, tokens in loader:
            if self_sharded:
                images = images.to(acc.device, non_blocking=True)
                tokens = tokens.to(acc.device, non_blocking=True)
            optimizer.zero_grad(set_to_none=True)
            loss = gradcache_backward(
                model,
                images,
                tokens,
                loss_fn,
                cfg.chunk_size,
                backward=acc.backward,
                no_sync=lambda: acc.no_sync(model),
            )
            if cfg.max_grad_norm:
                acc.clip_grad_norm_(model.parameters(), cfg.max_grad_norm)
            optimizer.step()
            with torch.no_grad():
                unwrapped.logit_scale.clamp_(0, math.log(100))
            state.global_step += 1
            state.step_in_epoch += 1
            state.loss_sum += float(loss)
            state.loss_count += 1
            state.images_seen += len(images) * world
            bar.update(1)
            bar.set_postfix(loss=f"{float(loss):.3f}")
            if state.step_in_epoch >= steps_per_epoch:
                break
            if cfg.max_steps is not None and state.global_step >= cfg.max_steps:
                stopped = "max_steps"  # step cap: close this (partial) epoch normally (validation, best, last)
                break
            if cfg.time_budget_s is not None and time.monotonic() - started >= cfg.time_budget_s:
                # budget spent: close this (partial) epoch normally (validation, best, last) and stop
                stopped = "time_budget"
                break
            if cfg.stop_after_steps is not None and state.global_step >= cfg.stop_after_steps:
                # preemption point: persist the position in the epoch and leave, as a killed job would
                state.train_seconds += time.monotonic() - tick
                save_last()
                stopped = "step_limit"
                break
            if cfg.checkpoint_every_steps and state.global_step % cfg.checkpoint_every_steps == 0:
                state.train_seconds += time.monotonic() - tick
                tick = time.monotonic()
                save_last()
        bar.close()
        if stopped == "step_limit":
            break
        state.train_seconds += time.monotonic() - tick
        row: dict[str, float] = {
            "epoch": float(epoch),
            "step": float(state.global_step),
            "train_loss": state.loss_sum / max(state.loss_count, 1),
            "lr": float(optimizer.param_groups[0]["lr"]),
            "logit_scale": float(unwrapped.logit_scale.detach().exp()),
            "train_images_per_s": state.images_seen / max(state.train_seconds, 1e-9),
        }
        if val_dataset is not None and len(val_dataset) > 1:
            row.update(
                evaluate_clip(model, val_dataset, loss_fn, global_batch, acc, cfg.num_workers, cfg.recall_ks)
            )
        monitored = _monitored(row, cfg.monitor)
        scheduler.step(monitored)
        state.history.append(row)
        state.epoch += 1
        state.step_in_epoch = 0
        state.loss_sum, state.loss_count = 0.0, 0
        improved = monitored < state.best_val - 1e-6
        if improved:
            state.best_val, state.best_epoch, state.bad_epochs = monitored, epoch, 0
        else:
            state.bad_epochs += 1
        if state.bad_epochs >= cfg.early_stop_patience and stopped == "completed":
            stopped = "early_stop"
        if acc.is_main_process:
            _write_csv(out / "metrics.csv", state.history)
            if writer is not None:
                for key, value in row.items():
                    writer.add_scalar(key, value, state.global_step)
                writer.flush()
            if improved:
                save_checkpoint(unwrapped, model_config, best_dir, train_state=_public_state(state))
        save_last()
        if stopped == "completed" and cfg.max_steps is not None and state.global_step >= cfg.max_steps:
            stopped = "max_steps"
        if stopped == "completed" and cfg.time_budget_s is not None and time.monotonic() - started >= cfg.time_budget_s:
            stopped = "time_budget"
        if stopped == "completed" and cfg.stop_after_steps is not None and state.global_step >= cfg.stop_after_steps:
            stopped = "step_limit"
    if writer is not None:
        writer.close()
    acc.wait_for_everyone()
    return TrainResult(
        out_dir=out,
        best_dir=best_dir if best_dir.is_dir() else None,
        last_dir=last_dir,
        stopped=stopped,
        epochs_run=state.epoch,
        global_step=state.global_step,
        best_epoch=state.best_epoch,
        best_monitored=state.best_val,
        history=list(state.history),
        train_images_per_s=state.images_seen / max(state.train_seconds, 1e-9),
    )


def _monitored(row: dict[str, float], monitor: str) -> float:
    """The value to minimise for plateau/early stop/best: a loss, or minus a recall; train loss without val."""
    if monitor not in row:
        return row["train_loss"]
    return -row[monitor] if "recall" in monitor else row[monitor]


def _public_state(state: _State) -> dict[str, Any]:
    """The JSON-able part of the state written to ``train_state.json`` (epoch, step, metrics)."""
    return {
        "epoch": state.epoch,
        "step_in_epoch": state.step_in_epoch,
        "global_step": state.global_step,
        "best_epoch": state.best_epoch,
        "best_monitored": state.best_val if math.isfinite(state.best_val) else None,
        "metrics": state.history[-1] if state.history else {},
    }

"""Training loop: checkpoints, metrics, resume mid-epoch == uninterrupted run, LR plateau, early stop."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

import models
from models.data import AugmentConfig, StudyDataset
from models.factory import WEIGHTS_FILE
from models.train import TrainConfig, tokenizer_for, train_clip


def _config(tokenizer_dir: Path, **kw) -> TrainConfig:
    base = dict(
        model="tiny-vit-tiny-text", tokenizer_dir=str(tokenizer_dir), pretrained_image=False, pretrained_text=False,
        image_size=32, epochs=2, batch_size=8, lr=1e-3, optimizer="adamw", mixed_precision="no", num_workers=0,
        augment=AugmentConfig(crop_size=40), progress=False,
    )
    base.update(kw)
    return TrainConfig(**base)


def _datasets(cfg: TrainConfig, records):
    tok = tokenizer_for(cfg)
    train = StudyDataset(records[:20], tok, 32, train=True, augment=cfg.augment, seed=cfg.seed)
    val = StudyDataset(records[20:28], tok, 32, train=False)
    return train, val


@pytest.mark.parametrize("dropout", [0.0, 0.1])
def test_resume_mid_epoch_matches_uninterrupted(tmp_path: Path, records, tokenizer_dir: Path, dropout: float) -> None:
    lib = models.load_model_config("tiny-vit-tiny-text")
    lib["hf_text_config"]["hidden_dropout_prob"] = dropout  # dropout: the RNG state must resume too
    model_json = tmp_path / "tiny.json"
    model_json.write_text(json.dumps(lib))
    cfg = _config(tokenizer_dir, model=str(model_json), optimizer="lion", lr=1e-4, chunk_size=4)
    full = train_clip(cfg, *_datasets(cfg, records), tmp_path / "full")
    assert full.stopped == "completed" and full.global_step == 4 and full.epochs_run == 2

    interrupted = _config(tokenizer_dir, model=str(model_json), optimizer="lion", lr=1e-4, chunk_size=4,
                          stop_after_steps=3)
    part = train_clip(interrupted, *_datasets(interrupted, records), tmp_path / "resumed")
    assert part.stopped == "step_limit" and part.global_step == 3
    assert models.read_train_state(part.last_dir)["step_in_epoch"] == 1
    resumed = train_clip(cfg, *_datasets(cfg, records), tmp_path / "resumed")
    assert resumed.global_step == 4 and resumed.epochs_run == 2

    a = load_file(str(full.last_dir / WEIGHTS_FILE))
    b = load_file(str(resumed.last_dir / WEIGHTS_FILE))
    assert a.keys() == b.keys()
    for key in a:
        torch.testing.assert_close(b[key], a[key], rtol=0, atol=1e-6, msg=key)
    assert [round(r["val_loss"], 6) for r in full.history] == [round(r["val_loss"], 6) for r in resumed.history]


def test_outputs_plateau_and_early_stop(tmp_path: Path, records, tokenizer_dir: Path) -> None:
    # lr so small that nothing improves: LR halves after `lr_patience` epochs, stops after `early_stop_patience`
    cfg = _config(tokenizer_dir, epochs=6, lr=1e-12, lr_patience=1, early_stop_patience=3, batch_size=10)
    result = train_clip(cfg, *_datasets(cfg, records), tmp_path / "run")
    assert result.stopped == "early_stop" and result.epochs_run == 4 and result.best_epoch == 0
    lrs = [row["lr"] for row in result.history]
    assert lrs[0] == 1e-12 and lrs[-1] < lrs[0]
    rows = list(csv.DictReader((tmp_path / "run" / "metrics.csv").open()))
    assert len(rows) == 4 and {"val_loss", "val_recall@5", "train_loss", "lr"} <= set(rows[0])
    assert result.best_dir is not None and models.read_train_state(result.best_dir)["epoch"] == 1
    loaded = models.load_checkpoint(result.best_dir)
    assert loaded.image_size == 32 and not loaded.model.training
    assert (tmp_path / "run" / "tb").is_dir()


def test_continue_from_checkpoint(tmp_path: Path, records, tokenizer_dir: Path) -> None:
    cfg = _config(tokenizer_dir, epochs=1)
    first = train_clip(cfg, *_datasets(cfg, records), tmp_path / "a")
    cont = _config(tokenizer_dir, epochs=1, init_checkpoint=str(first.last_dir), lr=1e-6, loss="clip")
    second = train_clip(cont, *_datasets(cont, records), tmp_path / "b")
    assert second.global_step == 2
    assert models.load_checkpoint(second.last_dir).config["embed_dim"] == 128


def test_step_cap_closes_the_partial_epoch(tmp_path: Path, records, tokenizer_dir: Path) -> None:
    cfg = _config(tokenizer_dir, epochs=5, batch_size=4, max_steps=7)  # 5 steps per epoch: stops mid-epoch 2
    result = train_clip(cfg, *_datasets(cfg, records), tmp_path / "run")
    assert result.stopped == "max_steps" and result.global_step == 7 and result.epochs_run == 2
    assert len(result.history) == 2 and "val_recall@5" in result.history[1]
    assert result.best_dir is not None and (result.last_dir / WEIGHTS_FILE).is_file()


def test_same_seed_same_numbers(tmp_path: Path, records, tokenizer_dir: Path) -> None:
    """Two trainings with the same seed and a step cap give identical metrics and weights on CPU (tolerance:
    exact equality of every logged number, weights within 1e-6); another seed gives other numbers."""
    runs = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        cfg = _config(tokenizer_dir, epochs=3, batch_size=4, max_steps=6, seed=seed)
        runs.append(train_clip(cfg, *_datasets(cfg, records), tmp_path / name))
    a, b, c = runs
    drop = {"train_images_per_s"}
    rows = [[{k: v for k, v in r.items() if k not in drop} for r in run.history] for run in runs]
    assert rows[0] == rows[1]
    assert rows[0] != rows[2]
    wa, wb = load_file(str(a.last_dir / WEIGHTS_FILE)), load_file(str(b.last_dir / WEIGHTS_FILE))
    for key in wa:
        torch.testing.assert_close(wb[key], wa[key], rtol=0, atol=1e-6, msg=key)


def test_settings_are_defined_once() -> None:
    """The pipeline's pretrain section and the loop's config share every training setting (name, default)."""
    from models.settings import TrainSettings
    from pipeline.configs.pretrain import PretrainConfig

    stage = PretrainConfig(max_grad_norm=1.0, resume=False, stop_after_steps=5, max_steps=9)
    cfg = TrainConfig.from_settings(stage, tokenizer_dir="tok", seed=1)
    for name in TrainSettings.model_fields:
        assert getattr(cfg, name) == getattr(stage, name), name
    assert cfg.max_grad_norm == 1.0 and cfg.resume is False and cfg.stop_after_steps == 5
    assert cfg.augment == AugmentConfig(crop_size=stage.crop_size, crop_scale=(stage.crop_scale_min, 1.0))
    with pytest.raises(ValueError, match="unknown_knob"):
        TrainConfig(unknown_knob=1)


def test_8bit_lion_without_bitsandbytes_is_an_error(monkeypatch) -> None:
    import builtins

    from models.train import MissingDependencyError, make_optimizer

    real_import = builtins.__import__

    def no_bnb(name, *args, **kwargs):
        if name == "bitsandbytes":
            raise ImportError("no bitsandbytes")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_bnb)
    model = torch.nn.Linear(3, 2)
    with pytest.raises(MissingDependencyError, match="hospital-vlp\\[gpu\\]"):
        make_optimizer(model, TrainConfig(optimizer="lion", use_8bit=True), on_cuda=True)
    # on CPU 8-bit does not apply: 32-bit LION, no error
    assert type(make_optimizer(model, TrainConfig(optimizer="lion", use_8bit=True), on_cuda=False)).__name__ == "Lion"


def test_monitored_metric_direction() -> None:
    from models.train import _monitored

    row = {"train_loss": 1.5, "val_loss": 2.0, "val_recall@5": 0.3}
    assert _monitored(row, "val_loss") == 2.0
    assert _monitored(row, "val_recall@5") == -0.3  # recalls are maximised
    assert _monitored({"train_loss": 1.5}, "val_loss") == 1.5  # no validation set: the training loss

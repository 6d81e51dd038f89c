"""Pseudo-label studies kept out of pretraining, and the continue-pretrain stage after resize."""

from __future__ import annotations

import csv

import models
from models.synthetic import toy_records
from pipeline import pretraining
from pipeline.config import config_from_dict
from pipeline.stages import continue_pretrain, evaluate, pretrain, resize
from pipeline.store import StageContext, Store

TINY = {"model": "tiny-vit-tiny-text", "pretrained_image": False, "pretrained_text": False, "image_size": 32,
        "epochs": 1, "batch_size": 8, "lr": 1e-3, "optimizer": "adamw", "mixed_precision": "no", "num_workers": 0,
        "crop_size": 40, "tokenizer_vocab_size": 200, "checkpoint_every_steps": 0}


def _ctx(tmp_path, **sections) -> StageContext:
    data = {"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")}, **sections}
    cfg = config_from_dict(data)
    return StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False)


def _fill(store: Store) -> list[dict]:
    """40 studies of 40 patients: 0-11 pseudo-label train, 12-15 val, 16-19 test, 20-39 unlabelled."""
    recs = toy_records(40, seed=5, size=40, max_images=1)
    images, kept, reports, labels = [], [], [], []
    for i, r in enumerate(recs):
        sid, pid = r["study_id"], f"P{i}"
        images.append({"image_id": f"{sid}-0", "study_id": sid, "patient_pseudo_id": pid,
                       "image": {"bytes": r["images"][0], "path": None}, "body_part": "WRIST"})
        kept.append({"image_id": f"{sid}-0", "kept": True, "n_chars": 0})
        reports.append({"report_id": f"R{i}", "study_id": sid, "patient_pseudo_id": pid, "text": r["text"]})
        if i < 20:
            split = "train" if i < 12 else "val" if i < 16 else "test"
            labels.append({"study_id": sid, "patient_pseudo_id": pid, "task": "fracture",
                           "label": "oui" if r["label_fracture"] else "non", "kept": True, "split": split})
    store.write_shard("images", 0, images)
    store.write_shard("image_filter", 0, kept)
    store.write_shard("reports", 0, reports)
    store.write_shard("labels", 0, labels)
    return recs


def test_label_splits_out_of_pretraining_then_continue_after_resize(tmp_path) -> None:
    ctx = _ctx(
        tmp_path, pretrain={**TINY, "val_max_studies": 3, "val_share": 0.5},
        resize={"source": "pretrain/best", "targets": [{"name": "s48", "image_size": 48},
                                                        {"name": "never-written", "image_size": 64}]},
        continue_pretrain={"targets": ["s48", "missing"], "batch_sizes": {"s48": 4}, "max_steps": 2},
    )
    _fill(ctx.store)
    report = pretrain.run(ctx)
    # the 12 pseudo-label train studies are never seen in pretraining; validation: 3 drawn of the 20 unlabelled
    assert report.stats["studies_excluded_label_train"] == 12
    assert report.stats["studies_train"] == 17 and report.stats["studies_val"] == 3
    assert report.stats["studies_test"] == 4

    assert resize.run(ctx).stats["checkpoints_written"] == 2
    rep = continue_pretrain.run(ctx)
    assert rep.stats["targets_trained"] == 1 and rep.reject_reasons == {"resized checkpoint missing": 1}
    run_dir = ctx.store.out_dir / "checkpoints" / "s48" / "continued"
    state = models.read_train_state(run_dir / "best")
    assert state["global_step"] == 2  # max_steps: 2 steps of batch 4 (17 studies: 4 steps per epoch)
    rows = list(csv.DictReader((run_dir / "metrics.csv").open()))
    assert float(rows[0]["lr"]) == 1e-6 and len(rows) == 1
    assert models.load_checkpoint(run_dir / "best").image_size == 48  # the resized resolution, not 32
    # evaluate takes the continued checkpoint instead of the resized one
    found = evaluate.find_checkpoints(ctx.store.out_dir / "checkpoints", [])
    names = {str(p.relative_to(ctx.store.out_dir / "checkpoints")) for p in found}
    assert names == {"pretrain/best", "s48/continued/best", "never-written"}
    assert continue_pretrain.run(ctx).status == "skipped"


def test_exclusion_can_be_switched_off(tmp_path) -> None:
    ctx = _ctx(tmp_path, pretrain={**TINY, "exclude_label_splits": False})
    _fill(ctx.store)
    records, _ = pretraining.load_study_records(ctx.store)
    splits, _, _ = pretraining._held_out(ctx.store, "fracture")
    train, val, test = pretraining.split_records(records, splits, ctx.cfg.pretrain, 0)
    assert (len(train), len(val), len(test)) == (32, 4, 4)  # the labels' val split validates

"""`pretrain` and `resize` stages on a tiny store: held-out splits, rejects, checkpoints, resize outputs."""

from __future__ import annotations

import json

import open_clip

import models
from models.synthetic import toy_records
from pipeline import pretraining
from pipeline.config import config_from_dict
from pipeline.stages import pretrain, resize
from pipeline.store import StageContext, Store


def _ctx(tmp_path, pretrain_cfg: dict, resize_cfg: dict | None = None) -> StageContext:
    data = {
        "paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
        "pretrain": pretrain_cfg,
    }
    if resize_cfg is not None:
        data["resize"] = resize_cfg
    cfg = config_from_dict(data)
    return StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False)


def _fill(store: Store) -> list[dict]:
    recs = toy_records(30, seed=4, size=48)
    images, kept, reports, labels = [], [], [], []
    # studies 28 and 29 are unlabelled second studies of a test (P24) and a val (P20) patient: never trained on
    patient = {i: f"P{i}" for i in range(len(recs))} | {28: "P24", 29: "P20"}
    for i, r in enumerate(recs):
        sid = r["study_id"]
        for j, data in enumerate(r["images"]):
            iid = f"{sid}-{j}"
            images.append({"image_id": iid, "study_id": sid, "patient_pseudo_id": patient[i],
                           "image": {"bytes": data, "path": None}, "body_part": "WRIST" if i % 2 else "KNEE"})
            kept.append({"image_id": iid, "kept": not (i == 1), "n_chars": 0})
        if i != 2:
            reports.append({"report_id": f"R{i}", "study_id": sid, "patient_pseudo_id": patient[i], "text": r["text"]})
        if i >= 28:
            continue
        split = "test" if i >= 24 else ("val" if i >= 20 else "train")
        labels.append({"study_id": sid, "patient_pseudo_id": patient[i], "task": "fracture",
                       "label": "oui" if r["label_fracture"] else "non", "kept": True, "split": split})
    images.append({"image_id": "bad-0", "study_id": "S-bad", "patient_pseudo_id": "Pb",
                   "image": {"bytes": b"not an image", "path": None}, "body_part": "HAND"})
    kept.append({"image_id": "bad-0", "kept": True, "n_chars": 0})
    reports.append({"report_id": "Rb", "study_id": "S-bad", "patient_pseudo_id": "Pb", "text": "Pas de fracture."})
    store.write_shard("images", 0, images)
    store.write_shard("image_filter", 0, kept)
    store.write_shard("reports", 0, reports)
    store.write_shard("labels", 0, labels)
    return recs


def test_pretrain_then_resize(tmp_path) -> None:
    tiny = {"model": "tiny-vit-tiny-text", "pretrained_image": False, "pretrained_text": False, "image_size": 32,
            "epochs": 2, "batch_size": 8, "lr": 1e-3, "optimizer": "adamw", "mixed_precision": "no",
            "num_workers": 0, "crop_size": 40, "tokenizer_vocab_size": 200, "checkpoint_every_steps": 0,
            "group_batches_by": "body_part", "group_share": 0.5, "exclude_label_splits": False}
    ctx = _ctx(tmp_path, tiny, {"source": "pretrain/best", "targets": [
        {"name": "p12-48", "image_size": 48, "patch_size": 12}, {"name": "s64", "image_size": 64},
        {"name": "bad", "image_size": 50, "patch_size": 12}]})
    recs = _fill(ctx.store)
    report = pretrain.run(ctx)
    assert report.status == "done"
    reasons = report.reject_reasons
    # undecodable images are found lazily, when training draws them (models.data.StudyStream)
    lazy = {"undecodable image", "no decodable image"}
    assert {k: v for k, v in reasons.items() if k not in lazy} == {"study without kept image": 1,
                                                                   "study without report": 1}
    assert reasons.get("undecodable image", 0) == reasons.get("no decodable image", 0) <= 1
    # the study whose only image is undecodable is a training study until drawn (lazy validation)
    assert report.stats["studies_train"] == 19 and report.stats["studies_val"] == 4
    assert report.stats["studies_test"] == 4 and report.stats["studies_excluded_held_out_patients"] == 2
    root = ctx.store.out_dir / "checkpoints" / "pretrain"
    final = json.loads((root / "final_metrics.json").read_text())
    assert final["held_out_split"] == "test" and final["n_studies"] == 4
    assert 0 <= final["recall@5"] <= 1 and final["chance@5"] == 1.0
    assert "zero_shot_auroc_fracture" in final
    loaded = models.load_checkpoint(root / "best")
    assert loaded.image_size == 32
    # the run is recorded: a second run with the same inputs is skipped
    assert pretrain.run(ctx).status == "skipped"
    # nothing in out/ holds report text
    texts = [r["text"] for r in recs]
    for path in root.rglob("*.json"):
        content = path.read_text()
        assert not any(t[:40] in content for t in texts)

    rep = resize.run(ctx)
    assert rep.stats["checkpoints_written"] == 2 and rep.reject_reasons == {"cannot resize to this size": 1}
    p12 = models.load_checkpoint(ctx.store.out_dir / "checkpoints" / "p12-48")
    assert p12.image_size == 48 and p12.model.visual.trunk.patch_embed.patch_size == (12, 12)
    name = models.register_checkpoint(ctx.store.out_dir / "checkpoints" / "s64")
    model, _, preprocess = open_clip.create_model_and_transforms(
        name, pretrained=str(ctx.store.out_dir / "checkpoints" / "s64" / "open_clip_model.safetensors"))
    assert model.visual.image_size == (64, 64)


def test_held_out_patients_are_excluded_everywhere(tmp_path) -> None:
    ctx = _ctx(tmp_path, {})
    recs = _fill(ctx.store)
    records, _ = pretraining.load_study_records(ctx.store)
    assert {r["group"] for r in records} == {"WRIST", "KNEE", "HAND"}
    splits, labels, patients = pretraining._held_out(ctx.store, "fracture")
    assert patients == {f"P{i}" for i in range(20, 28)} and len(labels) == 28
    patient_of = pretraining.study_patients(ctx.store)
    excluded = {s for s, p in patient_of.items() if p in patients and s not in splits}
    assert excluded == {recs[28]["study_id"], recs[29]["study_id"]}
    train, val, test = pretraining.split_records(records, splits, ctx.cfg.pretrain, 0, excluded)
    held = {patient_of[r["study_id"]] for r in val + test}
    assert not held & {patient_of[r["study_id"]] for r in train}
    assert not excluded & {r["study_id"] for r in train + val + test}

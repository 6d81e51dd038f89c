"""The runner's bias audit, its resume, the `explain` stage and `pipeline explain`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import torch
from explain_testkit import planted_model
from PIL import Image

import explain.runner as runner
from explain.runner import ExplainItem, run_explain
from explain.spec import ExplainOptions


@pytest.fixture(autouse=True)
def one_torch_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _png(seed: int, size: int = 32) -> bytes:
    arr = np.random.default_rng(seed).integers(180, 256, size=(size, size), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, mode="L").save(buf, format="PNG")
    return buf.getvalue()


def _preprocess(img: Image.Image) -> torch.Tensor:
    return torch.from_numpy(np.asarray(img.convert("RGB"), dtype=np.float32) / 255.0).permute(2, 0, 1).contiguous()


def test_audit_counts_the_confounder_a_model_relies_on_and_a_rerun_resumes(tmp_path, monkeypatch):
    # the planted model reads patch 5 only; a "cast" box sits on it, the "lesion" box elsewhere
    model = planted_model(32, 8, (5,))
    boxes = [{"kind": "cast", "box": [0.25, 0.25, 0.5, 0.5]}, {"kind": "lesion", "box": [0.5, 0.5, 0.75, 0.75]}]
    items = [ExplainItem(image_id=f"im{i}", source=_png(i), body_part="WRIST" if i % 2 else "ANKLE", label=1.0,
                         boxes=boxes) for i in range(3)]
    items.append(ExplainItem(image_id="broken", source=b"not an image"))
    options = ExplainOptions(methods=["tis", "occlusion", "input_x_gradient"], n_masks=64, insertion_steps=8,
                             device="cpu")
    results = run_explain(model, _preprocess, items, options, tmp_path, progress=False)
    assert [r["item"] for r in results["rejects"]] == ["broken"]
    overall = {a["method"]: a for a in results["audit"] if a["body_part"] == "all" and a["group"] == "predicted"}
    labelled = {a["method"]: a for a in results["audit"] if a["body_part"] == "all" and a["group"] == "labelled"}
    assert labelled["tis"]["top_cast"] == 3
    for method, a in overall.items():
        assert a["n_positive"] == 3, method
        assert a["top_cast"] == 3 and a["top_lesion"] == 0 and a["top_confounder"] == 3, method
        assert a["mass_cast"] > a["mass_lesion"], method
    assert {a["body_part"] for a in results["audit"]} == {"all", "WRIST", "ANKLE"}
    assert all(m["pointing_game"] == 0.0 for m in results["metrics"])
    for name in ("explain_per_image.parquet", "explain_metrics.parquet", "explain_audit.parquet",
                 "explain_summary.json", "explain_gallery.html"):
        assert (tmp_path / name).is_file(), name
    assert (tmp_path / "explain" / "overlays" / "im0_tis.png").is_file()
    assert "im2_occlusion.png" in (tmp_path / "explain_gallery.html").read_text()

    # a killed run: one finished image lost -> only that one is explained again
    (tmp_path / "explain" / "items" / "im1.json").unlink()
    calls = []
    real = runner.explain_image
    monkeypatch.setattr(runner, "explain_image", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = run_explain(model, _preprocess, items, options, tmp_path, progress=False)
    assert len(calls) == 1
    def timeless(metrics):
        return [{k: v for k, v in m.items() if k != "seconds_per_image"} for m in metrics]

    assert timeless(again["metrics"]) == timeless(results["metrics"])
    # other options -> a different key -> recomputed
    run_explain(model, _preprocess, items[:1], options.model_copy(update={"n_masks": 32}), tmp_path, progress=False)
    assert len(calls) == 2


def _write_store(store, n_studies: int = 8) -> None:
    import models
    from models.synthetic import toy_records

    records = toy_records(n_studies, seed=3, size=64, max_images=1)
    images, labels, filt = [], [], []
    for k, r in enumerate(records):
        sid = r["study_id"]
        for j, png in enumerate(r["images"]):
            images.append({"image_id": f"{sid}-{j}", "study_id": sid, "patient_pseudo_id": f"P{k}",
                           "image": {"bytes": png, "path": None}, "body_part": r["body_part"]})
            filt.append({"image_id": f"{sid}-{j}", "kept": True, "n_chars": 0})
        labels.append({"study_id": sid, "patient_pseudo_id": f"P{k}", "task": "fracture",
                       "label": str(r["label_fracture"]), "kept": True, "split": "test"})
    for name, rows in (("images", images), ("image_filter", filt), ("labels", labels)):
        store.write_shard(name, 0, rows)
    tok = models.train_tokenizer([r["text"] for r in records], store.out_dir / "_tok", vocab_size=150)
    torch.manual_seed(0)
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tok)
    models.save_checkpoint(model, cfg, store.artifact_dir("checkpoints") / "run1" / "best")


def test_explain_stage_runs_skips_and_the_cli_explains_a_checkpoint(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.config import config_from_dict
    from pipeline.stages import explain
    from pipeline.store import StageContext, Store

    boxes = tmp_path / "boxes.jsonl"
    raw = {"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
           "explain": {"max_images": 3, "n_masks": 16, "ig_steps": 4, "insertion_steps": 4, "device": "cpu",
                       "methods": ["tis", "rise", "attention_rollout"], "boxes_file": str(boxes),
                       "sensitivity_samples": 1}}
    cfg = config_from_dict(raw, base=tmp_path)
    ctx = StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False)
    _write_store(ctx.store)
    image_ids = ctx.store.read_table("images", columns=["image_id"]).column("image_id").to_pylist()
    boxes.write_text("".join(json.dumps({"image_id": i, "kind": "lesion", "box": [0.3, 0.3, 0.7, 0.7]}) + "\n"
                             for i in image_ids))
    report = explain.run(ctx)
    assert report.status == "done", report
    assert report.stats["images"] == 3
    assert {"pointing_game_tis", "pointing_game_rise", "pointing_game_attention_rollout"} <= set(report.stats)
    summary = json.loads((ctx.store.artifact_dir("eval") / "explain_summary.json").read_text())
    assert [m["method"] for m in summary["metrics"]] == ["tis", "rise", "attention_rollout"]
    assert all(m["n_with_lesion_box"] == 3 for m in summary["metrics"])
    assert all(m["max_sensitivity"] is not None and m["max_sensitivity"] >= 0 for m in summary["metrics"])
    assert explain.run(ctx).status == "skipped"

    out = tmp_path / "cli_eval"
    result = CliRunner().invoke(app, [
        "explain", "--checkpoint", str(ctx.store.artifact_dir("checkpoints") / "run1" / "best"),
        "--dataset", f"ours:{tmp_path / 'out'}", "--out", str(out), "--max-images", "2", "--masks", "16",
        "--method", "tis", "--method", "occlusion", "--device", "cpu"])
    assert result.exit_code == 0, result.output
    assert "tis" in result.output and "bias audit" in result.output
    assert json.loads((out / "explain_summary.json").read_text())["n_images"] == 2


def test_tis_on_a_resized_clip_checkpoint_explains_the_zero_shot_score(tmp_path: Path) -> None:
    """FlexiViT-resized tower (64 px / patch 8 -> 96 px / patch 12): same token count, new geometry."""
    from eval.encoders import load_checkpoint_encoder
    from eval.zeroshot import TextBank, strategy_scores
    from explain.sources import load_target
    from explain.tis import TIS
    from models.resize import resize_checkpoint
    from pipeline.config import config_from_dict
    from pipeline.store import Store

    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")}})
    store = Store.from_config(cfg)
    _write_store(store, n_studies=2)
    best = store.artifact_dir("checkpoints") / "run1" / "best"
    resized = resize_checkpoint(best, tmp_path / "b96", image_size=96, patch_size=12)
    target, preprocess, _, _ = load_target(resized, ExplainOptions())
    image = Image.open(io.BytesIO(_png(1, 120))).convert("RGB")
    pixels = preprocess(image)[None]
    assert pixels.shape[-1] == 96
    saliency = TIS(n_masks=32)(target, pixels)
    assert saliency.shape == (96, 96) and float(saliency.max()) == 1.0
    # the explained probability is evaluate's text_binary zero-shot score of the same prompt pair
    from eval.prompts import prompts_for

    encoder = load_checkpoint_encoder(resized)
    prompts = prompts_for("ours", "fracture")
    bank = TextBank(positive=encoder.encode_text([prompts.positive])[0], normal=encoder.encode_text([prompts.normal])[0],
                    enumeration=np.zeros(1), subclasses=np.zeros((1, 1)))
    _, emb = encoder.image_features(pixels)
    emb = torch.nn.functional.normalize(emb.float(), dim=-1).numpy()
    expected = strategy_scores(emb, bank, "text_binary", encoder.logit_scale)[0]
    assert float(target.probability(pixels)[0]) == pytest.approx(float(expected), abs=1e-5)

"""End to end: a real tiny checkpoint on our out/ layout plus a generic dataset, with the report files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from eval_testkit import one_torch_thread_fixture, tiny_checkpoint, write_ours, write_png  # noqa: F401 - fixtures, requested by name

from eval.report import summary_lines
from eval.runner import EvaluateSpec, run_evaluation


@pytest.fixture(scope="module")
def setup(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runner")
    write_ours(root / "out", n_studies=24)
    for i in range(16):
        write_png(root / "gen" / f"g{i}.png", 20 + 12 * i)
    (root / "gen" / "knees.csv").write_text(
        "path,target,split\n" + "".join(f"g{i}.png,{i * 1.5},{'train' if i < 10 else 'val' if i < 12 else 'test'}\n"
                                        for i in range(16))
    )
    return {"root": root, "ckpt": tiny_checkpoint(root / "ck")}


def spec(setup: dict[str, Path], out: str, **kw) -> EvaluateSpec:
    base = dict(
        checkpoints=[setup["ckpt"]], datasets=[f"ours:{setup['root'] / 'out'}", f"generic:{setup['root'] / 'gen' / 'knees.csv'}",
                                               "mura:/nonexistent/folder"],
        out_dir=setup["root"] / out, cache_dir=setup["root"] / "cache", seeds=2, ratios=[0.5, 1.0], probe_max_epochs=4,
        probe_min_epoch_steps=5,
        bootstrap=50, retrieval_ks=[3, 5], baselines=["random", "imagenet"], baseline_model="vit_tiny_patch16_224",
        baseline_image_size=32, max_tsne_points=100,
    )
    base.update(kw)
    return EvaluateSpec(**base)


def test_full_evaluation_writes_results_and_report(setup) -> None:
    results = run_evaluation(spec(setup, "e1"))
    out = setup["root"] / "e1"
    saved = json.loads((out / "results.json").read_text())
    assert saved["zeroshot"] == results["zeroshot"]
    from eval.results import EvaluationResults, ProbeRow, ZeroShotRow

    # typed results: the returned dataclasses are exactly results.json, which reads back to the same
    assert isinstance(results, EvaluationResults) and results.to_json() == saved
    assert EvaluationResults.load(out / "results.json").to_json() == saved
    assert all(isinstance(r, ZeroShotRow) for r in results.zeroshot) and isinstance(results.probe[0], ProbeRow)
    with pytest.raises(ValueError, match="unknown keys"):
        EvaluationResults.from_json({**saved, "surprise": 1})
    model = setup["ckpt"].name
    zs = [r for r in results["zeroshot"] if r["model"] == model]
    assert {r["strategy"] for r in zs} == {"text_binary", "text_enumeration", "latent_min", "latent_mean"}
    assert {r["dataset_task"] for r in zs} == {"ours/fracture"}  # the other task has no prompt entry
    assert all(r["n"] == 12 and r["ci_low"] is None or r["ci_low"] <= r["auroc"] <= r["ci_high"] for r in zs)
    ret = results["retrieval"]
    assert {(r["strategy"], r["k"]) for r in ret} == {(s, k) for s in ("negation", "text_enumeration", "latent_mean")
                                                      for k in (3, 5)}
    assert all(r["folds"] == 5 and r["scope"] == "dataset" and r["ranking"] == "query" for r in ret)
    ours = next(d for d in results["datasets"] if d["key"] == "ours/fracture")
    assert all(r["n_images"] == sum(ours["counts"].values()) for r in ret)  # every split, not only test
    (rr,) = results["report_retrieval"]
    assert rr["n_reports"] == 12 and rr["chance@5"] == pytest.approx(5 / 12) and 0 <= rr["recall@5"] <= 1
    probe = results["probe"]
    models = {r["model"] for r in probe}
    assert models == {model, "vit_tiny_patch16_224-random"}
    reg = [r for r in probe if r["dataset_task"] == "knees/target"]
    assert reg and all(r["metric"] == "mae" for r in reg)
    assert {r["ratio"] for r in probe} == {0.5, 1.0} and all(len(r["seeds"]) == 2 for r in probe)
    reasons = " ".join(r["reason"] for r in results["rejects"])
    assert "ImageNet weights" in reasons and "MURA layout" in reasons
    preds = pq.read_table(out / "predictions.parquet")
    assert {"model", "dataset", "task", "method", "variant", "seed", "sample_id", "label", "score"} <= set(preds.column_names)
    assert set(preds.column("method").to_pylist()) == {"zeroshot", "linear_probe"}
    for plot in results["plots"]:
        assert (out / plot).stat().st_size > 1000
    assert any("tsne" in p for p in results["plots"]) and any("roc" in p for p in results["plots"])
    assert any("efficiency" in p for p in results["plots"])
    md = (out / "report.md").read_text()
    assert "Zero-shot classification AUROC" in md and "precision@k" in md and "linear probe" in md
    assert (out / "report.html").read_text().startswith("<!doctype html>")
    for f in out.rglob("*"):  # report text never leaves memory
        if f.is_file():
            data = f.read_bytes()
            assert b"Fracture du radius" not in data and b"Pas de fracture visible" not in data
    lines = summary_lines(results)
    assert len(lines) > 10 and any("image->report recall@5" in line for line in lines)

    again = run_evaluation(spec(setup, "e2", tasks=["zeroshot"], baselines=[]))
    assert again["embedding_cache"]["computed"] == 0 and again["embedding_cache"]["reused"] > 0


def test_finetune_task_and_checkpoint_comparison(setup) -> None:
    results = run_evaluation(spec(
        setup, "e3", tasks=["finetune"], datasets=[f"generic:{setup['root'] / 'gen' / 'knees.csv'}"], baselines=["random"],
        ratios=[1.0], seeds=1, finetune_frozen_steps=1, finetune_max_epochs=2, probe_batch_size=8,
        checkpoints=[setup["ckpt"], setup["root"] / "no-such-checkpoint"],
    ))
    assert {r["method"] for r in results["probe"]} == {"finetune"}
    assert len({r["model"] for r in results["probe"]}) == 2
    assert any("checkpoint" in r["reason"] for r in results["rejects"])
    md = (setup["root"] / "e3" / "report.md").read_text()
    assert "finetune: mean absolute error" in md


def test_cli_entry_prints_summary(setup, capsys) -> None:
    from eval import cli_evaluate

    results = cli_evaluate([setup["ckpt"]], [f"ours:{setup['root'] / 'out'}"], setup["root"] / "cli", tasks=["zeroshot"],
                           seeds=1, bootstrap=20)
    printed = capsys.readouterr().out
    assert "zero-shot text_binary" in printed and len(results["zeroshot"]) == 4
    assert (setup["root"] / "cli" / "results.json").is_file()


def test_probe_falls_back_to_patient_grouped_cv_without_train_split(tmp_path) -> None:
    from eval_testkit import png_bytes, tiny_encoder

    from eval.data import EvalDataset
    from eval.runner import cv_splits

    n = 40
    labels = np.array([i % 2 for i in range(n)], dtype=float)
    ds = EvalDataset(
        name="heldout", task="fracture", kind="binary", class_names=["0", "1"], image_ids=[f"i{i}" for i in range(n)],
        sources=[png_bytes(int(40 + 150 * y) + i % 7) for i, y in enumerate(labels)],
        study_ids=[f"s{i // 2}" for i in range(n)], patient_ids=[f"p{i // 2}" for i in range(n)],
        splits=["test"] * n, labels=labels, body_parts=["x"] * n,
    )
    folds = cv_splits(ds, 5, seed=0)
    assert len(folds) == 5
    test_sets = [{ds.patient_ids[j] for j, s in enumerate(f) if s == "test"} for f in folds]
    assert set().union(*test_sets) == set(ds.patient_ids) and sum(len(t) for t in test_sets) == 20
    for f in folds:  # a patient never straddles train and test
        train = {ds.patient_ids[j] for j, s in enumerate(f) if s == "train"}
        assert not train & {ds.patient_ids[j] for j, s in enumerate(f) if s == "test"}
    results = run_evaluation(EvaluateSpec(out_dir=tmp_path, tasks=["linear_probe"], seeds=2, ratios=[1.0],
                                          probe_max_epochs=3, probe_min_epoch_steps=5), encoders=[tiny_encoder()],
                               datasets=[ds])
    (row,) = results["probe"]
    assert row["protocol"] == "cv5-test" and len(row["seeds"]) == 2 and row["n_train"] > 0
    assert any("cross-validation" in note for note in results["notes"])


def test_thesis_preset_sets_the_reference_curve_and_explicit_keys_win(tmp_path) -> None:
    thesis = EvaluateSpec(out_dir=tmp_path, preset="thesis")
    assert thesis.ratios == [1.0, 0.5, 0.25, 0.125, 0.0625, 0.03] and thesis.seeds == 8
    assert EvaluateSpec(out_dir=tmp_path, preset="thesis", seeds=2).seeds == 2
    assert EvaluateSpec(out_dir=tmp_path).seeds == 3


def test_pad_to_square_keeps_the_whole_long_image() -> None:
    """A 1:3 image padded to a square keeps every pixel (centred), where a centre crop would keep a third."""
    from PIL import Image

    from eval.transforms import PadToSquare

    img = Image.new("L", (20, 60), 200)
    out = PadToSquare()(img)
    assert out.size == (60, 60)
    arr = np.asarray(out)
    assert (arr[:, 20:40] == 200).all() and (arr[:, :20] == 0).all() and (arr[:, 40:] == 0).all()
    rgb = PadToSquare()(Image.new("RGB", (30, 10), (1, 2, 3)))
    assert rgb.size == (30, 30) and rgb.getpixel((15, 15)) == (1, 2, 3) and rgb.getpixel((0, 0)) == (0, 0, 0)


def test_padded_encoder_has_its_own_cache_key(tmp_path) -> None:
    from eval_testkit import tiny_encoder

    from eval.embeddings import EmbeddingCache
    from eval.runner import _Run

    enc = tiny_encoder()
    run = _Run(EvaluateSpec(out_dir=tmp_path, pad_to_square=["hka_set"]), EmbeddingCache(None))
    hka = type("D", (), {"name": "hka_set"})()
    other = type("D", (), {"name": "mura"})()
    assert run.encoder_for(enc, other) is enc
    padded = run.encoder_for(enc, hka)
    assert padded is run.encoder_for(enc, hka) and padded.fingerprint != enc.fingerprint
    assert "PadToSquare" in repr(padded.preprocess)


def test_device_auto_takes_the_gpu_when_present(monkeypatch):
    import torch

    from eval.runner import resolve_device
    from eval.spec import EvaluateSpec

    assert EvaluateSpec.model_fields["device"].default == "auto"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert resolve_device("auto") == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert resolve_device("auto") == "cpu"
    assert resolve_device("cuda:1") == "cuda:1"


def test_checkpoint_names_keep_runs_and_continued_targets_apart(tmp_path, monkeypatch):
    import models
    from eval import encoders

    monkeypatch.setattr(models, "load_checkpoint", lambda path, device="cpu": path)
    monkeypatch.setattr(encoders, "from_loaded", lambda name, loaded: name)
    root = tmp_path / "checkpoints"
    names = [encoders.load_checkpoint_encoder(root / p) for p in
             ("pretrain/best", "tiny-96/continued/best", "tiny-96-p12/continued/best", "b24-336")]
    assert names == ["pretrain/best", "tiny-96/continued/best", "tiny-96-p12/continued/best", "b24-336"]


def test_sections_added_by_later_stages_survive_a_new_evaluate_report(tmp_path):
    """explain adds its tables to report.md; evaluate rewriting the report keeps them, explain replaces them."""
    from eval.report import add_report_section, write_report

    results = {"models": [{"name": "m"}], "datasets": [{"key": "ours"}], "wall_time_s": 1.0}
    write_report(results, tmp_path)
    add_report_section(tmp_path, "explain", "## Explanations\n\ntis 0.50")
    text = (tmp_path / "report.md").read_text()
    assert text.startswith("# Evaluation report") and text.count("## Explanations") == 1 and "tis 0.50" in text
    write_report({**results, "wall_time_s": 2.0}, tmp_path)  # evaluate runs again
    text = (tmp_path / "report.md").read_text()
    assert "Wall time: 2.0 s" in text and text.count("## Explanations") == 1
    add_report_section(tmp_path, "explain", "## Explanations\n\ntis 0.75")  # explain runs again
    text = (tmp_path / "report.md").read_text()
    assert "tis 0.75" in text and "tis 0.50" not in text and "Wall time: 2.0 s" in text

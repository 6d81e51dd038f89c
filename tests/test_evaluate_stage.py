"""The `evaluate` stage: checkpoints from out/checkpoints on our held-out studies, skipped when unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from pipeline.config import config_from_dict
from pipeline.store import StageContext, StageFailed, Store

REPORT_WORD = "Trait de fracture visible"


@pytest.fixture(autouse=True)
def one_torch_thread():
    """Tiny models run fastest on one thread on a shared 2-core machine; restored after."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def make_ctx(work: Path, **evaluate) -> StageContext:
    raw = {
        "paths": {"out_dir": str(work / "out"), "vault_dir": str(work / "vault")},
        "run": {"shard_size": 64, "seed": 0},
        "evaluate": {"seeds": 1, "ratios": [1.0], "probe_max_epochs": 3, "probe_min_epoch_steps": 5, "bootstrap": 50, "retrieval_ks": [5],
                     "max_tsne_points": 60, **evaluate},
    }
    cfg = config_from_dict(raw, base=work)
    return StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False)


def write_tables(store: Store, n_studies: int = 30) -> None:
    """Toy images, reports and fracture labels with a patient split, through the store's schemas."""
    import models
    from models.synthetic import toy_records

    records = toy_records(n_studies, seed=3, size=64, max_images=2)
    images, reports, labels, filt = [], [], [], []
    for k, r in enumerate(records):
        sid, pid = r["study_id"], f"P{k}"
        split = "test" if k % 3 == 0 else ("val" if k % 5 == 0 else "train")
        for j, png in enumerate(r["images"]):
            iid = f"{sid}-{j}"
            images.append({"image_id": iid, "study_id": sid, "patient_pseudo_id": pid,
                           "image": {"bytes": png, "path": None}, "body_part": r["body_part"]})
            filt.append({"image_id": iid, "kept": True, "n_chars": 0})
        reports.append({"report_id": f"R{k}", "study_id": sid, "patient_pseudo_id": pid, "text": r["text"]})
        labels.append({"study_id": sid, "patient_pseudo_id": pid, "task": "fracture",
                       "label": str(r["label_fracture"]), "kept": True, "split": split})
    images[0]["image"] = {"bytes": b"broken png", "path": None}
    for name, rows in (("images", images), ("image_filter", filt), ("reports", reports), ("labels", labels)):
        store.write_shard(name, 0, rows)
    tok = models.train_tokenizer([r["text"] for r in records], store.out_dir / "_tok", vocab_size=150)
    torch.manual_seed(0)
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tok)
    ckpts = store.artifact_dir("checkpoints")
    models.save_checkpoint(model, cfg, ckpts / "run1" / "best")  # pretrain's layout: <run_name>/{best,last}
    models.save_checkpoint(model, cfg, ckpts / "run1" / "last")
    # The evaluation below needs both classes among held-out studies (AUROC) and every table as written.
    assert {r["label"] for r in labels if r["split"] == "test"} == {"0", "1"}
    assert [store.count_rows(n) for n in ("images", "reports", "labels")] == [len(images), len(reports), len(labels)]


def test_evaluate_stage_runs_reports_and_skips(tmp_path: Path) -> None:
    from pipeline.stages import evaluate

    ctx = make_ctx(tmp_path)
    write_tables(ctx.store)
    report = evaluate.run(ctx)
    assert report.status == "done" and report.rows_in == 1  # 'last' is left out when 'best' exists
    assert report.rejects == 1 and report.reject_reasons == {"image could not be decoded": 1}
    stats = report.stats
    assert stats["checkpoints"] == 1 and 0.0 <= stats["best_zeroshot_auroc"] <= 1.0
    assert 0.0 <= stats["image_report_recall@5"] <= 1.0 and stats["image_report_chance@5"] > 0
    assert any("zero-shot latent_mean" in line for line in stats["summary"])
    eval_dir = ctx.store.out_dir / "eval"
    results = json.loads((eval_dir / "results.json").read_text())
    assert [m["name"] for m in results["models"]] == ["run1/best"]
    assert {r["strategy"] for r in results["zeroshot"]} == {"text_binary", "text_enumeration", "latent_min",
                                                             "latent_mean"}
    assert results["probe"] and (eval_dir / "report.md").is_file() and (eval_dir / "predictions.parquet").is_file()
    for f in eval_dir.rglob("*"):  # no report text in out/eval
        if f.is_file():
            assert REPORT_WORD.encode() not in f.read_bytes()
    manifest = ctx.store.manifest("evaluate")
    assert manifest is not None and manifest["stats"]["checkpoints"] == 1
    assert evaluate.run(ctx).status == "skipped"


def test_evaluate_stage_config_and_missing_inputs(tmp_path: Path) -> None:
    from pipeline.config import ConfigError
    from pipeline.stages import evaluate

    with pytest.raises(ConfigError, match="unknown key"):
        make_ctx(tmp_path, no_such_option=1)
    ctx = make_ctx(tmp_path / "empty")
    with pytest.raises(StageFailed, match="no checkpoint"):
        evaluate.run(ctx)
    ctx = make_ctx(tmp_path / "named", checkpoints=["nope"])
    with pytest.raises(StageFailed, match="not found"):
        evaluate.run(ctx)


def test_hand_corrected_test_labels_replace_pseudo_labels(tmp_path: Path) -> None:
    """labels corrections: test-split labels replaced and the dataset reported as 'ours+corrected'; rows that
    match no test study or cannot be read are rejects with a reason."""
    import pyarrow.parquet as pq

    from pipeline.stages import evaluate

    work = tmp_path / "w"
    ctx = make_ctx(work)
    write_tables(ctx.store)
    labels = ctx.store.read_table("labels").to_pylist()
    test = [r for r in labels if r["split"] == "test"]
    train = next(r for r in labels if r["split"] == "train")
    flipped = {r["study_id"]: 1 - int(r["label"]) for r in test[:3]}
    csv_path = tmp_path / "corrections.csv"
    lines = ["study_id,label"] + [f"{s},{'oui' if y else 'non'}" for s, y in flipped.items()]
    lines += [f"{train['study_id']},1", "S-unknown,0", f"{test[3]['study_id']},peut-être"]
    csv_path.write_text("\n".join(lines) + "\n")
    ctx = make_ctx(work, label_corrections=str(csv_path), label_corrections_task="fracture",
                   tasks=["zeroshot"], strategies=["text_binary"])
    report = evaluate.run(ctx)
    assert report.reject_reasons == {"image could not be decoded": 1, "label correction matches no test study": 2,
                                     "label correction unusable": 1}
    results = json.loads((ctx.store.out_dir / "eval" / "results.json").read_text())
    assert {r["dataset_task"] for r in results["zeroshot"]} == {"ours+corrected/fracture"}
    assert any("3 test labels corrected by hand" in n for n in results["notes"])
    preds = pq.read_table(ctx.store.out_dir / "eval" / "predictions.parquet").to_pylist()
    got = {r["sample_id"]: r["label"] for r in preds}
    checked = [s for s in flipped if s in got]  # (a study whose only image is broken has no prediction)
    assert len(checked) >= 2 and all(got[s] == flipped[s] for s in checked)
    untouched = {r["study_id"]: float(r["label"]) for r in test[4:]}
    assert all(got[s] == y for s, y in untouched.items() if s in got)

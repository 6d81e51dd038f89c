"""pseudo-label stage on the synthetic hospital: rules accuracy, coverage, one study per patient, split, rejects."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from testkit import ground_truth, hospital_config

from pipeline.config import config_from_dict, documented_defaults
from pipeline.runner import run_stages
from pipeline.store import StageFailed, Store

sys.path.insert(0, str(Path(__file__).parent / "labeling"))
from pl_testkit import ChatStub  # noqa: E402


@pytest.fixture(scope="module")
def report_rows(ingested, synthetic_hospital) -> list[dict]:
    """A `reports` table as pseudonymize writes it: real study/patient ids from ingest, GT report bodies."""
    cfg, _ = ingested
    store = Store.from_config(cfg)
    studies = store.read_table("studies", columns=["study_id", "patient_pseudo_id", "study_instance_uid"])
    by_uid = {r["study_instance_uid"]: r for r in studies.to_pylist()}
    rows = []
    for i, gt in enumerate(ground_truth(synthetic_hospital, "reports")):
        study = by_uid.get(gt["study_uid"])
        if study is None or not gt["body_text"].strip():
            continue
        rows.append({"report_id": f"r{i:04d}", "study_id": study["study_id"],
                     "patient_pseudo_id": study["patient_pseudo_id"], "text": gt["body_text"], "spans": [],
                     "_label": str(gt["label_fracture"])})
    assert len(rows) >= 20
    return rows


def _config(tmp_path: Path, **section) -> object:
    return config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                             "run": {"shard_size": 16, "seed": 3},
                             "pseudo_label": {"test_size": 3, "val_size": 2, **section}})


def _write_reports(cfg, rows: list[dict], extra: list[dict] = ()) -> Store:
    store = Store.from_config(cfg)
    clean = [{k: v for k, v in r.items() if not k.startswith("_")} for r in [*rows, *extra]]
    store.write_shard("reports", 0, clean)
    return store


def test_rules_labels_match_ground_truth_and_split_by_patient(tmp_path, report_rows):
    cfg = _config(tmp_path, tasks=["fracture", "implant"])
    empty = {"report_id": "rz", "study_id": "study-without-text", "patient_pseudo_id": "pz", "text": " ",
             "spans": []}
    store = _write_reports(cfg, report_rows, [empty])
    (report,) = run_stages(cfg, ["pseudo-label"], progress=False)
    assert report.status == "done"
    n_studies = len({r["study_id"] for r in report_rows}) + 1
    assert report.rows_in == 2 * n_studies
    assert report.rows_out["label_votes"] + report.rejects == report.rows_in
    assert report.reject_reasons == {"report text is empty": 2}

    votes = store.read_table("label_votes").to_pylist()
    truth = {r["study_id"]: r["_label"] for r in report_rows}
    fracture = [v for v in votes if v["task"] == "fracture"]
    kept = [v for v in fracture if v["kept"]]
    accuracy = sum(v["label"] == truth[v["study_id"]] for v in kept) / len(kept)
    assert accuracy >= 0.97
    assert report.stats["coverage.fracture"] == pytest.approx(len(kept) / len(fracture), abs=1e-3)
    assert {v["backend"] for v in votes} == {"rules"} and {v["model"] for v in votes} == {"rules-fr-1"}
    assert len({v["prompt_hash"] for v in votes}) == 2  # one per task
    assert Counter((v["study_id"], v["task"]) for v in votes).most_common(1)[0][1] == 1

    labels = store.read_table("labels").to_pylist()
    main = [r for r in labels if r["task"] == "fracture"]
    assert all(r["kept"] for r in main)
    patients = Counter(r["patient_pseudo_id"] for r in main)
    assert max(patients.values()) == 1  # one study per patient
    split_of = {}
    for r in labels:
        assert split_of.setdefault(r["patient_pseudo_id"], r["split"]) == r["split"]  # no patient in two splits
    splits = Counter(split_of.values())
    assert splits["test"] == 3 and splits["val"] == 2 and splits["train"] == len(split_of) - 5
    assert {r["task"] for r in labels} == {"fracture", "implant"}

    manifest = store.manifest("pseudo-label.split")
    assert manifest["stats"]["patients.test"] == 3
    assert json.dumps(store.manifest("pseudo-label")).find("Fracture") == -1  # counts only, never text


def test_out_tables_hold_no_report_text(tmp_path, report_rows, synthetic_hospital):
    cfg = _config(tmp_path)
    store = _write_reports(cfg, report_rows[:12])
    run_stages(cfg, ["pseudo-label"], progress=False)
    phi = json.loads((synthetic_hospital / "ground_truth" / "phi_strings.json").read_text())
    needles = {s for values in phi.values() for s in values if len(s) >= 6}
    for name in ("label_votes", "labels"):
        for row in store.read_table(name).to_pylist():
            flat = json.dumps(row, ensure_ascii=False)
            assert not any(n in flat for n in needles)
            assert all(len(str(v)) < 64 for v in row.values() if isinstance(v, str))


def test_rerun_is_skipped_and_split_sizes_redo_only_the_split(tmp_path, report_rows):
    cfg = _config(tmp_path)
    store = _write_reports(cfg, report_rows[:10])
    run_stages(cfg, ["pseudo-label"], progress=False)
    first = store.read_table("labels").to_pylist()
    (again,) = run_stages(cfg, ["pseudo-label"], progress=False)
    assert again.status == "skipped"
    label_manifest = store.manifest("pseudo-label")
    bigger = _config(tmp_path, test_size=1, val_size=0)
    (changed,) = run_stages(bigger, ["pseudo-label"], progress=False)
    assert changed.status == "done"
    assert store.manifest("pseudo-label") == label_manifest  # the labels were not redone...
    second = store.read_table("labels").to_pylist()
    assert Counter(r["split"] for r in second)["test"] == 1  # ...only the split
    assert {r["study_id"] for r in first} == {r["study_id"] for r in second}


def test_openai_backend_through_the_stage(tmp_path, report_rows):
    with ChatStub(lambda body, i: "1" if i < 2 else ("1" if "fracture d" in body["messages"][1]["content"]
                                                          else "0")) as server:
        cfg = _config(tmp_path, backend="openai", model="served-llm", openai={"base_url": server.base_url})
        store = _write_reports(cfg, report_rows[:6])
        (report,) = run_stages(cfg, ["pseudo-label"], progress=False)
    assert report.status == "done" and report.rejects == 0
    votes = store.read_table("label_votes").to_pylist()
    assert len(votes) == len({r["study_id"] for r in report_rows[:6]})
    assert {v["backend"] for v in votes} == {"openai"} and {v["model"] for v in votes} == {"served-llm"}
    assert all(len(v["votes"]) == 3 for v in votes)
    assert all(v["kept"] == (v["votes"] == ["1", "1", "1"]) for v in votes)


def test_refused_host_and_missing_input_stop_before_any_work(tmp_path, report_rows):
    cfg = _config(tmp_path, backend="openai", model="m", openai={"base_url": "http://93.184.216.34/v1"})
    store = _write_reports(cfg, report_rows[:3])
    with pytest.raises(StageFailed, match="allowed_hosts"):
        run_stages(cfg, ["pseudo-label"], progress=False)
    assert not store.has_table("label_votes")
    with pytest.raises(StageFailed, match="pseudonymize"):
        run_stages(_config(tmp_path / "empty"), ["pseudo-label"], progress=False)
    with pytest.raises(StageFailed, match="primary_task"):
        run_stages(_config(tmp_path, primary_task="implant"), ["pseudo-label"], progress=False)
    custom = tmp_path / "custom.yaml"
    custom.write_text('name: custom\nanswers: ["a", "b"]\nsystem: S\nuser: "{report}"\n', "utf-8")
    with pytest.raises(StageFailed, match="no 'rules' section"):
        run_stages(_config(tmp_path, tasks=[str(custom)]), ["pseudo-label"], progress=False)
    with pytest.raises(StageFailed, match="neither a built-in"):
        run_stages(_config(tmp_path, tasks=["fractures"]), ["pseudo-label"], progress=False)


def test_transformers_backend_through_the_stage(tmp_path, report_rows):
    from pipeline.labeling.backends import clear_backends
    from pipeline.labeling.tiny_lm import save_tiny_chat_model

    model_dir = save_tiny_chat_model(tmp_path / "tiny-llm", [r["text"][:300] for r in report_rows[:8]])
    short = [{**r, "text": r["text"][:300]} for r in report_rows[:4]]
    cfg = _config(tmp_path, backend="transformers", model=str(model_dir), transformers={"device": "cpu"})
    store = _write_reports(cfg, short)
    (report,) = run_stages(cfg, ["pseudo-label"], workers=2, progress=False)
    clear_backends()
    assert report.status == "done"
    votes = store.read_table("label_votes").to_pylist()
    assert {v["model"] for v in votes} == {"tiny-llm"} and all(len(v["votes"]) == 3 for v in votes)
    assert all(set(v["votes"]) <= {"0", "1"} for v in votes)
    assert report.stats["generated_tokens"] == 6 * len(votes)


def test_whole_chain_from_pdfs_to_labels(synthetic_hospital, tmp_path):
    """ingest -> extract-reports -> align -> pseudonymize -> pseudo-label on the hospital: labels vs ground truth."""
    cfg = config_from_dict(hospital_config(synthetic_hospital, tmp_path, pseudo_label={"test_size": 2, "val_size": 1}))
    reports = run_stages(cfg, ["ingest", "extract-reports", "align", "pseudonymize", "pseudo-label"], progress=False)
    assert [r.status for r in reports] == ["done"] * 5
    store = Store.from_config(cfg)
    uid_to_study = {r["study_instance_uid"]: r["study_id"] for r in store.read_table("studies").to_pylist()}
    truth = {uid_to_study.get(s["study_uid"]): str(int(s["fracture"])) for s in ground_truth(synthetic_hospital,
                                                                                                "studies")}
    votes = store.read_table("label_votes").to_pylist()
    kept = [v for v in votes if v["kept"]]
    assert len(votes) == reports[3].rows_out["reports"] and len(kept) >= 0.9 * len(votes)
    assert sum(v["label"] == truth[v["study_id"]] for v in kept) / len(kept) >= 0.97
    labels = store.read_table("labels").to_pylist()
    assert Counter(r["split"] for r in labels)["test"] == 2
    assert len({r["patient_pseudo_id"] for r in labels}) == len(labels)


def test_config_section_is_documented():
    text = documented_defaults()
    for key in ("pseudo_label:", "min_agreement: 1.0", "test_size: 256", "allowed_hosts", "tensor_parallel_size"):
        assert key in text

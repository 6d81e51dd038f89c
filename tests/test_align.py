"""align: report <-> study pairing by patient and day; precision, recall, counts, ambiguous days."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit import ground_truth

from pipeline.configs.align import AlignConfig
from pipeline.runner import run_stages, status_table
from pipeline.stages.align import (
    REASON_AMBIGUOUS,
    REASON_NO_STUDY,
    REASON_NOT_RADIOLOGY,
    REASON_ORDER,
    Report,
    Study,
    pair,
)
from pipeline.store import Store


@pytest.fixture(scope="module")
def aligned(ingested, synthetic_hospital):
    cfg, _ = ingested
    reports = run_stages(cfg, ["extract-reports", "align"], progress=False)
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    root = synthetic_hospital.resolve()
    report_path = {r["report_id"]: str(Path(r["source_path"]).relative_to(root))
                   for r in store.read_table("raw_reports", columns=["report_id", "source_path"]).to_pylist()}
    study_uid = {r["study_id"]: r["study_instance_uid"]
                 for r in store.read_table("studies", columns=["study_id", "study_instance_uid"]).to_pylist()}
    pairs = store.read_table("pairs").to_pylist()
    return cfg, reports[-1], pairs, report_path, study_uid


def test_pairs_are_all_right_and_nearly_all_found(aligned, synthetic_hospital):
    _, report, pairs, report_path, study_uid = aligned
    truth = {r["path"]: r for r in ground_truth(synthetic_hospital, "reports")}
    for p in pairs:  # precision 100%
        assert truth[report_path[p["report_id"]]]["study_uid"] == study_uid[p["study_id"]]
    ingested_uids = set(study_uid.values())
    unambiguous = [s for s in ground_truth(synthetic_hospital, "studies")
                   if s["report_path"] and not truth[s["report_path"]]["bad"] and s["study_uid"] in ingested_uids]
    paired_uids = {study_uid[p["study_id"]] for p in pairs}
    found = [s for s in unambiguous if s["study_uid"] in paired_uids]
    assert len(found) / len(unambiguous) >= 0.95
    assert any(s["same_day_group"] is not None for s in found)  # same-day studies paired in order
    assert any(p["match"] == "date-order" for p in pairs)


def test_counts_are_in_the_manifest_and_status(aligned):
    cfg, report, pairs, _, _ = aligned
    stats = report.stats
    assert stats["paired"] == len(pairs) == report.rows_out["pairs"]
    assert stats["non_radiology_reports"] >= 1 and stats["unpaired_studies"] >= 1
    assert report.rows_in == len(pairs) + report.rejects
    manifest = Store(cfg.paths.out_dir, cfg.paths.vault_dir).manifest("align")
    assert manifest["stats"]["paired"] == len(pairs)
    rendered = " ".join(str(cell) for col in status_table(cfg).columns for cell in col._cells)
    for key in ("paired=", "ambiguous_days=", "unpaired_studies=", "unpaired_reports=", "non_radiology_reports="):
        assert key in rendered


# ---- the pairing rules on plain records ---------------------------------------------------------------------

def _s(sid: str, when: str, patient: str = "p1", acc: str = "") -> Study:
    return Study(sid, patient, when, acc)


def _r(rid: str, when: str, patient: str = "p1", kind: str = "radiologie", acc: str = "", title: str = "") -> Report:
    return Report(rid, patient, when, kind, acc, title)


def test_same_day_pairs_in_chronological_order():
    studies = [_s("s2", "2021-03-04T14:00:00"), _s("s1", "2021-03-04T09:00:00"), _s("s3", "2021-05-01T10:00:00")]
    reports = [_r("r2", "2021-03-04T15:10:00"), _r("r1", "2021-03-04T09:40:00"), _r("r3", "2021-05-01T11:00:00")]
    pairs, rejects, stats = pair(studies, reports, AlignConfig())
    assert {(p["report_id"], p["study_id"], p["match"]) for p in pairs} == {
        ("r1", "s1", "date-order"), ("r2", "s2", "date-order"), ("r3", "s3", "date")}
    assert rejects == [] and stats["paired"] == 3 and stats["paired_same_day_order"] == 2


def test_ambiguous_days_are_dropped_and_counted():
    studies = [_s("s1", "2021-03-04T09:00:00"), _s("s2", "2021-03-04T14:00:00"),
               _s("s3", "2022-01-01T09:00:00"), _s("s4", "2022-01-01T10:00:00"), _s("s5", "2023-01-01T10:00:00")]
    reports = [_r("r1", "2021-03-04T10:00:00"),  # one report for two studies
               _r("r3", "2022-01-01T08:00:00"), _r("r4", "2022-01-01T11:00:00"),  # r3 predates both studies
               _r("r9", "2024-02-02T10:00:00")]  # no study that day
    pairs, rejects, stats = pair(studies, reports, AlignConfig())
    assert pairs == []
    assert {(r.item, r.reason) for r in rejects} == {
        ("r1", REASON_AMBIGUOUS), ("r3", REASON_ORDER), ("r4", REASON_ORDER), ("r9", REASON_NO_STUDY)}
    assert stats["ambiguous_days"] == 2 and stats["ambiguous_studies"] == 4 and stats["ambiguous_reports"] == 3
    assert stats["unpaired_studies"] == 1 and stats["unpaired_reports"] == 1
    relaxed = pair(studies, reports, AlignConfig(check_order=False))[0]
    assert {(p["report_id"], p["study_id"]) for p in relaxed} == {("r3", "s3"), ("r4", "s4")}


def test_only_radiology_reports_and_accession_first():
    studies = [_s("s1", "2021-03-04T09:00:00", acc="RX1"), _s("s2", "2021-03-04T10:00:00", acc="RX2"),
               _s("s3", "2021-06-04T10:00:00", patient="p2")]
    reports = [
        _r("r1", "2021-03-04T08:00:00", acc="RX2"),  # accession wins over order and date
        _r("r2", "2021-03-05T08:00:00", acc="RX1"),
        _r("c1", "2021-03-04T11:00:00", kind="consultation"),
        _r("t1", "2021-06-04T11:00:00", patient="p2", kind="", title="Radiographie du genou gauche"),
        _r("t2", "2021-06-04T12:00:00", patient="p2", kind="", title="Consultation d'orthopédie"),
    ]
    pairs, rejects, stats = pair(studies, reports, AlignConfig())
    assert {(p["report_id"], p["study_id"], p["match"]) for p in pairs} == {
        ("r1", "s2", "accession"), ("r2", "s1", "accession"), ("t1", "s3", "date")}
    assert {(r.item, r.reason) for r in rejects} == {("c1", REASON_NOT_RADIOLOGY), ("t2", REASON_NOT_RADIOLOGY)}
    assert stats["non_radiology_reports"] == 2 and stats["paired_by_accession"] == 2


def test_bad_title_regex_is_a_config_error():
    from pipeline.config import ConfigError, config_from_dict

    with pytest.raises(ConfigError, match="align.radiology_title_regex"):
        config_from_dict({"align": {"radiology_title_regex": "["}})

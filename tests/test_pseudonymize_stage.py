"""pseudonymize stage on the synthetic hospital: no PHI in out/reports, consistent surrogates, kept intervals."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from testkit import hospital_config

from deduce_fr import Deidentifier, Patient
from deduce_fr.dates import parse_date
from deduce_fr.lookups import fold

NAME_TAGS = ("PATIENT", "PERSON", "LOCATION", "INSTITUTION")


@pytest.fixture(scope="module")
def pseudonymized(synthetic_hospital: Path, tmp_path_factory: pytest.TempPathFactory):
    """(cfg, reports, store) after ingest -> extract-reports -> align -> pseudonymize."""
    from pipeline.config import config_from_dict
    from pipeline.runner import run_stages
    from pipeline.store import Store

    work = tmp_path_factory.mktemp("pseudonymize")
    (work / "vault").mkdir(mode=0o700)
    (work / "vault" / "id_key.bin").write_bytes(bytes(range(32)))  # fixed key: the same surrogates every run
    cfg = config_from_dict(hospital_config(synthetic_hospital, work, run={"shard_size": 8}))
    reports = run_stages(cfg, ["ingest", "extract-reports", "align", "pseudonymize"], progress=False)
    return cfg, reports, Store.from_config(cfg)


def _by_id(store, table: str, key: str) -> dict[str, dict]:  # noqa: ANN001
    return {r[key]: r for r in store.read_table(table).to_pylist()}


def test_accounting_and_tables(pseudonymized) -> None:  # noqa: ANN001
    _, reports, store = pseudonymized
    report = reports[-1]
    assert report.stage == "pseudonymize" and report.status == "done"
    pairs = store.read_table("pairs").to_pylist()
    assert report.rows_in == len(pairs) == report.rows_out["reports"] + report.rejects
    out = store.read_table("reports").to_pylist()
    assert {r["report_id"] for r in out} <= {p["report_id"] for p in pairs}
    shifts = store.read_table("date_shift").to_pylist()
    assert len(shifts) == len({p["patient_pseudo_id"] for p in pairs}) == len({s["patient_pseudo_id"] for s in shifts})
    assert all(-1000 <= s["offset_days"] <= 1000 and s["offset_days"] != 0 for s in shifts)
    assert (store.vault_dir / "date_shift").exists() and not (store.out_dir / "date_shift").exists()
    for row in out:
        for span in row["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(row["text"])


def test_no_ground_truth_phi_in_reports(pseudonymized, synthetic_hospital: Path) -> None:  # noqa: ANN001
    _, _, store = pseudonymized
    phi = json.loads((synthetic_hospital / "ground_truth" / "phi_strings.json").read_text(encoding="utf-8"))
    patients = _by_id(store, "patients", "patient_pseudo_id")
    original_of = {pid: row["original_patient_id"] for pid, row in patients.items()}
    leaks = []
    # a shifted date may fall on another patient's real date: only ids, phones and e-mails are global
    all_phi = {s for strings in phi.values() for s in strings
               if len(s) >= 8 and any(c.isdigit() for c in s) and parse_date(s) is None
               and not re.fullmatch(r"(?:19|20)\d\d[01]\d[0-3]\d", s)}
    for row in store.read_table("reports").to_pylist():
        own = phi.get(original_of.get(row["patient_pseudo_id"], ""), [])
        # a shifted year or month ('1963', 'avril 2021') may equal a real one: too coarse to avoid; full
        # dates never land on one of the patient's real dates (the stage picks the offset so)
        coarse = [(sp["start"], sp["end"]) for sp in row["spans"]
                  if sp["tag"] == "DATE" and not re.search(r"\d{1,2}\D+\d{1,2}\D+\d{2,4}|\d{1,2} \w+ \d{4}",
                                                           row["text"][sp["start"] : sp["end"]])]
        for s in own:
            for m in re.finditer(rf"(?<!\w){re.escape(s)}(?!\w)", row["text"]) if len(s) >= 3 else []:
                if not any(a <= m.start() and m.end() <= b for a, b in coarse):
                    leaks.append((row["report_id"], "own", s))
        # ids, phones, e-mails and full dates of any patient never appear in anyone's report
        for s in all_phi:
            if s in row["text"]:
                leaks.append((row["report_id"], "other", s))
    assert leaks == []


def test_surrogates_consistent_per_patient(pseudonymized) -> None:  # noqa: ANN001
    _, _, store = pseudonymized
    texts = _by_id(store, "report_text", "report_id")
    patients = _by_id(store, "patients", "patient_pseudo_id")
    shifts = {r["patient_pseudo_id"]: r["offset_days"] for r in store.read_table("date_shift").to_pylist()}
    deid = Deidentifier()
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    checked_dates = 0
    for row in store.read_table("reports").to_pylist():
        p = patients[row["patient_pseudo_id"]]
        patient = Patient(first_names=p["first_names"] or [], surname=p["surname"], birth_date=p["birth_date"],
                          ids=[p["original_patient_id"], *(p["other_ids"] or [])], sex=p["sex"])
        original = texts[row["report_id"]]["text"]
        before = deid.annotate(original, patient=patient).spans
        after = row["spans"]
        assert [s.tag for s in before] == [s["tag"] for s in after]
        for b, a in zip(before, after):
            new = row["text"][a["start"] : a["end"]]
            if b.tag in NAME_TAGS:
                seen[(row["patient_pseudo_id"], b.tag, fold(b.text))].add(fold(new))
            if b.tag == "DATE":
                old_day, new_day = parse_date(b.text), parse_date(new)
                if old_day and new_day and re.search(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d", b.text):
                    assert (new_day - old_day).days == shifts[row["patient_pseudo_id"]]
                    checked_dates += 1
    assert checked_dates > 20
    assert seen and all(len(v) == 1 for v in seen.values())


def test_rerun_is_skipped(pseudonymized) -> None:  # noqa: ANN001
    from pipeline.runner import run_stages

    cfg, _, store = pseudonymized
    before = store.read_table("reports").to_pylist()
    again = run_stages(cfg, ["pseudonymize"], progress=False)
    assert again[0].status == "skipped"
    assert sorted(before, key=lambda r: r["report_id"]) == sorted(store.read_table("reports").to_pylist(),
                                                                  key=lambda r: r["report_id"])


def test_resume_after_lost_shard(pseudonymized) -> None:  # noqa: ANN001
    from pipeline.runner import run_stages

    cfg, _, store = pseudonymized
    before = sorted(store.read_table("reports").to_pylist(), key=lambda r: r["report_id"])
    store.manifest_path("pseudonymize").unlink()
    (store.stage_dir("pseudonymize") / "shards" / "00000.json").unlink()
    (store.table_dir("reports") / "part-00000.parquet").unlink()
    again = run_stages(cfg, ["pseudonymize"], progress=False)
    assert again[0].status == "done"
    assert sorted(store.read_table("reports").to_pylist(), key=lambda r: r["report_id"]) == before

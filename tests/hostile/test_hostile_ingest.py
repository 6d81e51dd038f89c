"""Ingest (+ extract-reports) on hostile inputs: the run completes under a memory cap, every file is ingested or rejected
with a reason, nothing outside the input trees is read, ids never link two patients."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hostile_corpus import OUTSIDE_PATIENT, SECRET, make_corpus, make_manifest_cases

from pipeline.config import ConfigError, config_from_dict
from pipeline.runner import run_stages
from pipeline.store import Store

REPO = Path(__file__).resolve().parents[2]
#: Address space the run may add to what its imports mapped (torch alone maps gigabytes it never touches),
#: set with RLIMIT_AS on the whole ingest process before any file is read; its children inherit it.
#: Virtual size also grows with thread stacks and malloc arenas that are never touched, hence the margin
#: over the resident memory the run may really use (PEAK_RSS).
MEMORY_HEADROOM = 8 * 1024**3
#: (Items once failed here with MemoryError, in CI only, first blamed on this margin: the cause was
#: read_regular_file asking for max_file_mb (512 MB) whatever the file's size, which a 512 MB per-item cap
#: held only while the child's stack was small; tests/hostile/test_isolation.py now guards that read.
#: What this test guards, the resident peak, is checked against PEAK_RSS below.)
#: 0.6-1.9 GB measured (the largest of the process and its per-item decode children, which depends on what the
#: process had imported when it forked them); the failures it guards against took 6-11 GB.
PEAK_RSS = 2560 * 1024**2

RUNNER = textwrap.dedent("""
    import json, os, resource, sys
    from pipeline.config import config_from_dict
    from pipeline.runner import run_stages
    import pipeline.stages.ingest, pipeline.stages.extract_reports
    with open("/proc/self/statm") as fh:
        mapped = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (mapped + {headroom}, mapped + {headroom}))
    busy = []

    def audit(event, args):  # every file opened, by this process and its limited children
        if busy or event != "open" or not args or not isinstance(args[0], (str, bytes)):
            return
        busy.append(1)
        try:
            fd = os.open({log!r}, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.write(fd, (os.fsdecode(args[0]) + "\\n").encode("utf-8", "surrogateescape"))
            os.close(fd)
        finally:
            busy.pop()

    sys.addaudithook(audit)
    cfg = config_from_dict(json.loads(sys.argv[1]))
    report, extract = run_stages(cfg, ["ingest", "extract-reports"], progress=False)
    peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({{"status": report.status, "rows_in": report.rows_in, "rows_out": report.rows_out,
                      "rejects": report.rejects, "stats": report.stats, "peak_kb": peak_kb,
                      "extract": {{"status": extract.status, "rows_in": extract.rows_in,
                                   "rows_out": extract.rows_out, "rejects": extract.rejects}}}}))
""")


def _config(root: Path, pacs: Path, reports: Path, manifest: Path, **ingest) -> dict:
    return {"paths": {"dicom_dir": str(pacs), "pdf_dir": str(reports), "report_manifest": str(manifest),
                      "out_dir": str(root / "out"), "vault_dir": str(root / "vault")},
            "run": {"shard_size": 8}, "ingest": {"longest_side": 64, "max_item_memory_mb": 512, **ingest}}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    pacs, reports, manifest, expect = make_corpus(root)
    log = root / "opened.txt"
    script = RUNNER.format(headroom=MEMORY_HEADROOM, log=str(log))
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(_config(root, pacs, reports, manifest))],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    opened = log.read_text(errors="replace").splitlines()
    return root, expect, summary, opened


def test_run_completes_and_accounts_for_every_item(hostile_run):
    root, expect, summary, _ = hostile_run
    assert summary["status"] == "done"
    produced = summary["rows_out"]["ingested_images"] + summary["rows_out"]["raw_reports"]
    assert summary["rows_in"] == produced + summary["rejects"]
    manifest = json.loads((root / "out" / "_stages" / "ingest" / "_manifest.json").read_text())
    assert manifest["stats"]["exact_duplicate_files"] == 1  # counted once, and the count is recorded
    assert manifest["stats"].get("read_without_preamble_or_meta") == 1, (manifest["stats"], manifest["reject_reasons"])
    assert manifest["stats"]["special_files_refused"] == 2
    assert manifest["reject_reasons"]["exact duplicate of another file (counted once)"] == 1
    assert summary["peak_kb"] * 1024 < PEAK_RSS
    extract = summary["extract"]  # extract-reports runs on what ingest let through
    assert extract["status"] == "done" and extract["rows_in"] == summary["rows_out"]["raw_reports"]
    assert extract["rows_in"] == extract["rows_out"]["report_text"] + extract["rejects"]


def test_every_file_ingested_or_rejected_with_its_reason(hostile_run):
    root, expect, _, _ = hostile_run
    store = Store(root / "out", root / "vault")
    rejects = {Path(r["item"]).relative_to(root).as_posix(): r["reason"]
               for r in store.read_table("rejects", stage="ingest").to_pylist()}
    ingested = {Path(p).relative_to(root).as_posix() for p in store.read_table("image_ids").column("source_path").to_pylist()}
    ingested |= {Path(p).relative_to(root).as_posix() for p in store.read_table("raw_reports").column("source_path").to_pylist()}
    wrong = []
    for e in expect:
        if e.ingested and e.name not in ingested:
            wrong.append((e.name, "not ingested", rejects.get(e.name)))
        if not e.ingested and e.reason.lower() not in rejects.get(e.name, "<none>").lower():
            wrong.append((e.name, e.reason, rejects.get(e.name)))
    assert wrong == []
    assert all(len(reason) > 8 for reason in rejects.values())


def test_nothing_outside_the_trees_is_read(hostile_run):
    root, _, _, opened = hostile_run
    outside = str(root / "outside")
    assert [p for p in opened if p.startswith(outside) or p == "/dev/zero"] == []
    assert any(p.endswith("good.dcm") for p in opened)  # the hook does see the files read
    blobs = [p.read_bytes() for base in (root / "out", root / "vault") for p in base.rglob("*") if p.is_file()]
    assert not any(SECRET in b for b in blobs)
    store = Store(root / "out", root / "vault")
    assert OUTSIDE_PATIENT not in store.read_table("image_ids").column("original_patient_id").to_pylist()


def test_no_id_links_two_patients(hostile_run):
    root, *_ = hostile_run
    rows = Store(root / "out", root / "vault").read_table("image_ids").to_pylist()
    for key in ("image_id", "study_id"):
        owners: dict[str, set[str]] = {}
        for r in rows:
            owners.setdefault(r[key], set()).add(r["original_patient_id"])
        assert all(len(v) == 1 for v in owners.values())
    assert len({r["image_id"] for r in rows}) == len(rows)


@pytest.mark.parametrize("case", sorted(make_manifest_cases(Path("."))))
def test_manifest_cases(case, tmp_path):
    data, ingest, error = make_manifest_cases(tmp_path)[case]
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "r1.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    manifest = tmp_path / "m.csv"
    manifest.write_bytes(data)
    cfg = config_from_dict({"paths": {"pdf_dir": str(reports), "report_manifest": str(manifest),
                                      "out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                            "ingest": {"max_item_memory_mb": None, **ingest}})
    if error:
        with pytest.raises(ConfigError) as err:
            run_stages(cfg, ["ingest"], progress=False)
        assert error in str(err.value) and "\n" not in str(err.value)
        return
    (report,) = run_stages(cfg, ["ingest"], progress=False)
    if case == "conflicting_patients_rejected":
        assert report.reject_reasons == {"manifest rows give different patient ids for this file": 1}
    else:
        assert report.rows_out["raw_reports"] == 1 and report.rejects == 0


def test_bad_manifest_is_one_line_exit_2_from_the_cli(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    (tmp_path / "reports").mkdir()
    manifest = tmp_path / "reports.csv"
    manifest.write_bytes("path,patient_id\nreports/é.pdf,H001\n".encode("latin-1"))
    config = tmp_path / "c.yaml"
    config.write_text(f"paths:\n  pdf_dir: {tmp_path / 'reports'}\n  report_manifest: {manifest}\n"
                      f"  out_dir: {tmp_path / 'out'}\n  vault_dir: {tmp_path / 'vault'}\n")
    result = CliRunner().invoke(app, ["run", "-c", str(config), "-s", "ingest"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert "not readable as utf-8 (byte 0xe9 on line 2)" in lines[-1] and "manifest_encodings" in lines[-1]
    assert "Traceback" not in result.output


def test_follow_symlinks_never_refuses_even_links_inside(hostile_run):
    from pipeline.stages.ingest import walk_tree

    root, *_ = hostile_run
    inside = walk_tree(root / "pacs", [".dcm", ""], "inside-only", "dicom_dir")
    never = walk_tree(root / "pacs", [".dcm", ""], "never", "dicom_dir")
    refused = dict(never.refused)
    assert refused[str(root / "pacs" / "link_in.dcm")] == "symbolic link not followed (ingest.follow_symlinks: never)"
    assert inside.stats["links_to_listed_files"] == 1 and str(root / "pacs" / "link_in.dcm") not in dict(inside.refused)
    assert {p.name for p in never.files} == {p.name for p in inside.files}  # the link's target is listed anyway

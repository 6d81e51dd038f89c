"""Refusals before any work (unsafe layouts, locks, missing vault key, unusable targets), shard integrity
(deleted, truncated, corrupted files are redone, never trusted) and workers that die with their parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import config_from_dict
from pipeline.executor import ShardJob, ShardOutput, StageContext, run_sharded
from pipeline.runner import run_stages, verify_run
from pipeline.safety import RunLocked, UnsafeRun, run_lock
from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _cfg(tmp_path: Path, out: Path | str, vault: Path | str, **paths):
    data = {"paths": {"out_dir": str(out), "vault_dir": str(vault), **{k: str(v) for k, v in paths.items()}},
            "run": {"shard_size": 10}}
    return config_from_dict(data, base=tmp_path)


# ---- layouts -------------------------------------------------------------------------------------------------

def _layouts(tmp_path: Path) -> dict[str, tuple]:
    (tmp_path / "data" / "pacs").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link_to_out").symlink_to(tmp_path / "out", target_is_directory=True)
    (tmp_path / "out").mkdir()
    return {
        "same folder": (tmp_path / "run", tmp_path / "run", {}),
        "vault inside out": (tmp_path / "out", tmp_path / "out" / "vault", {}),
        "vault inside out through ..": (tmp_path / "out", tmp_path / "elsewhere" / ".." / "out" / "v", {}),
        "vault inside out through a symlink": (tmp_path / "out", tmp_path / "link_to_out" / "vault", {}),
        "out inside vault": (tmp_path / "vault" / "out", tmp_path / "vault", {}),
        "out is the DICOM folder": (tmp_path / "data" / "pacs", tmp_path / "vault", {"dicom_dir": tmp_path / "data" / "pacs"}),
        "out contains the DICOM folder": (tmp_path / "data", tmp_path / "vault", {"dicom_dir": tmp_path / "data" / "pacs"}),
    }


@pytest.mark.parametrize("case", [
    "same folder", "vault inside out", "vault inside out through ..", "vault inside out through a symlink",
    "out inside vault", "out is the DICOM folder", "out contains the DICOM folder",
])
def test_overlapping_layouts_are_refused_before_any_work(case, tmp_path):
    out, vault, paths = _layouts(tmp_path)[case]
    cfg = _cfg(tmp_path, out, vault, **paths)
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(UnsafeRun, match="unsafe layout"):
        run_stages(cfg, ["ingest"], progress=False)
    assert sorted(p for p in tmp_path.rglob("*")) == before  # nothing written, not even a lock
    config = tmp_path / "cfg.yaml"
    config.write_text(json.dumps({"paths": {"out_dir": str(out), "vault_dir": str(vault),
                                            **{k: str(v) for k, v in paths.items()}}}))
    for args in (["config", "--check", str(config)], ["run", "-c", str(config), "--stage", "ingest"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert result.output.strip().startswith("unsafe layout") and len(result.output.strip().splitlines()) == 1


def test_separate_folders_pass(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    assert run_stages(cfg, ["ingest"], progress=False) or True  # ingest of nothing: runs, 0 rows
    assert Store(cfg.paths.out_dir, cfg.paths.vault_dir).count_rows("image_ids") == 0


# ---- targets and CLI bounds ------------------------------------------------------------------------------------

def test_target_that_cannot_be_created_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    cfg = _cfg(tmp_path, tmp_path / "file" / "out", tmp_path / "vault")
    with pytest.raises(UnsafeRun, match="paths.out_dir .* cannot be created"):
        run_stages(cfg, ["ingest"], progress=False)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_out_is_refused_up_front(tmp_path):
    (tmp_path / "out").mkdir()
    os.chmod(tmp_path / "out", 0o500)
    try:
        with pytest.raises(UnsafeRun, match="not writable"):
            run_stages(_cfg(tmp_path, tmp_path / "out", tmp_path / "vault"), ["ingest"], progress=False)
    finally:
        os.chmod(tmp_path / "out", 0o700)


def test_missing_input_folder_is_refused_when_ingest_runs(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault", dicom_dir=tmp_path / "not_mounted")
    with pytest.raises(UnsafeRun, match="paths.dicom_dir does not exist"):
        run_stages(cfg, ["ingest"], progress=False)


@pytest.mark.parametrize("workers", ["0", "-3"])
def test_cli_workers_below_one_are_refused(workers, tmp_path):
    config = tmp_path / "cfg.yaml"
    config.write_text(json.dumps({"paths": {"out_dir": str(tmp_path / "o"), "vault_dir": str(tmp_path / "v")}}))
    result = CliRunner().invoke(app, ["run", "-c", str(config), "--workers", workers])
    assert result.exit_code == 2
    assert not (tmp_path / "o").exists()


# ---- vault key -------------------------------------------------------------------------------------------------

def test_existing_run_without_its_vault_key_is_refused_unless_new_vault(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    run_stages(cfg, ["ingest"], progress=False)
    assert (tmp_path / "vault" / "id_key.bin").is_file()  # ingest made the key of that run
    (tmp_path / "vault" / "id_key.bin").unlink()  # ... and now the vault is not mounted
    with pytest.raises(UnsafeRun, match="no id key .*--new-vault"):
        run_stages(cfg, ["ingest"], progress=False)
    assert not (tmp_path / "vault" / "id_key.bin").exists()  # no new key made silently
    reports = run_stages(cfg, ["ingest"], progress=False, new_vault=True)
    assert reports[0].status in ("done", "skipped")


def test_new_vault_key_reruns_every_stage(tmp_path):
    from pipeline.ids import load_or_create_key

    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    run_stages(cfg, ["ingest"], progress=False)
    assert run_stages(cfg, ["ingest"], progress=False)[0].status == "skipped"
    (tmp_path / "vault" / "id_key.bin").unlink()
    load_or_create_key(tmp_path / "vault")  # a different vault
    assert run_stages(cfg, ["ingest"], progress=False)[0].status == "done"


# ---- locks ----------------------------------------------------------------------------------------------------

def test_second_run_is_refused_while_one_holds_the_lock(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    redact = cfg.model_copy(update={"pseudonymize": cfg.pseudonymize.model_copy(update={"mode": "redact"})})
    with run_lock(cfg, ["pseudonymize"]):
        with pytest.raises(RunLocked, match="locked: another pipeline run"):
            run_stages(redact, ["ingest"], progress=False)
        with pytest.raises(RunLocked):
            run_stages(cfg, ["ingest"], progress=False, shard=(0, 2))
    run_stages(redact, ["ingest"], progress=False)  # released


def test_array_tasks_of_one_run_share_the_lock_and_others_are_refused(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    redact = cfg.model_copy(update={"pseudonymize": cfg.pseudonymize.model_copy(update={"mode": "redact"})})
    with run_lock(cfg, ["ingest"], (0, 2)):
        with run_lock(cfg, ["ingest"], (1, 2)):  # the other task of the same array
            pass
        with pytest.raises(RunLocked, match="another configuration"):
            run_stages(redact, ["ingest"], progress=False, shard=(1, 2))
        with pytest.raises(RunLocked):
            run_stages(cfg, ["ingest"], progress=False)  # a plain run waits for the array to finish


def test_wait_waits_for_the_lock(tmp_path):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pipeline.config import config_from_dict
        from pipeline.safety import run_lock
        cfg = config_from_dict({{"paths": {{"out_dir": {str(cfg.paths.out_dir)!r},
                                            "vault_dir": {str(cfg.paths.vault_dir)!r}}}}})
        with run_lock(cfg, ["ingest"]):
            print("locked", flush=True)
            time.sleep(1.5)
    """)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(RunLocked):
        run_stages(cfg, ["ingest"], progress=False)
    reports = run_stages(cfg, ["ingest"], progress=False, wait=True)
    assert holder.wait(timeout=30) == 0
    assert reports[0].status == "done"


# ---- shard integrity ------------------------------------------------------------------------------------------

def make_pairs(job: ShardJob) -> ShardOutput:
    rows = [{"report_id": f"r{i:03d}", "study_id": f"s{i}" * 40, "patient_pseudo_id": f"p{i % 5}", "match": "x"}
            for i in job.items]
    return ShardOutput(tables={"pairs": rows})


def _toy(tmp_path: Path, **kw):
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    ctx = StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False, **kw)
    return run_sharded(ctx, "toy", inputs=(), outputs=("pairs",), items=list(range(45)), process=make_pairs,
                       config_section=None)


def _rows(tmp_path: Path) -> list[str]:
    store = Store(tmp_path / "out", tmp_path / "vault")
    return sorted(store.read_table("pairs").column("report_id").to_pylist())


@pytest.mark.parametrize("damage", ["delete", "truncate", "replace with another valid file"])
def test_damaged_shard_is_detected_and_redone(damage, tmp_path):
    _toy(tmp_path / "ref")
    reference = _rows(tmp_path / "ref")
    _toy(tmp_path)
    part = tmp_path / "out" / "pairs" / "part-00002.parquet"
    if damage == "delete":
        part.unlink()
    elif damage == "truncate":
        part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    else:
        part.write_bytes((tmp_path / "out" / "pairs" / "part-00000.parquet").read_bytes())
    again = _toy(tmp_path)
    assert again.status == "done" and again.damaged_shards == [2]
    assert _rows(tmp_path) == reference
    assert _toy(tmp_path).status == "skipped"


def test_verify_rehashes_and_a_corrupted_shard_is_redone(tmp_path):
    _toy(tmp_path)
    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    assert verify_run(cfg) == {"toy": []}
    part = tmp_path / "out" / "pairs" / "part-00001.parquet"
    data = bytearray(part.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 16] = bytes(16)  # same size, same footer: only the hash sees it
    part.write_bytes(bytes(data))
    assert _toy(tmp_path).status == "skipped"  # the cheap check (size, footer) cannot see it...
    problems = verify_run(cfg, drop_damaged=False)  # ... the full hash does
    assert problems["toy"] == ["shard 1: out/pairs/part-00001.parquet content changed"]
    config = tmp_path / "cfg.yaml"
    config.write_text(json.dumps({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "v")}}))
    result = CliRunner().invoke(app, ["verify", "-c", str(config)])
    assert result.exit_code == 1 and "content changed" in result.output
    # verify drops the damaged shard's marker: the next run redoes it
    again = _toy(tmp_path)
    assert again.status == "done"
    assert verify_run(cfg) == {"toy": []}


def test_temp_files_in_the_vault_are_owner_only_and_cleaned(tmp_path, monkeypatch):
    import pipeline.store as store_mod

    seen = []
    real = store_mod.pq.write_table

    def spy(table, where, **kw):
        seen.append(os.fstat(where.fileno()).st_mode & 0o777)
        raise KeyboardInterrupt("killed while writing")

    store = Store(tmp_path / "out", tmp_path / "vault")
    store.ensure()
    monkeypatch.setattr(store_mod.pq, "write_table", spy)
    with pytest.raises(KeyboardInterrupt):
        store.write_shard("report_text", 0, [{"report_id": "r", "patient_pseudo_id": "p", "text": "PHI"}])
    monkeypatch.setattr(store_mod.pq, "write_table", real)
    assert seen == [0o600]
    assert not [p for p in (tmp_path / "vault").rglob("*.tmp")]
    # a temp file left by a kill -9 is removed by the next exclusive run of the stage
    folder = tmp_path / "out" / "pairs"
    folder.mkdir(parents=True)
    (folder / ".part-00000.parquet.99999.tmp").write_bytes(b"half")
    _toy(tmp_path)
    assert not list(folder.glob("*.tmp"))


# ---- workers die with their parent -----------------------------------------------------------------------------

ORPHAN_SCRIPT = """
import os, sys, time
from pathlib import Path
from pipeline.config import config_from_dict
from pipeline.executor import ShardOutput, StageContext, run_sharded
from pipeline.store import Store

def slow(job):
    Path(sys.argv[1], f"worker-{os.getpid()}").write_text("")
    time.sleep(120)
    return ShardOutput()

if __name__ == "__main__":
    cfg = config_from_dict({"paths": {"out_dir": sys.argv[1] + "/out", "vault_dir": sys.argv[1] + "/vault"},
                            "run": {"shard_size": 1}})
    ctx = StageContext(cfg=cfg, store=Store.from_config(cfg), workers=2, progress=False)
    run_sharded(ctx, "slow", inputs=(), outputs=(), items=[1, 2, 3, 4], process=slow, config_section=None)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="checks /proc")
def test_no_orphan_workers_after_the_parent_is_killed(tmp_path):
    script = tmp_path / "run_slow.py"
    script.write_text(ORPHAN_SCRIPT)
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path)], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"})
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
    assert len(workers) == 2
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_a_forked_child_does_not_keep_the_run_lock(tmp_path):
    """Per-item isolation workers are forked while the run holds its lock; they must not keep it."""
    import multiprocessing as mp

    cfg = _cfg(tmp_path, tmp_path / "out", tmp_path / "vault")
    ctx = mp.get_context("fork")
    started = ctx.Event()

    def linger() -> None:
        started.set()
        time.sleep(30)

    with run_lock(cfg, ["ingest"]):
        child = ctx.Process(target=linger, daemon=True)
        child.start()
        assert started.wait(30)  # the child is past fork (and its at-fork hooks)
    try:
        with run_lock(cfg, ["ingest"]):
            pass
    finally:
        child.terminate()
        child.join()

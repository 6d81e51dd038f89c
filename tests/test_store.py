"""Artefact store: atomic shards, skip when done, resume after a crash, owner-only vault."""

from __future__ import annotations

import pytest

import pipeline.store as store_mod
from pipeline.config import config_from_dict
from pipeline.store import Reject, ShardJob, ShardOutput, StageContext, Store, is_owner_only, run_sharded

CALLS: list[int] = []


def double_shard(job: ShardJob) -> ShardOutput:
    CALLS.append(job.index)
    rows, rejects = [], []
    for item in job.items:
        if item % 7 == 0:
            rejects.append(Reject(str(item), "multiple of seven"))
        else:
            rows.append({"report_id": f"r{item}", "study_id": f"s{item}", "patient_pseudo_id": "p", "match": "x"})
    return ShardOutput(tables={"pairs": rows}, rejects=rejects, stats={"seen": len(job.items)})


def _ctx(tmp_path, **kw) -> StageContext:
    cfg = config_from_dict({"paths": {"out_dir": str(tmp_path / "out"), "vault_dir": str(tmp_path / "vault")},
                            "run": {"shard_size": 10}})
    return StageContext(cfg=cfg, store=Store.from_config(cfg), progress=False, **kw)


def _run(ctx: StageContext, items=range(45)):
    return run_sharded(ctx, "demo-stage", inputs=(), outputs=("pairs",), items=list(items),
                       process=double_shard, config_section={"k": 1})


def test_rows_in_equal_rows_out_plus_rejects(tmp_path):
    report = _run(_ctx(tmp_path))
    assert report.status == "done"
    assert report.rows_in == 45
    assert report.rows_out["pairs"] + report.rejects == 45
    assert report.reject_reasons == {"multiple of seven": 7}
    assert report.stats["seen"] == 45
    table = _ctx(tmp_path).store.read_table("pairs")
    assert sorted(table.column("report_id").to_pylist()) == sorted(f"r{i}" for i in range(45) if i % 7)


def test_finished_stage_is_skipped(tmp_path):
    _run(_ctx(tmp_path))
    CALLS.clear()
    again = _run(_ctx(tmp_path))
    assert again.status == "skipped" and CALLS == []
    changed = _run(_ctx(tmp_path), items=range(50))
    assert changed.status == "done" and changed.rows_in == 50


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path, monkeypatch):
    reference = _run(_ctx(tmp_path / "ref"))
    ref_rows = sorted(_ctx(tmp_path / "ref").store.read_table("pairs").column("report_id").to_pylist())

    real_write = store_mod.write_parquet_atomic
    calls = {"n": 0}

    def crashing_write(table, path):
        calls["n"] += 1
        if calls["n"] == 5:  # dies in the middle of the third shard
            raise KeyboardInterrupt("killed")
        real_write(table, path)

    monkeypatch.setattr(store_mod, "write_parquet_atomic", crashing_write)
    with pytest.raises(KeyboardInterrupt):
        _run(_ctx(tmp_path / "run"))
    monkeypatch.setattr(store_mod, "write_parquet_atomic", real_write)
    CALLS.clear()
    resumed = _run(_ctx(tmp_path / "run"))
    assert resumed.status == "done"
    assert sorted(CALLS) == [2, 3, 4]  # finished shards were not redone
    rows = sorted(_ctx(tmp_path / "run").store.read_table("pairs").column("report_id").to_pylist())
    assert rows == ref_rows
    assert resumed.rows_out == reference.rows_out and resumed.rejects == reference.rejects


def test_job_array_slices_then_completes(tmp_path):
    first = _run(_ctx(tmp_path, shard=(0, 2)))
    assert first.status == "partial" and first.missing_shards == [1, 3]
    second = _run(_ctx(tmp_path, shard=(1, 2)))
    assert second.status == "done" and second.rows_in == 45


def test_vault_is_owner_only_and_rejects_live_there(tmp_path):
    ctx = _ctx(tmp_path)
    _run(ctx)
    assert is_owner_only(ctx.store.vault_dir)
    rejects = ctx.store.read_table("rejects", stage="demo-stage")
    assert rejects.num_rows == 7
    assert not list(ctx.store.out_dir.glob("rejects"))


def test_parallel_workers_give_the_same_tables(tmp_path):
    _run(_ctx(tmp_path / "a"))
    report = _run(_ctx(tmp_path / "b", workers=2))
    assert report.status == "done"
    a = _ctx(tmp_path / "a").store.read_table("pairs").sort_by("report_id")
    b = _ctx(tmp_path / "b").store.read_table("pairs").sort_by("report_id")
    assert a.equals(b)

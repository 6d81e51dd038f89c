"""Run stages in order and summarise them; shared by `pipeline run` and `pipeline demo`."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from pipeline.config import PipelineConfig
from pipeline.executor import StageContext, StageReport, rerun_reasons, verify_stage
from pipeline.safety import preflight, run_lock
from pipeline.stages import DECLARATIONS, STAGES, stage_module
from pipeline.store import Store

log = logging.getLogger("pipeline")


def run_stages(
    cfg: PipelineConfig,
    stages: Sequence[str] | None = None,
    *,
    workers: int | None = None,
    shard: tuple[int, int] | None = None,
    force: bool = False,
    progress: bool = True,
    new_vault: bool = False,
    wait: bool = False,
) -> list[StageReport]:
    """Run `stages` (default: all) in order after the safety checks, holding the run lock.

    Raises `pipeline.safety.UnsafeRun` (a one-line message) before any work on an unsafe layout, an
    unwritable target, a missing vault key, or a lock held by another run."""
    names = list(stages or STAGES)
    if workers is not None and workers < 1:
        raise ValueError("workers must be >= 1")
    preflight(cfg, names, new_vault=new_vault)
    with run_lock(cfg, names, shard, wait=wait):
        return _run_locked(cfg, names, workers=workers, shard=shard, force=force, progress=progress)


def _run_locked(cfg: PipelineConfig, names: list[str], *, workers: int | None, shard: tuple[int, int] | None,
                force: bool, progress: bool) -> list[StageReport]:
    store = Store.from_config(cfg)
    ctx = StageContext(cfg=cfg, store=store, workers=workers or cfg.run.workers, shard=shard, force=force,
                       progress=progress)
    reports = []
    for name in names:
        started = time.perf_counter()
        report = stage_module(name).run(ctx)
        if report.stage != name:  # a stage that returned one of its passes' reports (e.g. ingest.scan)
            report.stage = name
        if report.status != "skipped":
            report.wall_s = round(time.perf_counter() - started, 3)
        reports.append(report)
        log.info("%s: %s (%d in, %s out, %d rejects, %.1fs)", name, report.status, report.rows_in,
                 json.dumps(report.rows_out), report.rejects, report.wall_s)
        if report.status == "partial":
            log.warning("%s: shards %s are not done yet (other array tasks may still run them); "
                        "later stages wait", name, report.missing_shards[:10])
            break
    return reports


def summary_table(reports: Sequence[StageReport], title: str = "pipeline run") -> Table:
    table = Table(title=title)
    for col in ("stage", "status", "in", "out", "rejects", "time (s)", "notes"):
        table.add_column(col, justify="right" if col in ("in", "rejects", "time (s)") else "left")
    for r in reports:
        outs = ", ".join(f"{k}={v}" for k, v in r.rows_out.items())
        reasons = "; ".join(f"{k}: {v}" for k, v in sorted(r.reject_reasons.items()))
        notes = ", ".join(f"{k}={_fmt(v)}" for k, v in r.stats.items() if not isinstance(v, (dict, list)))
        table.add_row(r.stage, r.status, str(r.rows_in), outs, str(r.rejects), f"{r.wall_s:.1f}",
                      "; ".join(x for x in (notes, reasons) if x))
    return table


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def pending_reasons(cfg: PipelineConfig) -> dict[str, list[str]]:
    """Per stage, why it would re-run now (empty list: it would be skipped). A stage that re-runs makes
    its outputs change, so every stage reading them is listed too ("input pairs changes (align re-runs)")."""
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    pending_tables: dict[str, str] = {}
    reasons: dict[str, list[str]] = {}
    for name, stage in DECLARATIONS.items():
        why = rerun_reasons(cfg, store, stage, pending_tables)
        reasons[name] = why
        if why:
            pending_tables.update({table: name for table in stage.all_outputs()})
    return reasons


def verify_run(cfg: PipelineConfig, drop_damaged: bool = True) -> dict[str, list[str]]:
    """Every finished stage and pass, re-hashed: {stage: problems}. Damaged shards lose their marker
    (the next `pipeline run` redoes them) unless `drop_damaged` is False."""
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    found = sorted(p.name for p in (store.out_dir / "_stages").glob("*")) if (store.out_dir / "_stages").exists() \
        else []
    return {name: verify_stage(store, name, full=True, drop_damaged=drop_damaged) for name in found}


def status_table(cfg: PipelineConfig) -> Table:
    """Per stage: done or not, rows, rejects, time, missing shards; read from manifests and markers only;
    and why a stage would re-run."""
    store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
    reasons = pending_reasons(cfg)
    table = Table(title=f"status of {cfg.paths.out_dir}")
    for col in ("stage", "state", "in", "out", "rejects", "time (s)", "notes"):
        table.add_column(col)
    found = {p.name for p in (store.out_dir / "_stages").glob("*")} if (store.out_dir / "_stages").exists() else set()
    names = []
    for name in STAGES:  # a stage, then its internal passes (ingest.index, pseudo-label.split...)
        names.append(name)
        names.extend(sorted(n for n in found if n.startswith(f"{name}.")))
    for name in names:
        manifest = store.manifest(name)
        if manifest:
            outs = ", ".join(f"{k}={v}" for k, v in manifest["rows_out"].items())
            stats = manifest.get("stats", {})
            notes = ", ".join(f"{k}={_fmt(v)}" for k, v in stats.items() if not isinstance(v, (dict, list)))
            why = reasons.get(name)
            state = "done" if not why else "will re-run: " + "; ".join(why)
            table.add_row(name, state, str(manifest["rows_in"]), outs, str(manifest["rejects"]),
                          f"{manifest.get('wall_s', 0):.1f}", notes)
            continue
        shards = sorted((store.stage_dir(name) / "shards").glob("*.json"))
        if shards:
            table.add_row(name, f"partial ({len(shards)} shard(s) done)", "", "", "", "", "resume with pipeline run")
        else:
            table.add_row(name, "not run", "", "", "", "", "")
    return table


def print_table(table: Table) -> None:
    Console(width=160).print(table)

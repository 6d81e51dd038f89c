"""Parquet artefact store: sharded, atomic, resumable stage outputs.

Why shards: a stage over 800k images must survive being killed, run as a
Slurm job array (`--shard i/n`) and in worker processes, without a merge step.
Each shard is written as one file per output table (temp file + rename), then
a small marker; a shard with a marker for the current fingerprint is never
redone, a shard without one is redone under the same file names, so a killed
run loses and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from pydantic import BaseModel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline import __version__
from pipeline.config import PipelineConfig
from pipeline.schemas import table_spec, to_arrow

log = logging.getLogger("pipeline")

VAULT_DIR_MODE = 0o700
VAULT_FILE_MODE = 0o600


def _sha(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Store:
    """Knows where each table lives (out/ or vault/) and how to read and write it."""

    out_dir: Path
    vault_dir: Path

    @classmethod
    def from_config(cls, cfg: PipelineConfig) -> Store:
        store = cls(Path(cfg.paths.out_dir), Path(cfg.paths.vault_dir))
        store.ensure()
        return store

    def ensure(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.vault_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.vault_dir, VAULT_DIR_MODE)

    # ---- locations --------------------------------------------------------
    def root(self, location: str) -> Path:
        return self.out_dir if location == "out" else self.vault_dir

    def table_dir(self, name: str, stage: str | None = None) -> Path:
        spec = table_spec(name)
        base = self.root(spec.location) / name
        return base / stage if name == "rejects" and stage else base

    def artifact_dir(self, name: str, location: str = "out") -> Path:
        """A folder for non-tabular outputs (checkpoints, eval reports)."""
        path = self.root(location) / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def stage_dir(self, stage: str) -> Path:
        return self.out_dir / "_stages" / stage

    # ---- reading ------------------------------------------------------------
    def table_files(self, name: str, stage: str | None = None) -> list[Path]:
        folder = self.table_dir(name, stage)
        if name == "rejects" and stage is None:
            return sorted(folder.glob("*/part-*.parquet")) if folder.exists() else []
        return sorted(folder.glob("part-*.parquet")) if folder.exists() else []

    def has_table(self, name: str) -> bool:
        return bool(self.table_files(name))

    def read_table(self, name: str, columns: Sequence[str] | None = None, stage: str | None = None) -> pa.Table:
        schema = table_spec(name).schema
        files = [str(p) for p in self.table_files(name, stage)]
        dataset = pads.dataset(files, schema=schema, format="parquet")
        return dataset.to_table(columns=list(columns) if columns else None)

    def iter_batches(
        self, name: str, columns: Sequence[str] | None = None, batch_size: int = 1024
    ) -> Iterator[pa.RecordBatch]:
        """Stream a table without loading it whole (images at hospital scale do not fit in RAM)."""
        schema = table_spec(name).schema
        dataset = pads.dataset([str(p) for p in self.table_files(name)], schema=schema, format="parquet")
        yield from dataset.to_batches(columns=list(columns) if columns else None, batch_size=batch_size)

    def count_rows(self, name: str) -> int:
        return sum(pq.ParquetFile(p).metadata.num_rows for p in self.table_files(name))

    # ---- writing ------------------------------------------------------------
    def write_shard(self, name: str, index: int, rows: list[dict] | pa.Table, stage: str | None = None) -> int:
        table = to_arrow(name, rows)
        path = self.table_dir(name, stage) / f"part-{index:05d}.parquet"
        if table.num_rows == 0:
            # No empty files: some readers (HF datasets) fail on them. Drop a stale one from an earlier run.
            path.unlink(missing_ok=True)
            return 0
        write_parquet_atomic(table, path)
        if table_spec(name).location == "vault":
            os.chmod(path, VAULT_FILE_MODE)
        return table.num_rows

    # ---- manifests ------------------------------------------------------------
    def manifest_path(self, stage: str) -> Path:
        return self.stage_dir(stage) / "_manifest.json"

    def manifest(self, stage: str) -> dict | None:
        path = self.manifest_path(stage)
        return json.loads(path.read_text()) if path.exists() else None

    def producer_fingerprint(self, table: str) -> str | None:
        """Fingerprint of the finished stage that wrote `table` (None if no finished stage did)."""
        stages = self.out_dir / "_stages"
        if not stages.exists():
            return None
        for path in sorted(stages.glob("*/_manifest.json")):
            data = json.loads(path.read_text())
            if table in data.get("outputs", []):
                return data["fingerprint"]
        return None


@dataclass
class Reject:
    """An item a stage could not use. `reason` is a fixed readable phrase (no PHI: it is counted
    in manifests); `detail` may hold the exception text and stays in the vault."""

    item: str
    reason: str
    detail: str = ""


@dataclass
class ShardOutput:
    tables: dict[str, list[dict] | pa.Table] = field(default_factory=dict)
    rejects: list[Reject] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


@dataclass
class ShardJob:
    """What a worker gets: the items of one shard and everything needed to process them."""

    stage: str
    index: int
    n_shards: int
    items: list[Any]
    cfg: PipelineConfig
    store: Store
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def seed(self) -> int:
        return self.cfg.run.seed


@dataclass
class StageContext:
    cfg: PipelineConfig
    store: Store
    workers: int = 1
    shard: tuple[int, int] | None = None
    force: bool = False
    progress: bool = True


@dataclass
class StageReport:
    stage: str
    status: str  # done | skipped | partial
    rows_in: int = 0
    rows_out: dict[str, int] = field(default_factory=dict)
    rejects: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    wall_s: float = 0.0
    missing_shards: list[int] = field(default_factory=list)

    @classmethod
    def from_manifest(cls, data: dict, status: str = "skipped") -> StageReport:
        return cls(
            stage=data["stage"],
            status=status,
            rows_in=data["rows_in"],
            rows_out=data["rows_out"],
            rejects=data["rejects"],
            reject_reasons=data.get("reject_reasons", {}),
            stats=data.get("stats", {}),
            wall_s=data.get("wall_s", 0.0),
        )


class StageFailed(RuntimeError):
    """A shard raised: a bug or an environment problem, not a bad input item (those are rejects)."""


def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("pyarrow", "pydicom", "pdfminer.six", "torch", "open_clip_torch", "timm", "transformers"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def _config_dump(section: BaseModel | dict | None) -> Any:
    if section is None:
        return None
    if isinstance(section, BaseModel):
        return section.model_dump(mode="json")
    return section


def _shard_marker(store: Store, stage: str, index: int) -> Path:
    return store.stage_dir(stage) / "shards" / f"{index:05d}.json"


def _execute_shard(
    process: Callable[[ShardJob], ShardOutput], job: ShardJob, outputs: Sequence[str], fingerprint: str
) -> dict:
    """Run one shard and persist it: tables first, marker last (the marker is the commit)."""
    started = time.perf_counter()
    result = process(job)
    unknown = set(result.tables) - set(outputs)
    if unknown:
        raise StageFailed(f"stage {job.stage} produced undeclared tables {sorted(unknown)}")
    rows_out = {name: job.store.write_shard(name, job.index, result.tables.get(name, [])) for name in outputs}
    job.store.write_shard("rejects", job.index, [{"stage": job.stage, **asdict(r)} for r in result.rejects],
                          stage=job.stage)
    reasons: dict[str, int] = {}
    for r in result.rejects:
        reasons[r.reason] = reasons.get(r.reason, 0) + 1
    marker = {
        "fingerprint": fingerprint,
        "rows_in": len(job.items),
        "rows_out": rows_out,
        "rejects": len(result.rejects),
        "reject_reasons": reasons,
        "stats": result.stats,
        "wall_s": round(time.perf_counter() - started, 3),
    }
    atomic_write_bytes(_shard_marker(job.store, job.stage, job.index), json.dumps(marker).encode())
    return marker


def _done_marker(store: Store, stage: str, index: int, fingerprint: str) -> dict | None:
    path = _shard_marker(store, stage, index)
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return data if data.get("fingerprint") == fingerprint else None


def fingerprint_paths(paths: Sequence[Path]) -> str:
    """Cheap fingerprint of raw input files (name, size, mtime): re-ingest when the export changes."""
    entries = []
    for p in sorted(paths):
        try:
            st = p.stat()
            entries.append((str(p), st.st_size, int(st.st_mtime)))
        except OSError:
            entries.append((str(p), -1, -1))
    return _sha(entries)


def run_sharded(
    ctx: StageContext,
    stage: str,
    *,
    inputs: Sequence[str],
    outputs: Sequence[str],
    items: Sequence[Any],
    process: Callable[[ShardJob], ShardOutput],
    config_section: BaseModel | dict | None,
    external_fingerprint: str | None = None,
    shard_size: int | None = None,
    job_context: dict[str, Any] | None = None,
) -> StageReport:
    """Run `process` over `items` cut into shards; skip what is done; write the manifest when complete.

    `items` must be sorted deterministically and picklable; `process` must be a module-level function.
    """
    store = ctx.store
    started = time.perf_counter()
    input_fps = {name: store.producer_fingerprint(name) for name in inputs}
    fingerprint = _sha(
        {
            "stage": stage,
            "config": _config_dump(config_section),
            "seed": ctx.cfg.run.seed,
            "inputs": input_fps,
            "external": external_fingerprint,
            "items": _sha([repr(i) for i in items]),
            "code": __version__,
        }
    )
    manifest = store.manifest(stage)
    if manifest and manifest.get("fingerprint") == fingerprint and not ctx.force:
        return StageReport.from_manifest(manifest, status="skipped")
    if ctx.force:
        for marker in (store.stage_dir(stage) / "shards").glob("*.json"):
            marker.unlink()
    if manifest:
        store.manifest_path(stage).unlink()

    size = shard_size or ctx.cfg.run.shard_size
    n_shards = max(1, -(-len(items) // size))
    mine = [k for k in range(n_shards) if ctx.shard is None or k % ctx.shard[1] == ctx.shard[0]]
    todo = [k for k in mine if _done_marker(store, stage, k, fingerprint) is None]
    jobs = [
        ShardJob(stage, k, n_shards, list(items[k * size : (k + 1) * size]), ctx.cfg, store, job_context or {})
        for k in todo
    ]
    if jobs:
        log.info("%s: %d shard(s) to run (%d done before), %d item(s)", stage, len(jobs), len(mine) - len(todo),
                 sum(len(j.items) for j in jobs))
    _run_jobs(ctx, stage, jobs, process, outputs, fingerprint)

    markers = {k: _done_marker(store, stage, k, fingerprint) for k in range(n_shards)}
    missing = [k for k, m in markers.items() if m is None]
    report = _aggregate(stage, [m for m in markers.values() if m], outputs)
    report.wall_s = round(time.perf_counter() - started, 3)
    if missing:
        report.status = "partial"
        report.missing_shards = missing
        return report
    _remove_stale_parts(store, stage, outputs, n_shards)
    data = {
        "stage": stage,
        "fingerprint": fingerprint,
        "outputs": list(outputs),
        "inputs": input_fps,
        "external_inputs": external_fingerprint,
        "config": _config_dump(config_section),
        "seed": ctx.cfg.run.seed,
        "n_shards": n_shards,
        "rows_in": report.rows_in,
        "rows_out": report.rows_out,
        "rejects": report.rejects,
        "reject_reasons": report.reject_reasons,
        "stats": report.stats,
        "wall_s": report.wall_s,
        "shard_wall_s": round(sum(m["wall_s"] for m in markers.values() if m), 3),
        "code_version": __version__,
        "versions": _package_versions(),
    }
    atomic_write_bytes(store.manifest_path(stage), json.dumps(data, indent=2, sort_keys=True).encode())
    report.status = "done"
    return report


def _run_jobs(
    ctx: StageContext,
    stage: str,
    jobs: list[ShardJob],
    process: Callable[[ShardJob], ShardOutput],
    outputs: Sequence[str],
    fingerprint: str,
) -> None:
    if not jobs:
        return
    total = sum(len(j.items) for j in jobs)
    columns = (TextColumn(f"[bold]{stage}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not ctx.progress, transient=False) as bar:
        task = bar.add_task(stage, total=total)
        if ctx.workers <= 1 or len(jobs) == 1:
            for job in jobs:
                _execute_shard(process, job, outputs, fingerprint)
                bar.advance(task, len(job.items))
            return
        # spawn, not fork: torch/onnxruntime thread pools do not survive a fork.
        with ProcessPoolExecutor(max_workers=ctx.workers, mp_context=get_context("spawn")) as pool:
            futures = {pool.submit(_execute_shard, process, job, outputs, fingerprint): job for job in jobs}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for fut in done:
                    if fut.exception() is not None:
                        for other in pending:
                            other.cancel()
                        raise StageFailed(
                            f"stage {stage}: shard {futures[fut].index} failed: {type(fut.exception()).__name__}"
                        ) from fut.exception()
                    bar.advance(task, len(futures[fut].items))


def _aggregate(stage: str, markers: list[dict], outputs: Sequence[str]) -> StageReport:
    report = StageReport(stage=stage, status="done", rows_out={name: 0 for name in outputs})
    for m in markers:
        report.rows_in += m["rows_in"]
        report.rejects += m["rejects"]
        for name, n in m["rows_out"].items():
            report.rows_out[name] = report.rows_out.get(name, 0) + n
        for reason, n in m.get("reject_reasons", {}).items():
            report.reject_reasons[reason] = report.reject_reasons.get(reason, 0) + n
        for key, n in m.get("stats", {}).items():
            if isinstance(n, (int, float)):
                report.stats[key] = report.stats.get(key, 0) + n
            else:
                report.stats[key] = n
    return report


def _remove_stale_parts(store: Store, stage: str, outputs: Sequence[str], n_shards: int) -> None:
    """Drop part files of shards that no longer exist (the input shrank since an earlier run)."""
    for name in [*outputs, "rejects"]:
        for path in store.table_files(name, stage if name == "rejects" else None):
            index = int(path.stem.split("-")[1])
            if index >= n_shards:
                path.unlink()
    for marker in (store.stage_dir(stage) / "shards").glob("*.json"):
        if int(marker.stem) >= n_shards:
            marker.unlink()


def table_rows(store: Store, table: str, id_column: str) -> list[tuple[str, int, str]]:
    """(part file name, row in file, id) for every row: work items that point at data without carrying it.

    Shards then read only the part files their rows live in, instead of scanning the whole table.
    """
    items = []
    for path in store.table_files(table):
        ids = pq.read_table(path, columns=[id_column]).column(id_column).to_pylist()
        items.extend((path.name, row, value) for row, value in enumerate(ids))
    return items


def read_rows(store: Store, table: str, items: Sequence[tuple[str, int, str]],
              columns: Sequence[str] | None) -> list[dict]:
    """The rows `items` point at, in item order (all columns when `columns` is None)."""
    by_file: dict[str, list[int]] = {}
    for name, row, _ in items:
        by_file.setdefault(name, []).append(row)
    found: dict[tuple[str, int], dict] = {}
    folder = store.table_dir(table)
    for name, rows in by_file.items():
        data = pq.read_table(folder / name, columns=list(columns) if columns else None).take(rows).to_pylist()
        found.update({(name, r): d for r, d in zip(rows, data)})
    return [found[(name, row)] for name, row, _ in items]


def read_where(store: Store, table: str, column: str, values: Sequence[str],
               columns: Sequence[str] | None = None) -> list[dict]:
    """Rows of ``table`` whose ``column`` is in ``values`` (a shard's ids), reading only what can match.

    Per part file: skipped from its footer statistics when its ``column`` range holds none of the values;
    otherwise its ``column`` alone is read and matched, and the other columns are read only from the row
    groups that hold a match. A shard's lookup thus decompresses the report texts of the files that hold
    its ids, not of the whole table (what a plain dataset filter does). Rows in file order.
    """
    import pyarrow.compute as pc

    wanted = sorted({str(v) for v in values})
    if not wanted:
        return []
    value_set = pa.array(wanted, pa.string())
    schema = table_spec(table).schema
    names = list(columns) if columns else schema.names
    out: list[dict] = []
    for path in store.table_files(table):
        parquet = pq.ParquetFile(path)
        meta = parquet.metadata
        position = parquet.schema_arrow.get_field_index(column)
        groups = []
        for g in range(meta.num_row_groups):
            stats = meta.row_group(g).column(position).statistics if position >= 0 else None
            if stats is not None and stats.has_min_max and (str(stats.max) < wanted[0] or str(stats.min) > wanted[-1]):
                continue  # no wanted id in this row group's range
            groups.append(g)
        for g in groups:
            ids = parquet.read_row_group(g, columns=[column]).column(column)
            mask = pc.is_in(ids, value_set=value_set)
            if not pc.any(mask).as_py():
                continue
            present = [n for n in names if n in parquet.schema_arrow.names]
            data = parquet.read_row_group(g, columns=present).filter(mask)
            missing = [n for n in names if n not in present]
            rows = data.to_pylist()
            out += [{**r, **dict.fromkeys(missing)} for r in rows] if missing else rows
    return out


def is_owner_only(path: Path) -> bool:
    mode = stat.S_IMODE(path.stat().st_mode)
    return mode & 0o077 == 0

"""Stage executor: shards, workers, fingerprints, skip/resume, shard integrity.

The store (`pipeline.store`) knows tables, paths, atomic writes and manifests;
this module decides what to run. A stage's work items are cut into shards;
each shard writes one file per output table (temp file + rename), then a
marker that records, per file, its row count, size and sha256. The marker is
the commit: a shard with a marker for the current fingerprint whose files are
still there, with the same size and row count, is skipped; any other shard is
redone under the same file names, so a killed run loses and duplicates
nothing, and a deleted or damaged file is redone rather than trusted.
`verify_stage(..., full=True)` (`pipeline verify`) also re-hashes every file.
A stage declared with `hands_over` (filter-images) runs one shard per part of
its source and releases each part once its shard is committed; the producer's
marker then records where the part's rows went (`pipeline.handover`).

The fingerprint is built from the stage's declaration (`pipeline.stage`):
config section, the content of its external files, the source of the code it
depends on, its inputs' producer fingerprints, the vault key's id, the seed,
and the work items. Its parts are stored in the manifest so `pipeline status`
can say why a stage will re-run.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from enum import Enum
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.config import PipelineConfig
from pipeline.stage import Pass, Stage, code_digests, config_dump, files_digests, sha
from pipeline.store import Store, atomic_write_bytes

if TYPE_CHECKING:
    from pipeline.handover import HandOverPlan

log = logging.getLogger("pipeline")


# ---- typed results -------------------------------------------------------------------------------------

class RejectCode(str, Enum):
    """Declared reject codes of the executor and of stages that adopt them; the message is the
    readable phrase stored in the rejects table and counted in manifests."""

    UNREADABLE = "unreadable"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_SUPPORTED = "not_supported"
    NO_MATCH = "no_match"
    AMBIGUOUS = "ambiguous"
    FAILED = "failed"
    FILTERED = "filtered"
    OTHER = "other"


@dataclass(frozen=True)
class RejectReason:
    """A reject reason: a declared code and a fixed readable message (no PHI: manifests count it)."""

    code: RejectCode
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass
class Reject:
    """An item a stage could not use. `reason` is a fixed readable phrase or a `RejectReason` (no PHI:
    it is counted in manifests); `detail` may hold the exception text and stays in the vault."""

    item: str
    reason: str | RejectReason
    detail: str = ""

    @property
    def message(self) -> str:
        return str(self.reason)

    @property
    def code(self) -> str:
        return self.reason.code.value if isinstance(self.reason, RejectReason) else RejectCode.OTHER.value


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
    damaged_shards: list[int] = field(default_factory=list)
    reject_codes: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_manifest(cls, data: dict, status: str = "skipped") -> StageReport:
        return cls(
            stage=data["stage"],
            status=status,
            rows_in=data["rows_in"],
            rows_out=data["rows_out"],
            rejects=data["rejects"],
            reject_reasons=data.get("reject_reasons", {}),
            reject_codes=data.get("reject_codes", {}),
            stats=data.get("stats", {}),
            wall_s=data.get("wall_s", 0.0),
        )


class StageFailed(RuntimeError):
    """A shard raised: a bug or an environment problem, not a bad input item (those are rejects)."""


# ---- fingerprints ----------------------------------------------------------------------------------------

def _package_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("pyarrow", "pydicom", "pdfminer.six", "torch", "open_clip_torch", "timm", "transformers"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def vault_key_id(store: Store) -> str:
    """A one-way id of the vault's secret key: a new vault (new ids) re-runs every stage."""
    from pipeline.ids import KEY_FILE

    path = store.vault_dir / KEY_FILE
    if not path.is_file():
        return "none"
    return hashlib.sha256(b"pipeline-key-id\x00" + path.read_bytes()).hexdigest()[:16]


def find_declaration(stage: str) -> tuple[Stage, Pass] | None:
    from pipeline.stages import declaration_of

    return declaration_of(stage)


def fingerprint_components(cfg: PipelineConfig, store: Store, stage: str, config_section: Any,
                           inputs: Sequence[str]) -> dict[str, Any]:
    """Every part of a stage's fingerprint that can be known without listing its work items."""
    found = find_declaration(stage)
    decl = found[0] if found else None
    return {
        "config": sha(config_dump(config_section)),
        "files": files_digests(decl.external_files(cfg)) if decl else {},
        "code": code_digests(decl.code_modules) if decl else {},
        "inputs": {name: store.producer_fingerprint(name) for name in inputs},
        "vault_key": vault_key_id(store) if decl is None or decl.uses_vault_key else None,
        "seed": cfg.run.seed,
    }


def _check_declared(stage: str, inputs: Sequence[str], outputs: Sequence[str]) -> None:
    found = find_declaration(stage)
    if found is None:
        return  # an ad-hoc stage (tests, tools): nothing declared to hold it to
    _, declared = found
    extra_in = set(inputs) - set(declared.inputs)
    if extra_in or set(outputs) != set(declared.outputs):
        raise StageFailed(
            f"stage {stage} reads {sorted(inputs)} / writes {sorted(outputs)} but declares "
            f"{sorted(declared.inputs)} / {sorted(declared.outputs)} (pipeline/stages/__init__.py)"
        )


# ---- shard markers and integrity --------------------------------------------------------------------------

def shard_marker_path(store: Store, stage: str, index: int) -> Path:
    return store.stage_dir(stage) / "shards" / f"{index:05d}.json"


def check_files(store: Store, files: list[dict], *, full: bool = False) -> list[str]:
    """Problems with the files a marker committed: missing, size or row count changed (cheap: stat and
    the Parquet footer), content changed (full: sha256). A part handed over to the stage that consumed it
    (`pipeline.handover`) is checked through the files that now hold its rows."""
    problems = []
    for entry in files:
        if entry.get("handed_over"):
            from pipeline.handover import describe

            problems += describe(store, entry, full)
            continue
        path = store.root(entry["root"]) / entry["path"]
        try:
            size = path.stat().st_size
        except OSError:
            problems.append(f"{entry['root']}/{entry['path']} missing")
            continue
        if size != entry["bytes"]:
            problems.append(f"{entry['root']}/{entry['path']} size changed")
            continue
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception:  # noqa: BLE001 - any unreadable footer is damage
            problems.append(f"{entry['root']}/{entry['path']} unreadable")
            continue
        if rows != entry["rows"]:
            problems.append(f"{entry['root']}/{entry['path']} row count changed")
        elif full and _file_sha(path) != entry["sha256"]:
            problems.append(f"{entry['root']}/{entry['path']} content changed")
    return problems


#: sha256 of files already hashed by this process, by (device, inode, size, mtime, ctime): `pipeline verify`
#: reaches a handed-over part's receiving files from two stages and reads them once. Any write, rename or
#: chmod changes ctime, so a changed file is hashed again.
_HASHED: dict[tuple, str] = {}


def _file_sha(path: Path) -> str:
    st = path.stat()
    key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    if key in _HASHED:
        return _HASHED[key]
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    if len(_HASHED) > 65536:
        _HASHED.clear()
    _HASHED[key] = h.hexdigest()
    return _HASHED[key]


def read_marker(store: Store, stage: str, index: int) -> dict | None:
    path = shard_marker_path(store, stage, index)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _done_marker(store: Store, stage: str, index: int, fingerprint: str, damaged: list[int] | None = None
                 ) -> dict | None:
    """The shard's marker if it carries `fingerprint` and its files check out; a damaged shard's marker
    is removed (so it is redone) and the shard is added to `damaged`."""
    data = read_marker(store, stage, index)
    if data is None or data.get("fingerprint") != fingerprint:
        return None
    problems = check_files(store, data.get("files", []))
    if problems:
        again = read_marker(store, stage, index)  # rewritten while checked (a part handed over just now)?
        if again is not None and again != data and again.get("fingerprint") == fingerprint:
            data, problems = again, check_files(store, again.get("files", []))
    if problems:
        log.warning("%s: shard %d is damaged (%s): redoing it", stage, index, "; ".join(problems[:3]))
        shard_marker_path(store, stage, index).unlink(missing_ok=True)
        if damaged is not None:
            damaged.append(index)
        return None
    return data


def _execute_shard(
    process: Callable[[ShardJob], ShardOutput], job: ShardJob, outputs: Sequence[str], fingerprint: str,
    hand_over: HandOverPlan | None = None,
) -> dict:
    """Run one shard and persist it: tables first, marker last (the marker is the commit).

    With a hand-over (`pipeline.handover`), the shard's source part is restored first if it was released
    (its receiving files are about to be overwritten), and released again once the marker is written."""
    started = time.perf_counter()
    if hand_over is not None and job.items:
        from pipeline import handover

        if len({item[0] for item in job.items}) != 1:
            raise StageFailed(f"{job.stage}: a shard that hands over its input must read exactly one part")
        try:
            handover.restore(job.store, hand_over.spec, job.items[0][0])
        except handover.HandOverLost as err:
            raise StageFailed(f"{job.stage}: {err}") from None
    # No items, no call: a stage never has to handle an empty shard (0 input rows is a valid run).
    result = process(job) if job.items else ShardOutput()
    unknown = set(result.tables) - set(outputs)
    if unknown:
        raise StageFailed(f"stage {job.stage} produced undeclared tables {sorted(unknown)}")
    files, rows_out = [], {}
    for name in outputs:
        part = job.store.write_part(name, job.index, result.tables.get(name, []))
        rows_out[name] = part["rows"] if part else 0
        if part:
            files.append(part)
    reject_rows = [{"stage": job.stage, "item": r.item, "reason": r.message, "detail": r.detail}
                   for r in result.rejects]
    part = job.store.write_part("rejects", job.index, reject_rows, stage=job.stage)
    if part:
        files.append(part)
    reasons: dict[str, int] = {}
    codes: dict[str, int] = {}
    for r in result.rejects:
        reasons[r.message] = reasons.get(r.message, 0) + 1
        codes[r.code] = codes.get(r.code, 0) + 1
    marker = {
        "fingerprint": fingerprint,
        "rows_in": len(job.items),
        "rows_out": rows_out,
        "rejects": len(result.rejects),
        "reject_reasons": reasons,
        "reject_codes": codes,
        "stats": result.stats,
        "files": files,
        "wall_s": round(time.perf_counter() - started, 3),
    }
    atomic_write_bytes(shard_marker_path(job.store, job.stage, job.index), json.dumps(marker).encode())
    if hand_over is not None and hand_over.release and job.items:
        from pipeline import handover

        handover.release(job.store, hand_over, job.items[0][0], [i[2] for i in job.items], files)
    return marker


def hand_over_items(store: Store, stage: str) -> tuple[list[Any], list[int]] | None:
    """Work items (part, row, key) over every part of the source that `stage` declares it hands over,
    released or not, and the number of items per part (`pipeline.handover.source_items`); None when
    the source table does not exist."""
    from pipeline import handover

    found = find_declaration(stage)
    spec = found[0].hands_over if found else None
    if spec is None:
        raise StageFailed(f"stage {stage} declares no hand-over (pipeline/stages/__init__.py)")
    try:
        return handover.source_items(store, spec)
    except handover.HandOverLost as err:
        raise StageFailed(str(err)) from None


def fingerprint_paths(paths: Sequence[Path]) -> str:
    """Cheap fingerprint of raw input files (name, size, mtime): re-ingest when the export changes.

    Raw exports (hundreds of thousands of DICOMs) are not content-hashed on every run; config files,
    lookup lists and code are (see `pipeline.stage`)."""
    entries = []
    for p in sorted(paths):
        try:
            st = p.stat()
            entries.append((str(p), st.st_size, int(st.st_mtime)))
        except OSError:
            entries.append((str(p), -1, -1))
    return sha(entries)


# ---- the executor ---------------------------------------------------------------------------------------

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
    shard_sizes: Sequence[int] | None = None,
    job_context: dict[str, Any] | None = None,
    keep_inputs: bool = False,
) -> StageReport:
    """Run `process` over `items` cut into shards; skip what is done; write the manifest when complete.

    `items` must be sorted deterministically and picklable; `process` must be a module-level function.
    `shard_sizes`: the number of items of each shard, in order, instead of a fixed `shard_size` (a stage
    that hands over its input runs one shard per source part). A stage declared with `hands_over` gets
    its source parts released after each commit, or kept (and released ones restored) with `keep_inputs`.
    """
    _check_declared(stage, inputs, outputs)
    hand_over = _hand_over_plan(stage, keep_inputs)
    store = ctx.store
    started = time.perf_counter()
    components = fingerprint_components(ctx.cfg, store, stage, config_section, inputs)
    fingerprint = sha(
        {
            "stage": stage,
            "components": components,
            "external": external_fingerprint,
            "items": sha([repr(i) for i in items]),
        }
    )
    bounds = _shard_bounds(len(items), shard_size or ctx.cfg.run.shard_size, shard_sizes)
    n_shards = len(bounds)
    damaged: list[int] = []
    manifest = store.manifest(stage)
    if manifest and manifest.get("fingerprint") == fingerprint and not ctx.force:
        intact = all(_done_marker(store, stage, k, fingerprint, damaged) for k in range(manifest["n_shards"]))
        if intact:
            if hand_over is not None:
                _reconcile(store, hand_over, stage, items, bounds, manifest)
            return _skipped(ctx, stage, manifest)
    if ctx.force:
        for marker in (store.stage_dir(stage) / "shards").glob("*.json"):
            marker.unlink()
    if manifest:
        store.manifest_path(stage).unlink(missing_ok=True)
    if ctx.shard is None:
        store.remove_temp_files([*outputs, "rejects", *([hand_over.spec.source] if hand_over else [])], stage)

    mine = [k for k in range(n_shards) if ctx.shard is None or k % ctx.shard[1] == ctx.shard[0]]
    todo = [k for k in mine if k in damaged or _done_marker(store, stage, k, fingerprint, damaged) is None]
    jobs = [
        ShardJob(stage, k, n_shards, list(items[bounds[k][0] : bounds[k][1]]), ctx.cfg, store, job_context or {})
        for k in todo
    ]
    if jobs:
        log.info("%s: %d shard(s) to run (%d done before), %d item(s)", stage, len(jobs), len(mine) - len(todo),
                 sum(len(j.items) for j in jobs))
    _run_jobs(ctx, stage, jobs, process, outputs, fingerprint, hand_over)

    markers = {k: read_marker(store, stage, k) for k in range(n_shards)}
    markers = {k: m if m and m.get("fingerprint") == fingerprint else None for k, m in markers.items()}
    missing = [k for k, m in markers.items() if m is None]
    report = _aggregate(stage, [m for m in markers.values() if m], outputs)
    report.wall_s = round(time.perf_counter() - started, 3)
    report.damaged_shards = sorted(set(damaged))
    if damaged:
        report.stats["damaged_shards_redone"] = len(set(damaged))
    if missing:
        report.status = "partial"
        report.missing_shards = missing
        return report
    store.remove_stale_parts(stage, outputs, n_shards)
    if hand_over is not None:
        report.stats.update(_reconcile(store, hand_over, stage, items, bounds, None))
    for name in outputs:
        if report.rows_out.get(name, 0) == 0:
            store.write_empty(name)  # empty is a result: the next stage reads 0 rows, not "run X first"
    data = {
        "stage": stage,
        "fingerprint": fingerprint,
        "components": components,
        "outputs": list(outputs),
        "inputs": components["inputs"],
        "external_inputs": external_fingerprint,
        "config": config_dump(config_section),
        "seed": ctx.cfg.run.seed,
        "n_shards": n_shards,
        "rows_in": report.rows_in,
        "rows_out": report.rows_out,
        "rejects": report.rejects,
        "reject_reasons": report.reject_reasons,
        "reject_codes": report.reject_codes,
        "stats": report.stats,
        "wall_s": report.wall_s,
        "shard_wall_s": round(sum(m["wall_s"] for m in markers.values() if m), 3),
        "code": components["code"],
        "versions": _package_versions(),
    }
    atomic_write_bytes(store.manifest_path(stage), json.dumps(data, indent=2, sort_keys=True).encode())
    report.status = "done"
    return report


def _shard_bounds(n_items: int, size: int, sizes: Sequence[int] | None) -> list[tuple[int, int]]:
    """[start, end) of each shard's items: fixed `size`, or the given `sizes` (which must cover the items)."""
    if sizes is None:
        return [(k * size, min(n_items, (k + 1) * size)) for k in range(max(1, -(-n_items // size)))]
    if sum(sizes) != n_items or any(n < 1 for n in sizes):
        raise StageFailed(f"shard sizes {list(sizes)[:5]}... do not cover the {n_items} item(s)")
    bounds, start = [], 0
    for n in sizes:
        bounds.append((start, start + n))
        start += n
    return bounds or [(0, 0)]


def _hand_over_plan(stage: str, keep_inputs: bool) -> HandOverPlan | None:
    found = find_declaration(stage)
    spec = found[0].hands_over if found and found[0].name == stage else None
    if spec is None:
        return None
    if spec.source not in found[0].inputs or not set(spec.into) <= set(found[0].outputs):
        raise StageFailed(f"stage {stage} hands over {spec.source} -> {spec.into} but reads {found[0].inputs} "
                          f"and writes {found[0].outputs} (pipeline/stages/__init__.py)")
    from pipeline.handover import HandOverPlan

    return HandOverPlan(spec=spec, stage=stage, release=not keep_inputs)


def _reconcile(store: Store, hand_over: HandOverPlan, stage: str, items: Sequence[Any],
               bounds: list[tuple[int, int]], manifest: dict | None) -> dict[str, int]:
    """Release (or restore) the source part of every committed shard; on a skipped stage whose counts
    changed (keep_ingested_images toggled), the manifest's stats are updated."""
    from pipeline import handover

    shards = []
    for k, (start, end) in enumerate(bounds):
        marker = read_marker(store, stage, k)
        if end > start and marker is not None:
            part = items[start][0]
            shards.append((part, [i[2] for i in items[start:end] if i[0] == part], marker))
    counts = handover.reconcile(store, hand_over, stage, shards)
    if manifest is not None and any(manifest.get("stats", {}).get(k) != v for k, v in counts.items()):
        manifest["stats"] = {**manifest.get("stats", {}), **counts}
        atomic_write_bytes(store.manifest_path(stage), json.dumps(manifest, indent=2, sort_keys=True).encode())
    return counts


def _skipped(ctx: StageContext, stage: str, manifest: dict) -> StageReport:
    """A finished stage or pass. If another part of the same declared stage (its main pass or one of
    its passes) has no manifest, e.g. a run killed between ingest and ingest.index, say "done" so that
    the stage's code goes on to (re)build that part instead of wedging on "skipped"."""
    found = find_declaration(stage)
    status = "skipped"
    if found:
        parts = [found[0].name, *(p.name for p in found[0].passes)]
        pending = [name for name in parts if name != stage and ctx.store.manifest(name) is None]
        if pending:
            log.warning("%s: finished, but %s is missing: going on to build it", stage, ", ".join(pending))
            status = "done"
    return StageReport.from_manifest(manifest, status=status)


# ---- workers ---------------------------------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent_pid: int) -> None:
    """Pool initializer: a worker must not outlive the run (kill -9 of the parent leaves no orphans
    holding hundreds of MB). Linux: the kernel kills us with the parent; elsewhere a watchdog thread."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Process pool for stage work: spawn (torch/onnxruntime thread pools do not survive a fork), and
    workers that die with their parent."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                               initializer=_die_with_parent, initargs=(os.getpid(),))


def _run_jobs(
    ctx: StageContext,
    stage: str,
    jobs: list[ShardJob],
    process: Callable[[ShardJob], ShardOutput],
    outputs: Sequence[str],
    fingerprint: str,
    hand_over: HandOverPlan | None = None,
) -> None:
    if not jobs:
        return
    total = sum(len(j.items) for j in jobs)
    columns = (TextColumn(f"[bold]{stage}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not ctx.progress, transient=False) as bar:
        task = bar.add_task(stage, total=total)
        if ctx.workers <= 1 or len(jobs) == 1:
            for job in jobs:
                _execute_shard(process, job, outputs, fingerprint, hand_over)
                bar.advance(task, len(job.items))
            return
        with worker_pool(ctx.workers) as pool:
            futures = {pool.submit(_execute_shard, process, job, outputs, fingerprint, hand_over): job for job in jobs}
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
    codes = report.reject_codes
    for m in markers:
        report.rows_in += m["rows_in"]
        report.rejects += m["rejects"]
        for name, n in m["rows_out"].items():
            report.rows_out[name] = report.rows_out.get(name, 0) + n
        for reason, n in m.get("reject_reasons", {}).items():
            report.reject_reasons[reason] = report.reject_reasons.get(reason, 0) + n
        for code, n in m.get("reject_codes", {}).items():
            codes[code] = codes.get(code, 0) + n
        for key, n in m.get("stats", {}).items():
            if isinstance(n, (int, float)):
                report.stats[key] = report.stats.get(key, 0) + n
            else:
                report.stats[key] = n
    return report


# ---- verify and explain ------------------------------------------------------------------------------------

def verify_stage(store: Store, stage: str, *, full: bool = True, drop_damaged: bool = False) -> list[str]:
    """Problems with a finished stage's committed files (full: re-hash every file). With `drop_damaged`,
    the markers of damaged shards (and the stage's manifest) are removed, so the next run redoes them."""
    manifest = store.manifest(stage)
    if manifest is None:
        return []
    problems, damaged = [], []
    for k in range(manifest.get("n_shards", 0)):
        marker = read_marker(store, stage, k)
        if marker is None or marker.get("fingerprint") != manifest["fingerprint"]:
            problems.append(f"shard {k}: marker missing")
            continue
        found = check_files(store, marker.get("files", []), full=full)
        problems += [f"shard {k}: {p}" for p in found]
        if found:
            damaged.append(k)
    if drop_damaged and damaged:
        for k in damaged:
            shard_marker_path(store, stage, k).unlink(missing_ok=True)
        store.manifest_path(stage).unlink(missing_ok=True)
    return problems


def rerun_reasons(cfg: PipelineConfig, store: Store, stage: Stage, upstream_pending: dict[str, str]) -> list[str]:
    """Why `stage` would re-run now (empty: it would be skipped, as far as can be known without listing
    its work items). `upstream_pending` maps a table to the stage that will rewrite it."""
    manifest = store.manifest(stage.name)
    if manifest is None:
        return ["not run" if not store.stage_dir(stage.name).exists() else "not finished"]
    old = manifest.get("components")
    if not old:
        return ["made by an older version of the pipeline"]
    reasons = []
    section = stage.section(cfg)
    if sha(config_dump(section)) != old.get("config"):
        before, now = manifest.get("config") or {}, config_dump(section) or {}
        keys = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k)) if isinstance(now, dict) \
            else []
        where = stage.config_section or stage.name
        reasons.append(f"config {where}" + (f".{','.join(keys)}" if keys else "") + " changed")
    files_now = files_digests(stage.external_files(cfg))
    for label in sorted(set(files_now) | set(old.get("files", {}))):
        if label not in old.get("files", {}):
            reasons.append(f"{label} added")
        elif label not in files_now:
            reasons.append(f"{label} removed")
        elif files_now[label] != old["files"][label]:
            reasons.append(f"{label} changed")
    code_now = code_digests(stage.code_modules)
    changed = [m for m in code_now if code_now[m] != old.get("code", {}).get(m)]
    if changed:
        reasons.append(f"code of {stage.name} changed ({', '.join(changed)})")
    if stage.uses_vault_key and vault_key_id(store) != old.get("vault_key"):
        reasons.append("vault key changed (new ids)")
    if cfg.run.seed != old.get("seed"):
        reasons.append("run.seed changed")
    for table, fp in sorted(old.get("inputs", {}).items()):
        if table in upstream_pending:
            reasons.append(f"input {table} changes ({upstream_pending[table]} re-runs)")
        elif store.producer_fingerprint(table) != fp:
            reasons.append(f"input {table} changed")
    for p in stage.passes:
        if store.manifest(p.name) is None:
            reasons.append(f"{p.name} not finished")
    damaged = verify_stage(store, stage.name, full=False)
    if damaged:
        reasons.append(f"{len(damaged)} damaged shard file(s): {damaged[0]}")
    return reasons

"""Hand-over: an input table's rows stored once, by the stage that consumes them.

Why: filter-images reads every converted image from vault/ingested_images and writes the kept ones to
out/images. Keeping the vault copy as well stored 98.6 % of the images twice (723 GB instead of 364 GB
at the reference hospital; docs/scale.md). out/ must stay self-contained (it is what is exported) and must never hold an
image with burned-in text, so the pixels cannot live in one place both refer to; instead the consuming
stage (declared with `Stage.hands_over`) partitions each part of its source into its receiving tables
(out/images: kept; vault/dropped_images: dropped or rejected), and once its shard is committed the
source part is *released*:

1. the producer's shard marker entry of the part gains `handed_over`: the consuming stage, the part's
   keys in row order and the receiving files (location, path, rows, bytes, sha256), written atomically;
2. the part file is deleted.

The producer's marker stays its commit: `executor.check_files` accepts a handed-over part whose
receiving files are intact (`pipeline verify` re-hashes them) and reports it damaged otherwise, so
ingest is neither redone nor trusted blindly. Before the consuming stage redoes a shard (new config,
damaged outputs) it *restores* the part from the receiving files (rows put back in key order: the same
bytes) and removes the record, and only then overwrites them. With `keep_inputs`
(`filter_images.keep_ingested_images`) parts are never released and released ones are restored.

At every instant either the part file (with no record, or with a record and the receiving files still
as recorded) or the recorded receiving files hold every row of the part: a kill at any point loses and
duplicates nothing, and every step is idempotent (the end-of-stage sweep finishes what a kill left).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.executor import check_files, read_marker, shard_marker_path
from pipeline.stage import HandOver
from pipeline.store import Store, atomic_write_bytes

log = logging.getLogger("pipeline")


class HandOverLost(RuntimeError):
    """A released part cannot be restored: its receiving files are damaged. The producer must redo it."""


@dataclass(frozen=True)
class HandOverPlan:
    """What the executor does for a stage that hands over: the declaration, and release or keep."""

    spec: HandOver
    stage: str
    release: bool


@dataclass(frozen=True)
class SourcePart:
    """One part of the source table: its file name, the producer shard that wrote it, its keys in order."""

    name: str
    keys: tuple[str, ...]
    handed_over: bool


def producer_of(table: str) -> str | None:
    """The declared stage (main pass) that writes `table`."""
    from pipeline.stages import DECLARATIONS

    return next((s.name for s in DECLARATIONS.values() if table in s.outputs), None)


def _part_index(name: str) -> int:
    return int(Path(name).stem.split("-")[1])


def _entry(store: Store, table: str, name: str) -> tuple[str, int, dict, dict] | None:
    """(producer, marker index, marker, the marker's entry for part `name` of `table`), or None when no
    current producer marker lists it (a table made by hand, or a producer that has not finished)."""
    producer = producer_of(table)
    manifest = store.manifest(producer) if producer else None
    if manifest is None:
        return None
    index = _part_index(name)
    marker = read_marker(store, producer, index)
    if marker is None or marker.get("fingerprint") != manifest["fingerprint"]:
        return None
    rel = str((store.table_dir(table) / name).relative_to(store.root(_location(table))))
    entry = next((e for e in marker.get("files", []) if e.get("table") == table and e.get("path") == rel), None)
    return (producer, index, marker, entry) if entry is not None else None


def _location(table: str) -> str:
    from pipeline.schemas import table_spec

    return table_spec(table).location


def _write_marker(store: Store, producer: str, index: int, marker: dict) -> None:
    atomic_write_bytes(shard_marker_path(store, producer, index), json.dumps(marker).encode())


# ---- listing the source, whatever was released --------------------------------------------------------------

def source_parts(store: Store, spec: HandOver) -> list[SourcePart] | None:
    """Every part of the source table, released or not, in part order (None: no such table at all).

    From the producer's current markers when it finished (the keys of a released part come from its
    record); from the files themselves for a table without a producer manifest (made by hand in tests)."""
    producer = producer_of(spec.source)
    manifest = store.manifest(producer) if producer else None
    parts: list[SourcePart] = []
    if manifest is None:
        if producer and any((store.stage_dir(producer) / "shards").glob("*.json")):
            raise HandOverLost(f"{producer} is not finished: run `pipeline run --stage {producer}` first")
        files = store.table_files(spec.source)
        if not files:
            return None
        for path in files:
            keys = pq.read_table(path, columns=[spec.key]).column(spec.key).to_pylist()
            parts.append(SourcePart(path.name, tuple(keys), False))
        return parts
    folder = store.table_dir(spec.source)
    for index in range(manifest.get("n_shards", 0)):
        marker = read_marker(store, producer, index)
        if marker is None or marker.get("fingerprint") != manifest["fingerprint"]:
            raise HandOverLost(f"{producer} shard {index} is not committed: run `pipeline run --stage {producer}`")
        for entry in marker.get("files", []):
            if entry.get("table") != spec.source:
                continue
            name = Path(entry["path"]).name
            record = entry.get("handed_over")
            if record:
                parts.append(SourcePart(name, tuple(record["keys"]), True))
                continue
            try:
                keys = pq.read_table(folder / name, columns=[spec.key]).column(spec.key).to_pylist()
            except OSError:
                keys = _released_meanwhile(store, spec, name)  # another array task's hand-over, just now
                if keys is None:
                    raise HandOverLost(f"{entry['root']}/{entry['path']} is missing: run `pipeline run --stage "
                                       f"{producer}` to rebuild it") from None
            parts.append(SourcePart(name, tuple(keys), False))
    return sorted(parts, key=lambda p: p.name)


def _released_meanwhile(store: Store, spec: HandOver, name: str) -> list[str] | None:
    found = _entry(store, spec.source, name)
    record = found[3].get("handed_over") if found else None
    return list(record["keys"]) if record else None


def source_items(store: Store, spec: HandOver) -> tuple[list[tuple[str, int, str]], list[int]] | None:
    """Work items (part file name, row, key) over every part of the source, and the number of items of each
    part: one shard per part, so that a shard's commit can release exactly one part."""
    parts = source_parts(store, spec)
    if parts is None:
        return None
    items = [(p.name, row, key) for p in parts for row, key in enumerate(p.keys)]
    return items, [len(p.keys) for p in parts if p.keys]


# ---- release and restore --------------------------------------------------------------------------------------

def _keys_in(store: Store, files: list[dict], key: str) -> Counter:
    found: Counter = Counter()
    for entry in files:
        path = store.root(entry["root"]) / entry["path"]
        found.update(pq.read_table(path, columns=[key]).column(key).to_pylist())
    return found


def release(store: Store, plan: HandOverPlan, name: str, keys: tuple[str, ...] | list[str],
            receiving: list[dict]) -> str:
    """Hand part `name` of the source over to the committed `receiving` files (entries of the consuming
    shard's marker) and delete it. Returns what happened ('released', 'already', or why not: the part
    is then kept, nothing is lost)."""
    spec = plan.spec
    found = _entry(store, spec.source, name)
    if found is None:
        return "no producer marker"
    producer, index, marker, entry = found
    path = store.table_dir(spec.source) / name
    if entry.get("handed_over"):
        path.unlink(missing_ok=True)  # a kill between the record and the delete left it
        return "already"
    if check_files(store, [entry]):
        return "source part changed"
    receiving = [e for e in receiving if e["table"] in spec.into]
    if len(keys) != entry["rows"] or _keys_in(store, receiving, spec.key) != Counter(keys):
        log.warning("%s: %s not handed over: the receiving files do not hold exactly its rows", plan.stage, name)
        return "receiving files differ"
    entry["handed_over"] = {"stage": plan.stage, "keys": list(keys), "files": receiving}
    _write_marker(store, producer, index, marker)
    path.unlink(missing_ok=True)
    return "released"


def restore(store: Store, spec: HandOver, name: str) -> bool:
    """Put a released part back (same rows, same order) and drop its record; True if it was released.

    Raises HandOverLost when the receiving files no longer hold the rows as recorded."""
    found = _entry(store, spec.source, name)
    if found is None or not found[3].get("handed_over"):
        return False
    producer, index, marker, entry = found
    record = entry.pop("handed_over")
    if not check_files(store, [entry], full=True):
        _write_marker(store, producer, index, marker)  # a kill after the restore's write left the record
        return True
    problems = check_files(store, record["files"], full=True)
    if problems:
        raise HandOverLost(f"{entry['root']}/{entry['path']} was handed over to {record['stage']} and cannot be "
                           f"restored ({'; '.join(problems[:3])}): run `pipeline run --stage {producer}` to rebuild it")
    table = pa.concat_tables([pq.read_table(store.root(e["root"]) / e["path"]) for e in record["files"]])
    position = {k: i for i, k in enumerate(table.column(spec.key).to_pylist())}
    missing = [k for k in record["keys"] if k not in position]
    if missing:
        raise HandOverLost(f"{entry['path']}: {len(missing)} row(s) absent from the receiving files")
    rows = table.take(pa.array([position[k] for k in record["keys"]], pa.int64())).combine_chunks()
    part = store.write_part(spec.source, index, rows)
    if part is None or part["rows"] != entry["rows"]:
        raise HandOverLost(f"{entry['path']}: restored {0 if part is None else part['rows']} of {entry['rows']} rows")
    if (part["bytes"], part["sha256"]) != (entry["bytes"], entry["sha256"]):
        log.info("%s restored with other bytes (another pyarrow?): marker updated", entry["path"])
        entry.update(bytes=part["bytes"], sha256=part["sha256"])
    _write_marker(store, producer, index, marker)
    return True


def reconcile(store: Store, plan: HandOverPlan, stage: str, shards: list[tuple[str, list, dict]]) -> dict[str, int]:
    """After a stage finished (or was skipped): release every committed shard's part (or restore it, with
    `keep_inputs`), finishing what a kill or a changed setting left. `shards`: (part name, keys, marker)
    of each committed shard. Returns the counts the manifest shows."""
    released, kept, freed = 0, 0, 0
    for name, keys, marker in shards:
        if plan.release:
            release(store, plan, name, keys, marker.get("files", []))
        else:
            restore(store, plan.spec, name)
        found = _entry(store, plan.spec.source, name)
        if found and found[3].get("handed_over"):
            released += 1
            freed += found[3]["bytes"]
        else:
            kept += 1
    source = plan.spec.source
    return {f"{source}_parts_handed_over": released, f"{source}_parts_kept": kept, f"{source}_bytes_released": freed}


def describe(store: Store, entry: dict, full: bool) -> list[str]:
    """Problems of a handed-over entry: those of its receiving files (check_files on them)."""
    record = entry["handed_over"]
    where = f"{entry['root']}/{entry['path']} (handed over to {record['stage']})"
    return [f"{where}: {p}" for p in check_files(store, record["files"], full=full)]

"""Parquet artefact store: where each table lives, atomic writes, manifests.

Why shards: a stage over 800k images must survive being killed, run as a
Slurm job array (`--shard i/n`) and in worker processes, without a merge step.
Each shard is written as one file per output table (temp file + rename). What
to run, skip or redo is the executor's job (`pipeline.executor`); the names it
defines (StageContext, run_sharded, Reject...) are still importable from here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from pipeline.config import PipelineConfig
from pipeline.schemas import table_spec, to_arrow

log = logging.getLogger("pipeline")

VAULT_DIR_MODE = 0o700
VAULT_FILE_MODE = 0o600


#: Executor names kept importable from the store (stages written before the split import them here).
_EXECUTOR_NAMES = ("Reject", "RejectCode", "RejectReason", "ShardOutput", "ShardJob", "StageContext",
                   "StageReport", "StageFailed", "run_sharded", "fingerprint_paths", "worker_pool")
_TMP_SUFFIX = ".tmp"
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def __getattr__(name: str) -> Any:
    if name in _EXECUTOR_NAMES:
        from pipeline import executor

        return getattr(executor, name)
    raise AttributeError(f"module 'pipeline.store' has no attribute {name!r}")


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{_TMP_SUFFIX}")


def _open_private(path: Path):
    """A new file readable by its owner only: a temp file in the vault never shows PHI to others."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(fd, "wb")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temp file in the same folder and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(path)
    try:
        with _open_private(tmp) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_parquet_atomic(table: pa.Table, path: Path) -> None:
    """Temp file (mode 0600) + rename; the temp file is removed if writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(path)
    try:
        with _open_private(tmp) as fh:
            pq.write_table(table, fh, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        part = self.write_part(name, index, rows, stage)
        return part["rows"] if part else 0

    def write_part(self, name: str, index: int, rows: list[dict] | pa.Table, stage: str | None = None
                   ) -> dict | None:
        """Write one shard's part of a table; returns what the shard marker records about the file
        (location, relative path, rows, bytes, sha256), or None when the shard has no rows."""
        table = to_arrow(name, rows)
        path = self.table_dir(name, stage) / f"part-{index:05d}.parquet"
        if table.num_rows == 0:
            # No empty part per shard: drop a stale one from an earlier run (write_empty covers a table
            # that ends up with no rows at all).
            path.unlink(missing_ok=True)
            return None
        write_parquet_atomic(table, path)
        location = table_spec(name).location
        os.chmod(path, VAULT_FILE_MODE if location == "vault" else 0o666 & ~_UMASK)
        return {"table": name, "root": location, "path": str(path.relative_to(self.root(location))),
                "rows": table.num_rows, "bytes": path.stat().st_size, "sha256": _sha256(path)}

    def write_empty(self, name: str) -> None:
        """A table with no rows still exists (one empty part with the schema): the next stage then runs
        on 0 rows and reports 0 instead of asking for a stage that did run."""
        if self.table_files(name):
            return
        path = self.table_dir(name) / "part-00000.parquet"
        write_parquet_atomic(to_arrow(name, []), path)
        os.chmod(path, VAULT_FILE_MODE if table_spec(name).location == "vault" else 0o666 & ~_UMASK)

    def remove_stale_parts(self, stage: str, outputs: Sequence[str], n_shards: int) -> None:
        """Drop part files of shards that no longer exist (the input shrank since an earlier run)."""
        for name in [*outputs, "rejects"]:
            for path in self.table_files(name, stage if name == "rejects" else None):
                index = int(path.stem.split("-")[1])
                if index >= n_shards:
                    path.unlink()
        for marker in (self.stage_dir(stage) / "shards").glob("*.json"):
            if int(marker.stem) >= n_shards:
                marker.unlink()

    def remove_temp_files(self, tables: Sequence[str], stage: str | None = None) -> int:
        """Remove temp files a killed run left in these tables' folders (only call under an exclusive
        run: an array task's temp file may be in flight)."""
        removed = 0
        for name in tables:
            folder = self.table_dir(name, stage if name == "rejects" else None)
            for tmp in folder.glob(f".part-*{_TMP_SUFFIX}") if folder.exists() else []:
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed

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

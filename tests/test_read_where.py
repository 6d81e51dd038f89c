"""store.read_where (per-shard lookups reading only the row groups that hold the shard's ids) equals a
full read filtered afterwards, whatever the layout: several part files, several row groups per file,
sorted and unsorted ids, ids absent from the table, an older file without one of the columns."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.schemas import table_spec
from pipeline.store import Store, read_where


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "out", tmp_path / "vault")
    store.ensure()
    rng = random.Random(1)
    folder = store.table_dir("reports")
    folder.mkdir(parents=True, exist_ok=True)
    schema = table_spec("reports").schema
    for k in range(4):
        ids = [f"S{rng.randrange(60):03d}" for _ in range(40)]
        if k % 2:
            ids.sort()  # sorted files: whole row groups are skipped from their statistics
        rows = [{"report_id": f"R{k}-{i}", "study_id": s, "patient_pseudo_id": f"P{s}", "text": f"texte {k} {i}"}
                for i, s in enumerate(ids)]
        table = pa.Table.from_pylist(rows, schema=pa.schema([f for f in schema if f.name != "spans"]))
        if k == 3:
            table = table.drop_columns(["patient_pseudo_id"])  # an older file without the column
        pq.write_table(table, folder / f"part-{k:05d}.parquet", row_group_size=7)
    return store


def test_filtered_reads_equal_full_reads(tmp_path: Path) -> None:
    store = _store(tmp_path)
    columns = ["report_id", "study_id", "patient_pseudo_id", "text"]
    full = store.read_table("reports", columns=columns).to_pylist()
    for values in (["S001", "S017", "S059", "X999"], [f"S{i:03d}" for i in range(0, 60, 3)], ["S030"], []):
        expected = [r for r in full if r["study_id"] in set(values)]
        got = read_where(store, "reports", "study_id", values, columns)
        assert got == expected  # same rows, same file order, missing columns as None
    assert any(r["patient_pseudo_id"] is None for r in read_where(store, "reports", "study_id", ["S001", "S002"]))
    everything = read_where(store, "reports", "study_id", sorted({r["study_id"] for r in full}), columns)
    assert everything == full

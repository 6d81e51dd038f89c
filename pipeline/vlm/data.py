"""Shard-local reads shared by the VLM-data stages (only the rows of the shard's studies)."""

from __future__ import annotations

from collections import defaultdict

import pyarrow.compute as pc
import pyarrow.dataset as pads

from pipeline.schemas import table_spec
from pipeline.store import Store


def read_filtered(store: Store, table: str, columns: list[str], key: str, values: set[str]) -> list[dict]:
    """Rows of `table` whose `key` is in `values` (pushed down to the Parquet scan)."""
    files = [str(p) for p in store.table_files(table)]
    if not files or not values:
        return []
    dataset = pads.dataset(files, schema=table_spec(table).schema, format="parquet")
    return dataset.to_table(columns=columns, filter=pc.field(key).isin(sorted(values))).to_pylist()


def study_texts(store: Store, studies: set[str]) -> dict[str, str]:
    """Report text per study (several reports of one study joined in report order)."""
    parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in read_filtered(store, "reports", ["study_id", "report_id", "text"], "study_id", studies):
        parts[row["study_id"]].append((row["report_id"] or "", row["text"] or ""))
    return {study: "\n\n".join(t for _, t in sorted(v) if t.strip()) for study, v in parts.items()}


def kept_votes(store: Store, studies: set[str]) -> dict[str, dict[str, str]]:
    """study -> task -> label, for the kept (unanimous by default) pseudo-label votes only."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    rows = read_filtered(store, "label_votes", ["study_id", "task", "label", "kept"], "study_id", studies)
    for row in rows:
        if row["kept"] and row["label"] is not None:
            out[row["study_id"]][row["task"]] = row["label"]
    return dict(out)


def study_items(store: Store) -> tuple[list[tuple[str, str]], int]:
    """(study_id, patient_pseudo_id) of every study with a report, sorted; and reports without a study."""
    table = store.read_table("reports", columns=["study_id", "patient_pseudo_id"])
    studies: dict[str, str] = {}
    orphans = 0
    for study, patient in zip(table.column("study_id").to_pylist(), table.column("patient_pseudo_id").to_pylist()):
        if not study:
            orphans += 1
            continue
        studies.setdefault(study, patient or "")
    return sorted(studies.items()), orphans

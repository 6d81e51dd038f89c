"""Shard-local reads shared by the VLM-data stages (only the rows of the shard's studies)."""

from __future__ import annotations

from collections import defaultdict

import pyarrow.compute as pc
import pyarrow.dataset as pads

from pipeline.labeling.split import study_items  # noqa: F401 - re-exported: the stages' work items
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



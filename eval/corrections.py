"""Hand-corrected test labels: a CSV of study id (+ task) + label that replaces test-split pseudo-labels.

The reference checked 256 test labels by hand; a hospital reproducing it writes them to a CSV with columns
``study_id``, ``task`` (optional when every row is for one task: then ``default_task``) and ``label``
(1/0, oui/non, yes/no, true/false, positive/negative). Corrected datasets are renamed ``<name>+corrected``
so that every table says which labels it was scored on. Rows that cannot be used (unknown study, study
outside the test split, unreadable label) are returned with a reason, never dropped silently.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from eval.data import EvalDataset

POSITIVE = {"1", "1.0", "oui", "yes", "true", "positive", "positif", "present"}
NEGATIVE = {"0", "0.0", "non", "no", "false", "negative", "negatif", "négatif", "absent"}
CORRECTED_SUFFIX = "+corrected"


class CorrectionsError(ValueError):
    """The corrections file cannot be read at all (missing, no study_id/label column)."""


@dataclass
class Corrections:
    """(study_id, task) -> 0/1 label, plus the rows that could not be parsed."""

    labels: dict[tuple[str, str], float] = field(default_factory=dict)
    rejects: list[tuple[str, str]] = field(default_factory=list)  # (row description, reason)


def read_corrections(path: str | Path, default_task: str | None = None) -> Corrections:
    """Parse the CSV; a row without task uses ``default_task`` (a reject when there is none)."""
    path = Path(path)
    if not path.is_file():
        raise CorrectionsError(f"label corrections: file not found: {path}")
    out = Corrections()
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        columns = {c.strip().lower() for c in reader.fieldnames or []}
        if not {"study_id", "label"} <= columns:
            raise CorrectionsError(f"label corrections: {path.name} needs study_id and label columns")
        for i, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            study, task = row.get("study_id", ""), row.get("task") or default_task
            value = row.get("label", "").lower()
            where = f"line {i}"
            if not study:
                out.rejects.append((where, "no study_id"))
            elif not task:
                out.rejects.append((where, "no task (add a task column)"))
            elif value in POSITIVE or value in NEGATIVE:
                out.labels[(study, task)] = 1.0 if value in POSITIVE else 0.0
            else:
                out.rejects.append((where, "label is not 0/1 (oui/non, yes/no)"))
    return out


def apply_corrections(ds: EvalDataset, corrections: Corrections, split: str = "test") -> tuple[EvalDataset, int]:
    """``ds`` with the ``split`` labels of corrected studies replaced (all their images) and renamed
    ``<name>+corrected``, and the number of studies corrected; ``ds`` itself when none applies."""
    if ds.kind != "binary":
        return ds, 0
    labels = np.array(ds.labels, dtype=np.float64)
    changed: set[str] = set()
    for i, (study, s) in enumerate(zip(ds.study_ids, ds.splits)):
        new = corrections.labels.get((study, ds.task))
        if new is not None and s == split:
            labels[i] = new
            changed.add(study)
    if not changed:
        return ds, 0
    return replace(ds, name=ds.name + CORRECTED_SUFFIX, labels=labels), len(changed)


def unused_corrections(datasets: list[EvalDataset], corrections: Corrections, split: str = "test") -> list[str]:
    """Corrections matching no ``split`` study of the datasets (wrong id, or a train/val study)."""
    present = {(s, d.task) for d in datasets for s, sp in zip(d.study_ids, d.splits) if sp == split}
    return sorted(f"{study}/{task}" for study, task in corrections.labels if (study, task) not in present)

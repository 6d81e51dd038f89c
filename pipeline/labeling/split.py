"""Dataset building: one kept labelled study per patient, then a train/val/test split by patient.

Every random choice is a hash of (seed, patient[, study]), not a draw from a shared generator: the
choice for one patient does not change when other patients are added, and no patient can land in
two splits because the split is decided per patient.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any


def _rank(seed: int, *parts: str) -> str:
    return hashlib.sha256("|".join((str(seed), *parts)).encode()).hexdigest()


def choose_study_per_patient(candidates: Iterable[tuple[str, str]], seed: int) -> dict[str, str]:
    """(patient, study) pairs -> one study per patient, chosen at random (seeded)."""
    best: dict[str, tuple[str, str]] = {}
    for patient, study in candidates:
        key = _rank(seed, "study", patient, study)
        if patient not in best or key < best[patient][0]:
            best[patient] = (key, study)
    return {patient: study for patient, (_, study) in best.items()}


def split_patients(patients: Iterable[str], seed: int, test_size: int, val_size: int) -> dict[str, str]:
    """patient -> 'test' | 'val' | 'train'. Test is filled first, then val; if there are fewer patients than
    asked, the later splits get what is left (the stats say so)."""
    order = sorted(set(patients), key=lambda p: _rank(seed, "split", p))
    n_test = min(test_size, len(order))
    n_val = min(val_size, len(order) - n_test)
    out = {}
    for i, patient in enumerate(order):
        out[patient] = "test" if i < n_test else "val" if i < n_test + n_val else "train"
    return out


def study_items(store: Any) -> tuple[list[tuple[str, str]], int]:
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

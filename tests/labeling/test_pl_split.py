"""One study per patient and the train/val/test split by patient: seeded, no patient in two splits."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.labeling.split import choose_study_per_patient, split_patients


def _pairs(n_patients: int, per: int = 3) -> list[tuple[str, str]]:
    return [(f"p{i}", f"s{i}-{j}") for i in range(n_patients) for j in range(per)]


def test_one_study_per_patient_is_seeded_and_stable():
    pairs = _pairs(50)
    a = choose_study_per_patient(pairs, seed=1)
    assert len(a) == 50 and all(study.startswith(f"s{p[1:]}-") for p, study in a.items())
    assert a == choose_study_per_patient(list(reversed(pairs)), seed=1)
    assert a != choose_study_per_patient(pairs, seed=2)
    # adding patients does not change the choice made for the others
    bigger = choose_study_per_patient(_pairs(80), seed=1)
    assert {p: bigger[p] for p in a} == a


def test_split_sizes_and_determinism():
    patients = [f"p{i}" for i in range(100)]
    split = split_patients(patients, seed=3, test_size=20, val_size=10)
    assert Counter(split.values()) == {"test": 20, "val": 10, "train": 70}
    assert split == split_patients(list(reversed(patients)), seed=3, test_size=20, val_size=10)
    small = split_patients(patients[:5], seed=3, test_size=20, val_size=10)
    assert Counter(small.values()) == {"test": 5}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 5)), min_size=1, max_size=120),
       st.integers(0, 10), st.integers(0, 10), st.integers(0, 3))
def test_no_patient_leaks_between_splits(pairs, test_size, val_size, seed):
    pairs = [(f"p{p}", f"p{p}s{s}") for p, s in pairs]
    chosen = choose_study_per_patient(pairs, seed)
    split = split_patients(chosen, seed, test_size, val_size)
    assert set(split) == {p for p, _ in pairs}
    studies_by_split: dict[str, set[str]] = {}
    for patient, study in chosen.items():
        studies_by_split.setdefault(split[patient], set()).add(study)
        assert (patient, study) in pairs
    counts = Counter(split.values())
    assert counts.get("test", 0) == min(test_size, len(split))
    assert counts.get("val", 0) == min(val_size, len(split) - counts.get("test", 0))

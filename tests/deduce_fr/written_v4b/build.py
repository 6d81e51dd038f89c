"""Build deduce_fr/data/cases_v4b_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format of each .txt: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list capitalised words outside spans,
tagged strings that also occur untagged in the same text, and patient names tagged as PERSON.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import (  # noqa: E402
    build_cases,
    build_splits,
    covered_offsets,
    print_uncovered_capitals,
)

HERE = Path(__file__).resolve().parent
SPLITS = {"dev": "cases_v4b_dev.json", "heldout": "cases_v4b_heldout.json"}
PREFIX = {"dev": "v4b-dev", "heldout": "v4b-ho"}


def review_case(cid: str, text: str, anns: list[dict], patient: dict | None) -> None:
    """Print what a human must look at: uncovered capitalised words and suspicious untagged repeats."""
    print_uncovered_capitals(cid, text, anns, patient)
    covered = covered_offsets(anns)
    for a in anns:
        if a["tag"] in {"PATIENT", "PERSON", "LOCATION"} and len(a["text"]) > 3:
            for m in re.finditer(r"\b" + re.escape(a["text"]) + r"\b", text):
                if m.start() not in covered:
                    print(f"  !! untagged repeat of {a['text']!r} at {m.start()}")
    if patient:
        names = {n.lower() for n in patient["first_names"] + [patient["surname"]]}
        for a in anns:
            if a["tag"] == "PERSON" and any(w.lower() in names for w in re.findall(r"[\w'-]+", a["text"])):
                print(f"  !! PERSON span shares a patient name: {a['text']!r}")


def build(split: str, review: bool = False) -> list[dict]:
    """Parse one markup file; the review also flags untagged repeats and patient names tagged PERSON."""
    return build_cases(HERE / f"{split}.txt", PREFIX[split], review=review, forbid_pipe=True, reviewer=review_case)


if __name__ == "__main__":
    build_splits(HERE, SPLITS, build, sys.argv)

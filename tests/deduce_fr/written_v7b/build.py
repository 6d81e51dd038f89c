"""Build deduce_fr/data/cases_v7b_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list, per case, the capitalised words
outside spans, every untagged repeat of a tagged string, and patient-name words left outside a
PATIENT span (so a reviewer can check that no name, place or organisation was left untagged).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import (  # noqa: E402
    CAPITALISED,
    build_cases,
    build_splits,
    covered_offsets,
)

HERE = Path(__file__).resolve().parent
SPLITS = {"dev": "cases_v7b_dev.json", "heldout": "cases_v7b_heldout.json"}
TITLE = re.compile(r"(Dr|Pr|M|Mme|Mlle|Me|Madame|Monsieur|Mademoiselle|Docteur|Professeur|Maître)\.? ", re.IGNORECASE)


def no_title_inside(ann: dict) -> None:
    """Set v7b's rule: a courtesy or professional title stays outside the name span."""
    assert not TITLE.match(ann["text"]), ("title inside span", ann)


def review_case(cid: str, text: str, anns: list[dict], patient: dict | None) -> None:
    """Print what a human must confirm: capitals outside spans, untagged repeats, stray patient names."""
    covered = covered_offsets(anns)
    outside = [m.group() for m in CAPITALISED.finditer(text) if m.start() not in covered]
    notes = []
    for a in anns:
        for m in re.finditer(re.escape(a["text"]), text):
            if m.start() not in covered:
                notes.append(f"untagged repeat {a['text']!r}")
    if patient:
        words = [patient["surname"], *patient["first_names"]]
        for w in {p for n in words for p in re.split(r"[ '-]", n) if len(p) > 2}:
            for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.IGNORECASE):
                if not any(a["start_char"] <= m.start() < a["end_char"] and a["tag"] == "PATIENT" for a in anns):
                    notes.append(f"patient word outside PATIENT {m.group()!r}")
    print(cid, " ".join(outside), ("  !! " + "; ".join(sorted(set(notes)))) if notes else "")


def build(split: str, review: bool = False) -> list[dict]:
    """Parse one markup file into deduce regression cases, checking every span's offsets."""
    return build_cases(HERE / f"{split}.txt", f"v7b-{split}", review=review, forbid_pipe=True,
                       span_check=no_title_inside, reviewer=review_case)


if __name__ == "__main__":
    build_splits(HERE, SPLITS, build, sys.argv)

"""Build deduce_fr/data/cases_v4c_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format of the .txt files: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to check offsets and duplicate ids and
to list capitalised words outside spans (each must be a deliberate non-PHI: eponym, drug, anatomy...).
Set v4c is about FORMATS: RIS/PACS exports, dictation transcripts, OCR'ed faxes, forms, tables,
e-mails, letters with many recipients, short notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import DATA, build_cases, tag_counts, write_cases  # noqa: E402

HERE = Path(__file__).resolve().parent
PARTS = {"dev": ("dev.txt", "cases_v4c_dev.json"), "heldout": ("heldout.txt", "cases_v4c_heldout.json")}


def build(part: str, review: bool = False) -> list[dict]:
    """Parse one markup file into deduce regression cases, asserting every span's offsets."""
    return build_cases(HERE / PARTS[part][0], f"v4c-{part}", review=review)


if __name__ == "__main__":
    for part, (source, out) in PARTS.items():
        if not (HERE / source).exists():
            continue
        cases = build(part, "--review" in sys.argv)
        write_cases(DATA / out, cases)
        print(part, len(cases), "cases", tag_counts(cases))

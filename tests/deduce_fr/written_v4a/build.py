"""Build deduce_fr/data/cases_v4a_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list capitalised words outside spans
(so a reviewer can check that no name, place or organisation was left untagged).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_cases, build_splits  # noqa: E402

HERE = Path(__file__).resolve().parent
SPLITS = {"dev": "cases_v4a_dev.json", "heldout": "cases_v4a_heldout.json"}
TITLE = re.compile(r"(Dr|Pr|M|Mme|Mlle|Me|Madame|Monsieur|Mademoiselle|Docteur|Professeur|Maître)\.? ", re.IGNORECASE)


def no_title_inside(ann: dict) -> None:
    """Set v4a's rule: a courtesy or professional title stays outside the name span."""
    assert not TITLE.match(ann["text"]), ("title inside span", ann)


def build(split: str, review: bool = False) -> list[dict]:
    """Parse one markup file into deduce regression cases, checking every span's offsets."""
    return build_cases(HERE / f"{split}.txt", f"v4a-{split}", review=review, forbid_pipe=True,
                       span_check=no_title_inside)


if __name__ == "__main__":
    build_splits(HERE, SPLITS, build, sys.argv)

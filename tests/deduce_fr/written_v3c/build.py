"""Build deduce_fr/data/cases_v3c_dev.json from the hand-written markup in cases.txt.

Format of cases.txt: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list capitalised words outside spans.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import DATA, build_cases, tag_counts, write_cases  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = DATA / "cases_v3c_dev.json"


def build(review: bool = False) -> list[dict]:
    """The v3c dev cases (older set: patient sex not asserted, repeated texts allowed)."""
    return build_cases(HERE / "cases.txt", "v3c-dev", review=review, check_sex=False, unique_texts=False)


if __name__ == "__main__":
    cases = build("--review" in sys.argv)
    write_cases(OUT, cases)
    print(len(cases), "cases", tag_counts(cases))

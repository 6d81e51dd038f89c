"""Build deduce_fr/data/cases_v17b_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Markup format and --review: tests/deduce_fr/written_sets.py (build_titled_set).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_titled_set  # noqa: E402

if __name__ == "__main__":
    build_titled_set(Path(__file__).resolve().parent, "v17b", sys.argv)

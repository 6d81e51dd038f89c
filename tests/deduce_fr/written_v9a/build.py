"""Build deduce_fr/data/cases_v9a_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Set v9a: teams, boards and the law around a radiograph (RCP minutes, interventional radiology and
nuclear medicine, screening letters, medico-legal texts, detention and asylum medicine, child
protection, occupational health, sports federations, military hospitals).
Markup format and --review: tests/deduce_fr/written_sets.py (build_titled_set).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_titled_set  # noqa: E402

if __name__ == "__main__":
    build_titled_set(Path(__file__).resolve().parent, "v9a", sys.argv)

"""Build deduce_fr/data/cases_v6a_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Set v6a: the people and places around a radiograph (work accidents and their employers, schools,
clubs, road accidents, shops, farms, public services, overseas France, Corsica, Alsace, Belgian
German-speaking and Flemish towns, Luxembourg, Swiss romande), written by hand to measure deduce_fr
on text it was not written for.

Markup format and --review: tests/deduce_fr/written_sets.py (build_titled_set).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_titled_set  # noqa: E402

if __name__ == "__main__":
    build_titled_set(Path(__file__).resolve().parent, "v6a", sys.argv, title_tags=frozenset({"PATIENT", "PERSON"}))

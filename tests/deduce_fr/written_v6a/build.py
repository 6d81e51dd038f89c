"""Build deduce_fr/data/cases_v6a_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Set v6a: the people and places around a radiograph (work accidents and their employers, schools,
clubs, road accidents, shops, farms, public services, overseas France, Corsica, Alsace, Belgian
German-speaking and Flemish towns, Luxembourg, Swiss romande), written by hand to measure deduce_fr
on text it was not written for.

Format: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list, per case, the capitalised words
outside spans, every untagged repeat of a tagged string, and patient-name words left outside a
PATIENT span (so a reviewer can check that no name, place or organisation was left untagged).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from written_sets import build_titled_set  # noqa: E402

if __name__ == "__main__":
    build_titled_set(Path(__file__).resolve().parent, "v6a", sys.argv, title_tags=frozenset({"PATIENT", "PERSON"}))

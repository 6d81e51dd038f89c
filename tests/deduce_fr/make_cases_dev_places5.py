"""Write ``deduce_fr/data/cases_dev_places5.json`` from the hand-written ``dev_places5_source.txt``.

The wave-5 dev set of the places work, written by hand before its rules: small towns, Belgian sections
(deelgemeenten), French lieux-dits and overseas towns, addresses over lines with building/flat/box parts,
Dutch and German streets, lower-case and ALL-CAPS towns after cues, birthplaces with their country, and hard
negatives (eponyms, 'route', 'place', 'quartier' in medical prose).
Run ``python tests/deduce_fr/make_cases_dev_places5.py`` and commit the JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_cases_dev_places import write  # noqa: E402  (same block format and short tags as set 1)

SOURCE = HERE / "dev_places5_source.txt"
OUT = HERE.parents[1] / "deduce_fr" / "data" / "cases_dev_places5.json"


def main() -> None:
    write(SOURCE, OUT, "places5")


if __name__ == "__main__":
    main()

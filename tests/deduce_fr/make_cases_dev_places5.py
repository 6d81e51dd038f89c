"""Write ``deduce_fr/data/cases_dev_places5.json`` from the hand-written ``dev_places5_source.txt``.

The wave-5 dev set of the places work, written by hand before its rules: small towns, Belgian sections
(deelgemeenten), French lieux-dits and overseas towns, addresses over lines with building/flat/box parts,
Dutch and German streets, lower-case and ALL-CAPS towns after cues, birthplaces with their country, and hard
negatives (eponyms, 'route', 'place', 'quartier' in medical prose).
Run ``python tests/deduce_fr/make_cases_dev_places5.py`` and commit the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_cases import parse  # noqa: E402

SOURCE = HERE / "dev_places5_source.txt"
OUT = HERE.parents[1] / "deduce_fr" / "data" / "cases_dev_places5.json"
SHORT = {"I": "INSTITUTION", "L": "LOCATION", "P": "PERSON", "D": "DATE", "A": "AGE", "T": "PHONE", "N": "ID"}


def blocks(text: str) -> list[str]:
    """Cases of the source file: blocks between '===' lines, comment lines dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [b.strip("\n") for b in body.split("\n===\n") if b.strip() and b.strip() != "==="]


def build() -> list[dict[str, object]]:
    """Parse every block; short tags are expanded to deduce_fr's tag names."""
    cases = []
    for n, block in enumerate(blocks(SOURCE.read_text(encoding="utf-8")), 1):
        for short, tag in SHORT.items():
            block = block.replace(f"[[{short}|", f"[[{tag}|")
        text, anns = parse(block)
        cases.append({"id": f"places5-{n:03d}", "text": text, "annotations": anns})
    return cases


def main() -> None:
    cases = build()
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")


if __name__ == "__main__":
    main()

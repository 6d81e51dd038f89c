"""Write ``deduce_fr/data/cases_dev_places.json`` from the hand-written ``dev_places_source.txt``.

The dev set of the places/institutions work: free text in many styles (letters, notes, headers,
addresses over lines, Belgian and French institutions, towns that are common words) written by
hand, not by a generator. Run ``python tests/deduce_fr/make_cases_dev_places.py`` and commit the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_cases import parse  # noqa: E402

SOURCE = HERE / "dev_places_source.txt"
OUT = HERE.parents[1] / "deduce_fr" / "data" / "cases_dev_places.json"
SHORT = {"I": "INSTITUTION", "L": "LOCATION", "P": "PERSON", "D": "DATE", "A": "AGE", "T": "PHONE", "N": "ID"}


def blocks(text: str) -> list[str]:
    """Cases of the source file: blocks between '===' lines, comment lines dropped."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [b.strip("\n") for b in body.split("\n===\n") if b.strip() and b.strip() != "==="]


def build(source: Path = SOURCE, id_prefix: str = "places") -> list[dict[str, object]]:
    """Parse every block; short tags are expanded to deduce_fr's tag names."""
    cases = []
    for n, block in enumerate(blocks(source.read_text(encoding="utf-8")), 1):
        for short, tag in SHORT.items():
            block = block.replace(f"[[{short}|", f"[[{tag}|")
        text, anns = parse(block)
        cases.append({"id": f"{id_prefix}-{n:03d}", "text": text, "annotations": anns})
    return cases


def write(source: Path, out: Path, id_prefix: str) -> None:
    """Build one places source file and write its JSON (shared by every places dev set)."""
    cases = build(source, id_prefix)
    out.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {out}")


def main() -> None:
    write(SOURCE, OUT, "places")


if __name__ == "__main__":
    main()

"""Build ``deduce_fr/data/cases_dev_ids.json`` from the hand-written ``dev_ids_source.txt``.

The source holds free-text cases (radiology headers, letters, emergency and paediatric notes,
signatures) rich in identifiers, dates, ages, phone numbers, e-mails and URLs, in layouts the
shipped cases do not use; PHI is marked inline as ``[[TAG|text]]``. Regenerate with
``python tests/deduce_fr/make_dev_ids.py`` and commit the JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_cases import parse  # noqa: E402

SOURCE = Path(__file__).resolve().parent / "dev_ids_source.txt"
OUT = Path(__file__).resolve().parents[2] / "deduce_fr" / "data" / "cases_dev_ids.json"


def read_cases(source: Path = SOURCE) -> list[dict[str, object]]:
    """Blocks separated by '---' lines; '#' lines at the top are comments; '@patient {json}' is metadata."""
    lines = [ln for ln in source.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    cases: list[dict[str, object]] = []
    for block in "\n".join(lines).split("\n---\n"):
        block = block.strip("\n")
        if not block.strip():
            continue
        patient = None
        if block.startswith("@patient "):
            head, _, block = block.partition("\n")
            patient = json.loads(head[len("@patient ") :])
        text, annotations = parse(block)
        case: dict[str, object] = {"id": f"dev-ids-{len(cases) + 1:04d}", "text": text}
        if patient:
            case["patient"] = patient
        case["annotations"] = annotations
        cases.append(case)
    return cases


if __name__ == "__main__":
    cases = read_cases()
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases -> {OUT}")

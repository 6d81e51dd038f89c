"""Build deduce_fr/data/cases_v4a_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list capitalised words outside spans
(so a reviewer can check that no name, place or organisation was left untagged).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from make_cases import parse  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2] / "deduce_fr" / "data"
SPLITS = {"dev": "cases_v4a_dev.json", "heldout": "cases_v4a_heldout.json"}
TITLE = re.compile(r"(Dr|Pr|M|Mme|Mlle|Me|Madame|Monsieur|Mademoiselle|Docteur|Professeur|Maître)\.? ", re.IGNORECASE)
TAGS = {"PATIENT", "PERSON", "LOCATION", "INSTITUTION", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL"}


def patient_of(header: str) -> dict | None:
    """Header line -> deduce patient dict (None when the text has no identifiable patient)."""
    body = header[1:].strip()
    if body == "-":
        return None
    sex, firsts, surname, birth, ids = (p.strip() for p in body.split("|"))
    assert sex in {"F", "M"}, header
    return {"first_names": [f for f in firsts.split(",") if f], "surname": surname,
            "birth_date": birth or None, "sex": sex, "ids": [i for i in ids.split(",") if i]}


def build(split: str, review: bool = False) -> list[dict]:
    """Parse one markup file into deduce regression cases, checking every span's offsets."""
    raw = (HERE / f"{split}.txt").read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in raw.split("\n---\n")]
    cases = []
    for n, block in enumerate(b for b in blocks if b.strip()):
        header, _, markup = block.partition("\n")
        assert header.startswith("@"), header
        text, anns = parse(markup)
        assert "[[" not in text and "]]" not in text and "|" not in text, text
        for a in anns:
            assert a["tag"] in TAGS, a
            assert text[a["start_char"]:a["end_char"]] == a["text"], a
            assert a["text"] == a["text"].strip() and a["text"], a
            assert not TITLE.match(a["text"]), ("title inside span", a)
        cid = f"v4a-{split}-{n + 1:03d}"
        cases.append({"id": cid, "text": text, "patient": patient_of(header), "annotations": anns})
        if review:
            covered = set()
            for a in anns:
                covered.update(range(a["start_char"], a["end_char"]))
            words = [m.group() for m in re.finditer(r"\b[A-ZÀ-Ý][\w'-]+", text) if m.start() not in covered]
            print(cid, " ".join(words))
    ids = [c["id"] for c in cases]
    assert len(set(ids)) == len(ids)
    texts = [c["text"] for c in cases]
    assert len(set(texts)) == len(texts), "duplicate case text"
    return cases


if __name__ == "__main__":
    review = "--review" in sys.argv
    wanted = [s for s in SPLITS if s in sys.argv] or list(SPLITS)
    for split in wanted:
        if not (HERE / f"{split}.txt").exists():
            continue
        cases = build(split, review)
        (DATA / SPLITS[split]).write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
        counts: dict[str, int] = {}
        for c in cases:
            for a in c["annotations"]:
                counts[a["tag"]] = counts.get(a["tag"], 0) + 1
        print(split, len(cases), "cases", dict(sorted(counts.items())))

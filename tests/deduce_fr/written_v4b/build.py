"""Build deduce_fr/data/cases_v4b_{dev,heldout}.json from the hand-written markup in dev.txt / heldout.txt.

Format of each .txt: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup. Run with --review to list capitalised words outside spans,
tagged strings that also occur untagged in the same text, and patient names tagged as PERSON.
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
SPLITS = {"dev": "cases_v4b_dev.json", "heldout": "cases_v4b_heldout.json"}
PREFIX = {"dev": "v4b-dev", "heldout": "v4b-ho"}
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


def review_case(cid: str, text: str, anns: list[dict], patient: dict | None) -> None:
    """Print what a human must look at: uncovered capitalised words and suspicious untagged repeats."""
    covered: set[int] = set()
    for a in anns:
        covered.update(range(a["start_char"], a["end_char"]))
    words = [m.group() for m in re.finditer(r"\b[A-ZÀ-Ý][\w'-]+", text) if m.start() not in covered]
    print(cid, " ".join(words))
    for a in anns:
        if a["tag"] in {"PATIENT", "PERSON", "LOCATION"} and len(a["text"]) > 3:
            for m in re.finditer(r"\b" + re.escape(a["text"]) + r"\b", text):
                if m.start() not in covered:
                    print(f"  !! untagged repeat of {a['text']!r} at {m.start()}")
    if patient:
        names = {n.lower() for n in patient["first_names"] + [patient["surname"]]}
        for a in anns:
            if a["tag"] == "PERSON" and any(w.lower() in names for w in re.findall(r"[\w'-]+", a["text"])):
                print(f"  !! PERSON span shares a patient name: {a['text']!r}")


def build(split: str, review: bool = False) -> list[dict]:
    source = (HERE / f"{split}.txt").read_text(encoding="utf-8")
    blocks = [b.strip("\n") for b in source.split("\n---\n")]
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
        cid = f"{PREFIX[split]}-{n + 1:03d}"
        patient = patient_of(header)
        cases.append({"id": cid, "text": text, "patient": patient, "annotations": anns})
        if review:
            review_case(cid, text, anns, patient)
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["text"] for c in cases}) == len(cases), "duplicate text"
    return cases


if __name__ == "__main__":
    splits = [s for s in SPLITS if s in sys.argv] or list(SPLITS)
    for split in splits:
        if not (HERE / f"{split}.txt").exists():
            continue
        cases = build(split, "--review" in sys.argv)
        (DATA / SPLITS[split]).write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts: dict[str, int] = {}
        for c in cases:
            for a in c["annotations"]:
                counts[a["tag"]] = counts.get(a["tag"], 0) + 1
        print(split, len(cases), "cases", sum(counts.values()), "spans", dict(sorted(counts.items())))

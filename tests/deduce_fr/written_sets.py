"""Shared reader/checker/writer for the hand-written case sets (written_v3c, written_v4a/b/c).

Why one module: every set is written in the same block format and must be checked the same way
(offsets of each span, known tags, no leftover markup, unique ids); only the extra checks and the
review output differ, so each ``build.py`` passes those in and keeps its own data and options.

Format of a markup file: blocks separated by a line '---'. First line of a block:
'@ SEX|first names (comma)|surname|YYYY-MM-DD|ids (comma)' or '@ -' (no patient).
Remaining lines are [[TAG|text]] markup, read by ``make_cases.parse``.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_cases import parse  # noqa: E402  (one markup reader for every case set)

DATA = Path(__file__).resolve().parents[2] / "deduce_fr" / "data"
TAGS = {"PATIENT", "PERSON", "LOCATION", "INSTITUTION", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL"}
CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w'-]+")

SpanCheck = Callable[[dict], None]
Reviewer = Callable[[str, str, list[dict], "dict | None"], None]


def patient_of(header: str, *, check_sex: bool = True) -> dict | None:
    """Header line -> deduce patient dict (None when the text has no identifiable patient)."""
    body = header[1:].strip()
    if body == "-":
        return None
    sex, firsts, surname, birth, ids = (p.strip() for p in body.split("|"))
    if check_sex:
        assert sex in {"F", "M"}, header
    return {"first_names": [f for f in firsts.split(",") if f], "surname": surname,
            "birth_date": birth or None, "sex": sex, "ids": [i for i in ids.split(",") if i]}


def covered_offsets(anns: list[dict]) -> set[int]:
    """Character offsets that some gold span covers."""
    covered: set[int] = set()
    for a in anns:
        covered.update(range(a["start_char"], a["end_char"]))
    return covered


def print_uncovered_capitals(cid: str, text: str, anns: list[dict], patient: dict | None) -> None:
    """Default review: the capitalised words outside spans, for a human to confirm they are not PHI."""
    covered = covered_offsets(anns)
    print(cid, " ".join(m.group() for m in CAPITALISED.finditer(text) if m.start() not in covered))


def build_cases(source: Path, id_prefix: str, *, review: bool = False, forbid_pipe: bool = False,
                check_sex: bool = True, unique_texts: bool = True, span_check: SpanCheck | None = None,
                reviewer: Reviewer = print_uncovered_capitals) -> list[dict]:
    """Parse one markup file into deduce regression cases, asserting every span's offsets."""
    blocks = [b.strip("\n") for b in source.read_text(encoding="utf-8").split("\n---\n")]
    cases = []
    for n, block in enumerate(b for b in blocks if b.strip()):
        header, _, markup = block.partition("\n")
        assert header.startswith("@"), header
        text, anns = parse(markup)
        assert "[[" not in text and "]]" not in text and not (forbid_pipe and "|" in text), text
        for a in anns:
            assert a["tag"] in TAGS, a
            assert text[a["start_char"]:a["end_char"]] == a["text"], a
            assert a["text"] == a["text"].strip() and a["text"], a
            if span_check is not None:
                span_check(a)
        cid = f"{id_prefix}-{n + 1:03d}"
        patient = patient_of(header, check_sex=check_sex)
        cases.append({"id": cid, "text": text, "patient": patient, "annotations": anns})
        if review:
            reviewer(cid, text, anns, patient)
    assert len({c["id"] for c in cases}) == len(cases)
    if unique_texts:
        assert len({c["text"] for c in cases}) == len(cases), "duplicate text"
    return cases


def write_cases(path: Path, cases: list[dict]) -> None:
    """The committed JSON form of a case set (one format for every set, so rebuilds stay byte-identical)."""
    path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def tag_counts(cases: list[dict]) -> dict[str, int]:
    """Spans per tag, sorted by tag, for the build summary line."""
    counts: dict[str, int] = {}
    for c in cases:
        for a in c["annotations"]:
            counts[a["tag"]] = counts.get(a["tag"], 0) + 1
    return dict(sorted(counts.items()))


def build_splits(here: Path, splits: dict[str, str], build: Callable[[str, bool], list[dict]],
                 argv: list[str]) -> None:
    """Rebuild the splits named on the command line (all by default) whose markup exists, so one
    writer's builder can be rerun on one half without touching the other's JSON."""
    review = "--review" in argv
    for split in [s for s in splits if s in argv] or list(splits):
        if not (here / f"{split}.txt").exists():
            continue
        cases = build(split, review)
        write_cases(DATA / splits[split], cases)
        print(split, len(cases), "cases", tag_counts(cases))

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


TITLE = re.compile(r"(Dr|Pr|M|Mme|Mlle|Me|Madame|Monsieur|Mademoiselle|Docteur|Professeur|Maître)\.? ", re.IGNORECASE)


def review_case(cid: str, text: str, anns: list[dict], patient: dict | None) -> None:
    """Print what a human must confirm: capitals outside spans, untagged repeats, stray patient names."""
    covered = covered_offsets(anns)
    outside = [m.group() for m in CAPITALISED.finditer(text) if m.start() not in covered]
    notes = []
    for a in anns:
        for m in re.finditer(re.escape(a["text"]), text):
            if m.start() not in covered:
                notes.append(f"untagged repeat {a['text']!r}")
    if patient:
        words = [patient["surname"], *patient["first_names"]]
        for w in {p for n in words for p in re.split(r"[ '-]", n) if len(p) > 2}:
            for m in re.finditer(rf"\b{re.escape(w)}\b", text, re.IGNORECASE):
                if not any(a["start_char"] <= m.start() < a["end_char"] and a["tag"] == "PATIENT" for a in anns):
                    notes.append(f"patient word outside PATIENT {m.group()!r}")
    print(cid, " ".join(outside), ("  !! " + "; ".join(sorted(set(notes)))) if notes else "")


def build_titled_set(here: Path, name: str, argv: list[str], *, forbid_pipe: bool = True,
                     title_tags: frozenset[str] | None = None) -> None:
    """The builder of a written set whose rule is that courtesy and professional titles stay outside spans
    (v5 onwards): ``deduce_fr/data/cases_<name>_{dev,heldout}.json`` from ``here``'s dev.txt / heldout.txt,
    with ``--review`` (capitals outside spans, untagged repeats, patient words outside PATIENT spans).
    ``title_tags``: the tags the title rule is checked on (None: every tag)."""

    def no_title_inside(ann: dict) -> None:
        if title_tags is None or ann["tag"] in title_tags:
            assert not TITLE.match(ann["text"]), ("title inside span", ann)

    def build(split: str, review: bool = False) -> list[dict]:
        return build_cases(here / f"{split}.txt", f"{name}-{split}", review=review, forbid_pipe=forbid_pipe,
                           span_check=no_title_inside, reviewer=review_case)

    build_splits(here, {s: f"cases_{name}_{s}.json" for s in ("dev", "heldout")}, build, argv)

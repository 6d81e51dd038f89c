"""Build and check the hand-written v3b de-identification cases.

The cases are written by hand as ``[[TAG|text]]`` markup in ``dev.txt`` and
``heldout.txt`` (one case per ``@@`` header line). This script only converts
them to deduce's regression-case JSON and checks the gold: it writes no text.

Header line: ``@@ -`` (no patient metadata) or
``@@ First,Names;SURNAME;YYYY-MM-DD;F|M;ID1,ID2`` (what the hospital knows).

Usage: python tests/deduce_fr/written_v3b/build_v3b.py [--review]
``--review`` also lists every capitalised word outside a span, per case.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from make_cases import parse  # noqa: E402  (one markup reader for every case set)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = ROOT / "deduce_fr" / "data"
TAGS = {"PATIENT", "PERSON", "LOCATION", "INSTITUTION", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL"}
TITLES = re.compile(r"^(dr|docteur|pr|professeur|m|mme|madame|monsieur|mlle|mr|mrs)\b\.?\s", re.I)
NAMED = {"PATIENT", "PERSON", "LOCATION", "INSTITUTION"}



def fold(s: str) -> str:
    """Lower-case, accent-free form for loose name comparisons."""
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def read_cases(path: Path, prefix: str) -> tuple[list[dict], list[str]]:
    """Parse one markup file into cases; return them with a list of problems."""
    cases, problems = [], []
    blocks: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@@"):
            blocks.append((line[2:].strip(), []))
        elif line.startswith("##") and not blocks:
            continue
        elif blocks:
            blocks[-1][1].append(line)
    for n, (head, lines) in enumerate(blocks, 1):
        cid = f"{prefix}-{n:03d}"
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        markup = "\n".join(lines)
        text, anns = parse(markup)
        if not text.strip():
            problems.append(f"{cid}: empty text")
        if "[[" in text or "]]" in text:
            problems.append(f"{cid}: unparsed markup left in text")
        patient = None
        if head != "-":
            parts = head.split(";")
            if len(parts) != 5:
                problems.append(f"{cid}: bad header {head!r}")
                continue
            first, sur, birth, sex, ids = parts
            try:
                dt.date.fromisoformat(birth)
            except ValueError:
                problems.append(f"{cid}: bad birth date {birth!r}")
            if sex not in {"F", "M"}:
                problems.append(f"{cid}: bad sex {sex!r}")
            patient = {
                "first_names": [f for f in first.split(",") if f],
                "surname": sur,
                "birth_date": birth,
                "sex": sex,
                "ids": [i for i in ids.split(",") if i],
            }
        for a in anns:
            t = str(a["text"])
            if a["tag"] not in TAGS:
                problems.append(f"{cid}: unknown tag {a['tag']}")
            if t != text[a["start_char"] : a["end_char"]]:
                problems.append(f"{cid}: offsets wrong for {t!r}")
            if t != t.strip():
                problems.append(f"{cid}: whitespace at span edge {t!r}")
            if TITLES.match(t):
                problems.append(f"{cid}: title inside span {t!r}")
            if a["tag"] == "PATIENT":
                if patient is None:
                    problems.append(f"{cid}: PATIENT span without patient metadata {t!r}")
                else:
                    names = {fold(x) for x in [patient["surname"], *patient["first_names"]]}
                    names |= {p for x in list(names) for p in re.split(r"[\s\-']", x)}
                    toks = [w for w in re.split(r"[\s\-'.,]+", fold(t)) if w]
                    if not any(w in names or len(w) == 1 for w in toks):
                        print(
                            f"NOTE {cid}: PATIENT span matches no metadata name {t!r} (maiden name, typo or OCR?)"
                        )
        # an annotated string that also occurs untagged elsewhere in the case
        covered = [False] * len(text)
        for a in anns:
            for i in range(int(a["start_char"]), int(a["end_char"])):
                covered[i] = True
        for t in {str(a["text"]) for a in anns if a["tag"] in NAMED and len(str(a["text"])) > 2}:
            for m in re.finditer(r"(?<!\w)" + re.escape(t) + r"(?!\w)", text, flags=re.I):
                if not any(covered[m.start() : m.end()]):
                    problems.append(f"{cid}: {t!r} also occurs untagged at {m.start()}")
        if patient:
            for name in [patient["surname"], *patient["first_names"]]:
                for part in re.split(r"[\s\-]", name):
                    if len(part) < 3:
                        continue
                    for m in re.finditer(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text, flags=re.I):
                        if not any(covered[m.start() : m.end()]):
                            problems.append(f"{cid}: patient name {part!r} untagged at {m.start()}")
        cases.append({"id": cid, "text": text, "patient": patient, "annotations": anns, "_covered": covered})
    return cases, problems


def review(cases: list[dict]) -> None:
    """Print capitalised words outside spans, for a human to check."""
    for c in cases:
        words = []
        for m in re.finditer(r"\b[A-ZÀ-ÖØ-Þ][\w'\-]*", c["text"]):
            if not any(c["_covered"][m.start() : m.end()]):
                words.append(m.group(0))
        print(c["id"], " ".join(words))


def main() -> int:
    """Convert both files, check them, and write the JSON next to deduce's other cases."""
    dev, p1 = read_cases(HERE / "dev.txt", "v3b-dev")
    ho, p2 = read_cases(HERE / "heldout.txt", "v3b-ho")
    problems = p1 + p2

    def named(cases: list[dict]) -> set[str]:
        return {fold(str(a["text"])) for c in cases for a in c["annotations"] if a["tag"] in NAMED}

    for shared in sorted(named(dev) & named(ho)):
        problems.append(f"dev/heldout share the name/place/institution {shared!r}")
    if "--review" in sys.argv:
        review(dev + ho)
    for p in problems:
        print("PROBLEM", p)
    for name, cases in (("dev", dev), ("heldout", ho)):
        tags = Counter(a["tag"] for c in cases for a in c["annotations"])
        multi = sum(len({a["tag"] for a in c["annotations"]}) >= 2 for c in cases)
        print(name, len(cases), "cases;", multi, "with >=2 PHI kinds;", dict(sorted(tags.items())))
    for fname, cases in (("cases_v3b_dev.json", dev), ("cases_v3b_heldout.json", ho)):
        clean = [{k: v for k, v in c.items() if not k.startswith("_")} for c in cases]
        (OUT / fname).write_text(json.dumps(clean, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Rebuild cases_v3a_dev.json / cases_v3a_heldout.json from the hand-written markup here.

Why a converter: the cases are written as ``[[TAG|text]]`` markup (readable, reviewable) and
turned into deduce's regression-case JSON with the ``parse`` function of make_cases.py (copied,
so this file stands alone). The checker part verifies every span against its offsets, flags
duplicate ids, PATIENT spans that match no metadata name, metadata names left outside spans,
surface forms shared by dev and heldout (the sets must be disjoint), and lists every capitalised
word outside spans for a human review (``--review``).

Markup: a case starts with ``## style ; sex ; first names (comma) ; surname ; birth ; ids (comma)``
or ``## style ; -`` (no identifiable patient); the following lines are its text.
Usage: python tests/deduce_fr/written_v3a/build.py [--review]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from make_cases import parse  # noqa: E402  (one markup reader for every case set)

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2] / "deduce_fr" / "data"
OTHER_PATIENT_NAMES = {"cazals"}  # a maiden name the metadata does not hold
# eponyms that equal the patient's surname on purpose (hard negatives, not PHI)
EPONYM_CONTEXTS = ("syndrome de raynaud",)
TAGS = {"PATIENT", "PERSON", "LOCATION", "INSTITUTION", "DATE", "AGE", "ID", "PHONE", "EMAIL", "URL"}
GENERIC = set("clinique hopital hopitaux centre saint sainte rue avenue chaussee place boulevard residence ehpad "
              "cabinet imagerie medical medicale radiologie universitaire universitaires hospitalier regional groupe "
              "site polyclinique institut ecole notre dame enfants".split())
SETS = {"dev": ("dev*.txt", "v3a-dev", "cases_v3a_dev.json"), "ho": ("heldout*.txt", "v3a-ho", "cases_v3a_heldout.json")}



def fold(word: str) -> str:
    """Lower case without accents, for comparing names as typed."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


def read_blocks(files: list[Path]) -> list[tuple[str, dict | None, str]]:
    """(style, patient, markup) per case, in file order."""
    out: list[tuple[str, dict | None, str]] = []
    head, lines = None, []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines() + ["## END"]:
            if line.startswith("## "):
                if head is not None:
                    out.append((*head, "\n".join(lines).strip("\n")))
                head, lines = None, []
                fields = [x.strip() for x in line[3:].split(";")]
                if fields[0] == "END":
                    continue
                patient = None
                if fields[1] != "-":
                    sex, firsts, surname, birth, ids = fields[1:6]
                    patient = {"first_names": [x.strip() for x in firsts.split(",") if x.strip()],
                               "surname": surname, "birth_date": birth, "sex": sex,
                               "ids": [x.strip() for x in ids.split(",") if x.strip()]}
                head = (fields[0], patient)
            elif head is not None:
                lines.append(line)
    return out


def check(cases: list[dict], styles: list[str], review: bool) -> list[str]:
    """Problems that would make a gold span wrong; prints the review list when asked."""
    problems = []
    ids = Counter(c["id"] for c in cases)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for c in cases:
        text = c["text"]
        if "[[" in text or "]]" in text:
            problems.append(f"{c['id']}: unparsed markup")
        covered = [False] * len(text)
        for a in c["annotations"]:
            if a["tag"] not in TAGS:
                problems.append(f"{c['id']}: bad tag {a['tag']}")
            if text[a["start_char"] : a["end_char"]] != a["text"] or a["text"] != a["text"].strip():
                problems.append(f"{c['id']}: span mismatch {a}")
            for k in range(a["start_char"], a["end_char"]):
                covered[k] = True
        p = c["patient"]
        names = set()
        if p:
            names = {fold(w) for n in p["first_names"] + [p["surname"]] for w in re.split(r"[\s\-']+", n) if w}
            names |= OTHER_PATIENT_NAMES
            if len(p["birth_date"]) != 10 or p["sex"] not in "FM":
                problems.append(f"{c['id']}: bad patient metadata")
        for a in c["annotations"]:
            if a["tag"] == "PATIENT":
                words = [fold(w) for w in re.split(r"[\s\-'.,]+", a["text"]) if w]
                if not any(w in names or (len(w) == 1 and any(n.startswith(w) for n in names)) or
                           any(w.startswith(n[:4]) for n in names if len(n) > 4) for w in words):
                    problems.append(f"{c['id']}: PATIENT span {a['text']!r} matches no metadata name")
        for m in re.finditer(r"[^\W\d_][\w'\-]*", text):
            if covered[m.start()]:
                continue
            w = m.group()
            context = fold(text[max(0, m.start() - 12) : m.end()])
            if fold(w) in names and len(w) > 2 and not any(e in context for e in EPONYM_CONTEXTS):
                problems.append(f"{c['id']}: patient name word {w!r} outside spans")
            elif review and w[0].isupper():
                print(f"  {c['id']}: {w}")
    return problems


def main() -> int:
    review = "--review" in sys.argv
    problems, surface, words = [], {}, {}
    for key, (pattern, prefix, out_name) in SETS.items():
        blocks = read_blocks(sorted(HERE.glob(pattern)))
        cases, styles = [], []
        for n, (style, patient, markup) in enumerate(blocks, 1):
            text, anns = parse(markup)
            cases.append({"id": f"{prefix}-{n:03d}", "text": text, "patient": patient, "annotations": anns})
            styles.append(style)
        problems += check(cases, styles, review)
        tags = Counter(a["tag"] for c in cases for a in c["annotations"])
        print(f"{out_name}: {len(cases)} cases, {sum(tags.values())} spans; tags {dict(sorted(tags.items()))}")
        print(f"  styles {dict(Counter(styles).most_common())}")
        multi = sum(1 for c in cases if len({a['tag'] for a in c['annotations']}) >= 2)
        print(f"  cases with >= 2 kinds of PHI: {multi}; without any span: {sum(1 for c in cases if not c['annotations'])}")
        surface[key] = {fold(a["text"]) for c in cases for a in c["annotations"]
                        if a["tag"] in {"PATIENT", "PERSON", "LOCATION", "INSTITUTION", "EMAIL", "URL", "ID", "PHONE"}}
        words[key] = {fold(w) for c in cases for a in c["annotations"] if a["tag"] in {"PATIENT", "PERSON", "LOCATION", "INSTITUTION"}
                      for w in re.split(r"[\s\-'.,()/]+", a["text"]) if len(w) >= 4 and not w.isdigit()} - GENERIC
        (DATA / out_name).write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    shared_words = sorted(words["dev"] & words["ho"])
    print("name words in both sets (common first names are expected; review the rest):", ", ".join(shared_words))
    shared = surface["dev"] & surface["ho"]
    problems += [f"surface form in both sets: {s!r}" for s in sorted(shared)]
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

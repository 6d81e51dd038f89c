"""Evaluation on regression cases (deduce's format): per-tag precision, recall and F1.

Two matchings: exact (same start, end and tag) and overlap (same tag, spans intersect). In
the overlap view precision counts predicted spans touching a gold span, recall gold spans
touched by a prediction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from deduce_fr.deidentifier import Deidentifier
from deduce_fr.types import TAGS, Patient

DEFAULT_CASES = Path(__file__).resolve().parent / "data" / "cases_fr.json"


@dataclass
class TagScore:
    """Counts and scores of one tag."""

    tag: str
    count: int = 0
    predicted: int = 0
    tp_exact: int = 0
    tp_overlap_pred: int = 0
    tp_overlap_gold: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    precision_overlap: float = 0.0
    recall_overlap: float = 0.0
    f1_overlap: float = 0.0

    def finish(self) -> None:
        """Compute the ratios from the counts (1.0 when there is nothing to get wrong)."""
        self.precision = self.tp_exact / self.predicted if self.predicted else 1.0
        self.recall = self.tp_exact / self.count if self.count else 1.0
        self.f1 = _f1(self.precision, self.recall)
        self.precision_overlap = self.tp_overlap_pred / self.predicted if self.predicted else 1.0
        self.recall_overlap = self.tp_overlap_gold / self.count if self.count else 1.0
        self.f1_overlap = _f1(self.precision_overlap, self.recall_overlap)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """Per-tag scores plus the list of disagreements for inspection."""

    n_cases: int
    scores: dict[str, TagScore]
    errors: list[dict[str, Any]] = field(default_factory=list)
    identifying_chars: int = 0
    uncovered_chars: int = 0

    @property
    def uncovered_share(self) -> float:
        """Share of the gold spans' non-space characters that no predicted span (of any tag) covers.

        This is what leaks: a name masked as a place is still masked. Titles and civilities are
        outside the gold spans, so they do not count.
        """
        return self.uncovered_chars / self.identifying_chars if self.identifying_chars else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"n_cases": self.n_cases, "tags": {t: asdict(s) for t, s in self.scores.items()},
                "identifying_chars": self.identifying_chars, "uncovered_chars": self.uncovered_chars,
                "uncovered_share": self.uncovered_share, "errors": self.errors}


def identifying_chars(text: str, gold: Iterable[tuple[int, int, str]],
                      pred: Iterable[tuple[int, int, str]]) -> tuple[int, int]:
    """(identifying, uncovered): the non-space characters inside gold spans, and how many of them no predicted span
    covers, whatever its tag (a leak is a character left readable; a wrong tag still masks it)."""
    covered = bytearray(len(text))
    for s, e, _ in pred:
        covered[s:e] = b"\x01" * (e - s)
    identifying = uncovered = 0
    for s, e, _ in gold:
        for k in range(s, e):
            if not text[k].isspace():
                identifying += 1
                uncovered += not covered[k]
    return identifying, uncovered


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """Read a case file (a JSON list, or a folder of JSON files each holding a list or one case)."""
    path = Path(path)
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    cases: list[dict[str, Any]] = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        cases.extend(data if isinstance(data, list) else [data])
    return cases


def evaluate(cases: list[dict[str, Any]], deid: Deidentifier | None = None) -> Evaluation:
    """Annotate every case and score it against its annotations."""
    deid = deid or Deidentifier()
    scores = {t: TagScore(t) for t in TAGS}
    errors: list[dict[str, Any]] = []
    identifying = uncovered = 0
    for case in cases:
        text = case["text"]
        doc = deid.annotate(text, patient=Patient.from_dict(case.get("patient")))
        gold = {(a["start_char"], a["end_char"], a["tag"]) for a in case.get("annotations", [])}
        pred = {(s.start_char, s.end_char, s.tag) for s in doc.spans}
        for s, e, t in gold:
            sc = scores.setdefault(t, TagScore(t))
            sc.count += 1
            sc.tp_exact += (s, e, t) in pred
            sc.tp_overlap_gold += any(t == t2 and s < e2 and s2 < e for s2, e2, t2 in pred)
        ident, unc = identifying_chars(text, gold, pred)
        identifying += ident
        uncovered += unc
        for s, e, t in pred:
            sc = scores.setdefault(t, TagScore(t))
            sc.predicted += 1
            sc.tp_overlap_pred += any(t == t2 and s < e2 and s2 < e for s2, e2, t2 in gold)
        if gold != pred:
            errors.append({
                "id": case.get("id"),
                "missed": [{"text": text[s:e], "tag": t, "start_char": s} for s, e, t in sorted(gold - pred)],
                "spurious": [{"text": text[s:e], "tag": t, "start_char": s} for s, e, t in sorted(pred - gold)],
            })  # fmt: skip
    for sc in scores.values():
        sc.finish()
    return Evaluation(n_cases=len(cases), scores=scores, errors=errors, identifying_chars=identifying,
                      uncovered_chars=uncovered)


def format_table(ev: Evaluation) -> str:
    """Plain-text table like the reference's: count, precision, recall, F1 (exact, then overlap)."""
    head = f"{'tag':<12}{'count':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'P~':>8}{'R~':>8}{'F1~':>8}"
    lines = [f"{ev.n_cases} cases; exact match, then overlap match (~)", head, "-" * len(head)]
    total = TagScore("ALL")
    for tag, sc in ev.scores.items():
        lines.append(f"{tag:<12}{sc.count:>7}{sc.predicted:>7}{sc.precision:>8.3f}{sc.recall:>8.3f}{sc.f1:>8.3f}"
                     f"{sc.precision_overlap:>8.3f}{sc.recall_overlap:>8.3f}{sc.f1_overlap:>8.3f}")
        for name in ("count", "predicted", "tp_exact", "tp_overlap_pred", "tp_overlap_gold"):
            setattr(total, name, getattr(total, name) + getattr(sc, name))
    total.finish()
    lines.append("-" * len(head))
    lines.append(f"{'ALL':<12}{total.count:>7}{total.predicted:>7}{total.precision:>8.3f}{total.recall:>8.3f}"
                 f"{total.f1:>8.3f}{total.precision_overlap:>8.3f}{total.recall_overlap:>8.3f}"
                 f"{total.f1_overlap:>8.3f}")
    lines.append(f"identifying characters left uncovered: {ev.uncovered_chars}/{ev.identifying_chars} "
                 f"= {100 * ev.uncovered_share:.2f}% (titles and civilities excluded)")
    return "\n".join(lines)

"""Header/footer removal: a hospital's letterhead, given in config or learned from its reports.

Learning rule: a line is boilerplate when the same text (digits ignored, so
'Page 1/2' and 'Page 2/3' match) sits at the same place (within a tolerance,
measured from the nearest page edge) on at least `min_share` of the reports
(a low share, because one export often mixes the letterheads of several
sites), and that place is not also where other reports print varying text.
The second condition keeps frequent body lines: a title such as
'Radiographie du thorax' recurs at the top of the body of many reports, but
other reports print other titles there, whereas nothing but the letterhead
ever sits where the letterhead sits.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.reports.pdf import Layout, Line

_DIGITS = re.compile(r"\d+")


def line_key(text: str) -> str:
    """What must recur: case-folded text with every number replaced by 0."""
    return _DIGITS.sub("0", " ".join(text.casefold().split()))


def _anchor(line: Line) -> tuple[str, float]:
    """Measure from the nearest edge: letterheads are fixed to the top, footers to the bottom."""
    return ("top", line.top_mm) if line.top_mm <= line.bottom_mm else ("bottom", line.bottom_mm)


@dataclass(frozen=True)
class DocSignature:
    """A report's lines reduced to what learning needs: (page, anchor, bucket, key, distance from edge mm)."""

    lines: tuple[tuple[int, str, int, str, float], ...]


def signature(layout: Layout, tolerance_mm: float) -> DocSignature:
    rows = []
    for line in layout.lines:
        anchor, dist = _anchor(line)
        rows.append((line.page, anchor, round(dist / tolerance_mm), line_key(line.text), dist))
    return DocSignature(tuple(rows))


@dataclass
class Template:
    """Boilerplate rules: learned recurring lines plus configured regions (mm) and regexes."""

    lines: dict[str, list[dict]] = field(default_factory=lambda: {"top": [], "bottom": []})
    tolerance_mm: float = 1.5
    n_reports: int = 0
    header_mm: float | None = None
    footer_mm: float | None = None
    regexes: Sequence[str] = ()

    def __post_init__(self) -> None:
        self._compiled = [re.compile(p, re.IGNORECASE) for p in self.regexes]
        self._index = {
            (anchor, round(entry["pos_mm"] / self.tolerance_mm) + d, entry["text"])
            for anchor, entries in self.lines.items()
            for entry in entries
            for d in (-1, 0, 1)
        }

    @property
    def n_learned(self) -> int:
        return sum(len(v) for v in self.lines.values())

    def is_boilerplate(self, line: Line) -> bool:
        if self.header_mm is not None and line.top_mm < self.header_mm:
            return True
        if self.footer_mm is not None and line.bottom_mm < self.footer_mm:
            return True
        if any(p.fullmatch(line.text) for p in self._compiled):
            return True
        if not self._index:
            return False
        anchor, dist = _anchor(line)
        return (anchor, round(dist / self.tolerance_mm), line_key(line.text)) in self._index

    def split(self, layout: Layout) -> tuple[list[Line], int]:
        """(body lines, number of boilerplate lines removed)."""
        body = [line for line in layout.lines if not self.is_boilerplate(line)]
        return body, len(layout.lines) - len(body)

    def with_rules(self, header_mm: float | None, footer_mm: float | None, regexes: Sequence[str]) -> Template:
        """This template plus the regions and regexes given in config."""
        return Template(self.lines, self.tolerance_mm, self.n_reports, header_mm, footer_mm, tuple(regexes))

    def to_json(self) -> str:
        return json.dumps({
            "n_reports": self.n_reports, "tolerance_mm": self.tolerance_mm, "lines": self.lines,
        }, indent=1, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Template:
        data = json.loads(text)
        return cls(lines=data["lines"], tolerance_mm=data["tolerance_mm"], n_reports=data["n_reports"])


def learn_template(sigs: Sequence[DocSignature], *, tolerance_mm: float = 1.5, min_share: float = 0.05,
                   min_reports: int = 5, contested_ratio: float = 0.5) -> Template:
    """Learn the letterhead from many reports' signatures (made with the same `tolerance_mm`).

    A text recurring at one place is letterhead unless reports with *varying* text at that place number at
    least `contested_ratio` times the reports with the recurring text.
    """
    if len(sigs) < min_reports:
        return Template(tolerance_mm=tolerance_mm, n_reports=len(sigs))
    raw: Counter[tuple[str, str, int]] = Counter()
    dist_sum: dict[tuple[str, str, int], float] = {}
    for sig in sigs:
        seen: dict[tuple[str, str, int], float] = {}
        for _page, anchor, bucket, key, dist in sig.lines:
            seen.setdefault((anchor, key, bucket), dist)
        raw.update(seen.keys())
        for k, dist in seen.items():
            dist_sum[k] = dist_sum.get(k, 0.0) + dist
    # Modal place of each text, and how many reports have it there (within one tolerance step).
    modal: dict[tuple[str, str], int] = {}
    for (anchor, key, bucket), n in raw.items():
        current = modal.get((anchor, key))
        if current is None or n > raw[(anchor, key, current)]:
            modal[(anchor, key)] = bucket
    needed = max(float(min_reports), min_share * len(sigs))
    recurring: dict[tuple[str, str], tuple[int, int]] = {}
    for (anchor, key), bucket in modal.items():
        support = sum(raw.get((anchor, key, bucket + d), 0) for d in (-1, 0, 1))
        if support >= needed:
            recurring[(anchor, key)] = (bucket, support)

    def is_rec(anchor: str, key: str, bucket: int) -> bool:
        place = recurring.get((anchor, key))
        return place is not None and abs(place[0] - bucket) <= 1

    # How many reports print varying (non-recurring) text at each place.
    varying: Counter[tuple[str, int]] = Counter()
    for sig in sigs:
        places = {(anchor, bucket + d) for _page, anchor, bucket, key, _dist in sig.lines
                  if not is_rec(anchor, key, bucket) for d in (-1, 0, 1)}
        varying.update(places)

    lines: dict[str, list[dict]] = {"top": [], "bottom": []}
    for (anchor, key), (bucket, support) in sorted(recurring.items(), key=lambda kv: (kv[0][0], kv[1][0], kv[0][1])):
        contest = varying.get((anchor, bucket), 0)
        if contest >= contested_ratio * support:
            continue  # other reports print varying text here: a frequent body line (a title), not letterhead
        pos = dist_sum[(anchor, key, bucket)] / raw[(anchor, key, bucket)]
        lines[anchor].append({"pos_mm": round(pos, 2), "text": key, "share": round(min(1.0, support / len(sigs)), 3)})
    return Template(lines=lines, tolerance_mm=tolerance_mm, n_reports=len(sigs))

"""Header/footer removal: a hospital's letterhead, given in config or learned from its reports.

Learning, per cluster of reports that share a producer (PDF Producer/Creator,
versions ignored) and a letterhead (identical outermost lines on page 1):

- a line is reduced to a key in which numbers, month names and day names are
  shapes, so "Page 1/2", "Page 2/3", a phone number or a print date recur;
- its place is its distance from the nearest page edge within the top/bottom
  zones (letterheads hang from the top, footers stand on the bottom), or its
  distance from the top inside a side strip (a column of doctors' names down
  the margin), within `tolerance_mm`, counted apart for first pages and
  following pages (a different first page is common);
- it is letterhead when it recurs at that place on at least
  max(`min_reports`, `min_share` x cluster size) first pages (or on two
  following pages), and no varying text of other reports of the cluster
  overlaps it there: a title such as "Radiographie du thorax" recurs below the
  letterhead of many reports, but other reports print other titles there,
  whereas nothing but the letterhead ever sits where the letterhead sits.

A learned line is removed only while it belongs to a band that starts at a
page edge (from the top, from the bottom, down a side strip; a varying line
may sit inside a band when more letterhead follows): a recurring body line
below varying text stays. Page labels ("Page 1/2", "Page 1 sur 3", "1/3",
"- 2 -") are always removed within `label_zone_mm` of an edge.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.reports.pdf import Layout, Line

_DIGITS = re.compile(r"\d+")
_MONTHS = re.compile(r"\b(janv(ier)?|f[ée]vr(ier)?|mars|avr(il)?|mai|juin|juil(let)?|ao[uû]t|sept(embre)?|oct(obre)?|"
                     r"nov(embre)?|d[ée]c(embre)?)\b\.?")
_DAYS = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
#: Page labels in the styles producers print: Page 1/2, Page 1 sur 3, p. 2, 1/3, - 2 -, [2], 2.
PAGE_LABEL = re.compile(
    r"(?:(?:page|pages|p\.|pg\.?)\s*)?\d{1,5}(?:\s*(?:/|sur|de|of)\s*\d{1,5})?"
    r"|[-–—]\s*\d{1,5}\s*[-–—]|\[\s*\d{1,5}\s*\]|\(\s*\d{1,5}\s*\)",
    re.IGNORECASE,
)
#: Lines a browser prints in its own page header/footer when asked to: the page's address.
BROWSER_FURNITURE = re.compile(r"(?:file|https?)://\S+|about:blank", re.IGNORECASE)


def line_key(text: str) -> str:
    """What must recur: case-folded text with every number a 0 and month/day names one fixed token."""
    key = " ".join(text.casefold().split())
    key = _MONTHS.sub("<mois>", _DAYS.sub("<jour>", key))
    return _DIGITS.sub("0", key)


def is_page_label(text: str) -> bool:
    return PAGE_LABEL.fullmatch(text.strip()) is not None


def _anchor(line: Line) -> tuple[str, float]:
    """Measure from the nearest edge: letterheads are fixed to the top, footers to the bottom."""
    return ("top", line.top_mm) if line.top_mm <= line.bottom_mm else ("bottom", line.bottom_mm)


#: Side strips (share of the page width): a letterhead column, such as the list of a department's doctors
#: printed down the left margin of the first page, lies within one.
SIDE_SHARE = 0.25
#: Key of a body line that crosses a side strip: varying text there, never letterhead.
COVER = "\x00"


def place(line: Line, width_mm: float, header_zone_mm: float, footer_zone_mm: float) -> tuple[str, float] | None:
    """Where a line may be letterhead: (edge, distance mm) in the top/bottom zones, (side, top mm) within a side
    strip further in, None in the body area."""
    anchor, dist = _anchor(line)
    if dist <= (header_zone_mm if anchor == "top" else footer_zone_mm):
        return anchor, dist
    if line.x1_mm <= SIDE_SHARE * width_mm:
        return "left", line.top_mm
    if line.x0_mm >= (1 - SIDE_SHARE) * width_mm:
        return "right", line.top_mm
    return None


def strips(line: Line, width_mm: float) -> str:
    """The horizontal regions a line reaches into: the left strip "L", the middle "M", the right strip "R"."""
    left, right = SIDE_SHARE * width_mm, (1 - SIDE_SHARE) * width_mm
    return ("L" if line.x0_mm <= left else "") + ("M" if line.x1_mm > left and line.x0_mm < right else "") + (
        "R" if line.x1_mm >= right else "")


def band_sequences(rows: Sequence, anchor_of, dist_of, strips_of) -> list[list]:
    """The orders in which letterhead hangs from the page edges: top zone from the top, bottom zone from the
    bottom, and each side strip from the top (a column of names down the margin, beside the body)."""
    seqs: list[list] = []
    for anchor in ("top", "bottom"):
        seqs.append(sorted((r for r in rows if anchor_of(r) == anchor), key=dist_of))
    for side, anchor in (("L", "left"), ("R", "right")):
        seqs.append(sorted((r for r in rows if side in strips_of(r) and anchor_of(r) in ("top", anchor, None)),
                           key=dist_of))
    return seqs


def _kind(line: Line) -> str:
    return "first" if line.page == 0 else "other"


@dataclass(frozen=True)
class DocSignature:
    """A report reduced to what learning needs: its producer and its edge-zone and side-strip lines
    as (page, kind, anchor, bucket, key, distance from the edge in mm, strips reached)."""

    lines: tuple[tuple[int, str, str, int, str, float, str], ...]
    producer: str = ""


def signature(layout: Layout, tolerance_mm: float, header_zone_mm: float = 100.0,
              footer_zone_mm: float = 60.0) -> DocSignature:
    rows = []
    width = layout.page_width_mm
    for line in layout.lines:
        where = place(line, width, header_zone_mm, footer_zone_mm)
        reach = strips(line, width)
        if where is not None:
            anchor, dist = where
            rows.append((line.page, _kind(line), anchor, round(dist / tolerance_mm), line_key(line.text), dist, reach))
            continue
        bucket = round(line.top_mm / tolerance_mm)
        for side, anchor in (("L", "left"), ("R", "right")):
            if side in reach:  # body text crossing a strip: the strip is not a letterhead column there
                rows.append((line.page, _kind(line), anchor, bucket, COVER, line.top_mm, reach))
    return DocSignature(tuple(rows), layout.producer)


@dataclass
class Template:
    """Boilerplate rules: learned recurring lines (per cluster) plus configured regions (mm) and regexes."""

    clusters: list[dict] = field(default_factory=list)
    tolerance_mm: float = 1.5
    n_reports: int = 0
    header_mm: float | None = None
    footer_mm: float | None = None
    regexes: Sequence[str] = ()
    label_zone_mm: float = 30.0
    page_labels: bool = True
    header_zone_mm: float = 100.0
    footer_zone_mm: float = 60.0

    def __post_init__(self) -> None:
        self._compiled = [re.compile(p, re.IGNORECASE) for p in self.regexes]
        self._index = {
            (kind, anchor, round(entry["pos_mm"] / self.tolerance_mm) + d, entry["text"])
            for cluster in self.clusters
            for kind, anchors in cluster["lines"].items()
            for anchor, entries in anchors.items()
            for entry in entries
            for d in (-1, 0, 1)
        }

    @property
    def n_learned(self) -> int:
        return sum(len(e) for c in self.clusters for anchors in c["lines"].values() for e in anchors.values())

    def _configured(self, line: Line) -> bool:
        if self.header_mm is not None and line.top_mm < self.header_mm:
            return True
        if self.footer_mm is not None and line.bottom_mm < self.footer_mm:
            return True
        return any(p.fullmatch(line.text) for p in self._compiled)

    def _learned(self, line: Line, width_mm: float) -> bool:
        edge, edge_dist = _anchor(line)
        if self.page_labels and edge_dist <= self.label_zone_mm and (
                is_page_label(line.text) or BROWSER_FURNITURE.fullmatch(line.text.strip())):
            return True
        if not self._index:
            return False
        where = place(line, width_mm, self.header_zone_mm, self.footer_zone_mm)
        if where is None:
            return False
        anchor, dist = where
        bucket, key = round(dist / self.tolerance_mm), line_key(line.text)
        kind = _kind(line)
        return (kind, anchor, bucket, key) in self._index or (
            kind == "other" and ("first", anchor, bucket, key) in self._index)

    def is_boilerplate(self, line: Line, width_mm: float = 210.0) -> bool:
        """Rule test for one line out of context (configured rules, page labels, learned lines)."""
        return self._configured(line) or self._learned(line, width_mm)

    def split(self, layout: Layout) -> tuple[list[Line], int]:
        """(body lines, number of boilerplate lines removed)."""
        drop: set[int] = set()
        by_page: dict[int, list[int]] = defaultdict(list)
        for i, line in enumerate(layout.lines):
            if self._configured(line):
                drop.add(i)
            else:
                by_page[line.page].append(i)
        width = layout.page_width_mm
        for indexes in by_page.values():
            anchor_of: dict[int, str | None] = {}
            dist_of: dict[int, float] = {}
            for i in indexes:
                where = place(layout.lines[i], width, self.header_zone_mm, self.footer_zone_mm)
                anchor_of[i] = where[0] if where else None
                dist_of[i] = where[1] if where and where[0] == "bottom" else layout.lines[i].top_mm
            reach = {i: strips(layout.lines[i], width) for i in indexes}
            matched = {i: self._learned(layout.lines[i], width) for i in indexes}
            for seq in band_sequences(indexes, anchor_of.__getitem__, dist_of.__getitem__, reach.__getitem__):
                drop.update(seq[k] for k in band_walk([matched[i] for i in seq]))
        body = [line for i, line in enumerate(layout.lines) if i not in drop]
        return body, len(layout.lines) - len(body)

    def with_rules(self, header_mm: float | None, footer_mm: float | None, regexes: Sequence[str],
                   page_labels: bool = True, label_zone_mm: float = 30.0) -> Template:
        """This template plus the regions and regexes given in config."""
        return Template(self.clusters, self.tolerance_mm, self.n_reports, header_mm, footer_mm, tuple(regexes),
                        label_zone_mm, page_labels, self.header_zone_mm, self.footer_zone_mm)

    def to_json(self) -> str:
        return json.dumps({"n_reports": self.n_reports, "tolerance_mm": self.tolerance_mm, "clusters": self.clusters,
                           "header_zone_mm": self.header_zone_mm, "footer_zone_mm": self.footer_zone_mm},
                          indent=1, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Template:
        data = json.loads(text)
        return cls(clusters=data["clusters"], tolerance_mm=data["tolerance_mm"], n_reports=data["n_reports"],
                   header_zone_mm=data.get("header_zone_mm", 100.0), footer_zone_mm=data.get("footer_zone_mm", 60.0))


# ---- learning -------------------------------------------------------------------------------------------

def _identity(sig: DocSignature, n_top: int = 3, n_bottom: int = 2) -> set[tuple[str, int, str]]:
    """What identifies a hospital's letterhead: the first page's topmost and bottommost lines (page labels aside).

    Only the outermost lines: below them reports of two hospitals made with the same template (same producer,
    same CSS) print the same body phrases at the same places, which must not merge them.
    """
    rows = sorted(((anchor, dist, bucket, key) for page, _kind, anchor, bucket, key, dist, _strips in sig.lines
                   if page == 0 and not is_page_label(key)), key=lambda r: (r[0], r[1]))
    top = [r for r in rows if r[0] == "top"][:n_top]
    bottom = [r for r in rows if r[0] == "bottom"][:n_bottom]
    return {(anchor, bucket, key) for anchor, _dist, bucket, key in top + bottom}


def _near(entries: set[tuple[str, int, str]], rep: set[tuple[str, int, str]]) -> set[tuple[str, int, str]]:
    """Entries of `entries` present in `rep` at the same place within one tolerance step."""
    return {(a, b, k) for a, b, k in entries if any((a, b + d, k) in rep for d in (-1, 0, 1))}


def cluster_signatures(sigs: Sequence[DocSignature]) -> list[list[int]]:
    """Reports grouped by producer, then by shared first-page lines (greedy, in input order: deterministic)."""
    by_producer: dict[str, list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        by_producer[sig.producer].append(i)
    clusters: list[list[int]] = []
    for producer in sorted(by_producer):
        reps: list[tuple[set, Counter, list[int]]] = []
        for i in by_producer[producer]:
            strong = _identity(sigs[i])
            need = 2 if len(strong) > 2 else 1
            best, best_overlap = None, 0
            for rep in reps:
                overlap = len(_near(strong, rep[0]))
                if overlap > best_overlap:
                    best, best_overlap = rep, overlap
            if best is not None and best_overlap >= need:
                best[1].update(strong)
                best[2].append(i)
                best[0].update(e for e in strong if best[1][e] >= 2)
            else:
                reps.append((set(strong), Counter(strong), [i]))
        clusters.extend(rep[2] for rep in reps)
    return clusters


def _learn_kind(occurrences: list[list[tuple[str, int, str, float, str]]], need: float,
                contested_ratio: float) -> dict[str, list[dict]]:
    """Recurring (anchor, key) at a modal place over `occurrences` (one list of lines per page or document)."""
    raw: Counter[tuple[str, str, int]] = Counter()
    dist_sum: dict[tuple[str, str, int], float] = defaultdict(float)
    for lines in occurrences:
        seen: dict[tuple[str, str, int], float] = {}
        for anchor, bucket, key, dist, _strips in lines:
            if key != COVER:
                seen.setdefault((anchor, key, bucket), dist)
        raw.update(seen.keys())
        for k, dist in seen.items():
            dist_sum[k] += dist
    modal: dict[tuple[str, str], int] = {}
    for (anchor, key, bucket), n in sorted(raw.items()):
        current = modal.get((anchor, key))
        if current is None or n > raw[(anchor, key, current)]:
            modal[(anchor, key)] = bucket
    recurring: dict[tuple[str, str], tuple[int, int]] = {}
    for (anchor, key), bucket in modal.items():
        support = sum(raw.get((anchor, key, bucket + d), 0) for d in (-1, 0, 1))
        if support >= need:
            recurring[(anchor, key)] = (bucket, support)
    recurring = _edge_connected(occurrences, recurring)
    varying: Counter[tuple[str, int, str]] = Counter()
    regions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for lines in occurrences:
        places = set()
        for anchor, bucket, key, _dist, reach in lines:
            place = recurring.get((anchor, key))
            if place is None or abs(place[0] - bucket) > 1:
                places.update((anchor, bucket + d, r) for d in (-1, 0, 1) for r in reach)
            else:
                regions[(anchor, key)].update(reach)
        varying.update(places)
    out: dict[str, list[dict]] = defaultdict(list)
    for (anchor, key), (bucket, support) in sorted(recurring.items(), key=lambda kv: (kv[0][0], kv[1][0], kv[0][1])):
        contest = max((varying.get((anchor, bucket, r), 0) for r in regions[(anchor, key)]), default=0)
        if contest >= contested_ratio * support:  # varying text overlapping it, at its place
            continue  # other reports print varying text here: a frequent body line (a title), not letterhead
        pos = dist_sum[(anchor, key, bucket)] / raw[(anchor, key, bucket)]
        out[anchor].append({"pos_mm": round(pos, 2), "text": key,
                            "share": round(min(1.0, support / max(1, len(occurrences))), 3)})
    return {"top": [], "bottom": [], **out}


def band_walk(matched: Sequence[bool]) -> list[int]:
    """Indexes (edge first) of the band of matched lines. One unmatched line may sit inside the band when at
    least two matched lines (or only matched lines) follow it: a patient name inside a header, but not a fixed
    body label after one varying line."""
    out: list[int] = []
    k = 0
    while k < len(matched):
        if matched[k]:
            out.append(k)
            k += 1
        elif out and k + 1 < len(matched) and matched[k + 1] and (
                (k + 2 < len(matched) and matched[k + 2]) or all(matched[k + 1:])):
            k += 1  # a varying line inside the letterhead band (kept): more letterhead follows it
        else:
            break
    return out


def _edge_connected(occurrences: list[list[tuple[str, int, str, float, str]]],
                    recurring: dict[tuple[str, str], tuple[int, int]]) -> dict[tuple[str, str], tuple[int, int]]:
    """Recurring lines that, in most of their occurrences, belong to a band that starts at a page edge
    (`band_sequences`).

    A body phrase that every report prints at the same place (a fixed "Technique :" line below the title)
    recurs like letterhead, but varying text separates it from the edge; removal would skip it anyway
    (`Template.split`), and leaving it out keeps the reviewed template honest.
    """
    connected: Counter[tuple[str, str]] = Counter()
    seen: Counter[tuple[str, str]] = Counter()

    def is_rec(row) -> bool:
        place = recurring.get((row[0], row[2]))
        return place is not None and abs(place[0] - row[1]) <= 1

    for lines in occurrences:
        hits: set[tuple[str, str]] = set()
        for seq in band_sequences(lines, lambda r: r[0], lambda r: r[3], lambda r: r[4]):
            hits.update((seq[k][0], seq[k][2]) for k in band_walk([is_rec(r) for r in seq]))
        connected.update(hits)
        seen.update({(r[0], r[2]) for r in lines if is_rec(r)})
    return {k: v for k, v in recurring.items() if connected[k] * 2 >= seen[k]}


_WORDS = re.compile(r"[^\W\d_]+")
RUNNING_HEADER_MM = 30.0


def _add_running_headers(lines: dict[str, dict[str, list[dict]]], pages) -> None:
    """Following-page headers made of the first-page letterhead's words ("CHU X — Service Y" after a first page
    with "CHU X" and "Service Y" on two lines): learned even from one multi-page report, when a cluster has
    too few following pages for recurrence. Only the outermost line of each edge, at least two words, all
    of them letterhead words."""
    vocab = {w for anchors in lines["first"].values() for e in anchors for w in _WORDS.findall(e["text"])}
    if not vocab:
        return
    known = {(anchor, e["text"]) for anchor, entries in lines["other"].items() for e in entries}
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    for page_lines in pages:
        for anchor in ("top", "bottom"):
            edge = [ln for ln in page_lines if ln[0] == anchor and ln[2] != COVER]
            if not edge:
                continue
            _a, _bucket, key, dist, _strips = min(edge, key=lambda ln: ln[3])
            words = _WORDS.findall(key)
            if dist <= RUNNING_HEADER_MM and len(words) >= 2 and all(w in vocab for w in words) \
                    and (anchor, key) not in known:
                found[(anchor, key)].append(dist)
    for (anchor, key), dists in sorted(found.items()):
        lines["other"].setdefault(anchor, []).append(
            {"pos_mm": round(sum(dists) / len(dists), 2), "text": key, "share": 0.0, "running_header": True})


def learn_template(sigs: Sequence[DocSignature], *, tolerance_mm: float = 1.5, min_share: float = 0.1,
                   min_reports: int = 3, contested_ratio: float = 0.5, header_zone_mm: float = 100.0,
                   footer_zone_mm: float = 60.0) -> Template:
    """Learn the letterheads from many reports' signatures (made with the same `tolerance_mm`)."""
    clusters = []
    for members in cluster_signatures(sigs):
        firsts = [[(a, b, k, d, st) for page, _kind, a, b, k, d, st in sigs[i].lines if page == 0] for i in members]
        pages: dict[tuple[int, int], list] = defaultdict(list)
        for i in members:
            for page, _kind, a, b, k, d, st in sigs[i].lines:
                if page > 0:
                    pages[(i, page)].append((a, b, k, d, st))
        lines = {"first": {"top": [], "bottom": []}, "other": {"top": [], "bottom": []}}
        if len(members) >= min_reports:
            lines["first"] = _learn_kind(firsts, max(float(min_reports), min_share * len(members)), contested_ratio)
        if len(pages) >= 2:
            lines["other"] = _learn_kind(list(pages.values()), max(2.0, min_share * len(pages)), contested_ratio)
        _add_running_headers(lines, pages.values())
        n_lines = sum(len(v) for anchors in lines.values() for v in anchors.values())
        if n_lines:
            clusters.append({"producer": sigs[members[0]].producer, "n_reports": len(members),
                             "n_following_pages": len(pages), "lines": lines})
    return Template(clusters=clusters, tolerance_mm=tolerance_mm, n_reports=len(sigs), header_zone_mm=header_zone_mm,
                    footer_zone_mm=footer_zone_mm)

"""Body lines -> report text: reading order, paragraphs, hyphenation repaired, page breaks rejoined.

Reading order. Lines are grouped into rows (lines whose vertical extents
overlap). Consecutive rows split into the same columns (two or more lines
whose left edges stay put from row to row, a clear gap between them) form a
block: under table rulings it is a table, read row by row; without rulings it
is a column layout (a two-column signature block), read column by column.
A justified line that pdfminer split at a wide space does not start a block,
because its pieces do not line up with the next row's.

Paragraphs come from vertical gaps (a gap larger than half a line height
starts a new one, the rule pdfminer uses for its text boxes). A paragraph cut
by a page break (page furniture removed between) is rejoined when the page's
last line does not end a sentence and either runs to the right margin (a
wrapped line) or the next page starts in lower case.

Hyphens at a line end: a break at a soft hyphen joins the halves. A plain
hyphen is ambiguous (LibreOffice draws soft hyphens as "-"): it is kept when
the compound is written elsewhere in the report, or the joined word is not a
French word while the head is a known prefix ("sous-", "post-", "antéro-")
or both halves are words; otherwise the halves are joined.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import lru_cache

from pipeline.reports.pdf import Line, Ruling

#: Characters that close a paragraph: after them a page break is a real paragraph break.
TERMINAL = tuple(".!?:;…»)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
HYPHENS = ("-", "\u2010", "\u2011")

#: Heads of French (medical) compounds that keep their hyphen at a line end when the joined word is unknown.
PREFIXES = frozenset("""
sous sus post anté ante pré semi demi mi intra extra inter infra supra péri para trans auto non néo
contre entre avant arrière bien mal hors pseudo rétro ultra radio antéro postéro supéro inféro
latéro médio huméro fémoro tibio péronéo fibulo talo calcanéo scapho luno cubito ulno acromio coraco
gléno sterno costo chondro vertébro lombo sacro ilio ischio pubo coxo cervico dorso thoraco abdomino
vésico uro gastro hépato spléno médico chirurgico métacarpo métatarso carpo tarso
""".split())
MIN_COLUMN_GAP_MM = 8.0
X_ALIGN_MM = 3.0


@lru_cache(maxsize=1)
def french_words() -> frozenset[str]:
    """A French word list (pyspellchecker's frequency dictionary); empty if the package is missing."""
    try:
        from spellchecker import SpellChecker
    except ImportError:  # the hyphen rule then relies on the report's own words and the prefix list
        return frozenset()
    return frozenset(SpellChecker(language="fr", distance=1).word_frequency.dictionary)


# ---- reading order --------------------------------------------------------------------------------------

def _rows(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines of one page grouped into rows by vertical overlap, top to bottom, each row left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.top_mm, ln.x0_mm)):
        if rows:
            last = rows[-1]
            top = min(ln.top_mm for ln in last)
            bottom = max(ln.top_mm + ln.height_mm for ln in last)
            centre = line.top_mm + line.height_mm / 2
            if top <= centre <= bottom:
                last.append(line)
                continue
        rows.append([line])
    return [sorted(row, key=lambda ln: ln.x0_mm) for row in rows]


Span = tuple[float, float]


def _split(row: list[Line]) -> list[Span] | None:
    """Horizontal spans of the columns of a row, or None if it is one column (no clear gap between its lines)."""
    if len(row) < 2:
        return None
    if any(b.x0_mm - a.x1_mm < MIN_COLUMN_GAP_MM for a, b in zip(row, row[1:])):
        return None
    return [(ln.x0_mm, ln.x1_mm) for ln in row]


def _aligned(x0: float, x1: float, col: Span) -> bool:
    """Left-, right- or centre-aligned with a column (signature blocks are often right-aligned or centred)."""
    return (abs(x0 - col[0]) <= X_ALIGN_MM or abs(x1 - col[1]) <= X_ALIGN_MM
            or abs((x0 + x1) - (col[0] + col[1])) <= 2 * X_ALIGN_MM)


def _same_columns(a: list[Span], b: list[Span]) -> bool:
    return len(a) == len(b) and all(_aligned(x0, x1, col) for (x0, x1), col in zip(b, a))


def _column_of(line: Line, cols: list[Span]) -> int:
    def score(c: int) -> tuple[float, float]:
        overlap = min(line.x1_mm, cols[c][1]) - max(line.x0_mm, cols[c][0])
        return (-max(overlap, 0.0), abs((line.x0_mm + line.x1_mm) - (cols[c][0] + cols[c][1])))
    return min(range(len(cols)), key=score)


def _fits_column(line: Line, cols: list[Span]) -> bool:
    """A lone line continuing one column of the block: aligned with it and clear of the others."""
    c = _column_of(line, cols)
    if not _aligned(line.x0_mm, line.x1_mm, cols[c]):
        return False
    return all(line.x1_mm < o[0] - MIN_COLUMN_GAP_MM / 2 or line.x0_mm > o[1] + MIN_COLUMN_GAP_MM / 2
               for k, o in enumerate(cols) if k != c)


def _block_rulings(rows: list[list[Line]], rulings: Sequence[Ruling]) -> list[Ruling]:
    """Drawn lines (table borders) running through the block, on any of its pages."""
    found = []
    for row in rows:
        top = min(ln.top_mm for ln in row) - 3
        bottom = max(ln.top_mm + ln.height_mm for ln in row) + 3
        page = row[0].page
        found.extend(r for r in rulings if r.page == page and r.bottom_mm >= top and r.top_mm <= bottom)
    return found


def _table_order(block: list[list[Line]], cols: list[Span], rules: list[Ruling]) -> list[Line]:
    """A ruled table: row by row between horizontal rules, each row cell by cell (a cell's wrapped lines
    stay together); without horizontal rules, row by row."""
    edges: dict[int, set[float]] = {}
    for r in rules:
        if r.x1_mm - r.x0_mm > 5:
            ys = [(r.top_mm + r.bottom_mm) / 2] if r.bottom_mm - r.top_mm < 1 else [r.top_mm, r.bottom_mm]
            edges.setdefault(r.page, set()).update(ys)
    if not edges:
        return [ln for row in block for ln in row]
    bands: dict[tuple[int, int], list[Line]] = {}
    for row in block:
        for ln in row:
            centre = ln.top_mm + ln.height_mm / 2
            band = sum(1 for y in edges.get(ln.page, ()) if y < centre)
            bands.setdefault((ln.page, band), []).append(ln)
    out = []
    for key in sorted(bands):
        cells = sorted(bands[key], key=lambda ln: (_column_of(ln, cols), ln.top_mm, ln.x0_mm))
        out.extend(cells)
    return out


def _drifting_columns(rows: list[list[Line]], i: int) -> tuple[int, list[list[Line]]] | None:
    """Two columns whose lines never share a row (other fonts or spacing on each side): a run of one-line rows
    from row i, each aligned with one of two spans separated by a clear gap, each span at least two lines,
    the spans side by side on one page. Returns (end row, columns left to right) or None."""
    spans: list[list] = []  # [x0, x1, lines]
    page = rows[i][0].page
    j = i
    while j < len(rows) and len(rows[j]) == 1 and rows[j][0].page == page:
        line = rows[j][0]
        target = next((sp for sp in spans if _aligned(line.x0_mm, line.x1_mm, (sp[0], sp[1]))), None)
        if target is None and len(spans) == 2:
            break
        trial = [[sp[0], sp[1]] for sp in spans if sp is not target]
        trial.append([min(line.x0_mm, target[0]), max(line.x1_mm, target[1])] if target else [line.x0_mm, line.x1_mm])
        if len(trial) == 2:
            a, b = sorted(trial)
            if b[0] - a[1] < MIN_COLUMN_GAP_MM:
                break
        if target is None:
            spans.append([line.x0_mm, line.x1_mm, [line]])
        else:
            target[0], target[1] = trial[-1]
            target[2].append(line)
        j += 1
    if len(spans) != 2 or min(len(sp[2]) for sp in spans) < 2:
        return None
    a, b = (sp[2] for sp in sorted(spans, key=lambda sp: sp[0]))
    if b[0].top_mm > a[-1].top_mm + a[-1].height_mm or a[0].top_mm > b[-1].top_mm + b[-1].height_mm:
        return None  # one above the other, not side by side
    return j, [a, b]


def reading_order(lines: Sequence[Line], rulings: Sequence[Ruling] = ()) -> list[Line]:
    """Body lines in reading order; the first line of each column/table block is flagged.

    Rows run on across page breaks (page furniture is already removed), so a signature table whose row
    the producer split over two pages is still read column by column.
    """
    out: list[Line] = []
    rows = [row for page in sorted({ln.page for ln in lines}) for row in _rows([ln for ln in lines if ln.page == page])]
    i = 0
    while i < len(rows):
        cols = _split(rows[i])
        j = i + 1
        if cols is not None:
            while j < len(rows):
                nxt = _split(rows[j])
                if nxt is not None and _same_columns(cols, nxt):
                    j += 1
                elif nxt is None and len(rows[j]) == 1 and _fits_column(rows[j][0], cols):
                    j += 1  # a column longer than the other(s), or a wrapped table cell
                else:
                    break
        if cols is None:
            drifting = _drifting_columns(rows, i)
            if drifting is not None:
                i, columns = drifting
                for column in columns:
                    out.extend(replace(ln, starts_block=True) if n == 0 else ln for n, ln in enumerate(column))
                continue
        block = rows[i:j]
        rules = _block_rulings(block, rulings) if cols is not None else []
        if cols is None or (j - i < 2 and not rules):
            out.extend(ln for row in block for ln in row)
        elif rules:
            ordered = _table_order(block, cols, rules)
            out.extend(replace(ln, starts_block=True) if n == 0 else ln for n, ln in enumerate(ordered))
        else:
            for c in range(len(cols)):
                column = [ln for row in block for ln in row if _column_of(ln, cols) == c]
                out.extend(replace(ln, starts_block=True) if n == 0 else ln for n, ln in enumerate(column))
        i = j
    return out


# ---- paragraphs -----------------------------------------------------------------------------------------

def paragraphs(lines: Sequence[Line], gap_ratio: float = 0.5, wrap_slack_mm: float = 25.0) -> list[list[Line]]:
    """Group body lines (reading order) into paragraphs."""
    if not lines:
        return []
    right_edge = max(line.x1_mm for line in lines)
    groups: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if line.starts_block:
            same = False
        elif line.page != prev.page:
            runs_on = prev.soft_break or prev.x1_mm >= right_edge - wrap_slack_mm or line.text[:1].islower()
            same = runs_on and not prev.text.endswith(TERMINAL)
        else:
            gap = line.top_mm - (prev.top_mm + prev.height_mm)
            same = gap <= gap_ratio * min(prev.height_mm, line.height_mm)
        if same:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


#: Inflection and derivation endings tried when a joined word is not in the word list as such
#: ("radiographique" -> "radiographie", "fémorale" -> "fémoral", "articulaires" -> "articulaire").
_ENDINGS = (("s", ""), ("e", ""), ("es", ""), ("x", ""), ("ique", "ie"), ("iques", "ie"), ("ale", "al"),
            ("aux", "al"), ("ienne", "ien"), ("euse", "eux"), ("ée", "é"), ("ées", "é"), ("ique", "e"))


def _known(word: str, vocabulary: set[str]) -> bool:
    words = french_words()
    if word in vocabulary or word in words:
        return True
    return any(word.endswith(end) and word[: len(word) - len(end)] + repl in words
               for end, repl in _ENDINGS if len(word) > len(end) + 3)


def join_hyphenated(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped lines; a trailing hyphen is a line-end hyphenation unless the word is a compound."""
    if left.endswith(HYPHENS) and len(left) > 1 and left[-2].isalpha() and right[:1].isalpha():
        heads = _LETTERS.findall(left[:-1].rsplit(" ", 1)[-1])
        head = heads[-1] if heads else ""
        tail_match = _LETTERS.match(right)
        tail = tail_match.group(0) if tail_match else ""
        h, t = head.casefold(), tail.casefold()
        if right[:1].isupper() or f"{h}-{t}" in vocabulary:
            return left[:-1] + "-" + right  # a real compound (Jean-Pierre, antéro-postérieur seen elsewhere)
        words = french_words()
        if not _known(h + t, vocabulary) and (h in PREFIXES or (h in words and t in words and len(h) >= 4
                                                                and len(t) >= 6)):
            return left[:-1] + "-" + right
        return left[:-1] + right
    return f"{left} {right}"


def vocabulary_of(lines: Sequence[Line]) -> set[str]:
    """The report's own words (casefolded), hyphenated compounds included, for the hyphen rule."""
    vocab: set[str] = set()
    for line in lines:
        for m in _WORD.finditer(line.text):
            word = m.group(0).casefold().strip("-")
            vocab.add(word)
            if "-" in word:
                vocab.update(p for p in word.split("-") if p)
    return vocab


def report_words(lines: Sequence[Line]) -> set[str]:
    """Words printed whole in a report (a line-end word cut by a hyphen is left out), for the hyphen rule."""
    return vocabulary_of([replace(ln, text=ln.text.rsplit(" ", 1)[0]) if ln.text.endswith(HYPHENS) else ln
                          for ln in lines if not ln.soft_break])


def assemble(lines: Sequence[Line], gap_ratio: float = 0.5, rulings: Sequence[Ruling] = (),
             corpus_words: Collection[str] = ()) -> str:
    """Report text: paragraphs separated by a blank line, each on one line.

    `corpus_words`: words printed whole in other reports of the hospital (learned with the letterhead), which
    tell a hyphenation break ("radio-/graphique") from a compound ("radio-/opaque") better than a dictionary.
    """
    ordered = reading_order(lines, rulings)
    groups = paragraphs(ordered, gap_ratio=gap_ratio)
    vocabulary = report_words(ordered)
    vocabulary.update(corpus_words)
    out = []
    for group in groups:
        text = group[0].text
        for prev, line in zip(group, group[1:]):
            text = text + line.text if prev.soft_break else join_hyphenated(text, line.text, vocabulary)
        out.append(text)
    return "\n\n".join(out)

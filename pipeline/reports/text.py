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
contre entre avant arrière bien mal arrière hors pseudo rétro ultra radio antéro postéro supéro inféro
latéro médio huméro fémoro tibio péronéo fibulo talo calcanéo scapho luno radio cubito ulno acromio coraco
gléno sterno costo chondro vertébro lombo sacro ilio ischio pubo coxo cervico dorso thoraco abdomino
vésico uro gastro hépato spléno ostéo-articulaire médico chirurgico
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


def _split(row: list[Line]) -> list[float] | None:
    """Left edges of the columns of a row, or None if it is one column (no clear gap between its lines)."""
    if len(row) < 2:
        return None
    if any(b.x0_mm - a.x1_mm < MIN_COLUMN_GAP_MM for a, b in zip(row, row[1:])):
        return None
    return [ln.x0_mm for ln in row]


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= X_ALIGN_MM for x, y in zip(a, b))


def _ruled(rows: list[list[Line]], rulings: Sequence[Ruling]) -> bool:
    """Whether drawn lines (table borders) run through the block, on any of its pages."""
    for row in rows:
        top = min(ln.top_mm for ln in row) - 3
        bottom = max(ln.top_mm + ln.height_mm for ln in row) + 3
        page = row[0].page
        if any(r.page == page and r.bottom_mm >= top and r.top_mm <= bottom for r in rulings):
            return True
    return False


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
                    j += 1  # a column longer than the other(s)
                else:
                    break
        block = rows[i:j]
        ruled = cols is not None and _ruled(block, rulings)
        if cols is None or (j - i < 2 and not ruled) or ruled:
            for row in block:
                out.extend(replace(ln, starts_block=True) if ruled and row is block[0] and n == 0 else ln
                           for n, ln in enumerate(row))
        else:
            for c in range(len(cols)):
                column = [ln for row in block for ln in row if _column_of(ln, cols) == c]
                out.extend(replace(ln, starts_block=True) if n == 0 else ln for n, ln in enumerate(column))
        i = j
    return out


def _column_of(line: Line, cols: list[float]) -> int:
    return min(range(len(cols)), key=lambda c: abs(cols[c] - line.x0_mm))


def _fits_column(line: Line, cols: list[float]) -> bool:
    return any(abs(line.x0_mm - x) <= X_ALIGN_MM for x in cols) and (
        _column_of(line, cols) == len(cols) - 1 or line.x1_mm < cols[_column_of(line, cols) + 1] - MIN_COLUMN_GAP_MM)


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


def _known(word: str, vocabulary: set[str]) -> bool:
    return word in vocabulary or word in french_words()


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

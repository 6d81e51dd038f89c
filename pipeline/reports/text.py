"""Body lines -> report text: paragraphs, joined hyphenation, no page-break artefacts.

Paragraphs come from vertical gaps (a gap larger than half a line height
starts a new one, the rule pdfminer uses for its text boxes). A paragraph cut
by a page break is rejoined when the page's last line does not end a
sentence and either runs to the right margin (a wrapped line) or the next
page starts in lower case. A paragraph split exactly between two sentences
cannot be told from two paragraphs: it stays split (words are unaffected).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.reports.pdf import Line

#: Characters that close a paragraph: after them a page break is a real paragraph break.
TERMINAL = tuple(".!?:;…»)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def paragraphs(lines: Sequence[Line], gap_ratio: float = 0.5, wrap_slack_mm: float = 25.0) -> list[list[Line]]:
    """Group body lines (page order, top to bottom) into paragraphs."""
    if not lines:
        return []
    right_edge = max(line.x1_mm for line in lines)
    groups: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        if line.page != prev.page:
            runs_on = prev.x1_mm >= right_edge - wrap_slack_mm or line.text[:1].islower()
            same = runs_on and not prev.text.endswith(TERMINAL)
        else:
            gap = line.top_mm - (prev.top_mm + prev.height_mm)
            same = gap <= gap_ratio * min(prev.height_mm, line.height_mm)
        if same:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _join_pair(left: str, right: str, vocabulary: set[str]) -> str:
    """Join two wrapped lines; a trailing hyphen is a line-end hyphenation unless the compound exists."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].isalpha():
        head = left[:-1].rsplit(" ", 1)[-1]
        tail = _WORD.match(right)
        tail_word = tail.group(0) if tail else ""
        compound = f"{head}-{tail_word}".casefold()
        if right[:1].isupper() or compound in vocabulary:
            return left + right  # a real compound (Jean-Pierre, antéro-postérieur seen elsewhere)
        return left[:-1] + right
    return f"{left} {right}"


def assemble(lines: Sequence[Line], gap_ratio: float = 0.5) -> str:
    """Report text: paragraphs separated by a blank line, each on one line."""
    groups = paragraphs(lines, gap_ratio=gap_ratio)
    vocabulary = {m.group(0).casefold() for line in lines for m in _WORD.finditer(line.text) if "-" in m.group(0)}
    out = []
    for group in groups:
        text = group[0].text
        for line in group[1:]:
            text = _join_pair(text, line.text, vocabulary)
        out.append(text)
    return "\n\n".join(out)

"""Tokenizer: words (with inner hyphens/apostrophes), initials, numbers and single punctuation marks."""

from __future__ import annotations

import re
from typing import NamedTuple

UPPER = "A-ZÀ-ÖØ-ÞŒŸ"
LETTER = r"[^\W\d_]"
_TOKEN_RE = re.compile(
    rf"(?P<init>[{UPPER}]\.(?:-?[{UPPER}]\.)*(?!\w))"
    rf"|(?P<word>{LETTER}+(?:['’\-]{LETTER}+)*)"
    r"|(?P<num>\d+)"
    r"|(?P<punct>\S)"
)


class Token(NamedTuple):
    """A token with its character offsets and kind (init, word, num, punct); a tuple for speed."""

    text: str
    start: int
    end: int
    kind: str

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter (names, places)."""
        return self.kind == "word" and self.text[0].isupper()

    @property
    def is_upper(self) -> bool:
        """Whole word in capitals (DUPONT)."""
        return self.kind == "word" and self.text.isupper() and len(self.text) > 1


_KINDS = (None, "init", "word", "num", "punct")  # by group number: cheaper than Match.lastgroup


def tokenize(text: str) -> list[Token]:
    """Split text into tokens; offsets index the original string.

    This runs over every report: the Match-object calls are the cost (measured alternatives,
    findall with offsets rebuilt by itertools.accumulate, or a Python loop over gaps, are no faster).
    """
    new, kinds = tuple.__new__, _KINDS  # Token(...) goes through a Python-level __new__: too slow here
    return [new(Token, (m[0], m.start(), m.end(), kinds[m.lastindex])) for m in _TOKEN_RE.finditer(text)]


def word_tokens(text: str) -> list[str]:
    """Only the word and number tokens of a string (used to key multi-word lookups)."""
    return [t.text for t in tokenize(text) if t.kind in ("word", "num")]


def line_starts(lines: list[str]) -> list[int]:
    """The offset in the text of each line of ``text.split("\\n")`` (for bisecting an offset to its line)."""
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    return starts

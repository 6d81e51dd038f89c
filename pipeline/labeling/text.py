"""Text normalisation shared by answer parsing and the keyword rules."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes unified, whitespace collapsed.

    Why: French reports mix 'é'/'e', curly/straight apostrophes and line breaks inside phrases;
    matching on the folded form makes one pattern cover them all.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.lower()).strip()

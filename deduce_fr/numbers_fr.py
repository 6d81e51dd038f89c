"""French numbers written in words ('quatre-vingt-deux', 'deux mille vingt', 'trente et un'), read from
folded tokens: ages and dates written out in full are found with them.

Only what a report writes: 0 to 9999, hyphenated or not, 'et un', 'mil'/'mille', Belgian 'septante',
'huitante'/'octante', 'nonante'. Parsing works on folded (lower-case, accent-free) word tokens.
"""

from __future__ import annotations

UNITS: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
TENS: dict[str, int] = {
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
    "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | {"cent", "cents", "mille", "mil", "et"}
# words a number may start with ('et' never does)
FIRST_WORDS = NUMBER_WORDS - {"et"}


def _parts(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(p for p in w.split("-") if p)
    return out


def parse_number(words: list[str]) -> int | None:
    """Value of a sequence of folded number words (hyphenated words allowed), None if it is not one.

    >>> parse_number(["quatre-vingt-deux"]), parse_number(["deux", "mille", "vingt"])
    (82, 2020)
    """
    parts = _parts(words)
    if not parts or parts[0] == "et" or parts[-1] == "et" or any(p not in NUMBER_WORDS for p in parts):
        return None
    total, current, k = 0, 0, 0
    while k < len(parts):
        p = parts[k]
        if p in UNITS:
            value = UNITS[p]
            teen = current % 100 in (11, 12, 13, 14, 15, 16) or (current % 100 == 10 and value < 7)
            if current % 10 or teen:
                return None  # 'deux trois', 'dix deux'
            if p in ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize") and current % 100 in (60, 80):
                current += value  # soixante-dix, quatre-vingt-onze
            elif p == "dix" and k + 1 < len(parts) and parts[k + 1] in UNITS and UNITS[parts[k + 1]] >= 7:
                current += 10  # dix-sept, dix-huit, dix-neuf
            else:
                current += value
        elif p in TENS:
            if p.startswith("vingt") and current % 100 == 4:
                current = current - 4 + 80  # quatre-vingt(s)
            elif current % 100:
                return None
            else:
                current += TENS[p]
        elif p in ("cent", "cents"):
            current = (current or 1) * 100
        elif p in ("mille", "mil"):
            total += (current or 1) * 1000
            current = 0
        elif p == "et":
            if k + 1 >= len(parts) or parts[k + 1] not in ("un", "une", "onze"):
                return None
        k += 1
    return total + current


def _is_number_word(word: str) -> bool:
    parts = _parts([word])
    return bool(parts) and all(p in NUMBER_WORDS for p in parts)


def longest_number_before(words: list[str], end: int, max_tokens: int = 8) -> tuple[int, int] | None:
    """(start index, value) of the longest number-word run ending just before ``end``, or None."""
    best = None
    start = end - 1
    while start >= 0 and end - start <= max_tokens and _is_number_word(words[start]):
        if _parts([words[start]])[0] != "et":
            value = parse_number(words[start:end])
            if value is not None:
                best = (start, value)
        start -= 1
    return best


def longest_number_at(words: list[str], start: int, max_tokens: int = 8) -> tuple[int, int] | None:
    """(end index, value) of the longest number-word run starting at ``start``, or None."""
    best = None
    end = start + 1
    while end <= len(words) and end - start <= max_tokens and _is_number_word(words[end - 1]):
        value = parse_number(words[start:end])
        if value is not None:
            best = (end, value)
        end += 1
    return best


def is_number_word(word: str) -> bool:
    """A folded word made of number words only ('vingt-deux', 'et', 'zéro' folded as 'zero')."""
    return word == "zero" or _is_number_word(word)

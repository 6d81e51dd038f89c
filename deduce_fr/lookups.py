"""Lookup lists shipped in ``deduce_fr/data`` (built by scripts/build_lookups.py), loaded once as sets."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


# letters Unicode gives no decomposition, whose capital is a plain Latin one ('Yıldız' is written 'YILDIZ',
# 'Łukasz' 'LUKASZ', 'Søren' 'SOREN'): folded to that letter, one character for one (``fold_aligned`` keeps offsets)
_UNDECOMPOSED = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "’": "'"})


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower-case, accent-free form so 'Liège', 'LIEGE' and 'liege' compare equal (and 'Yıldız', 'YILDIZ')."""
    norm = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in norm if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


class _FoldTable(dict):
    """str.translate table folding one character to one character (lazy, shared)."""

    def __missing__(self, char: int) -> int:
        folded = fold(chr(char))
        value = ord(folded) if len(folded) == 1 else char
        self[char] = value
        return value


_FOLD_TABLE = _FoldTable()
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold_aligned(text: str) -> str:
    """``fold`` of a whole text, character for character, so token offsets index it directly.

    ``str.lower`` (C, fast on the ASCII bulk) and then only the few non-ASCII characters
    (accents, curly quotes) go through the folding table: the same result as translating every
    character, in about half the time. A text whose lower-case form changes length ('İ') is
    translated character by character.
    """
    low = text.lower()
    if low.isascii():
        return low if len(low) == len(text) else text.translate(_FOLD_TABLE)
    if len(low) != len(text):
        return text.translate(_FOLD_TABLE)
    table = _FOLD_TABLE
    return _NON_ASCII.sub(lambda m: chr(table[ord(text[m.start()])]), low)


def read_list(path: Path) -> list[str]:
    """One entry a line; blank lines and ``#`` comments ignored."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def resolve_path(name: str, base: Path) -> Path:
    """A list file named in a config: absolute, next to the config, else in the package data."""
    path = Path(name)
    if path.is_absolute():
        return path
    return (base / path) if (base / path).exists() else DATA_DIR / path


class SequenceTrie:
    """Multi-word entries keyed by their first folded word (a one-level trie): one dict probe per token."""

    def __init__(self, entries: set[tuple[str, ...]]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            if entry:
                self.by_first.setdefault(entry[0], []).append(entry)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_first.values())

    def longest_at(self, words: list[str], i: int) -> int:
        """Length (in words) of the longest entry starting at words[i], 0 if none."""
        for entry in self.by_first.get(words[i], ()):
            if tuple(words[i : i + len(entry)]) == entry:
                return len(entry)
        return 0


@dataclass
class Lookups:
    """Folded sets used by the annotators and the surrogate generator."""

    first_names: dict[str, str]  # folded -> gender M/F/U
    first_names_display: dict[str, list[str]]  # gender -> display names for surrogates
    surnames: set[str]
    surnames_display: list[str]
    cities: dict[tuple[str, ...], str]  # folded token tuple -> display name
    cities_display: list[str]
    city_max_tokens: int
    city_first_words: set[str]
    city_sizes: dict[str, tuple[int, ...]]  # first folded word -> token counts of the cities it starts, longest first
    ambiguous_cities: set[tuple[str, ...]]
    stopwords: set[str]
    function_words: set[str]
    medical: set[str]
    eponyms: set[str]
    institutions_display: list[str]
    extra_persons: SequenceTrie
    extra_institutions: SequenceTrie
    hospital_names: SequenceTrie

    def __post_init__(self) -> None:
        # The two tests every name rule asks, each one set probe instead of up to four: the lists are read
        # once and never changed afterwards (an annotator that needs other words keeps its own set).
        self._common = frozenset(self.stopwords).union(self.medical, self.eponyms)
        self._name_like = frozenset(self.first_names).union(self.surnames).difference(self.function_words,
                                                                                      self.medical)

    def is_name_like(self, word: str) -> bool:
        """Known first name or surname that is not a function word or medical term ('François', 'Denis')."""
        return fold(word) in self._name_like

    def is_common(self, word: str) -> bool:
        """True for words that must not be read as names on their own (French, medical, eponym)."""
        return fold(word) in self._common


def _city_key(name: str) -> tuple[str, ...]:
    from deduce_fr.tokenizer import word_tokens

    return tuple(fold(t) for t in word_tokens(name))


def _sizes_by_first_word(keys: dict[tuple[str, ...], str]) -> dict[str, tuple[int, ...]]:
    sizes: dict[str, set[int]] = {}
    for key in keys:
        sizes.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(s, reverse=True)) for first, s in sizes.items()}


def load_lookups(files: dict[str, str | list[str]], base: Path) -> Lookups:
    """Load the lists named in the config (file names relative to the config, else the package data)."""

    def many(key: str) -> list[str]:
        value = files.get(key) or []
        names = [value] if isinstance(value, str) else list(value)
        out: list[str] = []
        for name in names:
            out.extend(read_list(resolve_path(name, base)))
        return out

    first: dict[str, str] = {}
    display: dict[str, list[str]] = {"M": [], "F": [], "U": []}
    for row in many("first_names"):
        name, _, gender = row.partition("\t")
        gender = gender.strip() or "U"
        first[fold(name)] = gender
        display.setdefault(gender, []).append(name)
    surnames_display = many("surnames")
    cities: dict[tuple[str, ...], str] = {}
    for city in many("cities"):
        key = _city_key(city)
        if key:
            cities[key] = city
    cities_display = sorted(set(cities.values()))
    stopwords = {fold(w) for w in many("stopwords")}
    medical = {fold(w) for w in many("medical")}
    eponyms = {fold(w) for w in many("eponyms")}
    surnames = {fold(s) for s in surnames_display}
    # one-word places that are also words or names ('Bouillon', 'Fontaine', 'Jambes'): need a cue
    ambiguous = {k for k in cities if len(k) == 1 and (
        k[0] in stopwords or k[0] in medical or k[0] in eponyms or k[0] in first or k[0] in surnames)}
    ambiguous |= {_city_key(c) for c in many("ambiguous_cities")}  # towns that are also French words
    # frequent French words: never a name on their own, but a big city stays a city ('Liège' is cork too)
    stopwords |= {fold(w) for w in many("common_words")}
    return Lookups(
        first_names=first,
        first_names_display=display,
        surnames=surnames,
        surnames_display=surnames_display,
        cities=cities,
        cities_display=cities_display,
        city_max_tokens=max((len(k) for k in cities), default=1),
        city_first_words={k[0] for k in cities},
        city_sizes=_sizes_by_first_word(cities),
        ambiguous_cities=ambiguous,
        stopwords=stopwords,
        function_words={fold(w) for w in many("function_words")},
        medical=medical,
        eponyms=eponyms,
        institutions_display=many("institutions"),
        extra_persons=SequenceTrie({_city_key(p) for p in many("extra_persons")}),
        extra_institutions=SequenceTrie({_city_key(p) for p in many("extra_institutions")}),
        hospital_names=SequenceTrie({_city_key(p) for p in many("hospital_names")}),
    )

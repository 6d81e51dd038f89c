"""Surrogate generator: realistic replacements, deterministic from (seed, patient key, original).

No state is kept between calls: every choice is drawn from a hash-based generator seeded with a
stable hash of (seed, key, category, normalised original), so the same original (and its
variants: case, accents, initials, one-edit typos of the patient's names) gets the same surrogate
in every report of the patient, whatever the call order.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import re

from deduce_fr.dates import shift_date_text
from deduce_fr.lookups import Lookups, fold
from deduce_fr.numbers_fr import FIRST_WORDS, longest_number_at
from deduce_fr.types import Patient

PLACEHOLDERS = {"PHONE": "[TELEPHONE]", "EMAIL": "[EMAIL]", "URL": "[URL]"}
FEMALE_TITLES = {"doctoresse", "mme", "mlle", "madame", "mademoiselle", "dre", "docteure", "professeure", "mmes"}
MALE_TITLES = {"m", "mr", "monsieur"}
PARTICLES = {"van", "den", "der", "de", "du", "des", "la", "le", "el", "al", "ben", "von", "ter", "ten",
             "da", "di", "dos", "del", "vanden", "vander", "d'", "l'"}
INITIALS = "ABCDEFGHJLMNPRSTV"  # initials common in both genders' first-name lists
ACRONYMS = ["CHU", "CHR", "CHC", "CHIREC", "HUDERF", "CHwapi", "GHdC", "HUB", "CHBA"]
STREET_RE = re.compile(
    r"^(?P<type>(?:rue|avenue|av\.?|boulevard|bd|chaussée|chée|place|pl\.?|clos|drève|chemin|allée|impasse"
    r"|square|quai|route|cours|sentier|passage|rond-point|voie|venelle|cité|parvis|galerie|esplanade|ruelle"
    r"|dreef|vieux chemin))\b",
    re.IGNORECASE,
)
_NAME_PIECE = re.compile(r"(?P<init>[A-ZÀ-ÖØ-ÞŒ]\.(?:-?[A-ZÀ-ÖØ-ÞŒ]\.)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)"
                         r"|(?P<other>[\s\S])")
_AGE_NUM = re.compile(r"\d+")


# the numeric dates that make up most DATE spans ('05/03/2021', '5.3.2021', '2021-03-05'): shifted directly, without
# the date scanner's pass over the string (``shift_date_text`` reads the same day, month and year, and writes them back
# the same way: a field of two digits stays two digits, the separator and the four-digit year are kept; the test
# compares the two on every day and month, valid or not, of the edge years)
_DMY = re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def _shift_numeric_date(text: str, days: int) -> str | None:
    """``shift_date_text`` of a 'd/m/yyyy' (or '.', '-') or 'yyyy-mm-dd' date of a year 1900-2099 (None: any other
    string, or no calendar date, left to ``shift_date_text``)."""
    m = _DMY.fullmatch(text)
    if m is not None:
        d_src, sep, m_src, y_src = m.groups()
    else:
        m = _YMD.fullmatch(text)
        if m is None:
            return None
        y_src, m_src, d_src = m.groups()
        sep = "-"
    day, month, year = int(d_src), int(m_src), int(y_src)
    if not (1900 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    new = dt.date(year, month, day) + dt.timedelta(days=days)
    d_txt = f"{new.day:02d}" if len(d_src) == 2 else str(new.day)
    m_txt = f"{new.month:02d}" if len(m_src) == 2 else str(new.month)
    if len(y_src) == 4 and m.re is _YMD:
        return f"{new.year}{sep}{m_txt}{sep}{d_txt}"
    return f"{d_txt}{sep}{m_txt}{sep}{new.year}"


def stable_int(*parts: object) -> int:
    """64-bit integer from a SHA-256 of the parts (Python's hash() is salted per process)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


class Draws:
    """Deterministic draws from a keyed BLAKE2 stream: as reproducible as a seeded ``random.Random``
    but much cheaper to create, which matters with one generator per surrogate."""

    __slots__ = ("_key", "_n")

    def __init__(self, *parts: object) -> None:
        self._key = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode("utf-8"), digest_size=16).digest()
        self._n = 0

    def below(self, n: int) -> int:
        """Integer in [0, n)."""
        self._n += 1
        digest = hashlib.blake2b(self._n.to_bytes(4, "big"), key=self._key, digest_size=8).digest()
        return int.from_bytes(digest, "big") % n

    def randrange(self, start: int, stop: int) -> int:
        """Integer in [start, stop)."""
        return start + self.below(stop - start)

    def choice(self, pool: list[str]) -> str:
        """One element of a non-empty list."""
        return pool[self.below(len(pool))]


def date_offset(seed: object, key: object) -> int:
    """Per-(seed, key) date shift in [-1000, -1] U [1, 1000] days (never 0, so every date changes)."""
    return _date_offset(str(seed), str(key))  # (the hash reads str(seed) and str(key): so does the cache)


@functools.lru_cache(maxsize=4096)
def _date_offset(seed: str, key: str) -> int:
    """:func:`date_offset` of the keys' strings, kept: every report of a patient asks for it again."""
    value = stable_int(seed, key, "date-offset") % 2000
    return value - 1000 if value < 1000 else value - 999


def shape_like(src: str, new: str) -> str:
    """Give ``new`` the capitalisation of ``src`` (ALL CAPS, Capitalised or lower)."""
    letters = [c for c in src if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return new.upper()
    if src[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in new.split("-"))
    return new.lower()


def _words(text: str) -> set[str]:
    return {fold(w) for w in re.findall(r"[^\W\d_]+", text)}


def patient_words(patient: Patient | None) -> frozenset[str]:
    """The patient's own name words: a surrogate must never contain them ('Masnuy-Saint-Pierre' for PIERRE)."""
    if patient is None:
        return frozenset()
    words = _words(" ".join([patient.surname or "", *patient.first_names]))
    return frozenset(w for w in words if len(w) >= 3)


class SurrogateGenerator:
    """Replacement text per tag; pure function of (seed, key, tag, original, patient)."""

    def __init__(self, lookups: Lookups, seed: object = 0) -> None:
        self.lookups = lookups
        self.seed = seed
        self.cities = [c for c in lookups.cities_display if len(c) > 2]
        self.surnames = [n for n in lookups.surnames_display if " " not in n]
        self.first_by_letter: dict[str, dict[str, list[str]]] = {}
        for gender, names in lookups.first_names_display.items():
            for name in names:
                self.first_by_letter.setdefault(gender, {}).setdefault(fold(name[:1]).upper(), []).append(name)
        self.first_by_letter.setdefault("U", {})
        # replace() is a pure function of its arguments (seed and lists fixed): the answers are kept, so a
        # name, place or institution recurring in a patient's reports (or a doctor in every report signed
        # with one key) is drawn once. Bounded: emptied when full, so memory stays flat on any corpus.
        self._memo: dict[tuple[object, ...], str] = {}

    MEMO_SIZE = 8192

    def _rng(self, key: object, *parts: object) -> Draws:
        return Draws(self.seed, key, *parts)

    @staticmethod
    def _pick(rng: Draws, pool: list[str], avoid: frozenset[str], original: str = "") -> str:
        """A draw from pool that is not the original and shares no word with the patient's names."""
        choice, folded_original = pool[0], fold(original)
        for _ in range(20):
            choice = rng.choice(pool)
            if fold(choice) != folded_original and not (avoid and _words(choice) & avoid):
                return choice
        return choice

    # names -----------------------------------------------------------------
    def _canonical(self, word: str, patient: Patient | None) -> tuple[str, str]:
        """(kind, canonical folded form): kind 'F' first name or 'S' surname."""
        f = fold(word)
        if patient is not None:
            from deduce_fr.annotators import _edit1

            sur = [fold(w) for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", patient.surname or "")]
            for s in sur:
                if f == s or (len(s) >= 5 and _edit1(f, s)):
                    return "S", s
            for first in patient.first_names:
                for cand in [fold(first), *fold(first).split("-")]:
                    if f == cand or (len(cand) >= 5 and _edit1(f, cand)):
                        return "F", cand
        if f in self.lookups.first_names and f not in self.lookups.surnames:
            return "F", f
        if f in self.lookups.first_names and f in self.lookups.surnames:
            return "F", f
        return "S", f

    def _first_name(self, key: object, canon: str, gender: str, avoid: frozenset[str] = frozenset()) -> str:
        """A first name of the same gender whose initial is the surrogate of the original's initial,
        so 'Jean DUPONT' and 'J. Dupont' stay the same person."""
        g = self.lookups.first_names.get(canon, "U")
        if g == "U":
            g = gender if gender in ("M", "F") else ("F" if stable_int(self.seed, key, "g", canon) % 2 else "M")
        by_letter = self.first_by_letter.get(g) or self.first_by_letter["U"]
        pool = by_letter.get(self._initial_letter(key, canon[:1]))
        if not pool:
            pool = self.lookups.first_names_display.get(g) or self.lookups.first_names_display["U"]
        return self._pick(self._rng(key, "first", canon), pool, avoid, canon)

    def _initial_letter(self, key: object, letter: str) -> str:
        """Surrogate initial (upper case) of an original initial, per key."""
        return INITIALS[stable_int(self.seed, key, "initial", fold(letter)) % len(INITIALS)]

    def _surname(self, key: object, canon: str, avoid: frozenset[str] = frozenset()) -> str:
        return self._pick(self._rng(key, "surname", canon), self.surnames, avoid, canon)

    def name(self, text: str, key: object, patient: Patient | None, gender: str = "U",
             avoid: frozenset[str] | None = None) -> str:
        """Surrogate of a person's name, keeping initials, order, hyphens and capitalisation."""
        if patient is not None and patient.sex and gender == "U":
            gender = "F" if patient.sex.upper().startswith("F") else "M"
        avoid = patient_words(patient) if avoid is None else avoid
        pieces = list(_NAME_PIECE.finditer(text))
        out: list[str] = []
        skip_space = False
        for idx, m in enumerate(pieces):
            if m.group("init"):
                letters = re.findall(r"[^\W\d_]", m.group())
                new = [self._initial(key, c, patient, gender, avoid) for c in letters]
                sep = "-" if "-" in m.group() else ""
                out.append(sep.join(f"{c}." for c in new))
                continue
            if m.group("word"):
                word = m.group()
                later_words = any(p.group("word") for p in pieces[idx + 1 :])
                if fold(word) in PARTICLES and later_words:
                    skip_space = True
                    continue
                parts = word.split("-")
                new_parts = []
                for part in parts:
                    kind, canon = self._canonical(part, patient)
                    new = (self._first_name(key, canon, gender, avoid) if kind == "F"
                           else self._surname(key, canon, avoid))
                    new_parts.append(shape_like(part, new))
                out.append("-".join(new_parts))
                continue
            if skip_space and m.group().isspace():
                skip_space = False
                continue
            out.append(m.group())
        return "".join(out)

    def _initial(self, key: object, letter: str, patient: Patient | None, gender: str,
                 avoid: frozenset[str] = frozenset()) -> str:
        f = fold(letter)
        if patient is not None:
            for first in patient.first_names:
                for part in fold(first).split("-"):
                    if part and part[0] == f:
                        return fold(self._first_name(key, part, gender, avoid)[0]).upper()
        return self._initial_letter(key, f)

    # other tags --------------------------------------------------------------
    def location(self, text: str, key: object, avoid: frozenset[str] = frozenset()) -> str:
        """Street, 'postcode city' or city replaced by Belgian-looking ones of the same shape."""
        rng = self._rng(key, "location", fold(text))
        street = STREET_RE.match(text.lstrip("0123456789 "))
        if street:
            number = re.search(r"\d+", text)
            name = self._pick(rng, self.lookups.surnames_display, avoid)
            out = f"{street.group('type')} {name}"
            if number:
                out += f" {rng.randrange(1, 200)}"
            return out
        m = re.match(r"^((?:[BF]-)?)(\d{4,5})(\s+)", text)
        city = self._pick(rng, self.cities, avoid, text)
        if m:
            code = str(rng.randrange(1000, 9999)) if len(m.group(2)) == 4 else f"{rng.randrange(1000, 95999):05d}"
            return f"{m.group(1)}{code}{m.group(3)}{shape_like(text[m.end():], city)}"
        if re.search(r"(?:straat|laan|steenweg|weg|plein|dreef|lei|baan|kaai|dijk|markt)\b", text, re.I):
            return f"{self._pick(rng, self.lookups.surnames_display, avoid)}straat {rng.randrange(1, 200)}"
        return shape_like(text, city) if text[:1].isupper() else city

    def institution(self, text: str, key: object, avoid: frozenset[str] = frozenset()) -> str:
        """Another real-looking Belgian institution (acronym for an acronym)."""
        rng = self._rng(key, "institution", fold(text))
        if re.fullmatch(r"[A-Za-z]{2,8}", text) and sum(c.isupper() for c in text) >= 2:
            choices = [a for a in ACRONYMS if a != text]
            return rng.choice(choices)
        return self._pick(rng, self.lookups.institutions_display, avoid, text)

    def identifier(self, text: str, key: object) -> str:
        """Same shape, other characters: digits stay digits, letters stay letters."""
        rng = self._rng(key, "id", text)
        out = []
        for c in text:
            if c.isdigit():
                out.append(str(rng.below(10)))
            elif c.isalpha():
                new = chr(ord("A") + rng.below(26))
                out.append(new if c.isupper() else new.lower())
            else:
                out.append(c)
        return "".join(out)

    @staticmethod
    def age(text: str) -> str:
        """Ages of 90 years or more become '90 ans ou plus' (in digits or in words: 'quatre-vingt-douze
        ans', 'nonante et un ans'); others stay as written."""
        m = _AGE_NUM.search(text)
        if m:
            value, rest = int(m.group()), text[m.end() :].strip().lower()
        else:
            words = [fold(w) for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)]
            first = next((k for k, w in enumerate(words) if w.split("-")[0] in FIRST_WORDS), None)
            found = longest_number_at(words, first) if first is not None else None
            if found is None:
                return text
            value, rest = found[1], " ".join(words[found[0] :])
        if value >= 90 and (rest.startswith("an") or rest.startswith("a") or rest == ""):
            return "90 ans ou plus"
        return text

    def date(self, text: str, offset: int) -> str:
        """Shift by the patient's offset, keeping the format."""
        shifted = _shift_numeric_date(text, offset)
        if shifted is None:
            shifted = shift_date_text(text, offset)
        return shifted if shifted is not None else "[DATE]"

    def replace(self, tag: str, text: str, key: object, patient: Patient | None, offset: int,
                gender: str = "U", avoid_words: frozenset[str] = frozenset()) -> str:
        """Surrogate for one span; it shares no word with the patient's names nor with ``avoid_words``
        (folded words of the patient's other PHI, e.g. the doctors and places of all their reports)."""
        if tag in PLACEHOLDERS:
            return PLACEHOLDERS[tag]
        if tag == "AGE":
            return self.age(text)
        if tag == "DATE":  # (a pure function of the text and the offset: the same date recurs in a patient's reports)
            cached = self._memo.get(("DATE", text, offset))
            if cached is None:
                if len(self._memo) >= self.MEMO_SIZE:
                    self._memo.clear()
                cached = self._memo["DATE", text, offset] = self.date(text, offset)
            return cached
        try:  # (the draws read the key as str(key): so does the memo, which also makes any key hashable)
            memo_key = (tag, text, str(key), gender, avoid_words, None if patient is None else (
                patient.surname, tuple(patient.first_names), patient.sex))
            cached = self._memo.get(memo_key)
        except TypeError:  # an unhashable avoid set or patient field: computed every time
            return self._replace(tag, text, key, patient, offset, gender, avoid_words)
        if cached is None:
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            cached = self._memo[memo_key] = self._replace(tag, text, key, patient, offset, gender, avoid_words)
        return cached

    def _replace(self, tag: str, text: str, key: object, patient: Patient | None, offset: int,
                 gender: str, avoid_words: frozenset[str]) -> str:
        """:meth:`replace` without the memo."""
        avoid = patient_words(patient) | avoid_words
        if tag in ("PATIENT", "PERSON"):
            return self.name(text, key, patient if tag == "PATIENT" else None, gender, avoid)
        if tag == "DATE":
            return self.date(text, offset)
        if tag == "AGE":
            return self.age(text)
        if tag == "ID":
            return self.identifier(text, key)
        if tag == "LOCATION":
            return self.location(text, key, avoid)
        if tag == "INSTITUTION":
            return self.institution(text, key, avoid)
        return f"[{tag}]"

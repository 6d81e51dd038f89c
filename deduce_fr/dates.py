"""French date recognition, parsing and format-preserving shifting."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "janvier": 1, "janv": 1, "jan": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2,
    "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre"]  # fmt: skip
MONTH_ABBR = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_ALT = "|".join(DAYS)
YEAR_CUES = ("né", "née", "nés", "nées", "en", "depuis", "année", "dès", "courant", "fin", "début", "mi",
             "été", "hiver", "printemps", "automne", "naissance", "de", "à", "jusqu'en", "vers")  # fmt: skip

# Patterns start with a digit or a literal so the regex engine can skip ahead quickly; the "not
# preceded by" checks sit right after the first character (same meaning as a leading lookbehind),
# or, for word-led patterns, are checked in find_dates (_NO_WORD_BEFORE).
DATE_PATTERNS: list[re.Pattern[str] | None] = [
    # 3 avril 2021, 1er mars, 3 avr. 2021 (a weekday before is picked up by find_dates)
    re.compile(
        rf"(?P<d>\d(?<!\w\d)(?:er|\d)?)\s+(?P<mn>{_MONTH_ALT})(?P<dot>\.)?(?:\s+(?P<y>\d{{4}}))?(?!\w)",
        re.IGNORECASE,
    ),
    None,  # kind 1, 'avril 2021': found from its year, see _WORD_LED
    # 03/04/2021, 3.4.21, 17-02-2024
    # 06 / 02 / 2021 (spaced separators: a four-digit year only)
    re.compile(
        r"(?P<d>\d(?<![\w.,/\-]\d)\d?)(?P<sep>[/.\-]| [/.\-] ?)(?P<m>\d{1,2})(?P=sep)"
        r"(?P<y>\d{4}|(?<! )\d{2})(?![\w]|[.,/\-]\d)"
    ),
    # 2021-04-03
    # 2021-04-03, 2021-11-08T09:42(:05)
    re.compile(r"(?P<y>\d(?<![\w.,/\-]\d)\d{3})(?P<sep>[\-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
               r"(?P<t>T\d{2}:\d{2}(?::\d{2})?)?(?![\w]|[.,/\-]\d)"),
    # 04/2021
    re.compile(r"(?P<m>\d(?<![\w.,/\-]\d)\d?)(?P<sep>[/.\-])(?P<y>(?:19|20)\d{2})(?![\w]|[.,/\-]\d)"),
    # times of day: 14h30, 9h05, 14:30 (tagged DATE, kept as they are by the surrogates)
    re.compile(r"(?P<hh>\d(?<![\w:.,/\-]\d)\d?)(?:\s?[hH](?:\s?(?P<mi>[0-5]\d))?|:(?P<mi2>[0-5]\d)(?::[0-5]\d)?"
               r"|\sheures?(?:\s(?P<mi3>[0-5]\d))?)(?![\w]|[:.,]\d)"),
    None,  # kind 6, 'le 12/12': found from its digits, see _WORD_LED
    None,  # kind 7, 'né en 1967': found from its year, see _WORD_LED
]
# Word-led forms are found from their digits, then the words before them are checked: scanning
# for a digit is much faster than trying a list of words at every position.
_YEAR4 = re.compile(r"\d(?<![\w.,/\-]\d)\d{3}(?![\w]|[.,/\-]\d)")
# 'le 12/12', 'le 03.04' (with a dot: two digits each side, so 'le 2.5 mg' stays a number)
_DAY_MONTH = re.compile(r"(?P<d>\d(?<![\w.,/\-]\d)\d?)(?P<sep>/|(?<=\d\d)\.(?=\d\d(?!\d)))(?P<m>\d{1,2})"
                        r"(?![\w]|[.,/\-]\d)")
_MONTH_BEFORE = re.compile(rf"(?<![\w\-])(?P<pre>(?:mi|fin|d[ée]but)-)?(?P<mn>{_MONTH_ALT})(?P<dot>\.)?\s+$",
                           re.IGNORECASE)
# a feast day and a year pin a date ('Noël 2019'); a feast alone recurs every year and is left alone
HOLIDAYS = ("noël", "noel", "pâques", "paques", "toussaint", "pentecôte", "pentecote", "ascension", "nouvel an",
            "saint-sylvestre", "saint-nicolas", "carnaval", "chandeleur", "mardi gras", "fête nationale",
            "fete nationale", "réveillon", "reveillon")  # fmt: skip
_HOLIDAY_BEFORE = re.compile(r"(?<![\w\-])(?P<h>" + "|".join(HOLIDAYS) + r")\s+$", re.IGNORECASE)
_HOUR_CUE_BEFORE = re.compile(r"(?<!\w)(?:à|a|vers|dès|des|jusqu'à|avant|après)\s+$", re.IGNORECASE)
# 'du 3 au 7 janvier', 'les 3 et 4 mars', 'entre le 3 et le 7/01/2022': the first day is a date too
_RANGE_BEFORE = re.compile(r"(?<!\w)(?:du|les|entre(?: le)?)\s+(?P<d>\d{1,2}|1er)\s*(?:au|et(?: le)?|-|–|à)\s+$",
                           re.IGNORECASE)
# a lone year closing an item of a history list: 'appendicectomie (1998)', 'PTH droite 2017.'
_YEAR_ITEM_BEFORE = re.compile(r"(?:\(|[^\W\d_]{3,}\s)$")
HOLIDAY_KIND = 8
DAY_KIND = 9
_CUE_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(YEAR_CUES) + r")\s+(?:l'année\s+)?$", re.IGNORECASE)
_DM_CUE_BEFORE = re.compile(r"(?<!\w)(?:le|du|au|jusqu'au|dès le|depuis le)\s+$", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?P<wd>{_DAY_ALT})(?P<wdsep>,?\s+)$", re.IGNORECASE)
TIME_KIND = 5
DAY_MONTH_KIND = 6
YEAR_KIND = 7
_FULL_MONTHS = set(MONTH_NAMES) | {"fevrier", "aout", "decembre"}
_LONE_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass
class DateMatch:
    """A recognised date: span and the parsed parts (None when absent from the text)."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    groups: dict[str, str | None]
    kind: int


def _expand_year(y: str) -> int:
    value = int(y)
    if len(y) == 2:
        return 2000 + value if value <= 40 else 1900 + value
    return value


def _valid(day: int | None, month: int | None, year: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if year is not None and not 1880 <= year <= 2100:
        return False
    if day is not None:
        last = calendar.monthrange(year if year else 2000, month or 1)[1]
        return 1 <= day <= last
    return True


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in the text (may overlap; the caller resolves overlaps)."""
    out: list[DateMatch] = []
    out.extend(_word_led_dates(text))
    for kind, pattern in enumerate(DATE_PATTERNS):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            g = m.groupdict()
            day = (1 if g["d"].lower() == "1er" else int(g["d"])) if g.get("d") else None
            if g.get("mn"):
                month: int | None = MONTHS[g["mn"].lower()]
            elif g.get("m"):
                month = int(g["m"])
            else:
                month = None
            year = _expand_year(g["y"]) if g.get("y") else None
            if not _valid(day, month, year):
                continue
            if g.get("hh"):
                if int(g["hh"]) <= 23 and (g["mi"] or g["mi2"] or g["mi3"] or _HOUR_CUE_BEFORE.search(
                        text, max(0, m.start() - 12), m.start())):
                    out.append(DateMatch(m.start(), m.end(), None, None, None, g, TIME_KIND))
                continue
            if kind in (0, 2):
                r = _RANGE_BEFORE.search(text, max(0, m.start() - 20), m.start())
                if r and _valid(1 if r["d"].lower() == "1er" else int(r["d"]), month, year):
                    out.append(DateMatch(r.start("d"), r.end("d"), None, None, None, {"d": r["d"]}, DAY_KIND))
            end = m.end()
            if g.get("dot") and not g.get("y") and g["mn"].lower() in _FULL_MONTHS:
                end = m.start("dot")
            if kind in (0, 2):
                wd = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
                if wd:
                    g["wd"], g["wdsep"] = wd.group("wd"), wd.group("wdsep")
                    out.append(DateMatch(wd.start("wd"), end, day, month, year, g, kind))
                    continue
            start = m.start("d") if g.get("d") else (
                m.start("mn") if g.get("mn") else m.start("m") if g.get("m") else m.start("y"))
            if kind == 3 or kind == YEAR_KIND:
                start = m.start("y")
            if kind == DAY_MONTH_KIND:
                start = m.start("d")
            out.append(DateMatch(start, end, day, month, year, g, kind))
    return out


def _word_led_dates(text: str) -> list[DateMatch]:
    """'avril 2021' (kind 1), 'le 12/12' (kind 6) and 'né en 1967' (kind 7)."""
    out: list[DateMatch] = []
    for m in _YEAR4.finditer(text):
        start, year = m.start(), int(m.group())
        if not 1880 <= year <= 2100:
            continue
        w = _MONTH_BEFORE.search(text, max(0, start - 20), start)
        if w:
            g = {"mn": w.group("mn"), "dot": w.group("dot"), "y": m.group(), "pre": w.group("pre")}
            first = w.start("pre") if w.group("pre") else w.start("mn")
            out.append(DateMatch(first, m.end(), None, MONTHS[w.group("mn").lower()], year, g, 1))
        h = _HOLIDAY_BEFORE.search(text, max(0, start - 20), start)
        if h:
            out.append(DateMatch(h.start("h"), m.end(), None, None, year, {"h": h.group("h"), "y": m.group()},
                                 HOLIDAY_KIND))
        if 1900 <= year <= 2099 and (_CUE_BEFORE.search(text, max(0, start - 30), start) or (
                _YEAR_ITEM_BEFORE.search(text, max(0, start - 4), start)
                and (text[start - 1] == "(" and text[m.end() : m.end() + 1] == ")"
                     or text[start - 1] != "(" and (m.end() == len(text) or text[m.end()] in ",;.\n)")))):
            out.append(DateMatch(start, m.end(), None, None, year, {"y": m.group()}, YEAR_KIND))
    for m in _DAY_MONTH.finditer(text):
        day, month = int(m.group("d")), int(m.group("m"))
        if _valid(day, month, None) and _DM_CUE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            out.append(DateMatch(m.start(), m.end(), day, month, None, m.groupdict(), DAY_MONTH_KIND))
    return out


def _case_like(src: str, word: str) -> str:
    if src.isupper() and len(src) > 1:
        return word.upper()
    if src[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


@functools.lru_cache(maxsize=16384)

def _whole_date(text: str) -> DateMatch | None:
    """The date match spanning the whole string ('3 avril' is read as 'le 3 avril'), or None."""
    matches = [m for m in find_dates(text) if m.start == 0 and m.end == len(text)]
    if not matches:
        matches = [m for m in find_dates(f"le {text}") if m.start == 3 and m.kind == DAY_MONTH_KIND]
    if not matches:  # an hour alone ('10h') is a time after 'à'
        matches = [m for m in find_dates(f"à {text}") if m.start == 2 and m.kind == TIME_KIND]
    return matches[0] if matches else None

def shift_date_text(text: str, days: int, reference_year: int = 2020) -> str | None:
    """Shift one date string by ``days``, keeping its format; None if it is not a date we parse.

    Partial dates are shifted through a representative day (15th of the month, 1 July for a year),
    so intervals stay right to within the precision the text gives.
    """
    if _LONE_YEAR.fullmatch(text):
        return str((dt.date(int(text), 7, 1) + dt.timedelta(days=days)).year)
    m = _whole_date(text)
    if m is None:
        return None
    g = m.groups
    if m.kind == TIME_KIND:
        return text
    year = m.year if m.year is not None else reference_year
    if m.day is not None and m.month is not None:
        new = dt.date(year, m.month, m.day) + dt.timedelta(days=days)
    elif m.month is not None:
        new = dt.date(year, m.month, 15) + dt.timedelta(days=days)
    else:
        new = dt.date(year, 7, 1) + dt.timedelta(days=days)
    if m.kind in (0, 1):
        mn = g["mn"] or ""
        full = {n.replace("é", "e").replace("û", "u") for n in MONTH_NAMES} | set(MONTH_NAMES)
        names = MONTH_NAMES if mn.lower() in full else MONTH_ABBR
        new_name = names[new.month - 1]
        dot = (g.get("dot") or "") if new_name not in MONTH_NAMES else ""
        month_txt = _case_like(mn, new_name) + dot
        if m.kind == 1:
            return f"{g.get('pre') or ''}{month_txt} {new.year}"
        parts = []
        if g.get("wd"):
            parts.append(_case_like(g["wd"], DAYS[new.weekday()]) + ("," if "," in (g.get("wdsep") or "") else ""))
        parts.append("1er" if new.day == 1 else str(new.day))
        parts.append(month_txt)
        if g.get("y"):
            parts.append(str(new.year))
        return " ".join(parts)
    if m.kind == YEAR_KIND:
        return text[: text.index(g["y"])] + str(new.year)
    if m.kind == HOLIDAY_KIND:
        return f"{g['h']} {new.year}"
    sep = g.get("sep") or "/"

    def num(value: int, src: str) -> str:
        return f"{value:02d}" if len(src) == 2 else str(value)

    y_src = g.get("y") or ""
    year_txt = f"{new.year % 100:02d}" if len(y_src) == 2 else str(new.year)
    if m.kind == DAY_MONTH_KIND:
        return f"{num(new.day, g['d'] or '')}{sep}{num(new.month, g['m'] or '')}"
    if m.kind == 2:
        prefix = _case_like(g["wd"], DAYS[new.weekday()]) + (g.get("wdsep") or " ") if g.get("wd") else ""
        return f"{prefix}{num(new.day, g['d'] or '')}{sep}{num(new.month, g['m'] or '')}{sep}{year_txt}"
    if m.kind == 3:
        return f"{year_txt}{sep}{num(new.month, g['m'] or '')}{sep}{num(new.day, g['d'] or '')}{g.get('t') or ''}"
    return f"{num(new.month, g['m'] or '')}{sep}{year_txt}"


def parse_date(text: str, reference_year: int = 2020) -> dt.date | None:
    """Representative calendar date of a date string (used to check intervals)."""
    if _LONE_YEAR.fullmatch(text):
        return dt.date(int(text), 7, 1)
    m = _whole_date(text)
    if m is None:
        return None
    if m.kind == TIME_KIND:
        return None
    year = m.year if m.year is not None else reference_year
    return dt.date(year, m.month or 7, m.day or (15 if m.month else 1))

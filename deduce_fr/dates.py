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
# 3 avril 2021, 1er mars, 3 avr. 2021 (a weekday before is picked up by find_dates): kind 0
_DAY_MONTH_NAME = re.compile(
    rf"(?P<d>\d(?<!\w\d)(?:er|\d)?)\s+(?P<mn>{_MONTH_ALT})(?P<dot>\.)?(?:\s+(?P<y>\d{{4}}))?(?!\w)",
    re.IGNORECASE,
)
# Every other digit-led form in ONE scan. They share their first digit and its "not inside a number"
# check, which stays outside the alternation so the regex engine still skips to digits quickly (an
# alternation of whole patterns, or six separate scans, cost 2-3x more). At one start at most one
# alternative can match (they differ in separators and digit counts).
_NUMERIC = re.compile(
    r"\d(?<![\w.,/\-]\d)(?:"
    # kind 2: 03/04/2021, 3.4.21, 17-02-2024, 06 / 02 / 2021 (spaced separators: a four-digit year only)
    # and '03 04 2021' (spaces alone: a four-digit year only, like every spaced form)
    r"(?P<r2>\d?)(?P<sep2>[/.\-]| [/.\-] ?| )(?P<m2>\d{1,2})(?P=sep2)(?P<y2>\d{4}|(?<! )\d{2})(?![\w]|[.,/\-]\d)"
    # kind 3: 2021-04-03, 2021-11-08T09:42(:05)
    r"|(?P<r3>\d{3})(?P<sep3>[\-/.])(?P<m3>\d{1,2})(?P=sep3)(?P<d3>\d{1,2})(?P<t>T\d{2}:\d{2}(?::\d{2})?)?"
    r"(?![\w]|[.,/\-]\d)"
    # kind 4: 04/2021
    r"|(?P<r4>\d?)(?P<sep4>[/.\-])(?P<y4>(?:19|20)\d{2})(?![\w]|[.,/\-]\d)"
    # kind 5, times of day: 14h30, 9 h 42, 23H10, 16:44:05, 'à 10h', 'à 10 heures' (kept by the surrogates)
    r"|(?<!:\d)(?P<r5>\d?)(?:\s?[hH](?:\s?(?P<mi>[0-5]\d))?|:(?P<mi2>[0-5]\d)(?::[0-5]\d)?"
    r"|\sheures?(?:\s(?P<mi3>[0-5]\d))?)(?![\w]|[:.,]\d)"
    # a four-digit year: kind 1 'avril 2021', 7 'né en 1967', 8 'Noël 2019' (the words before are checked)
    r"|(?P<r7>\d{3})(?![\w]|[.,/\-]\d)"
    # kind 6: 'le 12/12', 'le 03.04' (with a dot: two digits each side, so 'le 2.5 mg' stays a number)
    r"|(?P<r6>\d?)(?P<sep6>/|(?<=\d\d)\.(?=\d\d(?!\d)))(?P<m6>\d{1,2})(?![\w]|[.,/\-]\d))"
)
_MONTH_BEFORE = re.compile(rf"(?<![\w\-])(?P<pre>(?:mi|fin|d[ée]but)-)?(?P<mn>{_MONTH_ALT})(?P<dot>\.)?\s+$",
                           re.IGNORECASE)
# a feast day and a year pin a date ('Noël 2019'); a feast alone recurs every year and is left alone
HOLIDAYS = ("noël", "noel", "pâques", "paques", "toussaint", "pentecôte", "pentecote", "ascension", "nouvel an",
            "saint-sylvestre", "saint-nicolas", "carnaval", "chandeleur", "mardi gras", "fête nationale",
            "fete nationale", "réveillon", "reveillon")  # fmt: skip
_HOLIDAY_BEFORE = re.compile(r"(?<![\w\-])(?P<h>" + "|".join(HOLIDAYS) + r")\s+$", re.IGNORECASE)
_HOUR_CUE_BEFORE = re.compile(r"(?<!\w)(?:à|a|vers|dès|jusqu'à)\s+$", re.IGNORECASE)
# 'du 3 au 7 janvier', 'les 3 et 4 mars', 'entre le 3 et le 7/01/2022': the first day is a date too
_RANGE_BEFORE = re.compile(r"(?<!\w)(?:du|les|entre(?: le)?)\s+(?P<d>\d{1,2}|1er)\s*(?:au|et(?: le)?|-|–|à)\s+$",
                           re.IGNORECASE)
# a list of days before the date that gives their month: 'les 3, 5 et 7 novembre', 'un le 14 et un le 21 mai'
_DAY_CHAIN_BEFORE = re.compile(r"(?<!\w)(?:les?|du|entre(?: le)?)\s+(?P<days>(?:(?:\d{1,2}|1er)(?!\d)\s*(?:,|et|ou|au|à|-|–)"
                               r"\s*(?:(?:un|une)\s+)?(?:le\s+)?)+)$", re.IGNORECASE)
_CHAIN_DAY = re.compile(r"\d{1,2}|1er", re.IGNORECASE)
# a lone year closing an item of a history list: 'appendicectomie (1998)', 'PTH droite 2017.'
_YEAR_ITEM_BEFORE = re.compile(r"(?:\(|[^\W\d_]{3,}\s)$")
# ... not a value of a DICOM header dump's line ('(0028,0010) Rows 2048': a count of pixels)
_DICOM_LINE = re.compile(r"[ \t]*\(?[0-9A-Fa-f]{4},[ ]?[0-9A-Fa-f]{4}\)")
_DATE_ATTRIBUTE = re.compile(r"date|birth|year|naiss|ann[ée]e", re.IGNORECASE)
HOLIDAY_KIND = 8
DAY_KIND = 9
# the next years of a list after a cued one ('radios de 2015 et 2017', 'opérée en 2009, 2012 et 2020'); never a count
_LISTED_YEAR_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(YEAR_CUES) + r")\s+(?:19|20)\d\d(?:\s*(?:,|et|ou)\s*(?:19|20)\d\d)*"
                                 r"\s*(?:,|et|ou)\s*$", re.IGNORECASE)
_UNIT_AFTER_YEAR = re.compile(r"\s*(?:mg|g|kg|ml|l|ui|u|mm|cm|m|km|mmol|µg|mcg|euros?|cas|patients?|personnes)\b|\s*[%€$]",
                              re.IGNORECASE)
# 'entre 2019 et 2023', 'entre 2015 et 2018,': a range of two years, both dates (not 'entre 1900 et 2000 UI': no unit
# after the second number)
_YEAR_RANGE = re.compile(r"(?<!\w)entre\s+(?P<a>(?:19|20)\d\d)\s+et\s+(?P<b>(?:19|20)\d\d)(?![\w]|[.,/\-]\d)", re.IGNORECASE)
_CUE_BEFORE = re.compile(r"(?<!\w)(?:" + "|".join(YEAR_CUES) + r")\s+(?:l'année\s+)?$", re.IGNORECASE)
# (a weekday may be cut to its first three letters in notes: 'CT fait lun. 9/11', 'RDV ven 12/3')
_DM_CUE_BEFORE = re.compile(rf"(?<!\w)(?:le|du|au|jusqu'au|dès le|depuis le|{_DAY_ALT}|(?:lun|mar|mer|jeu|ven|sam)\.?)"
                            r"\s+$", re.IGNORECASE)
_WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?P<wd>{_DAY_ALT})(?P<wdsep>,?\s+)$", re.IGNORECASE)
# a third or a quarter of a bone or an organ after 'du'/'au' ('fracture du 1/3 moyen', 'au 1/4 inférieur'): no date
_SEGMENT_AFTER = re.compile(r"[ \t]*(?:moyen|inf|sup|distal|proximal|m[ée]dian|ant[ée]rieur|post[ée]rieur|externe"
                            r"|interne|lat[ée]ral|diaphysaire)", re.IGNORECASE)
# the date that names a law or a regulation ('la loi du 4 mars 2002', 'décret n° 2016-1872 du 26 décembre 2016',
# 'arrêté du 12 mai 2021', 'règlement (UE) 2016/679 du 27 avril 2016') identifies a text, not a person: no DATE
# (a prescription's 'ordonnance du 12/03' and a payment's 'règlement du 12/03' are the patient's dates and stay)
_LEGAL_TEXT = re.compile(r"(?<!\w)(?:loi|d[ée]cret|arr[êe]t[ée]|circulaire|directive|r[èe]glement \((?:UE|CE)\))\s",
                         re.IGNORECASE)
_LEGAL_STEMS = ("loi", "ecret", "écret", "rrêt", "rret", "irculaire", "irective", "glement (")


def _legal_words(text: str) -> bool:
    """A substring test for the legal texts' words (a few C-speed searches): the gate of _LEGAL_TEXT's scan."""
    low = text.lower()
    return any(stem in low for stem in _LEGAL_STEMS)


_LEGAL_DATE_BEFORE = re.compile(
    r"(?<!\w)(?:loi|d[ée]cret|arr[êe]t[ée]|circulaire|directive|r[èe]glement \((?:UE|CE)\))"
    r"(?:\s+(?:n[°ºo]\.?\s*)?[\d][\w\-/.]*)?(?:\s+(?:minist[ée]riel(?:le)?|royal|modifi[ée]e?))?\s+du\s+(?:(?:1er|\d{1,2})\s+)?(?:(?:" + _MONTH_ALT + r")\.?\s+)?$",
    re.IGNORECASE)
# the year of a reference text a report cites ('Recommandations HAS 2012.', 'critères ACR/EULAR 2010', 'classification
# de l'OMS 2016', 'Fleischner 2017'): a guideline's edition identifies no one, whatever the lone-year rules say
_REFERENCE_BEFORE = re.compile(
    r"(?<!\w)(?:recommandations?|recos?|guidelines?|crit[èe]res?|classification|consensus|r[ée]f[ée]rentiels?"
    r"|nomenclature|normes?|version|[ée]dition|grille|conf[ée]rence|score|stadification|staging)"
    r"(?:\s+(?:de\s+l['’]|de\s+la\s+|du\s+|des\s+|d['’])?[A-Z][\w/\-&]*(?:\s+[A-Z][\w/\-&]*)?)?\s+(?:de\s+|d['’]|en\s+)?$",
    re.IGNORECASE)
# (their stems without the first letter, which may be a capital: a substring test before the expression)
_REFERENCE_STEMS = ("ecommand", "uideline", "ritère", "ritere", "lassifi", "onsensus", "rentiel", "omenclature", "orme",
                    "ersion", "dition", "rille", "rence", "core", "tadifi", "taging")
TIME_KIND = 5
DAY_MONTH_KIND = 6
YEAR_KIND = 7
_FULL_MONTHS = set(MONTH_NAMES) | {"fevrier", "aout", "decembre"}
# Full month names, with and without accents (the surrogate keeps a full name full, an abbreviation short).
_FULL_MONTH_SPELLINGS = frozenset({n.replace("é", "e").replace("û", "u") for n in MONTH_NAMES} | set(MONTH_NAMES))
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


def find_dates(text: str, times: bool = True) -> list[DateMatch]:
    """Every valid date in the text (may overlap; the caller resolves overlaps).

    ``times``: also the times of day ('14h30', '23:15', 'à 10h'), as kind 5. True by default (privacy first,
    and the shipped cases tag a time as DATE); the independent writers' convention leaves a time out of
    the DATE, next to a date or alone (a time identifies no one: Safe Harbor lists dates, not hours), and
    with False only the date is found ('le 12/03/2021 à 14h32' gives '12/03/2021'). ISO date-times
    ('2021-11-08T09:42') keep their time either way: it is inside the date's token.
    """
    years: list[DateMatch] = []
    day_months: list[DateMatch] = []
    by_kind: dict[int, list[DateMatch]] = {2: [], 3: [], 4: [], TIME_KIND: []}
    for m in _NUMERIC.finditer(text):
        start = m.start()
        if m["sep2"] is not None:
            d = text[start] + m["r2"]
            if m["sep2"] == " " and (len(d) != 2 or len(m["m2"]) != 2):
                continue  # spaces alone: '03 04 2021' only, not '3 4 2021'
            _numeric_date(text, m, 2, {"d": d, "sep": m["sep2"], "m": m["m2"], "y": m["y2"]}, by_kind[2])
        elif m["sep3"] is not None:
            y = text[start] + m["r3"]
            _numeric_date(text, m, 3, {"y": y, "sep": m["sep3"], "m": m["m3"], "d": m["d3"], "t": m["t"]},
                          by_kind[3])
        elif m["sep4"] is not None:
            _numeric_date(text, m, 4, {"m": text[start] + m["r4"], "sep": m["sep4"], "y": m["y4"]}, by_kind[4])
        elif m["r5"] is not None:
            if times and int(text[start] + m["r5"]) <= 23 and (m["mi"] or m["mi2"] or m["mi3"] or _HOUR_CUE_BEFORE.search(
                    text, max(0, start - 12), start)):
                g = {"hh": text[start] + m["r5"], "mi": m["mi"], "mi2": m["mi2"], "mi3": m["mi3"]}
                by_kind[TIME_KIND].append(DateMatch(start, m.end(), None, None, None, g, TIME_KIND))
        elif m["r7"] is not None:
            _year_led(text, m, years)
        else:
            d = text[start] + m["r6"]
            day, month = int(d), int(m["m6"])
            if _valid(day, month, None) and _DM_CUE_BEFORE.search(text, max(0, start - 12), start) and not (
                    _SEGMENT_AFTER.match(text, m.end())):
                g = {"d": d, "sep": m["sep6"], "m": m["m6"]}
                day_months.append(DateMatch(start, m.end(), day, month, None, g, DAY_MONTH_KIND))
    out = years + day_months
    for m in _DAY_MONTH_NAME.finditer(text):
        g = m.groupdict()
        day = 1 if g["d"].lower() == "1er" else int(g["d"])
        month = MONTHS[g["mn"].lower()]
        year = _expand_year(g["y"]) if g["y"] else None
        if not _valid(day, month, year):
            continue
        _range_start(text, m.start(), month, year, out)
        end = m.end()
        if g["dot"] and not g["y"] and g["mn"].lower() in _FULL_MONTHS:
            end = m.start("dot")
        wd = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if wd:
            g["wd"], g["wdsep"] = wd.group("wd"), wd.group("wdsep")
            out.append(DateMatch(wd.start("wd"), end, day, month, year, g, 0))
        else:
            out.append(DateMatch(m.start(), end, day, month, year, g, 0))
    for kind in (2, 3, 4, TIME_KIND):
        out.extend(by_kind[kind])
    if "du" in text and _legal_words(text) and _LEGAL_TEXT.search(text):
        out = [m for m in out if not _LEGAL_DATE_BEFORE.search(text, max(0, m.start - 60), m.start)]
    return out


def _range_start(text: str, start: int, month: int | None, year: int | None, out: list[DateMatch]) -> None:
    """'du 3 au 7 janvier': the first day of a range before a date is a date too."""
    r = _RANGE_BEFORE.search(text, max(0, start - 20), start)
    if r and _valid(1 if r["d"].lower() == "1er" else int(r["d"]), month, year):
        out.append(DateMatch(r.start("d"), r.end("d"), None, None, None, {"d": r["d"]}, DAY_KIND))
        return
    c = _DAY_CHAIN_BEFORE.search(text, max(0, start - 45), start)
    if c:
        for d in _CHAIN_DAY.finditer(text, c.start("days"), c.end("days")):
            if _valid(1 if d.group().lower() == "1er" else int(d.group()), month, year):
                out.append(DateMatch(d.start(), d.end(), None, None, None, {"d": d.group()}, DAY_KIND))


# a score written as numbers joined by slashes or dashes, no date: 'Apgar 8/9/10', 'Apgar à 1 et 5 min : 9-10'
_SCORE_BEFORE = re.compile(r"(?i:apgar)(?![^\W\d_])(?:[^\n\d]|\d{1,2}(?:[/\-]\d{1,2})+(?![/\-\d])){0,16}"
                           r"(?:\d{1,2}[ \t]*min[ \t]*[:=]?[ \t]*)?$")


def _numeric_date(text: str, m: re.Match[str], kind: int, g: dict[str, str | None], out: list[DateMatch]) -> None:
    """A numeric date (kinds 2, 3, 4) from the shared scan, kept when it is a real calendar date."""
    day = int(g["d"]) if g.get("d") else None
    month, year = int(g["m"] or 0), _expand_year(g["y"] or "")
    if not _valid(day, month, year) and not (
            kind == 2 and len(g["y"] or "") == 4 and day is not None and day <= 31 and _valid(None, month, year)):
        return  # (a day past its month's end with a four-digit year, '31/04/2023', is a date written wrong: kept)
    if kind == 2 and _SCORE_BEFORE.search(text, max(0, m.start() - 32), m.start()):
        return  # a newborn's scores at 1, 5 and 10 minutes: 'Apgar 8/9/10', 'Apgar : 9-10-10'
    if kind == 2:
        _range_start(text, m.start(), month, year, out)
        wd = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if wd:
            g["wd"], g["wdsep"] = wd.group("wd"), wd.group("wdsep")
            out.append(DateMatch(wd.start("wd"), m.end(), day, month, year, g, kind))
            return
    out.append(DateMatch(m.start(), m.end(), day, month, year, g, kind))


def _dicom_count(text: str, start: int) -> bool:
    """A number on a DICOM dump's line whose attribute names no date ('(0028,0010) Rows 2048')."""
    line = text.rfind("\n", 0, start) + 1
    return bool(_DICOM_LINE.match(text, line)) and not _DATE_ATTRIBUTE.search(text, line, start)


# a year alone in a birth field ('Date de naissance : 1979', 'DDN : 1985 (année seule)', 'Année de naissance: 1990')
_BIRTH_FIELD_BEFORE = re.compile(r"(?<!\w)(?:naissance|ddn|dob|n[ée]e?|birth)[ \t]*(?:\([^()\n]{0,20}\)[ \t]*)?[:=][ \t]*$",
                                 re.IGNORECASE)
# a year in brackets with the event it dates: '(1996, Sarajevo)', '(accident de la route, 1981)' (a lower-case event
# word opens the bracket: '(Greulich et Pyle, 1959)', '(Smith et al., 2019)' cite a text and stay)
_BRACKET_YEAR_FIRST_AFTER = re.compile(r",[ \t]+[A-ZÀ-Ý][a-zà-ÿ]")
_BRACKET_EVENT_BEFORE = re.compile(r"\((?P<first>[a-zà-ÿ])[^\W\d_()]*(?:[ \-'’][^\W\d_()]+){0,6},[ \t]+$")


def _bracketed_event_year(text: str, start: int, end: int) -> bool:
    """The lone year at ``start:end`` opens a bracket before a comma and a word ('(1996, Sarajevo)'), or closes one
    that a lower-case event word opens ('(accident de char, 1981)')."""
    if start and text[start - 1] == "(":
        return bool(_BRACKET_YEAR_FIRST_AFTER.match(text, end)) and not _reference_year(text, start - 1)
    if text[end : end + 1] != ")":
        return False
    b = _BRACKET_EVENT_BEFORE.search(text, max(0, start - 64), start)
    return bool(b) and b.group("first").islower() and " al." not in b.group() and not _reference_year(text, b.start())


def _year_led(text: str, m: re.Match[str], out: list[DateMatch]) -> None:
    """'avril 2021' (kind 1), 'Noël 2019' (kind 8) and 'né en 1967', '(1998)' (kind 7), found from the year."""
    start, end = m.start(), m.end()
    year = int(text[start:end])
    if not 1880 <= year <= 2100:
        return
    y = text[start:end]
    w = _MONTH_BEFORE.search(text, max(0, start - 20), start)
    if w:
        g = {"mn": w.group("mn"), "dot": w.group("dot"), "y": y, "pre": w.group("pre")}
        first = w.start("pre") if w.group("pre") else w.start("mn")
        out.append(DateMatch(first, end, None, MONTHS[w.group("mn").lower()], year, g, 1))
    h = _HOLIDAY_BEFORE.search(text, max(0, start - 20), start)
    if h:
        out.append(DateMatch(h.start("h"), end, None, None, year, {"h": h.group("h"), "y": y}, HOLIDAY_KIND))
    if 1900 <= year <= 2099 and (_in_year_range(text, start, end) or _CUE_BEFORE.search(text, max(0, start - 30), start) or (
            _LISTED_YEAR_BEFORE.search(text, max(0, start - 60), start) and not _UNIT_AFTER_YEAR.match(text, end)) or (
            _YEAR_ITEM_BEFORE.search(text, max(0, start - 4), start) and not _dicom_count(text, start)
            and (text[start - 1] == "(" and text[end : end + 1] == ")"
                 or text[start - 1] != "(" and (end == len(text) or text[end] in ",;.\n)"))) or (
            _BIRTH_FIELD_BEFORE.search(text, max(0, start - 30), start)) or (
            ("(" in text[max(0, start - 64) : start]) and _bracketed_event_year(text, start, end))) and not (
            _reference_year(text, start)):
        out.append(DateMatch(start, end, None, None, year, {"y": y}, YEAR_KIND))


def _in_year_range(text: str, start: int, end: int) -> bool:
    """The year at ``start:end`` is one end of 'entre YYYY et YYYY' with no unit after the second year."""
    lo = max(0, start - 20)
    if "entre" not in text[lo:start].lower():
        return False
    for r in _YEAR_RANGE.finditer(text, lo, min(len(text), end + 20)):
        if (r.start("a") == start or r.start("b") == start) and not _UNIT_AFTER_YEAR.match(text, r.end()):
            return True
    return False


def _reference_year(text: str, start: int) -> bool:
    """The lone year at ``start`` is a cited guideline's ('Recommandations HAS 2012'): substring tests of its
    words' stems on the window before it, then the anchored expression."""
    lo = max(0, start - 60)
    window = text[lo:start]
    return any(stem in window for stem in _REFERENCE_STEMS) and bool(_REFERENCE_BEFORE.search(text, lo, start))


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
        if m.day > calendar.monthrange(year, m.month)[1]:
            return None  # a date written wrong ('31/04/2023'): no calendar day to shift, the caller's placeholder
        new = dt.date(year, m.month, m.day) + dt.timedelta(days=days)
    elif m.month is not None:
        new = dt.date(year, m.month, 15) + dt.timedelta(days=days)
    else:
        new = dt.date(year, 7, 1) + dt.timedelta(days=days)
    if m.kind in (0, 1):
        mn = g["mn"] or ""
        names = MONTH_NAMES if mn.lower() in _FULL_MONTH_SPELLINGS else MONTH_ABBR
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

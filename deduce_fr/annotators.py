"""Annotators: each finds candidate PHI spans of one kind; the Deidentifier resolves overlaps.

They are declared, with their parameters, in ``config.yaml`` (``type`` selects the class in
``ANNOTATOR_TYPES``). Every annotator reads a shared :class:`Context` (text, tokens, lookups,
patient) and returns ``(start, end, tag)`` candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deduce_fr.dates import find_dates
from deduce_fr.lookups import Lookups, SequenceTrie, fold, fold_aligned
from deduce_fr.numbers_fr import NUMBER_WORDS, longest_number_at, longest_number_before
from deduce_fr.tokenizer import Token
from deduce_fr.types import Patient

Candidate = tuple[int, int, str]
PARTICLES = frozenset({"van", "den", "der", "de", "du", "des", "la", "le", "el", "al", "ben", "von", "ter",
                       "ten", "da", "di", "dos", "del", "vanden", "vander", "mc", "abou", "bin", "ould"})
SAINTS = frozenset({"saint", "sainte", "st", "ste", "sint", "sts", "notre-dame"})
INSTITUTION_ADJECTIVES = frozenset({"picarde", "universitaire", "universitaires", "regional", "regionale",
                                    "interregional", "provincial", "provinciale", "general", "generale"})
DAYS_MONTHS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
                         "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
                         "novembre", "decembre"})
KIN_MODIFIERS = frozenset({"grand", "grande", "petit", "petite", "jeune", "aine", "ainee", "cadet", "cadette",
                           "demi", "coordinateur", "coordinatrice", "referent", "referente", "principal",
                           "principale", "unique", "seul", "seule", "futur", "future", "ex", "nouveau", "nouvelle"})
COMPASS = frozenset({"nord", "sud", "est", "ouest", "centre", "haut", "bas", "haute", "basse", "grand", "val"})
_DATELINE = re.compile(r"\s*,\s*le\s+\w")
CITY_CUES = frozenset({"a", "de", "d", "vers", "pres", "sur", "domicilie", "domiciliee", "habite", "habitant",
                       "ne", "nee", "originaire", "region", "commune", "ville", "hopital", "clinique"})
PATIENT_CUES = frozenset({"m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "mr", "dr", "pr", "nom", "prenom",
                          "patient", "patiente", "identite", "concerne"})
ARTICLES = frozenset({"le", "la", "les", "du", "au", "aux", "l", "des"})
CONNECTORS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et", "sur", "en", "lez", "aux", "au"})
_ELISION = re.compile(r"^([ldLD])['’]")
_DIGIT_WINDOW = re.compile(r"\d(?:[ .\-/]{0,3}(?:2[AB]|\d))+")


@dataclass
class Context:
    """Everything an annotator may look at, computed once per text."""

    text: str
    tokens: list[Token]
    lookups: Lookups
    patient: Patient | None = None
    folded: list[str] = field(default_factory=list)
    bare: list[str] = field(default_factory=list)
    _joined: list[bool] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)
    folded_text: str = ""
    _digit_windows: list[tuple[int, int]] | None = None

    def digit_windows(self) -> list[tuple[int, int]]:
        """Stretches with 10+ digits in groups, found once: national numbers and digit-group ids are
        searched only there instead of each annotator scanning the whole text."""
        if self._digit_windows is None:
            self._digit_windows = [(max(0, m.start() - 1), min(len(self.text), m.end() + 12))  # room for " (clé 17)"
                                   for m in _DIGIT_WINDOW.finditer(self.text)
                                   if m.end() - m.start() >= 10 and sum(c.isdigit() for c in m.group()) >= 10]
        return self._digit_windows

    def __post_init__(self) -> None:
        text, toks = self.text, self.tokens
        self.folded_text = aligned = fold_aligned(text)
        folded = [aligned[t[1] : t[2]] for t in toks]
        # without a leading elision (l'hôpital -> hôpital): the key of phrase lookups
        bare = [f[2:] if len(f) > 2 and f[1] == "'" and f[0] in "ld" else f for f in folded]
        # (a one-space gap, by far the most common, is tested first: this runs for every token)
        joined = [False] + [a == b or (b - a == 1 and text[a] in " \t") or (b - a <= 3 and not text[a:b].strip(" \t"))
                            for a, b in zip([t[2] for t in toks], [t[1] for t in toks[1:]])]
        # capitalised words: where names, places and institutions can start
        caps = [i for i, t in enumerate(toks) if t[3] == "word" and t[0][0].isupper()]
        self.folded, self.bare, self._joined, self.caps = folded, bare, joined, caps

    def gap(self, i: int) -> str:
        """Text between token i-1 and token i."""
        return self.text[self.tokens[i - 1].end : self.tokens[i].start] if i > 0 else ""

    def joined(self, i: int) -> bool:
        """Token i follows token i-1 on the same line with at most spaces between."""
        return self._joined[i]


class Annotator:
    """Base class: ``annotate`` returns candidate spans."""

    def __init__(self, tag: str = "", name: str = "", **params: Any) -> None:
        self.tag = tag
        self.name = name
        self.params = params

    def annotate(self, ctx: Context) -> list[Candidate]:  # pragma: no cover - interface
        """Find candidates in the context."""
        return []


class RegexAnnotator(Annotator):
    """One or more regular expressions, each match is a candidate of ``tag``."""

    def __init__(self, tag: str, pattern: str | None = None, patterns: list[str] | None = None,
                 requires: list[str] | None = None, min_digits: int = 0, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.patterns = [re.compile(p) for p in ([pattern] if pattern else []) + list(patterns or [])]
        self.requires = [r.lower() for r in requires or []]
        self.min_digits = min_digits  # matches with fewer digits are dropped ('COVID-19' is not a code)

    def annotate(self, ctx: Context) -> list[Candidate]:
        if self.requires:
            lower = ctx.text.lower()
            if not any(r in lower for r in self.requires):
                return []  # cheap substring test spares a full regex scan ('@' for e-mails)
        found = [m for p in self.patterns for m in p.finditer(ctx.text)]
        if self.min_digits:
            found = [m for m in found if sum(c.isdigit() for c in m.group()) >= self.min_digits]
        return [(m.start(), m.end(), self.tag) for m in found]


_OBFUSCATION_MARKERS = ("at)", "at]", "at}", "at )", "at ]", "@)", "@]", "@ )", "@ ]", "arobase")


class EmailAnnotator(Annotator):
    """E-mail addresses, found from their '@' (a str.find) and grown to both sides; also the obfuscated
    forms people type to dodge harvesters ('prenom.nom [at] chu.fr', 'x(at)y.be', 'x arobase y.fr', 'x[@]y.fr')."""

    _RIGHT = re.compile(r"@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")
    # the marker, then the domain; only searched when a bracket or 'arobase' is in the text
    _OBFUSCATED = re.compile(r"(?:\s?[\[({]\s?(?:at|@|arobase)\s?[\])}]\s?|\s(?:arobase)\s)"
                             r"(?P<domain>[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)*\.[A-Za-z]{2,})(?![\w@])", re.IGNORECASE)

    def annotate(self, ctx: Context) -> list[Candidate]:
        text, out = ctx.text, []
        at = text.find("@")
        while at != -1:
            m = self._RIGHT.match(text, at)
            start = self._local_start(text, at)
            if m and start < at:
                out.append((start, m.end(), self.tag))
            at = text.find("@", at + 1)
        folded = ctx.folded_text
        if any(marker in folded for marker in _OBFUSCATION_MARKERS):  # substring tests, no regex scan
            for m in self._OBFUSCATED.finditer(text):
                start = self._local_start(text, m.start())
                # a local part with a dot, or a lone word glued to a bracketed marker: 'karim.haddad (at)'
                if start < m.start() and ("." in text[start : m.start()] or text[m.start()] in "[({"
                                          or m.group().lstrip()[:1] in "[({"):
                    out.append((start, m.end(), self.tag))
        return out

    @staticmethod
    def _local_start(text: str, at: int) -> int:
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._+-"):
            start -= 1
        while start < at and text[start] in ".-":
            start += 1
        return start


class UrlAnnotator(Annotator):
    """URLs: 'http(s)://' or 'www.' forms, and bare domains found from their top-level domain."""

    def __init__(self, tag: str, tlds: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        alt = "|".join(re.escape(t) for t in sorted(tlds, key=len, reverse=True))
        self.scheme = re.compile(r'(?:https?://|www\.)[^\s<>"()\[\]]+[^\s<>"()\[\].,;:!?]')
        self.tld = re.compile(rf"\.(?:{alt})\b")
        self.domain = re.compile(rf'[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)*\.(?:{alt})\b(?!@)'
                                 r'(?:/[^\s<>"()]*[^\s<>"().,;:!?])?')

    def annotate(self, ctx: Context) -> list[Candidate]:
        text = ctx.text
        out = [(m.start(), m.end(), self.tag) for m in self.scheme.finditer(text)]
        for t in self.tld.finditer(text):
            start = t.start()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-."):
                start -= 1
            if start == t.start() or not text[start].isascii() or not text[start].isalnum() or (
                    start > 0 and text[start - 1] == "@"):
                continue
            m = self.domain.match(text, start)
            if m and m.end() >= t.end():
                out.append((start, m.end(), self.tag))
        return out


_SEP = r"[ ./\-]?"
PHONE_NATIONAL = re.compile(
    # (a national number never starts with 00, the international prefix: '00123456-7' is an id)
    r"(?:0(?<![\w+/.\-]0)(?:[1-9](?:" + _SEP + r"\d){7,8}|[1-9]\d{0,2} [/\-] \d(?:" + _SEP + r"\d){5,7})"
    # '(04) 366 77 11', '(01) 42 16 00 00': the area code in brackets
    r"|\((?<![\w(]\()0[1-9]\d{0,2}\)\s?\d(?:[ ./\-]?\d){5,7})(?![\w]|[./\-]\d)"
)
PHONE_INTL = re.compile(
    # '+' and any country code ('+212 6 61 23 45 67'); '00' with the neighbours' and the usual families' codes
    r"(?:\+(?<![\w+]\+)[1-9]\d{0,2}|0(?<![\w+]0)0(?:32|33|31|352|49|41|44|34|39|351|212|213|216|90|48|40))"
    r"\s?(?:[ ./\-]?\(0\))?(?:" + _SEP + r"\d){8,10}(?![\w]|[./\-]\d)"
)
_DATE_LIKE = re.compile(r"\d{1,2}([./\-])\d{1,2}\1\d{2,4}")


_GROUP_BEFORE = re.compile(r"\d[ .]$")
_GROUP_AFTER = re.compile(r"[ .]\d{1,3}(?![\d/:h])")


_ID_CUE_BEFORE = re.compile(r"(?<!\w)(?:ipp|nip|dossier|n°|no|nr|num|numero|id|identifiant|sejour|venue|patient|niss|nir"
                            r"|registre|demande|examen|accession|ref|reference|episode|nda|iep|matricule|inami|riziv"
                            r"|bracelet|code)\W{0,4}$")
_PHONE_CUE = re.compile(r"(?<!\w)(?:tel|telephone|gsm|fax|portable|mobile|joignable|appeler|bip|poste|phone)(?!\w)")


class PhoneAnnotator(Annotator):
    """Belgian and French phone numbers, national and international forms; dates are excluded.

    A match with digit groups glued on both sides ('2 52 [03 75 113 042] 17') is the middle of a
    longer number (a NIR, a NISS): it is left to the ID annotators, never masked in part. A bare run
    of digits announced as an identifier ('IPP : 000451287') is an ID, not a phone.
    """

    def annotate(self, ctx: Context) -> list[Candidate]:
        out, text = [], ctx.text
        for pattern in (PHONE_NATIONAL, PHONE_INTL):
            for m in pattern.finditer(text):
                if _DATE_LIKE.fullmatch(m.group()):
                    continue
                if _GROUP_BEFORE.search(text, max(0, m.start() - 2), m.start()) and _GROUP_AFTER.match(text, m.end()):
                    continue
                if m.group().isdigit() and self._announced_as_id(ctx, m.start()):
                    continue
                out.append((m.start(), m.end(), self.tag))
        return out

    @staticmethod
    def _announced_as_id(ctx: Context, start: int) -> bool:
        line_start = ctx.text.rfind("\n", max(0, start - 40), start) + 1
        before = ctx.folded_text[max(line_start, start - 40) : start]
        return bool(_ID_CUE_BEFORE.search(before)) and not _PHONE_CUE.search(before)


DIGIT_GROUPS = re.compile(r"\d(?<![\w.,/\-]\d)\d{0,3}(?:[ .\-](?:\d{1,4}|2[AB]))(?:[ .\-](?:\d{1,4}|2[AB])){2,}"
                          r"(?![\w]|[.,/\-]\d)")  # '2A'/'2B': a Corsican NIR


class DigitGroupsAnnotator(Annotator):
    """Any run of 11+ digits in short groups ('2 52 03 75 113 042 17', '52 03 04 123 45'): a national
    number whose key did not check (a typo, a test number) is still one identifier, never half a phone."""

    def __init__(self, tag: str, min_digits: int = 11, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.min_digits = min_digits

    def annotate(self, ctx: Context) -> list[Candidate]:
        out = []
        for m in (m for a, b in ctx.digit_windows() for m in DIGIT_GROUPS.finditer(ctx.text, a, b)):
            if sum(c.isdigit() for c in m.group()) >= self.min_digits:
                out.append((m.start(), m.end(), self.tag))
        return out


NISS_RE = re.compile(
    r"(\d(?<![\w.\-]\d)\d)[. \-]?(\d{2})[. \-]?(\d{2})[\- .]?(\d{3})[. \-]?(\d{2})(?![\w\-]|[.,]\d)"
)
_NIR_SEP = r"[ .\-]?"
NIR_RE = re.compile(
    r"(?P<body>[1-478](?<![\w.,/\-][1-478])" + _NIR_SEP + r"\d{2}" + _NIR_SEP + r"\d{2}" + _NIR_SEP
    + r"(?:(?:\d{2}|2[ABab])" + _NIR_SEP + r"\d{3}|9[78]\d" + _NIR_SEP + r"\d{2})" + _NIR_SEP + r"\d{3})"
    r"(?:[ .\-/]{0,3}|\s*\(?\s*(?:cl[ée]|key)\s*:?\s*)(?P<key>\d{2})\)?(?![\w]|[.,]\d)"
)


def niss_valid(digits: str) -> bool:
    """Belgian national register number checksum (97 - n mod 97, with the 2000s rule)."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    body, check = int(digits[:9]), int(digits[9:])
    return check in (97 - body % 97, 97 - (2_000_000_000 + body) % 97)


class NissAnnotator(Annotator):
    """Belgian NISS / national register numbers in any usual layout, validated by checksum."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        return [
            (m.start(), m.end(), self.tag)
            for a, b in ctx.digit_windows()
            for m in NISS_RE.finditer(ctx.text, a, b)
            if niss_valid("".join(m.groups()))
        ]


def nir_valid(body: str, key: str) -> bool:
    """French NIR (social security number) key: 97 - (13-digit body mod 97); Corsica 2A/2B read as 19/18."""
    digits = re.sub(r"[^0-9AB]", "", body.upper())
    if len(digits) != 13:
        return False
    digits = digits.replace("2A", "19").replace("2B", "18")
    return digits.isdigit() and int(key) == 97 - int(digits) % 97


class NirAnnotator(Annotator):
    """French NIR with its key, in any spacing ('1 52 03 75 113 042 17', '2 80 12 2A 567 751 - 24'),
    as one span; the key is checked, so a phone number or an accession code is not taken for one."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        text = ctx.text
        return [(m.start(), m.end(), self.tag) for a, b in ctx.digit_windows() for m in NIR_RE.finditer(text, a, b)
                if nir_valid(m.group("body"), m.group("key"))]


# codes an id cue may announce that are not identifiers: a date, a day/month, a time, a lone year
_NOT_A_CODE = re.compile(r"\d{1,2}([./\-])\d{1,2}\1\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}|\d{1,2}[h:]\d{2}"
                         r"|(?:19|20)\d{2}")
_MEASURE_AFTER = re.compile(r" ?(?:ans?|mois|jours?|sem|semaines|kg|mg|ml|mm|cm|g|h|min|%|°|mgy|msv|ui|kv|mas)(?!\w)")
_UNIT_AFTER = r"(?! ?(?:ans?|mois|jours?|sem|semaines|kg|mg|ml|mm|cm|g|h|min|%)(?!\w))"


class IdContextAnnotator(Annotator):
    """Codes announced by a cue ('N° dossier :', "N° d'examen", 'IPP', 'accession') with at least 3 digits.

    Cues chain ('Numéro de demande :', 'N° patient'), so every cue word is tried as a start, not
    only the first of a left-to-right scan. A code may be written in short groups ('45 128 77',
    'BR 2021 04417'); a date, a time or a lone year after a cue ('examen du 12/03/2021') is not a code.
    """

    def __init__(self, tag: str, cues: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        folded = sorted({fold(c) for c in cues}, key=len, reverse=True)
        alt = "|".join(re.escape(c) for c in folded)
        # runs on the folded (lower-case, accent-free, offset-aligned) text: no IGNORECASE, faster
        self.pattern = re.compile(
            rf"(?<!\w)(?:{alt})(?!\w)[\s.:#°]*(?:(?:(?:no|nr|de|du|{alt})(?!\w)|n°|d'|:|#)[\s.:#°]*){{0,4}}"
            # one free word may qualify the cue: 'Réf. interne', "N° d'ordre :"
            r"(?:[a-z]{3,12}(?!\w)[\s.:#°]*)?"
            r"(?P<code>[a-z0-9](?:[a-z0-9\-_/.]*[a-z0-9])?"
            rf"(?: \d{{2,6}}(?![\w/\-:]|[.,]\d){_UNIT_AFTER})*)"
        )
        # a cue starts at a token whose (elision-free) folded form is a cue's first word: one set probe per token
        self.first_words = {re.findall(r"[^\W\d_]+|\S", c)[0] for c in folded}

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text, folded_text, toks, first = ctx.text, ctx.folded_text, ctx.tokens, self.first_words
        match, last = self.pattern.match, -1
        for i, b in enumerate(ctx.bare):
            if b not in first:
                continue
            start = toks[i][2] - len(b)  # after an elision: "d'identifiant"
            if start < last:
                continue
            m = match(folded_text, start)
            if m is None:
                continue
            a, b = m.span("code")
            head = text.find(" ", a, b)
            if head - a > 5:  # groups only after a short head ('45 128 77', 'BR 2021 04417'), not '123456 12'
                b = head
            code = text[a:b]
            if _MEASURE_AFTER.match(folded_text, b):
                continue  # 'patient de 3250 g', 'examen : 1200 ml': a measurement, not a code
            if sum(c.isdigit() for c in code) >= 3 and len(code) >= 4 and not _NOT_A_CODE.fullmatch(code):
                out.append((a, b, self.tag))
                last = m.end()
        return out


_MONTH_WORDS = frozenset({"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                          "octobre", "novembre", "decembre"})


class DateAnnotator(Annotator):
    """French dates in numeric, ISO, textual, partial and lone-year (with a cue) forms, and dates written
    in words ('le trois mars deux mille vingt', 'premier mai', 'mars deux mille vingt')."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        out = [(d.start, d.end, self.tag) for d in find_dates(ctx.text)]
        if not _MONTH_WORDS.isdisjoint(ctx.folded):  # one C-level set probe per token, rarely true
            out.extend(self._dates_in_words(ctx))
        return out

    def _dates_in_words(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for i in [i for i, f in enumerate(folded) if f in _MONTH_WORDS]:
            first = last = i
            if i > 0 and folded[i - 1] in ("premier", "1er") and ctx.joined(i):
                first = i - 1
            else:
                day = longest_number_before(folded, i, max_tokens=3)
                if day and 1 <= day[1] <= 31 and all(ctx.joined(k) for k in range(day[0] + 1, i + 1)):
                    first = day[0]
            year = longest_number_at(folded, i + 1) if i + 1 < len(folded) and ctx.joined(i + 1) else None
            if year and 1000 <= year[1] <= 2100 and all(ctx.joined(k) for k in range(i + 1, year[0])):
                last = year[0] - 1
            elif first < i and i + 1 < len(toks) and toks[i + 1].kind == "num" and ctx.joined(i + 1) and (
                    len(toks[i + 1].text) == 4):
                last = i + 1  # 'trois mars 2020'
            if first < i or last > i:
                out.append((toks[first].start, toks[last].end, self.tag))
        return out


AGE_RE = re.compile(
    r"(?P<n>\d(?<![\w.,/]\d)\d{0,2}(?:,5)?)(?:(?P<a>[aA])(?![\w])|\s(?P<a2>a)(?=\s*[),;])|\s*(?P<u>ans|an|mois|semaines|sem|jours)(?!\w)"
    r"(?:\s*(?:et\s+)?(?:demi|1/2|½)(?!\w)|\s+et\s+\d{1,2}\s*(?:mois|semaines|jours)(?!\w)|\s+\d{1,2}\s*mois(?!\w))?)"
)
_AGE_UNITS = frozenset({"ans", "an", "mois", "semaines", "semaine", "jours"})
_NEWBORN_DAY = re.compile(r"(?<![\w+])J\d{1,2}(?= de vie)")
_AGE_FIELD_STOP = _AGE_UNITS | {"a", "/", "%", "-", "kg", "cm", "mm", "g", "ml"}
_GENDER_SUFFIX = re.compile(r"\((?:e|es|s)\)")
_AGE_QUALIFIERS = frozenset({"civil", "corrige", "chronologique", "reel", "actuel"})


class AgeAnnotator(Annotator):
    """Ages: '72a', or a number of years/months announced by an age cue ('patiente de 45 ans'), in
    digits or in words ('âgé de quatre-vingt-deux ans'), with halves and months ('4 ans 1/2',
    '3 ans et 7 mois'), 'Âge : 59', a newborn's day of life ('J5 de vie', '5 jours de vie').

    Durations ('depuis 3 mois', 'contrôle à 6 semaines', 'J+3') have no cue and are left alone.
    """

    def __init__(self, tag: str, cues: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.cues = {fold(c) for c in cues}

    def _cued(self, ctx: Context, start: int, unit: str = "") -> bool:
        before = ctx.text[max(0, start - 40) : start]
        line = before.rsplit("\n", 1)[-1]
        if "(" in line:
            line = _GENDER_SUFFIX.sub("", line)  # 'Patient(e) de 45 ans', 'âgé(e) de 3 ans'
        if line.strip() == "" or line.rstrip().endswith("("):
            return True
        words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", line)
        stripped = line.rstrip()
        if stripped.endswith(("-", "–", "|", "/")) and line.endswith(" "):
            return True
        if stripped.endswith(",") or stripped.endswith(":"):
            if stripped.endswith(":"):
                return bool(words) and fold(_ELISION.sub("", words[-1])) in self.cues
            return True
        tail = [fold(_ELISION.sub("", w)) for w in words[-3:]]
        if not tail:
            return False
        if tail[-1] in self.cues:
            return True
        if tail[-1] in ("a", "ses") and unit in ("ans", "an") and line.endswith(" "):
            return True  # 'fracture à 83 ans', 'opérée à 45 ans': an age, not a duration
        if tail[-1] in _AGE_QUALIFIERS and len(tail) >= 2 and tail[-2] == "age":
            return True  # 'âge corrigé 2 mois', 'âge civil 10 ans'
        if tail[-1] in ("de", "d'") and len(tail) >= 2 and tail[-2] in self.cues:
            return True
        return len(tail) >= 3 and tail[-1] == "de" and tail[-3] in self.cues and tail[-2] in (
            "agee", "age", "jeune", "agé")

    def annotate(self, ctx: Context) -> list[Candidate]:
        out = []
        text, folded_text = ctx.text, ctx.folded_text
        for m in AGE_RE.finditer(text):
            if m.group("a") or m.group("a2") or self._cued(ctx, m.start(), m.group("u") or "") or (
                    folded_text.startswith(" de vie", m.end())):
                out.append((m.start(), m.end(), self.tag))
        if "de vie" in folded_text:
            out.extend((m.start(), m.end(), self.tag) for m in _NEWBORN_DAY.finditer(text))
        folded = ctx.folded
        if not _AGE_UNITS.isdisjoint(folded):
            out.extend(self._ages_in_words(ctx))
        if "age" in folded:
            out.extend(self._age_field(ctx))
        return out

    def _ages_in_words(self, ctx: Context) -> list[Candidate]:
        """'âgé de quatre-vingt-deux ans', 'une dame de soixante ans'."""
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for i in [i for i, f in enumerate(folded) if f in _AGE_UNITS]:
            if i == 0 or (folded[i - 1] not in NUMBER_WORDS and "-" not in folded[i - 1]):
                continue  # '45 ans', 'des ans': no number word before
            found = longest_number_before(folded, i, max_tokens=6)
            if not found or found[1] < 2 or found[1] > 130:
                continue
            first = found[0]
            if not all(ctx.joined(k) for k in range(first + 1, i + 1)):
                continue
            if self._cued(ctx, toks[first].start, folded[i]):
                out.append((toks[first].start, toks[i].end, self.tag))
        return out

    def _age_field(self, ctx: Context) -> list[Candidate]:
        """'Âge : 59' (a form's field: the number alone is the age)."""
        out: list[Candidate] = []
        folded, toks, n = ctx.folded, ctx.tokens, len(ctx.tokens)
        for i in [i for i, f in enumerate(folded) if f == "age"]:
            j = i + 2 if i + 1 < n and toks[i + 1].text in ":=" else i + 1  # 'Âge : 59', 'sexe M, âge 83'
            end = toks[j].end if j < n else 0
            if j < n and toks[j].kind == "num" and len(toks[j].text) <= 3 and ctx.joined(j) and (
                    j + 1 >= n or not ctx.joined(j + 1) or folded[j + 1] not in _AGE_FIELD_STOP) and not (
                    ctx.text[end : end + 1] in (",", ".") and ctx.text[end + 1 : end + 2].isdigit()):  # '3,5'
                out.append((toks[j].start, toks[j].end, self.tag))
        return out


def _abbreviated_first_name(ctx: Context, k: int) -> bool:
    """'Ch.', 'Ph.', 'Fr.', 'Th.' before a capitalised word: a first name cut short, read like an initial."""
    toks = ctx.tokens
    tok = toks[k]
    if not (tok.kind == "word" and 2 <= len(tok.text) <= 3 and tok.text[0].isupper() and tok.text[1:].islower()
            and not any(c in "aeiouy" for c in ctx.folded[k])):  # 'Roy.' ends a sentence, 'Ch.' is cut short
        return False
    if not (k + 2 < len(toks) and toks[k + 1].text == "." and toks[k + 1].start == tok.end and ctx.joined(k + 2)):
        return False
    nxt = toks[k + 2]
    return nxt.kind == "word" and not nxt.is_upper and (nxt.text[0].isupper() or ctx.folded[k + 2] in PARTICLES)


def _strip_elision(tok: Token) -> tuple[int, str]:
    m = _ELISION.match(tok.text)
    return (tok.start + 2, tok.text[2:]) if m else (tok.start, tok.text)


def _is_name_word(ctx: Context, i: int, allow_common: bool = False) -> bool:
    tok = ctx.tokens[i]
    if tok.kind != "word":
        return False
    _, rest = _strip_elision(tok)
    if not rest or not rest[0].isupper():
        return False
    return allow_common or not ctx.lookups.is_common(rest)


class _PhraseMatcher:
    """Multi-token phrases (folded) matched at a token position."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            key = tuple(fold(w) for w in re.findall(r"[^\W\d_]+(?:[\-'’][^\W\d_]+)*", p))
            if key:
                self.phrases.setdefault(key[0], []).append(key)
        for v in self.phrases.values():
            v.sort(key=len, reverse=True)

    def match(self, ctx: Context, i: int) -> int:
        """Number of tokens matched at i (0 if none); punctuation between words is skipped."""
        candidates = self.phrases.get(ctx.bare[i])
        if not candidates or ctx.tokens[i].kind != "word":
            return 0
        for phrase in candidates:
            j, k = i + 1, 1
            while k < len(phrase) and j < len(ctx.tokens):
                if ctx.tokens[j].kind == "punct" and ctx.tokens[j].text in ".":
                    j += 1
                    continue
                if ctx.folded[j] != phrase[k]:
                    break
                j, k = j + 1, k + 1
            if k == len(phrase):
                return j - i
        return 0


class InstitutionAnnotator(Annotator):
    """Hospitals, clinics, care homes: a head word ('Clinique', 'CHU') plus a capitalised name."""

    def __init__(self, tag: str, heads: list[str], standalone: list[str], upper_heads: list[str] = (),
                 capitalised_heads: list[str] = (), cues: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.heads = _PhraseMatcher(heads)
        self.upper_heads = {fold(h) for h in upper_heads}
        self.capitalised_heads = {fold(h) for h in capitalised_heads}
        self.standalone = set(standalone)
        self.standalone_folded = {fold(x) for x in standalone}
        self.cues = {fold(c) for c in cues}

    def _head_written_right(self, ctx: Context, i: int) -> bool:
        """Acronym heads count in capitals only ('CH de Dax', not 'ch.'), some word heads capitalised only."""
        f, text = ctx.bare[i], _strip_elision(ctx.tokens[i])[1]
        if f in self.upper_heads:
            return text.isupper() or text[:2].isupper()
        if f in self.capitalised_heads:
            return text[:1].isupper()
        return True

    def _named_hospitals(self, ctx: Context) -> list[Candidate]:
        """Hospitals named by their name alone ('à la Pitié', 'transféré à Erasme'): a name that is also a
        surname, an eponym, a first name, a place or a word needs a cue ('à', 'au', 'la', 'site') before it."""
        by_first, lk, toks = ctx.lookups.hospital_names.by_first, ctx.lookups, ctx.tokens
        out: list[Candidate] = []
        for i in [i for i, b in enumerate(ctx.bare) if b in by_first]:
            start, rest = _strip_elision(toks[i])
            if not rest[:1].isupper():
                continue
            words = [ctx.bare[i]] + [ctx.folded[k] for k in range(i + 1, min(i + 6, len(toks)))
                                     if toks[k].kind in ("word", "num")]
            size = next((len(e) for e in by_first[ctx.bare[i]] if tuple(words[: len(e)]) == e), 0)
            if not size:
                continue
            last = i
            for _ in range(size - 1):
                last += 1
                while toks[last].kind not in ("word", "num"):
                    last += 1
            key = tuple(words[:size])
            ambiguous = size == 1 and (lk.is_common(key[0]) or key[0] in lk.surnames or key[0] in lk.first_names
                                       or key in lk.cities)
            prev = ctx.folded[i - 1] if i > 0 else ""
            cued = prev in self.cues or bool(_ELISION.match(toks[i].text)) or (
                i > 0 and prev == "-" and i > 1 and ctx.folded[i - 2] in self.cues)
            if ambiguous and not cued:
                continue
            if i > 0 and ctx.folded[i - 1] in ("dr", "pr", "docteur", "professeur", "mme", "m", "monsieur", "madame"):
                continue
            out.append((start, toks[last].end, self.tag))
        return out

    def _name_end(self, ctx: Context, j: int) -> int:
        """Index after the institution's name starting at token j (j itself if none)."""
        end, k, n = j, j, len(ctx.tokens)
        head_capitalised = j > 0 and _strip_elision(ctx.tokens[j - 1])[1][:1].isupper()
        while k < n and ctx.joined(k) and k - j < 8:
            tok, f = ctx.tokens[k], ctx.folded[k]
            if tok.kind == "punct" and tok.text in ".-" and k + 1 < n and ctx.folded[k - 1] in SAINTS:
                k += 1
                continue
            if tok.kind == "punct" and tok.text == "'" and k + 1 < n:
                k += 1
                continue
            if tok.kind == "word" and (f in CONNECTORS or _ELISION.match(tok.text) and not tok.text[2:3].isupper()):
                k += 1
                continue
            if tok.kind == "word" and f in COMPASS and tok.text[0].isupper():
                k += 1  # 'Centre hospitalier Sud Francilien', 'Hôpital Nord'
                end = k
                continue
            if tok.kind == "word" and f in INSTITUTION_ADJECTIVES and end > j:
                k += 1
                end = k
                continue
            rest = _strip_elision(tok)[1]
            if k > j and ctx.bare[k] in self.heads.phrases and ctx.folded[k - 1] in CONNECTORS:
                break  # '... Médipôle et au Cabinet X': the next institution starts here
            if tok.kind == "word" and rest[:1].isupper() and not tok.is_upper and (
                    head_capitalised or end > j) and f not in ctx.lookups.medical and (
                    f not in ctx.lookups.function_words) and (end > j or k == j or f not in ctx.lookups.eponyms):
                k += 1  # 'Hôpital Femme Mère Enfant', 'Clinique Pasteur', 'Le Bois Fleuri', "Jardins d'Automne"
                end = k
                continue
            if tok.kind == "word" and (f.split("-")[0] in SAINTS or _is_name_word(ctx, k) or (
                    tok.text[0].isupper() and f not in ctx.lookups.medical and f not in ctx.lookups.eponyms
                    and k > j and ctx.folded[k - 1] in CONNECTORS)):
                k += 1
                end = k
                continue
            break
        return end

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks = ctx.tokens
        heads = self.heads.phrases
        candidates = [i for i, b in enumerate(ctx.bare) if b in heads]
        candidates += [i for i, b in enumerate(ctx.bare) if b in self.standalone_folded]
        for i in sorted(set(candidates)):
            tok = toks[i]
            if tok.kind != "word":
                continue
            n = self.heads.match(ctx, i) if self._head_written_right(ctx, i) else 0
            start, _ = _strip_elision(tok)
            if n and i + n < len(toks) and ctx.joined(i + n):
                n += self.heads.match(ctx, i + n)
            if n:
                end = self._name_end(ctx, i + n)
                if end > i + n:
                    out.append((start, toks[end - 1].end, self.tag))
                    continue
            if tok.text[2:] in self.standalone and _ELISION.match(tok.text) or tok.text in self.standalone:
                out.append((start, tok.end, self.tag))
        out.extend(_find_sequence(ctx, ctx.lookups.extra_institutions, self.tag))
        out.extend(self._named_hospitals(ctx))
        return out


def _find_sequence(ctx: Context, trie: SequenceTrie, tag: str) -> list[Candidate]:
    """Entries of a hospital-supplied list (staff, institutions), matched on word tokens."""
    if not len(trie):
        return []
    idx = [i for i, t in enumerate(ctx.tokens) if t.kind in ("word", "num")]
    words = [ctx.folded[i] for i in idx]
    out = []
    for a in range(len(words)):
        size = trie.longest_at(words, a)
        if size:
            out.append((ctx.tokens[idx[a]].start, ctx.tokens[idx[a + size - 1]].end, tag))
    return out


_CITY_AFTER = re.compile(r"\d*\s+[A-ZÀ-ÖØ-Þ]")
HOUSE_NUMBER = re.compile(r"[ \t]*,?[ \t]*\d{1,4}(?!\d)(?:\s?[a-zA-Z](?!\w))?(?:\s*(?:bte|bt|boîte|b|/)\s*\d{1,4}(?!\d))?")
POSTCODE = re.compile(r"^(?:[BF]-)?(?:[1-9]\d{3}|\d{5})$")


class AddressAnnotator(Annotator):
    """Street addresses: a street type and a capitalised name, optional number ('rue de la Loi 16')."""

    def __init__(self, tag: str, street_types: list[str], dutch_suffixes: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.types = _PhraseMatcher(street_types)
        self.suffixes = tuple(fold(s) for s in dutch_suffixes)

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, text = ctx.tokens, ctx.text
        types = self.types.phrases
        candidates = {i for i, b in enumerate(ctx.bare) if b in types}
        for i in sorted(candidates.union(ctx.caps)):
            tok = toks[i]
            if tok.kind != "word":
                continue
            n = self.types.match(ctx, i)
            if n:
                k, end = i + n, None
                if k < len(toks) and toks[k].text == "." and ctx.joined(k):
                    k += 1
                while k < len(toks) and ctx.joined(k) and k - i < 10:
                    t, f = toks[k], ctx.folded[k]
                    if t.kind == "word" and (f in CONNECTORS or _ELISION.match(t.text)):
                        if _ELISION.match(t.text) and t.text[2:3].isupper():
                            k += 1
                            end = k
                            continue
                        k += 1
                        continue
                    if t.kind == "word" and t.text[0].isupper():
                        k += 1
                        end = k
                        continue
                    if t.kind == "num" and k + 1 < len(toks) and toks[k + 1].kind == "word" and toks[
                            k + 1].text[0].isupper() and ctx.joined(k + 1) and end is None:
                        k += 1
                        continue
                    break
                if end is None:
                    continue
                start = tok.start
                if i >= 1 and toks[i - 1].kind == "num" and len(toks[i - 1].text) <= 4 and ctx.joined(i):
                    start = toks[i - 1].start
                stop = toks[end - 1].end
                m = HOUSE_NUMBER.match(text, stop)
                if m and not (m.group().lstrip().startswith(",") and _CITY_AFTER.match(text, m.end())):
                    stop = m.end()
                out.append((start, stop, self.tag))
            elif tok.is_cap and ctx.folded[i].endswith(self.suffixes) and len(tok.text) > 6:
                m = HOUSE_NUMBER.match(text, tok.end)
                if m and not m.group().lstrip().startswith(","):
                    out.append((tok.start, m.end(), self.tag))
        return out


class CityAnnotator(Annotator):
    """Cities and communes from the lookup set, with a preceding postcode when there is one."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        n = len(toks)
        for i in ctx.caps:
            tok = toks[i]
            match = 0
            sizes = [k for k in lk.city_sizes.get(ctx.folded[i], ()) if k <= n - i]  # longest first
            for size in sizes:
                idx = list(range(i, i + size))
                if any(toks[j].kind != "word" for j in idx) or any(not ctx.joined(j) for j in idx[1:]):
                    continue
                if tuple(ctx.folded[j] for j in idx) in lk.cities:
                    match = size
                    break
            start = tok.start
            prev = i - 1
            has_postcode = prev >= 0 and toks[prev].kind == "num" and POSTCODE.match(toks[prev].text) and (
                ctx.joined(i))
            if has_postcode and prev >= 2 and toks[prev - 1].text == "-" and toks[prev - 2].text in "BF":
                prev -= 2
            if match and match == 1 and (ctx.folded[i],) in lk.ambiguous_cities and not has_postcode and not (
                    i > 0 and ctx.bare[i - 1] in CITY_CUES) and not _DATELINE.match(ctx.text, tok.end):
                match = 0  # 'Jambes : ...' is a heading; 'à Jambes', 'Jambes, le 3 mars' are places
            if match:
                if has_postcode:
                    start = toks[prev].start
                out.append((start, toks[i + match - 1].end, self.tag))
            elif has_postcode and (_is_name_word(ctx, i) or ctx.folded[i] in ("le", "la", "les") and i + 1 < n and (
                    toks[i + 1].is_cap and ctx.joined(i + 1))):  # '62520 Le Touquet'
                if not _is_name_word(ctx, i):
                    i += 1
                line_before = ctx.text[: toks[prev].start].rsplit("\n", 1)[-1].rstrip()
                if line_before == "" or line_before.endswith(",") or line_before.endswith("-"):
                    k = i + 1
                    while k < n and toks[k].is_cap and ctx.joined(k) and not lk.is_common(toks[k].text):
                        k += 1
                    out.append((toks[prev].start, toks[k - 1].end, self.tag))
        return out


class PersonAnnotator(Annotator):
    """Names of people: after a title or a trigger ('dicté par'), a known first name followed by a
    capitalised word, an initial followed by a capitalised word, 'NOM Prénom', and 'X et Y'."""

    def __init__(self, tag: str, titles: list[str], triggers: list[str], female_titles: list[str],
                 male_titles: list[str], plural_titles: list[str] = (), kinship: list[str] = (),
                 possessives: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.titles = {fold(t) for t in titles} | {fold(t) for t in plural_titles}
        self.plural_titles = {fold(t) for t in plural_titles}
        self.triggers = _PhraseMatcher(triggers)
        # 'son fils Julien', 'sa voisine, Mme X': a kin or contact noun after a possessive
        self.kinship = {fold(k) for k in kinship}
        self.possessives = {fold(p) for p in possessives}
        # read by the surrogate step: 'Mme Martin' gets a female first name
        self.female_titles = {fold(t) for t in female_titles}
        self.male_titles = {fold(t) for t in male_titles}

    def _title_end(self, ctx: Context, i: int) -> int:
        """Index after a title starting at token i (i if none)."""
        if i >= len(ctx.tokens):
            return i
        tok = ctx.tokens[i]
        if tok.kind == "init" and tok.text == "M.":
            return i + 1
        if tok.text in ("m", "mm", "M", "MM") and i > 0 and ctx.tokens[i - 1].kind == "num":
            return i  # '12 mm.', '3 m.': units, not 'Messieurs' / 'Monsieur'
        if tok.kind == "word" and ctx.folded[i] in self.titles and not tok.is_upper or tok.text in ("DR", "PR", "MM"):
            if i + 1 < len(ctx.tokens) and ctx.tokens[i + 1].text == "." and ctx.joined(i + 1):
                return i + 2
            return i + 1
        return i

    def _name(self, ctx: Context, j: int, strict: bool) -> int:
        """Index after a name starting at token j (j if none). Strict: words must not be common."""
        toks, n = ctx.tokens, len(ctx.tokens)
        k, words, end = j, 0, j
        particle = False
        while k < n and (k == j or ctx.joined(k)) and k - j < 6:
            tok = toks[k]
            if tok.kind == "init":
                k += 1
                end = k
                continue
            if words and tok.kind == "word" and ctx.folded[k] in PARTICLES and tok.text[0].isupper() and not (
                    k + 1 < n and ctx.joined(k + 1) and toks[k + 1].is_cap):
                k += 1  # 'Nguyen Van': a capitalised particle that ends the name is a name word
                end = k
                break
            if k == j and _abbreviated_first_name(ctx, k):
                k += 2  # 'Ch.', 'Ph.', 'Fr.': the word and its dot
                end = k
                continue
            if tok.kind == "word" and ctx.folded[k] in PARTICLES and k + 1 < n and ctx.joined(k + 1) and (
                    _is_name_word(ctx, k + 1, allow_common=ctx.folded[k + 1] not in ctx.lookups.medical)
                    or ctx.folded[k + 1] in PARTICLES) and not ctx.tokens[k + 1].is_upper and (
                    ctx.folded[k + 1] not in self.titles):
                k += 1
                particle = True
                continue
            after_first = words == 1 and k > j and ctx.folded[k - 1] in ctx.lookups.first_names and (
                not strict or not ctx.lookups.is_common(toks[k - 1].text)) and (
                ctx.folded[k] not in ctx.lookups.function_words or ctx.folded[k] in DAYS_MONTHS) and (
                tok.kind == "word" and not tok.is_upper)
            after_initial = words == 0 and k > j and (toks[k - 1].kind == "init" or toks[k - 1].text == ".")
            if tok.kind == "word" and _is_name_word(ctx, k, allow_common=((particle or after_first or after_initial or not strict and (
                    words == 0)) and (ctx.folded[k] not in ctx.lookups.medical)) or ctx.lookups.is_name_like(tok.text)):
                particle = False
                if words and ctx.folded[k] in ctx.lookups.stopwords and not ctx.lookups.is_name_like(tok.text) and (
                        not after_first):
                    break
                k += 1
                words += 1
                end = k
                continue
            break
        return end if words else j

    def _is_patient_word(self, ctx: Context, i: int) -> bool:
        return ctx.folded[i] in ctx.lookups.first_names or ctx.folded[i] in ctx.lookups.surnames

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        first_words, titles = self.triggers.phrases, self.titles
        candidates = {i for i, f in enumerate(ctx.folded) if f in titles}
        candidates.update(i for i, b in enumerate(ctx.bare) if b in first_words)
        candidates.update(i for i, t in enumerate(toks) if t[3] == "init")
        # a capitalised word starts a free name only as a known first name, a hyphenated one, or
        # 'NOM Prénom': the other capitalised words cannot start one, skip them early
        folded, first_names, n = ctx.folded, ctx.lookups.first_names, len(toks)
        candidates.update(i for i in ctx.caps if folded[i] in first_names or "-" in folded[i] or (
            i + 1 < n and folded[i + 1] in first_names and toks[i][0].isupper()))
        pos = 0
        for i in sorted(candidates):
            if i < pos:
                continue
            pos = self._person_at(ctx, i, out)
        if self.kinship:
            self._kin(ctx, out)
        out.extend(_find_sequence(ctx, lk.extra_persons, self.tag))
        return out

    def _person_at(self, ctx: Context, i: int, out: list[Candidate]) -> int:
        """Names starting at token i (after a title, a trigger, or free); returns where to resume."""
        toks, n = ctx.tokens, len(ctx.tokens)
        tok = toks[i]
        t_end = self._title_end(ctx, i)
        plural = t_end > i and ctx.folded[i] in self.plural_titles
        if t_end > i and t_end + 1 < n and ctx.folded[t_end] == "et" and self._title_end(ctx, t_end + 1) > t_end + 1:
            t_end = self._title_end(ctx, t_end + 1)  # 'M. et Mme Dupont': one name, two titles
            plural = True
        if t_end > i and t_end < n and (ctx.joined(t_end) or (
                toks[t_end].kind in ("word", "init") and ctx.gap(t_end).strip() == "")):
            e = self._name(ctx, t_end, strict=False)
            if e > t_end:
                out.append((toks[t_end].start, toks[e - 1].end, self.tag))
                if plural:
                    return self._name_list(ctx, e, out)
                return self._conjunction(ctx, e, out)
        trig = self.triggers.match(ctx, i) if tok.kind == "word" else 0
        if trig:
            j = i + trig
            while j < n and toks[j].kind == "punct" and toks[j].text in ":.-" and j - i - trig < 2:
                j += 1
            colon = any(toks[x].text == ":" for x in range(i + trig, j))
            titled = j < n and self._title_end(ctx, j) > j or j < n and (
                ctx.folded[j] in ARTICLES and j + 1 < n and self._title_end(ctx, j + 1) > j + 1)
            if j < n and (colon or ctx.folded[i + trig - 1] in ("par", "a") or titled):
                if ctx.folded[j] in ARTICLES and j + 1 < n and self._title_end(ctx, j + 1) > j + 1:
                    j += 1
                t2 = self._title_end(ctx, j)
                if t2 == j and ctx.folded[j] in ARTICLES and not toks[j].text[0].isupper():
                    return self._free_or_next(ctx, i, out)  # 'adressé par le Centre X': not a person
                e = self._name(ctx, t2, strict=True)
                if e > t2 and ctx.gap(t2).count("\n") <= 1:
                    out.append((toks[t2].start, toks[e - 1].end, self.tag))
                    if t2 > j and ctx.folded[j] in self.plural_titles:
                        return self._name_list(ctx, e, out)  # 'validé par les Drs X et Y'
                    return self._conjunction(ctx, e, out)
        return self._free_or_next(ctx, i, out)

    def _free_or_next(self, ctx: Context, i: int, out: list[Candidate]) -> int:
        """A name without title or trigger at token i, else move on."""
        toks = ctx.tokens
        end = self._free_name(ctx, i)
        if end:
            out.append((toks[i].start, toks[end - 1].end, self.tag))
            return self._conjunction(ctx, end, out)
        return i + 1

    def _free_name(self, ctx: Context, i: int) -> int:
        """End of a name without title or trigger at token i, or 0."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        tok = toks[i]
        if tok.kind == "punct" or tok.kind == "num" or not tok.text[0].isupper():
            return 0
        if i + 1 >= n or not ctx.joined(i + 1):
            return 0
        nxt = i + 1
        if tok.kind == "word" and tok.is_cap and ctx.folded[i] in lk.first_names and not tok.is_upper or (
                tok.kind == "word" and tok.is_cap and all(p in lk.first_names for p in ctx.folded[i].split("-"))
                and "-" in tok.text):
            if _is_name_word(ctx, nxt) or ctx.folded[nxt] in PARTICLES or (
                    toks[nxt].is_cap and lk.is_name_like(toks[nxt].text)) or (
                    toks[nxt].is_cap and not toks[nxt].is_upper and not lk.is_common(tok.text)
                    and ctx.folded[nxt] not in lk.medical and ctx.folded[nxt] not in lk.eponyms
                    and (ctx.folded[nxt] not in lk.function_words or ctx.folded[nxt] in DAYS_MONTHS)):
                e = self._name(ctx, nxt, strict=True)
                if e <= nxt:
                    e = self._name(ctx, i, strict=True)  # 'Esther Marchand': a common surname after a first name
                if e > nxt and not any(ctx.folded[k] in lk.eponyms and ctx.folded[k] not in lk.first_names
                                       for k in range(nxt, e)):
                    return e
        if tok.is_upper and len(tok.text) > 2 and not lk.is_common(tok.text) and toks[nxt].is_cap and (
                ctx.folded[nxt] in lk.first_names and not toks[nxt].is_upper):
            e = nxt + 1
            while e < n and ctx.joined(e) and toks[e].is_cap and ctx.folded[e] in lk.first_names:
                e += 1
            return e
        if tok.kind == "init" and tok.text != "M." and (
                _is_name_word(ctx, nxt) or ctx.folded[nxt] in PARTICLES):
            e = self._name(ctx, nxt, strict=True)
            if e > nxt and (ctx.folded[e - 1] in lk.surnames or ctx.folded[e - 1] not in lk.eponyms):
                before = ctx.text[: tok.start].rstrip()
                if not before.endswith((".", ",")) or ctx.folded[e - 1] in lk.surnames:
                    return e
        return 0

    def _name_list(self, ctx: Context, e: int, out: list[Candidate]) -> int:
        """After a plural title ('les Drs X, Y et Z'), every listed name, as leniently as after a title."""
        toks, n = ctx.tokens, len(ctx.tokens)
        while e + 1 < n and (toks[e].text == "," or ctx.folded[e] == "et") and ctx.joined(e) and ctx.joined(e + 1):
            j = self._title_end(ctx, e + 1)
            f = self._name(ctx, j, strict=False)
            if f <= j:
                break
            out.append((toks[j].start, toks[f - 1].end, self.tag))
            e = f
        return e

    def _kin(self, ctx: Context, out: list[Candidate]) -> None:
        """Relatives and contacts: 'son fils Julien', 'sa voisine Mme Lenoir', 'Fille : Sophie Martin'."""
        toks, n, kinship = ctx.tokens, len(ctx.tokens), self.kinship
        for i in [i for i, f in enumerate(ctx.bare) if f in kinship]:
            f = ctx.bare[i]
            if toks[i].kind != "word":
                continue
            p = i - 1
            if p > 0 and ctx.folded[p] in KIN_MODIFIERS and ctx.joined(p):
                p -= 1  # 'son grand frère', 'sa petite sœur'
            owned = p >= 0 and ctx.folded[p] in self.possessives and ctx.joined(p + 1) or ctx.folded[i] != f
            listed = p >= 0 and toks[p].text in ",:;(" or ctx.gap(i).count("\n") > 0 or i == 0  # 'Famille : épouse X'
            if not owned and not listed and not (i + 1 < n and toks[i + 1].text == ":"):
                continue
            j = i + 1
            if j < n and ctx.folded[j] in KIN_MODIFIERS and ctx.joined(j):
                j += 1  # 'son fils aîné Paul', "l'infirmière coordinatrice Anne"
            while j < n and toks[j].text in ",:(" and j - i < 3:
                j += 1
            if j >= n or ctx.gap(j).count("\n"):
                continue
            j = self._title_end(ctx, j)
            if j >= n or ctx.folded[j] in ctx.lookups.medical or ctx.folded[j] in ctx.lookups.function_words:
                continue
            e = self._name(ctx, j, strict=False)
            if e > j:
                out.append((toks[j].start, toks[e - 1].end, self.tag))
                self._name_list(ctx, e, out)  # 'fils Paul et Marc'

    def _conjunction(self, ctx: Context, e: int, out: list[Candidate]) -> int:
        """After a name, 'et Y' / 'et Dr Y' adds Y as a second person."""
        toks, n = ctx.tokens, len(ctx.tokens)
        if e + 1 < n and ctx.folded[e] == "et" and ctx.joined(e):
            j = e + 1
            if ctx.folded[j] in ARTICLES and self._title_end(ctx, j + 1) > j + 1:
                j += 1
            j = self._title_end(ctx, j)
            f = self._name(ctx, j, strict=True)
            if f > j:
                out.append((toks[j].start, toks[f - 1].end, self.tag))
                return f
        return e


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b)) == 1
    if la > lb:
        a, b = b, a
    for k in range(len(b)):
        if a[:k] == b[:k] and a[k:] == b[k + 1 :]:
            return True
    return False


class PatientAnnotator(Annotator):
    """The patient's own names (every form, one edit of fuzziness) and ids, from the metadata."""

    def __init__(self, tag: str = "PATIENT", **kw: Any) -> None:
        super().__init__(tag or "PATIENT", **kw)

    @staticmethod
    def _match(word: str, target: str, fuzzy: bool) -> bool:
        return word == target or (fuzzy and len(target) >= 5 and len(word) >= 4 and _edit1(word, target))

    def annotate(self, ctx: Context) -> list[Candidate]:
        p = ctx.patient
        if p is None:
            return []
        out: list[Candidate] = []
        for pid in p.ids:
            pid = pid.strip()
            if len(pid) >= 3:
                for m in re.finditer(r"(?<![\w])" + re.escape(pid) + r"(?![\w])", ctx.text):
                    out.append((m.start(), m.end(), "ID"))
        surname = [fold(w) for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", p.surname or "")]
        firsts = [fold(f) for f in p.first_names if f]
        parts = {x for f in firsts for x in f.split("-") if len(x) >= 3}
        initials = {x[0] for f in firsts for x in f.split("-") if x}
        toks, lk = ctx.tokens, ctx.lookups
        n = len(toks)
        kinds: list[str] = [""] * n
        common_surname = bool(surname) and len(surname) == 1 and lk.is_common(surname[0])
        i = 0
        while i < n:
            tok = toks[i]
            if tok.kind == "init":
                letters = {c for c in fold(tok.text) if c.isalpha()}
                if letters and letters <= initials:
                    kinds[i] = "I"
                i += 1
                continue
            lower = tok.kind == "word" and not (tok.text[0].isupper() or _ELISION.match(tok.text))
            if tok.kind != "word" or lower and not (ctx.folded[i] in surname[:1] or ctx.folded[i] in firsts):
                i += 1
                continue  # a lower-case word counts only when it is exactly one of the patient's names
            if surname and i + len(surname) <= n:
                ok = True
                for k, part in enumerate(surname):
                    j = i + k
                    if toks[j].kind != "word" or (k and not ctx.joined(j)):
                        ok = False
                        break
                    fuzzy = k == len(surname) - 1 and not lk.is_common(toks[j].text) and not (
                        ctx.folded[j] in lk.surnames or ctx.folded[j] in lk.first_names) and not lower
                    if not self._match(ctx.folded[j], part, fuzzy):
                        ok = False
                        break
                if ok:
                    for k in range(len(surname)):
                        kinds[i + k] = "S"
                    i += len(surname)
                    continue
            f = ctx.folded[i]
            fuzzy_ok = not lk.is_common(tok.text) and f not in lk.surnames and f not in lk.first_names and not lower
            if any(self._match(f, first, fuzzy_ok) for first in firsts) or (
                    "-" in f and all(x in firsts for x in f.split("-"))):
                kinds[i] = "F"
            elif f in parts or ("-" in f and all(x in parts for x in f.split("-"))):
                kinds[i] = "f"
            i += 1
        i = 0
        while i < n:
            if not kinds[i]:
                i += 1
                continue
            j = i + 1
            while j < n and kinds[j] and ctx.joined(j):
                j += 1
            if toks[i].text == "M." and j > i + 1:
                i += 1
            group = kinds[i:j]
            prev = i - 1
            while prev >= 0 and toks[prev].text in ":.":
                prev -= 1
            cue = prev >= 0 and fold(toks[prev].text.rstrip(".")) in PATIENT_CUES
            valid = "F" in group or ("S" in group and (not common_surname or len(set(group)) > 1 or cue))
            if all(toks[k].kind == "word" and not toks[k].text[0].isupper() for k in range(i, j)):
                # 'dupont marie' in a lower-case header: the whole name, or one name after 'nom :'
                valid = ("S" in group and ("F" in group or "f" in group)) or (cue and "S" in group)
            if "f" in group and "S" not in group and "F" not in group:
                valid = False
            if "S" not in group and "I" not in group:
                # 'Marie Boland', 'COLLETTE Emilie': the patient's first name on someone else
                after = j < n and ctx.joined(j) and toks[j].is_cap and not lk.is_common(toks[j].text)
                before = i > 0 and ctx.joined(i) and toks[i - 1].is_cap and not lk.is_common(toks[i - 1].text)
                if after or before:
                    valid = False
            if valid:
                out.append((toks[i].start, toks[j - 1].end, self.tag))
            i = j
        return out


ANNOTATOR_TYPES: dict[str, type[Annotator]] = {
    "regex": RegexAnnotator,
    "email": EmailAnnotator,
    "url": UrlAnnotator,
    "phone": PhoneAnnotator,
    "niss": NissAnnotator,
    "nir": NirAnnotator,
    "digit_groups": DigitGroupsAnnotator,
    "id_context": IdContextAnnotator,
    "date": DateAnnotator,
    "age": AgeAnnotator,
    "institution": InstitutionAnnotator,
    "address": AddressAnnotator,
    "city": CityAnnotator,
    "person": PersonAnnotator,
    "patient": PatientAnnotator,
}

__all__ = ["ANNOTATOR_TYPES", "Annotator", "Context", "PersonAnnotator", "nir_valid", "niss_valid"]

# registered last: deduce_fr.ner builds on the classes above (and imports spaCy only when enabled)
from deduce_fr.ner import SpacyNerAnnotator  # noqa: E402

ANNOTATOR_TYPES["spacy_ner"] = SpacyNerAnnotator

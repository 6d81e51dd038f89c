"""Annotators: each finds candidate PHI spans of one kind; the Deidentifier resolves overlaps.

They are declared, with their parameters, in ``config.yaml`` (``type`` selects the class in
``ANNOTATOR_TYPES``). Every annotator reads a shared :class:`Context` (text, tokens, lookups,
patient) and returns ``(start, end, tag)`` candidates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

from deduce_fr.dates import find_dates
from deduce_fr.lookups import Lookups, SequenceTrie, fold, fold_aligned
from deduce_fr.names import (
    EPONYM_CUES,
    KIN_MODIFIERS_EXTRA,
    KIN_NEED_FIRST_NAME,
    LONE_BLOCKERS,
    NAME_LINKS,
    NOT_A_NAME,
    NOT_NAME_ACRONYMS,
    SURE_TITLES,
    TITLE_LINKS,
    TRIGGER_ENDS,
    UPPER_TITLES,
    lone_first_name,
    lone_surname,
    lower_case_name,
    lower_document,
    person_or_place,
    short_lines,
    signature_starts,
    single_value_name,
    trim_person_span,
    upper_document,
)
from deduce_fr.numbers_fr import NUMBER_WORDS, longest_number_at, longest_number_before
from deduce_fr.places import PlaceIndex, place_index, residence_cued
from deduce_fr.tokenizer import Token
from deduce_fr.types import Patient

Candidate = tuple[int, int, str]
PARTICLES = frozenset({"van", "den", "der", "de", "du", "des", "la", "le", "el", "al", "ben", "von", "ter",
                       "ten", "da", "di", "dos", "del", "vanden", "vander", "mc", "abou", "bin", "ould"})
SAINTS = frozenset({"saint", "sainte", "st", "ste", "sint", "sts", "notre-dame"})
INSTITUTION_ADJECTIVES = frozenset({"picarde", "universitaire", "universitaires", "regional", "regionale",
                                    "interregional", "provincial", "provinciale", "general", "generale", "americain",
                                    "europeen", "prive", "privee", "militaire", "psychiatrique", "pediatrique", "civil",
                                    "civils", "intercommunal", "intercommunale", "departemental", "departementale",
                                    "mutualiste", "neurologique", "specialise", "specialisee", "protestant",
                                    "protestante", "catholique", "chretien", "chretienne", "francais", "francaise",
                                    "international", "internationale", "local", "maritime"})
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
_ELIDED_START = re.compile(r"[ld]'")
_WORD_KINDS = frozenset({"word", "num"})
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
    _starts: list[int] | None = None
    _elided: list[int] | None = None
    _folded_set: frozenset[str] | None = None
    _bare_set: frozenset[str] | None = None
    _inits: list[int] | None = None

    @property
    def inits(self) -> list[int]:
        """Indices (ascending) of the initials' tokens ('J.', 'J.-P.', 'C.H.U.'), found once per text: the
        persons and institutions annotators both start from them."""
        if self._inits is None:
            self._inits = [i for i, t in enumerate(self.tokens) if t[3] == "init"]
        return self._inits

    @property
    def folded_set(self) -> frozenset[str]:
        """The distinct folded tokens, built once per text: a gate ``words.isdisjoint(ctx.folded_set)`` or an
        intersection costs one probe per distinct word of the text (or of ``words``, if smaller), in C."""
        if self._folded_set is None:
            self._folded_set = frozenset(self.folded)
        return self._folded_set

    @property
    def bare_set(self) -> frozenset[str]:
        """The distinct elision-free folded tokens (``bare``), built once per text."""
        if self._bare_set is None:
            self._bare_set = frozenset(self.bare)
        return self._bare_set

    def indices(self, words: Collection[str], bare: bool = False) -> list[int]:
        """Ascending indices of the tokens whose folded form (``bare=True``: elision-free form) is in ``words``
        (a set or a dict): the same list as ``[i for i, f in enumerate(ctx.folded) if f in words]``, found from
        the text's distinct words (a C-level intersection) instead of a Python loop over every token; most
        texts hold none or one of the words looked for."""
        seq, present = (self.bare, self.bare_set) if bare else (self.folded, self.folded_set)
        if isinstance(words, (set, frozenset)):
            hits = present.intersection(words)
        else:  # (a set's intersection with a dict would walk the whole dict)
            hits = set(filter(words.__contains__, present))
        if not hits:
            return []
        if len(hits) > 1:  # (a C-level pass: compress over the membership map, no Python loop per token)
            return list(compress(range(len(seq)), map(hits.__contains__, seq)))
        (word,) = hits
        out, index, i = [], seq.index, seq.index(word)
        try:
            while True:
                out.append(i)
                i = index(word, i + 1)
        except ValueError:
            return out

    @property
    def elided(self) -> list[int]:
        """Indices (ascending) of the tokens that start with an elided 'l'' or 'd'' ("l'Hôpital", "d'Oran"),
        found from the apostrophes of the folded text rather than by a walk over every token."""
        if self._elided is None:
            found: list[int] = []
            if "'" in self.folded_text:
                starts, folded = self.starts, self.folded
                for m in _ELIDED_START.finditer(self.folded_text):
                    k = bisect.bisect_left(starts, m.start())
                    if k < len(starts) and starts[k] == m.start() and folded[k][:2] == m.group():
                        found.append(k)
            self._elided = found
        return self._elided

    @property
    def starts(self) -> list[int]:
        """Start offsets of the tokens (for bisecting a regex match to its token), built once per text."""
        if self._starts is None:
            self._starts = [t[1] for t in self.tokens]
        return self._starts

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
# numbers of the French-speaking world outside the French and Belgian plans, with no leading 0 nor '+': the North
# American plan (Quebec: area code, exchange, then a hyphen or dot before the last four digits: '418 545-2287',
# '(514) 326-7781'), and the 8-9 digit national numbers of West and Central Africa written in groups ('76 48 21 09',
# '77 562 14 08', '6 77 41 28 93'); the second kind only after a phone cue or a person's name and a comma (a
# count, a list of measurements or a code is written so as well). One scan of the text for both.
PHONE_ABROAD = re.compile(
    r"(?<![\w+\-/.,(])(?:(?P<nanp>(?:1[ .\-])?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .\-])[2-9]\d\d[\-.]\d{4})"
    r"|(?P<bare>[1-9]\d{0,2}(?:[ .]\d{2,3}){2,4}))(?![\w]|[.,/\-]\d)"
)
# where PHONE_ABROAD can start (its first character, a digit from 1 or an opening bracket, not glued to a word, a sign or
# another number): led by that character, so the engine skips to it, where PHONE_ABROAD's leading look-behind made it
# try every offset of the text
_ABROAD_START = re.compile(r"[(1-9](?<![\w+\-/.,(][(1-9])")
_PHONE_CUE_ABROAD = re.compile(r"(?<!\w)(?:tel|telephone|gsm|fax|portable|mobile|joignable|joindre|appeler|appelle"
                               r"|phone|cellulaire|cell|telecopieur|whatsapp|contact|sms|(?:mon|son|ton|notre|votre|leur) numero)(?!\w)")
# a name then a comma ('Seydou Coulibaly, 76 48 21 09', 'Rose (fille), ...'): the word is no common word
_NAME_COMMA_BEFORE = re.compile(r"(?P<word>[A-ZÀ-Ý][^\W\d_]+)(?:\)|\s\([^()\n]{1,30}\))?,\s{0,2}$")
_DATE_LIKE = re.compile(r"\d{1,2}([./\-])\d{1,2}\1\d{2,4}")
# a full date with a four-digit year then a space: the phone pattern would take it with the hour after it
_STARTS_WITH_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])([./\-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}\s")


_GROUP_BEFORE = re.compile(r"\d[ .]$")
_GROUP_AFTER = re.compile(r"[ .]\d{1,3}(?![\d/:h])")


_ID_CUE_BEFORE = re.compile(r"(?<!\w)(?:ipp|nip|dossier|n°|no|nr|num|numero|id|identifiant|sejour|venue|patient|niss|nir"
                            r"|registre|demande|examen|accession|ref|reference|episode|nda|iep|matricule|inami|riziv"
                            r"|bracelet|code)\W{0,4}$")
_PHONE_CUE = re.compile(r"(?<!\w)(?:tel|telephone|gsm|fax|portable|mobile|joignable|appeler|bip|poste|phone)(?!\w)")
# the labels of a patient's or a stay's identifier, right before a number: a number grouped as a phone is written
# after them ('IPP : 04 57 82 13 45', 'N° de dossier 06 12 ...') is that identifier, an ID (not the generic number words
# 'n°', 'numéro', 'réf', nor 'patient', 'examen', 'demande', which also lead to a phone: 'au numéro 04 ...'); the
# papers of a foreigner's stay and of detention too ('N° AGDREF : 0751234567', 'n° étranger', 'n° d'écrou'): a
# ten-digit file number there is no phone ('ame' is left out: 'AME' also heads a sentence about the cover itself)
_ID_LABEL_BEFORE = re.compile(r"(?<!\w)(?:ipp|nip|dossier|sejour|venue|nda|iep|matricule|niss|nir|inami|riziv|identifiant"
                              r"|id|episode|accession|bracelet|agdref|ofii|ofpra|etranger|ecrou|recepisse|domiciliation)"
                              r"(?:\W{1,3}(?:n|no|nr|num|numero)(?!\w))?\W{0,4}$")
# a company register's label: the grouped number after it ('BCE 0456.789.123', "n° d'entreprise 0715 992 410") is
# its enterprise or VAT number, never a phone (grouped numbers after the generic cues above stay phones: 'n° 04 ...')
# ... and a number word may stand between ('BCE n° 0403 170 701', 'SIRET no 123 456 789 00012'); the grouped
# number is then an ID (the ID annotators' span, proposed by this one too so that it stays covered)
_REGISTER_CUE_BEFORE = re.compile(r"(?<!\w)(?:bce|kbo|entreprise|ondernemingsnummer|tva|btw|rpm|rpr|siret|siren|rcs|finess"
                                  r"|rpps|adeli|gln|ean|uid|zsr|rcc)\W{0,4}(?:(?:n|no|nr|num|numero)(?!\w)\W{0,4})?"
                                  r"(?:(?:be|fr|lu|che)\W{0,2})?$")
_GROUP_SEPARATORS = re.compile(r"[ .\u00a0]")


def _abroad_matches(text: str) -> Iterator[re.Match[str]]:
    """``PHONE_ABROAD.finditer(text)``'s matches, the same ones in the same order, tried only where one can start."""
    pos = 0
    for s in _ABROAD_START.finditer(text):
        if s.start() >= pos:
            m = PHONE_ABROAD.match(text, s.start())
            if m is not None:
                yield m
                pos = m.end()


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
                if _DATE_LIKE.fullmatch(m.group()) or _STARTS_WITH_DATE.match(m.group()):
                    continue  # a date, or a date and its time ('05/02/2026 23:50' is no phone)
                if _GROUP_BEFORE.search(text, max(0, m.start() - 2), m.start()) and _GROUP_AFTER.match(text, m.end()):
                    continue
                if m.group().isdigit() and self._announced_as_id(ctx, m.start()):
                    continue
                if self._labelled_as_id(ctx, m.start()):
                    out.append((m.start(), m.end(), "ID"))  # 'IPP : 04 57 82 13 45': an identifier, the same span
                    continue
                if _GROUP_SEPARATORS.sub("", m.group()).isdigit() and self._announced_as_register(ctx, m.start()):
                    out.append((m.start(), m.end(), "ID"))
                    continue
                out.append((m.start(), m.end(), self.tag))
        out.extend(self._abroad(ctx))
        return out

    def _abroad(self, ctx: Context) -> list[Candidate]:
        """North American and African national numbers (see PHONE_ABROAD): the bare kind gated by its context."""
        out: list[Candidate] = []
        text = ctx.text
        for m in _abroad_matches(text):
            if _GROUP_BEFORE.search(text, max(0, m.start() - 2), m.start()) and _GROUP_AFTER.match(text, m.end()):
                continue  # the middle of a longer number
            if m.group("bare") is not None:
                if sum(c.isdigit() for c in m.group()) not in (8, 9):
                    continue
                line_start = text.rfind("\n", 0, m.start()) + 1
                near = max(line_start, m.start() - 50)
                if not _PHONE_CUE_ABROAD.search(ctx.folded_text, near, m.start()):
                    named = _NAME_COMMA_BEFORE.search(text[near : m.start()])
                    if named is None or ctx.lookups.is_common(named.group("word")):
                        continue  # ('Mesures, 12 14 16 18': a common word before the comma)
            out.append((m.start(), m.end(), self.tag))
        return out

    @staticmethod
    def _announced_as_id(ctx: Context, start: int) -> bool:
        line_start = ctx.text.rfind("\n", max(0, start - 40), start) + 1
        before = ctx.folded_text[max(line_start, start - 40) : start]
        return bool(_ID_CUE_BEFORE.search(before)) and not _PHONE_CUE.search(before)

    @staticmethod
    def _labelled_as_id(ctx: Context, start: int) -> bool:
        """An identifier's own label right before the number on its line, and no phone cue there."""
        line_start = ctx.text.rfind("\n", max(0, start - 40), start) + 1
        before = ctx.folded_text[max(line_start, start - 40) : start]
        return bool(_ID_LABEL_BEFORE.search(before)) and not _PHONE_CUE.search(before)

    @staticmethod
    def _announced_as_register(ctx: Context, start: int) -> bool:
        before = ctx.folded_text[max(0, start - 30) : start]
        return bool(_REGISTER_CUE_BEFORE.search(before)) and not _PHONE_CUE.search(before)


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
_CODE_UNIT_AFTER = r"(?! ?(?:ans?|mois|jours?|sem|semaines|kg|mg|ml|mm|cm|g|h|min|%)(?!\w))"
# an activity code ('Code APE 8622B', 'code NAF 86.22B') names a trade, shared by every firm in it: no identifier
_ACTIVITY_CODE = re.compile(r"(?<!\w)(?:ape|naf|nace)(?!\w)")
# a code of a national nomenclature or form ('code CCAM LFQK002', 'CERFA n° 11138*05', 'code NGAP', 'CIM-10 S72.0',
# 'code CIP', 'LPP', 'NABM', 'UCD') names an act, a diagnosis, a drug or a form, the same for every patient: no identifier
_NOMENCLATURE = re.compile(r"(?<!\w)(?:ccam|ngap|nabm|lpp|lppr|cip|cip13|ucd|cim|cim-?10|cim-?11|icd|icd-?10|cerfa|atc|"
                           r"nomenclature)(?!\w)")
# the shape of a CCAM act code (four letters, three digits: 'ZBQK002', 'MJQK001'), after 'code' or 'acte'
_CCAM_SHAPE = re.compile(r"[A-Z]{4}\d{3}")
_ACT_CUE = frozenset({"code", "acte"})
# the words that announce a study subject's code in research and imaging reports, added to the configured cues
# ('participant PZ-014', 'Sujet BR-0009', 'patiente 0042', 'Inclusion 2207', 'randomisation n° 117'); the same
# checks as for any cue apply (3 digits, no date, no lone year, no measure after: 'patiente de 62 kg')
# (these words also lead prose, 'patiente née en 1931', 'patiente. Rappel au 01 ...': the code must follow the cue
# with no free word between, and start with a digit or a capital)
STUDY_SUBJECT_CUES = ("patiente", "participant", "participante", "sujet", "inclusion", "randomisation",
                      "randomization")
_STUDY_SUBJECT_FIRST = frozenset(fold(c) for c in STUDY_SUBJECT_CUES)


class IdContextAnnotator(Annotator):
    """Codes announced by a cue ('N° dossier :', "N° d'examen", 'IPP', 'accession') with at least 3 digits.

    Cues chain ('Numéro de demande :', 'N° patient'), so every cue word is tried as a start, not
    only the first of a left-to-right scan. A code may be written in short groups ('45 128 77',
    'BR 2021 04417'); a date, a time or a lone year after a cue ('examen du 12/03/2021') is not a code.
    """

    def __init__(self, tag: str, cues: list[str], cues_inside: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        # cues that are part of the identifier as it is written and cited: a court's roll number 'R.G. 21/3317/A'
        self.cues_inside = frozenset(fold(c) for c in cues_inside)
        folded = sorted({fold(c) for c in (*cues, *cues_inside, *STUDY_SUBJECT_CUES)}, key=len, reverse=True)
        alt = "|".join(re.escape(c) for c in folded)
        # runs on the folded (lower-case, accent-free, offset-aligned) text: no IGNORECASE, faster
        head = (rf"(?<!\w)(?:{alt})(?!\w)[\s.:#°]*(?:(?:(?:no|nr|de|du|{alt})(?!\w)|n°|d'|:|#)[\s.:#°]*){{0,4}}"
                # one free word may qualify the cue: 'Réf. interne', "N° d'ordre :"
                # (or two joined by 'du'/'de': "Numéro d'accident du travail : 24 118 731")
                r"(?P<fw>[a-z]{3,12}(?!\w)[\s.:#°]*(?:(?:du|de)\s+[a-z]{3,12}(?!\w)[\s.:#°]*)?)?")
        code = (r"[a-z0-9](?:[a-z0-9\-_/.]*[a-z0-9])?"
                rf"(?: \d{{2,6}}(?![\w/\-:]|[.,]\d){_CODE_UNIT_AFTER})*)")
        # a file's letter prefix written apart right after the cue ('Réf. dossier EA 24-55102'): the number after
        # it is read, the prefix left out; in capitals only and with no free word before it (not a name then a
        # date's label: 'Patient : X DDN 14071958')
        self.pattern = re.compile(head + r"(?P<code>(?P<pre>[a-z]{1,4} (?=\d))?" + code)
        self.pattern_plain = re.compile(head + r"(?P<code>" + code)  # the same without a prefix
        # a cue starts at a token whose (elision-free) folded form is a cue's first word: one set probe per token
        # (and a dotted abbreviation as the tokenizer keeps it, one token: 'r.g.')
        self.first_words = {re.findall(r"[^\W\d_]+|\S", c)[0] for c in folded} | {c for c in folded if "." in c}

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
            if m.group("pre"):
                plain = self.pattern_plain.match(folded_text, start)  # read as without a prefix
                if m.group("fw") or not text[a : m.end("pre") - 1].isupper() or plain.end("code") >= m.end("pre"):
                    m = plain  # (also when that reading already takes the number: 'bracelet n° BR 2021 04417')
                    a, b = m.span("code")
                else:
                    a = m.end("pre")  # the prefix stays out, as for other labels ('n° OE 7.204.518')
            head = text.find(" ", a, b)
            if head - a > 5:  # groups only after a short head ('45 128 77', 'BR 2021 04417'), not '123456 12'
                b = head
            code = text[a:b]
            if ctx.bare[i] in _STUDY_SUBJECT_FIRST and (m.group("fw") or not (code[:1].isdigit() or code[:1].isupper())):
                continue
            if _MEASURE_AFTER.match(folded_text, b):
                continue  # 'patient de 3250 g', 'examen : 1200 ml': a measurement, not a code
            if _ACTIVITY_CODE.search(folded_text, start, a) or _NOMENCLATURE.search(
                    folded_text, max(start - 8, text.rfind("\n", 0, start) + 1), a) or (
                    ctx.bare[i] in _ACT_CUE and _CCAM_SHAPE.fullmatch(text, a, b)):
                continue
            if sum(c.isdigit() for c in code) >= 3 and len(code) >= 4 and not _NOT_A_CODE.fullmatch(code):
                # (such a cue right before the number only: 'RG n° 26/01473' cites the number after its own label)
                inside = ctx.bare[i] in self.cues_inside and not any(
                    c.isalnum() or c == "°" for c in folded_text[toks[i][2] : a])
                out.append((start if inside else a, b, self.tag))
                last = m.end()
        return out


_MONTH_WORDS = frozenset({"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                          "octobre", "novembre", "decembre"})


class DateAnnotator(Annotator):
    """French dates in numeric, ISO, textual, partial and lone-year (with a cue) forms, and dates written
    in words ('le trois mars deux mille vingt', 'premier mai', 'mars deux mille vingt').

    ``times``: also tag a time of day ('14h30', 'à 10h') as DATE. The shipped config says false: a time
    identifies no one (Safe Harbor lists dates, not hours), and no independent writer tags one, alone or
    after its date ('le 12/03/2021 à 14h30' is DATE '12/03/2021'); a one-token timestamp
    ('2021-11-08T09:42', '20240219101522') stays whole, as they write it.
    """

    def __init__(self, tag: str, times: bool = True, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.times = times

    def annotate(self, ctx: Context) -> list[Candidate]:
        out = [(d.start, d.end, self.tag) for d in find_dates(ctx.text, times=self.times)]
        if not _MONTH_WORDS.isdisjoint(ctx.folded_set):  # one C-level set probe per distinct word, rarely true
            out.extend(self._dates_in_words(ctx))
        return out

    def _dates_in_words(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for i in ctx.indices(_MONTH_WORDS):
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
# a classification's or a level's word before '1A', '2A': 'Lenke 1A', 'type 2A ou 2B', 'stade IIIA', 'grade 3A'
_CLASS_BEFORE = re.compile(r"(?<!\w)(?:lenke|type|types|stade|grade|classe|niveau|groupe|categorie|gustilo|neer|garden"
                           r"|salter|schatzker|tnm|figo|ann[\- ]arbor|forrest|child|nyha|kdigo|gold|bethesda|birads|bi-rads"
                           r"|mallampati|hinchey|hurley|tanner|cormack|vancouver|weber|aitken|frankel|asia|asa|mayo|paris)"
                           r"[ \t:]*(?:(?:de|du|n°|no)[ \t]*)?$")
# a form's age label with its qualifier before the colon: 'Âge corrigé ce jour :', 'Âge à l'arrivée :' (not a bone,
# gestational or lesion age)
_AGE_LABEL_LINE = re.compile(r"(?:^|[.;,(]\s*|\s{2,})age(?:\s+(?!osseu|gestation|de\s+la\s+(?:grossesse|lesion|fracture)|du\s+terme)"
                             r"[\w'’]+){1,4}\s*:$")
_AGE_UNITS = frozenset({"ans", "an", "mois", "semaines", "semaine", "jours"})
_NEWBORN_DAY = re.compile(r"(?<![\w+])J\d{1,2}(?= de vie)")
_AGE_FIELD_STOP = _AGE_UNITS | {"a", "/", "%", "-", "kg", "cm", "mm", "g", "ml"}
_GENDER_SUFFIX = re.compile(r"\((?:e|es|s)\)")
_AGE_WORD = frozenset({"age"})
_AGE_QUALIFIERS = frozenset({"civil", "corrige", "chronologique", "reel", "actuel"})
# a delay counted from an event, not an age: '6 semaines post-PTG', '3 mois après l'ostéotomie', 'vue à 1 an de
# la PTH', 'à 2 ans de l'intervention' (a definite article: the event; 'décédé à 80 ans d'un infarctus' stays)
_DELAY_AFTER = re.compile(r"[ \t]*(?:post\b|post-|apr[eè]s\b|de[ \t]+la\b|de[ \t]+l['’]|du\b)", re.IGNORECASE)
_DELAY_POST = re.compile(r"[ \t]*(?:post\b|post-|apr[eè]s\b)", re.IGNORECASE)  # after a comma: 'X, 6 semaines post-PTG'

# a follow-up visit planned or made so long after a treatment ('suivi PTH à 1 an', 'on revoit à 1 an')
# the mark of an estimated age between its cue and the number ('Paul, ~38 ans', 'une femme, ≈40 ans')
_APPROX_MARK_BEFORE = re.compile(r"(?<=[\s,:(])[~≈][ \t]*$")  # (not 'environ': 'cholécystectomie, environ 20 ans')
# what makes the years before a self-correction a duration ('il y a deux ans non trois ans', 'depuis 3 ans non 4 ans')
_SINCE_WORDS = frozenset({"y", "depuis", "pendant", "durant", "dans", "apres", "avant", "pour", "sur"})
_FOLLOW_UP = frozenset({"suivi", "revu", "revue", "revoit", "revoir", "reverra", "reviendra", "controle", "recontrole",
                        "reevaluation", "rdv", "reconvoque", "reconvoquee", "revoyons", "reverrons"})
# an age in a criterion or a statistic is no one's age: a bound after a comparison ('âge ≥ 40 ans', 'les plus de 65
# ans', 'supérieur à 70 ans') or the end of a range ('entre 50 et 74 ans', 'femmes de 50 à 74 ans') ...
_AGE_BOUND_BEFORE = re.compile(r"(?:[≥≤<>]=?|=<|=>|\b(?:plus|moins)[ \t]+de|\b(?:sup|inf)[ée]rieur[es]*[ \t]+(?:ou[ \t]+[ée]gale?s?"
                               r"[ \t]+)?[àa]|\bau-del[àa][ \t]+de|\bentre[ \t]+\d{1,3}(?:[ \t]+ans)?[ \t]+et|\bde[ \t]+\d{1,3}(?:[ \t]+ans)?[ \t]+[àa])"
                               r"[ \t]*$",
                               re.IGNORECASE)
# ... or the horizon of a risk, a survival or a screening programme ('risque de fracture majeure à 10 ans', 'survie à 5
# ans', 'surveillance par coloscopie à 5 ans', 'le programme s'arrête à 69 ans')
_AGE_HORIZON = frozenset({"risque", "risques", "probabilite", "frax", "survie", "recidive", "surveillance", "s'arrete",
                          "arrete", "arret"})
_CLAUSE_BREAK = re.compile(r"[,;.!?]")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# a bone age is a measure read on a radiograph ('âge osseux estimé à 13 ans'), not the patient's age
_BONE_AGE = re.compile(r"osseu(?:x|se)\b(?![^,;.\n]*\bage\b)[^,;.\n]*$")  # ('... pour un âge de 12 ans' stays)


class AgeAnnotator(Annotator):
    """Ages: '72a', or a number of years/months announced by an age cue ('patiente de 45 ans'), in
    digits or in words ('âgé de quatre-vingt-deux ans'), with halves and months ('4 ans 1/2',
    '3 ans et 7 mois'), 'Âge : 59', a newborn's day of life ('J5 de vie', '5 jours de vie').

    Durations ('depuis 3 mois', 'contrôle à 6 semaines', 'J+3') have no cue and are left alone.
    """

    def __init__(self, tag: str, cues: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.cues = {fold(c) for c in cues}

    def _cued(self, ctx: Context, start: int, unit: str = "", end: int = -1) -> bool:
        before = ctx.text[max(0, start - 40) : start]
        line = before.rsplit("\n", 1)[-1]
        if "osseu" in ctx.folded_text[max(0, start - 40) : start] and _BONE_AGE.search(
                ctx.folded_text[start - len(line) : start]):
            return False  # 'âge osseux estimé à 13 ans': the bone age, a measure
        last = line.rstrip(" \t")[-2:].lower()  # (every bound ends so: the search runs on few lines)
        if last and (last[-1] in "≥≤<>=àa" or last in ("de", "et")) and _AGE_BOUND_BEFORE.search(line):
            return False  # 'âge ≥ 40 ans', 'chez les plus de 65 ans': a criterion's bound
        if "(" in line:
            line = _GENDER_SUFFIX.sub("", line)  # 'Patient(e) de 45 ans', 'âgé(e) de 3 ans'
        approx = _APPROX_MARK_BEFORE.search(line) if unit in ("ans", "an", "a") else None
        if approx:
            line = line[: approx.start()]  # 'Paul, ~38 ans', 'X, ≈40 ans': the estimate's mark, then the cue
            # (years only: '~3 mois', 'env. 6 semaines' after a comma are mostly a treatment's length)
        if line.strip() == "" or line.rstrip().endswith("("):
            return True
        words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", line)
        stripped = line.rstrip()
        if stripped.endswith(("-", "–", "|", "/")) and line.endswith(" "):
            return True
        if stripped.endswith(",") or stripped.endswith(":"):
            if stripped.endswith(":"):
                return bool(words) and (fold(_ELISION.sub("", words[-1])) in self.cues or bool(
                    _AGE_LABEL_LINE.search(fold(stripped))))
            return not (end >= 0 and unit and _DELAY_POST.match(ctx.text, end))  # 'M. X, 6 semaines post-PTG'

        tail = [fold(_ELISION.sub("", w)) for w in words[-3:]]
        if not tail:
            return False
        if tail[-1] in self.cues:
            return True
        if tail[-1] in ("non", "pardon") and len(tail) >= 2 and tail[-2] in ("ans", "an") and unit in ("ans", "an") and (
                _SINCE_WORDS.isdisjoint(fold(w) for w in words[-8:])):
            return True  # a dictation's self-correction: 'quarante-cinq ans non cinquante-quatre ans'
        if tail[-1] == "a" and len(tail) >= 2 and tail[-2] == "y":
            return False  # 'il y a deux ans': how long ago, not an age
        if tail[-1] == "a" and end >= 0 and _DELAY_AFTER.match(ctx.text, end):
            return False  # 'vue à 1 an de la PTH': a delay counted from an event
        if tail[-1] == "a" and not _FOLLOW_UP.isdisjoint(fold(w) for w in words[-6:-1]):
            return False  # 'suivi PTH gauche à 1 an', 'on revoit à 1 an': the follow-up's delay
        if tail[-1] == "a" and not _AGE_HORIZON.isdisjoint(
                fold(w) for w in _WORDS.findall(_CLAUSE_BREAK.split(line)[-1])[-6:-1]):
            return False  # 'risque de fracture majeure à 10 ans', 'survie à 5 ans' (in its clause: 'risque de chute,
            # opérée à 45 ans' is an age)
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
            if m.group("a") and _CLASS_BEFORE.search(folded_text, max(0, m.start() - 20), m.start()):
                continue  # 'Lenke 1A', 'maternité de type 2A', 'stade 3A': a class, not an age
            if m.group("a") or m.group("a2") or self._cued(ctx, m.start(), m.group("u") or "", m.end()) or (
                    folded_text.startswith(" de vie", m.end())):
                out.append((m.start(), m.end(), self.tag))
        if "de vie" in folded_text:
            out.extend((m.start(), m.end(), self.tag) for m in _NEWBORN_DAY.finditer(text))
        folded = ctx.folded_set
        if not _AGE_UNITS.isdisjoint(folded):
            out.extend(self._ages_in_words(ctx))
        if "age" in folded:
            out.extend(self._age_field(ctx))
        return out

    def _ages_in_words(self, ctx: Context) -> list[Candidate]:
        """'âgé de quatre-vingt-deux ans', 'une dame de soixante ans'."""
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for i in ctx.indices(_AGE_UNITS):
            if i == 0 or (folded[i - 1] not in NUMBER_WORDS and "-" not in folded[i - 1]):
                continue  # '45 ans', 'des ans': no number word before
            found = longest_number_before(folded, i, max_tokens=6)
            if not found or found[1] < 2 or found[1] > 130:
                continue
            first = found[0]
            if not all(ctx.joined(k) for k in range(first + 1, i + 1)):
                continue
            if self._cued(ctx, toks[first].start, folded[i], toks[i].end):
                out.append((toks[first].start, toks[i].end, self.tag))
        return out

    def _age_field(self, ctx: Context) -> list[Candidate]:
        """'Âge : 59' (a form's field: the number alone is the age)."""
        out: list[Candidate] = []
        folded, toks, n = ctx.folded, ctx.tokens, len(ctx.tokens)
        for i in ctx.indices(_AGE_WORD):
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
    if not (tok.kind == "word" and 2 <= len(tok.text) <= 3 and tok.text[0].isupper() and (
            tok.text[1:].islower() or upper_document(ctx)) and not any(c in "aeiouy" for c in ctx.folded[k])):
        return False  # 'Roy.' ends a sentence, 'Ch.' is cut short
    if not (k + 2 < len(toks) and toks[k + 1].text == "." and toks[k + 1].start == tok.end and ctx.joined(k + 2)):
        return False
    nxt = toks[k + 2]
    return nxt.kind == "word" and (not nxt.is_upper or upper_document(ctx)) and (
        nxt.text[0].isupper() or ctx.folded[k + 2] in PARTICLES)


def _short_first_name(ctx: Context, k: int) -> bool:
    """After a title, any short capitalised word with a dot before a name: 'Dr Jé. Tessier'."""
    toks = ctx.tokens
    tok = toks[k]
    return (tok.kind == "word" and 2 <= len(tok.text) <= 3 and tok.text[0].isupper() and tok.text[1:].islower()
            and k + 2 < len(toks) and toks[k + 1].text == "." and toks[k + 1].start == tok.end and ctx.joined(k + 2)
            and toks[k + 2].is_cap and not toks[k + 2].is_upper and ctx.folded[k + 2] not in ctx.lookups.medical
            and ctx.folded[k + 2] not in ctx.lookups.function_words)


def _strip_elision(tok: Token) -> tuple[int, str]:
    m = _ELISION.match(tok.text)
    return (tok.start + 2, tok.text[2:]) if m else (tok.start, tok.text)


def _is_name_word(ctx: Context, i: int, allow_common: bool = False) -> bool:
    tok = ctx.tokens[i]
    if tok.kind != "word":
        return False
    _, rest = _strip_elision(tok)
    if rest and rest.islower() and len(rest) > 3 and lower_document(ctx):
        # a text typed in lower case: a known name that is no French word ('avec mathieu')
        f = fold(rest)
        lk = ctx.lookups
        return (f in lk.first_names or f in lk.surnames) and not lk.is_common(rest) and f not in lk.function_words
    if not rest or not rest[0].isupper():
        return False
    if tok.is_upper and ctx.folded[i] in ctx.lookups.function_words and ctx.folded[i] not in DAYS_MONTHS:
        return False  # 'QUI', 'EST' in a text written in capitals (a month may be a surname: 'DR MAI')
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
        # per first word: the second words of its longer phrases, and whether it is a phrase alone; a
        # next word that is no second word settles the match at once ('de' of 'de la part de')
        self.seconds = {first: frozenset(p[1] for p in v if len(p) > 1) for first, v in self.phrases.items()}
        self.alone = {first: 1 if any(len(p) == 1 for p in v) else 0 for first, v in self.phrases.items()}

    def match(self, ctx: Context, i: int) -> int:
        """Number of tokens matched at i (0 if none); punctuation between words is skipped."""
        first = ctx.bare[i]
        candidates = self.phrases.get(first)
        if not candidates or ctx.tokens[i].kind != "word":
            return 0
        toks, j = ctx.tokens, i + 1
        while j < len(toks) and toks[j][3] == "punct" and toks[j][0] == ".":
            j += 1
        if j >= len(toks) or ctx.folded[j] not in self.seconds[first]:
            return self.alone[first]
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


# verbs and nouns of where one lives (not birth: one is born in a hospital's maternity, 'né à la Pitié')
_HOME_VERBS = frozenset({"habite", "habitant", "habitante", "habitent", "domicilie", "domiciliee", "domicilies",
                         "domicile", "demeurant", "demeure", "vit", "vivent", "vivant", "reside", "resident",
                         "residant", "residante", "installe", "installee", "installes", "demenage", "demenagee",
                         "originaire", "natif", "native"})


def _home_verb_before(folded: list[str], k: int) -> bool:
    """A verb of living right before token k (the 'à'/'au'), maybe with one adverb ('vit seule à')."""
    return folded[k - 1] in _HOME_VERBS or k >= 2 and folded[k - 2] in _HOME_VERBS and folded[k - 1] in (
        "actuellement", "toujours", "desormais", "maintenant", "seul", "seule", "depuis", "aussi", "encore")


# one to three words then a colon, on the same line: a form's label ('Destination :', 'Médecin traitant :'). After a column
# gap it starts the next cell; a wide gap alone is not enough (OCR'd and faxed text spaces names out: 'CHU   DE LILLE')
_LABEL_AHEAD = re.compile(r"[^\W\d_][\w'’.\-]*(?:[ \t][\w'’.\-]+){0,2}[ \t]*:")


class InstitutionAnnotator(Annotator):
    """Hospitals, clinics, care homes: a head word ('Clinique', 'CHU') plus a capitalised name; the public
    register's names, whole or alone ('à la Timone'); sites of a group ('site de Godinne')."""

    def __init__(self, tag: str, heads: list[str], standalone: list[str], upper_heads: list[str] = (),
                 capitalised_heads: list[str] = (), cues: list[str] = (), register_full: list[str] = (),
                 register_names: list[str] = (), site_cues: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.heads = _PhraseMatcher(heads)
        self.upper_heads = {fold(h) for h in upper_heads}
        self.capitalised_heads = {fold(h) for h in capitalised_heads}
        self.standalone = set(standalone)
        self.standalone_folded = {fold(x) for x in standalone}
        self.cues = {fold(c) for c in cues}
        full = place_index(tuple(register_full))  # names led by a head word are the patterns' job: not probed twice
        # a key left with one letter is a name whose dotted initials were the rest ('C. H. R. O' -> 'o'): it would
        # tag the letter anywhere ('groupe sanguin O')
        keys = frozenset(k for k in full.keys if k[0] not in self.heads.phrases and k[0] not in self.standalone_folded
                         and (len(k) > 1 or len(k[0]) > 1))
        self.register = PlaceIndex(keys, {f: v for f, v in full.sizes.items() if any(k[0] == f for k in keys)})
        self.register_names = place_index(tuple(register_names))
        self.site_cues = {fold(c) for c in site_cues}
        # where a head or a standalone name can start: one ``ctx.indices`` query
        self._start_words = frozenset(self.heads.phrases).union(self.standalone_folded)

    def _head_written_right(self, ctx: Context, i: int, size: int) -> bool:
        """Acronym heads count in capitals only ('CH de Dax', not 'ch.'), some one-word heads capitalised only
        ('Centre Léon Bérard', not 'le centre de la lésion'; 'centre de rééducation de X' is fine)."""
        f, text = ctx.bare[i], _strip_elision(ctx.tokens[i])[1]
        if f in self.upper_heads:
            return text.isupper() or text[:2].isupper() or self._lower_head_city(ctx, i + size)
        if f in self.capitalised_heads and size == 1:
            return text[:1].isupper() or f in LOWER_CASE_OK_HEADS and self._proper_name_next(ctx, i + 1)
        return True

    def _proper_name_next(self, ctx: Context, j: int) -> bool:
        """'l'institut Curie', 'la résidence Les Lilas', 'le centre Léon Bérard': after a lower-case head, a
        person's name, a saint, a known hospital name or 'Le/La/Les' + a capitalised word."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        if j >= n or not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[:1].isupper():
            return False
        f = ctx.folded[j]
        if f in ("le", "la", "les"):
            return j + 1 < n and ctx.joined(j + 1) and toks[j + 1].is_cap
        if ctx.bare[j - 1] in ("institut", "fondation") and f not in lk.function_words and not _ADJECTIVE_END.search(f):
            return True  # "l'institut Curie", "l'institut Pasteur": named after a person even when also a word
        return (f in lk.surnames or f in lk.first_names or f.split("-")[0] in SAINTS or f in lk.eponyms
                or f in lk.hospital_names.by_first or f in self.register_names.sizes
                or not lk.is_common(toks[j].text) and f not in DAYS_MONTHS and f not in COMPASS)

    def _lower_head_city(self, ctx: Context, j: int) -> bool:
        """'ch de montélimar', 'chu de poitiers', 'chu saint-pierre': a lower-case acronym head counts before
        'de' + a known town or a saint's name."""
        if j < len(ctx.tokens) and ctx.joined(j) and _lower_saint(ctx, j):
            return True
        if j + 1 < len(ctx.tokens) and ctx.folded[j] in ("de", "du") and ctx.joined(j + 1):
            return _city_at(ctx, j + 1, ctx.folded[j + 1]) > 0 and not ctx.lookups.is_common(ctx.tokens[j + 1].text)
        return j < len(ctx.tokens) and ctx.folded[j].startswith("d'") and _city_at(ctx, j, ctx.bare[j]) > 0

    def _named_hospitals(self, ctx: Context, trie: SequenceTrie | PlaceIndex, register: bool) -> list[Candidate]:
        """Hospitals named by their name alone ('à la Pitié', 'transféré à Erasme'): a name that is also a
        surname, an eponym, a first name, a place or a word needs a cue ('à', 'au', 'la', 'site') before it;
        so does every one-word register name and every register name led by a first name ('Gustave Roussy')."""
        by_first = trie.sizes if isinstance(trie, PlaceIndex) else trie.by_first
        lk, toks = ctx.lookups, ctx.tokens
        out: list[Candidate] = []
        if by_first.keys().isdisjoint(ctx.bare_set):  # (a C-speed test first: most texts name none)
            return out
        elided = ctx.elided
        for i in sorted(i for i in ctx.caps + elided if ctx.bare[i] in by_first):  # names are capitalised
            start, rest = _strip_elision(toks[i])
            if not rest[:1].isupper():
                continue
            words = [ctx.bare[i]] + [ctx.folded[k] for k in range(i + 1, min(i + 6, len(toks)))
                                     if toks[k].kind in ("word", "num")]
            if isinstance(trie, PlaceIndex):
                size = trie.longest(words[0], words, 0)
            else:
                size = next((len(e) for e in by_first[ctx.bare[i]] if tuple(words[: len(e)]) == e), 0)
            if not size:
                continue
            last = i
            for _ in range(size - 1):
                last += 1
                while toks[last].kind not in ("word", "num"):
                    last += 1
            if any(not ctx.joined(k) or toks[k].kind == "punct" and toks[k].text not in "-.'’"
                   for k in range(i + 1, last + 1)):
                continue  # a name is written on one line, without a comma or a bracket inside
            key = tuple(words[:size])
            ambiguous = size == 1 and (lk.is_common(key[0]) or key[0] in lk.surnames or key[0] in lk.first_names
                                       or key in lk.cities)
            if register and (key in lk.cities or _city_at(ctx, i, ctx.bare[i]) or key[0] in lk.city_first_words
                             and len(key) == 1):
                continue  # 'Saint-Avold', 'Bourgoin': a register name that is a town is the town
            if register:
                ambiguous = size == 1 or key[0] in lk.first_names or key in lk.cities or ambiguous or all(
                    lk.is_common(w) or w in CONNECTORS for w in key)  # 'à la Cavale Blanche'
                if not all(toks[k].kind != "word" or toks[k].text[:1].isupper() or ctx.folded[k] in CONNECTORS
                           for k in range(i, last + 1)):
                    continue
            prev = ctx.folded[i - 1] if i > 0 else ""
            cued = prev in self.cues or bool(_ELISION.match(toks[i].text)) or (
                i > 0 and prev == "-" and i > 1 and ctx.folded[i - 2] in self.cues)
            if register and (ctx.folded[i][:2] == "d'" or prev in ("de", "du", "des", "par") or any(
                    w in lk.eponyms or w in lk.medical for w in key)):
                continue  # 'maladie de Dupuytren', "maladie d'Ollier": eponyms, not the hospitals named after them
            if ambiguous and not cued:
                continue
            if i > 0 and ctx.folded[i - 1] in ("dr", "pr", "docteur", "professeur", "mme", "m", "monsieur", "madame"):
                continue
            if i >= 2 and prev in ("a", "au", "aux") and _home_verb_before(ctx.folded, i - 1):
                # 'domiciliée à Sainte-Anne', 'vit au Kremlin-Bicêtre': where one lives is the town the
                # hospital is named after (kept covered, as the place)
                out.append((start, toks[last].end, "LOCATION"))
                continue
            out.append((start, toks[last].end, self.tag))
        return out

    def _sites(self, ctx: Context) -> list[Candidate]:
        """'site de Godinne', '(site Notre-Dame)', 'campus Sint-Jan': a named site of a hospital group."""
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        if self.site_cues.isdisjoint(ctx.folded_set):
            return out
        for i in ctx.indices(self.site_cues):
            j = i + 1
            if j < n and ctx.folded[j] in ("de", "du", "des") and ctx.joined(j):
                j += 1
            if j >= n or not ctx.joined(j) or toks[j].kind != "word":
                continue
            start, rest = _strip_elision(toks[j])
            article = ctx.folded[j] in ("le", "la", "les") and j + 1 < n and ctx.joined(j + 1) and toks[j + 1].is_cap
            if not rest[:1].isupper() or ctx.lookups.is_common(rest) and not _city_at(ctx, j, ctx.bare[j]) and (
                    not article):  # ('site Les Viviers' is a name)
                continue
            end = self._name_end(ctx, j, after_head=True)
            if end - j == _city_at(ctx, j, ctx.bare[j]) and not ctx.folded[j].startswith(("saint", "sint", "notre")):
                continue  # 'site de Libramont': a site named by its town is the town (LOCATION)
            if end > j:
                out.append((start, toks[end - 1].end, self.tag))
        return out

    def _name_end(self, ctx: Context, j: int, after_head: bool = False) -> int:
        """Index after the institution's name starting at token j (j itself if none)."""
        end, k, n = j, j, len(ctx.tokens)
        head_capitalised = after_head or j > 0 and _strip_elision(ctx.tokens[j - 1])[1][:1].isupper()
        text, toks = ctx.text, ctx.tokens
        while k < n and ctx.joined(k) and k - j < 8:
            tok, f = toks[k], ctx.folded[k]
            if k and (tok.start - toks[k - 1].end > 1 or text[tok.start - 1] == "\t") and _LABEL_AHEAD.match(
                    text, tok.start):
                break  # a column gap (two spaces or more, a tab) before a label: the next cell of a form ('CH de X   Destination :')
            if tok.kind == "punct" and tok.text in ".-" and k + 1 < n and ctx.folded[k - 1] in SAINTS:
                k += 1
                continue
            if tok.kind == "punct" and tok.text == "'" and k + 1 < n:
                k += 1
                continue
            if tok.kind == "punct" and tok.text == "&" and end > j and k + 1 < n and ctx.tokens[k + 1].is_cap:
                k += 1  # 'Sambre & Meuse'
                continue
            if tok.kind == "word" and (f in CONNECTORS or _ELISION.match(tok.text) and not tok.text[2:3].isupper()):
                if f in ("de", "du") and k + 1 < n and ctx.joined(k + 1) and ctx.tokens[k + 1].kind == (
                        "word") and not ctx.tokens[k + 1].text[:1].isupper():
                    size = _city_at(ctx, k + 1, ctx.folded[k + 1])  # 'ch de montélimar'
                    if size and not ctx.lookups.is_common(ctx.tokens[k + 1].text):
                        k = end = k + 1 + size
                        continue
                k += 1
                continue
            if k == j and tok.kind == "word" and _lower_saint(ctx, k):
                k += 1  # 'clinique saint-luc', 'hôpital saint-pierre' in a lower-case text
                end = k
                continue
            if tok.kind == "word" and f in COMPASS and tok.text[0].isupper():
                k += 1  # 'Centre hospitalier Sud Francilien', 'Hôpital Nord'
                end = k
                continue
            if tok.kind == "word" and f in INSTITUTION_ADJECTIVES:
                k += 1  # 'Hôpital américain de Neuilly', 'Hôpital privé Jacques Cartier'
                if end > j or tok.text[0].isupper():
                    end = k
                continue
            rest = _strip_elision(tok)[1]
            if k > j and ctx.bare[k] in self.heads.phrases and ctx.folded[k - 1] in CONNECTORS:
                break  # '... Médipôle et au Cabinet X': the next institution starts here
            if f in TITLE_WORDS and k + 1 < n and ctx.tokens[k + 1].kind in ("word", "init", "punct"):
                break  # 'Cabinet médical du Dr Martin': the doctor is a person
            if tok.kind == "word" and rest[:1].isupper() and not tok.is_upper and f not in ctx.lookups.function_words \
                    and f not in DAYS_MONTHS and (f not in ctx.lookups.medical or head_capitalised and (
                        end > j or k == j + 1 and ctx.folded[j] == "les")) and (
                    head_capitalised or end > j or not ctx.lookups.is_common(rest) or f in self.register_names.sizes
                    or f in ctx.lookups.hospital_names.by_first or k == j and (f in ctx.lookups.eponyms or j > 0 and (
                        ctx.bare[j - 1] in ("institut", "fondation") and not _ADJECTIVE_END.search(f)))) and (
                    end > j or k == j or f not in ctx.lookups.eponyms):
                k += 1  # 'Hôpital Femme Mère Enfant', 'Clinique Pasteur', 'Le Bois Fleuri', "l'hôpital Delta"
                end = k
                continue
            if tok.kind == "word" and (f.split("-")[0] in SAINTS or _is_name_word(ctx, k) or (
                    rest[:1].isupper() and f not in ctx.lookups.medical and f not in ctx.lookups.eponyms
                    and k > j and (ctx.folded[k - 1] in CONNECTORS or rest != tok.text))):  # "de l'Ouest"
                k += 1
                end = k
                continue
            break
        return end

    @staticmethod
    def _generic(ctx: Context, j: int, end: int) -> bool:
        """The 'name' after a head is only ordinary words led by an adjective ('Cérébrale', 'Semi-Ovale',
        'Principale') or a unit's schedule ('de Jour'): a title-case heading, not an institution."""
        lk = ctx.lookups
        words = [k for k in range(j, end) if ctx.tokens[k].kind == "word" and ctx.folded[k] not in CONNECTORS]

        def ordinary(k: int) -> bool:  # 'Thoraco-Abdomino-Pelvien', 'Semi-Ovale': combining forms count as words
            f = ctx.folded[k]
            if _city_at(ctx, k, ctx.bare[k]) or f in lk.surnames:
                return False  # 'CHU Bordeaux': a town is a name
            return lk.is_common(ctx.tokens[k].text) or f in lk.medical or f in GENERIC_UNIT_WORDS or "-" in f and all(
                p in lk.stopwords or p in lk.medical or p in MEDICAL_PREFIXES or p.endswith("o") or _ADJECTIVE_END.search(p)
                for p in f.split("-"))

        if not words or not all(ordinary(k) for k in words):
            return False
        if all(ctx.folded[k] in GENERIC_UNIT_WORDS for k in words) or ctx.folded[words[0]] in ("jour", "semaine", "nuit"):
            return True  # 'Hôpital de Jour', 'Clinique du Sein', 'Centre de la Douleur': a unit, not a place
        return words[0] == j and bool(_ADJECTIVE_END.search(ctx.folded[j]))

    def _town_at_end(self, ctx: Context, first: int, end: int) -> int:
        """Where a trailing 'de <town>' starts when the name before it is already a name ('Clinique Pasteur
        de Toulouse' -> 'Clinique Pasteur' + Toulouse), else ``end``. 'CH de Cahors' and 'Notre-Dame de Grâce'
        keep their 'de'."""
        for k in range(end - 1, first, -1):
            if ctx.folded[k] in ("de", "d") or ctx.folded[k].startswith("d'"):
                elided = ctx.folded[k].startswith("d'")
                town = k if elided else k + 1
                if town >= end or _city_at(ctx, town, ctx.bare[town]) != end - town:
                    return end
                before = [ctx.folded[m] for m in range(first, k) if ctx.tokens[m].kind == "word"
                          and ctx.folded[m] not in INSTITUTION_ADJECTIVES and ctx.folded[m] not in CONNECTORS]
                if not before or ctx.folded[k - 1] in COMPASS or ctx.folded[k - 1].split("-")[-1] in SAINTS or ctx.folded[k - 1] in ("notre-dame",):
                    return end
                if (ctx.bare[town],) in ctx.lookups.ambiguous_cities:
                    return end
                return town if elided else k
        return end

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks = ctx.tokens
        # 'C.H.U. de Liège', 'A.Z. Sint-Jan': a dotted head among the initials, in a text with two dotted capitals in a
        # row (the text's scan only once such a head is there: most texts hold none)
        dotted = [i for i in ctx.inits if _undotted(toks[i][0]) in self.upper_heads]
        if dotted and not _DOTTED.search(ctx.text):
            dotted = []
        for i in sorted(dotted + ctx.indices(self._start_words, bare=True)):
            tok = toks[i]
            if tok.kind == "init":
                n = 1
            elif tok.kind != "word":
                continue
            else:
                n = self.heads.match(ctx, i)
                n = n if n and self._head_written_right(ctx, i, n) else 0
            start, _ = _strip_elision(tok)
            if n and i + n < len(toks) and toks[i + n].text == "." and toks[i + n].start == toks[i + n - 1].end and (
                    ctx.bare[i + n - 1] in ABBREVIATED_HEADS):
                n += 1  # 'Hôp. Saint-Joseph', 'Clin. Saint-Jean'
            second = 0
            if n and i + n < len(toks) and ctx.joined(i + n):
                second = self.heads.match(ctx, i + n)
                second = second if second and toks[i + n].text[:1].isupper() else 0
                n += second
            if n and i + n + 2 < len(toks) and toks[i + n].text == "(" and toks[i + n + 2].text == ")" and (
                    toks[i + n + 1].is_upper) and ctx.joined(i + n + 3 if i + n + 3 < len(toks) else i + n):
                n += 3  # 'maison de repos et de soins (MRS) Saint-Joseph'
            if n and i + n < len(toks) and toks[i + n].text in "«\"“" and i + n + 1 < len(toks) and (
                    _OPEN_QUOTE.fullmatch(ctx.text, toks[i + n - 1].end, toks[i + n + 1].start)):
                end = self._name_end(ctx, i + n + 1, after_head=True)  # 'maison de repos « Les Jardins »'
                if end > i + n + 1:
                    out.append((toks[i + n + 1].start, toks[end - 1].end, self.tag))
                    continue
            if n == 1 and ctx.bare[i] in TRAILING_HEADS and i > 0 and ctx.joined(i) and toks[i - 1].is_cap and (
                    not ctx.lookups.is_common(toks[i - 1].text)) and tok.text[:1].isupper() and (
                    ctx.folded[i - 1] not in DUTCH_ARTICLES):
                first = i - 1  # 'Jessa Ziekenhuis', 'Sint-Maria Kliniek': the name comes first in Dutch
                while first > 0 and ctx.joined(first) and toks[first - 1].is_cap and first > i - 3:
                    first -= 1
                out.append((toks[first].start, tok.end, self.tag))
                continue
            if n:
                end = self._name_end(ctx, i + n, after_head=_strip_elision(tok)[1][:1].isupper())
                if end > i + n and self._generic(ctx, i + n, end):
                    end = i + n  # 'IRM Cérébrale', 'Centre Ovale', 'Hôpital de Jour': a kind of place, no name
                if end > i + n and ctx.bare[i] in ("residence", "res") and _STREET_AFTER.match(
                        ctx.text, toks[end - 1].end):
                    out.append((start, toks[end - 1].end, "LOCATION"))  # 'Résidence Les Érables, 13 bd Michelet'
                    continue
                if end > i + n:
                    cut = self._town_at_end(ctx, i + n, end)
                    if cut < end:
                        town_start = _strip_elision(toks[cut])[0] if ctx.folded[cut].startswith("d'") else toks[
                            cut].start
                        if ctx.folded[cut] in ("de", "d"):
                            town_start = toks[cut + 1].start
                        out.append((town_start, toks[end - 1].end, "LOCATION"))
                        end = cut
                    out.append((start, toks[end - 1].end, self.tag))
                    continue
            if second:  # 'CHU Helora', 'CHU UCL': two heads are a name
                out.append((start, toks[i + n - 1].end, self.tag))
                continue
            if tok.text[2:] in self.standalone and _ELISION.match(tok.text) or tok.text in self.standalone:
                out.append((start, tok.end, self.tag))
        out.extend(_find_sequence(ctx, ctx.lookups.extra_institutions, self.tag))
        out.extend(c for c in _find_indexed(ctx, self.register, self.tag)
                   if any(ch.isupper() for ch in ctx.text[c[0] : c[1]]) and not _INNER_PUNCT.search(ctx.text[c[0] : c[1]]))
        out.extend(self._named_hospitals(ctx, ctx.lookups.hospital_names, register=False))
        out.extend(self._named_hospitals(ctx, self.register_names, register=True))
        if "SOS " in ctx.text:
            out.extend(_sos_services(ctx, self.tag))
        out.extend(self._sites(ctx))
        return out


def _find_sequence(ctx: Context, trie: SequenceTrie, tag: str) -> list[Candidate]:
    """Entries of a hospital-supplied list (staff, institutions), matched on word tokens."""
    by_first = trie.by_first
    if not by_first or by_first.keys().isdisjoint(ctx.folded_set):  # (len(trie) counts every entry)
        return []
    idx = [i for i, t in enumerate(ctx.tokens) if t.kind in ("word", "num")]
    words = [ctx.folded[i] for i in idx]
    out = []
    for a in range(len(words)):
        size = trie.longest_at(words, a) if words[a] in by_first else 0
        if size:
            out.append((ctx.tokens[idx[a]].start, ctx.tokens[idx[a + size - 1]].end, tag))
    return out


def _lower_saint(ctx: Context, k: int) -> bool:
    """'saint-luc', 'sainte-anne', 'notre-dame' written in lower case."""
    f = ctx.folded[k]
    return ctx.tokens[k].kind == "word" and ctx.tokens[k].text[:1].islower() and "-" in f and (
        f.split("-")[0] in SAINTS or f.startswith("notre-dame"))


_SOS = frozenset({"sos"})


def _sos_services(ctx: Context, tag: str) -> list[Candidate]:
    """'SOS Médecins', 'SOS Mains Lille', 'SOS IMAGERIE GARDE': 'SOS' then capitalised words on its line names an
    emergency service or an association (a commune 'Sos' exists: the town finder leaves the acronym alone)."""
    out: list[Candidate] = []
    toks, n = ctx.tokens, len(ctx.tokens)
    for i in ctx.indices(_SOS):
        if toks[i].text != "SOS":
            continue
        k = i + 1
        while k < n and k - i <= 4 and ctx.joined(k) and toks[k].is_cap:
            k += 1
        if k > i + 1:
            out.append((toks[i].start, toks[k - 1].end, tag))
    return out


def _acronym_town(ctx: Context, i: int, word: str, cued: bool) -> bool:
    """A one-token town written like an acronym, which a commune's name is not: mixed case with a capital after a
    small letter ('RAVeL', 'SOFiA'), or two to four capitals (not a big town's: 'PAU', 'METZ' stay) with no cue
    before it or a capitalised word after it on its line ('SOS Médecins', 'vers SOS Amitié'). Such a word is a
    place only after a postcode (the caller's test) or, in capitals, a cue ('habite à DAX') or a dateline."""
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return True
    if not (2 <= len(word) <= 4 and word.isupper()):
        return False
    nxt = i + 1
    if nxt < len(ctx.tokens) and ctx.joined(nxt) and ctx.tokens[nxt].is_cap and not upper_document(ctx):
        return True  # (in a text written in capitals every next word is one)
    return not cued and not _DATELINE.match(ctx.text, ctx.tokens[i].end)


def _find_indexed(ctx: Context, index: PlaceIndex, tag: str) -> list[Candidate]:
    """Whole register names on word tokens (punctuation skipped, within 16 tokens), one set probe per
    candidate length. Only as many word tokens as the longest entry of the first word needs are gathered."""
    sizes, keys, folded, toks = index.sizes, index.keys, ctx.folded, ctx.tokens
    n = len(toks)
    out: list[Candidate] = []
    for i in ctx.caps:  # register names start with a capital
        options = sizes.get(folded[i])
        if options is None:
            continue
        first = folded[i]
        if options[0] == 1:  # one-word entries only
            if (first,) in keys:
                out.append((toks[i].start, toks[i].end, tag))
            continue
        idx, top = [i], options[0]
        for k in range(i + 1, min(i + 16, n)):
            if toks[k][3] in _WORD_KINDS:
                idx.append(k)
                if len(idx) == top:
                    break
        for size in options:
            if size <= len(idx) and (first, *[folded[k] for k in idx[1:size]]) in keys:
                out.append((toks[i].start, toks[idx[size - 1]].end, tag))
                break
    return out


def _city_at(ctx: Context, i: int, first: str) -> int:
    """Tokens of the known town starting at token i (``first``: its key without an elision), 0 if none; on one line."""
    n = len(ctx.tokens)
    for size in ctx.lookups.city_sizes.get(first, ()):
        if i + size <= n and all(ctx.tokens[j].kind == "word" and ctx.joined(j) for j in range(i + 1, i + size)) and (
                (first, *ctx.folded[i + 1 : i + size]) in ctx.lookups.cities):
            return size
    return 0


_ADJECTIVE_END = re.compile(r"(?:ale|al|ales|aux|ique|iques|elle|el|elles|euse|eux|ive|if|aire|oire|ien|ienne|ante|"
                            r"ant|ee|ine|ines|ose|oses|e-ovale)$")
_DOTTED = re.compile(r"[A-Z]\.[A-Z]\.")
DUTCH_ARTICLES = frozenset({"het", "de", "een", "'t", "ons", "dit", "dat", "algemeen", "universitair"})
TRAILING_HEADS = frozenset({"ziekenhuis", "ziekenhuizen", "kliniek", "klinieken", "gasthuis"})
LOWER_CASE_OK_HEADS = frozenset({"centre", "institut", "residence", "home", "fondation", "hospices", "seniorie"})
ABBREVIATED_HEADS = frozenset({"hop", "clin", "polyclin", "ctre", "hosp", "inst"})
GENERIC_UNIT_WORDS = frozenset({"jour", "semaine", "nuit", "pediatrique", "adulte", "adultes", "care", "sein",
                                "memoire", "douleur", "traitement", "sommeil", "obesite", "main", "pied", "dos",
                                "rachis", "epaule", "hanche", "genou", "diabete", "allergie", "osteoporose", "chute",
                                "chutes", "surdite", "vision", "audition", "cicatrisation", "plaie", "plaies",
                                "pathologie", "radiologie", "imagerie", "urgences", "urgence", "pediatrie",
                                "geriatrie", "psychiatrie", "readaptation", "reeducation", "revalidation", "soins"})
MEDICAL_PREFIXES = frozenset({"semi", "hemi", "demi", "pseudo", "post", "pre", "sous", "sus", "extra", "intra", "inter",
                              "para", "peri", "trans", "supra", "infra", "retro", "anti"})
TITLE_WORDS = frozenset({"dr", "dre", "drs", "pr", "prof", "docteur", "professeur", "mme", "mr", "m", "madame",
                         "monsieur", "mlle"})
def _undotted(text: str) -> str:
    return fold(text.replace(".", "").replace("-", ""))


LOWER_TOWN_CUES = frozenset({"a", "habite", "habitant", "habitante", "domicilie", "domiciliee", "vit", "reside",
                             "residant", "residante", "ne", "nee", "de", "demeurant"})  # ('de': only after a cue)
_INNER_PUNCT = re.compile(r"[^\w\s'’.\-]|\n")
_OPEN_QUOTE = re.compile(r"[ \t]*[«\"“][ \t]*")
_STREET_AFTER = re.compile(r"\s*,\s*(?:(?:bâtiment|bât|bat|entrée|esc|escalier|appartement|appt|apt)\.?\s*\w+\s*,\s*)?"
                           r"(?:\d{1,4}(?:\s?(?:bis|ter|[a-c]))?\s*,?\s*)?"
                           r"(?:rue|avenue|av|boulevard|bd|chemin|allée|place|impasse|route|quai|chaussée|square)\b", re.I)
_DISTRICT_AFTER = re.compile(r"[ \t]+(?:(?:[1-9]|1\d|20)(?:e|er|ème|eme|è)(?!\w)(?:[ \t]+arrondissement)?|"
                             r"(?:cedex|CEDEX|Cedex)(?:[ \t]+\d{1,2}(?!\d))?)")
CONTRACTED_ARTICLES = {"au": "le", "du": "le", "aux": "les", "des": "les"}
_POSTCODE_AFTER = re.compile(r"[ \t]*\((?:[BF]-)?(\d{4,5})\)")
_CITY_AFTER = re.compile(r"\d*\s+[A-ZÀ-ÖØ-Þ]")
HOUSE_NUMBER = re.compile(r"[ \t]*,?[ \t]*\d{1,4}(?!\d)(?:\s?(?:bis|ter|quater|[a-zA-Z])(?!\w))?"
                          r"(?:\s*,?\s*(?:bte|bt|boîte|boite|bus|b|/)\.?\s*\d{1,4}(?!\d))?")
POSTCODE = re.compile(r"^(?:[BF]-)?(?:[1-9]\d{3}|\d{5})$")
_UNIT_AFTER = re.compile(r"\s*(?:[.,]\d|mm|cm|m\b|ml|mg|kg|g\b|%|ans?\b|mois|jours?|fois|x\b|h\b|min|sem|°)")
RESIDENCE_VERBS = frozenset({"habite", "habitant", "habitante", "domicilie", "domiciliee", "demeurant", "demeure",
                             "ne", "nee", "vit", "reside", "residant", "residante", "installe", "installee",
                             "demenage", "demenagee", "heberge", "hebergee"})
NAME_PARTICLES = frozenset({"van", "der", "den", "von", "dos", "das", "do", "da", "del", "della", "di", "ter", "ten",
                            "vanden", "vander", "vande", "ben", "ibn", "bin", "abu", "el", "al"})
PLAIN_STREET_TYPES = frozenset({"rue", "avenue", "av", "boulevard", "bd", "impasse", "allee", "chaussee", "quai",
                                "square"})
NUMBER_SUFFIXES = frozenset({"bis", "ter", "quater", "b", "a", "c"})
ORDINALS = frozenset({"e", "eme", "er", "re", "ere", "ieme"})


# street types written abbreviated: only these take a full stop before the name ('av. Louise', 'bd. Anspach')
_ABBREVIATED_TYPES = frozenset({"av", "bd", "bld", "blvd", "bvd", "pl", "chee", "che", "imp", "rte", "r", "fbg", "all",
                                "ch", "sq", "st", "pass", "prom", "res", "lot"})
_OCR_DIGITS = frozenset({"l", "I", "O", "o"})  # letters OCR writes for the digits 1 and 0, before a house number
_LINK_AFTER_HAMLET = re.compile(r"(?i)(?:d['’]|de$|du$|des$)")
_DUTCH_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-zà-ÿ'\-]{2,}[a-z])(?![\w'\-])")


def _acronym_or_word(ctx: Context, k: int, type_text: str) -> bool:
    """The one word after a street type with no house number is an acronym or an ordinary word written as a title
    ('Passage IDE', 'Passage Kiné'), not a street's name (an address written in capitals keeps its name)."""
    tok = ctx.tokens[k]
    if type_text.isupper():
        return False
    if tok.text.isupper() and len(tok.text) <= 5:
        return ctx.folded[k] in ctx.lookups.stopwords or ctx.folded[k] in ctx.lookups.medical or (
            ctx.lookups.is_common(tok.text)) or ctx.folded[k] not in ctx.lookups.surnames
    return ctx.folded[k] in ctx.lookups.medical and ctx.folded[k] not in ctx.lookups.surnames


class AddressAnnotator(Annotator):
    """Street addresses: a street type and a capitalised name, optional number ('rue de la Loi 16',
    '12 bis rue des Lilas', 'Lindenlaan 5 bus 3', 'lieu-dit La Croix Blanche')."""

    def __init__(self, tag: str, street_types: list[str], dutch_suffixes: list[str], **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.types = _PhraseMatcher(street_types)
        self.suffixes = tuple(fold(s) for s in dutch_suffixes)

    @staticmethod
    def _number_before(ctx: Context, i: int) -> int | None:
        """Start of a house number written before the street ('12 rue', '12 bis rue', '12, rue'), if any."""
        toks = ctx.tokens
        k = i - 1
        if k >= 0 and ctx.folded[k] in NUMBER_SUFFIXES and ctx.joined(i) and toks[k].kind == "word":
            k -= 1
        elif k >= 0 and toks[k].text == "," and toks[k].start == toks[k - 1].end if k >= 1 else False:
            k -= 1
        if k >= 0 and toks[k].kind == "num" and len(toks[k].text) <= 4 and ctx.joined(k + 1) and not (
                k >= 1 and toks[k - 1].kind == "num" and ctx.joined(k)) and not (
                k >= 2 and toks[k - 1].text in "/.-" and toks[k - 1].end == toks[k].start and toks[k - 2].kind == "num"
                ) and not (k >= 1 and ctx.folded[k - 1] in DAYS_MONTHS):
            if k >= 1 and toks[k - 1].end == toks[k].start and toks[k - 1].text in _OCR_DIGITS:
                return toks[k - 1].start  # OCR read a '1' as 'l' or 'I': 'l4 rue Jean Jaurès'
            return toks[k].start  # (not the year of '23/02/2024 place Flagey' or 'mars 2024 rue ...')
        return None

    @staticmethod
    def _lower_name_after_number(ctx: Context, k: int) -> int | None:
        """'12 rue de la paix': after a house number and a plain street type, a lower-case name (up to five
        words with their connectors, on the line); the index after it, else None."""
        toks, end, k0 = ctx.tokens, None, k
        while k < len(toks) and k - k0 < 5 and ctx.joined(k) and toks[k].kind == "word":
            f = ctx.folded[k]
            if f in CONNECTORS or _ELISION.match(toks[k].text):
                if _ELISION.match(toks[k].text):
                    end = k + 1
                k += 1
                continue
            if f in ctx.lookups.function_words:
                break
            k += 1
            end = k
        return end

    @staticmethod
    def _lower_name_before_number(ctx: Context, k: int) -> int | None:
        """After a capitalised street type, a lower-case name of 1-3 words directly followed by a house
        number ('Place communale 5', 'Rue haute 12'): the index after the name, else None."""
        toks, words = ctx.tokens, 0
        while k < len(toks) and ctx.joined(k) and toks[k].kind == "word" and words < 3:
            if ctx.folded[k] in ctx.lookups.function_words and ctx.folded[k] not in CONNECTORS:
                return None
            k, words = k + 1, words + 1
        if not words or ctx.folded[k - 1] in CONNECTORS or k >= len(toks) or toks[k].kind != "num":
            return None
        if not ctx.joined(k) or len(toks[k].text) > 4 or _UNIT_AFTER.match(ctx.text, toks[k].end):
            return None
        return k

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, text = ctx.tokens, ctx.text
        types = self.types.phrases
        candidates = set(ctx.indices(types, bare=True))
        # a capitalised word that starts no street type matters only as a Dutch street ('Lindenlaan 5'):
        # those are picked here in one pass, not by a phrase probe per capitalised word
        folded, suffixes = ctx.folded, self.suffixes
        candidates.update(i for i in ctx.caps if folded[i].endswith(suffixes) and len(toks[i][0]) > 6)
        for i in sorted(candidates):
            tok = toks[i]
            if tok.kind != "word":
                continue
            n = self.types.match(ctx, i)
            if n == 1 and ctx.bare[i] == "r" and not (i + 1 < len(toks) and toks[i + 1].text == "."):
                n = 0  # 'r. du Moulin' is a street, a lone 'r' is not
            if n and ctx.bare[i] == "hameau" and i + 1 < len(toks) and _LINK_AFTER_HAMLET.match(toks[i + 1].text):
                n = 0  # 'hameau de X': the hamlet's own name is the place (places_extra, head left out)
            if n:
                k, end = i + n, None
                if k < len(toks) and toks[k].text == "." and ctx.joined(k):
                    if ctx.folded[k - 1] not in _ABBREVIATED_TYPES:
                        continue  # 'sondes en place. Pas d'œdème': a full word before a full stop ends the sentence
                    k += 1
                while k < len(toks) and ctx.joined(k) and k - i < 10:
                    t, f = toks[k], ctx.folded[k]
                    if t.kind == "word" and (f in CONNECTORS or _ELISION.match(t.text)):
                        if _ELISION.match(t.text) and t.text[2:3].isupper():
                            if t.text[2:].isupper() and 4 <= len(t.text) <= 6 and not tok.text.isupper() and (
                                    self._number_before(ctx, i) is None):
                                break  # "cours d'EPS", "passage d'IDE": an acronym after a street word in lower case
                            k += 1
                            end = k
                            continue
                        k += 1
                        continue
                    if t.kind == "word" and t.text[0].isupper() and len(t.text) > 1:
                        k += 1
                        end = k
                        continue
                    if t.kind == "num" and k + 1 < len(toks) and ctx.joined(k + 1) and toks[k + 1].kind == "word" and (
                            toks[k + 1].start == t.end and ctx.folded[k + 1] in ORDINALS):
                        k += 2  # 'Boulevard du 12ème de Ligne'
                        end = k
                        continue
                    if t.kind == "num" and k + 1 < len(toks) and toks[k + 1].kind == "word" and toks[
                            k + 1].text[0].isupper() and ctx.joined(k + 1) and end is None:
                        k += 1
                        continue
                    break
                if end is None and tok.text[0].isupper():
                    end = self._lower_name_before_number(ctx, i + n)  # 'Place communale 5'
                before = self._number_before(ctx, i)
                if end is None and before is not None and ctx.bare[i] in PLAIN_STREET_TYPES:
                    end = self._lower_name_after_number(ctx, i + n)  # '12 rue de la paix'
                if end is None:
                    continue
                start = tok.start
                if before is not None:
                    start = before
                stop = toks[end - 1].end
                m = HOUSE_NUMBER.match(text, stop)
                if m and not (m.group().lstrip().startswith(",") and _CITY_AFTER.match(text, m.end())) and (
                        before is None or not m.group().lstrip().startswith(",")):
                    stop = m.end()
                    m = _DUTCH_NAME_AFTER.match(text, stop)
                    if m and m.group(1).lower().endswith(self.suffixes):
                        stop = m.end()  # the Dutch name of a bilingual street: 'Rue Haute 322 Hoogstraat'
                elif before is None and end == i + n + 1 and _acronym_or_word(ctx, i + n, tok.text):
                    continue  # 'Passage IDE matin et soir', 'Place Nette': no number, the 'name' is a word
                out.append((start, stop, self.tag))
            elif tok.is_cap and ctx.folded[i].endswith(self.suffixes) and len(tok.text) > 6:
                m = HOUSE_NUMBER.match(text, tok.end)
                if m and not m.group().lstrip().startswith(","):
                    out.append((tok.start, m.end(), self.tag))
        return out


def _table_code(ctx: Context, code: int, word: int) -> bool:
    """A number then a name no town list knows, set apart like a table's columns (two spaces or a tab between)
    or followed by a word in lower case ('1104  Numération', '1203 Ionogramme sanguin'): a code and its label.
    (Postcodes before a town are written with one space, and a town's name goes on capitalised.)"""
    toks = ctx.tokens
    gap = ctx.text[toks[code].end : toks[word].start]
    if "\t" in gap or "  " in gap:
        return True
    nxt = word + 1
    return nxt < len(toks) and ctx.joined(nxt) and toks[nxt].kind == "word" and toks[nxt].text.islower() and len(
        toks[nxt].text) >= 4


# scores, classifications, instruments and signs named after the town they come from ('score de Deauville', 'aiguille de
# Chiba', 'échelle de Glasgow', 'critères de Lugano', 'classification de Kiel'): the town names the tool, no one's place
_EPONYM_TOOL_HEADS = frozenset({"score", "scores", "classification", "critere", "criteres", "aiguille", "aiguilles",
                                "echelle", "index", "indice", "signe", "manoeuvre", "test", "protocole", "sonde",
                                "grade", "grading", "regle", "regles", "formule"})


def _eponym_of_a_tool(ctx: Context, i: int, elided: bool) -> bool:
    """Token i (a town) is the eponym after 'de' of a score, scale, instrument or sign."""
    k = i if elided else i - 1  # ("d'Oxford": the elided 'd'' is in the town's own token)
    if not elided and (k < 0 or ctx.folded[k] != "de"):
        return False
    return k > 0 and ctx.bare[k - 1] in _EPONYM_TOOL_HEADS


class CityAnnotator(Annotator):
    """Cities and communes from the lookup set and the place lists, with a preceding postcode when there is
    one. Towns that are also words or names need a cue; big towns never do; towns that are ordinary words
    ('Sens', 'Vire') only after a residence or birth cue; lower-case towns ('à niort') after such a cue."""

    def __init__(self, tag: str, more: list[str] = (), major: list[str] = (), cue_only: list[str] = (),
                 **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.more = place_index(tuple(more))
        self.major = place_index(tuple(major)).keys
        self.cue_only = place_index(tuple(cue_only))
        self._firsts: frozenset[str] = frozenset()
        self._lower_firsts: frozenset[str] = frozenset()
        self._firsts_for: Lookups | None = None

    def _first_words(self, lk: Lookups) -> frozenset[str]:
        """First words of every town this annotator knows (shared lookups + its own lists), once per lookups."""
        if self._firsts_for is not lk:
            self._firsts = frozenset(lk.city_sizes) | frozenset(self.more.sizes) | frozenset(self.cue_only.sizes)
            # a town in lower case is never an ordinary word or a first name ('à niort', not 'à la', 'à saint')
            self._lower_firsts = frozenset(f for f in self._firsts if len(f) >= 4 and f not in lk.stopwords
                                           and f not in lk.first_names and f not in lk.medical)
            self._firsts_for = lk
        return self._firsts

    def _match(self, ctx: Context, i: int, first: str) -> tuple[int, bool]:
        """(tokens matched at i, whether the town needs a cue)."""
        lk = ctx.lookups
        if first not in lk.city_sizes and first not in self.more.sizes and first not in self.cue_only.sizes and not (
                i > 0 and ctx.folded[i - 1] in CONTRACTED_ARTICLES):
            return 0, False  # (most capitalised words are no town: one test each)
        contracted = self._contracted(ctx, i, first)
        if contracted:
            return contracted, False
        size = _city_at(ctx, i, first)
        if not (i > 0 and ctx.folded[i - 1] in NAME_PARTICLES and ctx.joined(i)):  # (not 'DOS SANTOS': a surname)
            size = max(size, self.more.longest(first, ctx.folded, i))  # 'Braine l'Alleud' over 'Braine'
            if size and any(not ctx.joined(j) or ctx.tokens[j].kind != "word" for j in range(i + 1, i + size)):
                size = 0
        if size:
            key = (first, *ctx.folded[i + 1 : i + size])
            needs_cue = size == 1 and (key in lk.ambiguous_cities or key not in lk.cities and (
                lk.is_common(first) or first in lk.first_names or first in lk.surnames)) and key not in self.major
            text = ctx.tokens[i].text
            if size == 1 and text.isupper() and len(text) <= 4 and key not in lk.cities and key not in self.major:
                needs_cue = True  # foreign 'ABA', 'ORAN' may be acronyms
            return size, needs_cue
        size = self.cue_only.longest(first, ctx.folded, i)
        if size == 1:
            return size, True
        return 0, False

    def town_at(self, ctx: Context, i: int) -> tuple[int, bool]:
        """(tokens of a town this annotator knows at token i, whether it needs a cue): read by the
        person rules, so a lone surname never takes a town's place ('né à Luik', '(Paris)')."""
        return self._match(ctx, i, ctx.folded[i])

    def _district(self, ctx: Context, i: int, first: str) -> int:
        """'Liège-Guillemins', 'Bruxelles-Midi', 'Paris-Nord': a big town joined to a capitalised district or
        station name (not to a first name: 'Nancy-Marie')."""
        head, _, rest = first.partition("-")
        text_rest = ctx.tokens[i].text.partition("-")[2]
        if (head,) in self.major or (head,) in ctx.lookups.cities and (head,) not in ctx.lookups.ambiguous_cities and (
                len(head) > 4 and head not in ctx.lookups.first_names and head not in ctx.lookups.surnames):
            if text_rest[:1].isupper() and rest.split("-")[0] not in ctx.lookups.first_names and rest not in (
                    ctx.lookups.surnames):
                return 1
        return 0

    @staticmethod
    def _contracted(ctx: Context, i: int, first: str) -> int:
        """'au Havre' (Le Havre), 'aux Sables-d'Olonne': tokens of a town whose article is contracted before it."""
        article = CONTRACTED_ARTICLES.get(ctx.folded[i - 1]) if i > 0 else None
        if article and ctx.tokens[i].text[:1].isupper() and ctx.joined(i):
            for size in ctx.lookups.city_sizes.get(article, ()):
                if i + size - 1 <= len(ctx.tokens) and (article, first, *ctx.folded[i + 1 : i + size - 1]) in (
                        ctx.lookups.cities):
                    return size - 1
        return 0

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        n = len(toks)
        firsts = self._first_words(lk)
        elided_caps = [i for i in ctx.elided if ctx.folded[i][0] == "d" and toks[i].text[2:3].isupper()
                       ]  # "d'Oran" ("l'Anse de seau" is no town)
        # (one set probe per capitalised word; only towns, districts, contractions and words after a number go on)
        folded, bare = ctx.folded, ctx.bare
        for i in [i for i in ctx.caps if bare[i] in firsts or "-" in bare[i] or i and (
                folded[i - 1] in CONTRACTED_ARTICLES or toks[i - 1].kind == "num")] + elided_caps:
            tok = toks[i]
            first = ctx.bare[i]
            elided = first != ctx.folded[i]
            match, needs_cue = self._match(ctx, i, first)
            if not match and "-" in first:
                match, needs_cue = self._district(ctx, i, first), False
            prev = i - 1
            if not match and not (prev >= 0 and toks[prev].kind == "num"):
                continue  # (no town, no postcode: the common case, decided at once)
            start = tok.start + (2 if elided else 0)
            has_postcode = prev >= 0 and toks[prev].kind == "num" and POSTCODE.match(toks[prev].text) and (
                ctx.joined(i)) and not elided
            if has_postcode and prev >= 2 and toks[prev - 1].text == "-" and toks[prev - 2].text in "BF":
                prev -= 2
            cued = elided and ctx.folded[i][0] == "d" or (i > 0 and ctx.bare[i - 1] in CITY_CUES) or residence_cued(
                ctx.folded, i)  # "d'Oran", not "l'Anse"
            if match and needs_cue and not has_postcode and not cued and not _DATELINE.match(
                    ctx.text, toks[i + match - 1].end):
                match = 0  # 'Jambes : ...' is a heading; 'à Jambes', 'Jambes, le 3 mars' are places
            if match == 1 and not has_postcode and (first,) not in self.major and _acronym_town(
                    ctx, i, tok.text[2:] if elided else tok.text, cued):
                match = 0  # 'SOS Médecins', 'puis SOS.', 'bilan RAVeL': an acronym spelt like a commune
            if match and not has_postcode and _eponym_of_a_tool(ctx, i, elided):
                match = 0  # 'score de Deauville', 'aiguille de Chiba', 'échelle de Glasgow': a tool named after a town
            if match and needs_cue and (first,) in self.cue_only.keys and not (
                    has_postcode or residence_cued(ctx.folded, i) or elided and i > 0 and ctx.folded[i - 1] in (
                    "originaire", "pres", "region", "commune", "ville")):
                match = 0  # 'Sens', 'Vire': only 'habite à Sens', 'originaire de Sens', '14500 Vire'
            if match:
                if has_postcode:
                    start = toks[prev].start
                stop = toks[i + match - 1].end
                m = _DISTRICT_AFTER.match(ctx.text, stop)
                out.append((start, m.end() if m else stop, self.tag))  # 'Paris 14e', 'Lyon Cedex 03'
                m = _POSTCODE_AFTER.match(ctx.text, toks[i + match - 1].end)
                if m and POSTCODE.match(m.group(1)):  # 'Vire (14500)'
                    out.append((m.start(1), m.end(1), self.tag))
            elif has_postcode and (_is_name_word(ctx, i) or ctx.folded[i] in ("le", "la", "les") and i + 1 < n and (
                    toks[i + 1].is_cap and ctx.joined(i + 1))):  # '62520 Le Touquet'
                if not _is_name_word(ctx, i):
                    i += 1
                line_before = ctx.text[: toks[prev].start].rsplit("\n", 1)[-1].rstrip()
                if _table_code(ctx, prev, i):
                    continue  # '1104  Numération plaquettaire': a code in a table's first column, not a postcode
                if line_before == "" or line_before.endswith(",") or line_before.endswith("-"):
                    k = i + 1
                    while k < n and toks[k].is_cap and ctx.joined(k) and not lk.is_common(toks[k].text):
                        k += 1
                    out.append((toks[prev].start, toks[k - 1].end, self.tag))
        out.extend(self._lower_case(ctx))
        out.extend(self._unknown_after_residence(ctx))
        return out

    def _unknown_after_residence(self, ctx: Context) -> list[Candidate]:
        """'né à Tizi-Ouzou', 'habite à Saint-Martin-des-Champs': a capitalised name after a residence or
        birth verb and 'à' is a town even when no list has it (villages, foreign towns). Not 'né au Maroc',
        'en Algérie' (countries take 'au'/'en': not tagged), nor a French word or a first name."""
        out: list[Candidate] = []
        toks, lk, folded = ctx.tokens, ctx.lookups, ctx.folded
        if RESIDENCE_VERBS.isdisjoint(ctx.folded_set):
            return out
        n = len(toks)
        for i in ctx.indices(RESIDENCE_VERBS):
            j = i + 1
            if j < n and folded[j] in ("actuellement", "toujours", "desormais", "maintenant", "seul", "seule"):
                j += 1
            if not (j + 1 < n and folded[j] == "a" and ctx.joined(j + 1)):
                continue
            k = j + 1
            tok = toks[k]
            if tok.kind != "word" or not tok.text[:1].isupper() or tok.is_upper and len(tok.text) <= 3:
                continue
            if lk.is_common(tok.text) or folded[k] in lk.first_names or folded[k] in DAYS_MONTHS:
                continue
            end = k + 1
            while end < n and ctx.joined(end) and toks[end].kind == "word" and toks[end].text[:1].isupper() and (
                    not lk.is_common(toks[end].text)) and end - k < 3:
                end += 1
            out.append((tok.start, toks[end - 1].end, self.tag))
        return out

    def _lower_case(self, ctx: Context) -> list[Candidate]:
        """'vit à niort', '59000 lille': a town written in lower case, after a residence cue or a postcode,
        when its name is no French word."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        self._first_words(lk)
        towns = self._lower_firsts.intersection(ctx.folded_set)  # (C-speed: most texts name no such town)
        if not towns:
            return out
        for i in ctx.indices(towns):
            if not ctx.joined(i):
                continue
            tok = toks[i]
            if i < 1 or tok.kind != "word" or not tok.text[:1].islower() or len(tok.text) < 4:
                continue
            first = ctx.folded[i]
            postcode = toks[i - 1].kind == "num" and POSTCODE.match(toks[i - 1].text) and ctx.joined(i)
            if not (postcode or residence_cued(ctx.folded, i) or ctx.folded[i - 1] in ("a", "de") and i >= 2
                    and ctx.folded[i - 2] in ("domicilie", "domiciliee", "habite", "vit", "ne", "nee", "originaire")):
                continue
            size, needs_cue = self._match(ctx, i, first)
            if not size or needs_cue or lk.is_common(first) or first in lk.first_names:
                continue
            start = toks[i - 1].start if postcode else tok.start
            out.append((start, toks[i + size - 1].end, self.tag))
        return out


# dotted register abbreviations are no initials: 'R.C.S. Nanterre' is the trade register of a town, not a person
_A_LAST = frozenset("àaAÀux")
# verbs (and nouns) whose complement after 'à' is a person: 'envoyé à', 'écrit à', 'téléphoné à', 'dit à', 'merci à'
_TO_SOMEONE = re.compile(r"(?:adress|envoy|ecri|telephon|appel|dit\b|dis\b|demand|parl|expliqu|confi|transmi|remi|montr"
                         r"|annon|repond|signal|propos|present|fax|communiqu|rappel|mail|merci|delegu)")
_REGISTER_INITIALS = frozenset({"R.C.S.", "R.C.S", "R.P.M.", "R.P.M", "R.P.R.", "R.P.R", "R.M.", "N.A.F.", "A.P.E."})


# the capitalised words after these and before ', <kin word>' name a country, a region or a town, not a person
_PLACE_BEFORE = frozenset({"au", "aux", "en"})


class PersonAnnotator(Annotator):
    """Names of people: after a title or a trigger ('dicté par'), a known first name followed by a
    capitalised word, an initial followed by a capitalised word, 'NOM Prénom', and 'X et Y'."""

    def __init__(self, tag: str, titles: list[str], triggers: list[str], female_titles: list[str],
                 male_titles: list[str], plural_titles: list[str] = (), kinship: list[str] = (),
                 possessives: list[str] = (), list_triggers: list[str] = (), lone_first_names: bool = True,
                 lone_surnames: bool = True,
                 signatures: bool = True, roles: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        # triggers followed by several names: 'Parents : Aurélie et Kevin Dumont', 'Présents : X, Y, Z'
        self.list_triggers = {fold(t) for t in list_triggers}
        # a known first name on its own ('avec Mathieu'); the line after 'Cordialement,' as a signature
        self.lone_first_names = lone_first_names
        self.lone_surnames = lone_surnames
        self.signatures = signatures
        # 'Caroline Jadoul (psychologue)', 'X Y, radiologue', 'X Y, sa fille': a name before its role
        self.roles = {fold(r) for r in roles}
        self.titles = {fold(t) for t in titles} | {fold(t) for t in plural_titles}
        self._title_starts = frozenset(self.titles | {"me", "maitre"})  # where a titled name can start
        self.plural_titles = {fold(t) for t in plural_titles}
        self.triggers = _PhraseMatcher(triggers)
        # where a titled or triggered name can start ('Mme', 'l'infirmière', 'dicté par'): ``annotate``'s first gate
        # (with the elision-free form of an elided title: the union is probed with the token's ``bare`` form)
        self._title_or_trigger = frozenset(self._title_starts).union(self.triggers.phrases, (
            t[2:] for t in self._title_starts if len(t) > 2 and t[1] == "'" and t[0] in "ld"))
        # 'son fils Julien', 'sa voisine, Mme X': a kin or contact noun after a possessive
        self.kinship = {fold(k) for k in kinship}
        self.possessives = {fold(p) for p in possessives}
        self._roles_or_kin = frozenset(self.roles | self.kinship)  # the words ``_before_role`` starts from
        # read by the surrogate step: 'Mme Martin' gets a female first name
        self.female_titles = {fold(t) for t in female_titles}
        self.male_titles = {fold(t) for t in male_titles}
        # the town finder (``CityAnnotator.town_at``) the Deidentifier hands over: its lists are the places
        self.town_at: Callable[[Context, int], tuple[int, bool]] | None = None

    def _title_end(self, ctx: Context, i: int) -> int:
        """Index after a title starting at token i (i if none); stacked titles ('Prof. Dr.') and
        'Mme veuve' are one title."""
        e = self._one_title_end(ctx, i)
        if e == i:
            return i
        n = len(ctx.tokens)
        while e < n and ctx.joined(e):
            if ctx.folded[e] in TITLE_LINKS:
                e += 2 if e + 1 < n and ctx.tokens[e + 1].text == "." and ctx.joined(e + 1) else 1
                continue
            e2 = self._one_title_end(ctx, e)
            if e2 == e or ctx.folded[e] in ("m", "mm") or ctx.tokens[e].kind == "init":
                break  # 'Dr M. Haddad': after a title, 'M.' is an initial
            e = e2
        return e

    def _one_title_end(self, ctx: Context, i: int) -> int:
        if i >= len(ctx.tokens):
            return i
        tok = ctx.tokens[i]
        if tok.kind == "init" and tok.text == "M.":
            return i + 1
        if tok.text in ("m", "mm", "M", "MM") and i > 0 and ctx.tokens[i - 1].kind == "num":
            return i  # '12 mm.', '3 m.': units, not 'Messieurs' / 'Monsieur'
        if tok.text in ("M", "F", "H") and (i + 1 >= len(ctx.tokens) or not ctx.joined(i + 1) or (
                i > 1 and ctx.tokens[i - 1].text == ":" and ctx.folded[i - 2] in ("sexe", "genre", "sex"))):
            return i  # 'Sexe : M', or a bare 'M' ending its line: the sex of a form, no 'Monsieur'
        if tok.text in ("Me", "Maître", "Maitre") and i + 1 < len(ctx.tokens) and ctx.tokens[i + 1].is_cap:
            return i + 1  # 'Me Gilson', the lawyer; 'me' stays a pronoun
        if tok.kind == "word" and ctx.folded[i] in self.titles and (not tok.is_upper or ctx.folded[i] in UPPER_TITLES) or (
                tok.text in ("DR", "PR", "MM")):  # 'MME', 'DOCTEUR' in capitals; not 'M', 'ME' or 'INFIRMIÈRE'
            if i + 1 < len(ctx.tokens) and ctx.tokens[i + 1].text == "." and ctx.joined(i + 1):
                return i + 2
            return i + 1
        return i

    def _name(self, ctx: Context, j: int, strict: bool, titled: bool = False) -> int:
        """Index after a name starting at token j (j if none). Strict: words must not be common.
        In a text written in capitals every word looks capitalised: only a title makes it lenient."""
        if not strict and not titled and upper_document(ctx):
            strict = True
        toks, n = ctx.tokens, len(ctx.tokens)
        k, words, end = j, 0, j
        particle = False
        while k < n and (k == j or ctx.joined(k)) and k - j < 6:
            tok = toks[k]
            if tok.kind == "init":
                k += 1
                end = k
                continue
            if tok.kind == "word" and len(tok.text) == 1 and k + 1 < n and toks[k + 1].kind == "num" and (
                    toks[k + 1].start == tok.end):
                break  # 'J7', 'L4', 'C5': a day or a vertebra, not an initial
            if words and tok.kind == "word" and ctx.folded[k] in PARTICLES and tok.text[0].isupper() and not (
                    k + 1 < n and ctx.joined(k + 1) and (toks[k + 1].is_cap or ctx.folded[k + 1] in PARTICLES)):
                if tok.is_upper and (k + 1 >= n or toks[k + 1].kind == "num" or not ctx.joined(k + 1) and (
                        ctx.folded[k] in ARTICLES)):
                    break  # 'VALIDE PAR LE DR ROUSSEL LE 02/03': the article of a date, not a particle
                k += 1  # 'Nguyen Van': a capitalised particle that ends the name is a name word
                end = k
                break
            if k == j and (_abbreviated_first_name(ctx, k) or not strict and _short_first_name(ctx, k)):
                k += 2  # 'Ch.', 'Ph.', 'Fr.': the word and its dot
                end = k
                continue
            if tok.kind == "word" and ctx.folded[k] in PARTICLES and k + 1 < n and ctx.joined(k + 1) and (
                    _is_name_word(ctx, k + 1, allow_common=ctx.folded[k + 1] not in ctx.lookups.medical and not (
                        tok.is_upper and upper_document(ctx)))
                    or ctx.folded[k + 1] in PARTICLES) and (not ctx.tokens[k + 1].is_upper or tok.is_upper) and (
                    ctx.folded[k + 1] not in self.titles):
                k += 1
                particle = True
                continue
            after_first = words == 1 and k > j and ctx.folded[k - 1] in ctx.lookups.first_names and (
                not strict or not ctx.lookups.is_common(toks[k - 1].text)) and (
                ctx.folded[k] not in ctx.lookups.function_words or ctx.folded[k] in DAYS_MONTHS) and (
                tok.kind == "word" and (not tok.is_upper or len(tok.text) >= 3 and not toks[k - 1].is_upper))
            after_initial = words == 0 and k > j and (toks[k - 1].kind == "init" or toks[k - 1].text == ".")
            if tok.kind == "word" and _is_name_word(ctx, k, allow_common=((particle or after_first or after_initial or not strict and (
                    words == 0)) and (ctx.folded[k] not in ctx.lookups.medical)) or ctx.lookups.is_name_like(tok.text)):
                if words and ctx.folded[k] in ctx.lookups.stopwords and not ctx.lookups.is_name_like(tok.text) and (
                        not after_first and not particle):
                    break
                if words and tok.is_upper and len(tok.text) < 3 and upper_document(ctx) and not (
                        ctx.lookups.is_name_like(tok.text)):
                    break  # 'MME NOWAKOWSKA VA MIEUX'
                particle = False
                k += 1
                words += 1
                end = k
                continue
            break
        if not words and not strict and end > j and all(toks[x].kind == "init" for x in range(j, end)):
            return end  # 'Dr J.-P. D.': initials only, after a title
        return end if words else j

    def _is_patient_word(self, ctx: Context, i: int) -> bool:
        return ctx.folded[i] in ctx.lookups.first_names or ctx.folded[i] in ctx.lookups.surnames

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        first_words, titles = self.triggers.phrases, self.titles
        # (list comprehensions, not generators, feed the set: no generator frame resumed per token)
        starts_title = self._title_starts
        candidates = {i for i in ctx.inits if toks[i][0] not in _REGISTER_INITIALS}
        # a title or a trigger's first word: one probe of their union per token, the two tests only on a hit
        either, folded = self._title_or_trigger, ctx.folded
        candidates.update([i for i, b in enumerate(ctx.bare) if b in either and (
            folded[i] in starts_title or b in first_words)])
        # a capitalised word starts a free name only as a known first name, a hyphenated one, or
        # 'NOM Prénom': the other capitalised words cannot start one, skip them early
        folded, first_names, n = ctx.folded, ctx.lookups.first_names, len(toks)
        surnames = ctx.lookups.surnames if self.lone_surnames else ()
        candidates.update([i for i in ctx.caps if folded[i] in first_names or "-" in folded[i] or (
            i + 1 < n and folded[i + 1] in first_names and toks[i][0].isupper()) or (
            folded[i] in PARTICLES)])  # every caps index is capitalised: 'DE COCK Laura', 'Van de Velde'
        # a known surname that starts nothing else can only be a surname alone: tested directly
        surname_only = {i for i in ctx.caps if folded[i] in surnames} - candidates
        if lower_document(ctx):  # a text in lower case: known names are where names can start
            candidates.update(i for i, t in enumerate(toks) if t[3] == "word" and len(t[0]) > 3 and (
                folded[i] in first_names or folded[i] in surnames) and not ctx.lookups.is_common(t[0]))
        pos = 0
        lower_text = lower_document(ctx)
        match_trigger = self.triggers.match
        for i in sorted(candidates | surname_only):
            if i < pos:
                continue
            tok = toks[i]
            if tok[3] == "word" and not tok[0][0].isupper() and not lower_text and folded[i] not in titles and (
                    not match_trigger(ctx, i)):
                pos = i + 1  # a lower-case word that is no title nor a trigger's start ('de', 'par'): nothing
                continue
            if i in surname_only and i not in candidates:
                e = lone_surname(ctx, i, self.town_at)  # 'Appel à Breton.'
                if e:
                    out.append((toks[i].start, toks[e - 1].end, self.tag))
                    pos = self._conjunction(ctx, self._linked(ctx, e, out), out)
                continue
            pos = self._person_at(ctx, i, out)
        if self.kinship:
            self._kin(ctx, out)
        if self.signatures:
            self._signatures(ctx, out)
            self._name_lines(ctx, out)
        if self.roles:
            self._before_role(ctx, out)
        trimmed = [trim_person_span(ctx, s, e) for s, e, _ in out]
        found = [(s, e, self._place_after_a(ctx, s, e, person_or_place(ctx, s, e, t)))
                 for (s, e), (_, _, t) in zip(trimmed, out)]
        # the hospital's own staff list is an explicit statement: its names are persons wherever they occur, never
        # second-guessed by the place/term/organisation vetoes meant for names the rules only guess at
        found.extend(_find_sequence(ctx, lk.extra_persons, self.tag))
        return found

    def _place_after_a(self, ctx: Context, s: int, e: int, tag: str) -> str:
        """A name right after 'à' / 'au' / 'aux' with no title is where someone is, not who: 'vit seul à
        Charleroi', 'maison de repos à Herve', 'marin-pêcheur au Robert' (Le Robert). After 'à' the span must be a
        town the town finder knows; one that is also a first name stays a person after a verb of speaking or
        sending ('adressé à Florence'). After 'au' / 'aux' (a contracted article, which a person's name never
        takes) one word is enough."""
        if tag != self.tag or s < 2 or ctx.text[s - 2 : s - 1] not in _A_LAST:
            return tag  # (the cheap gate: the character before the space is no 'à', 'a', 'u' or 'x')
        starts = ctx.starts
        k = bisect.bisect_left(starts, s)
        if k == 0 or k >= len(starts) or starts[k] != s or not ctx.joined(k) or ctx.tokens[k][3] != "word":
            return tag
        before = ctx.folded[k - 1]
        if before in ("au", "aux"):  # a capitalised word only: 'au robert' in lower case is no town of ours
            return "LOCATION" if ctx.tokens[k].end == e and ctx.text[ctx.tokens[k].start].isupper() else tag
        if before != "a" or self.town_at is None:
            return tag
        size, _ = self.town_at(ctx, k)
        if not size or ctx.tokens[k + size - 1].end != e:
            return tag
        if size == 1 and ctx.folded[k] in ctx.lookups.first_names and k >= 2 and _TO_SOMEONE.match(ctx.folded[k - 2]):
            return tag  # 'adressé à Florence', 'téléphoné à Nancy': a verb whose object after 'à' is a person
        return "LOCATION"

    def _signatures(self, ctx: Context, out: list[Candidate]) -> None:
        """The name under a closing formula ('Bien à toi,\nBernard', 'Cordialement,\nDocteur\nX'): the
        first of the next three lines that is a name and nothing else (a title before it allowed)."""
        toks, n = ctx.tokens, len(ctx.tokens)
        for k in signature_starts(ctx):
            for _line in range(3):
                j = self._title_end(ctx, k)
                if j >= n:
                    break
                if j > k and not ctx.joined(j):
                    k = j  # 'Docteur' alone on its line: the name is on the next one
                    continue
                if toks[j].kind in ("word", "init"):
                    e = self._name(ctx, j, strict=j == k, titled=j > k)
                    if e > j and (e >= n or not ctx.joined(e) or toks[e].text in ",;(-"):
                        out.append((toks[j].start, toks[e - 1].end, self.tag))
                        break
                if j == k and toks[k].kind == "word" and not toks[k].is_cap:
                    break  # a sentence, not a signature block
                k += 1
                while k < n and ctx.joined(k):
                    k += 1  # the next line
                if k >= n:
                    break

    def _name_lines(self, ctx: Context, out: list[Candidate]) -> None:
        """A line that is nothing but 'NOM Prénom' or 'Prénom NOM' (a signature or a header), even
        when neither word is in a list: one to three capitals words and one or two capitalised
        words, none of them common, medical or a function word."""
        toks, lk = ctx.tokens, ctx.lookups
        for i, j in short_lines(ctx):
            words = range(i, j)
            if 2 <= j - i <= 4 and all(toks[k].kind == "word" and toks[k].text[0].isupper() for k in words):
                upper = [k for k in words if toks[k].is_upper]
                cap = [k for k in words if not toks[k].is_upper]
                ok = upper and cap and (upper[-1] < cap[0] or cap[-1] < upper[0]) and all(
                    ctx.folded[k] not in lk.medical and ctx.folded[k] not in lk.function_words
                    and (ctx.folded[k] in PARTICLES or not lk.is_common(toks[k].text)) for k in words)
                if ok and len(toks[upper[0]].text) > 1:
                    out.append((toks[i].start, toks[j - 1].end, self.tag))

    def _role_pairs(self, ctx: Context) -> list[tuple[int, int]]:
        """(r, q): a comma or bracket r joined to its line, then a role or kin word q right after it (q = r + 1)
        or after a possessive joined to it (q = r + 2: ', sa fille'), 0 < r < n - 1, q joined too. Found from
        each role or kin word back to its comma (a text holds few such words and dozens of commas): the same
        pairs, in the same order, as a walk over every ',' and '(' forward."""
        toks, n, possessives = ctx.tokens, len(ctx.tokens), self.possessives
        pairs = []
        for q in ctx.indices(self._roles_or_kin, bare=True):
            if not ctx.joined(q):
                continue
            r = q - 1  # (walking forward from r, q is r + 1 unless r + 1 is a possessive joined to its next word)
            if not (r > 0 and toks[r][0] in ",(" and not (
                    q < n - 1 and ctx.folded[q] in possessives and ctx.joined(q + 1))):
                r = q - 2
                if not (r > 0 and toks[r][0] in ",(" and ctx.folded[q - 1] in possessives):
                    continue
            if r < n - 1 and ctx.joined(r):
                pairs.append((r, q))
        return pairs

    def _before_role(self, ctx: Context, out: list[Candidate]) -> None:
        """Capitalised words right before a role: 'Caroline Jadoul (psychologue)', 'Bastien Thys,
        assistant', 'Gülsü Romankiewicz, sa fille'. At most four words back, not common or medical
        words (a first name may be common), at least one of them not a common word."""
        toks, lk = ctx.tokens, ctx.lookups
        for r, q in self._role_pairs(ctx):
            b = r
            while b > 0 and r - b < 4 and ctx.joined(b):
                t = toks[b - 1]
                f = ctx.folded[b - 1]
                if t.kind == "word" and t.text[0].isupper() and f not in lk.medical and f not in lk.function_words and (
                        not lk.is_common(t.text) or f in lk.first_names or f in lk.surnames) or (
                        t.kind == "init" and t.text != "M."):
                    b -= 1
                elif t.kind == "word" and f in PARTICLES and b < r and ctx.joined(b - 1):
                    b -= 1
                else:
                    break
            while b < r and ctx.folded[b] in PARTICLES and not toks[b].text[0].isupper():
                b += 1
            mid_sentence = b > 0 and ctx.joined(b) and toks[b - 1].kind == "word" and toks[b - 1].text.islower()
            if b == r and b > 0 and single_value_name(ctx, b - 1, end_ok=True) and ctx.joined(b - 1) and (
                    b > 1 and toks[b - 2].kind == "word" and toks[b - 2].text.islower() and ctx.joined(b - 1)):
                b -= 1  # 'Vu avec Temple (interne)': a common word, capitalised mid-sentence
                mid_sentence = True
            kin = ctx.bare[q] in self.kinship and q > r + 1  # ', son épouse': a possessive and a kin word
            if b < r and (mid_sentence or kin or any(not lk.is_common(toks[k].text) for k in range(b, r))) and not (
                    b > 0 and ctx.folded[b - 1] in LONE_BLOCKERS and ctx.joined(b)):
                # 'Famille au Portugal, frère Rui', 'installée en Bretagne, sa fille': after 'au'/'en' a place
                place = b > 0 and ctx.folded[b - 1] in _PLACE_BEFORE and ctx.joined(b)
                out.append((toks[b].start, toks[r - 1].end, "LOCATION" if place else self.tag))

    def _surname_after_first(self, ctx: Context, j: int, e: int) -> int:
        """A name read as one first name ('Claire' of 'Claire Petit', 'Pierre' of 'Pierre Marchand')
        takes the capitalised word after it: the first name alone would leave the surname, the
        part that identifies, in clear. Not a medical, eponym or function word, not a town."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        if e != j + 1 or e >= n or ctx.folded[j] not in lk.first_names or not ctx.joined(e):
            return e
        nxt, f = toks[e], ctx.folded[e]
        if nxt.is_upper and upper_document(ctx) and (lk.is_common(nxt.text) or len(f) < 3):
            return e  # 'BELKACEM SIGNALE UNE...': in capitals a common word after a name is just a word
        if nxt.kind == "word" and nxt.text.islower() and lower_document(ctx) and _is_name_word(ctx, e):
            return e + 1  # 'esther lemoine' in a text typed in lower case
        if nxt.kind == "word" and nxt.text[0].isupper() and len(f) > 1 and f not in lk.medical and (
                f not in lk.eponyms and f not in lk.function_words and (f,) not in lk.cities and f not in NOT_A_NAME):
            return e + 1
        return e

    def _medical_surname(self, ctx: Context, j: int) -> bool:
        """After a title that is never anything else ('Dr', 'Mme'), one capitalised medical word is a
        surname ('Dr Canal'), unless it is a title, role or kin word ('Dr Radiologue')."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        tok = toks[j]
        f = ctx.folded[j]
        if not (tok.kind == "word" and tok.is_cap and not tok.is_upper and f in lk.medical and len(f) > 2):
            return False
        if f in self.titles or f in self.roles or f in self.kinship or f in lk.function_words:
            return False
        return j + 1 >= n or not ctx.joined(j + 1) or toks[j + 1].kind == "punct" or toks[j + 1].text.islower() and (
            ctx.folded[j + 1] not in PARTICLES)

    def _continued(self, ctx: Context, j: int, e: int) -> int:
        """A titled name goes on past what _name read: a double surname with a spaced hyphen
        ('Dr De Block - Van den Eynde')."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)

        def plain_name(k: int) -> bool:
            return k < n and toks[k].is_cap and not lk.is_common(toks[k].text) and ctx.folded[k] not in lk.medical

        if e + 1 < n and toks[e].text == "-" and ctx.joined(e) and ctx.joined(e + 1) and plain_name(e + 1) or (
                e + 1 < n and toks[e].text == "-" and ctx.folded[e + 1] in PARTICLES and ctx.joined(e + 1)):
            f = self._name(ctx, e + 1, strict=True)
            if f > e + 1:
                return f
        return e

    def _next_line_surname(self, ctx: Context, j: int, e: int) -> bool:
        """'Dr Joseph\nSzymula': a first name alone on its line after a title, and on the next line
        one capitalised word alone that is not a common or medical word: the surname."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        return e == j + 1 and e < n and ctx.folded[j] in lk.first_names and ctx.gap(e).count("\n") == 1 and (
            toks[e].is_cap and not lk.is_common(toks[e].text) and ctx.folded[e] not in lk.medical) and (
            e + 1 >= n or not ctx.joined(e + 1))

    def _linked(self, ctx: Context, e: int, out: list[Candidate]) -> int:
        """After a name, 'née Lecomte', 'épouse Claeys', 'veuve X' add the second name; so does a
        first name in brackets ('Dr Nguyen (Thi Hoa)', 'MARÉCHAL (Nicole)')."""
        toks, n = ctx.tokens, len(ctx.tokens)
        if e + 2 < n and toks[e].text == "(" and ctx.joined(e) and ctx.folded[e + 1] in ctx.lookups.first_names and (
                toks[e + 1].is_cap and not ctx.lookups.is_common(toks[e + 1].text)):
            f = e + 2
            while f < n and toks[f].is_cap and ctx.joined(f) and ctx.folded[f] in ctx.lookups.first_names:
                f += 1
            if f < n and toks[f].text == ")":
                out.append((toks[e + 1].start, toks[f - 1].end, self.tag))
                return f + 1
        k = e + 1 if e + 2 < n and toks[e].text == "," and ctx.joined(e) else e  # 'Mme veuve Durand, née X'
        if k + 1 < n and ctx.folded[k] in NAME_LINKS and ctx.joined(k):
            j = k + 1
            if toks[j].text == "." and j + 1 < n:
                j += 1  # 'ép. Claeys'
            if toks[j].text in ('«', '"', "“") and j + 1 < n:
                j += 1  # 'dit « Jojo »'
            if toks[j].is_cap and ctx.folded[j] not in ctx.lookups.medical and (
                    (ctx.folded[j],) not in ctx.lookups.cities or ctx.folded[j] in ctx.lookups.surnames):
                f = self._name(ctx, j, strict=False)
                if f > j:
                    out.append((toks[j].start, toks[f - 1].end, self.tag))
                    return f
        return e

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
            e = self._name(ctx, t_end, strict=False, titled=True)
            if e == t_end and tok.text.islower() and ctx.joined(t_end):
                e = lower_case_name(ctx, t_end)  # 'vu par dr morel'
            if e == t_end and ctx.folded[i] in SURE_TITLES and self._medical_surname(ctx, t_end):
                e = t_end + 1  # 'Dr Canal', 'Mme Colonne': a surname that is also a medical word
            if e > t_end:
                e = self._continued(ctx, t_end, e)
                if self._next_line_surname(ctx, t_end, e):
                    out.append((toks[e].start, toks[e].end, self.tag))  # its own span: spans stay on one line
                out.append((toks[t_end].start, toks[e - 1].end, self.tag))
                if plural:
                    return self._name_list(ctx, e, out)
                return self._conjunction(ctx, self._linked(ctx, e, out), out)
        trig = self.triggers.match(ctx, i) if tok.kind == "word" else 0
        if trig:
            j = i + trig
            while j < n and toks[j].kind == "punct" and toks[j].text in ':.-«"“' and j - i - trig < 2:
                j += 1
            colon = any(toks[x].text == ":" for x in range(i + trig, j))
            titled = j < n and self._title_end(ctx, j) > j or j < n and (
                ctx.folded[j] in ARTICLES and j + 1 < n and self._title_end(ctx, j + 1) > j + 1)
            if j < n and (colon or ctx.folded[i + trig - 1] in TRIGGER_ENDS or titled):
                if ctx.folded[j] in ARTICLES and j + 1 < n and self._title_end(ctx, j + 1) > j + 1:
                    j += 1
                t2 = self._title_end(ctx, j)
                if t2 == j and ctx.folded[j] in ARTICLES and not toks[j].text[0].isupper():
                    return self._free_or_next(ctx, i, out)  # 'adressé par le Centre X': not a person
                e = self._name(ctx, t2, strict=True)
                if e == t2 and (colon or t2 > j or ctx.folded[i + trig - 1] == "par") and single_value_name(ctx, t2):
                    e = t2 + 1  # 'Médecin traitant : Mai', 'Prescripteur : MARCHAND'
                e = self._surname_after_first(ctx, t2, e)
                if e > t2 and ctx.gap(t2).count("\n") <= 1:
                    out.append((toks[t2].start, toks[e - 1].end, self.tag))
                    if t2 > j and ctx.folded[j] in self.plural_titles:
                        return self._name_list(ctx, e, out)  # 'validé par les Drs X et Y'
                    if ctx.folded[i + trig - 1] in self.list_triggers:
                        return self._name_list(ctx, e, out, towns_stop=True)  # 'Parents : X et Y'
                    return self._conjunction(ctx, self._linked(ctx, e, out), out)
        return self._free_or_next(ctx, i, out)

    def _free_or_next(self, ctx: Context, i: int, out: list[Candidate]) -> int:
        """A name without title or trigger at token i, else move on."""
        toks = ctx.tokens
        if not toks[i][0][0].isupper() and not lower_document(ctx):
            return i + 1  # (every rule below needs a capital here, or a text in lower case: 'de', 'à')
        end = self._free_name(ctx, i)
        if not end and self.lone_first_names and lone_first_name(ctx, i):
            end = i + 1  # 'Kinésithérapie avec Mathieu 3x/semaine'
        if end:
            end = self._surname_after_first(ctx, i, end)
        if not end and self.lone_surnames:
            end = lone_surname(ctx, i, self.town_at)  # 'Appel à Breton.'
        if end:
            out.append((toks[i].start, toks[end - 1].end, self.tag))
            return self._conjunction(ctx, self._linked(ctx, end, out), out)
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
        # 'Bénédicte Guyon' is a person; 'syndrome de Pierre Marie' an eponym
        eponym_ok = not lk.is_common(tok.text) and (i == 0 or ctx.folded[i - 1] not in EPONYM_CUES)
        if tok.kind == "word" and tok.is_cap and ctx.folded[i] in lk.first_names and not tok.is_upper or (
                tok.kind == "word" and tok.is_cap and all(p in lk.first_names for p in ctx.folded[i].split("-"))
                and "-" in tok.text):
            if _is_name_word(ctx, nxt) or ctx.folded[nxt] in PARTICLES or (
                    toks[nxt].is_cap and lk.is_name_like(toks[nxt].text)) or (
                    toks[nxt].is_upper and len(toks[nxt].text) >= 3 and not tok.is_upper and not lk.is_common(tok.text)
                    and ctx.folded[nxt] not in lk.medical and ctx.folded[nxt] not in lk.function_words) or (
                    toks[nxt].is_cap and not toks[nxt].is_upper and not lk.is_common(tok.text)
                    and ctx.folded[nxt] not in lk.medical and (ctx.folded[nxt] not in lk.eponyms or eponym_ok)
                    and (ctx.folded[nxt] not in lk.function_words or ctx.folded[nxt] in DAYS_MONTHS)):
                e = self._name(ctx, nxt, strict=True)
                if e <= nxt:
                    e = self._name(ctx, i, strict=True)  # 'Esther Marchand': a common surname after a first name
                if e > nxt and (eponym_ok or not any(ctx.folded[k] in lk.eponyms and ctx.folded[k] not in lk.first_names
                                                     for k in range(nxt, e))):
                    return e  # 'Bénédicte Guyon' is a person; 'syndrome de Pierre Robin' an eponym
        if tok.is_upper and ctx.folded[i] in PARTICLES:
            while nxt < n - 1 and ctx.joined(nxt) and toks[nxt].is_upper and ctx.folded[nxt] in PARTICLES:
                nxt += 1  # 'DE COCK Laura', 'VAN DER LINDEN Amber'
            if nxt + 1 < n and toks[nxt].is_upper and len(toks[nxt].text) > 1 and ctx.joined(nxt + 1) and (
                    not lk.is_common(toks[nxt].text)):
                tok, nxt = toks[nxt], nxt + 1
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

    def _name_list(self, ctx: Context, e: int, out: list[Candidate], towns_stop: bool = False) -> int:
        """After a plural title ('les Drs X, Y et Z'), every listed name, as leniently as after a title."""
        toks, n = ctx.tokens, len(ctx.tokens)
        while e + 1 < n and (toks[e].text in ",&/;" or ctx.folded[e] in ("et", "ou")) and ctx.joined(e) and (
                ctx.joined(e + 1)):
            j = self._title_end(ctx, e + 1)
            f = self._name(ctx, j, strict=False)
            if f <= j or towns_stop and f == j + 1 and j == e + 1 and ((ctx.folded[j],) in ctx.lookups.cities or (
                    self.town_at is not None and self.town_at(ctx, j)[0] == 1)):
                break  # 'Présents : Dr Renard, Malmedy', 'Kiné Lutz, Illkirch': a town after the name
            if f == j + 1 and j == e + 1 and toks[j].is_upper and len(toks[j].text) <= 3 and not upper_document(ctx):
                break  # '(tutrice : Mme Verlinden, SAJ)': an acronym after the name
            out.append((toks[j].start, toks[f - 1].end, self.tag))
            e = f
        return e

    def _kin(self, ctx: Context, out: list[Candidate]) -> None:
        """Relatives and contacts: 'son fils Julien', 'sa voisine Mme Lenoir', 'Fille : Sophie Martin'."""
        toks, n, kinship = ctx.tokens, len(ctx.tokens), self.kinship
        for i in ctx.indices(kinship, bare=True):
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
            while j < n and (ctx.folded[j] in KIN_MODIFIERS or ctx.folded[j] in KIN_MODIFIERS_EXTRA) and (
                    ctx.joined(j) and j - i < 3):
                j += 1  # 'son fils aîné Paul', "l'infirmière coordinatrice Anne", 'son frère jumeau Lucas'
            while j < n and toks[j].text in ",:(" and j - i < 3:
                j += 1
            if j >= n or ctx.gap(j).count("\n"):
                continue
            j = self._title_end(ctx, j)
            if j >= n or ctx.folded[j] in ctx.lookups.medical or ctx.folded[j] in ctx.lookups.function_words:
                continue
            if f in KIN_NEED_FIRST_NAME and not (toks[j].is_cap and ctx.folded[j] in ctx.lookups.first_names):
                continue  # 'la petite Inès', not 'la petite Maison'
            if listed and i + 1 < n and toks[i + 1].text == "," and self.town_at is not None and (
                    ctx.folded[j] not in ctx.lookups.first_names) and self.town_at(ctx, j)[0]:
                continue  # 'Mme Anne Meyer, fille, Ammerschwihr': the relative's town after her role between commas
            e = self._name(ctx, j, strict=False)
            if e > j:
                out.append((toks[j].start, toks[e - 1].end, self.tag))
                self._name_list(ctx, e, out, towns_stop=True)  # 'fils Paul et Marc', not 'Kiné Lutz, Illkirch'

    def _conjunction(self, ctx: Context, e: int, out: list[Candidate]) -> int:
        """After a name, 'et Y' / 'et Dr Y' adds Y as a second person."""
        toks, n = ctx.tokens, len(ctx.tokens)
        if e + 1 < n and (ctx.folded[e] == "et" or toks[e].text in "&/") and ctx.joined(e):
            j = e + 1
            if ctx.folded[j] in ARTICLES and self._title_end(ctx, j + 1) > j + 1:
                j += 1
            j = self._title_end(ctx, j)
            f = self._name(ctx, j, strict=True)
            if f > j:
                out.append((toks[j].start, toks[f - 1].end, self.tag))
                return f
        return e


def _word_char(c: str) -> bool:
    """What regex \\w matches: letters, digits, underscore."""
    return c.isalnum() or c == "_"


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
        text = ctx.text
        for pid in p.ids:
            pid = pid.strip()
            if len(pid) >= 3:
                # str.find, not a regex built per id: a new pattern per patient defeats re's cache
                k = text.find(pid)
                while k >= 0:
                    e = k + len(pid)
                    if not (k and _word_char(text[k - 1]) or e < len(text) and _word_char(text[e])):
                        out.append((k, e, "ID"))
                    k = text.find(pid, k + 1)
        surname = [fold(w) for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", p.surname or "")]
        firsts = [fold(f) for f in p.first_names if f]
        parts = {x for f in firsts for x in f.split("-") if len(x) >= 3}
        initials = {x[0] for f in firsts for x in f.split("-") if x}
        toks, lk = ctx.tokens, ctx.lookups
        n = len(toks)
        kinds: list[str] = [""] * n
        common_surname = bool(surname) and len(surname) == 1 and lk.is_common(surname[0])
        # a word can only match if it is one of the names, hyphenated, or of a length one edit
        # away from a name that allows fuzziness: every other word is skipped at once
        # the surname written in one word or with hyphens ('Vandenberghe', 'El-Amrani', 'Benyoussef'),
        # its last word alone after a title ('Mme Amrani' for El Amrani), a married name ('Dupont-Martin')
        squashed = "".join(surname) if len(surname) > 1 else ""
        core = surname[-1] if len(surname) > 1 and all(w in PARTICLES for w in surname[:-1]) else ""
        exact = set(surname[:1]) | set(firsts) | parts | ({squashed, core} - {""})
        fuzzy_targets = firsts + (surname if len(surname) == 1 else [])
        lengths = {len(t) + d for t in fuzzy_targets if len(t) >= 5 for d in (-1, 0, 1)}
        folded = ctx.folded
        # only the words that can match, and initials, are looked at (one pass in C, not in Python)
        # one edit leaves either the first two or the last two letters of a 5+ letter name in place
        heads = {t[:2] for t in fuzzy_targets if len(t) >= 5}
        tails = {t[-2:] for t in fuzzy_targets if len(t) >= 5}
        todo = [k for k, t in enumerate(toks) if t[3] == "init" or t[3] == "word" and (
            folded[k] in exact or "-" in folded[k] or len(folded[k]) in lengths and (
                folded[k][:2] in heads or folded[k][-2:] in tails))]
        skip = 0
        for i in todo:
            if i < skip:
                continue
            tok = toks[i]
            if tok.kind == "init":
                letters = {c for c in fold(tok.text) if c.isalpha()}
                if letters and letters <= initials:
                    kinds[i] = "I"
                elif len(letters) == 1 and surname and letters <= {surname[-1][0]} and i and kinds[i - 1] == "F" and (
                        ctx.joined(i)):
                    kinds[i] = "I"  # 'Youssef H.' for Youssef Haddou: the surname's initial after the first name
                continue
            lower = tok.kind == "word" and not (tok.text[0].isupper() or _ELISION.match(tok.text))
            if tok.kind != "word" or lower and not (ctx.folded[i] in surname[:1] or ctx.folded[i] in firsts or (
                    ctx.folded[i] in parts)):
                continue  # a lower-case word counts only when it is exactly one of the patient's names
            f = folded[i]
            if squashed and f.replace("-", "").replace("'", "") == squashed or core and f == core and i > 0 and (
                    folded[i - 1].rstrip(".") in PATIENT_CUES) or len(surname) == 1 and "-" in f and (
                    surname[0] in f.split("-") and f != surname[0]):
                kinds[i] = "S"
                continue
            if surname and i + len(surname) <= n:
                ok = True
                for k, part in enumerate(surname):
                    j = i + k
                    if toks[j].kind != "word" or (k and not ctx.joined(j)):
                        ok = False
                        break
                    # a known surname one edit away is still the patient's ('Dupond' for Dupont): with
                    # tens of thousands of surnames nearly every typo is one; a first name is not
                    fuzzy = k == len(surname) - 1 and not lk.is_common(toks[j].text) and (
                        ctx.folded[j] not in lk.first_names or ctx.folded[j] in lk.surnames) and not lower
                    if not self._match(ctx.folded[j], part, fuzzy):
                        ok = False
                        break
                if ok:
                    for k in range(len(surname)):
                        kinds[i + k] = "S"
                    skip = i + len(surname)
                    continue
            f = ctx.folded[i]
            fuzzy_ok = not lk.is_common(tok.text) and f not in lk.surnames and f not in lk.first_names and not lower
            if any(self._match(f, first, fuzzy_ok) for first in firsts) or (
                    "-" in f and all(x in firsts for x in f.split("-"))):
                kinds[i] = "F"
            elif f in parts or ("-" in f and all(x in parts for x in f.split("-"))):
                kinds[i] = "f"
        skip = 0
        for i in [k for k in todo if kinds[k]]:  # groups of adjacent matched words
            if i < skip:
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
                valid = ("S" in group and ("F" in group or "f" in group)) or (cue and "S" in group) or (
                    # in a text written all in lower case, one of the patient's names alone that is no
                    # French word ('gert', 'dupont'); in mixed case a lower-case 'boulanger' is the trade
                    len(group) == 1 and group[0] in "SF" and not lk.is_common(toks[i].text) and len(toks[i].text) > 2
                    and ctx.folded[i] not in lk.function_words and lower_document(ctx))
            if "f" in group and "S" not in group and "F" not in group:
                # 'Jean Pierre' for Jean-Pierre: the parts of a compound first name, in order, are it
                valid = "-".join(ctx.folded[i:j]) in firsts
            if "S" not in group and "I" not in group:
                # 'Marie Boland', 'COLLETTE Emilie': the patient's first name on someone else
                after = j < n and ctx.joined(j) and toks[j].is_cap and not lk.is_common(toks[j].text) and (
                    ctx.folded[j] not in NOT_NAME_ACRONYMS)  # 'SAMIRA  DDN : ...'
                before = i > 0 and ctx.joined(i) and toks[i - 1].is_cap and not lk.is_common(toks[i - 1].text)
                if after or before:
                    valid = False
            if valid:
                out.append((toks[i].start, toks[j - 1].end, self.tag))
            skip = j
        return out


def link_towns(annotators: list[Annotator]) -> None:
    """Hand the first city annotator's town finder to the person annotators of the same list, so the
    lone-surname rule sees every place list ('né à Luik' is a town, not Mr Luik)."""
    towns = [a for a in annotators if isinstance(a, CityAnnotator)]
    for person in (a for a in annotators if isinstance(a, PersonAnnotator)) if towns else ():
        person.town_at = towns[0].town_at


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
from deduce_fr.noisy import NoisyNamesAnnotator, OcrViewAnnotator  # noqa: E402

ANNOTATOR_TYPES.update(noisy_names=NoisyNamesAnnotator, ocr_view=OcrViewAnnotator)

# organisations named by their context (employers, schools, clubs, mutualities...): deduce_fr.organisations
from deduce_fr.organisations import OrganisationAnnotator  # noqa: E402

ANNOTATOR_TYPES["organisation"] = OrganisationAnnotator
# districts, letter date lines, one-word street-first addresses: deduce_fr.places_extra
from deduce_fr.places_extra import PlacesExtraAnnotator  # noqa: E402

ANNOTATOR_TYPES["places_extra"] = PlacesExtraAnnotator
# ages after a name and dates without a year (deduce_fr.ages_dates_extra)
from deduce_fr.ages_dates_extra import AgeExtraAnnotator, DateExtraAnnotator  # noqa: E402

ANNOTATOR_TYPES.update(age_extra=AgeExtraAnnotator, date_extra=DateExtraAnnotator)
# proper nouns no rule recognised (deduce_fr.fallback), run last
from deduce_fr.fallback import ProperNounFallbackAnnotator  # noqa: E402

ANNOTATOR_TYPES["proper_noun_fallback"] = ProperNounFallbackAnnotator
# untidy person names, national numbers in any grouping, docket codes (deduce_fr.persons_extra)
from deduce_fr.persons_extra import IdExtraAnnotator, PatientExtraAnnotator, PersonsExtraAnnotator  # noqa: E402

ANNOTATOR_TYPES.update(persons_extra=PersonsExtraAnnotator, ids_extra=IdExtraAnnotator, patient_extra=PatientExtraAnnotator)
# registration numbers of firms, practices and practitioners (SIRET, RCS, TVA, BCE, FINESS, RPPS, INAMI...)
from deduce_fr.ids_business import BusinessIdAnnotator  # noqa: E402

ANNOTATOR_TYPES["ids_business"] = BusinessIdAnnotator
# company registration numbers, spaced membership numbers, odd international phones (deduce_fr.registry_ids)
from deduce_fr.registry_ids import RegistryIdAnnotator  # noqa: E402

ANNOTATOR_TYPES["registry_ids"] = RegistryIdAnnotator
# organisations named by their own name, no head word: register + employer positions (deduce_fr.organisations_named)
from deduce_fr.organisations_named import NamedOrganisationAnnotator  # noqa: E402

ANNOTATOR_TYPES["organisations_named"] = NamedOrganisationAnnotator
from deduce_fr.dictation import DictationAnnotator  # noqa: E402  (dictated spellings, ids and dates read aloud)
from deduce_fr.hl7 import HL7Annotator  # noqa: E402  (HL7 v2 segments read by field semantics)

ANNOTATOR_TYPES.update(hl7=HL7Annotator, dictation=DictationAnnotator)
# phones in untidy layouts: 'Tél.0142345678', '00 32 475 12 34 56', '+1 (514) 555-0199' (deduce_fr.noisy)
from deduce_fr.noisy import PhoneExtraAnnotator  # noqa: E402

ANNOTATOR_TYPES["phone_extra"] = PhoneExtraAnnotator
# a learned residual annotator (CRF over tokens, stacked on the rules; off by default): deduce_fr.learned
from deduce_fr.learned import LearnedAnnotator  # noqa: E402

ANNOTATOR_TYPES["learned"] = LearnedAnnotator

"""Spaced membership numbers and odd international phone numbers the core rules leave out, as one
additive annotator (``RegistryIdAnnotator``, type ``registry_ids``; the overlap resolution keeps the
longest span). Company and facility registration numbers (SIREN/SIRET, RCS, TVA, FINESS, BCE) are
deduce_fr.ids_business's alone (one implementation, checksums included):

- a membership or file number whose groups are set apart by spaced separators after an identifier cue
  ('n° d'affiliation 262 - 0845771 - 12', 'adhérent 45 / 778 120'): the core rules read unspaced
  separators only and keep one group;
- a file number typed or OCR'd digit by digit after a file cue ('IPP : 4 5 2 8 1 0 3', 'dossier n° 0 0 4 5 7 8 2'):
  five or more single digits one space apart, which the core rules read only in groups of two or more;
- an international phone number with a country code and digit groups the core pattern does not
  expect: short ones ('+352 5711 1', a switchboard), or the code in brackets ('(+32) 4 366 77 11').

Every rule is gated by a substring test on the text (its cue), then one compiled expression runs.
"""

from __future__ import annotations

import re
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context

# an identifier cue, then digit groups with spaced separators ('262 - 0845771 - 12'); 6+ digits in all
_SPACED_GROUPS_CUE = re.compile(
    r"(?<!\w)(?:affiliation|affilie|affiliee|adherent|adherente|contrat|police|matricule|mutuelle|membre|assure"
    r"|assuree)(?!\w)[^\n\d,;.]{0,25}?"
    r"(?P<id>\d+(?:(?:[ \t]*[\-/.][ \t]*|[ \t])\d+)+)(?![\w]|[.,/\-]\d)"
)
_SPACED_WORDS = frozenset({"affiliation", "affilie", "affiliee", "adherent", "adherente", "contrat", "police",
                           "matricule", "mutuelle", "membre", "assure", "assuree"})
_SPACED_SEPARATOR = re.compile(r"\d[ \t]+[\-/.]|[\-/.][ \t]+\d")
# a file number typed or OCR'd digit by digit ('IPP : 4 5 2 8 1 0 3'): after a file cue, five or more single
# digits one space apart (the core rules read groups of two digits or more)
_LETTER_SPACED_CUE = re.compile(
    r"(?<!\w)(?:i[ .]?p[ .]?p\.?|n[ .]?i[ .]?p|n[ .]?d[ .]?a|i[ .]?e[ .]?p|dossier|sejour|venue|accession|identifiant|mrn|pid|episode|matricule)(?!\w)[^\n\d]{0,20}?(?<![\d.,/:\-])(?P<id>\d(?: \d){4,})(?![\w]|[.,/:\-]\d)")
_LETTER_SPACED_WORDS = frozenset({"ipp", "i.p.p.", "i.p.p", "nip", "nda", "iep", "dossier", "sejour", "venue", "accession",
                                  "identifiant", "mrn", "pid", "episode", "matricule"})
# what follows the cue (matched at the cue token's end: the cues are found from the text's distinct words)
_LETTER_SPACED_AFTER = re.compile(r"(?!\w)[^\n\d]{0,20}?(?<![\d.,/:\-])(?P<id>\d(?: \d){4,})(?![\w]|[.,/:\-]\d)")
_SINGLE_DIGITS = frozenset("0123456789")
_LETTER_SPACED_GATE = re.compile(r"\d \d \d \d \d")
_DIGIT_RUN = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
# '+' and a country code (or '00' and one, in brackets), then 4 to 12 digits in groups of 1 to 4
_INTL_PHONE = re.compile(
    r"(?:\+(?<![\w+]\+)[1-9]\d{0,2}|\((?:\+|00)[1-9]\d{0,2}\))"
    r"(?:[ .\-]?\(0\))?(?P<rest>(?:[ .\-/]?\d{1,4}){2,6})(?![\w]|[.,]\d|\s?(?:%|°|mg|ml|mm|cm|kg|ui|UI)\b)"
)


class RegistryIdAnnotator(Annotator):
    """Spaced membership numbers after an identifier cue and international phone numbers in unusual
    groupings (module docstring)."""

    def __init__(self, tag: str = "ID", phone_tag: str = "PHONE", **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.phone_tag = phone_tag

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text, ft = ctx.text, ctx.folded_text
        if not _SPACED_WORDS.isdisjoint(ctx.bare_set):  # (the distinct words, built once per text)
            for m in _SPACED_GROUPS_CUE.finditer(ft):
                groups = _DIGIT_RUN.findall(m.group("id"))
                if _SPACED_SEPARATOR.search(m.group("id")) and sum(map(len, groups)) >= 6 and not all(_YEAR.fullmatch(g) for g in groups):  # '2019 - 2020'
                    out.append((m.start("id"), m.end("id"), self.tag))
        # (five different single digits among the text's words and five spaced ones in a row, then the cue tokens: a
        # letter-spaced cue, 'I P P', 'N D A', is rare enough for one scan of the text)
        words = ctx.folded_set
        if len(_SINGLE_DIGITS.intersection(words)) >= 5 and _LETTER_SPACED_GATE.search(text):
            if ("p" in words and "i" in words or "n" in words and ("d" in words or "i" in words)) and (
                    "i p p" in ft or "n d a" in ft or "i e p" in ft or "n i p" in ft):
                for m in _LETTER_SPACED_CUE.finditer(ft):
                    out.append((m.start("id"), m.end("id"), self.tag))
            else:
                toks = ctx.tokens
                for i in ctx.indices(_LETTER_SPACED_WORDS):
                    m = _LETTER_SPACED_AFTER.match(ft, toks[i].end)
                    if m:
                        out.append((m.start("id"), m.end("id"), self.tag))
        if "+" in text or "(00" in text:
            for m in _INTL_PHONE.finditer(text):
                rest = sum(c.isdigit() for c in m.group("rest"))
                if 4 <= rest <= 12 and sum(c.isdigit() for c in m.group()) >= 7:
                    out.append((m.start(), m.end(), self.phone_tag))
        return out

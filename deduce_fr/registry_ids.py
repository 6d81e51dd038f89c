"""Identifiers and phone numbers the core rules leave out, as one additive annotator
(``RegistryIdAnnotator``, type ``registry_ids``; the overlap resolution keeps the longest span):

- company and facility registration numbers after their cue: French SIREN/SIRET ('SIRET 443 128 906
  00021'), the trade register with its town and register letter ('RCS Dijon B 791 004 223': the letter
  and the number), VAT numbers ('TVA FR 12 443128906'), FINESS; Belgian enterprise numbers ('BCE
  0123.456.789', 'n° d'entreprise BE 0123 456 789'). A practice, a pharmacy or a small firm is named
  by its number as well as by its name;
- a membership or file number whose groups are set apart by spaced separators after an identifier cue
  ('n° d'affiliation 262 - 0845771 - 12', 'adhérent 45 / 778 120'): the core rules read unspaced
  separators only and keep one group;
- an international phone number with a country code and digit groups the core pattern does not
  expect: short ones ('+352 5711 1', a switchboard), or the code in brackets ('(+32) 4 366 77 11').

Every rule is gated by a substring test on the text (its cue), then one compiled expression runs.
"""

from __future__ import annotations

import re
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context

# the cue (case-sensitive: 'RCS' in capitals, not 'arcs costaux'), then a town of up to three words for the
# trade register, the register letter, a country prefix and its key for VAT, and the number (9 to 14 digits)
_REGISTRY = re.compile(
    r"(?<![\w.])(?:SIRE[NT]|R\.?C\.?S\.?|FINESS|BCE|KBO|TVA(?:\s+intra(?:communautaire|com)?\.?)?"
    r"|[Nn]°\s*(?:TVA|SIRE[NT]|FINESS|BCE)|[Nn](?:°|uméro)\s+d['’]entreprise|[Oo]ndernemingsnummer)"
    r"\s*(?:[:n°N]\s*)*"
    r"(?:(?P<town>(?:[A-ZÀ-Þ][\w'’\-]*\s+){1,3}?)(?=[A-D]\s\d|\d))?"
    r"(?P<id>(?:[A-D]\s(?=\d))?(?:(?:FR|BE)\s?(?:\d{2}\s?)?)?\d(?:[ .]?\d){8,13})(?![\w]|[.,]\d)"
)
# the cue words as folded tokens without their elision ("d'entreprise"): one set probe per text decides
_REGISTRY_WORDS = frozenset({"siren", "siret", "rcs", "r.c.s.", "r.c.s", "finess", "bce", "kbo", "tva", "entreprise",
                             "ondernemingsnummer"})
# an identifier cue, then digit groups with spaced separators ('262 - 0845771 - 12'); 6+ digits in all
_SPACED_GROUPS_CUE = re.compile(
    r"(?<!\w)(?:affiliation|affilie|affiliee|adherent|adherente|contrat|police|matricule|mutuelle|membre|assure"
    r"|assuree)(?!\w)[^\n\d,;.]{0,25}?"
    r"(?P<id>\d+(?:(?:[ \t]*[\-/.][ \t]*|[ \t])\d+)+)(?![\w]|[.,/\-]\d)"
)
_SPACED_WORDS = frozenset({"affiliation", "affilie", "affiliee", "adherent", "adherente", "contrat", "police",
                           "matricule", "mutuelle", "membre", "assure", "assuree"})
_CUE_WORDS = _REGISTRY_WORDS | _SPACED_WORDS
_SPACED_SEPARATOR = re.compile(r"\d[ \t]+[\-/.]|[\-/.][ \t]+\d")
_DIGIT_RUN = re.compile(r"\d+")
_YEAR = re.compile(r"(?:19|20)\d\d")
# '+' and a country code (or '00' and one, in brackets), then 4 to 12 digits in groups of 1 to 4
_INTL_PHONE = re.compile(
    r"(?:\+(?<![\w+]\+)[1-9]\d{0,2}|\((?:\+|00)[1-9]\d{0,2}\))"
    r"(?:[ .\-]?\(0\))?(?P<rest>(?:[ .\-/]?\d{1,4}){2,6})(?![\w]|[.,]\d|\s?(?:%|°|mg|ml|mm|cm|kg|ui|UI)\b)"
)


class RegistryIdAnnotator(Annotator):
    """Registration numbers after their cue, spaced membership numbers after an identifier cue, and
    international phone numbers in unusual groupings (module docstring)."""

    def __init__(self, tag: str = "ID", phone_tag: str = "PHONE", **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.phone_tag = phone_tag

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text, ft = ctx.text, ctx.folded_text
        cues = _CUE_WORDS.intersection(ctx.bare)
        if cues and not _REGISTRY_WORDS.isdisjoint(cues):
            for m in _REGISTRY.finditer(text):
                digits = sum(c.isdigit() for c in m.group("id"))
                if 9 <= digits <= 14:
                    out.append((m.start("id"), m.end("id"), self.tag))
        if cues and not _SPACED_WORDS.isdisjoint(cues):
            for m in _SPACED_GROUPS_CUE.finditer(ft):
                groups = _DIGIT_RUN.findall(m.group("id"))
                if _SPACED_SEPARATOR.search(m.group("id")) and sum(map(len, groups)) >= 6 and not all(_YEAR.fullmatch(g) for g in groups):  # '2019 - 2020'
                    out.append((m.start("id"), m.end("id"), self.tag))
        if "+" in text or "(00" in text:
            for m in _INTL_PHONE.finditer(text):
                rest = sum(c.isdigit() for c in m.group("rest"))
                if 4 <= rest <= 12 and sum(c.isdigit() for c in m.group()) >= 7:
                    out.append((m.start(), m.end(), self.phone_tag))
        return out

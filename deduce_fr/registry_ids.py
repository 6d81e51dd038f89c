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
# ... or a long number printed in groups of three, as a membership card prints it ('2 192 114 557'): seven digits or
# more, never an amount (a currency after it)
_THOUSAND_GROUPS = re.compile(r"\d{1,3}(?: \d{3}){2,}")
_MONEY_AFTER = re.compile(r"[ \t]*(?:€|\$|eur|euros?|chf|francs?|fr\b)", re.IGNORECASE)
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


# Numbers of the world outside the hospital (accidents, justice, asylum), each after its own cue, on the folded text:
# - a bib number at a race ('dossard 18245', 'dossard n° 412');
# - a file number led by its register's code in capitals after a file cue ('Dossier SIN 4471 28 903', 'affaire RG
#   26/02244'): the code is part of the number, the core rules keep the digits only;
# - a number in groups of three set apart by dots after 'n°' and an optional office code, as Belgian registers write
#   them ('n° SP 8.734.221', 'n° OE 9.512.376');
# - a registration number in two space-separated groups after 'n° d'inscription' or 'd'affiliation' ('1660120 0456');
# - a claim reference with slashes or dashes after 'sinistre' and at most three words ('Réf. sinistre Ethias :
#   36/8814/2026'); a valid date is left to the date rules;
# - a vehicle plate: French SIV 'AB-123-CD', Belgian '1-ABC-123', in a text that says 'immatriculé(e)', 'immatriculation'
#   or 'véhicule'.
_BIB_CUE = re.compile(r"(?<!\w)dossards?[ \t]*(?:n[°o]\.?[ \t]*)?:?[ \t]*(?P<id>\d{1,6})(?![\w]|[.,/\-]\d)")
_CODED_FILE_WORDS = frozenset({"dossier", "affaire", "sinistre", "procedure", "dossiers", "affaires", "sinistres",
                               "procedures"})
_INSCRIPTION_WORDS = frozenset({"inscription", "affiliation", "immatriculation", "adherent"})
_VEHICLE_WORDS = frozenset({"immatriculation", "immatricule", "immatriculee", "immatricules", "immatriculees", "vehicule",
                            "vehicules"})
_OUTSIDE_WORDS = _CODED_FILE_WORDS | _INSCRIPTION_WORDS | _VEHICLE_WORDS | {"dossard", "dossards", "n", "no"}
_CODED_FILE_AFTER = re.compile(r"[ \t]+(?:(?i:n[°o]\.?)[ \t]*)?:?[ \t]*"
                         r"(?P<id>(?:RG|SIN|PV|RP|JI|TGI|TJ|CLM|SP|OE)[ \t.\-]?\d[\d]*(?:(?:[ \t]|[ \t]?[/.\-][ \t]?)\d+)*)"
                         r"(?![\w]|[.,/\-]\d)")
_DOTTED_NUMBER = re.compile(r"(?<!\w)n[°o]\.?[ \t]*(?:[A-Z]{1,4}[ \t]+)?(?P<id>\d{1,3}(?:\.\d{3}){2,3})(?![\w]|[.,/\-]\d)")
_INSCRIPTION_NUMBER = re.compile(r"(?<!\w)(?:n[°o]\.?|numero)[ \t]+d['’](?:inscription|affiliation|immatriculation|adherent)"
                                 r"[ \t]*:?[ \t]*(?P<id>\d{4,}(?:[ \t]\d{2,}){1,3})(?![\w]|[.,/\-]\d)")
_CLAIM_REF = re.compile(r"(?<!\w)sinistres?(?:[ \t]+[^\W\d_][\w'’\-]*){0,3}[ \t]*(?:n[°o]\.?[ \t]*)?:?[ \t]*"
                        r"(?P<id>\d{1,6}(?:[/\-]\d{2,8}){1,3})(?![\w]|[.,/\-]\d)")
_PLATE = re.compile(r"(?<![\w\-])(?P<id>[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}|[1-9]-[A-Z]{3}-\d{3})(?![\w\-])")
# a registration right after 'immatriculé(e)' or 'immatriculation': a quarter's or a register's code in capitals and its
# serial, as boats and trailers carry them ('immatriculé GV 925408')
_REGISTERED_AS = re.compile(r"(?<!\w)(?i:immatricul(?:[ée]e?s?|ation))[ \t]*(?:(?i:n[°o]\.?)[ \t]*)?:?[ \t]*"
                            r"(?P<id>[A-Z]{1,3}[ \t\-]?\d{4,8})(?![\w]|[.,/\-]\d)")
# a pseudonym or study code given as a field's value in an export or a trial's log ('pseudo=TRIAL-7F3A-0091',
# 'subject_id: BX-0412'): the whole code, letters, digits and dashes, with a digit in it
_PSEUDO_FIELD = re.compile(r"(?<![\w])(?i:pseudo(?:nyme?)?|subject[_ ]?id|study[_ ]?id|sujet[_ ]?id|code[_ ]patient)"
                           r"[ \t]*[=:][ \t]*(?P<id>[A-Za-z0-9][A-Za-z0-9_\-]{3,}[A-Za-z0-9])(?![\w\-])")
_DATE_LIKE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])[/\-](?:0?[1-9]|1[0-2])(?:[/\-](?:\d{2}|\d{4}))?")


# file numbers whose shape alone says so, with no cue: a year, a code in capitals and a serial ('2023-CH-0418',
# '2024-IRM-00451'), or a few digits, one or two capitals and six digits or more ('974P0087156'); a device model
# ('3T', 'DX-R1'), a dose or a lot with fewer digits stays out (led by a digit, the engine skips to digits)
_SHAPED_FILE_NUMBER = re.compile(
    r"\d(?<![\w.,/\-]\d)(?:\d{1,3}[A-Z]{1,2}\d{6,}|(?<=[12])\d{3}-[A-Z]{1,5}-\d{3,})(?![\w\-]|[.,/]\d)")
_YEAR_CODE = re.compile(r"(?:19|20)\d\d-")


# the papers of asylum, detention and private practice, each naming its own number right after it, with or without
# 'n°' ('OFII 23-075-01234', 'AME : 123 456 789', 'Devis n°1187', 'Facture 2024-118', 'N° de domiciliation :
# 2023-0456'): the number (a letter prefix of up to three capitals included) in digit groups set apart by one space, a
# dash, a slash or a dot; not an amount, a duration, a date, a year alone or a phone number
_PAPER_WORDS = frozenset({"ofii", "ofpra", "agdref", "ame", "cnda", "fedasil", "domiciliation", "facture", "devis",
                          "ecrou", "recepisse", "honoraires", "factures", "avoir"})
_PAPER_AFTER = re.compile(
    r"[ \t]*(?P<no>(?i:n[°ºo]\.?|num(?:[ée]ro)?\.?|nr\.?|#)[ \t]*)?(?::[ \t]*)?"
    r"(?P<id>[A-Z]{0,3}\d+(?:(?:[ \-/.]|[ \t][\-/][ \t])\d+)*)"
    r"(?![\w]|[.,/\-]\d|[ \t]*(?:€|\$|%|(?i:eur|euros?|chf|mg|ml|kg|cm|mm|h|ans?|mois|jours?|sem|semaines?|x)(?![\w])))")
_PAPER_PHONE = re.compile(r"0\d(?:[ .\-]?\d{2}){4}")


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
                elif _THOUSAND_GROUPS.fullmatch(m.group("id")) and not _MONEY_AFTER.match(ft, m.end("id")):
                    out.append((m.start("id"), m.end("id"), self.tag))  # 'adhérent est le 2 192 114 557'

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
        out.extend(self._outside_ids(ctx))
        if "pseudo" in ft or "_id" in ft or "code patient" in ft or "subject id" in ft or "study id" in ft:
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _PSEUDO_FIELD.finditer(text)
                       if any(c.isdigit() for c in m.group("id")))
        if not _PAPER_WORDS.isdisjoint(ctx.bare_set):
            toks = ctx.tokens
            for i in ctx.indices(_PAPER_WORDS, bare=True):
                if ctx.bare[i] == "avoir" and not text[toks[i].start : toks[i].start + 1].isupper():
                    continue  # 'avoir' the verb; 'Avoir n° 12' a credit note
                m = _PAPER_AFTER.match(text, toks[i].end)
                if not m:
                    continue
                number = m.group("id")
                digits = sum(c.isdigit() for c in number)
                if digits < (3 if m.group("no") else 4) or _DATE_LIKE.fullmatch(number) or _PAPER_PHONE.fullmatch(number) or (
                        not m.group("no") and _YEAR.fullmatch(number)):
                    continue
                out.append((m.start("id"), m.end("id"), self.tag))
        for m in _SHAPED_FILE_NUMBER.finditer(text):
            if m.group()[4:5] != "-" or _YEAR_CODE.match(m.group()):
                out.append((m.start(), m.end(), self.tag))
        if "+" in text or "(00" in text:
            for m in _INTL_PHONE.finditer(text):
                rest = sum(c.isdigit() for c in m.group("rest"))
                if 4 <= rest <= 12 and sum(c.isdigit() for c in m.group()) >= 7:
                    out.append((m.start(), m.end(), self.phone_tag))
        return out

    def _outside_ids(self, ctx: Context) -> list[Candidate]:
        """Bib, coded file, dotted register, inscription, claim and plate numbers (see their patterns); each scan
        runs only when its cue word is among the text's distinct words (one set probe each)."""
        out: list[Candidate] = []
        words = ctx.bare_set
        if _OUTSIDE_WORDS.isdisjoint(words):
            return out
        text, ft = ctx.text, ctx.folded_text
        if "dossard" in words or "dossards" in words:
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _BIB_CUE.finditer(ft))
        if not _CODED_FILE_WORDS.isdisjoint(words):
            toks = ctx.tokens
            for i in ctx.indices(_CODED_FILE_WORDS, bare=True):  # (one anchored match after each cue token)
                m = _CODED_FILE_AFTER.match(text, toks[i].end)
                if m:
                    out.append((m.start("id"), m.end("id"), self.tag))
        if "no" in words:
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _DOTTED_NUMBER.finditer(text))
        elif "n" in words:
            at = ft.find("n°")
            while at >= 0:
                m = _DOTTED_NUMBER.match(text, at) if at == 0 or not ft[at - 1].isalnum() else None
                if m:
                    out.append((m.start("id"), m.end("id"), self.tag))
                at = ft.find("n°", at + 2)
        if not _INSCRIPTION_WORDS.isdisjoint(words):
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _INSCRIPTION_NUMBER.finditer(ft))
        if "sinistre" in words or "sinistres" in words:
            for m in _CLAIM_REF.finditer(ft):
                if not _DATE_LIKE.fullmatch(m.group("id")):
                    out.append((m.start("id"), m.end("id"), self.tag))
        if not _VEHICLE_WORDS.isdisjoint(words):
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _PLATE.finditer(text))
            out.extend((m.start("id"), m.end("id"), self.tag) for m in _REGISTERED_AS.finditer(text))
        return out

"""Registration numbers of practices, firms and practitioners (France, Belgium, Luxembourg), as
letterheads and footers print them: one ID span for the whole number, whatever its grouping.

Why a module of its own: the generic id patterns read one unbroken digit run ('44312890600021'), so a
number printed in groups ('443 128 906 00021', '262 - 0845771 - 12') was missed or cut in pieces, and
the label's register tells how many digits the number has, which is what keeps a following phone
number or date out of the span.

Labelled numbers (the label stays outside the span, as the hand-annotated sets mark it):

- SIRET (14 digits, or the 9 of a SIREN written after it), SIREN (9);
- RCS, and the Belgian RPM/RPR: 'RCS Lyon B 443 128 906' (the town is skipped, a greffe letter
  before the number belongs to it; Luxembourg's 'RCS Luxembourg B123456' has 4-6 digits), and the
  number written first: '443 128 906 R.C.S. Nanterre';
- TVA/BTW/VAT numbers with their country code ('FR 12 443128906', 'BE 0403.199.702', 'LU12345678');
- the Belgian enterprise number (BCE/KBO, 'n° d'entreprise', 'ondernemingsnummer');
- FINESS (9 characters, '2A'/'2B' in Corsica), RPPS (11 digits), ADELI (9);
- INAMI/RIZIV numbers of practitioners and institutions ('1-23456-78-901', '1.23456.78.901',
  '1 23456 78 901', '710-12345-67'), and mutual affiliation numbers, agreement and authorisation
  numbers, ONSS/RSZ employer numbers (any grouping, spaced dashes too: '262 - 0845771 - 12');
- a practice's IBAN ('IBAN BE71 0961 2345 6769'; the bank's BIC identifies no one and is left).

Unlabelled numbers are taken only where a checksum holds: a SIRET in groups (Luhn; La Poste's
SIRETs sum to a multiple of 5), a French VAT number (key = (12 + 3 x (SIREN mod 97)) mod 97), a
Belgian one or a dotted enterprise number (97 - first eight digits mod 97), a Luxembourg VAT
number (first six digits mod 89), an IBAN (ISO 13616 mod 97). APE/NAF activity codes ('APE 8622B') identify no one and are left.

Cost: the labelled scan runs only when a register's word is among the text's folded tokens (a set
intersection); the checksum scan only inside the digit windows the Context finds once per text.
"""

from __future__ import annotations

import re

from deduce_fr.annotators import Annotator, Candidate, Context

# folded tokens that announce a register (the tokenizer keeps 'r.c.s.' and 'kbo-nr' whole)
_LABEL_TOKENS = frozenset({
    "siret", "siren", "rcs", "r.c.s", "r.c.s.", "rpm", "r.p.m", "r.p.m.", "rpr", "r.p.r", "r.p.r.", "finess",
    "tva", "btw", "vat", "btw-nummer", "btw-nr", "bce", "kbo", "kbo-nr", "kbo-nummer", "entreprise",
    "ondernemingsnummer", "ondernemingsnr", "inami", "riziv", "inami-nr", "riziv-nr", "riziv-nummer", "rpps",
    "adeli", "agrement", "affiliation", "affilie", "affiliee", "lidnummer", "aansluitingsnummer", "onss", "rsz",
    "autorisation", "iban", "mutuelle", "mutualite", "mutualiteit", "ziekenfonds", "intracommunautaire", "intra-communautaire", "agreation", "erkenning", "erkenningsnummer", "am",
})

# the label itself; the short capitalised acronyms must be written in capitals ('rpm' may be a speed)
_LABEL = re.compile(
    r"(?<![\w])(?:"
    r"(?P<siret>(?i:siret))|(?P<siren>(?i:siren))"
    r"|(?P<rcs>R\.?\s?C\.?\s?S\b\.?|rcs\b|R\.?\s?P\.?\s?[MR]\b\.?)"
    r"|(?P<tva>TVA|Tva|tva|BTW|Btw|VAT|(?i:intra-?communautaire))(?:[\-\s]?(?i:nummer|nr)\b\.?)?"
    r"|(?P<bce>BCE|KBO|Kbo)(?:[\-\s]?(?i:nummer|nr)\b\.?)?|(?P<bce2>(?i:ondernemings(?:nummer|nr)\.?))"
    r"|(?P<entreprise>(?i:entreprise))"
    r"|(?P<finess>(?i:finess))|(?P<rpps>(?i:rpps))|(?P<adeli>(?i:adeli))"
    r"|(?P<iban>IBAN|Iban|iban)"
    r"|(?P<inami>(?i:inami|riziv))(?:[\-\s]?(?i:nummer|nr)\b\.?)?"
    r"|(?P<generic>(?i:agr[ée]ment|agr[ée]ation|erkenning(?:snummer)?|affiliation|affili[ée]e?|lidnummer"
    r"|aansluitingsnummer|onss|rsz|autorisation))|(?P<am>AM)"
    r"|(?P<mutual>(?i:mutuelle|mutualit[ée]|mutualiteit|ziekenfonds))"
    r")(?![\w])"
)
# "n° d'" before 'entreprise' (the Belgian register) and 'N°' before 'AM' (a French practitioner's number)
_NUMBER_WORD_BEFORE = re.compile(r"(?i:n[°oº]\.?|num[ée]ro|nr\.?)\s*(?:d['’]\s*)?$")
# a practitioner's health-insurance (AM) number as letterheads print it after 'AM' alone: 9 digits, grouped 2-1-5-1
_AM_NUMBER = re.compile(r"[ \t\u00a0]*:?[ \t\u00a0]*\d{2}[ \u00a0]?\d[ \u00a0]?\d{5}[ \u00a0]?\d(?![\w]|[.,/\-]\d)")
# words between a label and its number: 'SIRET n° :', 'N° FINESS EJ :', 'TVA intracommunautaire :',
# 'INAMI du prescripteur :', "n° d'entreprise :", "agrément CPAM n°"
_FILLER = re.compile(
    r"(?:[ \t\u00a0\u202f]*(?:[\-–:=#/]|\((?:[^()\n\d]{1,30})\)|"
    r"(?i:n[°oº]\.?|nr\.?|num[ée]ro|number|nummer|no\.|d['’]identification|intra-?communautaire|intracom\.?"
    r"|intra\.?|ej|et|juridique|g[ée]ographique|(?:de\s+l['’])?(?:[ée]tablissement|h[ôo]pital|institution)"
    r"|du\s+(?:cabinet|centre|praticien|service"
    r"|m[ée]decin|prescripteur|laboratoire)|m[ée]decin|praticien|prescripteur|cpam|ars|de\s+la\s+soci[ée]t[ée]"
    r"|soci[ée]t[ée]|d['’]inscription|de\s+l['’]entreprise|(?:de\s+)?mutuelle|mutualit[ée])(?![\w])))*"
    r"[ \t\u00a0\u202f]*\n?[ \t\u00a0\u202f]*"
)
# a mutual fund's name and 'n°' between the word 'mutuelle' and the member's number, on one line
_MUTUAL_NAME = re.compile(r"[A-Za-zÀ-ÿ'’\- .,:°()]{0,40}?(?=\d)")
# the town (and 'sous le numéro') between 'RCS' and its number, on one line; a greffe letter may lead it
_RCS_TOWN = re.compile(r"[A-Za-zÀ-ÿ'’\- .,:°()]{0,50}?(?P<letter>(?<![\w])[A-D][ \u00a0]?)?(?=\d)")
# a country code before a VAT or enterprise number, and a French VAT key (digits or letters)
_COUNTRY = re.compile(r"(?:FR[ \u00a0]?(?:[A-HJ-NP-Z][0-9A-HJ-NP-Z]|\d[A-HJ-NP-Z])|FR|BE|LU|NL|DE)[ \u00a0]?(?=\d)")
# a number's digit groups: strict separators (a space, or '.', '-', '/' with no space around) for the
# registers, spaced dashes and slashes too for affiliation and practitioner numbers
_SP = r"[ \u00a0\u202f]"
_STRICT_RUN = re.compile(r"(?:2[AB]|\d)\d*(?:(?:" + _SP + r"|[.\-/])\d+)*")
_LOOSE_RUN = re.compile(r"(?:2[AB]|\d)\d*(?:(?:" + _SP + r"?[.\-/–]" + _SP + r"?|" + _SP + r")\d+)*")
_GROUP = re.compile(r"2[AB]\d*|\d+")
# a date or a phone number is never read as a register's number
_DATE_LIKE = re.compile(r"\d{1,2}[./\-]\d{1,2}[./\-](?:\d{2}|\d{4})")
_PHONE_LIKE = re.compile(r"0\d(?:[ .\-]?\d{2}){4}|0\d{1,3}(?:[ ./\-]\d{2,3}){2,3}")
# a span of years ('Mutuelle depuis 2019 - 2020') is no member's number, however it is grouped
_YEAR = re.compile(r"(?:19|20)\d\d")

# register -> (fewest digits, most digits, the lengths it prefers, loose separators)
_KINDS: dict[str, tuple[int, int, frozenset[int], bool]] = {
    "siret": (9, 14, frozenset({14, 9}), False),
    "siren": (9, 9, frozenset({9}), False),
    "rcs": (9, 14, frozenset({9, 14}), False),  # the SIREN, or the SIRET some write after 'RCS'
    "rpm": (9, 10, frozenset({10, 9}), False),  # a Belgian enterprise number after 'RPM/RPR <town>'
    "rcs_letter": (4, 9, frozenset({9, 6, 5}), False),  # 'B 443 128 906', Luxembourg's 'B123456'
    "tva": (8, 13, frozenset({11, 10, 9, 8}), False),
    "bce": (9, 10, frozenset({10, 9}), False),
    "finess": (9, 9, frozenset({9}), False),
    "rpps": (10, 12, frozenset({11}), False),
    "adeli": (8, 10, frozenset({9}), False),
    "inami": (8, 12, frozenset({11, 8}), True),
    "generic": (5, 16, frozenset(), True),
    "mutual": (8, 16, frozenset(), True),  # after a fund's name: a member's number is long ('MGEN depuis 2019 - 3' is none)
}

# an IBAN in print groups of four ('BE68 5390 0754 7034') or in one piece
_IBAN = r"[A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,3})?"
_IBAN_AT = re.compile(_IBAN + r"(?![\w]|[.,/\-]\d)")
# unlabelled numbers whose checksum must hold (searched inside the Context's digit windows)
_CHECKED = re.compile(
    r"(?<![\w.,/\-])(?:"
    r"(?P<siret>\d{3}(?P<s>[ .\u00a0]?)\d{3}(?P=s)\d{3}(?P=s)(?:\d{5}|\d{3}(?P=s)\d{2}))"
    r"|FR[ \u00a0]?(?P<frkey>\d{2})[ \u00a0]?(?P<frsiren>\d{3}[ \u00a0]?\d{3}[ \u00a0]?\d{3})"
    r"|BE[ \u00a0]?(?P<be>[01]?\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3})"
    r"|(?P<bce>[01]\d{3}\.\d{3}\.\d{3})"
    r"|(?P<iban>" + _IBAN + r")"
    r")(?![\w]|[.,/\-]\d)"
)
# (led by its literal 'LU', which the regex engine finds fast; the character before is checked apart)
_LU_VAT = re.compile(r"LU[ \u00a0]?(\d{8})(?![\w]|[.,/\-]\d)")
_GLUED_BEFORE = re.compile(r"[\w.,/\-]")
# a SIREN (with or without its greffe letter) written before 'RCS <town>'
_BEFORE_RCS = re.compile(
    r"(?<![\w.,/\-])(?P<num>(?:[A-D][ \u00a0]?)?\d{3}[ .\u00a0]?\d{3}[ .\u00a0]?\d{3})[ \u00a0]*[\-–,]?[ \u00a0]*"
    r"$"
)
_RCS_TOKENS = frozenset({"rcs", "r.c.s", "r.c.s."})


def luhn_valid(digits: str) -> bool:
    """Luhn checksum (SIREN, SIRET, RPPS)."""
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siret_valid(digits: str) -> bool:
    """A 14-digit SIRET: Luhn over the 14 digits (La Poste's establishments, SIREN 356000000 but for the
    head office, instead sum to a multiple of 5), and its SIREN's own Luhn."""
    if len(digits) != 14:
        return False
    if digits.startswith("356000000") and digits != "35600000000048":
        whole = sum(map(int, digits)) % 5 == 0
    else:
        whole = luhn_valid(digits)
    return whole and luhn_valid(digits[:9])


def fr_vat_valid(key: str, siren: str) -> bool:
    """French VAT number: the two-digit key is (12 + 3 x (SIREN mod 97)) mod 97, the SIREN checks
    (Monaco's numbers, '000...', have no SIREN key)."""
    return (key.isdigit() and int(key) == (12 + 3 * (int(siren) % 97)) % 97
            and (luhn_valid(siren) or siren.startswith("000")))


def be_enterprise_valid(digits: str) -> bool:
    """Belgian enterprise (BCE/KBO) and VAT number: 10 digits (an old 9-digit one takes a leading 0),
    the last two are 97 - (the first eight mod 97)."""
    digits = digits.zfill(10) if len(digits) == 9 else digits
    return len(digits) == 10 and digits[0] in "01" and (int(digits[:8]) + int(digits[8:])) % 97 == 0


def lu_vat_valid(digits: str) -> bool:
    """Luxembourg VAT number: 8 digits, the last two are the first six mod 89."""
    return len(digits) == 8 and int(digits[:6]) % 89 == int(digits[6:])


def iban_valid(iban: str) -> bool:
    """ISO 13616 IBAN check: the country and key moved to the end, letters read as 10..35, mod 97 is 1."""
    compact = re.sub(r"[ \u00a0]", "", iban).upper()
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _number_end(text: str, start: int, kind: str) -> int:
    """End of the register number that starts at ``start``, cut at a group boundary so its digit count
    fits the register (a phone number or a street number after it stays out); -1 when none fits."""
    low, high, preferred, loose = _KINDS[kind]
    run = (_LOOSE_RUN if loose else _STRICT_RUN).match(text, start)
    if not run:
        return -1
    ends: list[tuple[int, int]] = []  # (digits so far, end offset) after each group
    count = 0
    for g in _GROUP.finditer(text, start, run.end()):
        if ends and (_DATE_LIKE.match(text, g.start()) or loose and _PHONE_LIKE.match(text, g.start())):
            break  # a date or a phone number written after the number ('agrément 12345 - 12/03/2020')
        count += len(g.group())  # a Corsican '2A'/'2B' counts as two characters of the number
        if count > high:
            break
        ends.append((count, g.end()))
    # never cut a number inside its glued groups ('710-08047-21' is one number, not '710-08047')
    ends = [(n, e) for n, e in ends if not (text[e : e + 1] in (".", "-", "/") and text[e + 1 : e + 2].isdigit())]
    if not ends:
        return -1
    fitting = [e for n, e in ends if n in preferred] or [e for n, e in ends if low <= n <= high]
    if not fitting:
        return -1
    end = fitting[-1]
    if end == run.end() and end < len(text) and (text[end].isalpha() and not text[end - 1].isalpha()):
        # a check letter glued to the number belongs to it ('123456789A'); a word glued to it means no number
        if end + 1 < len(text) and text[end + 1].isalnum():
            return -1
        end += 1
    number = text[start:end]
    if _DATE_LIKE.fullmatch(number) or kind in ("generic", "mutual", "inami") and (
            _PHONE_LIKE.fullmatch(number) or all(_YEAR.fullmatch(g) for g in _GROUP.findall(number))):
        return -1
    return end


class BusinessIdAnnotator(Annotator):
    """Registration numbers of firms, practices and practitioners (SIREN/SIRET, RCS, TVA, BCE/KBO,
    FINESS, RPPS, ADELI, INAMI/RIZIV, affiliation numbers): see the module docstring."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text = ctx.text
        if not _LABEL_TOKENS.isdisjoint(ctx.bare_set):  # (the distinct words, built once per text)
            out.extend(self._labelled(ctx))
        for a, b in ctx.digit_windows():
            for m in _CHECKED.finditer(text, max(0, a - 3), b):
                if self._checks(m):
                    out.append((m.start(), m.end(), self.tag))
        if "LU" in text:  # a Luxembourg VAT number has 8 digits, fewer than a digit window holds
            out.extend((m.start(), m.end(), self.tag) for m in _LU_VAT.finditer(text)
                       if lu_vat_valid(m.group(1)) and not _GLUED_BEFORE.match(text, max(0, m.start() - 1), m.start()))
        return out

    def _labelled(self, ctx: Context) -> list[Candidate]:
        """Numbers after (or, for RCS, before) a register's label, matched at the label tokens only (a
        scan of the whole text by the label pattern would cost ~0.5 ms per page)."""
        out: list[Candidate] = []
        text = ctx.text
        for tok, folded, bare in zip(ctx.tokens, ctx.folded, ctx.bare):
            if bare not in _LABEL_TOKENS:
                continue
            label_at = tok.start + len(folded) - len(bare)  # "d'affiliation": the label after the elision
            if bare in _RCS_TOKENS:
                before = _BEFORE_RCS.search(text, max(0, label_at - 30), label_at)
                if before:
                    out.append((before.start("num"), before.end("num"), self.tag))
            m = _LABEL.match(text, label_at)
            if not m:
                continue
            kind = m.lastgroup or "generic"
            if kind in ("entreprise", "am") and not _NUMBER_WORD_BEFORE.search(text, max(0, m.start() - 12), m.start()) and not (
                    kind == "am" and _AM_NUMBER.match(text, m.end())):
                continue  # 'entreprise', 'AM' alone are words; "n° d'entreprise", 'N° AM' announce a register
                # (and so does 'AM' right before a number printed as the health insurance prints it: 'AM 37 1 23456 7')
            kind = {"bce2": "bce", "entreprise": "bce", "am": "adeli"}.get(kind, kind)
            pos = _FILLER.match(text, m.end()).end()
            start = pos
            if kind == "rcs":
                town = _RCS_TOWN.match(text, pos)
                if not town:
                    continue
                start = town.start("letter") if town.group("letter") else town.end()
                kind = "rcs_letter" if town.group("letter") else "rpm" if text[pos] == "0" else "rcs"
                pos = town.end()
            elif kind == "mutual":  # the fund's name may come first: 'Mutualité : Solidaris (n° 262 - 0845771 - 12)'
                named = _MUTUAL_NAME.match(text, pos)
                if not named:
                    continue
                start = pos = named.end()
            elif kind == "iban":
                iban = _IBAN_AT.match(text, pos)
                if iban:
                    out.append((pos, iban.end(), self.tag))
                continue
            elif kind in ("tva", "bce"):
                country = _COUNTRY.match(text, pos)
                if country:
                    pos = country.end()
            end = _number_end(text, pos, kind) if pos < len(text) and text[pos].isdigit() else -1
            if end > 0:
                out.append((start, end, self.tag))
        return out

    @staticmethod
    def _checks(m: re.Match[str]) -> bool:
        """The checksum of an unlabelled number found by ``_CHECKED``."""
        if m.group("siret"):
            return siret_valid(re.sub(r"\D", "", m.group("siret")))
        if m.group("frsiren"):
            return fr_vat_valid(m.group("frkey"), re.sub(r"\D", "", m.group("frsiren")))
        if m.group("be"):
            return be_enterprise_valid(re.sub(r"\D", "", m.group("be")))
        if m.group("iban"):
            return iban_valid(m.group("iban"))
        return be_enterprise_valid(re.sub(r"\D", "", m.group("bce")))

"""Organisations named by a SHAPE of their sector rather than by a French head word (org27):

- **call signs of rescue helicopters**: the civil-defence 'Dragon' and the gendarmerie 'Choucas' followed by their
  département's number ('hélitreuillé par Dragon 74', 'choucas 31 en route'); 'logiciel Dragon' (no number) stays out;
- **airlines** written 'Air' + a capitalised word ('vol Air Tahiti', 'agent de piste chez Air Austral');
- **vendors with an English sector word** after a name no list knows ('Deeplink Medical', 'Everlight Radiology',
  'Nordlys Imaging'), and the French tele-radiology firms ('Télé-Imagerie Bretagne', 'Téléradiologie Sud');
- **research units and committees** by their numbering: 'Inserm U1231', 'UMR 5229', 'CIC 1414', 'CPP Ouest IV'.

Each rule is one compiled regex run on the text behind a gate word, then a few set probes per match.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import fold

if TYPE_CHECKING:  # pragma: no cover - typing only
    from deduce_fr.organisations import OrganisationAnnotator

_WORD = r"[A-ZÀ-Ý][\w'’-]*"
# 'Dragon 74', 'DRAGON 2B', 'choucas 31' (Sécurité civile and gendarmerie helicopters, by département number)
_CALL_SIGN = re.compile(r"(?<![\w'’-])(?:[Dd]ragon|DRAGON|[Cc]houcas|CHOUCAS)[ \t]+(?:\d{2,3}|2[AB])(?![\w/-]|[.,]\d)")
# 'Air Tahiti', 'Air Calédonie', 'Air Tahiti Nui' (an airline); the first word after 'Air' capitalised
_AIRLINE = re.compile(rf"(?<![\w'’-])Air[ \t]+({_WORD})(?:[ \t]+({_WORD}))?")
# a name then an English sector word ('Deeplink Medical', 'Everlight Radiology'): a vendor, a CRO, a provider
_SECTOR_TAIL = re.compile(
    rf"(?<![\w'’-])({_WORD})(?:[ \t]+({_WORD}))?[ \t]+(?:Medical|Radiology|Imaging|Healthcare|HealthCare|Diagnostics|"
    r"Pharma|Pharmaceuticals|Therapeutics|Biotech|Biosciences|Technologies|MedTech|Medtech|Teleradiology)"
    # a firm's own last word after the sector word ('Brussels Teleradiology Hub', 'Quorel Imaging Group')
    r"(?:[ \t]+(?:Hub|Group|Groupe|Network|Partners|Services|Solutions|International|Europe|France|Belgium|Benelux|"
    r"Center|Centre|Lab|Labs|SA|SAS|NV|BV|Ltd|Inc|GmbH|AG))?(?![\w'’-])")
# 'Télé-Imagerie Bretagne', 'Téléimagerie Atlantique', 'Téléradiologie Nord Europe': a tele-radiology firm
_TELE_FIRM = re.compile(rf"(?<![\w'’-])T[ée]l[ée]-?(?:[Ii]magerie|[Rr]adiologie|[Mm]édecine)[ \t]+({_WORD})"
                        rf"(?:[ \t]+({_WORD}))?")
# research units, clinical investigation centres and ethics committees by their number or region
_RESEARCH_UNIT = re.compile(
    r"(?<![\w'’-])(?:(?:Inserm|INSERM|CNRS|IRD|INRAE|Inserm/CNRS)[ \t]+(?:UMR[ \t-]?S?[ \t]*)?U?[ \t]?\d{3,4}"
    r"|(?:UMR|UMRS|UMR-S)[ \t]?\d{3,4}|CIC[ \t-]?(?:EC[ \t-]?|P[ \t-]?|IT[ \t-]?)?1\d{3}"
    rf"|CPP[ \t]+(?:{_WORD})(?:[ \t]+(?:{_WORD}))?(?:[ \t]+[IVX]{{1,4}})?)(?![\w'’-])")
# words that make 'Air X' or 'X Medical' something else ('Air Liquide' is a firm and stays one)
_NOT_AFTER_AIR = frozenset({"ambiant", "ambiante", "libre", "sous", "trapping", "bronchogram", "leak", "way"})
_NOT_SECTOR_FIRST = frozenset({"the", "our", "your", "and", "of", "for", "in", "with", "new", "global", "digital",
                               "clinical", "advanced", "nuclear", "general", "department", "division", "internal",
                               "emergency", "applied", "european", "national", "international", "centre", "center",
                               "sciences", "science", "research", "health", "life", "le", "la", "les", "de", "du",
                               "des", "et", "pour", "avec", "par", "sur", "rapport", "report", "service", "unite"})
_SECTOR_WORDS = ("Medical", "Radiology", "Imaging", "Health", "Diagnostics", "Pharma", "Therapeutics", "Bio",
                 "Technologies", "Med", "Teleradiology")
# a CPP is named by a region ('CPP Ouest IV', 'CPP Sud-Est II', 'CPP Île-de-France III'), not by a word of the text
_CPP_NOT = frozenset({"avis", "favorable", "le", "la", "et", "du", "de"})


def _is_known_word(ctx: Context, word: str) -> bool:
    """An ordinary French/medical word, a first name or a surname: not a firm's own name."""
    lk = ctx.lookups
    b = fold(word).strip("'’-")
    return lk.is_common(word) or b in lk.medical or b in lk.eponyms or b in lk.first_names or b in lk.surnames


def sector_shapes(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """All the shapes of the module docstring, one INSTITUTION span each."""
    text = ctx.text
    out: list[Candidate] = []
    tag = ann.tag
    if "ragon" in text or "houcas" in text or "RAGON" in text or "HOUCAS" in text:
        out.extend((m.start(), m.end(), tag) for m in _CALL_SIGN.finditer(text))
    if "Air" in text:
        for m in _AIRLINE.finditer(text):
            first = m.group(1)
            if fold(first) in _NOT_AFTER_AIR or first.isupper() and len(first) > 3 or \
                    fold(first) in ctx.lookups.medical:
                continue
            end = m.end(1)
            second = m.group(2)
            if second and not second.isupper() and not _is_known_word(ctx, second) and \
                    (fold(second),) not in ann.regions.keys:
                end = m.end(2)  # 'Air Tahiti Nui'
            out.append((m.start(), end, tag))
    for m in _SECTOR_TAIL.finditer(text) if any(w in text for w in _SECTOR_WORDS) else ():
        first, second = m.group(1), m.group(2)
        words = [w for w in (first, second) if w]
        if fold(first) in _NOT_SECTOR_FIRST or any(fold(w) in _NOT_SECTOR_FIRST for w in words) or \
                all(_is_known_word(ctx, w) for w in words) or first.isupper() and len(first) > 5:
            continue
        start = m.start(1) if second is None or not _is_known_word(ctx, first) else m.start(2)
        out.append((start, m.end(), tag))
    if "l" in text and ("Télé" in text or "Tele" in text or "Téle" in text or "Telé" in text):
        for m in _TELE_FIRM.finditer(text):
            second = m.group(2)
            end = m.end(2) if second and (not _is_known_word(ctx, second) or (fold(second),) in ann.regions.keys) \
                else m.end(1)
            if fold(m.group(1)) in ("de", "du", "des", "et"):
                continue
            out.append((m.start(), end, tag))
    if any(w in text for w in ("Inserm", "INSERM", "CNRS", "UMR", "CIC", "CPP", "IRD", "INRAE")):
        for m in _RESEARCH_UNIT.finditer(text):
            span = m.group()
            if span.startswith("CPP") and fold(span.split()[1]) in _CPP_NOT:
                continue
            out.append((m.start(), m.end(), tag))
    return out


__all__ = ["sector_shapes"]

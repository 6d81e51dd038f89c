"""Organisations missed entirely by the other rules (org25): classes of names, not strings of a case.

- a listed firm's name then its branch's country or sector ('AXA Belgium', 'AXA ASSISTANCE', 'Allianz Partners
  France'): the branch word makes even a one-word name that is also a person's name or a word (only found after a
  cue otherwise) a firm;
- an unlisted capitalised name then a sector that only firms carry ('Europ Assistance', 'Costa Croisières', 'X
  Insurance', 'X Ferries'): the sector word is the cue;
- an army unit written by its ordinal and its acronym ('3e RPIMa', '2e REP', '13e BCA'): the acronyms of French
  regiments and battalions, which no clinical text writes after an ordinal; a mobile gendarmerie squadron by its
  number ('escadron de gendarmerie mobile 21/7', 'EGM 32/2').

The town after a unit ('3e RPIMa de Carcassonne') is left to the place rules, as the writers keep it apart."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import fold
from deduce_fr.organisations_chains import word_positions

if TYPE_CHECKING:
    from deduce_fr.organisations import OrganisationAnnotator

# a country, or a firm's division, after a listed firm's name ('AXA France', 'Allianz Partners', 'AXA ASSISTANCE')
BRANCH_WORDS = frozenset({
    "france", "belgium", "belgique", "belgie", "luxembourg", "suisse", "schweiz", "switzerland", "deutschland",
    "germany", "nederland", "benelux", "espana", "italia", "europe", "international", "assistance", "assurances",
    "assurance", "insurance", "partners", "travel", "croisieres", "cruises", "ferries", "airlines", "prevoyance",
    "iard", "mutuelle", "interim", "group", "groupe"})
# sectors that only firms carry, after an unlisted capitalised name ('Europ Assistance', 'Brittany Ferries')
SECTOR_WORDS = frozenset({"assistance", "assurances", "insurance", "croisieres", "cruises", "ferries", "airlines"})
# after these a capitalised 'Assistance' is a heading's word or a French phrase, not a firm's
_NOT_FIRM_BEFORE = frozenset({"demande", "appel", "service", "services", "centre", "plateforme", "numero", "contrat",
                              "dossier", "sans", "avec", "besoin", "aide", "soins", "medicale", "medical", "technique",
                              "ventilatoire", "respiratoire", "circulatoire", "publique", "sociale", "juridique",
                              "rapatriement", "voyage", "vie", "auto", "habitation", "contrats", "compagnie", "societe"})

# ordinal, then the acronym of a regiment, a half-brigade or a battalion (French army, marines, Foreign Legion)
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 60 -> 39 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_MILITARY_UNIT = re.compile(
    r"(?=[1-9])(?<![\w'’/-])(?:1er|1re|1ère|[1-9]\d{0,2}(?:e|ème|eme|è))[ \t]+"
    r"(?:RI|RIMa|RIMA|RPIMa|RPIMA|RICM|RIAOM|REP|REI|REG|REC|RAMa|RAMA|RAC|RHC|RMT|RMAT|RTir|RSMA|RMED|BCA|"
    r"BIMa|BIMA|BSMAT|DBLE|GCM|RSMV|RPSO)(?![\w'’-])")
# a mobile gendarmerie squadron by its number ('escadron de gendarmerie mobile 21/7', 'EGM 32/2')
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 58 -> 31 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_SQUADRON = re.compile(r"(?=(?i:e))(?<![\w'’-])(?:(?i:escadron de gendarmerie mobile)|EGM)[ \t]+\d{1,2}/\d{1,2}(?![\w/])")
# a taxi firm by its owner's or its own name ('Taxi Marchetti', 'TAXIS DU LAC', 'Allo Taxi Vallée'): the capitalised
# 'Taxi' before a capitalised word (not 'taxi conventionné', a kind of transport)
_TAXI = re.compile(r"(?<![\w'’-])(?:All[oô][ \t])?(?:Taxis?|TAXIS?)[ \t]+(?!(?:All[oô]|Taxis?|TAXIS?)[ \t])((?:[A-ZÀ-ÖØ-Þ][\w'’-]+)(?:[ \t][A-ZÀ-ÖØ-Þ][\w'’-]+)?)"
                   r"(?![\w'’-])")
# a cruise ship by its line and its own name ('MSC Fantasia', 'Costa Serena'), on a line that speaks of a cruise or
# a ship (the line's brand alone is also a surname)
_SHIP = re.compile(r"(?<![\w'’-])(?:MSC|Costa|AIDA|Celebrity|Carnival)[ \t]+(?!Croisi|Cruise)[A-Z][a-zà-öø-ÿ]{3,}(?![\w'’-])")
_SHIP_LINE = re.compile(r"(?i:croisi|paquebot|navire|à bord|du bord|cabine|escale|cruise)")
_TITLE_BEFORE = re.compile(r"(?i:m|mme|mlle|mr|dr|madame|monsieur|passag[eè]re?|patiente?)\.?[ \t]+\Z")
_UNIT_GATE = re.compile(r"\d(?:er|re|ère|e|ème|eme|è)[ \t]+[BDGR][A-Z]|/\d")


def branches_of_listed_firms(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'AXA Belgium', 'AXA ASSISTANCE': a listed one-word name, capitalised, then up to two branch words."""
    out: list[Candidate] = []
    toks, n = ctx.tokens, len(ctx.tokens)
    for i in word_positions(ctx, ann._listed_keys):
        tok = toks[i]
        if not tok.text[:1].isupper() or (ctx.bare[i],) not in ann._listed_by_size[ctx.bare[i]][1]:
            continue
        end = i + 1
        while end < n and end - i < 3 and ctx.joined(end) and toks[end].kind == "word" and \
                toks[end].text[:1].isupper() and ctx.bare[end] in BRANCH_WORDS:
            end += 1
        if end > i + 1:
            out.append(ann._span(ctx, i, end))
    return out


def sector_firms(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'Europ Assistance', 'Costa Croisières', 'Brittany Ferries': a capitalised word that is no ordinary, medical or
    function word, then a capitalised sector word only firms carry (both in capitals, or neither)."""
    out: list[Candidate] = []
    toks, lk = ctx.tokens, ctx.lookups
    for k in word_positions(ctx, SECTOR_WORDS):
        i = k - 1
        if i < 0 or not ctx.joined(k) or toks[i].kind != "word" or not toks[k].text[:1].isupper():
            continue
        first, b = toks[i].text, ctx.bare[i]
        if not first[:1].isupper() or len(b) < 2 or b in _NOT_FIRM_BEFORE or b in lk.function_words or \
                lk.is_common(first) or b in lk.medical or first.isupper() != toks[k].text.isupper() and len(b) > 4:
            continue
        if _line_start(ctx, i) and toks[k].text.isupper():
            continue  # a heading in capitals ('ASSISTANCE' after a heading's first word)
        out.append(ann._span(ctx, i, k + 1))
    return out


_TRANSPORT_KINDS = frozenset({"conventionne", "conventionnes", "agree", "agrees", "medical", "sanitaire", "parisien",
                              "ambulance", "vsl"})


def taxi_firms(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'Taxi Marchetti', 'Allo Taxi Vallée': a taxi firm and the capitalised words of its name, unless they are
    ordinary or medical words ('Taxi Conventionné' in a heading is a kind of transport)."""
    out: list[Candidate] = []
    lk = ctx.lookups
    for m in _TAXI.finditer(ctx.text):
        words = m.group(1).split()
        if all(lk.is_common(w) or fold(w) in lk.medical for w in words) or fold(words[0]) in _TRANSPORT_KINDS:
            continue
        out.append((m.start(), m.end(), ann.tag))
    return out


def cruise_ships(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'MSC Fantasia', 'Costa Serena': a cruise line's ship, on a line about a cruise or a ship."""
    text = ctx.text
    out: list[Candidate] = []
    for m in _SHIP.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        name = m.group().split()[-1]
        if fold(name) in ctx.lookups.first_names or _TITLE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # 'Mme Costa Mariana': a person
        if _SHIP_LINE.search(text, start, len(text) if end < 0 else end):
            out.append((m.start(), m.end(), ann.tag))
    return out


def _line_start(ctx: Context, i: int) -> bool:
    start = ctx.tokens[i].start
    line = ctx.text.rfind("\n", 0, start) + 1
    return not ctx.text[line:start].strip()


def military_units(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'3e RPIMa', '2e REP', 'escadron de gendarmerie mobile 21/7': one INSTITUTION span each."""
    text = ctx.text
    if not _UNIT_GATE.search(text):
        return []
    return [(m.start(), m.end(), ann.tag) for rx in (_MILITARY_UNIT, _SQUADRON) for m in rx.finditer(text)]


__all__ = ["BRANCH_WORDS", "SECTOR_WORDS", "branches_of_listed_firms", "military_units", "cruise_ships", "sector_firms", "taxi_firms"]

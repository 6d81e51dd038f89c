"""Organisations that no head-word rule sees because of their SHAPE on the page (org29):

- **letterheads**: a segment of a line (between separators '–', '-', '|', ',', '(' or the line's ends) that is a
  practice's, a provider's or a shelter's name written in Title Case or capitals and starting with a kind of
  organisation ('Cabinet de Kinésithérapie du Marché – Créteil', 'PHARMACIE DU PORT – LORIENT', 'Maison Médicale
  Atlas, Schaerbeek', 'Taxi Ambulance Deux-Sèvres, Parthenay', 'MAISON D'ACCUEIL L'ÎLOT - BRUXELLES'); at least one
  word of it must be neither a kind of organisation, nor a sector or specialty word, nor a link, so a heading made of
  generic words only ('Centre de Radiologie', 'CENTRE D'HÉBERGEMENT D'URGENCE') stays out;
- **a name with an article in such a header line**: 'CENTRE D'HÉBERGEMENT D'URGENCE - LA BOUSSOLE - CHAMBÉRY':
  the segment 'LA BOUSSOLE' (article + one or two words, not a town) next to a segment starting with a kind of
  organisation is the establishment's own name;
- **booking platforms and patient portals** written as one brand word in inner capitals ('MediRendezVous',
  'RDVSanté', 'ImaRDV', 'MonImageSanté') or as an unknown word heading a booking message ('Doctiplan : Votre RDV'),
  only on a line that speaks of an appointment, a reminder or a portal;
- **hotels used as shelters**: 'hôtel' + an article or a capitalised name ('hébergée à l'hôtel Le Cervantès',
  'hôtel social les Tilleuls');
- **the département's council in lower case** ('conseil départemental du pas-de-calais').

Each shape is one compiled regex run on the text behind a substring test, then a few set probes per match.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import fold

if TYPE_CHECKING:  # pragma: no cover - typing only
    from deduce_fr.organisations import OrganisationAnnotator

# kinds of organisation that may start a letterhead (folded; a two-word kind is matched on its first word)
_HEADS = frozenset({
    "cabinet", "maison", "pharmacie", "taxi", "taxis", "ambulance", "ambulances", "groupe", "centre", "pole",
    "physio", "physiotherapie", "kine", "kinesitherapie", "osteopathes", "orthopedie", "prestations", "laboratoire",
    "labo", "laboratoires", "imagerie", "clinique", "polyclinique", "foyer", "residence", "accueil", "institut",
    "espace", "selarl", "scm", "transports", "optique", "audition", "podologie", "cabinets", "infirmiers",
    "orthopedistes", "dentistes", "medecins", "radiologues", "association", "fondation", "societe", "materiel",
    "sante", "soins", "domicile", "hotel", "refuge", "abri", "halte", "antenne", "plateforme",
})
# words of a segment that other rules already read in their own way (hospitals, care homes, residences as addresses)
_OTHER_RULES = frozenset({"hopital", "hopitaux", "clinique", "cliniques", "polyclinique", "hospitalier", "hospitaliere",
                          "hospitaliers", "residence", "home", "repos", "ehpad", "chu", "chr", "ch", "service",
                          "unite", "departement", "pole"})
# heads that need a second word to start a letterhead ('Service de Soins Infirmiers...', not 'Service Radiologie')
# a head word written with a capital at a line's or a segment's start: the only lines the letterhead rule reads
_HEAD_AT = re.compile(
    r"(?:^|[–—|,(:]|[ \t]-|[ \t]{2})[ \t]*(?:[DdLl][’'])?(?:[CMPTAGKLFIOSEHRBDcmptagklfiosehrbd])(?i:abinets?|aison|"
    r"harmacie|axis?|mbulances?|roupe|entre|[oô]le|hysio(?:th[ée]rapie)?|in[ée](?:sith[ée]rapie)?|st[ée]opathes|"
    r"rthop[ée](?:die|distes)|restations|aboratoires?|abo|magerie|linique|olyclinique|oyer|ccueil|nstitut|space|"
    r"elarl|cm|ransports|ptique|udition|odologie|nfirmiers|entistes|[ée]decins|adiologues|ssociation|ondation|"
    r"oci[ée]t[ée]|at[ée]riel|ant[ée]|oins|omicile|[ôo]tel|efuge|bri|alte|ntenne|lateforme)(?![\w’'-])",
    re.MULTILINE)
_WEAK_HEADS = frozenset({"service", "sante", "soins", "domicile", "accueil", "espace", "home", "materiel", "medecins",
                         "antenne", "plateforme"})
# words that say what kind of place it is, not which one: a letterhead needs one word besides them
_GENERIC = frozenset({
    "cabinet", "cabinets", "maison", "maisons", "pharmacie", "taxi", "taxis", "ambulance", "ambulances", "groupe",
    "centre", "centres", "pole", "physio", "physiotherapie", "kine", "kinesitherapie", "kinesitherapeutes", "osteopathe",
    "osteopathes", "osteopathie", "orthopedie", "prestations", "prestataire", "laboratoire", "laboratoires", "labo",
    "imagerie", "radiologie", "clinique", "polyclinique", "foyer", "residence", "accueil", "institut", "espace",
    "selarl", "scm", "transports", "transport", "optique", "audition", "podologie", "infirmier", "infirmiers",
    "infirmieres", "medical", "medicale", "medicaux", "medicales", "sante", "soins", "associes", "associe", "associees",
    "dentaire", "dentaires", "pluridisciplinaire", "pluriprofessionnelle", "hospitalier", "hospitaliere",
    "universitaire", "regional", "regionale", "general", "generale", "urgence", "urgences", "jour", "nuit",
    "hebergement", "readaptation", "reeducation", "fonctionnelle", "femmes", "hommes", "enfants", "adultes",
    "familles", "famille", "jeunes", "mineurs", "accompagnement", "insertion", "stabilisation", "social", "sociale",
    "sociaux", "domicile", "home", "hotel", "refuge", "abri", "halte", "antenne", "plateforme", "service", "services",
    "garde", "conventionne", "conventionnes", "conventionnee", "conventionnees", "agree", "agrees", "materiel",
    "location", "vente", "interventionnelle", "conventionnelle", "nucleaire", "diagnostic", "diagnostique",
    "analyses", "biologie", "biologique", "biologiques", "orthopedistes", "dentistes", "medecins", "radiologues",
    "association", "fondation", "societe", "mutualiste", "communal", "communale", "municipal", "municipale",
    "specialise", "specialisee", "specialises", "specialisees", "therapeutique", "ambulatoire", "psychiatrique",
    "addictologie", "soin", "sommeil", "douleur", "dialyse", "consultation", "consultations", "ville", "police",
    "region", "departement", "dieu", "sanguin", "sanguine", "depistage", "prevention", "vaccination", "planning",
    "familial", "protection", "maternelle", "infantile", "mentale", "psychologique", "orientation", "arret",
    "retention", "administrative", "administratif", "penitentiaire", "detention", "correctionnel", "tutelles",
    "de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur", "aux", "au", "a", "pour", "&",
})
_SEP = re.compile(r"[ \t]+[–—-][ \t]+|[ \t]*\|[ \t]*|,[ \t]+|[ \t]*\([ \t]*|[ \t]*\)[ \t]*|[ \t]*:[ \t]+|[ \t]{2,}")
_WORD = r"[A-ZÀ-Ý0-9][\w’'.-]*"
_LINK = r"(?:de|du|des|d[’']|la|le|les|l[’']|et|&|en|sur|aux|au|DE|DU|DES|D[’']|LA|LE|LES|L[’']|ET|EN|SUR|AUX|AU)"
# a whole segment: a capitalised first word, then capitalised words, numbers or links (up to 7 tokens)
_SEGMENT = re.compile(rf"(?:{_WORD}|{_LINK}{_WORD})(?:[ \t]+(?:{_WORD}|{_LINK}[ \t]*{_WORD}|{_LINK}))" r"{0,6}")
_ARTICLE_NAME = re.compile(r"(?:LE|LA|LES|L[’']|Le|La|Les|L[’'])[ \t]*[A-ZÀ-Ý][\w’'-]+(?:[ \t]+[A-ZÀ-Ý][\w’'-]+)?")
_TOKEN = re.compile(r"[\w’'&.-]+")
_LINKS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "&", "en", "sur", "aux", "au"})
# words after a service's acronym that say what it does, not which one it is
_MARGIN_NOT_NAMES = frozenset({"ambulatoire", "residentiel", "residentielle", "hebergement", "insertion", "urgence",
                               "femmes", "hommes", "familles", "jeunes", "mineurs", "adultes", "enfants", "diffus",
                               "collectif", "avec", "sans", "pour", "dans", "depuis", "puis", "mais", "avant", "apres",
                               "suivi", "referent", "referente", "equipe", "mobile", "antenne", "prison", "detention"})
_TITLES = frozenset({"dr", "dre", "drs", "docteur", "pr", "professeur", "m", "mme", "mr", "madame", "monsieur"})

# booking platforms and portals: a brand word with inner capitals, on a line about an appointment or a portal
_CAMEL = re.compile(r"(?<![\w’'@/.-])(?:[A-Z][a-zà-ÿ]{1,}(?:[A-Z][a-zà-ÿ]*|[A-Z]{2,})+|[A-Z]{2,}[A-Z][a-zà-ÿ]{2,})"
                    r"(?![\w’'@/-])")
_BOOKING_CUE = re.compile(r"\b(?:RDV|rdv|[Rr]endez-vous|RENDEZ-VOUS|[Rr]appel|RAPPEL|rappelle|[Pp]ortail|[Pp]lateforme|"
                          r"[Aa]ppli(?:cation)?|[Aa]genda|[Tt][ée]l[ée]consultation|[Rr][ée]servation|[Cc]onfirmation|"
                          r"[Aa]nnulation|[Rr][ée]sultats? disponibles?|[Ii]dentifiant|[Cc]ompte patient)\b")
# an unknown word heading a booking message: 'Doctiplan : Votre RDV du 14/03'
_BOOKING_HEAD = re.compile(r"(?m)^[ \t]*([A-Z][a-zà-ÿ]{4,})[ \t]*:[ \t]*(?:[Vv]otre|[Rr]appel|RAPPEL|[Cc]onfirmation)\b")
# surnames and eponyms with one inner capital ('McArdle', 'DiGeorge', 'LeBlanc', 'VanDamme')
_SURNAME_SHAPE = re.compile(r"(?:Mc|Mac|De|Le|La|Di|Du|Van|Von|Da|Fitz|O)[A-Z][a-zà-ÿ]+$")
# drug pens and devices written in inner capitals ('FlexPen', 'SoloStar', 'NovoRapid', 'FreeStyle')
_DEVICE_ENDS = ("Pen", "Star", "Rapid", "Mix", "Style", "Link", "Pod", "Med", "Let", "Pump", "Point", "App",
                "Tube", "Time", "Book", "Meet", "Date")
# hotels that lodge people: 'hôtel Le Cervantès', 'l'hôtel social les Tilleuls', 'Hôtel Ibis Budget'
_HOTEL = re.compile(r"(?<![\w-])[Hh][ôo]tel(?:[ \t]+social)?[ \t]+(?:(?:[Ll]e|[Ll]a|[Ll]es|[Ll][’'])[ \t]*)?"
                    r"([A-ZÀ-Ý][\w’'-]+|(?<=[Ll]e )[a-zà-ÿ]{3,}|(?<=[Ll]es )[a-zà-ÿ]{3,}|(?<=[Ll]a )[a-zà-ÿ]{3,})"
                    r"(?:[ \t]+([A-ZÀ-Ý][\w’'-]+))?")
_NOT_HOTEL_NAME = frozenset({"ville", "police", "region", "departement", "dieu", "prefecture", "agglomeration",
                             "communaute", "metropole", "de", "du", "des", "particulier", "restaurant", "restauration"})
# shelters, addiction and asylum services by their acronym then their own name ('CAARUD Ruptures', 'CSAPA Bus 31/32')
_MARGIN_ACRONYM = re.compile(r"(?<![\w-])(?:CAARUD|CSAPA|CADA|HUDA|CHRS|LHSS|LAM|CPH|PRAHDA|CAES|SIAO|SPADA|CJC|CHUM|"
                             r"CHUS|CMPP|CHU[ \t]+d'urgence)[ \t]+([A-ZÀ-Ý][a-zà-ÿ][\w’'-]*)(?:[ \t]+(\d{1,3}(?:/\d{1,3})?)(?![\w/]))?")
# the département's or region's council: 'conseil départemental du pas-de-calais' (any case)
_COUNCIL = re.compile(r"(?i)(?<![\w-])conseil[ \t]+(?:d[ée]partemental|g[ée]n[ée]ral|r[ée]gional)[ \t]+"
                      r"(?:du|de[ \t]+la|de[ \t]+l[’']|des|de|d[’'])[ \t]*[\w’'-]+(?:[ \t]+[\w’'-]+)?")


def _folded_words(segment: str) -> list[str]:
    """Folded words of a segment, elisions split off ('D'ACCUEIL' -> 'd', 'accueil')."""
    out: list[str] = []
    for w in _TOKEN.findall(segment):
        f = fold(w).strip(".-")
        if len(f) > 2 and f[1] in "'’" and f[0] in "dl":
            out.extend((f[0], f[2:]))
        elif f:
            out.append(f)
    return out


def _is_town(ctx: Context, words: list[str]) -> bool:
    key = tuple(words)
    return key in ctx.lookups.cities or (len(key) > 1 and key[0] in ("le", "la", "les", "l") and key in
                                         ctx.lookups.cities)


def _letterhead_segments(ctx: Context, line: str, base: int) -> list[Candidate]:
    """The letterhead shapes of the module docstring on one line starting at offset ``base``."""
    out: list[Candidate] = []
    bounds = [0]
    for m in _SEP.finditer(line):
        bounds.extend((m.start(), m.end()))
    bounds.append(len(line))
    segments = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2) if bounds[k + 1] > bounds[k]]
    headed = False
    articles: list[tuple[int, int]] = []
    for s, e in segments:
        seg = line[s:e].strip()
        if not seg:
            continue
        s = s + line[s:e].index(seg)
        e = s + len(seg)
        if _ARTICLE_NAME.fullmatch(seg):
            articles.append((s, e))
            continue
        if not _SEGMENT.fullmatch(seg):
            continue
        words = _folded_words(seg)
        seg = seg.rstrip(".")
        e = s + len(seg)
        if not words or words[0] not in _HEADS or any(w in _TITLES or w in _OTHER_RULES for w in words):
            continue
        # a town ending the name is a LOCATION of its own ('LABO BIOFUSION MONTPELLIER')
        toks = list(_TOKEN.finditer(seg))
        for k in range(len(toks) - 1, 1, -1):
            if fold(toks[k - 2].group()) in _LINKS:
                break  # 'des Trois Rivières': one phrase
            if _is_town(ctx, _folded_words(seg[toks[k].start():])) and fold(toks[k - 1].group()) not in _GENERIC:
                e = s + toks[k - 1].end()
                words = _folded_words(seg[: toks[k - 1].end()])
                break
        if any(fold(t.group()) in ctx.lookups.first_names and t.group()[:1].isupper() and not t.group().isupper()
               and k + 1 < len(toks) and toks[k + 1].group()[:1].isupper() for k, t in enumerate(toks)):
            continue  # 'Kiné Thomas Renaud': a person after his trade
        if words[0] in _WEAK_HEADS and (len(words) < 2 or words[1] not in _GENERIC):
            continue
        headed = True
        if len(words) > 1 and words[0] == words[1]:
            s += seg.index(" ") + 1  # 'Ambulances Ambulances du Val': a repeated head
        if " et " in seg or " ET " in seg:
            continue  # two names joined ('Polyclinique X et Cabinet Y')
        rest = [w for w in words if w not in _GENERIC and not w.isdigit()]
        if not rest or len(words) < 3 and len(rest) < 1:
            continue
        if 2 * sum(w in ctx.lookups.medical for w in rest) > len(rest) or words[0] == "foyer" and \
                not any(w in _LINKS for w in words):
            continue  # 'Groupe Sanguin', 'FOYER PULMONAIRE BASAL DROIT': a finding, not a name
        out.append((base + s, base + e, "INSTITUTION"))
    if headed:
        for s, e in articles:
            words = _folded_words(line[s:e])
            if len(words) >= 2 and not _is_town(ctx, words) and not _is_town(ctx, words[1:]) and not \
                    all(w in _GENERIC for w in words):
                out.append((base + s, base + e, "INSTITUTION"))
    return out


def margin_shapes(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """All the shapes of the module docstring, one INSTITUTION span each."""
    text = ctx.text
    tag = ann.tag
    out: list[Candidate] = []
    folded = ctx.folded_set
    # letterheads: only lines where a head word is written with a capital (Title Case or capitals)
    # (org31: a segment yields only when its first word is a capitalised head, so a text without one is skipped:
    # a set probe per capitalised token instead of the line scan)
    bare = ctx.bare
    if not folded.isdisjoint(_HEADS) and any(bare[i] in _HEADS for i in ctx.caps):
        seen: set[int] = set()
        for m in _HEAD_AT.finditer(text):
            ls = text.rfind("\n", 0, m.start()) + 1
            if ls in seen:
                continue
            seen.add(ls)
            le = text.find("\n", m.end())
            line = text[ls : len(text) if le < 0 else le]
            if 6 < len(line) < 140:
                out.extend((s, e, tag) for s, e, _ in _letterhead_segments(ctx, line, ls))
    # booking platforms and portals
    if not folded.isdisjoint(("rdv", "rendez-vous", "rappel", "rappelle", "portail", "plateforme", "application",
                              "appli", "agenda", "teleconsultation", "reservation", "confirmation", "annulation",
                              "identifiant", "resultats", "resultat", "compte")):
        drugs = ctx.lookups.medical
        for m in _CAMEL.finditer(text):
            word = m.group()
            if _SURNAME_SHAPE.match(word) or fold(word) in drugs or fold(word) in ann.not_trade_words or \
                    word.endswith(_DEVICE_ENDS):
                continue
            window = text[max(0, m.start() - 60): m.end() + 60]
            if _BOOKING_CUE.search(window):
                out.append((m.start(), m.end(), tag))
        for m in _BOOKING_HEAD.finditer(text):
            word = m.group(1)
            if not ctx.lookups.is_common(word) and fold(word) not in ctx.lookups.first_names and \
                    fold(word) not in ctx.lookups.surnames:
                out.append((m.start(1), m.end(1), tag))
    if "tel" in folded_text_probe(ctx):
        for m in _HOTEL.finditer(text):
            name = fold(m.group(1))
            if name in _NOT_HOTEL_NAME or name in ctx.lookups.medical:
                continue
            end = m.end(2) if m.group(2) and fold(m.group(2)) not in _NOT_HOTEL_NAME else m.end(1)
            start = m.start()
            out.append((start, end, tag))
    if not folded.isdisjoint(("caarud", "csapa", "cada", "huda", "chrs", "lhss", "lam", "cph", "prahda", "caes", "siao",
                              "spada", "cjc", "chum", "chus", "cmpp")):
        lk = ctx.lookups
        for m in _MARGIN_ACRONYM.finditer(text):
            name = m.group(1)
            f = fold(name)
            if f in _GENERIC or f in _LINKS or f in lk.medical or (f,) in lk.cities or name.isupper() or \
                    f in lk.first_names or f in _MARGIN_NOT_NAMES:
                continue
            out.append((m.start(), m.end(2) if m.group(2) else m.end(1), tag))
    if "onseil" in text or "ONSEIL" in text:
        for m in _COUNCIL.finditer(text):
            span = m.group()
            if span[:1].islower() or span.islower():  # (capitalised councils are found by the public services)
                last = span.split()[-1]
                end = m.end() if not ctx.lookups.is_common(last) or "-" in last else m.end() - len(last) - 1
                out.append((m.start(), end, tag))
    return out


def folded_text_probe(ctx: Context) -> str:
    """'hôtel'/'hotel' present: the folded text holds 'hotel' (one substring test)."""
    return "tel" if ("hôtel" in ctx.text or "hotel" in ctx.text or "Hôtel" in ctx.text or "Hotel" in ctx.text) else ""


__all__ = ["margin_shapes"]

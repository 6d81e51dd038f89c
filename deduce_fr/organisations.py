"""Organisations that are not hospitals named by a head word: employers, schools, clubs, mutualities,
public services, care homes written in any case, Dutch/German hospitals and Flemish networks,
hospital acronyms, lower-case hospital names, OCR-damaged or letter-spaced headers.

Why a separate annotator: :class:`deduce_fr.annotators.InstitutionAnnotator` finds 'Clinique X',
'CHU de Y' and the register's names; what it cannot see is an organisation named by its *context*
('employeur : Colis Express SPRL', 'travaille chez Aperam', 'son club (les Marcheurs de l'Orneau)',
'mutuelle Solidaris', 'ADMR des Ardennes', 'lycée Jehan Ango'). Every rule here needs such a
context (a legal form, an employment cue, a school/club/care-home head, a group acronym) plus a
name written as a name (capitalised words, or a list entry), so a radiology heading or a ward
('Hôpital de jour') does not qualify. The spans are only added: overlap resolution (longest span
wins) merges them with the other annotators' spans.

A hospital group and its site ('CHU de Reims - Hôpital Robert Debré', 'CHIREC site de Wavre') are
left as the InstitutionAnnotator finds them (two spans, or group + LOCATION): the independent sets
disagree on whether that is one name or two, and both readings cover the same characters.
"""

from __future__ import annotations

import bisect
import functools
import re
from pathlib import Path
from typing import Any

from deduce_fr.annotators import COMPASS, Annotator, Candidate, Context
from deduce_fr.lookups import SequenceTrie, fold, read_list, resolve_path
from deduce_fr.organisations_brands import (
    BRANCH_WORDS,
    SECTOR_WORDS,
    branches_of_listed_firms,
    cruise_ships,
    military_units,
    sector_firms,
    taxi_firms,
)
from deduce_fr.organisations_chains import (
    BILINGUAL_HEADS,
    EXPANSION_HEADS,
    FOREIGN_HEADS,
    LOWER_SPACED_ACRONYMS,
    acronym_expansions,
    acronyms_of_towns,
    ampersand_firms,
    bilingual_names,
    bracketed_sites,
    build_index,
    employer_after_chez,
    employer_after_work_cue,
    establishments_of_towns,
    foreign_names,
    group_site_chains,
    health_names_with_article,
    health_names_with_town,
    legal_form_tails,
    listed_name_of_town,
    lower_health_names,
    lower_hospitals_of_towns,
    lower_trade_names,
    named_after_persons,
    named_trade_names,
    names_ending_in_a_region,
    numbered_networks,
    service_branches,
    sos_services,
    sport_clubs,
    upper_caps,
    word_positions,
)
from deduce_fr.organisations_margins import margin_shapes
from deduce_fr.organisations_sectors import sector_shapes
from deduce_fr.organisations_titlecase import ORG_CUES, WORK_VERBS, title_case_phrases, unknown_after_org_cue
from deduce_fr.places import key_of, place_index, read_place_lists
from deduce_fr.tokenizer import tokenize


@functools.lru_cache(maxsize=8)
def phrase_trie(names: tuple[str, ...]) -> SequenceTrie:
    """Register names as a one-level trie (first folded word -> entries), for whole-name matching."""
    return SequenceTrie({key_of(entry) for entry in read_place_lists(names)})

DATA_DIR = Path(__file__).resolve().parent / "data"

# words that link the words of one name ('Forges de Clabecq', 'Toitures Moreau & Fils')
LINKS = frozenset({"de", "du", "des", "la", "le", "les", "et", "&", "sur", "en", "lez", "aux", "au", "sous"})
ARTICLES = frozenset({"le", "la", "les", "l"})
PREPOSITIONS = frozenset({"de", "du", "des", "d", "chez", "pour", "au", "aux", "a", "dans", "l"})
# a name never starts with a title, a civility or a cue word written with a capital
NOT_NAME = frozenset({"dr", "dre", "drs", "pr", "prof", "docteur", "professeur", "m", "mme", "mr", "mlle", "madame",
                      "monsieur", "mademoiselle", "maitre", "me", "herr", "frau", "fr", "employeur", "employeurs",
                      "chez", "travaille", "mutuelle", "mutualite", "le", "la", "les", "l", "de", "du", "des", "un",
                      "une", "il", "elle", "ils", "elles", "nous", "vous", "je", "on", "ce", "cette", "son", "sa",
                      "ses", "leur", "pas", "avec", "sans", "pour", "par", "en", "et", "ou", "a", "au", "aux",
                      "depuis", "dans", "sur", "sous", "vers", "rdv", "tel", "fax", "gsm", "date", "examen", "patient",
                      "patiente", "service", "unite", "consultation", "conclusion", "indication", "technique",
                      "resultat", "resultats", "urgences", "urgence", "radiologie", "imagerie", "nom", "prenom",
                      "adresse", "né", "ne", "nee", "age", "sexe", "mail", "email"})
# care-home and company names built on a generic word keep their place ('Les Jardins de Saint-Acheul')
GENERIC_NAME_WORDS = frozenset({"clos", "jardin", "jardins", "val", "domaine", "parc", "terrasses", "hameau", "bois",
                                "moulin", "chateau", "cour", "coteaux", "rives", "berges", "portes", "hauts", "quatre",
                                "forges", "ateliers", "verreries", "charbonnages", "port", "usines", "carrieres"})
TITLES = frozenset({"dr", "dre", "drs", "pr", "prof", "docteur", "professeur", "m", "mme", "mr", "mlle", "madame",
                    "monsieur", "mademoiselle", "maitre", "me", "herr", "frau", "fr", "employeur", "chez"})
SAINT_ABBREVIATIONS = frozenset({"st", "ste", "sts"})
_ADDRESS_AFTER = re.compile(r"\s*,?\s*(?:bâtiment|bât|bat|bloc|entrée|escalier|esc|appartement|appt|apt|étage|"
                            r"n°|\d{1,4}\b)", re.IGNORECASE)
# 'Résidence Alternée', 'FOYER PULMONAIRE BASAL': adjectives, not the name of a home
_ADJECTIVE_LIKE = re.compile(r"(?:ee|ees|ale|ales|al|aux|aire|aires|ique|iques|if|ive|ives|eux|euse|el|elle|ant|ante|"
                             r"ent|ente|ier|iere)$")
# short forms that are also abbreviations ('32 SA' weeks of amenorrhoea): first in a name only after ':' or '('
_BARE_PREFIX_FORMS = frozenset({"SA", "SAS", "NV", "BV", "SC", "SE", "AG", "SARL", "SRL"})
# trade registers ('inscrit au RCS de Paris', 'immatriculée au RM de Lyon'): the town after them is a place
_REGISTERS = frozenset({"rcs", "r.c.s", "r.c.s.", "rm", "rpm", "rpr"})
# hospital acronyms: centre hospitalier général/départemental/intercommunal..., groupe hospitalier
_HOSPITAL_ACRONYM = re.compile(r"(?:CH|GH)[A-Z]{1,4}$")
# capitals that look like hospital acronyms but are not ('CHF' francs / heart failure, 'GHB', 'GHRH')
NOT_HOSPITAL_ACRONYMS = frozenset({"CHF", "CHOP", "GHB", "GHRH", "GHD", "CHA", "CHE", "CHEZ", "CHUTE", "CHIR", "CHOC",
                                   "CHAMBRE", "CHARGE", "CHEF", "CHER", "CHIEN", "CHAT", "CHOL", "GHM", "GHS", "CHADS",
                                   "CHARGES", "CHANGE", "CHAQUE", "CHEVILLE", "CHOLE"})
# (org27) words beside a bare hospital acronym that make it one ('service de pédiatrie CHM', 'CHM maternité')
_WARD_BEFORE_ACRONYM = frozenset({"service", "pediatrie", "maternite", "urgences", "ide", "oriente", "orientee",
                                  "adresse", "adressee", "hospitalise", "hospitalisee", "transfere", "transferee",
                                  "evacue", "evacuee", "admis", "admise", "accueil", "reanimation", "radiologie",
                                  "medecine", "chirurgie", "pole", "site", "dispensaire"})
_WARD_AFTER_ACRONYM = frozenset({"maternite", "urgences", "urgence", "service", "site", "pediatrie", "reanimation",
                                 "sau", "radiologie", "imagerie", "chirurgie"})
# acronyms of a hospital's kind that are also diseases or treatments: only with a cue as before
_LOOSE_NOT_HOSPITAL = frozenset({"CHC", "CHIP", "CHD", "CHAD", "CHT"})
# words that end a lower-case name ('maison de repos les premiers jours'): time, quantity, order
_LOWER_STOP = frozenset({"premier", "premiers", "premiere", "premieres", "dernier", "derniers", "derniere", "dernieres",
                         "jour", "jours", "semaine", "semaines", "mois", "an", "ans", "annee", "annees", "prochain",
                         "prochains", "prochaine", "prochaines", "deux", "trois", "quatre", "quelques", "plusieurs",
                         "autres", "autre", "memes", "meme", "soir", "soirs", "matin", "matins", "nuit", "nuits",
                         "week-end", "week-ends", "fois", "mercredi", "samedi", "dimanche", "lundi", "mardi",
                         "jeudi", "vendredi", "habituelle", "habituel", "actuelle", "actuel", "precedente"})
# one-word answers of a form ('Mutuelle : OK', 'Crèche : Oui') and school levels ('École : CM2')
_ANSWER_WORDS = frozenset({"ok", "oui", "non", "nc", "na", "nr", "ras", "neant", "aucun", "aucune", "inconnu",
                           "inconnue", "idem", "affilie", "affiliee", "cmu", "cmu-c", "css", "ame", "ald", "puma", "x",
                           "yes", "no", "en", "ordre", "oui/non", "sans", "privee", "prive", "publique", "public"})
_SCHOOL_LEVEL = re.compile(r"^(?:cp|ce[12]?|cm[12]?|ps|ms|gs|[pms][1-6]|\d{1,2}e|\d{1,2}eme|seconde|premiere|"
                           r"terminale|maternelle|primaire|secondaire)$")
# company heads that also name learned societies and offices by ordinary words ('Société Française de Radiologie')
_WEAK_HEADS = frozenset({"societe", "agence", "bureau", "commerce", "salon", "etude", "entreprise", "entreprises",
                         "firme", "banque"})
# medical specialties and techniques ('Cardiologie', 'Pédiatrie', 'Chirurgie'): ordinary words in a name
_SPECIALTY = re.compile(r"(?:logie|iatrie|urgie|pedie|graphie|therapie|scopie|ologue|iatre|ique)$")
_SAINT_SHORT = re.compile(r"^(?:st|ste)(?=-)")
_SAINT_SHORT_IN_TEXT = re.compile(r"(?<![^\W\d_])ste?-")
# cues saying who is insured by whom ('Assurée CNS', 'affilié à Partenamut'): never the name's first word
_MEMBER_CUES = frozenset({"assure", "assuree", "affilie", "affiliee", "affiliation"})
_LEGAL_TAILS = frozenset({"&", "et", "Frères"})
CHAIN_SITE_KEYS = frozenset({"site", "campus", "hopital", "hopitaux", "centre", "clinique", "cliniques", "polyclinique",
                             "ch", "chr", "chu", "maternite", "institut", "hospital", "klinik", "ziekenhuis", "division",
                             "antenne", "implantation"})
_MATERNITY = frozenset({"maternite"})
# care-home heads that also name a block of flats (a postal address when a building or a number follows)
_BUILDING_HEADS = frozenset({"residence", "foyer", "home", "clos", "domaine"})
_OCR_DIGITS = str.maketrans({"0": "o", "1": "i", "5": "s"})
_LETTER_SPACED = re.compile(r"(?<![^\s])[^\W\d_](?: [^\W_]){3,}(?:(?: {2,}|\t+)[^\W_](?: [^\W_])*)*(?![^\s])")
# what every letter-spaced match holds (' E N ' of 'C E N T R E'): a search for it is 8x cheaper than the scan
_LETTER_SPACED_GATE = re.compile(r" [^\W_] [^\W_] ")
# a digit read for a letter inside a word: 'H0SPITALIER'. Written to start at the digit (the letter before it
# a lookbehind) so the regex engine skips ahead to a 0, 1 or 5 instead of trying every letter (4x faster);
# a match starts one character later, inside the same line, which is all that is used of it
# three to six capital letters with full stops between them, the last one optional ('C.H.R', 'H.U.B.', 'H.C.L.')
# (the look-behind after the first letter: a pattern led by a character class is scanned fast)
_DOTTED_ACRONYM = re.compile(r"([A-Z](?<![\w.’'-][A-Z])\.(?:[A-Z]\.){1,4}[A-Z])\.?(?![\w.-])")
# its name after a link: up to three capitalised words ('de la Citadelle', 'de Namur', "d'Amiens")
_DOTTED_NAME_AFTER = re.compile(r"[ \t](?:de la|de l['’]|du|des|de|d['’])[ \t]?"
                                r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \t][A-ZÀ-ÖØ-Þ][\w'’-]*){0,2}")
_CAPITAL_NEXT = re.compile(r"[ \t][A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ]")
_OCR_WORD = re.compile(r"[015](?<=[^\W\d_][015])[^\W\d_]")
# an 'I' that OCR read as a lower-case 'l' or a bar between two capitals ('CLlNIQUE', 'CHU DE L|LE'): a capital
# word holds no lower-case letter, so the repair reads it as 'i' (started at the 'l' or bar, as above)
_OCR_CAPITAL_I = re.compile(r"[l|](?<=[A-ZÀ-ÖØ-Þ][l|])(?=[A-ZÀ-ÖØ-Þ])")
# the same bar or 'l' found from its capital (the capital + the letter; the bar is at match start + 1): on report
# text, where 'l' is far more frequent than a capital followed by 'l' or '|', 5x faster than the form above
_OCR_CAPITAL_I_SCAN = re.compile(r"[A-ZÀ-ÖØ-Þ][l|](?=[A-ZÀ-ÖØ-Þ])")
# what every _OCR_WORD match starts with (a 0, 1 or 5 after a letter), without the letter after it: a search for
# it is 3x cheaper than the whole pattern's scan, and most reports have none (then no line is repaired)
_OCR_WORD_GATE = re.compile(r"[015](?<=[^\W\d_][015])")


def _trim_name(part: str, max_words: int) -> str:
    """The name at the start of a repaired stretch: its first ``max_words`` words up to the last one written as a
    name (capitalised or OCR-damaged), stopping at a number ('CHU de L1ège le 3/2' -> 'CHU de L1ège')."""
    keep, offset = 0, 0
    for k, m in enumerate(re.finditer(r"\S+", part)):
        word = m.group()
        if k >= max_words or not any(c.isalpha() for c in word):
            break
        if k == 0 or word[:1].isupper() or _OCR_WORD.search(word):
            keep, offset = k + 1, m.end()
    return part[:offset] if keep else part


def _line_lower(ctx: Context, i: int) -> bool:
    """Token i's line is typed all in lower case (untidy notes): names there are in lower case too."""
    text, pos = ctx.text, ctx.tokens[i].start
    start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
    return text[start : len(text) if end < 0 else end].islower()


def _load(names: list[str] | tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for name in names:
        out.extend(read_list(resolve_path(name, DATA_DIR)))
    return out


def _key(entry: str) -> tuple[str, ...]:
    """Folded tokens of a list entry, '&' included ('P&V', 'Aide & Soins'), as the text's tokens are."""
    return tuple(fold(t.text) for t in tokenize(entry) if t.kind in ("word", "num") or t.text == "&")


def _lower_inside(entry: str) -> bool:
    """A listed name written with a lower-case word of 3+ letters after its first word ('Secours catholique')."""
    words = [t.text for t in tokenize(entry) if t.kind == "word"]
    return any(w.islower() and len(w) > 2 and fold(w) not in LINKS for w in words[1:])


def _and_variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A folded name and, when it links words with 'et' or '&', the same name with the other link."""
    if "et" not in key and "&" not in key:
        return {key}
    return {key, tuple("&" if w == "et" else w for w in key), tuple("et" if w == "&" else w for w in key)}


def _phrases(entries: list[str] | tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Folded multi-word phrases keyed by their first word, longest first (one dict probe per token)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for entry in entries:
        key = _key(entry)
        if key:
            by_first.setdefault(key[0], []).append(key)
    for options in by_first.values():
        options.sort(key=len, reverse=True)
    return by_first


# (org31) cues before a hospital's one-word name; ward and stay words before 'de' + that name
_LONE_CUES = frozenset({"a", "vers", "depuis", "transfere", "transferee", "transferes", "hospitalise", "hospitalisee"})
_LONE_WARDS = frozenset({"urgences", "maternite", "reanimation", "rea", "sau", "service", "services", "consultation",
                         "hopital", "chu", "pediatrie", "neonatologie", "radiologie", "imagerie", "usld", "ssr", "smr",
                         "medecin", "interne", "equipe", "secretariat", "site"})


class OrganisationAnnotator(Annotator):
    """Employers, schools, clubs, mutualities, public services, care homes, Dutch/German hospitals, hospital
    acronyms and OCR'd headers (see the module docstring; the word lists are in config.yaml and data/)."""

    def __init__(self, tag: str, legal_forms: list[str] = (), employment_cues: list[str] = (),
                 occupations: list[str] = (), list_cues: list[str] = (), company_heads: list[str] = (),
                 school_heads: list[str] = (), school_adjectives: list[str] = (),
                 club_words: list[str] = (), association_cues: list[str] = (), insurer_cues: list[str] = (),
                 insurer_heads: list[str] = (), public_services: list[str] = (), care_heads: list[str] = (),
                 care_heads_kept: list[str] = (), foreign_hospital_words: list[str] = (),
                 site_heads: list[str] = (), header_heads: list[str] = (), names: list[str] = (),
                 names_after_cue: list[str] = (), hospital_cues: list[str] = (), saint_heads: list[str] = (),
                 specialty_heads: list[str] = (), towns: list[str] = (), not_names: list[str] = (),
                 hospital_heads: list[str] = (), register_names: list[str] = (), hospital_groups: list[str] = (),
                 chain_heads: list[str] = (), town_heads: list[str] = (), zone_heads: list[str] = (),
                 sport_words: list[str] = (), chain_separators: list[str] = (), health_heads: list[str] = (),
                 insurer_acronyms: list[str] = (), activity_heads: list[str] = (), numbered_services: list[str] = (),
                 regions: list[str] = (), lower_trade_heads: list[str] = (), not_trade_words: list[str] = (),
                 named_trade_heads: list[str] = (), lone_hospital_words: list[str] = (), **kw: Any) -> None:
        super().__init__(tag, **kw)
        # (org31) one-word names of big hospitals that stand for the hospital alone, even in lower case after a
        # cue ('né à avicenne', 'aux urgences de trousseau'); words that are also anatomy or trades stay out
        self.lone_hospital_words = frozenset(fold(w) for w in lone_hospital_words)
        self.legal_forms = set(legal_forms)
        self.employment_cues = {fold(c) for c in employment_cues}
        self.occupations = {fold(c) for c in occupations}
        self.employment_triggers = self.employment_cues | self.occupations
        self.list_cues = {fold(c) for c in list_cues}
        self.company_heads = _phrases(company_heads)
        self.school_heads = _phrases(school_heads)
        self.school_adjectives = {fold(a) for a in school_adjectives}
        self.club_words = {fold(w) for w in club_words}
        self.association_cues = _phrases(association_cues)
        self.insurer_cues = {fold(c) for c in insurer_cues}
        self.insurer_heads = {fold(h) for h in insurer_heads}
        self.public_services = set(public_services)
        # the acronyms of 4+ letters, which stay acronyms when a text is typed in lower case ('cpas', 'admr')
        self.lower_services = {fold(x) for x in public_services if len(x) >= 4}
        self.care_heads = _phrases(care_heads)
        self.care_heads_kept = {_key(h) for h in care_heads_kept}
        self.foreign_hospital_words = tuple(fold(w) for w in foreign_hospital_words)
        self.site_heads = _phrases(site_heads)
        self.header_heads = tuple(sorted((" ".join(_key(h)) for h in header_heads), key=len, reverse=True))
        # a line (after its bullets) starting with a head, once OCR digits are read as letters ('H0SPITALIER')
        self.header_line = re.compile(r"[ \t\-*#]*((?:" + "|".join(re.escape(h) for h in self.header_heads)
                                      + r")\b[^\n]*)")
        self.header_anywhere = re.compile(r"\b(?:" + "|".join(re.escape(h) for h in self.header_heads)
                                          + r")\b[^\n]*")
        # ('Aide et Soins à Domicile' is also written 'Aide & Soins à Domicile')
        self.lower_trade_heads = _phrases(lower_trade_heads)
        self.named_trade_heads = _phrases(named_trade_heads)
        self.not_trade_words = frozenset(fold(w) for w in _load(list(not_trade_words)) if " " not in w)
        self.names = SequenceTrie({k for n in _load(list(names)) for k in _and_variants(_key(n))} - {()})
        # listed names whose own spelling has lower-case words after the first ('Secours catholique', "France terre
        # d'asile"): written so, they are still the name (other listed names in lower case are ordinary words)
        self._listed_lower = frozenset(k for n in _load(list(names)) if _lower_inside(n)
                                       for k in _and_variants(_key(n)))
        self.names_after_cue = SequenceTrie({_key(n) for n in _load(list(names_after_cue))} - {()})
        self.hospital_cues = {fold(c) for c in hospital_cues}
        self.not_names = {_key(x) for x in not_names}
        self.hospital_heads = {fold(h) for h in hospital_heads}
        self.register_names = phrase_trie(tuple(register_names))  # the InstitutionAnnotator's list (cached, shared)
        self.hospital_groups = set(hospital_groups)
        # the networks' names that are words of nothing else, for lower-case text ('au chwapi', 'de epicura')
        self.lower_groups = {fold(g) for g in hospital_groups if len(g) >= 5} - {"delta"}
        self.towns = place_index(tuple(towns))  # besides the shared city lookup: Belgian municipalities, variants
        self.saint_heads = {fold(h) for h in saint_heads}
        self.specialty_heads = {fold(h) for h in specialty_heads}
        self.not_place = {"jour", "nuit", "semaine", "garde", "urgence", "urgences"}
        # (deduce_fr/organisations_chains.py) group heads of 'CHU de Liège, site Sart Tilman'; heads naming one
        # organisation of a town ('carrière de Lessines'); zones named without 'de'; sport words of a club's name
        self.chain_heads = set(chain_heads) | {fold(h) for h in chain_heads} | self.hospital_groups
        self.town_heads = _phrases(town_heads)
        self.zone_heads = {fold(h) for h in zone_heads}
        self.sport_words = {fold(w) for w in sport_words}
        self.health_heads = _phrases(health_heads)
        self.insurer_acronyms = set(insurer_acronyms)
        # services written with their department's number ('SAMU 974'); with the services' and insurers' acronyms,
        # the heads of a branch named by its region or town ('HAD Alsace', 'MC Hainaut Picardie')
        self.numbered_services = set(numbered_services)
        self.branch_heads = self.insurer_acronyms | self.numbered_services | self.public_services
        self.regions = place_index(tuple(regions))
        # two-word regions whose second word is an adjective ('Brabant wallon'), and the heads they may end
        self.region_firsts = {k[0] for k in self.not_names | set(self.regions.keys) if len(k) == 2}
        self.region_tail_heads = {k[0] for k in list(self.health_heads) + list(self.town_heads)} | {
            "centre", "hopital", "clinique", "institut", "mutualite", "caisse", "service", "groupe"}
        self.activity_heads = {fold(h) for h in activity_heads}
        self.chain_separators = set(chain_separators)  # besides a site word alone: ',' and/or '-'
        self.not_club_before = {"de", "du", "au", "en", "fait", "faire", "joue", "pratique"} - {"de", "du", "au"}
        self.region_words = {k[0] for k in self.not_names if len(k) == 1}
        # the first words of the phrase lists, as sets: what word_positions looks the text's words up in
        self._employer_keys = frozenset(self.employment_triggers | self.list_cues)
        self._company_keys = frozenset(self.company_heads)
        self._school_keys = frozenset(self.school_heads)
        self._association_keys = frozenset(self.association_cues)
        self._insurer_keys = frozenset(self.insurer_heads | self.insurer_cues)
        self._listed_keys = frozenset(self.names.by_first)
        self._listed_by_size = {first: (sorted({len(e) for e in entries}, reverse=True), frozenset(entries))
                                for first, entries in self.names.by_first.items()}
        self._care_keys = frozenset(self.care_heads)
        self._key_sets: dict[int, tuple[Any, frozenset[str]]] = {}
        self._index_cache: tuple[Any, frozenset[str]] | None = None
        self._sized: dict[int, tuple[Any, dict[str, tuple[list[int], frozenset[tuple[str, ...]]]]]] = {}
        self.town_keys = frozenset(self.town_heads) | self.activity_heads
        self.named_keys = frozenset(self.health_heads) | frozenset(self.school_heads)
        self.rules = self._gates()
        # every gate's words together: one intersection with the text's words per text, after which each gate is
        # probed against the few words found instead of all the text's words
        self.gate_words = frozenset().union(*[gate for _, gate in self.rules if gate is not None])

    # -- name runs --------------------------------------------------------------------------------
    def _name_start_before(self, ctx: Context, j: int, max_words: int, links: frozenset[str]) -> int | None:
        """First token of the name words written right before token ``j`` (at most ``max_words``, link
        words allowed between two of them, on one joined run), or None when token ``j - 1`` is none."""
        k, start, words = j - 1, None, 0
        while k >= 0 and words < max_words:
            if self._name_word(ctx, k, loose=True):
                start, words = k, words + 1
            elif not (ctx.folded[k] in links and k > 0 and self._name_word(ctx, k - 1, loose=True)):
                break
            if k == 0 or not ctx.joined(k):
                break
            k -= 1
        return start

    def _name_word(self, ctx: Context, i: int, loose: bool = False) -> bool:
        """A word written as a name: capitalised ('Clabecq', "d'Arlon", "P'tits"), not a title or cue word
        (``loose``: only not a title, for the words before a legal form: 'Thermo Service SARL')."""
        tok = ctx.tokens[i]
        if tok.kind != "word":
            return False
        text = tok.text
        if len(text) > 2 and text[1] in "'’" and text[0] in "dlDL":
            text = text[2:]
        return text[:1].isupper() and ctx.bare[i] not in (TITLES if loose else NOT_NAME)

    def _run(self, ctx: Context, i: int, max_words: int = 6) -> int:
        """End (exclusive token index) of the name starting at token i: capitalised words on one line with
        links between them ('Construction Électrique de Charleroi', 'Moreau & Fils', 'St. Josef'); i if none."""
        toks, n = ctx.tokens, len(ctx.tokens)
        if i >= n or not self._name_word(ctx, i):
            return i
        end, k, words = i, i, 0
        while k < n and words < max_words:
            if k > i and (not ctx.joined(k) or toks[k].start - toks[k - 1].end >= 3):
                break  # a line break, or a table's column gap ('AMO : CPAM du Rhône   AMC : ...')
            if self._name_word(ctx, k):
                words += 1
                k += 1
                if ctx.folded[k - 1] in SAINT_ABBREVIATIONS and k < n and toks[k].text == "." and toks[k].start == \
                        toks[k - 1].end:
                    k += 1
                end = k
                continue
            if ctx.folded[k] in LINKS and k > i:
                k += 1
                continue
            break
        return end

    def _lower_run(self, ctx: Context, k: int, max_words: int = 4) -> int:
        """In a text typed all in lower case: end of the name at token k after a strong head ('maison de repos les
        glycines', 'cpas de namur', 'rfc liège'): words on one line up to punctuation or a function word; k if none."""
        n, lk = len(ctx.tokens), ctx.lookups
        end, j, words = k, k, 0
        while j < n and words < max_words and (j == k or ctx.joined(j)) and ctx.tokens[j].kind == "word":
            f = ctx.bare[j]
            if f in LINKS and j > k:
                j += 1
                continue
            if f in NOT_NAME or f in lk.function_words or f in _LOWER_STOP or len(f) < 2 or (
                    f in lk.medical and not self._is_city(ctx, j, j + 1)):
                break  # ('de jambes' is the town Jambes here, not legs)
            words, j, end = words + 1, j + 1, j + 1
        return end

    def _cut_town(self, ctx: Context, first: int, end: int) -> int:
        """'Saint-Joseph de Fleurus' -> 'Saint-Joseph': a name of one or more words then 'de' + a known town
        keeps the town out (it is a LOCATION); 'Les Jardins de Saint-Acheul' (generic word before) keeps it."""
        for k in range(end - 1, first, -1):
            elided = ctx.folded[k][:2] == "d'" and self._is_city(ctx, k, end)
            if elided or (k < end - 1 and ctx.folded[k] in ("de", "du", "d") and self._is_city(ctx, k + 1, end)):
                if not any(ctx.bare[x] in GENERIC_NAME_WORDS for x in range(first, k)):
                    return k
                break
        return end

    def _answer(self, ctx: Context, first: int, end: int) -> bool:
        """One word that answers a form's field ('OK', 'Oui', 'Affiliée', 'CMU-C', 'CM2', '5e'), not a name."""
        if end - first != 1:
            return False
        f = ctx.bare[first]
        nxt = ctx.tokens[first + 1] if first + 1 < len(ctx.tokens) else None
        level = nxt is not None and nxt.kind == "num" and nxt.start == ctx.tokens[first].end  # 'CM' + '2'
        return f in _ANSWER_WORDS or bool(_ADJECTIVE_LIKE.search(f)) or bool(_SCHOOL_LEVEL.match(f)) or level

    def _ordinary(self, ctx: Context, first: int, end: int) -> bool:
        """Every word of tokens first..end-1 is an ordinary French or medical word, or a country or region
        ('Non', 'Fonction publique', 'Biologie Clinique', 'Pays-Bas'): not a name by itself."""
        words = [x for x in range(first, end) if ctx.folded[x] not in LINKS and ctx.tokens[x].kind == "word"]
        key = tuple(ctx.folded[first:end])
        return key in self.not_names or all(ctx.lookups.is_common(ctx.tokens[x].text) or _SPECIALTY.search(
            ctx.folded[x]) for x in words)

    def _span(self, ctx: Context, i: int, j: int) -> Candidate:
        """Tokens i..j-1 as a span, without a leading elision ("l'Athénée royal de Huy" -> 'Athénée royal de Huy')."""
        tok = ctx.tokens[i]
        start = tok.start + 2 if len(tok.text) > 2 and tok.text[1] in "'’" and tok.text[0] in "ldLD" else tok.start
        return start, ctx.tokens[j - 1].end, self.tag

    def _town_after(self, ctx: Context, end: int) -> int:
        """Past a known town written right after a name ('Auchan Villeneuve-d'Ascq', 'ARCELORMITTAL DUNKERQUE')."""
        if end < len(ctx.tokens) and ctx.joined(end) and self._name_word(ctx, end):
            run = self._run(ctx, end, 3)
            while run > end and not self._is_city(ctx, end, run):
                run -= 1
            return run if run > end else end
        return end

    def _drop_town(self, ctx: Context, first: int, end: int, out: list[Candidate]) -> int:
        """'la Charmille Waremme' -> 'la Charmille': a town ending a longer name is a LOCATION of its own
        (added to ``out``: the name's context is what tells it is a town)."""
        for k in range(first + 1, end):
            if ctx.folded[k - 1] not in LINKS and self._is_city(ctx, k, end) and not ctx.lookups.is_common(
                    ctx.tokens[k].text):
                out.append((ctx.tokens[k].start, ctx.tokens[end - 1].end, "LOCATION"))
                return k
        return end

    def _is_city(self, ctx: Context, i: int, j: int) -> bool:
        """Tokens i..j-1 are exactly a known town."""
        key = tuple(ctx.bare[i:j] if i == j - 1 else [ctx.bare[i], *ctx.folded[i + 1 : j]])
        return key in ctx.lookups.cities or key in self.towns.keys

    def _phrase_at(self, ctx: Context, phrases: dict[str, list[tuple[str, ...]]], i: int) -> int:
        """Token count of the longest phrase starting at token i (words joined on one line), 0 if none."""
        for entry in phrases.get(ctx.bare[i], ()):
            size = len(entry)
            if i + size <= len(ctx.tokens) and tuple(ctx.folded[i + 1 : i + size]) == entry[1:] and all(
                    ctx.joined(k) for k in range(i + 1, i + size)):
                return size
        return 0

    def _article_then_run(self, ctx: Context, k: int, max_words: int = 6) -> tuple[int, int]:
        """(start, end) of 'les Marcheurs de l'Orneau' / 'Les P'tits Loups' / "l'Orneau" at token k; end == start if
        there is no name. The article belongs to the name."""
        n = len(ctx.tokens)
        if k < n and ctx.folded[k] in ARTICLES and k + 1 < n and ctx.joined(k + 1) and self._name_word(ctx, k + 1):
            end = self._run(ctx, k + 1, max_words)
            return k, end
        if k < n and ctx.folded[k][:2] == "l'" and self._name_word(ctx, k):
            return k, self._run(ctx, k, max_words)
        return k, self._run(ctx, k, max_words)

    def _skip_opening(self, ctx: Context, k: int) -> int:
        """Past ':' or '(' or '« ' right after a cue ('employeur : X', 'mutuelle (Partenamut)')."""
        n = len(ctx.tokens)
        while k < n and ctx.tokens[k].text in (":", "(", "«", '"', "“", "-", "–", "—") and ctx.joined(k):
            k += 1
        return k

    # -- the rules --------------------------------------------------------------------------------
    def _legal_forms(self, ctx: Context) -> list[Candidate]:
        """'Colis Express SPRL', 'Construct-Bau S.A.', 'Toitures Moreau & Fils': a legal form after a name."""
        toks, out = ctx.tokens, []
        hits = [j for j, tok in enumerate(toks) if tok.text in self.legal_forms or tok.text in _LEGAL_TAILS]
        for j in hits:
            tok = toks[j]
            end = j + 1
            if tok.text in self.legal_forms:
                last = j
            elif tok.text in ("&", "et") and j + 1 < len(toks) and toks[j + 1].text in ("Fils", "Cie", "Co", "Frères") \
                    and ctx.joined(j + 1):
                last, end = j, j + 2
            elif tok.text == "Frères" and j > 0:
                last = j
            else:
                continue
            if tok.text in self.legal_forms and j + 1 < len(toks) and ctx.joined(j + 1) and self._name_word(ctx, j + 1) \
                    and (j == 0 or not self._name_word(ctx, j - 1, loose=True)) and (
                    "." in tok.text or tok.text not in _BARE_PREFIX_FORMS or (j > 0 and toks[j - 1].text in (":", "("))):
                # the legal form first: 'S.A. Dufour Logistique', 'SPRL Immo Meuse', 'employeur : SA Carmeuse'
                out.append(self._span(ctx, j, self._run(ctx, j + 1, 4)))
                continue
            if tok.text in self.legal_forms and tok.text not in _BARE_PREFIX_FORMS and j + 2 < len(toks) and \
                    ctx.joined(j + 1) and ctx.joined(j + 2) and self._name_word(ctx, j + 1, loose=True) and \
                    (j == 0 or not self._name_word(ctx, j - 1, loose=True)):
                # a word of what the firm does first ('SELARL IMAGERIE ODET', 'SELARL Imagerie du Val de Loire'):
                # after a legal form it starts the name too
                k = j + 2 + (ctx.folded[j + 2] in LINKS and j + 3 < len(toks) and ctx.joined(j + 3))
                end = self._run(ctx, k, 4)
                if end > k:
                    out.append(self._span(ctx, j, end))
                    continue
            if last == 0 or not ctx.joined(last):
                continue
            start = self._name_start_before(ctx, last, 5, LINKS)
            if start is not None:
                # a company's head after a link starts the name: 'Chauffeur aux Transports Lambert & Fils' is
                # a worker at the firm, the capital of the sentence's first word made it look like a name
                start = next((x for x in range(start + 2, last) if ctx.bare[x] in self._company_keys and
                              ctx.folded[x - 1] in ("au", "aux", "chez", "des", "du")), start)
            if start is not None and (not self._ordinary(ctx, start, last) or "." in tok.text):
                out.append(self._span(ctx, start, end))  # (not 'Patient SAS': apnoea syndrome)
        return out

    def _after_cue(self, ctx: Context, k: int, allow_city: bool = False, need_prep: bool = False,
                   list_only: bool = False, work_a: bool = False) -> tuple[int, int] | None:
        """The organisation named right after a cue: an optional opening, preposition and article, then a
        capitalised name or a known organisation in any case ('retraité de bpost')."""
        n = len(ctx.tokens)
        k = self._skip_opening(ctx, k)
        if k >= n or not ctx.joined(k):
            return None
        prep = ""
        f = ctx.folded[k]
        if f in PREPOSITIONS and k + 1 < n and ctx.joined(k + 1):
            prep = f
            k += 1
            if f == "a" and ctx.folded[k] in ("la", "l"):
                prep, k = "a la", k + 1
            elif f == "a" and ctx.folded[k][:2] == "l'":
                prep = "a la"  # "étudiante à l'ULB"
            elif f == "a":
                # 'ouvrier à Charleroi': a place; 'facteur à bpost': a listed employer; 'travaille à Cactus
                # Windhof': an employer that is no town
                words = [ctx.bare[k]] + ctx.folded[k + 1 : k + 6]
                for trie in (self.names, self.names_after_cue):
                    size = next((len(e) for e in trie.by_first.get(ctx.bare[k], ()) if tuple(words[: len(e)]) == e), 0)
                    if size and not ctx.lookups.is_common(ctx.tokens[k].text):
                        return k, listed_name_of_town(self, ctx, k, k + size)
                return employer_after_work_cue(self, ctx, k) if work_a else None
        elif f[:2] in ("d'", "l'") and len(f) > 2:
            prep = f[0]
        if k >= n:
            return None
        words = [ctx.bare[k]] + ctx.folded[k + 1 : k + 6]
        for trie in (self.names, self.names_after_cue):
            size = next((len(e) for e in trie.by_first.get(ctx.bare[k], ()) if tuple(words[: len(e)]) == e), 0)
            if size and not (k + size < n and ctx.tokens[k + size].kind == "num" and
                             ctx.tokens[k + size].start == ctx.tokens[k + size - 1].end):
                return k, listed_name_of_town(self, ctx, k, k + size)  # (not 'élève de CM1': a school level)
        if list_only:
            return None
        head = self._phrase_at(ctx, self.company_heads, k) if ctx.bare[k] in self.company_heads else 0
        if head and k + head + 1 < n and ctx.joined(k + head) and ctx.folded[k + head] in ("de", "du", "des") and \
                self._name_word(ctx, k + head + 1):
            # 'employée à la mairie de Lille': the head and its town; 'mineur (charbonnage du Bois du Cazier)': the name
            end = self._run(ctx, k + head + 1, 4)
            if ctx.tokens[k].text.islower() and not self._is_city(ctx, k + head + 1, end):
                return k + head + 1, end
            return k, end
        if need_prep and not prep:
            return None
        start, end = self._article_then_run(ctx, k, 5)
        if end <= start or (start < end and ctx.folded[start] in ARTICLES and end == start + 1):
            return None
        first = start + (ctx.folded[start] in ARTICLES)
        if not allow_city and self._is_city(ctx, first, end):
            return None
        if ctx.bare[first] in ctx.lookups.eponyms or ctx.bare[first] in ctx.lookups.medical:
            return None  # 'facteur de Willebrand'
        if (end - first == 1 or tuple(ctx.folded[first:end]) in self.not_names) and self._ordinary(ctx, first, end):
            return None  # 'mutuelle : Non', 'retraité de la Fonction publique', 'travaille aux Pays-Bas'
        if self._answer(ctx, first, end):
            return None  # 'Mutuelle : OK', 'Mutualité : Affiliée'
        if prep in ("", "chez", "pour") and end - first == 2 and ctx.bare[first] in ctx.lookups.first_names and \
                not any(ctx.folded[x] in self.company_heads for x in range(first, end)):
            return None  # 'chez Julien Dupont': a person
        if first > start and ctx.folded[start] in ("la", "le", "l") and ctx.tokens[start].text.islower():
            return first, end  # 'employé de la SNCB', 'retraité de la Poste': the name without its article
        return start, end

    def _employers(self, ctx: Context) -> list[Candidate]:
        """'employeur : Colis Express SPRL', 'travaille chez Aperam', 'docker au Grand Port Maritime de Dunkerque'.
        An occupation ('docker', 'ouvrier') needs a preposition before a capitalised name ('ouvrier des Forges
        de Clabecq'); a listed organisation may follow it in any case ('retraité de bpost')."""
        out, n = [], len(ctx.tokens)
        skip = {"retraite", "retraitee", "pensionne", "pensionnee", "interimaire", "ancien", "ancienne", "actuellement",
                "toujours", "encore", "comme", "saisonnier", "saisonniere", "polyvalent", "polyvalente"}
        cues, list_cues = self.employment_cues, self.list_cues
        for i in word_positions(ctx, self._employer_keys):
            f = ctx.bare[i]
            if f in list_cues:  # 'chez Decathlon Evere': a listed organisation only ('chez Dr X', 'chez elle')
                found = self._after_cue(ctx, i + 1, list_only=True)
                if not found and f == "chez":
                    found = employer_after_chez(self, ctx, i)  # '(travaille à Kehl) chez Dm-drogerie'
                if found:
                    out.append(self._span(ctx, *found))
                continue
            strong = f in cues
            if not strong and f not in self.occupations:
                continue
            k = i + 1
            close = next((c for c in (k + 2, k + 3) if c + 1 < n and ctx.tokens[c].text == ")"), 0)
            if strong and close and ctx.tokens[k].text == "(" and ctx.joined(k) and ctx.tokens[close + 1].text == ":":
                # 'Employeur (AT) : X', 'employeur (actuel) : X': a bracketed word or two qualifying the cue, then
                # the colon ('employeur (Carmeuse)' names the employer in the brackets)
                k = close + 1
            while k < n and ctx.folded[k] in skip and ctx.joined(k):
                k += 1
            found = self._after_cue(ctx, k, need_prep=not strong, work_a=strong)
            if found and ctx.bare[found[0]] not in _REGISTERS:  # 'inscrit au RCS de Paris': a register and its town
                out.append(self._span(ctx, *found))
        return out

    def _company_heads(self, ctx: Context) -> list[Candidate]:
        """'Ambulances Flandres Secours', 'Forges de Clabecq', 'Crêperie du Port', 'charbonnage du Bois du Cazier'."""
        out, n = [], len(ctx.tokens)
        heads = self.company_heads
        for i in word_positions(ctx, self._company_keys):
            size = self._phrase_at(ctx, heads, i)
            if not size or i + size >= n or not ctx.joined(i + size):
                continue
            head = ctx.tokens[i].text
            head = head[2:] if len(head) > 2 and head[1] in "'’" else head  # "l'Hôtel de Ville de Charleroi"
            capital = head[:1].isupper() and not head.isupper()
            k = i + size
            if ctx.folded[k] in ("de", "du", "des", "d") or ctx.folded[k][:2] == "d'":
                k += ctx.folded[k] in ("de", "du", "des", "d")
                # what it does, then its name: 'entreprise de nettoyage Net Service', "bureau d'études Greisch"
                j = k
                while j < k + 2 and j < n and ctx.joined(j) and ctx.tokens[j].kind == "word" and \
                        ctx.tokens[j].text.islower() and ctx.bare[j] not in NOT_NAME:
                    j += 1
                if j > k and j < n and ctx.joined(j) and self._name_word(ctx, j) and not capital:
                    k = j
            if k >= n or not self._name_word(ctx, k):
                continue
            end = self._run(ctx, k, 6)
            # one capitalised word right after a lower-case shop's head mid-sentence: its capital makes it the name
            # ('devant la pharmacie Centrale', 'à la boulangerie Moderne'), unless it is a medical word
            named = not capital and k == i + size and end == k + 1 and ctx.bare[i] not in _WEAK_HEADS and \
                not ctx.tokens[k].text.isupper() and ctx.bare[k] not in ctx.lookups.medical and \
                not _SPECIALTY.search(ctx.folded[k]) and not self._is_city(ctx, k, end)
            if (not capital and self._is_city(ctx, k, end)) or ((not capital or ctx.bare[i] in _WEAK_HEADS) and
                                                               self._ordinary(ctx, k, end) and not named):
                continue  # 'usine de Charleroi' (a place), 'laboratoire de Biologie Clinique', 'Société Française de
                # Radiologie' (a learned society named by ordinary words)
            out.append(self._span(ctx, i if capital or (named and self._ordinary(ctx, k, end)) else k, end))
        return out

    def _schools(self, ctx: Context) -> list[Candidate]:
        """'lycée Jehan Ango', 'école communale du Centre', 'Athénée royal de Huy', 'crèche Les P'tits Loups'."""
        out, n = [], len(ctx.tokens)
        heads = self.school_heads
        for i in word_positions(ctx, self._school_keys):
            size = self._phrase_at(ctx, heads, i)
            if not size:
                continue
            k = i + size
            while k < n and ctx.joined(k) and (ctx.folded[k] in self.school_adjectives or (
                    ctx.folded[k] in ("d", "de") and k + 1 < n and ctx.folded[k + 1] in self.school_adjectives)):
                k += 1
            if k < n and ctx.tokens[k].text in ("n°", "N°", "no", "nr") or (
                    k + 1 < n and ctx.tokens[k].text in ("n", "N") and ctx.tokens[k + 1].text == "°"):
                k += 1 + (ctx.tokens[k].text in ("n", "N"))
                if k < n and ctx.tokens[k].kind == "num":
                    k += 1
                    if k + 1 < n and ctx.folded[k] in ("de", "d") and self._name_word(ctx, k + 1):
                        k = self._run(ctx, k + 1, 4)
                    out.append(self._span(ctx, i, k))
                continue
            opened = self._skip_opening(ctx, k)  # 'école « Les Coccinelles »'
            # after a label's colon, a bracket or a quote the name stands alone, the head outside it ('École :
            # Collège Saint-Michel', "l'école (Ethias, police ...)", 'crèche « Les Lutins »'): the writers' way
            first_tok, k = (opened if opened > k else i), opened
            if k >= n or not ctx.joined(k):
                continue
            start, end = self._article_then_run(ctx, k, 5)
            if end > start and self._answer(ctx, start, end):
                continue  # 'École : CM2', 'Crèche : Oui': a form's answer, not a name
            if end > start:
                # named ('Jules Ferry'): a following 'de Lisieux' is the town, not the name
                first = start + (ctx.folded[start] in ARTICLES) + 2 * (ctx.tokens[start].text in ("'", "’"))
                stop = first
                while stop < end and ctx.folded[stop] not in ("de", "du", "d"):
                    stop += 1
                out.append(self._span(ctx, first_tok, stop if stop > first else end))
                continue
            if ctx.folded[k] in ("de", "du", "des") and k + 1 < n and ctx.joined(k + 1):
                s, e = self._article_then_run(ctx, k + 1, 4)
                if e <= s and _line_lower(ctx, i) and k > i + size:  # 'école communale de jambes' (lower case)
                    s, e = k + 1, self._lower_run(ctx, k + 1 + (ctx.folded[k + 1] in ARTICLES), 3)
                if e > s:
                    out.append(self._span(ctx, first_tok, e))
            elif ctx.folded[k][:2] == "d'" and self._name_word(ctx, k):
                out.append(self._span(ctx, first_tok, self._run(ctx, k, 4)))
        return out

    def _clubs(self, ctx: Context) -> list[Candidate]:
        """'Rugby Club Caennais', 'RFC Liège' (a run holding a club word) and names after 'club', 'asbl',
        'association' ('son club (les Marcheurs de l'Orneau)')."""
        out, n = [], len(ctx.tokens)
        club_words = self.club_words
        starts = set()
        for hit in word_positions(ctx, club_words):
            x = hit
            while x > 0 and ctx.joined(x) and (self._name_word(ctx, x - 1) or ctx.folded[x - 1] in LINKS):
                x -= 1  # back to the start of the run holding the club word
            while x < hit and not self._name_word(ctx, x):
                x += 1  # (a run starts with a name word, not with 'de')
            while x + 1 < hit and ctx.folded[x + 1] in ("au", "aux", "du", "des", "a") and ctx.lookups.is_common(
                    ctx.tokens[x].text) and self._name_word(ctx, x + 2):
                x += 2  # 'Coureur au VC Amiénois': a capitalised first word of the sentence, then 'au', is no name
            starts.add(x)
        for i in sorted(starts):
            if not self._name_word(ctx, i):
                continue
            end = self._run(ctx, i, 6)
            if end - i >= 2 and any(ctx.bare[x] in self.club_words and not ctx.tokens[x].text.islower()
                                    for x in range(i, end)) and not all(
                    ctx.bare[x] in self.club_words or ctx.lookups.is_common(ctx.tokens[x].text) or ctx.folded[x] in LINKS
                    for x in range(i, end)):
                line_caps = ctx.tokens[i].text.isupper() and ctx.tokens[end - 1].text.isupper()
                if not line_caps or any(ctx.bare[x] == "club" for x in range(i, end)):
                    out.append(self._span(ctx, i, end))
        cues = self.association_cues
        for i in word_positions(ctx, self._association_keys):
            size = self._phrase_at(ctx, cues, i)
            if not size or (i > 0 and ctx.folded[i - 1] in ("en", "d", "l", "une", "cette")):
                continue  # 'en association avec', "d'association": a combination, not a society
            k = self._skip_opening(ctx, i + size)
            if k < n and ctx.folded[k] in ("de", "du", "des", "d") and ctx.joined(k):
                k += 1
            if k >= n or not ctx.joined(k):
                continue
            start, end = self._article_then_run(ctx, k, 6)
            first = start + (ctx.folded[start] in ARTICLES if start < n else 0)
            if end > first and not self._is_city(ctx, first, end) and not (
                    end - first == 1 and self._ordinary(ctx, first, end)):
                if start == i + size and self._name_word(ctx, i) and not ctx.tokens[i].text.isupper():
                    start = i  # 'Association Sportive du Gosier': a capitalised head is the name's first word
                out.append(self._span(ctx, start, end))
        return out

    def _insurers(self, ctx: Context) -> list[Candidate]:
        """'Mutualité chrétienne', 'Mutuelle Générale', 'mutuelle Solidaris', 'mutuelle : MC', and the listed
        mutualities, insurers and services written as names ('Partenamut', 'Croix Jaune et Blanche')."""
        out, n = [], len(ctx.tokens)
        heads = self.insurer_heads
        for i in word_positions(ctx, self._insurer_keys):
            b = ctx.bare[i]
            if b in heads and ctx.tokens[i].text[:1].isupper() and i + 1 < n and ctx.joined(i + 1):
                if ctx.tokens[i + 1].kind == "word" and not ctx.tokens[i + 1].text.islower() or \
                        ctx.folded[i + 1] in self.school_adjectives:
                    end = max(self._run(ctx, i + 1, 5) if self._name_word(ctx, i + 1) else i + 2, i + 2)
                    if ctx.folded[i + 1] in self.school_adjectives or not (
                            self._answer(ctx, i + 1, end) or self._ordinary(ctx, i + 1, end)):
                        out.append(self._span(ctx, i, end))  # (not 'MUTUELLE NON', 'Mutuelle Complémentaire')
                        continue
            if b in self.insurer_cues:
                found = self._after_cue(ctx, i + 1, allow_city=False)
                if found:
                    start = found[0]
                    if start == i + 1 and self._name_word(ctx, i) and ctx.joined(i + 1) and \
                            not ctx.tokens[i].text.isupper() and b not in _MEMBER_CUES:
                        start = i  # 'Caisse Primaire d'Assurance Maladie du Gard': the head is the name's first word
                    out.append(self._span(ctx, start, found[1]))
        lk = ctx.lookups
        for i in word_positions(ctx, self._listed_keys):
            b = ctx.bare[i]
            if ctx.tokens[i].text.islower():
                continue  # a listed name in lower case counts after a cue only ('retraité de bpost')
            sizes, entries = self._listed_by_size[b]
            words = [b, *ctx.folded[i + 1 : i + sizes[0]]]
            # the longest listed name at token i: one set probe per entry length instead of a tuple per entry
            for size in sizes:
                if size > len(words) or tuple(words[:size]) not in entries:
                    continue
                if size == 1 and (lk.is_common(b) or (b,) in lk.cities or b in lk.first_names or b in lk.surnames):
                    break  # 'Total', 'Delta': only after a cue
                if size < 4 and tuple(words[:size]) not in self._listed_lower and any(
                        ctx.tokens[x].text.islower() and ctx.folded[x] not in LINKS and len(ctx.folded[x]) > 2
                        for x in range(i + 1, i + size)):
                    break  # 'La poste de soins', 'Croix-rouge cutanée': a name is written with its capitals (a long
                    # name is one in any case: 'Agence fédérale des risques professionnels')
                out.append(self._span(ctx, i, listed_name_of_town(self, ctx, i, i + size)))
                break
        return out

    def _public_services(self, ctx: Context) -> list[Candidate]:
        """'ADMR des Ardennes', 'UDAF de la Somme', 'ONE consultation de Binche', 'CPAS de Namur': an acronym
        of a public or social service with the place or name that makes it one office."""
        out, n = [], len(ctx.tokens)
        services = self.public_services
        toks = ctx.tokens
        lower = self.lower_services
        for i in [i for i, tok in enumerate(toks) if tok.text in services or (
                tok.text[1:2] in ("'", "’") and tok.text[2:] in services) or (
                ctx.bare[i] in lower and tok.text.islower() and _line_lower(ctx, i))]:
            # "l'ADMR de Bouillon"; 'cpas de namur' in a text typed all in lower case
            if i + 1 >= n or not ctx.joined(i + 1):
                continue
            k = i + 1
            extra = 0
            while k < n and extra < 2 and ctx.tokens[k].text.islower() and ctx.folded[k] in (
                    "consultation", "antenne", "centre", "bureau", "service", "site", "agence", "section", "equipe"):
                k, extra = k + 1, extra + 1
            if k < n and ctx.folded[k] in ("de", "du", "des") and k + 1 < n:
                s, e = self._article_then_run(ctx, k + 1, 4)
                if e <= s and _line_lower(ctx, i):
                    s, e = k + 1, self._lower_run(ctx, k + 1 + (ctx.folded[k + 1] in ARTICLES), 3)
                if e > s:
                    out.append(self._span(ctx, i, e))
            elif k < n and ctx.folded[k][:2] == "d'" and self._name_word(ctx, k):
                out.append(self._span(ctx, i, self._run(ctx, k, 4)))
            elif k + 1 < n and ctx.tokens[k].text in ("Les", "Le", "La") and self._name_word(ctx, k + 1):
                out.append(self._span(ctx, i, self._run(ctx, k + 1, 4)))  # 'IME Les Papillons Blancs'
            elif k < n and self._name_word(ctx, k):
                end = self._run(ctx, k, 3)
                if self._is_city(ctx, k, end):
                    out.append(self._span(ctx, i, end))
        return out

    def _care_homes(self, ctx: Context) -> list[Candidate]:
        """'mrs la Charmille', 'ehpad Ker Heol', 'home Saint-Joseph', 'maison de repos Les Glaïeuls': a care-home
        head (any case) then a capitalised name; 'home'/'résidence' stay in the span, 'mrs'/'ehpad' do not."""
        out, n = [], len(ctx.tokens)
        heads = self.care_heads
        for i in word_positions(ctx, self._care_keys):
            b = ctx.bare[i]
            size = self._phrase_at(ctx, heads, i)
            if not size or i + size >= n or not ctx.joined(i + size):
                continue
            k = i + size
            noun = i > 0 and ctx.folded[i - 1] in ("la", "en", "une", "a", "vers", "sa", "cette", "l", "de", "sa")
            opened = ctx.tokens[k].text in ("(", "«", '"', "“", ":")
            if opened:
                k = self._skip_opening(ctx, k)  # 'Vit en MR (Les Tilleuls, Waremme)', 'résidence « Les Lilas »'
            elif b in ("mr", "mrs") and size == 1 and ctx.tokens[i].text in ("MR", "MRS") and \
                    ctx.folded[k].split("-")[0] in ("saint", "sainte", "st", "ste", "notre") and "-" in ctx.folded[k] \
                    and not ctx.tokens[k].text.isupper():
                pass  # 'MR Saint-Joseph à Herstal' ('MR SAINT-PIERRE Jean', 'Mr Saint-Pierre' are persons)
            elif b in ("mr", "mrs") and size == 1 and not (noun and ctx.folded[k] in ARTICLES) and (
                    b == "mr" or not ctx.tokens[i].text.islower()):
                continue  # 'MR DUPONT', 'Mr Lambert', 'Mr Le Goff': a civility; 'la MR Les Lilas' is a home
            if k >= n:
                continue
            start, end = self._article_then_run(ctx, k, 5)
            if end <= start and k + 2 < n and ctx.tokens[k].text in ("'", "’") and ctx.folded[k + 1] == "t" and \
                    ctx.tokens[k + 1].start == ctx.tokens[k].end and ctx.joined(k + 2) and self._name_word(ctx, k + 2):
                start, end = k, self._run(ctx, k + 2, 4)  # the Dutch article: "Huisartsenpraktijk 't Klaverblad"
            if end <= start and _line_lower(ctx, i) and ctx.folded[k] in ARTICLES and k + 1 < n and ctx.joined(k + 1):
                start, end = k, self._lower_run(ctx, k + 1, 3)  # 'maison de repos les glycines' (all lower case)
            first = start + (ctx.folded[start] in ARTICLES)
            saint = ctx.folded[first].split("-")[0] in ("saint", "sainte", "st", "ste", "notre")
            if end <= first or (self._is_city(ctx, first, end) and start == first and not saint):
                continue  # 'MRS Waremme': a town ('home Saint-Joseph', 'MR Saint-Lambert' are names)
            if start == first and (self._ordinary(ctx, first, end) or all(
                    ctx.folded[x] in LINKS or _ADJECTIVE_LIKE.search(ctx.folded[x]) or ctx.lookups.is_common(
                        ctx.tokens[x].text) for x in range(first, end))):
                continue  # 'Résidence Principale : appartement': ordinary words without an article
            if b in _BUILDING_HEADS and size == 1 and _ADDRESS_AFTER.match(ctx.text, ctx.tokens[end - 1].end):
                continue  # 'Résidence Les Érables, bâtiment B': a postal address ('EHPAD Les Lilas, 12 rue X' and
                # 'Résidence Autonomie Les Glycines, 14 avenue X' are a home and its address)
            end = self._drop_town(ctx, first, self._cut_town(ctx, first, end), out)
            key = tuple(ctx.folded[i : i + size])
            kept = key in self.care_heads_kept and not (opened and key[0] in ("mr", "mr-mrs", "mr/mrs"))
            out.append(self._span(ctx, i if kept else start, end))  # ('Vit en MR (Les Tilleuls)': the name only)
        return out

    def _foreign_hospitals(self, ctx: Context) -> list[Candidate]:
        """'Jessa Ziekenhuis Hasselt', 'St. Nikolaus-Hospital', 'Klinik St. Josef Sankt Vith', 'Sint-Trudoziekenhuis'."""
        out, n, suffixes = [], len(ctx.tokens), self.foreign_hospital_words
        for i in [i for i in ctx.caps if ctx.folded[i].endswith(suffixes)]:
            f = ctx.folded[i]
            start = i
            k = i - 1
            while k >= 0 and ctx.joined(k + 1) and (self._name_word(ctx, k) or (
                    ctx.tokens[k].text == "." and k > 0 and ctx.folded[k - 1] in SAINT_ABBREVIATIONS)):
                start = k if ctx.tokens[k].text != "." else start
                k -= 1
            compound = f not in suffixes  # 'Sint-Trudoziekenhuis', 'Nikolaus-Hospital'
            end = i + 1
            if end < n and ctx.joined(end) and self._name_word(ctx, end):
                end = self._run(ctx, end, 4)
                if f not in ("ziekenhuis", "kliniek"):
                    # 'St. Nikolaus-Hospital Eupen': the town is a LOCATION; after 'Ziekenhuis'/'Kliniek' it stays
                    # in, since the InstitutionAnnotator reads 'Ziekenhuis Hasselt' and a shorter span would lose
                    end = self._drop_town(ctx, i, end, out)
            if start == i and end == i + 1 and not compound:
                continue
            out.append(self._span(ctx, start, end))
        return out

    def _site_name(self, ctx: Context, k: int) -> int:
        """End of a site named after a group ('Hôpital Robert Debré', "Centre Hospitalier d'Arlon",
        'hôpital de Mercy', 'site Notre-Dame', 'campus Gasthuisberg'); k if none."""
        n = len(ctx.tokens)
        size = self._phrase_at(ctx, self.site_heads, k)
        if not size:
            return k
        j = k + size
        while j < n and ctx.joined(j) and ctx.tokens[j].text.islower() and ctx.folded[j] in (
                "prive", "privee", "universitaire", "regional", "regionale", "general", "generale", "militaire",
                "pediatrique", "intercommunal", "principal", "central", "centrale"):
            j += 1
        if j < n and ctx.joined(j) and ctx.folded[j] in ("de", "du", "des") and j + 1 < n and ctx.joined(j + 1):
            s, e = self._article_then_run(ctx, j + 1, 4)
            return e if e > s else k
        if j < n and ctx.joined(j) and self._name_word(ctx, j):
            return self._run(ctx, j, 4)
        return k

    def _hospital_groups(self, ctx: Context) -> list[Candidate]:
        """'ZNA Middelheim', 'GZA Sint-Augustinus', 'ZAS Cadix': a Flemish hospital network and the hospital's name."""
        out, n, groups = [], len(ctx.tokens), self.hospital_groups
        lk = ctx.lookups
        for i in [i for i, tok in enumerate(ctx.tokens) if tok.text in groups]:
            if i + 1 < n and ctx.joined(i + 1) and self._name_word(ctx, i + 1):
                end = self._run(ctx, i + 1, 3)
                out.append(self._span(ctx, i, self._drop_town(ctx, i + 1, end, out) if end > i + 2 else end))
            elif ctx.bare[i] in self.lower_groups and ctx.bare[i] not in lk.first_names and not lk.is_common(
                    ctx.tokens[i].text):
                out.append(self._span(ctx, i, i + 1))  # a network named alone ('Clinique Sainte-Anne (Chirec)')
        return out

    def _hospital_acronyms(self, ctx: Context) -> list[Candidate]:
        """'le CHG de Mantes', 'au CHSA', 'CHD Vendée', 'CHPG Monaco': a hospital acronym (CH../GH.. in capitals) after
        a cue or before its town; 'taux de GHRH', 'CHF' (no cue, no town) stay out."""
        out, n, lk = [], len(ctx.tokens), ctx.lookups
        if "CH" not in ctx.text and "GH" not in ctx.text:
            return out
        for i in [i for i in upper_caps(ctx) if ctx.tokens[i].text[:2] in ("CH", "GH") and
                  _HOSPITAL_ACRONYM.match(ctx.tokens[i].text)]:
            if lk.is_common(ctx.tokens[i].text) or ctx.tokens[i].text in NOT_HOSPITAL_ACRONYMS:
                continue  # an ordinary word in capitals ('RISQUE DE CHUTES', 'CHAUD')
            end = i + 1
            if i + 2 < n and ctx.joined(i + 1) and ctx.folded[i + 1] in ("de", "du") and self._name_word(ctx, i + 2):
                end = self._run(ctx, i + 2, 3)
            elif i + 1 < n and ctx.joined(i + 1) and ctx.folded[i + 1][:2] == "d'" and self._name_word(ctx, i + 1):
                end = self._run(ctx, i + 1, 3)
            elif i + 1 < n and ctx.joined(i + 1) and self._name_word(ctx, i + 1):
                run = self._run(ctx, i + 1, 2)
                while run > i + 1 and not self._is_city(ctx, i + 1, run) and not self._named_site(ctx, i + 1, run):
                    run -= 1
                end = run if run > i + 1 else end
            cued = i > 0 and ctx.bare[i - 1] in self.hospital_cues | {"le", "la", "l", "du", "par", "transfert", "au"}
            if end == i + 1 and not cued and ctx.tokens[i].text not in _LOOSE_NOT_HOSPITAL:
                cued = self._ward_next_to(ctx, i)
            if end > i + 1 or cued:
                out.append(self._span(ctx, i, end))
        return out

    @staticmethod
    def _ward_next_to(ctx: Context, i: int) -> bool:
        """(org27) a bare hospital acronym beside a ward, a referral verb or its expansion ('pédiatrie CHM',
        'orientée CHM urgences', 'CHOG (Centre Hospitalier de l'Ouest Guyanais)'), or alone after a dash at a
        header's end ('SAINT-PAUL — CHOR') or between commas ('Dr X, CHM, le 27/02')."""
        n, toks = len(ctx.tokens), ctx.tokens
        if i > 0 and ctx.joined(i) and ctx.bare[i - 1] in _WARD_BEFORE_ACRONYM:
            return True
        nxt = ctx.bare[i + 1] if i + 1 < n and ctx.joined(i + 1) else ""
        if nxt in _WARD_AFTER_ACRONYM:
            return True
        if i + 1 < n and ctx.joined(i + 1) and toks[i + 1].text == "(":
            after = fold(ctx.text[toks[i + 1].end:toks[i + 1].end + 24])
            return after.startswith(("centre hospitalier", "centre hospitalo", "hopital", "groupe hospitalier",
                                     "groupement hospitalier"))
        prev = toks[i - 1].text if i > 0 and ctx.joined(i) else ""
        line_end = i + 1 >= n or not ctx.joined(i + 1)
        if prev in ("—", "–", "-") and line_end:
            return True
        return prev == "," and (line_end or toks[i + 1].text == ",")

    def _named_site(self, ctx: Context, i: int, j: int) -> bool:
        """Tokens i..j-1 are a department or region ('CHD Vendée', 'CHU Martinique') or a hospital's listed
        name ('CHR Citadelle'): after a hospital acronym, what names that hospital."""
        key = tuple([ctx.bare[i], *ctx.folded[i + 1 : j]])
        if key in self.regions.keys and ctx.bare[i] not in COMPASS:
            return True
        words = list(key)
        by_first = ctx.lookups.hospital_names.by_first
        return ctx.bare[i] in by_first and self._longest_entry(by_first, ctx.bare[i], words) == len(words) and \
            ctx.bare[i] not in ctx.lookups.medical

    def _maternity_of(self, ctx: Context) -> list[Candidate]:
        """"Maternité de l'Hôpital Privé de Bois-Bernard": a department named after its hospital."""
        out, n = [], len(ctx.tokens)
        for i in word_positions(ctx, _MATERNITY):
            if not ctx.tokens[i].text[:1].isupper() or i + 1 >= n or not ctx.joined(i + 1):
                continue
            k = i + 1
            if ctx.folded[k] in ("de", "du"):
                k += 1
                if k < n and ctx.folded[k] == "la":
                    k += 1
            if k < n and ctx.joined(k):
                end = self._site_name(ctx, k)
                if end > k:
                    out.append(self._span(ctx, i, end))
        return out

    def _saint_named(self, ctx: Context) -> list[Candidate]:
        """'Pôle Saint-Hélier', 'Espace Sainte-Anne': a capitalised head then a saint's or Notre-Dame's name."""
        out, n = [], len(ctx.tokens)
        heads = self.saint_heads
        for i in [i for i in word_positions(ctx, heads) if i < n - 1]:
            if not ctx.joined(i + 1):
                continue
            nxt = ctx.folded[i + 1]
            if ctx.tokens[i].text.islower() and ctx.tokens[i + 1].text.islower():
                # 'clinique saint-luc', 'home st-joseph': in lower case only a hyphenated saint's name
                if nxt.split("-")[0] in ("saint", "sainte", "st", "ste", "notre") and "-" in nxt:
                    out.append(self._span(ctx, i, i + 2))
                continue
            if not self._name_word(ctx, i):
                continue
            if nxt.split("-")[0] in ("saint", "sainte", "st", "ste", "notre") and self._name_word(ctx, i + 1) and \
                    ("-" in nxt or (i + 2 < n and self._name_word(ctx, i + 2))):
                end = self._run(ctx, i + 1, 4)
                out.append(self._span(ctx, i, self._cut_town(ctx, i + 1, end)))
        return out

    def _specialty_named(self, ctx: Context) -> list[Candidate]:
        """"Institut de cancérologie de l'Ouest", 'Centre de traumatologie du Hainaut': a capitalised head,
        lower-case words saying what it does, then the capitalised place or name that makes it one."""
        out, n, lk = [], len(ctx.tokens), ctx.lookups
        heads = self.specialty_heads
        for i in word_positions(ctx, heads):
            if not self._name_word(ctx, i) or ctx.tokens[i].text.isupper():
                continue
            k, words = i + 1, 0
            while k < n and ctx.joined(k) and words < 5 and ctx.tokens[k].kind == "word" and ctx.tokens[k].text.islower():
                k, words = k + 1, words + 1
            if words < 2:
                continue  # at least one word of what it does and the link ('de cancérologie de')
            # the last lower-case word is the link ('de'), or the name is elided ("de l'Ouest"), or an article
            # or a name follows directly ('Centre de planning familial Les Marolles')
            if k < n and ctx.joined(k) and ctx.folded[k - 1] in ("de", "du", "des", "la") and self._name_word(ctx, k):
                end = self._run(ctx, k, 4)
            elif k + 1 < n and ctx.joined(k) and ctx.tokens[k].text in ("Les", "Le", "La", "L") and self._name_word(
                    ctx, k + 1):
                end = self._run(ctx, k + 1, 4)
            elif k < n and ctx.joined(k) and self._name_word(ctx, k) and not ctx.tokens[k].text.isupper() and not (
                    ctx.lookups.is_common(ctx.tokens[k].text) or _ADJECTIVE_LIKE.search(ctx.folded[k])):
                end = self._run(ctx, k, 4)
            elif ctx.folded[k - 1] in ("de", "du", "des") and k < n and ctx.folded[k][:2] == "l'" and \
                    self._name_word(ctx, k):
                end = self._run(ctx, k, 4)
            else:
                continue
            if any(ctx.bare[x] in lk.medical or ctx.bare[x] in self.not_place for x in range(k, end)):
                continue  # 'Hôpital de jour de Gériatrie': a ward
            out.append(self._span(ctx, i, end))
        return out

    def _named_hospitals_lower(self, ctx: Context) -> list[Candidate]:
        """'transféré à saint-luc', 'clinique pasteur', 'hôpital foch': a hospital known by its name alone, in lower
        case, after a cue (a hyphenated or several-word name) or after a hospital head word (which joins the span)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        # ('st-luc' -> 'saint-luc'): the tokens starting with 'st-'/'ste-', found by one search of the folded text
        # (a token starts after a non-letter), get their saint's key; the other keys are the bare forms, whose
        # positions word_positions gives
        shorts: dict[int, str] = {}
        if "st-" in ctx.folded_text or "ste-" in ctx.folded_text:
            starts = ctx.starts
            for m in _SAINT_SHORT_IN_TEXT.finditer(ctx.folded_text):
                i = bisect.bisect_right(starts, m.start()) - 1
                b = ctx.bare[i] if i >= 0 else ""
                if _SAINT_SHORT.match(b):
                    shorts[i] = ("saint" if b[2] == "-" else "sainte") + b[b.index("-"):]
        keys = ctx.bare
        if shorts:
            keys = list(keys)
            for i, key in shorts.items():
                keys[i] = key

        def hits(words: Any) -> list[int]:
            first = self._first_keys(words)
            found = [i for i in word_positions(ctx, first) if i > 0 and i not in shorts]
            if shorts:
                found = sorted(found + [i for i, key in shorts.items() if i > 0 and key in first])
            return found

        for i in hits(self.lower_groups):
            # 'aux urgences de epicura', 'examen fait au chwapi': a hospital network's name in lower case
            if ctx.folded[i - 1] in self.hospital_cues and ctx.tokens[i].text.islower():
                out.append(self._span(ctx, i, i + 1))
        for trie in (lk.hospital_names, self.register_names):
            by_first = trie.by_first
            for i in hits(by_first):
                b, prev = keys[i], ctx.folded[i - 1]
                headed = ctx.bare[i - 1] in self.hospital_heads and ctx.tokens[i - 1].text.islower() and ctx.joined(i)
                if not headed and prev in ("de", "du") and i > 1 and ctx.bare[i - 2] in self.hospital_heads and \
                        ctx.tokens[i - 2].text.islower() and ctx.joined(i - 1) and ctx.joined(i) and \
                        ctx.tokens[i].text.islower() and _line_lower(ctx, i):
                    # 'infirmière à l'hôpital de jolimont' in a text typed in lower case
                    words = [b] + ctx.folded[i + 1 : i + 5]
                    size = self._longest_entry(by_first, b, words)
                    if size and not (b in lk.stopwords or b in lk.medical):
                        out.append(self._span(ctx, i - 2, i + size))
                    continue
                if not ctx.tokens[i].text.islower():
                    # a listed name of several words after its head, written as a name ('Hôpital Necker-Enfants
                    # malades'): the head and the whole listed name, where a capitalised run would stop at the
                    # name's lower-case word (one set probe per entry length)
                    if ctx.bare[i - 1] in self.hospital_heads and ctx.joined(i):
                        size = self._longest_entry(by_first, b, [b] + ctx.folded[i + 1 : i + 5])
                        if size > 1 and any(t.text.islower() for t in ctx.tokens[i + 1 : i + size]):
                            out.append(self._span(ctx, i - 1, i + size))
                    continue
                if not (headed or prev in self.hospital_cues):
                    continue
                words = [b] + ctx.folded[i + 1 : i + 5]
                size = self._longest_entry(by_first, b, words)
                if not size:
                    continue
                if headed:
                    if size == 1 and (b in lk.stopwords or b in lk.medical) and b not in lk.eponyms:
                        continue  # 'hôpital de jour', 'clinique du sport'
                    out.append(self._span(ctx, i - 1, i + size))
                elif not ((size == 1 and "-" not in b) or lk.is_common(ctx.tokens[i].text)):
                    out.append(self._span(ctx, i, i + size))
        return out

    def _lone_hospitals(self, ctx: Context) -> list[Candidate]:
        """'né à avicenne', 'transféré à bichat', 'aux urgences de trousseau' (org31): a one-word hospital name of
        ``lone_hospital_words`` after 'à'/'vers'/'depuis'/'transféré', or after 'de' that follows a ward or a stay
        word ('urgences de', 'maternité de'); not after an eponym's word ('signe de Trousseau' has no ward word)."""
        out: list[Candidate] = []
        for i in word_positions(ctx, self.lone_hospital_words):
            if i == 0 or not ctx.joined(i) or ctx.tokens[i].kind != "word":
                continue
            prev = ctx.folded[i - 1]
            if prev in _LONE_CUES or prev in ("de", "d") and i > 1 and ctx.joined(i - 1) and \
                    ctx.bare[i - 2] in _LONE_WARDS:
                out.append(self._span(ctx, i, i + 1))
        return out

    def _index_words(self, lookups: Any) -> frozenset[str]:
        """Every word a rule looks up by position (the gates' words, the hospital names' first words, the
        brackets), for the index built once per text (:func:`build_index`)."""
        found = self._index_cache
        if found is None or found[0] is not lookups:
            words = self.gate_words | self._first_keys(self.lower_groups) | self._first_keys(
                self.register_names.by_first) | self._first_keys(lookups.hospital_names.by_first) | {"(", "&", "/"}
            found = self._index_cache = (lookups, frozenset(words))
        return found[1]

    def _longest_entry(self, by_first: dict[str, list[tuple[str, ...]]], first: str, words: list[str]) -> int:
        """Length of the longest entry of a trie's ``by_first`` list for ``first`` that ``words`` starts with, 0 if
        none: one set probe per entry length (the lists are kept longest first, so this is the entry a walk
        over the list would find first)."""
        found = self._sized.get(id(by_first))
        if found is None or found[0] is not by_first:
            found = self._sized[id(by_first)] = (by_first, {
                key: (sorted({len(e) for e in entries}, reverse=True), frozenset(entries))
                for key, entries in by_first.items()})
        sizes, entries = found[1][first]
        for size in sizes:
            if size <= len(words) and tuple(words[:size]) in entries:
                return size
        return 0

    def _first_keys(self, words: Any) -> frozenset[str]:
        """``words`` (a set, or a trie's first-word dict) as a frozenset, made once per object."""
        if isinstance(words, frozenset):
            return words
        found = self._key_sets.get(id(words))
        if found is None or found[0] is not words:
            found = self._key_sets[id(words)] = (words, frozenset(words))
        return found[1]

    def _damaged_headers(self, ctx: Context) -> list[Candidate]:
        """'C E N T R E  H O S P I T A L I E R  D E  S E D A N' and 'CENTRE H0SPITALIER REGI0NAL DE HUY':
        a letter-spaced or OCR'd line that reads as an institution once repaired."""
        out, text = [], ctx.text
        for m in _LETTER_SPACED.finditer(text) if _LETTER_SPACED_GATE.search(text) else ():
            words = [w.replace(" ", "") for w in re.split(r" {2,}|\t+", m.group())]
            repaired = fold(" ".join(words)).translate(_OCR_DIGITS)
            if repaired.startswith(self.header_heads):
                out.append((m.start(), m.end(), self.tag))
        capital_i = [m.start() + 1 for m in _OCR_CAPITAL_I_SCAN.finditer(text)]
        ocr_words = _OCR_WORD.finditer(text) if _OCR_WORD_GATE.search(text) else ()
        lines = sorted({(text.rfind("\n", 0, m.start()) + 1) for m in ocr_words} |
                       {text.rfind("\n", 0, i) + 1 for i in capital_i})
        if not lines:
            return out
        repaired_text = ctx.folded_text.translate(_OCR_DIGITS)  # same length: offsets still index the text
        if capital_i:
            chars = list(repaired_text)
            for i in capital_i:
                chars[i] = "i"
            repaired_text = "".join(chars)
        for line_start in lines:
            line_end = text.find("\n", line_start)
            line_end = len(text) if line_end < 0 else line_end
            m = self.header_line.match(repaired_text, line_start)
            # a header line ('CENTRE H0SPITALIER REGI0NAL DE HUY'), else a head inside the line ('à la Cl1nique
            # Sa1nt-Luc de Bouge'), which keeps to its clause and a few words
            found = [(m.start(1), m.end(1), 12)] if m else [
                (h.start(), h.end(), 6) for h in self.header_anywhere.finditer(repaired_text, line_start, line_end)]
            for start, end, max_words in found:
                if repaired_text[start:end] == ctx.folded_text[start:end]:
                    continue  # nothing was repaired: the InstitutionAnnotator reads it
                part = re.split(r"\s[-–|]\s|\s{3,}|[,;()]|\.(?:\s|$)", text[start:end])[0].rstrip(" .:")
                part = _trim_name(part, max_words)
                if part and repaired_text[start : start + len(part)] != ctx.folded_text[start : start + len(part)]:
                    out.append((start, start + len(part), self.tag))
        return out

    def _dotted_acronyms(self, ctx: Context) -> list[Candidate]:
        """'au C.H.R de Namur', 'transfert vers le H.U.B', 'suivie par les H.C.L.': a hospital's or a service's acronym
        written with full stops between its letters, read as the acronym it spells (a listed group, chain head or
        service, or a CH../GH.. hospital acronym), with a capitalised name after 'de'/'du' ('C.H.R de la Citadelle').
        Two letters are a person's initials ('Dr C.H. Martin') and stay out, as does an acronym before a capitalised
        word (initials before a surname)."""
        out: list[Candidate] = []
        text = ctx.text
        for m in _DOTTED_ACRONYM.finditer(text):
            letters = m.group(1).replace(".", "")
            known = letters in self.chain_heads or letters in self.branch_heads or (
                _HOSPITAL_ACRONYM.match(letters) is not None and letters not in NOT_HOSPITAL_ACRONYMS)
            if not known:
                continue
            end = m.end()
            name = _DOTTED_NAME_AFTER.match(text, end)
            if name is not None:
                end = name.end()
            elif _CAPITAL_NEXT.match(text, end):
                continue  # initials before a surname ('H.U.B. Dupont' is no hospital)
            out.append((m.start(), end, self.tag))
        return out

    def _gates(self) -> list[tuple[Any, frozenset[str] | None]]:
        """Each rule with the folded words one of which must be in the text for it to find anything (None:
        always run), so a report without any of them costs one set intersection per rule."""
        def keys(*groups: Any) -> frozenset[str]:
            return frozenset().union(*[set(g) for g in groups])

        return [
            (self._legal_forms, keys({fold(f) for f in self.legal_forms}, {"fils", "cie", "co", "freres"})),
            (self._employers, keys(self.employment_triggers, self.list_cues)),
            (self._company_heads, keys(self.company_heads)),
            (self._schools, keys(self.school_heads)),
            (self._clubs, keys(self.club_words, self.association_cues)),
            (self._insurers, keys(self.insurer_heads, self.insurer_cues, self.names.by_first)),
            (self._public_services, keys({fold(x) for x in self.public_services})),
            (self._care_homes, keys(self.care_heads)),
            (self._foreign_hospitals, None),
            (self._maternity_of, frozenset({"maternite"})),
            (self._hospital_groups, keys({fold(g) for g in self.hospital_groups})),
            (self._hospital_acronyms, None),
            (self._saint_named, keys(self.saint_heads)),
            (self._specialty_named, keys(self.specialty_heads)),
            (self._named_hospitals_lower, keys(self.hospital_cues, self.hospital_heads)),  # (cues are common words)
            (self._lone_hospitals, keys(self.lone_hospital_words)),
            (self._damaged_headers, None),
            (lambda c: group_site_chains(self, c), keys(CHAIN_SITE_KEYS)),
            (lambda c: establishments_of_towns(self, c), keys(self.town_heads, self.activity_heads)),
            (lambda c: sport_clubs(self, c), keys(self.sport_words)),
            (lambda c: health_names_with_town(self, c), keys(self.health_heads)),
            (lambda c: health_names_with_article(self, c), keys(self.health_heads)),
            (lambda c: lower_hospitals_of_towns(self, c), LOWER_SPACED_ACRONYMS),
            (lambda c: lower_health_names(self, c), keys(self.health_heads)),
            (lambda c: lower_trade_names(self, c), keys(self.lower_trade_heads)),
            (lambda c: named_trade_names(self, c), keys(self.named_trade_heads)),
            (lambda c: numbered_networks(self, c), frozenset({"reseau"})),
            (lambda c: branches_of_listed_firms(self, c), BRANCH_WORDS),  # (org25)
            (lambda c: sector_firms(self, c), SECTOR_WORDS),
            (lambda c: military_units(self, c), None),
            (lambda c: taxi_firms(self, c), frozenset({"taxi", "taxis"})),
            (lambda c: cruise_ships(self, c), frozenset({"msc", "costa", "aida", "celebrity", "carnival"})),  # (one compiled regex per text, behind a gate)
            (lambda c: legal_form_tails(self, c), None),  # (one compiled regex per text)
            (lambda c: foreign_names(self, c), FOREIGN_HEADS),
            (lambda c: sos_services(self, c), frozenset({"sos"})),
            (lambda c: named_after_persons(self, c), keys(self.health_heads, self.school_heads)),
            (lambda c: names_ending_in_a_region(self, c), keys(self.region_firsts)),
            (lambda c: acronyms_of_towns(self, c), None),  # (walks the capitalised words only)
            (lambda c: service_branches(self, c), keys({fold(x) for x in self.branch_heads})),
            (lambda c: acronym_expansions(self, c), frozenset(EXPANSION_HEADS)),
            (lambda c: ampersand_firms(self, c), None),  # (probes the '&' tokens only)
            (lambda c: bilingual_names(self, c), BILINGUAL_HEADS),
            (lambda c: title_case_phrases(self, c), None),  # (walks the capitalised words only)
            (lambda c: unknown_after_org_cue(self, c), ORG_CUES | WORK_VERBS),
            (lambda c: bracketed_sites(self, c), frozenset({"site", "campus"})),
            (self._dotted_acronyms, None),  # (one compiled regex per text)
            (lambda c: sector_shapes(self, c), None),  # (org27: substring tests, then one regex per shape)
            (lambda c: margin_shapes(self, c), None),  # (org29: set/substring tests, then one regex per shape)
        ]

    def annotate(self, ctx: Context) -> list[Candidate]:
        """All the rules above; overlapping results are left to the Deidentifier's resolution."""
        present = frozenset(build_index(ctx, self._index_words(ctx.lookups)))
        out: list[Candidate] = []
        for rule, gate in self.rules:
            if gate is None or not gate.isdisjoint(present):
                out.extend(rule(ctx))
        return out


__all__ = ["OrganisationAnnotator"]

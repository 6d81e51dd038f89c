"""Person names and identifiers in untidy text that the core rules leave out, plus a candidate refinement
run before overlap resolution (``refine_candidates``, called from ``noisy.keep_relatives``).

:class:`PersonsExtraAnnotator` (PERSON):

- names in DICOM/HL7 person-name form, family and given names joined by a caret ('DE BACKER^JAN',
  'REF:DUMONT^PHILIPPE');
- a surname in capitals followed by an initial ('| DELHAYE J. | Rx thorax |'), as worklists write;
- a name after a German or Dutch kinship word ('Sohn Erwin', 'Echtgenote Emine Kurt', 'Eltern: Marc
  und Sabine Heinen'), the kin word kept out of the span;
- a lower-case name no list holds after a lower-case doctor's title ('vu par dr haddad', 'dr. nkulu'),
  and after a dictated full stop ('docteur point gilson').

:class:`IdExtraAnnotator` (ID; DATE for dates written as identifiers):

- a Belgian NISS or a French NIR in any grouping whose checksum holds ('830621 197 68');
- codes of several letter groups then digits ('ZNA-RX-8841520');
- a number after a docket, policy or file cue ('RG 24/03318', 'police 45.112.908', 'Aktenzeichen 3 O 12/24');
- DICOM-style dates without separators after a date cue ('DOB:19540131', 'DATE:20241204') as DATE.

``refine_candidates`` only moves span edges or retags; it never drops a character from cover except
where the words are the span's own cue (an 'RPPS' before the number, a kin word before a name):

- a place that starts with the year of a date right before it ('le 23/02/2024 place Flagey' read as
  the address '2024 place Flagey') starts after the date, so the date is kept whole;
- a person or patient span is grown over a name split by OCR spaces ('Re naud', 'VANDENBUS SCHE
  Christ ophe') when the joined word is a known name or the fragment is no word at all;
- an identifier span led by its register's name ('RPPS 10003456789') starts at the number;
- a person span led by kinship words or titles ('NEVEU M. SALVATORE CARUSO', 'Herrn Stefan Thomé')
  starts at the name;
- an identifier equal to a DATE span is the date's.

Each rule is gated by one cheap check (a character or a set intersection) and runs one compiled
regular expression at most: no per-token scan over a list.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context, nir_valid, niss_valid
from deduce_fr.lookups import Lookups, fold, read_list, resolve_path
from deduce_fr.names import (
    CIVILITIES,
    LONE_BLOCKERS,
    NOT_LONE,
    NOT_NAME_ACRONYMS,
    ORGANISATION_WORDS,
    clinical_abbreviations,
    determiner_before_noun,
    short_lines,
)
from deduce_fr.numbers_fr import is_number_word
from deduce_fr.persons_cues import cue_names
from deduce_fr.persons_fields import IDENTITY_LABELS, labelled_names, name_value
from deduce_fr.persons_fields import LABELS as FIELD_LABELS
from deduce_fr.persons_messages import message_names
from deduce_fr.tokenizer import line_starts

# ---------------------------------------------------------------- persons
# an HL7 XCN field (a doctor's identifier, then family^given^...): '16541229004^SERVAIS^MARC^^^DR'; the name
# parts after the number, in capitals, up to two given names
_XCN_NAME = re.compile(r"(?<![\w^])\d{4,}\^([A-Z][A-Z'\- ]*[A-Z]\^[A-Z][A-Za-z'\-]*(?:\^[A-Z][A-Za-z'\-]*)?)(?![\w'\-])")
# a name spelt out letter by letter after it is said in dictation ('dupuis d u p u i s', 'roy r o y')
_SPELLING_LETTERS = frozenset("bcdefghijklmnopqrstuvwxyz")  # ('a' is a word, in every text)
_SPELT = re.compile(r"(?<![^\s,(])[^\W\d_](?: [^\W\d_]){2,}(?![^\s,.;:)])")
_CARET_NAME = re.compile(r"(?<![\w^])[A-Z][A-Za-zÀ-ÿ'\-]*(?: [A-Z][A-Za-zÀ-ÿ'\-]*){0,3}\^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'\-]*"
                         r"(?:\^[A-Za-zÀ-ÿ.]*)*")
_CAPS_INITIAL = re.compile(r"(?<![\w.'\-])([A-Z][A-ZÀ-Þ'\-]{3,}(?: [A-Z][A-ZÀ-Þ'\-]{1,})?) [A-Z]\.(?![\w.])")
# its necessary tail (' X.' not followed by a word character or a dot), found by a literal-led scan: the
# lookbehind-led pattern above then runs only on texts that hold one (trigger gate, same output)
_ROMAN = re.compile(r"[IVX]{1,4}")
_CAPS_INITIAL_TAIL = re.compile(r" [A-Z]\.(?![\w.])")
_CAPS_RUN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞ'- ")


def _caps_initials(text: str) -> list[re.Match[str]]:
    """The matches of _CAPS_INITIAL, as its ``finditer`` gives them, searched only from the run of capitals
    before each of its tails (' X.'): the lookbehind-led pattern never scans the rest of the text."""
    out: list[re.Match[str]] = []
    last = 0
    for tail in _CAPS_INITIAL_TAIL.finditer(text):
        if tail.start() < last:
            continue
        p = tail.start()
        while p > last and text[p - 1] in _CAPS_RUN_CHARS:
            p -= 1  # a match ending at this tail starts in this run (its characters are all of these)
        m = _CAPS_INITIAL.search(text, p, tail.end() + 1)  # (one character more: the lookahead's)
        if m:
            out.append(m)
            last = m.end()
    return out


_FOREIGN_KIN = frozenset({
    "sohn", "tochter", "ehefrau", "ehemann", "gattin", "gatte", "mutter", "vater", "bruder", "schwester", "eltern",
    "enkelin", "neffe", "nichte", "nachbar", "nachbarin", "zoon", "dochter", "echtgenote", "echtgenoot",
    "broer", "zus", "zuster", "moeder", "vader", "ouders", "kleinzoon", "kleindochter", "buurvrouw", "buurman",
    "partnerin", "schoonzoon", "schoondochter", "mama", "oma", "opa",
})
_NAME_JOINERS = frozenset({"und", "en", "et", "&"})
# a possessive, a kin word, then one short capitalised word before a stop ('chez sa sœur Awa.', 'avec son fils Bao,'):
# the kin rules want longer or known names; after 'sa sœur' a capitalised word before a stop is a given name
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 42 -> 28 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_POSSESSIVE_KIN_SHORT = re.compile(
    r"(?=(?i:[sl]))(?<![\w-])(?i:son|sa|ses|leur)[ \t]+(?i:fr[èe]re|s[œo]e?ur|fils|fille|m[èe]re|p[èe]re|oncle|tante|cousine?|neveu"
    r"|ni[èe]ce|mari|[ée]pouse|[ée]poux|compagnon|compagne|amie?|voisine?|grand-m[èe]re|grand-p[èe]re)"
    r"(?:[ \t]+(?i:a[îi]n[ée]e?|cadette?|jumeaux?|jumelle))?[ \t]+(?P<name>[A-ZÀ-Þ][a-zà-ÿ]{1,3})(?=[ \t]*[,;.)\n]|$)",
    re.MULTILINE)
# a nurse's or carer's initial after the role ('passage IDE J. (cabinet ...)', 'kiné M.,')
_ROLE_INITIAL = re.compile(r"(?<![\w.])(?:IDE|IDEL|Inf\.|AS|AVS|SF|[Kk]in[ée]|[Ss]age-femme|[Ii]nfirmi[èe]re?)[ \t]+"
                           r"(?P<name>[A-ZÀ-Þ]\.)(?=[ \t]*[,;(\n]|[ \t]*$)", re.MULTILINE)
_LABEL_TITLES = frozenset({"m", "mme", "mlle", "mr", "mrs", "me", "dr", "dre", "pr", "prof", "maitre", "docteure",
                           "professeure", "doctoresse", "sr", "soeur", "frere", "pere", "abbe"})
# a relative or a carer as a list's label, a qualifier or a bracket allowed before the colon, then a capitalised name
# ('Tante paternelle : Mai Pham', 'Demi-frère (même père) : Bao', 'Référente : Aurore', 'Sage-femme : Clémence'):
# a family tree's or a care plan's entry; the label says the value is a person even when it is also a word
_KIN_LABEL = re.compile(
    r"(?:^|(?<=[.;|,(]))[ \t]*(?:[-•*][ \t]*)?(?i:(?:demi-|arri[èe]re-)?(?:fr[èe]re|s[œo]e?ur|oncle|tante|cousine?|grand-p[èe]re"
    r"|grand-m[èe]re|arri[èe]re-grand-(?:p[èe]re|m[èe]re)|p[èe]re|m[èe]re|mari|[ée]poux|[ée]pouse|conjointe?|compagnon|compagne"
    r"|fils|fille|neveu|ni[èe]ce|parrain|marraine|jumeau|jumelle|papa|maman|beau-p[èe]re|belle-m[èe]re|beau-fr[èe]re"
    r"|belle-s[œo]e?ur|r[ée]f[ée]rente?|sage-femme|pu[ée]ricultrice|pu[ée]riculteur|nounou|assistante maternelle"
    r"|[ée]ducatrice|[ée]ducateur|auxiliaire de vie|aide [àa] domicile|aidante?|tutrice|tuteur|curatrice|curateur"
    r"|personne de confiance|personne [àa] pr[ée]venir))"
    r"(?:[ \t]+(?i:paternel(?:le)?|maternel(?:le)?|biologique|adoptif|adoptive|a[îi]n[ée]e?|cadet(?:te)?|consanguin|ut[ée]rin"
    r"|germain|principale?|l[ée]gal|l[ée]gale|de[ \t]+r[ée]f[ée]rence|\([^()\n]{1,30}\)))*[ \t]*:[ \t]*"
    r"(?P<name>[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?(?:[ \t]+(?:[A-ZÀ-Þ][A-Za-zà-ÿ'’]+(?:-[A-ZÀ-Þ][A-Za-zà-ÿ]+)?|[A-ZÀ-Þ]\.)){0,2})"
    r"(?=[ \t]*(?:[,;.()\n]|$))", re.MULTILINE)
# a role written short (or a German/Dutch one) before a capitalised name at the end of a line or before a comma
_ROLE_THEN_NAME = re.compile(
    r"(?<![\w.])(?:Inf|IDE|OPJ|APJ|Gendarme|Adjudant|Lieutenant|Capitaine|Commandant|Greffier|Greffière|Kiné|Kine|AS|Manip|Int|Secr|Ergo|Logo|Psy|Polizeiinspektor|Polizist|Inspektor|Pfleger"
    r"|Pflegerin|Krankenschwester|Verpleegkundige|Inspecteur|Agent|Brigadier|Hausarzt|Huisarts)\.?[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?(?: [A-ZÀ-Þ][a-zà-ÿ]+)?)(?=[ \t]*(?:$|[,;()\-–]|[ \t]{2}|\s+T[ée]l))",
    re.MULTILINE)
_ROLE_WORDS = frozenset({"inf", "ide", "opj", "apj", "gendarme", "adjudant", "lieutenant", "capitaine",
                         "commandant", "greffier", "greffiere", "kine", "as", "manip", "int", "secr", "ergo", "logo", "psy", "polizeiinspektor",
                         "polizist", "inspektor", "pfleger", "pflegerin", "krankenschwester", "verpleegkundige",
                         "inspecteur", "agent", "brigadier", "hausarzt", "huisarts"})
# the grades of the police, the gendarmerie, the armed forces and the fire brigades (France, Belgium), in lower
# case or capitalised, before a name: 'OPJ : brigadier Henriot.', 'le caporal-chef Morvan', 'adjudant Yannick Perrot',
# 'sapeur-pompier Lemoine', 'gardien de la paix Ouali' (a street named after one, 'rue du Général Leclerc', is
# no person: the article before the grade leaves it out)
_RANKS = ("brigadier|brigadier-chef|gardien de la paix|gardienne de la paix|adjudant|adjudant-chef|sergent|sergent-chef"
          "|caporal|caporal-chef|soldat|matelot|quartier-ma[iî]tre|second-ma[iî]tre|ma[iî]tre-principal"
          "|mar[ée]chal des logis|mar[ée]chal des logis-chef|mar[ée]chal-des-logis|aspirant|sous-lieutenant"
          "|mar[ée]chal-des-logis-chef|lieutenant|lieutenant-colonel|capitaine|commandant|colonel|commissaire"
          "|commissaire divisionnaire|major|gendarme|sapeur|sapeur-pompier|pompier|caporal de pompiers|officier"
          "|inspecteur principal|inspecteur|enqu[êe]teur|enqu[êe]trice|policier|polici[èe]re|m[ée]decin-chef"
          "|chef d['’]escadrons?|chef de bataillon|lieutenant de vaisseau|enseigne de vaisseau|capitaine de corvette"
          "|capitaine de fr[ée]gate|capitaine de vaisseau")
_RANK_THEN_NAME = re.compile(
    rf"(?<![\w'’\-])(?:[lLdD]['’])?(?i:{_RANKS})[ \t]+"
    r"([A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?(?: [A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)?"
    r"|[A-ZÀ-Þ][A-ZÀ-Þ'’\-]{2,}(?: [A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?![\w'’\-])")
# (their first tokens, elision-free and folded: the rule's gate; hyphenated grades are one token)
_RANK_WORDS = frozenset({"brigadier", "brigadier-chef", "gardien", "gardienne", "adjudant", "adjudant-chef", "sergent",
                         "sergent-chef", "caporal", "caporal-chef", "soldat", "matelot", "quartier-maitre",
                         "second-maitre", "maitre-principal", "marechal", "marechal-des-logis",
                         "marechal-des-logis-chef", "aspirant", "sous-lieutenant", "lieutenant", "lieutenant-colonel",
                         "capitaine", "commandant", "colonel", "commissaire", "major", "gendarme", "sapeur",
                         "sapeur-pompier", "pompier", "officier", "inspecteur", "enqueteur", "enquetrice", "policier",
                         "policiere", "medecin-chef", "chef", "enseigne"})
# the people of justice, prisons, social work, sport, schools and workplaces named by their function, in lower case
# or capitalised, before a surname no list may hold: 'le juge Ferrandi', "l'entraîneur Kowalczyk", 'la surveillante
# Kerbrat', 'le patron Dewaele', 'Entraîneur : Stoyanov' (after an article, a possessive or an elision, or as a
# label at a line's start; a grade's checks on the words after it)
_CIVIL_ROLES = ("juge des enfants|juge des tutelles|juge d['’]instruction|juge d['’]application des peines|juge"
                "|greffi[eè]re?|avocate?|surveillante?-chef(?:fe)?|surveillante?|gardien(?:ne)?|entra[iî]neur|entra[iî]neuse"
                "|coach|pr[ée]parateur physique|pr[ée]paratrice physique|moniteur|monitrice|[ée]ducateur sp[ée]cialis[ée]"
                "|[ée]ducatrice sp[ée]cialis[ée]e|[ée]ducateur|[ée]ducatrice|mandataire judiciaire|mandataire"
                "|conseill[eè]re? p[ée]nitentiaire d['’]insertion et de probation|conseill[eè]re? d['’]insertion"
                "|conseill[eè]re? p[ée]nitentiaire d['’]insertion|cpip|drh|directeur|directrice|proviseur|proviseure"
                "|instituteur|institutrice|ma[iî]tresse|chauffeur|chauffeuse|psychiatre|interpr[èe]te|opj|apj"
                "|assistante sociale|assistant social|patron|patronne|chef d['’][ée]quipe"
                "|chef de chantier|contrema[iî]tre|contrema[iî]tresse|tutrice|tuteur|curatrice|curateur|d[ée]l[ée]gu[ée]e?"
                "|m[ée]diateur|m[ée]diatrice|enseignante?|professeure? principale?|arbitre|soigneur|soigneuse"
                "|b[âa]tonni[eè]re?|procureure?|substitute?|pr[ée]sidente?|kin[ée]sith[ée]rapeute|kin[ée]")
# a complement of the function that names no place or body: 'le directeur d'établissement X', "le kiné de l'équipe, X"
_CIVIL_ROLE_COMPLEMENT = (r"(?:[ \t]+(?:de[ \t]+l['’]|de[ \t]+la[ \t]+|d['’]|de[ \t]+|du[ \t]+)(?i:[ée]quipe|[ée]tablissement"
                          r"|service|section|secteur|probation|garde|nuit|jour|d[ée]tention|sport|travail|club|s[ée]lection))?")
_CIVIL_ROLE_THEN_NAME = re.compile(
    rf"(?<![\w'’\-])(?:[lLdD]['’])?(?i:{_CIVIL_ROLES}){_CIVIL_ROLE_COMPLEMENT}(?P<colon>[ \t]*[:,])?[ \t]+"
    r"(?P<particle>(?:Le|La|Van|Von|Da|Dos|Del|El|Al|Ben|Di|De|Du|Mac|van|von|da|dos|del|di)[ \t]+|[NMDO]['’])?"
    r"([A-ZÀ-ÞĀ-ſ][a-zà-ÿĀ-ſ'’]+(?:-[A-ZÀ-ÞĀ-ſ][a-zà-ÿĀ-ſ'’]+)?(?: [A-ZÀ-ÞĀ-ſ][a-zà-ÿĀ-ſ'’]+(?:-[A-ZÀ-ÞĀ-ſ][a-zà-ÿĀ-ſ'’]+)?)?"
    r"|[A-ZÀ-ÞĀ-ſ][A-ZÀ-ÞĀ-ſ'’\-]{2,}(?: [A-ZÀ-ÞĀ-ſ][a-zà-ÿĀ-ſ'’]+)?)(?![\w'’\-])")
_CIVIL_ROLE_WORDS = frozenset({
    "juge", "greffier", "greffiere", "avocat", "avocate", "surveillant", "surveillante", "surveillant-chef",
    "surveillante-chef", "surveillante-cheffe", "gardien", "gardienne", "entraineur", "entraineuse", "coach",
    "preparateur", "preparatrice", "moniteur", "monitrice", "educateur", "educatrice", "mandataire", "conseiller",
    "conseillere", "cpip", "drh", "directeur", "directrice", "proviseur", "proviseure", "instituteur", "institutrice",
    "maitresse", "chauffeur", "chauffeuse", "psychiatre", "interprete", "opj", "apj", "assistante", "assistant",
    "patron", "patronne", "chef", "contremaitre", "contremaitresse", "tutrice", "tuteur",
    "curatrice", "curateur", "delegue", "deleguee", "mediateur", "mediatrice", "enseignant", "enseignante",
    "professeur", "professeure", "arbitre", "soigneur", "soigneuse", "batonnier", "batonniere", "procureur",
    "procureure", "substitut", "substitute", "president", "presidente", "kine", "kinesitherapeute"})
# what may stand right before such a role: an article, a possessive, a preposition's article
_CIVIL_ROLE_BEFORE = re.compile(r"(?:^|[\s(])(?i:le|la|les|un|une|son|sa|ses|leur|leurs|notre|votre|mon|ma|du|au|cet|cette"
                                r"|par|avec)[ \t]+$")
# what precedes a grade that names a street, a barracks or a ship after its holder ('rue du Général X', 'quartier
# Capitaine X' is rare; 'caserne du Colonel X', 'avenue du Maréchal Foch')
_RANK_STREET_BEFORE = re.compile(r"(?:\b(?:du|des|au|aux|Du|Des|Au)|[Cc]aserne|[Qq]uartier|[Rr]ue|[Aa]venue|[Pp]lace"
                                 r"|[Bb]oulevard|[Bb]d|[Qq]uai|[Ll]yc[ée]e|[Cc]oll[èe]ge|[ÉéEe]cole|[Hh][ôo]pital)[ \t]+$")
# what ends a one-word apposition after a function: a comma, a full stop, a semicolon, a bracket, the line's end
_APPOSITION_END = re.compile(r"[ \t]*(?:[,;)]|\.(?!\w)|$)", re.MULTILINE)
# (the articles alone before a lower-case grade name its holder unless a street's word comes just before them)
_ARTICLES_ONLY = frozenset({"du", "des", "au", "aux"})
_STREET_WORD_NEAR = re.compile(r"(?i:rue|avenue|place|boulevard|bd|quai|impasse|all[ée]e|chemin|route|square|caserne"
                               r"|quartier|lyc[ée]e|coll[èe]ge|[ée]cole|h[ôo]pital|stade|pont|parc|cit[ée]|r[ée]sidence)"
                               r"[ \t]+(?:\S+[ \t]+)?$")
_MAIDEN_FIELD = re.compile(r"(?i:nom\s+de\s+naissance|nom\s+de\s+jeune\s+fille|geburtsname|meisjesnaam)\s*:?\s*"
                           r"([A-ZÀ-Þ][\wÀ-ÿ'\-]+(?: [A-ZÀ-Þ][\wÀ-ÿ'\-]+)?)")
# the other surname fields of a form, a colon after the label: their value is a surname even when it is a
# French word ('Nom d'usage : ROSE', 'Nom de naissance : PETIT', 'nom marital: Boulanger')
_NAME_FIELD = re.compile(r"(?<![\w'’])(?i:nom)[ \t]+(?i:de[ \t]+naissance|de[ \t]+jeune[ \t]+fille|d['’][ée]pouse|d['’]usage"
                         r"|marital|usuel|de[ \t]+famille|patronymique)[ \t]*:[ \t]*"
                         r"([A-ZÀ-Þ][\wÀ-ÿ'’\-]+(?:[ \t][A-ZÀ-Þ][\wÀ-ÿ'’\-]+)?)(?=[ \t]*(?:$|[,;/()|]|[ \t]{2}|[ \t]+[a-zà-ÿA-ZÀ-Þ]+[ \t]*:))",
                         re.MULTILINE)
# the same label in running text, no colon, one word then a comma, a semicolon or a bracket: 'nom de famille Lê,'
_NAME_FIELD_NO_COLON = re.compile(r"(?<![\w'’])(?i:nom)[ \t]+(?i:de[ \t]+famille|de[ \t]+naissance|de[ \t]+jeune[ \t]+fille"
                                  r"|d['’]usage|marital)[ \t]+([A-ZÀ-Þ][\wÀ-ÿ'’\-]*)(?=[ \t]*[,;)/])")
# what such a field holds when it names no one
_EMPTY_FIELD_VALUES = frozenset({"non", "neant", "inconnu", "inconnue", "idem", "identique", "nc", "na", "ras",
                                 "aucun", "aucune", "sans", "voir", "cf", "meme", "pas", "nom", "prenom"})
_LOWER_TITLES = frozenset({"dr", "docteur", "dre", "pr", "professeur", "prof"})
# the sender / recipient fields of a forwarded e-mail or a fax cover ('De : Siobhan O'Connell <s.oc@...>',
# 'À : Kerstin Lindqvist; Dr X', 'Cc : ...'): the label opens its line, the names run to the line's end, each
# ended by an address in brackets, a ';' or a ','
_MAIL_FIELD = re.compile(r"[ \t>]*(?:De|From|Von|Van|Expéditeur|Exp\.|À|A|To|Aan|An|Cc|Cci|Bcc|Pour)[ \t]*:[ \t]*"
                         r"([^\n]{2,160})(?=\n|\Z)")
_MAIL_LABEL_LEN = 14  # the longest label and the blanks around it before its colon ('Expéditeur :')
_MAIL_NAME = re.compile(r"[ \t\"'“«]*((?:[A-ZÀ-Þ][\w'’\-]*\.?[ \t]+){0,3}[A-ZÀ-Þ][\w'’\-]*)[ \t\"'”»]*"
                        r"(?:<[^>\n]*>|\[[^\]\n]*\])?[ \t]*(?:[;,][ \t]*|$)")
# words before two lower-case initials and a word that make the three a name ('dicté par j. p. mallet')
_CHAIN_CUES = frozenset({"par", "avec", "dr", "docteur", "pr", "mme", "m", "mr", "cc", "signe", "de", "a"})
_MAIL_PARTICLES = frozenset({"de", "du", "des", "la", "le", "van", "von", "der", "den", "el", "al", "ben", "da", "dos",
                             "di", "del", "o", "mc", "mac", "ter", "ten"})
_TITLE_WORDS_ANY_CASE = _LOWER_TITLES  # a title token in any case: the gate of the lower-case title rule
_LOWER_TITLE_GATE = re.compile(r"(?:dre?|docteur|prof(?:esseur)?)[. ]")  # where every match below starts
# a doctor's title in lower case, a dot, an optional dictated 'point', then a lower-case word
_LOWER_TITLE_NAME = re.compile(r"(?<![\w.])(?:dr|dre|docteur|prof|professeur)\.?(?: point)? ((?:(?:de|du|le|la|van|von|vanden"
                               r"|vander|der|den|ter|ten|da|di|dos|del|el|ben) )?[a-zà-ÿ][a-zà-ÿ'\-]{2,})"
                               r"(?: ([a-zà-ÿ][a-zà-ÿ\-]{2,}))?(?![\w'’])")
# 'dr' is 'droit' after a body part or in an incidence ('genou dr face', 'rein dr')
_DR_NOT_TITLE_BEFORE = re.compile(r"(?:genou|rein|sein|coude|hanche|épaule|epaule|poignet|cheville|pied|main|membre"
                                  r"|poumon|lobe|jambe|bras|cuisse|côté|cote|coupole|hémithorax|hemithorax|ovaire"
                                  r"|testicule|avant-bras|talon|doigt|orteil|rx|incidence|profil|face|mi|ms|mid|mig|msd"
                                  r"|msg|mis|mii|inf|sup|hemi|quadrant|fosse|flanc|hypochondre|aine|creux|lobe)\s+$",
                                  re.IGNORECASE)


@lru_cache(maxsize=8)
def world_names(files: tuple[str, ...] = ("names_world.txt",)) -> frozenset[str]:
    """The folded given names and surnames of ``data/names_world.txt`` (scripts/build_names_world.py)."""
    base = Path(__file__).parent / "data"
    return frozenset(fold(w) for name in files for w in read_list(resolve_path(name, base)))


@lru_cache(maxsize=1)
def _short_family_names() -> frozenset[str]:
    """Two-letter romanised Chinese family names (data/names_world_short_family.txt, Faker zh_CN/zh_TW)."""
    return world_names(("names_world_short_family.txt",))


# French kin words, titles and roles before a lower-case name in notes ('mari stanislas', 'mme kowalczyk')
_LOWER_CUES = frozenset({
    "fils", "fille", "mari", "epoux", "epouse", "femme", "frere", "soeur", "pere", "mere", "papa", "maman", "neveu",
    "niece", "oncle", "tante", "cousin", "cousine", "gendre", "belle-fille", "voisin", "voisine", "ami", "amie",
    "compagnon", "compagne", "conjoint", "conjointe", "petit-fils", "petite-fille", "grand-mere", "grand-pere",
    "tuteur", "tutrice", "aidant", "aidante", "contact", "mme", "madame", "monsieur", "mr", "mlle", "ide",
    "kine", "secretaire", "manip", "infirmiere", "infirmier", "int", "ext", "interne", "externe", "ergo", "psy",
    "cadre", "sage-femme", "brancardier", "brancardiere", "aide-soignante", "aide-soignant",
})
_LOWER_ROLES = frozenset({"ide", "kine", "secretaire", "manip", "infirmiere", "infirmier", "contact", "int", "ext",
                          "interne", "externe", "ergo", "psy", "cadre", "sage-femme", "brancardier", "brancardiere",
                          "aide-soignante", "aide-soignant"})
# after a title or a role an eponym is the person it is named after ('mme lefort', 'kiné: thomas')
_EPONYM_OK_AFTER = frozenset({"mme", "madame", "monsieur", "mr", "mlle"}) | _LOWER_ROLES
# after these a lower-case word no list holds is a name too ('mari stanislas'); after a role only a world name
_KIN_OR_TITLE = _LOWER_CUES - _LOWER_ROLES


def _lower_title_names(text: str) -> list[re.Match[str]]:
    """The matches of _LOWER_TITLE_NAME as its ``finditer`` gives them: every match starts where the gate
    (a lower-case title then a blank or a dot) matches, so the pattern is tried there only (its lookbehind
    still sees the text before)."""
    out: list[re.Match[str]] = []
    last = 0
    for gate in _LOWER_TITLE_GATE.finditer(text):
        if gate.start() >= last:
            m = _LOWER_TITLE_NAME.match(text, gate.start())
            if m:
                out.append(m)
                last = m.end()
    return out


# a maiden name in lower case after 'née' (a hurried message: 'je suis fatima x nee el idrissi'), a particle or not
_LOWER_MAIDEN = re.compile(r"(?<![\w'’])n[ée]e[ \t]+((?:(?:el|le|la|de|du|des|van|von|ben|da|dos|di|al|ait)[ \t])?"
                           r"[a-zà-ÿ][a-zà-ÿ'’\-]{2,})(?![\w'’\-])")
_MAIDEN_WORDS = frozenset({"naissance", "jeune", "geburtsname"})
# care roles and kin words written before a name in notes ('son kiné Achille', 'sa fille Mai Tran-Laurent',
# 'l'assistante sociale Mme X'): the name after them may be a word of the lists (an eponym, a month)
_CARE_CUES = frozenset({
    "kine", "kinesitherapeute", "kinesi", "ide", "infirmier", "infirmiere", "aide-soignant", "aide-soignante",
    "ergotherapeute", "ergo", "orthophoniste", "psychologue", "psychomotricien", "psychomotricienne", "dieteticien",
    "dieteticienne", "manip", "manipulateur", "manipulatrice", "brancardier", "brancardiere",
    "sage-femme", "auxiliaire", "voisin", "voisine", "tuteur", "tutrice", "curateur", "curatrice", "aidant", "aidante",
    "sociale", "social", "coordinatrice", "coordinateur", "educateur", "educatrice", "podologue", "osteopathe",
    "pharmacien", "pharmacienne", "fils", "fille", "mari", "epoux", "epouse", "femme", "frere", "soeur", "pere",
    "mere", "neveu", "niece", "oncle", "tante", "cousin", "cousine", "gendre", "belle-fille", "belle-soeur",
    "beau-frere", "beau-fils", "belle-mere", "beau-pere", "petit-fils", "petite-fille", "compagnon", "compagne",
    "conjoint", "conjointe", "ami", "amie", "grand-mere", "grand-pere", "papa", "maman", "mamie", "papi", "papy",
    # staff of crèches, trials and units ('la puéricultrice, Hinano,', 'le technicien (Teiki)', 'l'ARC Vaimiti')
    "puericultrice", "technicien", "technicienne", "animateur", "animatrice", "arc", "tec", "irc", "ipa",
})
# care roles among those cues (no kin word: 'sa fille Rose' may be a flower's name in a note about a garden)
_CARE_ROLES = frozenset({
    "kine", "kinesitherapeute", "ide", "infirmier", "infirmiere", "aide-soignant", "aide-soignante",
    "ergotherapeute", "orthophoniste", "psychologue", "psychomotricien", "psychomotricienne", "dieteticien",
    "dieteticienne", "manipulateur", "manipulatrice", "brancardier", "brancardiere", "sage-femme", "sociale",
    "social", "educateur", "educatrice", "podologue", "osteopathe", "pharmacien", "pharmacienne", "tuteur",
    "tutrice", "curateur", "curatrice", "puericultrice", "technicien", "technicienne", "animateur", "animatrice",
    "arc", "tec", "irc", "ipa"})
# a determiner before a role in running text ('l'assistante sociale Poisson', 'notre kiné Mouton')
_ROLE_DETERMINERS = frozenset({"le", "la", "l", "notre", "votre", "son", "sa", "leur", "cette", "ce", "un", "une"})
# endings of the nouns of trades and their adjectives ('clinicienne', 'soignant', 'référent')
_ROLE_NOUN_ENDINGS = ("ienne", "iennes", "ien", "iens", "ent", "ente", "eur", "euse", "ier", "iere", "al", "el")
_GRADE_NEXT = re.compile(r"[ \t]+(?:[IVX]{1,4}|[A-D]\d?|\d{1,2}[a-c]?)(?![\w'’])")
# a typist's initials after the word for the typing ('dactylo : ND', 'secr. KL', 'frappé par mlg')
_TYPIST_CUES = frozenset({"dactylo", "dactylographie", "dactylographiee", "secr", "secretariat", "frappe", "frappee",
                          "tape", "tapee", "saisi", "saisie", "transcrit", "transcrite", "transcription"})
# a nickname after its cue ('dit Kéké', 'alias Bébert', 'surnommée « Mimi »')
_NICKNAME_CUES = frozenset({"dit", "dite", "alias", "surnom", "surnomme", "surnommee"})
_SKIPPED_BEFORE_NAME = frozenset({":", ",", "«", "\"", "“", "'", "(", "-", "–"})
_TITLES_BEFORE_NAME = frozenset({"m", "mme", "mlle", "mr", "monsieur", "madame", "mademoiselle", "dr", "docteur"})
_DAYS_MONTHS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier",
                          "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                          "decembre"})
# endings of French clinical nouns the common-word lists may lack ('cardiologie', 'hématome')
_TERM_ENDING = re.compile(r"(?:ome|omes|ite|ites|ose|oses|ie|ies|ement|tion|sion|ure|isme|algie|emie|pathie|logue"
                          r"|ectomie)$")
# an account name: an initial or a first name, a dot, a surname, all in lower case, no domain after
_INITIAL_THEN_LOWER = re.compile(r"\. ([a-zà-ÿ][a-zà-ÿ'\-]{2,})(?![\w'’\-])")
_LOGIN_TAIL = re.compile(r"\.([a-zà-ÿ][a-zà-ÿ\-]{3,20})(?![\w@.'’\-])")
_LOGIN_HEAD = re.compile(r"[a-zà-ÿ]{1,12}$")
# a title and a first name ending a line, the next line led by a surname (a particle allowed)
_TITLE_FIRST_EOL = re.compile(
    r"(?:Dr|Pr|Mme|M\.|Docteur|Madame|Monsieur|Professeur)\.? ([A-ZÀ-Þ][a-zà-ÿ'\-]+)[ \t]*\r?\n[ \t]*"
    r"((?:(?:Le|La|De|Du|Des|Van|Von|Der|Den|Ben|El|Da|Dos|Di|Mac|Ter|Vande|Vanden|Vander) )?[A-ZÀ-Þ][\w'\-]+)"
    r"(?=[ \t]*(?:[,.;:(\n]|$))")
# titles (and the 'r' of an OCR-split 'D r') before a name split after its first letter ('D r M ichaux')
# a title (or 'D r') then either a capital letter alone and a lower-case fragment ('D r M ichaux'), or a
# word ending the line ('Dr Maïwenn\n'): one scan, led by the title's capital, for both rules
_TITLE_THEN_NAME = re.compile(r"(?:D ?r|Pr|Mme|Mr|M|Docteur|Madame|Monsieur|Professeur)\.?[ \t]{1,3}"
                              r"(?:(?P<ocr>[A-ZÀ-Þ][ \t]{1,3}[a-zà-ÿ]{3})|[A-ZÀ-Þ][a-zà-ÿ'\-]+[ \t]*\r?\n)")
_OCR_TITLES = frozenset({"dr", "r", "pr", "mme", "m", "mr", "docteur"})
# a sure title, a first word (a name, or initials such as 'J-M.') and a second capitalised word closing the name
# ('Dr Lis Hansen,', 'Dr Urs Baumann.', 'Dr Jacques-Henri Palmier, BP', 'Dr Tuan Vu, médecin'): the core rule
# stops after the first word when it is no known first name or when the second is a list word; the name is
# whole when the second word closes it (punctuation, a dash or the line's end after it)
_TITLE_TWO_WORDS = re.compile(
    r"(?:Dr|Dre|Pr|Docteur|Docteure|Professeur|Professeure|Mme|Madame|Mlle|Monsieur|M)\.?[ \t]+"
    r"(?P<first>[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?|[A-Z]\.?-[A-Z]\.)[ \t]+"
    r"(?P<last>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?)(?=[ \t]*(?:[,;.)(]|[ \t]-[ \t]|[ \t]–|\r?\n|$))")
_TITLE_TWO_GATE = frozenset({"dr", "dre", "pr", "docteur", "docteure", "professeur", "professeure", "mme", "madame",
                             "mlle", "monsieur", "m", "m."})
# the last line of a message or a note signed by a first name alone ('...On revoit à 1 an.\\nClaire'), or a
# line led by a first name then a secretary's role ('Sandrine - secrétariat Dr Mallet')
_SIGNED_LAST_LINE = re.compile(r"\n[ \t]*([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t.]*\s*\Z")
_NAME_THEN_DESK = re.compile(r"(?m)^[ \t]*([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t]*[-–,/][ \t]*"
                             r"(?:secr[ée]tariat|secr[ée]taire|secr\.|accueil|standard|assistante?|IDE|infirmi[eè]re?)\b")
# a line of a message thread led by its writer's first name and a dash ('Sandrine – SMS 19h02 : ...'), a first
# name that is no French word (a heading such as 'Rose - ...' stays)
_LINE_NAME_THEN_DASH = re.compile(r"\n[ \t]*([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t]+[-–—][ \t]+(?=\S)")
_NAME_THEN_DASH = re.compile(r"[ \t]*([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)[ \t]+[-–—][ \t]+(?=\S)")
_DESK_WORDS = frozenset({"secretariat", "secretaire", "secr", "accueil", "standard", "assistante", "assistant", "ide",
                         "infirmiere", "infirmier"})
# the words of every gate of PersonsExtraAnnotator.annotate, on bare tokens and on folded tokens
# a plural kin noun then a list of given names: 'ses deux enfants, Léo (8 ans) et Jade (5 ans)', 'des jumelles,
# Inès et Lina'; each name may carry its age or a word in brackets
_KIN_PLURALS = frozenset({"enfants", "jumeaux", "jumelles", "triples", "fils", "filles", "petits-enfants",
                          "petits-fils", "petites-filles", "freres", "soeurs", "garcons", "neveux", "nieces",
                          "cousins", "cousines", "parents", "amis", "amies", "grands-parents", "copains", "copines"})
_LIST_NAME = r"[A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?"
_LIST_ITEM = rf"({_LIST_NAME})(?:[ \t]*\([^()\n]{{1,24}}\))?"
_KIN_LIST = re.compile(
    r"(?i:enfants|jumeaux|jumelles|tripl[ée]s|fils|filles|petits-enfants|petits-fils|petites-filles|fr[èe]res"
    r"|s[œo]eurs|gar[çc]ons|neveux|ni[èe]ces|cousins|cousines|parents|amis|amies|grands-parents|copains|copines)"
    rf"(?:[ \t]*\([^()\n]{{1,24}}\))?[ \t]*(?P<sep>[,:(]?)[ \t]*{_LIST_ITEM}((?:[ \t]*(?:,|et)[ \t]*{_LIST_ITEM})+)")
_LIST_ITEMS = re.compile(_LIST_ITEM)
# a Portuguese given name with its particle: 'Maria do Céu', 'Maria da Conceição', 'Ana dos Anjos'
_PT_PARTICLES = frozenset({"do", "da", "dos", "das"})
_PT_PARTICLE = re.compile(r"(?<![\w'’-])([A-ZÀ-Þ][a-zà-ÿ]+) (do|da|dos|das) ([A-ZÀ-Þ][a-zà-ÿ]+)(?![\w'’-])")
# an account name glued to its initial after a locking or signing cue: 'Verrouillé par : lmercier'
# Arabic, Berber and Moorish patronymic chains: given names linked by 'son/daughter of' words ('Amel bent Habib Ben
# Slimane', 'Rahma mint Sidi Ould Sidi', 'Hamid Aït Ouarab'): one name, where the core rules stop at the link word
_PATRONYM_LINKS = frozenset({"bent", "bint", "mint", "ould", "ibn", "bin", "ben", "ait", "wuld"})
_SURE_LINKS = frozenset({"bent", "bint", "mint", "ould", "ibn", "wuld"})  # never a French or English word
_CHAIN_NAME = r"(?:[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|[A-ZÀ-Þ]{2,}(?:-[A-ZÀ-Þ]{2,})?)"
_CHAIN_LINK = (r"(?:[Bb]ent|BENT|[Bb]int|BINT|[Mm]int|MINT|[Oo]uld|OULD|[Ii]bn|IBN|[Bb]in|BIN|[Bb]en|BEN|[Aa][iï]t|A[IÏ]T"
               r"|[Ww]uld|WULD)")
_PATRONYM_CHAIN = re.compile(
    rf"(?<![\w'’\-]){_CHAIN_NAME}(?:[ \t]+{_CHAIN_LINK}[ \t]+{_CHAIN_NAME})+"
    rf"(?:[ \t]+(?!{_CHAIN_LINK}[ \t])(?!{_CHAIN_LINK}$){_CHAIN_NAME})?(?![\w'’\-])")
_CHAIN_WORD = re.compile(r"[^\W\d_][\w'’]*")
_GLUED_LOGIN = re.compile(
    r"(?:(?i:verrouill[ée]e?|valid[ée]e?|sign[ée]e?|saisie?|modifi[ée]e?|dict[ée]e?|transcrite?|r[ée]dig[ée]e?"
    r"|cr[ée][ée]e?|envoy[ée]e?)[ \t]+(?i:par)[ \t]*:?[ \t]*"
    r"|(?i:utilisateur|user|login|op[ée]rateur|opératrice|operatrice|compte)[ \t]*:[ \t]*"
    r")([a-z][a-zà-ÿ]{4,21})(?![\w@.'’\-])")
# a two-letter Chinese family name then a given name: 'Li Wei', 'XU Ming' (data/names_world_short_family.txt)
_SHORT_FAMILY_THEN_GIVEN = re.compile(r"(?<![\w'’-])([A-Z][a-z]|[A-Z]{2}) ([A-Z][A-Za-z]{2,}(?:-[A-Za-z]+)?)(?![\w'’-])")
# a note or a message led by its writer's two initials and a dash: 'jp - mardi 14h : ...', 'JB — c'est bien ...'
# (led by the newline before the line, a literal the scan skips to; the text's first line matched at its start)
_LINE_INITIALS = re.compile(r"\n[ \t>]*([a-z]{2}|[A-Z]{2})[ \t]+[-–—][ \t]+(?=\S)")
_FIRST_LINE_INITIALS = re.compile(r"[ \t>]*([a-z]{2}|[A-Z]{2})[ \t]+[-–—][ \t]+(?=\S)")
# ... or closing it: 'fait le 5/05 - KL', 'rappel ok — jpm' (a dash, two or three initials, the line's end)
# the short words of notes and messages that close a line as initials would: no one's initials
_NOTE_WORDS = frozenset({"ok", "ko", "nb", "ps", "pj", "cr", "vu", "ras", "etc", "cf", "svp", "stp", "tel", "fax", "rdv",
                         "mdr", "lol", "bcp", "pdt", "tt", "ttt", "non", "oui", "fin", "nan", "ci", "ca"})
# (led by the dash, a character class the scan skips to; the word and blanks before it are checked after)
_LINE_END_INITIALS = re.compile(r"(?m)[-–—][ \t]+([a-z]{2,3}|[A-Z]{2,3})[ \t.]*$")
# the header cells of an export's name columns ('NOM;PRENOM;...;PRESCRIPTEUR', '| Patient | ...', 'NOM_PAT'):
# each row's cell under one of them is a person's name
_NAME_COLUMNS = frozenset({"nom", "prenom", "prenoms", "patient", "patiente", "medecin", "prescripteur",
                           "prescriptrice", "radiologue", "manipulateur", "manipulatrice", "manip", "operateur",
                           "operatrice", "demandeur", "correspondant", "interpretant", "valideur", "signataire",
                           "referent", "redacteur", "nom_naissance", "nom_usage", "nom_jf", "nom_marital"})
_NAME_COLUMN_PARTS = frozenset({"nom", "prenom", "medecin", "prescripteur", "radiologue", "manip", "manipulateur",
                                "operateur", "patient", "praticien"})
_HEADER_WORDS = frozenset({"nom", "prenom", "prenoms", "patient", "patiente", "medecin", "prescripteur", "radiologue",
                           "manipulateur", "manip", "operateur", "nom_pat", "nom_patient", "prenom_patient",
                           # exports of English, Dutch and German systems (RIS/PACS worklists, spreadsheets)
                           "name", "surname", "lastname", "firstname", "physician", "radiologist", "technologist",
                           "operator", "naam", "voornaam", "achternaam", "arts", "vorname", "nachname", "arzt"})
# header cells of those systems naming a person column ('Last Name', 'Referring Physician', 'Voornaam', 'Arzt')
_FOREIGN_NAME_COLUMNS = frozenset({
    "name", "last_name", "lastname", "surname", "family_name", "first_name", "firstname", "given_name", "forename",
    "patient_name", "patientname", "physician", "referring_physician", "ordering_physician", "requesting_physician",
    "referring", "radiologist", "reading_radiologist", "reporting_radiologist", "technologist", "operator",
    "performing_physician", "naam", "voornaam", "achternaam", "familienaam", "arts", "aanvrager", "verwijzer",
    "aanvragende_arts", "verwijzende_arts", "vorname", "nachname", "familienname", "arzt", "zuweiser"})
# a header cell naming a name column, a delimiter right after it (a line start or a delimiter before)
_HEADER_CELL = re.compile(r"(?i)(?<![^\n;,|\t\"])[ \t]*\"?(?:nom|pr[ée]nom|m[ée]decin|prescri|radiolog|patient|manip"
                          r"|op[ée]rat|last|first|given|family|surname|name|referring|ordering|physician|technolog"
                          r"|naam|voornaam|achternaam|familienaam|arts|vorname|nachname|arzt|utilisat|user|auteur|author"
                          r"|ex[ée]cutant|technici|destinataire|demandeur|correspondant|valideur|signataire)[\w ]*\"?"
                          r"[ \t]*(?:[;,|\t]|\r?$)")
# a line ``_HEADER_CELL`` matches, found in the whole text at once (its cell's word after a line start or a
# delimiter, its end at a delimiter or the line's end; led by that character: a fast scan): no header line
# anywhere when neither finds one, so ``_name_columns`` stops before its folded-text scans
_HEADER_ALTERNATION = _HEADER_CELL.pattern[_HEADER_CELL.pattern.index("(?:nom"):_HEADER_CELL.pattern.index(")[\\w ]*") + 1]
_HEADER_CELL_TAIL = r'[\w ]*+"?[ \t]*(?:[;,|\t]|\r?(?=\n|\Z))'  # (possessive: '[\w ]*' gives back nothing useful)
# (searched in the folded text, in lower case without accents: a superset of the lines, each checked after)
_HEADER_CELL_INSIDE = re.compile(r'[\n;,|\t"][ \t]*"?' + _HEADER_ALTERNATION.replace("[ée]", "e") + _HEADER_CELL_TAIL)
_HEADER_CELL_FIRST = re.compile(r'[ \t]*"?' + _HEADER_ALTERNATION.replace("[ée]", "e") + _HEADER_CELL_TAIL)
# its necessary part in the folded text (the words folded, case and accents gone): ``_name_columns``' gate
_HEADER_GATE_WORDS = (r'(?:nom|prenom|medecin|prescri|radiolog|patient|manip|operat|name|physician|technolog|naam|arts'
                      r'|arzt|utilisat|user|auteur|author|executant|technici|destinataire|demandeur|correspondant'
                      r'|valideur|signataire)')
# a cell then a delimiter; and a line's last cell (a delimiter before it, checked after the word-led scan)
_HEADER_CELL_GATE = re.compile(rf'{_HEADER_GATE_WORDS}[\w ]*"?[ \t]*[;,|\t]')
_LAST_HEADER_CELL_GATE = re.compile(rf'{_HEADER_GATE_WORDS}\w*"?[ \t]*\r?$', re.MULTILINE)
_CELL_DELIMITERS = (";", "\t", "|", ",")
_CELL_TITLE = re.compile(r"^(?:(?:DR|Dr|PR|Pr|Docteur|M|MME|Mme|MR)\.?[ \t]+)")
_GLUED_LOGIN_GATE = frozenset({"verrouille", "verrouillee", "valide", "validee", "signe", "signee", "saisi", "saisie",
                               "modifie", "modifiee", "dicte", "dictee", "transcrit", "transcrite", "redige",
                               "redigee", "cree", "creee", "envoye", "envoyee", "utilisateur", "user", "login",
                               "operateur", "operatrice", "compte"})



@lru_cache(maxsize=1)
def _dicom_pn() -> tuple[frozenset[str], re.Pattern[str] | None]:
    """(folded keywords, pattern) of the DICOM attributes of VR PN (data/names_dicom_pn.txt): the keyword, a
    ':' or '=' or a column gap, then its value up to the line's end, a tab or a gap ('OperatorsName: LECLERCQ M',
    'PerformingPhysicianName   Dupont Anne')."""
    keywords = read_list(resolve_path("names_dicom_pn.txt", Path(__file__).parent / "data"))
    if not keywords:
        return frozenset(), None
    alternation = "|".join(sorted(map(re.escape, keywords), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w])(?P<kw>{alternation})(?:[ \t]*[:=][ \t]*|[ \t]{{2,}})\[?"
                         r"(?P<val>[^\W\d_][^\n\t\[\]|;=:\d]*?)\]?[ \t]*(?=\n|\t|\r|$| {2,}|[|;#])")
    return frozenset(fold(k) for k in keywords), pattern


# a dcmdump line of a PN element: '(0008,1050) PN [LECLERCQ^MARC]   #  12, 1 PerformingPhysicianName'
_DCMDUMP_PN = re.compile(r"\([0-9A-Fa-f]{4},[0-9A-Fa-f]{4}\)[ \t]+PN[ \t]+\[(?P<val>[^\]\n\d]+)\]")
_PATIENT_PN = frozenset({"patientname", "otherpatientnames", "patientbirthname"})
_EMPTY_PN = frozenset({"anonymous", "anonymized", "anonymise", "anonyme", "inconnu", "unknown", "none", "null", "na",
                       "x", "xx", "xxx", "test"})

_BARE_GATES = _LOWER_CUES | _ROLE_WORDS | _CARE_CUES | _TYPIST_CUES | _NICKNAME_CUES
_FOLDED_GATES = _FOREIGN_KIN | _MAIDEN_WORDS | _TITLE_WORDS_ANY_CASE


# the name of a thing, not of a person: 'Nom de l'examen', 'Nom établissement', 'Patient ID' is no name column
_THING_HEAD_PARTS = frozenset({"examen", "exam", "etablissement", "service", "station", "institution", "etude", "study",
                               "protocole", "protocol", "fichier", "file", "modalite", "appareil", "produit", "site",
                               "medicament", "hopital", "unite", "id", "ipp", "code", "numero", "no", "type"})
# where a fixed-width header may be, in the folded text: a name column's word, two blanks, the next cell
_FIXED_HEADER_GATE = re.compile(r"(?:nom|prenom|name|naam|patient|medecin|prescri|radiolog|physician|technolog|arts|arzt"
                                r"|operat|manip|surname|voornaam|vorname|nachname)[\w']*(?: [\w']+){0,3}  +\S")
# a cell of a fixed-width header or row: words one blank apart, cells two or more blanks apart
_FIXED_CELL = re.compile(r"\S+(?: \S+)*")


def _word_then_blanks_before(text: str, at: int) -> bool:
    """Whether blanks (spaces, tabs), and a non-space character before them, come right before ``at``."""
    j = at
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return 0 < j < at and not text[j - 1].isspace()


def _is_name_head(head: str) -> bool:
    """Whether an export's header cell (folded, blanks and dashes as '_') names a person column: 'NOM', 'Prénom
    patient', 'MEDECIN_DEMANDEUR', 'Last Name', 'Voornaam', 'Utilisateur', 'Exécutant'."""
    return head in _NAME_COLUMNS or head in _FOREIGN_NAME_COLUMNS or bool(head) and (
        head.split("_")[0] in _NAME_COLUMN_PARTS or head.split("_")[0] in FIELD_LABELS) and not any(
        ch.isdigit() for ch in head) and _THING_HEAD_PARTS.isdisjoint(head.split("_"))


def _is_identity_head(head: str) -> bool:
    """A header cell naming an identity column ('NOM', 'PRENOM', 'last_name', 'Nom de naissance'): an ordinary
    word in capitals under it is a name ('PETIT', 'MARCHAND')."""
    return bool(head) and all(p in IDENTITY_LABELS or p in ("de", "d", "du", "naissance", "usage", "jeune", "fille",
                                                             "marital", "famille", "patient", "pat", "jf")
                              for p in head.split("_")) and any(p in IDENTITY_LABELS for p in head.split("_"))


def _cell_name(cell: str, offset: int, lk: Lookups, patient_words: frozenset[str], tag: str) -> Candidate | None:
    """The name a cell under a name column holds (its title left out: 'DR LAMOTTE'), as a candidate at the text's
    offsets; none for a cell with a digit, or one word that is a common, function or medical word only."""
    value = cell.strip().strip('"').strip()
    title = _CELL_TITLE.match(value)
    if title:
        value = value[title.end():]
    words = re.findall(r"[^\W\d_]+", value)
    if not words or any(ch.isdigit() for ch in value) or len(words) == 1 and (
            lk.is_common(words[0]) and not lk.is_name_like(words[0]) or fold(words[0]) in lk.function_words
            or fold(words[0]) in lk.medical):
        return None
    a = offset + cell.index(value)
    return (a, a + len(value), "PATIENT" if patient_words and all(fold(w) in patient_words for w in words) else tag)


def _column_name(cell: str, offset: int, lk: Lookups, patient_words: frozenset[str], tag: str,
                 identity: bool) -> Candidate | None:
    """``_cell_name``, or else the value read as a labelled field's (``persons_fields.name_value``): an ordinary
    word in capitals under a name column is a name ('MARCHAND', 'PETIT M.')."""
    found = _cell_name(cell, offset, lk, patient_words, tag)
    if found is not None or any(ch.isdigit() for ch in cell):
        return found
    value = cell.strip().strip('"').strip()
    if not value:
        return None
    a = offset + cell.index(value)
    found = name_value(value, a, lk, identity, tag)
    if found is None or found[1] - found[0] < len(value) - 1:
        return None  # (the whole cell, or it is no name)
    words = re.findall(r"[^\W\d_]+", text_of(value, found, a))
    return (found[0], found[1], "PATIENT" if patient_words and all(fold(w) in patient_words for w in words) else tag)


def text_of(value: str, span: Candidate, offset: int) -> str:
    """The part of ``value`` (which starts at ``offset``) that ``span`` covers."""
    return value[span[0] - offset:span[1] - offset]


class PersonsExtraAnnotator(Annotator):
    """Caret names, capital surname + initial, names after German/Dutch kin words, unknown lower-case
    names after a lower-case doctor's title, world names in lower case after a kin word, title or role
    (see the module docstring)."""

    def __init__(self, tag: str = "PERSON", names: list[str] | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.names = world_names(tuple(names if names is not None else ["names_world.txt"]))

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        # one pass over the tokens for every word gate below (instead of one list scan per gate)
        bare_hits = ctx.bare_set.intersection(_BARE_GATES)  # (the same sets, from the distinct tokens)
        folded_hits = ctx.folded_set.intersection(_FOLDED_GATES)
        if not _LOWER_CUES.isdisjoint(bare_hits):
            out.extend(self._lower_after_cue(ctx))
        if "^" in text:
            patient_words = _patient_words(ctx)
            for m in _CARET_NAME.finditer(text):
                if _GLUED_LABEL.search(text, max(0, m.start() - 12), m.start()):
                    out.append((m.start(), m.end(), self.tag))  # 'PN:VERSTRAETEN^LIEVEN': a compact export, one value
                else:
                    parts = _caret_components(m)
                    if patient_words and all(
                            set(fold(w) for w in re.findall(r"[^\W\d_]+", text[a:b])) <= patient_words for a, b, _ in parts):
                        parts = [(a, b, "PATIENT") for a, b, _ in parts]  # 'ROCHE^BAPTISTE' for patient Baptiste Roche
                    out.extend(parts)
            for m in _XCN_NAME.finditer(text):
                parts = m.group(1).split("^")
                if parts[0] not in ("DR", "PR", "MD") and not lk.is_common(parts[0]) or lk.is_name_like(parts[0]) or (
                        fold(parts[1]) in lk.first_names):
                    at = m.start(1)
                    for part in parts:  # each component is a field of its own (not the title components after)
                        out.append((at, at + len(part), self.tag))
                        at += len(part) + 1
        out.extend(self._spelt_names(ctx))
        for m in _caps_initials(text):
            words = re.findall(r"[^\W\d_]+", m.group(1))
            if any(_ROMAN.fullmatch(w) for w in words):
                continue  # 'TASC II B.', 'Garden III A.': a classification's grade
            if all(_unknown_or_name(w, lk) and fold(w) not in _LEADING_KIN for w in words) and not any(
                    (fold(w),) in lk.cities and not lk.is_name_like(w) for w in words):
                out.append((m.start(), m.end(), self.tag))
        if not _FOREIGN_KIN.isdisjoint(folded_hits):
            out.extend(self._after_foreign_kin(ctx))
        if ":" in text:
            out.extend(self._kin_labels(ctx))
        out.extend(self._short_kin_names(ctx))
        for m in _ROLE_THEN_NAME.finditer(text) if not _ROLE_WORDS.isdisjoint(bare_hits) else ():
            words = m.group(1).split()
            role = m.group().split()[0].rstrip(".")
            # 'Inf.', 'AS': a known first name only; a police officer's acronym is no other word ('OPJ Lemarchand')
            short_role = len(role) <= 5 and role not in ("OPJ", "APJ")
            if (lk.is_name_like(words[0]) or not short_role) and all(_unknown_or_name(w, lk) for w in words):
                out.append((m.start(1), m.end(1), self.tag))  # 'Inf. Sabine', 'Polizeiinspektor Jost'
        if not _RANK_WORDS.isdisjoint(ctx.bare_set):
            out.extend(self._ranked_names(ctx))
        if not _CIVIL_ROLE_WORDS.isdisjoint(ctx.bare_set):
            out.extend(self._civil_role_names(ctx))
        if "nee" in ctx.folded_set:
            for m in _LOWER_MAIDEN.finditer(text):
                last = m.group(1).split()[-1]
                if last.lower() == last and (_unknown_lower(last, lk) or fold(last) in lk.surnames and not (
                        lk.is_common(last))) and fold(last) not in lk.medical:
                    out.append((m.start(1), m.end(1), self._field_tag(ctx, m)))  # 'je suis X nee el idrissi'
        if not _MAIDEN_WORDS.isdisjoint(folded_hits):
            for m in _MAIDEN_FIELD.finditer(text):
                if all(_unknown_or_name(w, lk) for w in re.findall(r"[^\W\d_]+", m.group(1))):
                    out.append((m.start(1), m.end(1), self._field_tag(ctx, m)))  # 'Nom de naissance : Öztürk'
        if "nom" in ctx.folded_set:
            for m in _NAME_FIELD_NO_COLON.finditer(text):
                w = fold(m.group(1))  # (an accent tells a name from a function word: 'Lê', not 'le')
                if w not in _EMPTY_FIELD_VALUES and m.group(1).lower() not in lk.function_words and w not in lk.medical:
                    out.append((m.start(1), m.end(1), self._field_tag(ctx, m)))  # '(nom de famille Lê, prénom X)'
            for m in _NAME_FIELD.finditer(text):
                words = re.findall(r"[^\W\d_]+", m.group(1))
                if not any(fold(w) in _EMPTY_FIELD_VALUES or fold(w) in lk.function_words for w in words):
                    out.append((m.start(1), m.end(1), self._field_tag(ctx, m)))  # 'Nom d'usage : ROSE'
        if not _TITLE_WORDS_ANY_CASE.isdisjoint(folded_hits):
            out.extend(self._lower_titles(ctx))
        if not _CARE_CUES.isdisjoint(bare_hits):
            out.extend(self._after_care_cue(ctx))
        if not _TYPIST_CUES.isdisjoint(bare_hits):
            out.extend(self._typist_initials(ctx))
        if not _NICKNAME_CUES.isdisjoint(bare_hits):
            out.extend(self._nicknames(ctx))
        ocr_ends: list[int] = []
        eol_starts: list[int] = []
        for m in _TITLE_THEN_NAME.finditer(text):  # one scan for the two rules below, led by the title
            (ocr_ends if m.group("ocr") else eol_starts).append(m.end() if m.group("ocr") else m.start())
        if ocr_ends:
            out.extend(self._ocr_split_names(ctx, ocr_ends))
        if eol_starts:
            out.extend(self._surname_on_next_line(ctx, eol_starts))
        if "." in text:
            out.extend(self._login_names(ctx))
            out.extend(self._lower_initial_names(ctx))
        if ":" in text:
            out.extend(self._mail_fields(ctx))
        out.extend(self._caps_name_lines(ctx))
        out.extend(labelled_names(ctx, self.tag))  # 'Exécutant : GAILLARD', '<Nom>BLANC</Nom>' (persons_fields.py)
        out.extend(message_names(ctx, self.tag))  # 'Flo : ...', 'Thomas, tu peux ?', '@jdurand' (persons_messages.py)
        out.extend(cue_names(ctx, self.tag))  # 'G. Tessier' signing, 'bébé Awa', 'Équipe : Jeanne, Olivier' (persons_cues.py)
        if not _KIN_PLURALS.isdisjoint(ctx.bare_set):
            out.extend(self._kin_lists(ctx))
        if not _PT_PARTICLES.isdisjoint(ctx.bare_set):
            out.extend(self._portuguese_given_names(ctx))
        if not _PATRONYM_LINKS.isdisjoint(ctx.folded_set) and any(  # (a link between two capitalised words)
                0 < i < len(ctx.tokens) - 1 and ctx.tokens[i - 1].text[:1].isupper() and ctx.tokens[i + 1].text[:1].isupper()
                for i in ctx.indices(_PATRONYM_LINKS)):
            out.extend(self._patronymic_chains(ctx))
        if not _GLUED_LOGIN_GATE.isdisjoint(ctx.bare_set):
            out.extend(self._glued_logins(ctx))  # (the cue words, elided or not, in the bare forms)
        if " - " in text or "—" in text or "–" in text:
            out.extend(self._line_initials(ctx))
        if not _HEADER_WORDS.isdisjoint(ctx.bare_set) or not FIELD_LABELS.isdisjoint(ctx.bare_set):
            if ";" in text or "|" in text or "\t" in text or "," in text:
                out.extend(self._name_columns(ctx))
            if "  " in text:
                out.extend(self._fixed_width_columns(ctx))
        if not _short_family_names().isdisjoint(ctx.bare_set):
            out.extend(self._short_family_then_given(ctx))
        if not _TITLE_TWO_GATE.isdisjoint(ctx.folded_set):
            out.extend(self._titled_two_words(ctx))
        out.extend(self._signed_lines(ctx))
        if not _BIRTH_WORDS.isdisjoint(ctx.folded_set) or _AGED_GATE.search(text):
            out.extend(self._aged_names(ctx))
        if ctx.caps:
            out.extend(self._caps_surname_then_given(ctx))
            if ";" in text or "|" in text:
                out.extend(self._caps_surname_initial_cells(ctx))
        pn_keywords, pn_pattern = _dicom_pn()
        if pn_pattern is not None and not pn_keywords.isdisjoint(ctx.folded_set):
            out.extend(self._dicom_person_names(ctx, pn_pattern))
        if "pn" in ctx.folded_set and "[" in text:
            out.extend(self._dicom_person_names(ctx, _DCMDUMP_PN))
        if ", MD" in text or ", M.D." in text:
            out.extend((m.start(1), m.end(1), self.tag) for m in _NAME_COMMA_MD.finditer(text)
                       if all(_unknown_or_name(w, lk) for w in m.group(1).split()))
        return out

    def _dicom_person_names(self, ctx: Context, pattern: re.Pattern[str]) -> list[Candidate]:
        """The value of a DICOM person-name attribute in an export ('OperatorsName: LECLERCQ M', a dcmdump 'PN'
        line): a name whatever its case, a French word or a truncated one ('ROSE', 'ABDELKAD'). Caret values are
        the caret rule's; a placeholder ('ANONYMOUS') or a value with a digit is none. PATIENT for the patient's
        own name attributes."""
        out: list[Candidate] = []
        text = ctx.text
        for m in pattern.finditer(text):
            value = m.group("val").rstrip(" ,.")
            if "^" in value or not value:
                continue
            words = [fold(w) for w in re.findall(r"[^\W\d_]+", value)]
            if not words or all(w in _EMPTY_PN for w in words):
                continue
            kw = m.groupdict().get("kw")
            tag = "PATIENT" if kw is not None and fold(kw) in _PATIENT_PN else self.tag
            a = m.start("val")
            out.append((a, a + len(value), tag))
        return out

    def _kin_lists(self, ctx: Context) -> list[Candidate]:
        """'ses deux enfants, Léo (8 ans) et Jade (5 ans)', 'des jumelles, Inès et Lina': a plural kin noun, then
        two or more capitalised words joined by commas and 'et' (each may carry its age in brackets). The list
        is of people when one of its words at least is a known or world given name and none is a town, a
        month, a medical or a function word; then each is a name, an ordinary word too ('Jade', 'Rose')."""
        out: list[Candidate] = []
        lk = ctx.lookups
        text = ctx.text
        for i in ctx.indices(_KIN_PLURALS, bare=True):
            m = _KIN_LIST.match(text, ctx.tokens[i].start)
            if m is None:
                continue
            items = [(m.start(2), m.end(2))] + [(x.start(1), x.end(1)) for x in _LIST_ITEMS.finditer(
                ctx.text, m.start(3), m.end(3))]
            words = [fold(ctx.text[a:b]) for a, b in items]
            if any(w in lk.medical or w in lk.function_words or w in _DAYS_MONTHS or (w,) in lk.cities
                   or w in ORGANISATION_WORDS for w in words):
                continue
            if not any(all(p in lk.first_names or p in self.names for p in w.split("-")) for w in words) and not (
                    m.group("sep") and all(_unknown_lower(ctx.text[a:b], lk) for a, b in items)):
                continue  # (names no list holds after an explicit list: 'Parents (Hinano et Teiki Tama)', 'Frères : X et Y')
            out.extend((a, b, self.tag) for a, b in items)
        return out

    def _patronymic_chains(self, ctx: Context) -> list[Candidate]:
        """'Amel bent Habib Ben Slimane', 'Rahma mint Sidi Ould Sidi', 'Hamid Aït Ouarab': capitalised names joined
        by a 'son/daughter of' word are one name. A link that is no word of French or English ('bent', 'mint',
        'ould', 'ibn') is enough (a town's name before it is a given name: 'Amel'); 'ben', 'bin', 'aït' also need a
        known or world name among the words and no town nor common word that no list holds as a name ('Service Ben
        ...', 'Aït Ben Haddou'). No word may be a function or medical word."""
        lk, text = ctx.lookups, ctx.text
        out: list[Candidate] = []
        patient_words = _patient_words(ctx)
        for m in _PATRONYM_CHAIN.finditer(text):
            words = _CHAIN_WORD.findall(m.group())
            folded = [fold(w) for w in words]
            names = [f for f in folded if f not in _PATRONYM_LINKS]
            pairs = [(f, w) for f, w in zip(folded, words) if f not in _PATRONYM_LINKS]
            if any(f in lk.function_words or f in lk.medical for f, _ in pairs):
                continue
            if _SURE_LINKS.isdisjoint(folded) and (  # 'ben', 'bin', 'aït': words of other kinds, a known name
                    any((f,) in lk.cities and not lk.is_name_like(w) or lk.is_common(w) and not lk.is_name_like(w)
                        and f not in self.names for f, w in pairs)
                    or not any(f in lk.first_names or f in self.names or lk.is_name_like(w) for f, w in pairs)):
                continue
            tag = "PATIENT" if patient_words and set(names) <= patient_words else self.tag
            out.append((m.start(), m.end(), tag))
        return out

    def _portuguese_given_names(self, ctx: Context) -> list[Candidate]:
        """'Maria do Céu', 'Maria da Conceição PEREIRA': a known given name, a Portuguese particle ('do', 'da',
        'dos', 'das') and a capitalised word are one given name (the core rules stop at the particle)."""
        lk, toks, text = ctx.lookups, ctx.tokens, ctx.text
        found = (_PT_PARTICLE.match(text, toks[i - 1].start) for i in ctx.indices(_PT_PARTICLES, bare=True) if i)
        return [(m.start(), m.end(), self.tag) for m in found
                if m and fold(m.group(1)) in lk.first_names and fold(m.group(3)) not in lk.function_words
                and fold(m.group(3)) not in lk.medical and (fold(m.group(3)),) not in lk.cities]

    def _name_columns(self, ctx: Context) -> list[Candidate]:
        """An export's rows under a header naming its columns ('IPP;NOM;PRENOM;DDN;...;PRESCRIPTEUR', a '|' table
        with a 'Patient' column, fixed-width 'NOM_PAT ;PRENOM'): each row's cell under a name column is a name,
        truncated or an ordinary word too ('VAN DE VELD', 'ROSE'); a title in the cell ('DR LAMOTTE') stays out.
        Rows are the lines after the header with as many cells; a cell with a digit or a common word alone is
        no name."""
        out: list[Candidate] = []
        lk, text = ctx.lookups, ctx.text
        header_at = self._header_lines(text, ctx.folded_text)
        if not header_at:
            return out
        patient_words = _patient_words(ctx)
        lines = text.split("\n")
        k = 0
        starts = line_starts(lines)
        header_lines = {bisect.bisect_right(starts, a) - 1 for a in header_at}
        while k < len(lines):
            line = lines[k]
            delim = next((d for d in _CELL_DELIMITERS if line.count(d) >= 2), None) if k in header_lines else None
            if delim is None:
                k += 1
                continue
            heads = [fold(c.strip().strip('"').strip()).replace(" ", "_").replace("-", "_") for c in line.split(delim)]
            columns = [i for i, h in enumerate(heads) if _is_name_head(h)]
            if not columns or any(any(ch.isdigit() for ch in h) for h in heads):
                k += 1
                continue
            k += 1
            while k < len(lines) and lines[k].count(delim) == line.count(delim) and lines[k].strip():
                cells, pos = lines[k].split(delim), starts[k]
                offsets = []
                for c in cells:
                    offsets.append(pos)
                    pos += len(c) + len(delim)
                for i in columns:
                    found = _column_name(cells[i], offsets[i], lk, patient_words, self.tag, _is_identity_head(heads[i]))
                    if found:
                        out.append(found)
                k += 1
        return out

    @staticmethod
    def _header_lines(text: str, folded: str) -> list[int]:
        """The starts of an export's header lines: a line ``_HEADER_CELL`` matches that holds a gate (a name
        column's word, then a delimiter, in the folded text); when the text holds no gate at all, a line whose
        last cell is a name column's ('date;heure;action;patient'). The lines ``_HEADER_CELL`` matches are found
        first, in the whole text at once (rare: none in most reports); the gates are searched on those lines, and
        in the rest of the text only when the last-cell rule could apply."""
        first = _HEADER_CELL_FIRST.match(folded)
        candidates = sorted({*((0,) if first else ()),
                             *(text.rfind("\n", 0, m.start() + 1) + 1 for m in _HEADER_CELL_INSIDE.finditer(folded))})
        if not candidates:
            return []
        lines = []
        for a in candidates:
            e = text.find("\n", a)
            e = len(text) if e < 0 else e
            if _HEADER_CELL.search(text[a:e]):
                lines.append((a, e))
        gated = [a for a, e in lines if _HEADER_CELL_GATE.search(folded, a, e)]
        if gated or not (";" in text or "|" in text or "\t" in text):
            return gated  # (a gate elsewhere and none on these lines: no header either)
        # a header whose only name column is its last: tried when no gate is found in the whole text
        last_cells = []
        for a, e in lines:
            for last in _LAST_HEADER_CELL_GATE.finditer(folded, a, e):
                k = last.start()
                while k > 0 and folded[k - 1] in ' \t"':
                    k -= 1
                if k > 0 and folded[k - 1] in ";,|\t":
                    last_cells.append(a)  # ('...;action;patient': the header's last cell)
                    break
        if not last_cells or _HEADER_CELL_GATE.search(folded):
            return []
        return last_cells

    def _fixed_width_columns(self, ctx: Context) -> list[Candidate]:
        """A worklist printed in fixed-width columns, no delimiter ('IPP      NOM         PRENOM     EXAMEN' then
        rows aligned under it): the header's cells are runs of words two or more blanks apart; a row is a line
        whose text starts at most column starts (blank before, a word at), and its value under a name column is
        the text from that column's start to the next one's, a blank before it. A blank line ends the table."""
        out: list[Candidate] = []
        lk, text = ctx.lookups, ctx.text
        patient_words = _patient_words(ctx)
        lines = text.split("\n")
        starts = line_starts(lines)
        # header lines: where a name column's word is followed by two blanks (one scan of the folded text)
        heads_at = sorted({bisect.bisect_right(starts, g.start()) - 1 for g in _FIXED_HEADER_GATE.finditer(ctx.folded_text)})
        k, last = 0, -1
        for h in heads_at:
            if h <= last:
                continue  # (inside the table of a header already read)
            k = h
            line = lines[k]
            k += 1
            last = k
            cells = [(m.start(), m.group()) for m in _FIXED_CELL.finditer(line)]
            if len(cells) < 3 or any(ch.isdigit() for _, c in cells for ch in c):
                continue
            heads = [fold(c).replace(" ", "_").replace("-", "_").replace("'", "_") for _, c in cells]
            columns = [i for i, h in enumerate(heads) if _is_name_head(h)]
            if not columns or sum(h in _HEADER_WORDS or _is_name_head(h) for h in heads) == len(heads):
                continue  # (a line of name words alone is no header: 'NOM  PRENOM  ...' needs other columns)
            cols = [c for c, _ in cells]
            while k < len(lines) and lines[k].strip():
                row = lines[k]
                aligned = sum(1 for c in cols if c < len(row) and row[c] != " " and (c == 0 or row[c - 1] == " "))
                if aligned * 2 < len(cols) + 1:
                    break  # (no longer a row of this table)
                for i in columns:
                    a = cols[i]
                    b = cols[i + 1] if i + 1 < len(cols) else len(row)
                    if a >= len(row) or row[a] == " " or a and row[a - 1] != " " or b < len(row) and row[b - 1] != " ":
                        continue
                    found = _column_name(row[a:b], starts[k] + a, lk, patient_words, self.tag,
                                         _is_identity_head(heads[i]))
                    if found:
                        out.append(found)
                k += 1
            last = k
        return out

    def _line_initials(self, ctx: Context) -> list[Candidate]:
        """'jp - mardi 14h : mme X a rappelé', 'JB — c'est bien une fracture': two initials (both lower or both
        upper case) leading a line before a dash, the way a note or a reply is signed at its head, or two or three
        closing it after a dash ('fait le 5/05 - KL'); not a word, a clinical abbreviation ('RX', 'CT', 'OD') or a
        known acronym."""
        lk = ctx.lookups
        out: list[Candidate] = []
        text = ctx.text
        closing = [m for m in _LINE_END_INITIALS.finditer(text) if _word_then_blanks_before(text, m.start())]
        first = _FIRST_LINE_INITIALS.match(text)
        for m in (*((first,) if first else ()), *_LINE_INITIALS.finditer(text), *closing):
            w = m.group(1)
            f = fold(w)
            if lk.is_common(w) or f in _NOTE_WORDS or f in lk.function_words or f in lk.medical or (
                    f in clinical_abbreviations()) or (
                    f in NOT_NAME_ACRONYMS or f in ORGANISATION_WORDS or f in CIVILITIES or (f,) in lk.cities):
                continue
            out.append((m.start(1), m.end(1), self.tag))
        return out

    def _short_family_then_given(self, ctx: Context) -> list[Candidate]:
        """'Li Wei', 'WU Ming': a two-letter Chinese family name (too short for every other rule) then a world or
        known given name that is no French, medical or town word."""
        lk = ctx.lookups
        out: list[Candidate] = []
        for m in _SHORT_FAMILY_THEN_GIVEN.finditer(ctx.text):
            family, given = fold(m.group(1)), fold(m.group(2))
            if family in _short_family_names() and (given in self.names or given in lk.first_names) and not (
                    lk.is_common(m.group(2)) or given in lk.medical or (given,) in lk.cities):
                out.append((m.start(), m.end(), self.tag))
        return out

    def _glued_logins(self, ctx: Context) -> list[Candidate]:
        """'Verrouillé par : lmercier', 'Utilisateur : jdupont': an account name of one or two initials glued to
        a known surname (or a world name that is no French word), after a locking, signing or user cue."""
        lk = ctx.lookups
        out: list[Candidate] = []
        text = ctx.text
        for i in ctx.indices(_GLUED_LOGIN_GATE, bare=True):
            m = _GLUED_LOGIN.match(text, ctx.tokens[i].start)
            if m is None:
                continue
            login = fold(m.group(1))
            # one or two initials, then the surname (one that is a French word too: 'lmercier' is no word)
            if any(rest in lk.surnames or rest in self.names and not lk.is_common(rest) and rest not in lk.function_words
                   for rest in (login[1:], login[2:])) and not lk.is_common(login):
                out.append((m.start(1), m.end(1), self.tag))
        return out

    def _caps_surname_then_given(self, ctx: Context) -> list[Candidate]:
        """'BLANC Josiane', 'LE BRIS Yves', "N'DIAYE Fatou" in a worklist or a table: a surname in capitals (a French
        word too, a particle, an apostrophe) then a known given name that is no French word. The core 'NOM Prénom'
        rule leaves surnames that are ordinary words or hold an apostrophe."""
        out: list[Candidate] = []
        lk, text, toks, n = ctx.lookups, ctx.text, ctx.tokens, len(ctx.tokens)
        match, last_end = _CAPS_THEN_GIVEN.match, -1
        for i in ctx.caps:
            # (matched at each capitalised token in capitals only, where the pattern can start)
            tok = toks[i]
            if not tok.text.isupper() or i + 1 >= n or not toks[i + 1].text[:1].isupper() or tok.start < last_end or (
                    tok.start and (text[tok.start - 1] in "'’-^" or text[tok.start - 1].isalnum())):
                continue  # (the next token, a given name or the surname's next word, is capitalised)
            m = match(text, tok.start)
            if m is None:
                continue
            last_end = m.end()
            surname, given = m.group(1), m.group(2)
            fg = fold(given)
            last = fold(re.split(r"[ '’]", surname)[-1])
            # a given name no list holds ('DIALLO Mariama') after a surname that a list holds
            known = all(p in lk.first_names or p in self.names for p in fg.split("-")) or (
                last in lk.surnames or last in self.names) and len(fg) >= 4 and not _TERM_ENDING.search(fg)
            if not known or lk.is_common(given) or (
                    fg in lk.medical or fg in _DAYS_MONTHS or (fg,) in lk.cities or fg in lk.function_words):
                continue
            words = [fold(w) for w in re.split(r"[ '’\-]", surname) if len(w) > 1 and fold(w) not in _MAIL_PARTICLES]
            if not words or any(w in lk.medical or w in clinical_abbreviations() or w in NOT_NAME_ACRONYMS or (
                    w in ORGANISATION_WORDS) or w in _LOWER_TITLES or w in CIVILITIES or w in _regions() for w in words):
                continue
            if len(last) <= 3 and last not in lk.surnames or (last,) in lk.cities and not lk.is_name_like(last):
                continue  # 'CHU Nicolas', 'SOS Marie': an acronym; 'NAMUR Julie': a town
            out.append((m.start(1), m.end(2), self.tag))
        return out

    def _aged_names(self, ctx: Context) -> list[Candidate]:
        """A name that an age or a birth date follows, whatever its origin, as a header or a triage note writes
        the person it is about: 'TEHEI Moana, 47 ans', 'TIOU HAMA Yafechan 6 ans', 'pt : hinano teriierooiterai,
        68a', 'pte vaitiare tama 38a'. Surnames in capitals, then one or two capitalised given names; or two or
        three lower-case words after a patient cue. No word may be a thing, a town, a title or a month."""
        lk, out = ctx.lookups, []
        for m in _CAPS_GIVEN_AGED.finditer(ctx.text):
            caps = [w for w in re.split(r"[ \t'’\-]+", m.group("caps")) if w]
            given = m.group("given").split()
            if all(fold(w) in _MAIL_PARTICLES for w in caps):
                continue
            if not all(_aged_word_ok(w, lk) for w in caps if fold(w) not in _MAIL_PARTICLES):
                continue
            if not all(_aged_word_ok(w, lk) and not lk.is_common(w) or lk.is_name_like(w) for w in given):
                continue
            out.append((m.start("caps"), m.end("given"), self.tag))
        if not _PT_CUES.isdisjoint(ctx.bare_set):
            for m in _LOWER_PT_AGED.finditer(ctx.text):
                words = m.group("name").split()
                if all((_unknown_lower(w, lk) or lk.is_name_like(w) and not lk.is_common(w)) and _aged_word_ok(w, lk)
                       for w in words):
                    out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _caps_surname_initial_cells(self, ctx: Context) -> list[Candidate]:
        """'...;CHAUVIN P;URG' in a CSV row, '| DUBOIS M |' in a table: a surname in capitals and a bare initial
        filling a cell."""
        lk = ctx.lookups
        return [(m.start(1), m.end(1), self.tag) for m in _CAPS_INITIAL_CELL.finditer(ctx.text)
                if _unknown_or_name(m.group(2), lk) and fold(m.group(2)) not in lk.medical
                and fold(m.group(2)) not in clinical_abbreviations() and (fold(m.group(2)),) not in lk.cities]

    def _field_tag(self, ctx: Context, m: re.Match[str]) -> str:
        """PATIENT for a birth, usage or married name field of the patient's own identity block: the patient's
        surname or first name is written within two lines of it ('Nom de naissance : VIDAL   Nom marital : PERRET'
        for patient Perret). A form's surname fields name its subject."""
        words = _patient_words(ctx)
        if not words:
            return self.tag
        text = ctx.text
        a = text.rfind("\n", 0, m.start())
        a = text.rfind("\n", 0, a) if a > 0 else -1  # (the line before's start)
        b = text.find("\n", m.end())
        b = text.find("\n", b + 1) if b >= 0 else -1  # (the line after's end)
        block = fold(text[a + 1 : b if b >= 0 else len(text)])
        return "PATIENT" if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", block) for w in words if len(w) > 2) else self.tag

    def _titled_two_words(self, ctx: Context) -> list[Candidate]:
        """'Dr Lis Hansen,', 'Dr Jacques-Henri Palmier, BP 41', 'Dr J-M. Collignon ,': a title, then a first word
        and a capitalised second word that closes the name. The second word is no medical or function word, no
        town, no organisation's word, no month; the first no medical or function word and no town. List words
        are names here ('Palmier', 'Vu', 'Lis Hansen'): the title and the closing punctuation say so."""
        out: list[Candidate] = []
        lk, text, toks = ctx.lookups, ctx.text, ctx.tokens
        match = _TITLE_TWO_WORDS.match
        for i in ctx.indices(_TITLE_TWO_GATE):
            # (matched at each title token only: the pattern never scans the rest of the text)
            tok = toks[i]
            m = match(text, tok.start) if tok.text[:1].isupper() and (
                tok.start == 0 or not (text[tok.start - 1].isalnum() or text[tok.start - 1] == ".")) else None
            if m is None:
                continue
            first, last = m.group("first"), m.group("last")
            fl = fold(last)
            known_first = "." in first or all(p in lk.first_names for p in fold(first).split("-"))
            if fl in lk.medical or fl in _DAYS_MONTHS or fl in ORGANISATION_WORDS or fl in LONE_BLOCKERS or (
                    fl in NOT_NAME_ACRONYMS) or (fl,) in lk.cities and not lk.is_name_like(last) and not (
                    known_first and lk.is_common(last)):
                continue  # ('Dr Aurore Pin,': a town that is a French word too is a surname after a first name)
            if "." not in first:
                ff = fold(first)
                if ff in lk.medical or ff in lk.function_words or ff in _DAYS_MONTHS or (ff,) in lk.cities and (
                        not lk.is_name_like(first)):
                    continue  # 'Mme Fracture Ouverte', 'M. Le Goff' (left to the particle rules): no name word first
            out.append((m.start("first"), m.end("last"), self.tag))
        return out

    def _signed_lines(self, ctx: Context) -> list[Candidate]:
        """A message signed by a first name alone on its last line ('...On revoit à 1 an.\nClaire'), and a
        line led by a first name then a desk ('Sandrine - secrétariat Dr Mallet'): a known first name, not a
        month, a feast or a medical word."""
        out: list[Candidate] = []
        lk, text = ctx.lookups, ctx.text
        tail = text.rstrip()
        nl = tail.rfind("\n")
        hits = [m for m in (_SIGNED_LAST_LINE.match(text, nl) if nl >= 0 and len(tail) - nl < 40 else None,) if m]
        if not _DESK_WORDS.isdisjoint(ctx.folded_set):
            hits.extend(_NAME_THEN_DESK.finditer(text))
        if "–" in text or " - " in text:
            # each line read from its start only (the writer's name opens the line): a newline-led scan, and the
            # text's first line matched at its start
            first = _NAME_THEN_DASH.match(text)
            for m in ([first] if first else []) + list(_LINE_NAME_THEN_DASH.finditer(text)):
                if not lk.is_common(m.group(1)):
                    hits.append(m)
        for m in hits:
            word = m.group(1)
            f = fold(word)
            if all(p in lk.first_names for p in f.split("-")) and f not in _DAYS_MONTHS and f not in lk.medical and (
                    f not in NOT_LONE and f not in lk.function_words) and (f,) not in lk.cities:
                out.append((m.start(1), m.end(1), self.tag))
        return out

    def _spelt_names(self, ctx: Context) -> list[Candidate]:
        """'madame dupuis d u p u i s', 'monsieur roy r o y': three or more single letters spelling the word said
        just before them (within the 40 characters before), the way a name is spelt out to a typist. The letters
        are the name again; the word before is the name the core rules find (or miss)."""
        out: list[Candidate] = []
        if len(_SPELLING_LETTERS.intersection(ctx.bare_set)) < 3:
            return out  # spelt letters are single-letter tokens, three distinct ones at least (but 'a', a word)
        text = ctx.text
        p = ctx.patient
        patient_words = {fold(w) for name in ([p.surname or ""] + list(p.first_names)) if p
                         for w in re.split(r"[\s\-]+", name) if w} if p else set()
        for m in _SPELT.finditer(text):
            word = m.group().replace(" ", "").lower()
            before = text[max(0, m.start() - 40) : m.start()].lower()
            at = before.rfind(word)
            if at < 0 or (at and before[at - 1].isalnum()):
                continue  # spelt letters that repeat no word said before: a list or an abbreviation
            if not before[at + len(word) : at + len(word) + 1].isalnum():
                tag = "PATIENT" if fold(word) in patient_words else self.tag
                out.append((m.start(), m.end(), tag))
                s = m.start() - len(before) + at
                if not ctx.lookups.is_common(word) or word in ctx.lookups.surnames or word in self.names:
                    out.append((s, s + len(word), tag))  # the word said, when no ordinary word
        return out

    def _caps_name_lines(self, ctx: Context) -> list[Candidate]:
        """'KOVALENKO OLEKSANDR' or 'MBAYE FATOU DIOP' alone on a header or signature line: two or three words in
        capitals, at least one a known or world name, none an ordinary French, medical or clinical
        abbreviation word unless it is a name too, nor a town or a country ('IRM CEREBRALE', 'SERVICE
        RADIOLOGIE', 'CHU LIEGE' are no names). The core rules take 'NOM Prénom' lines; this is the all-capitals
        form they leave, common where a header is printed in capitals."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        for i, j in short_lines(ctx):
            if not 2 <= j - i <= 3 or not all(toks[k][3] == "word" and toks[k][0].isupper() for k in range(i, j)):
                continue
            folded = [ctx.bare[k] for k in range(i, j)]
            known = [f in lk.first_names or f in lk.surnames or f in self.names for f in folded]
            if not any(known) or tuple(folded) in lk.cities or any(
                    len(f) < 2 or f in lk.function_words or f in lk.medical or f in clinical_abbreviations()
                    or not k and _TERM_ENDING.search(f)
                    or f in NOT_NAME_ACRONYMS or f in _regions() or f in CIVILITIES or f in _LOWER_TITLES
                    or (f,) in lk.cities and not k or not k and (lk.is_common(f) or f in lk.eponyms)
                    for f, k in zip(folded, known)):
                continue
            out.append((toks[i].start, toks[j - 1].end, self.tag))
        return out

    def _mail_fields(self, ctx: Context) -> list[Candidate]:
        """'De : Siobhan O'Connell <s.oconnell@chu.fr>', 'À : Kerstin Lindqvist; Pr Haddad': the names of a
        mail header's sender and recipient fields. The field must be nothing but names (one to four Title-case
        or capital words each, an address in brackets after each allowed), and every word must be a known or
        world name or a word no French, medical, town or organisation list holds: 'À : Service de radiologie',
        'De : Paris' and 'A : J+3' are no names. A title is the core rules' (its name is found there)."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for field in _mail_fields(text):
            a, b = field.span(1)
            names: list[tuple[int, int]] = []
            pos = a
            while pos < b:
                m = _MAIL_NAME.match(text, pos, b)
                if not m or m.end() == pos:
                    names = []
                    break  # something else than a list of names: not a header field
                names.append(m.span(1))
                pos = m.end()
            for s, e in names:
                words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", text[s:e])
                folded = [fold(w) for w in words]
                if folded and folded[0].rstrip(".") in CIVILITIES | _LOWER_TITLES:
                    continue  # 'Dr X', 'Mme Y': the person annotator's
                if all(f in _MAIL_PARTICLES for f in folded) or tuple(folded) in lk.cities or any(
                        f in lk.function_words and f not in _MAIL_PARTICLES or f in lk.medical or f in _regions()
                        or f not in _MAIL_PARTICLES and not (lk.is_name_like(w) or f in self.names or (
                            _unknown_or_name(w, lk) and (f,) not in lk.cities))
                        for w, f in zip(words, folded)):
                    continue
                if len(words) == 1 and not (lk.is_name_like(words[0]) or folded[0] in self.names):
                    continue  # one unknown word ('De : Imagerie', 'À : Secrétariat'): not enough
                out.append((s, e, self.tag))
        return out

    def _lower_initial_names(self, ctx: Context) -> list[Candidate]:
        """'vu avec j. dupont': a lower-case initial, a dot, then a known surname in lower case that is no
        French word ('a. radiale', 'v. cave' are vessels)."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in _INITIAL_THEN_LOWER.finditer(text):  # led by the dot and the blank
            a = m.start() - 1
            if a < 0 or not text[a].islower() or a and (text[a - 1].isalnum() or text[a - 1] in "._'’-"):
                continue
            word = fold(m.group(1))
            # two initials before it ('j. p. mallet', 'j.-p. roux'): a name whatever the word, but a function,
            # medical or town word
            chained = a >= 3 and text[a - 3].islower() and text[a - 2] == "." and text[a - 1] == " " and (
                a == 3 or not text[a - 4].isalnum() and text[a - 4] != ".") and word not in lk.function_words and (
                word not in lk.medical) and (word,) not in lk.cities and word not in clinical_abbreviations() and (
                not word.endswith(_FRENCH_ENDINGS))
            if chained and (a < 5 or text[a - 5] != "."):  # (three initials are an abbreviation: 'v. c. i.')
                lead = text[max(0, a - 16) : a - 3].split()
                if not lk.is_common(word) or lead and fold(lead[-1]).rstrip(".:") in _CHAIN_CUES:
                    out.append((a - 3, m.end(), self.tag))
                    continue
            if chained:
                continue
            if (word in lk.surnames or word in self.names) and not lk.is_common(word) and (
                    word not in lk.function_words) and (word,) not in lk.cities:
                # 'm.' in a note is 'monsieur': a title, outside the span ('vu avec m. aubert')
                out.append((m.start(1) if text[a] == "m" else a, m.end(), self.tag))
        return out

    def _login_names(self, ctx: Context) -> list[Candidate]:
        """'validé par a.martin', 'Envoyé par : k.peeters', 'jean.dupont' without a domain: an account
        name made of an initial (or a known first name) and a known surname, in lower case."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in _LOGIN_TAIL.finditer(text):  # led by the dot: a literal the scan skips to
            lead = _LOGIN_HEAD.search(text, max(0, m.start() - 13), m.start())
            if not lead:
                continue
            start = lead.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "._@/-"):
                continue
            head, tail = fold(lead.group()), fold(m.group(1))
            if len(head) > 2 and head not in lk.first_names:
                continue
            if (tail in lk.surnames or tail in self.names) and not lk.is_common(tail) and (
                    tail not in lk.function_words):
                # 'vu par dr.chapuis': a title glued to the surname by its dot is no initial of the name
                out.append((m.start(1) if head in _LOWER_TITLES or head in ("mme", "mr") else start, m.end(), self.tag))
        return out

    def _surname_on_next_line(self, ctx: Context, at: list[int]) -> list[Candidate]:
        """'Dr Maïwenn\nLe Roux, radiologue': a title and a known first name end a line, the next line
        starts with the surname (a particle allowed) and a comma, a dot or the line's end. The surname
        may be a French word after a particle ('Le Roux'); alone it must be a known or unknown name."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in (_TITLE_FIRST_EOL.match(text, a) for a in at):
            if m is None:
                continue
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue
            first = fold(m.group(1))
            if first not in lk.first_names and (lk.is_common(first) or _TERM_ENDING.search(first)):
                continue
            last = fold(m.group(2).split()[-1])
            particle = " " in m.group(2)
            if last in lk.function_words or last in lk.medical or last in clinical_abbreviations() or (
                    not particle and (lk.is_common(last) or _TERM_ENDING.search(last)) and last not in lk.surnames):
                continue
            if tuple(fold(m.group(2)).split()) in lk.cities and not (particle and last in lk.surnames):
                continue  # 'Dr Sophie\nLiège, le 3 mai': the place and date of the letter
            out.append((m.start(2), m.end(2), self.tag))
        return out

    def _after_care_cue(self, ctx: Context) -> list[Candidate]:
        """'son kiné Achille.', 'sa fille Mai Tran-Laurent', 'l'assistante sociale, Mme Rose Bernard': one or
        two capitalised words after a care role or a kin word (a title between allowed). One word needs to
        be no ordinary French word (an eponym is a name: 'Achille'), nor a day, month or town; of two words
        one must be a known or world name and none an ordinary word but a known name."""
        out: list[Candidate] = []
        toks, bare, lk, n = ctx.tokens, ctx.bare, ctx.lookups, len(ctx.tokens)

        def title_case(k: int) -> bool:
            w = toks[k].text
            return toks[k].kind == "word" and w[0].isupper() and len(w) >= 2 and not w.isupper() and ctx.joined(k)

        def known(k: int) -> bool:
            f = bare[k]
            return f in lk.first_names or f in lk.surnames or f in self.names or "-" in f and all(
                p in lk.first_names or p in lk.surnames or p in self.names for p in f.split("-") if p)

        def barred(k: int) -> bool:
            f = bare[k]
            if f in _DAYS_MONTHS:  # 'Mai' is a given name before a known surname only
                return not (k + 1 < n and title_case(k + 1) and known(k + 1))
            if (f,) in lk.cities and not (f in lk.first_names and k + 1 < n and title_case(k + 1) and (
                    bare[k + 1] in lk.surnames)):
                return True  # a town ('chez sa fille, Mons'); a first name before a surname is a person
            return f in lk.function_words or f in clinical_abbreviations() or f in _CARE_CUES or f in _regions()

        for i in [i for i, b in enumerate(bare) if b in _CARE_CUES]:
            j = i + 1
            while j < n and ctx.joined(j) and (toks[j].text in _SKIPPED_BEFORE_NAME or toks[j].text == "." and j > i + 1):
                j += 1
            if j < n and bare[j] in _TITLES_BEFORE_NAME and ctx.joined(j):
                j += 1
                while j < n and toks[j].text == "." and ctx.joined(j):
                    j += 1
            if j == i + 1 < n and title_case(j) and (bare[j],) in lk.cities and lk.is_common(toks[j].text) and (
                    self._role_word_name(ctx, i, j)):
                out.append((toks[j].start, toks[j].end, self.tag))  # 'l'assistante sociale Poisson' (a town too)
                continue
            if j >= n or not title_case(j) or barred(j) or _GRADE_NEXT.match(ctx.text, toks[j].end):
                continue  # (a grade after the word: a classification, 'Weber B', 'Garden III')
            # two words: one a known name, the other a known name too or at most an ordinary word ('Mai')
            two = j + 1 < n and title_case(j + 1) and not barred(j + 1) and (known(j) or known(j + 1)) and sum(
                bare[k] in lk.stopwords and not known(k) for k in (j, j + 1)) <= (1 if known(j) or known(j + 1) else 0)
            if two and (bare[j], bare[j + 1]) in lk.cities:
                continue  # a two-word town
            if two:
                out.append((toks[j].start, toks[j + 1].end, self.tag))
            elif bare[j] in lk.first_names or bare[j] in self.names or bare[j] in lk.eponyms and (
                    bare[j] not in lk.stopwords):  # one word: a known given name or an eponym ('Achille')
                if j + 1 < n and ctx.joined(j + 1) and toks[j + 1].kind == "word" and toks[j + 1].text[0].isupper():
                    continue  # a longer capitalised run: the core rules' call
                out.append((toks[j].start, toks[j].end, self.tag))
            elif j == i + 1 and self._role_word_name(ctx, i, j):
                out.append((toks[j].start, toks[j].end, self.tag))  # 'l'assistante sociale Poisson contactera'
            elif j == i + 2 and toks[i + 1].text in ("(", ",") and j + 1 < n and toks[j + 1].text == (
                    ")" if toks[i + 1].text == "(" else ",") and _unknown_lower(toks[j].text, lk) and not (
                    bare[j] in lk.medical or bare[j].endswith(_ROLE_NOUN_ENDINGS) or _TERM_ENDING.search(bare[j])):
                out.append((toks[j].start, toks[j].end, self.tag))  # 'le technicien (Teiki)', 'la puéricultrice, Hina,'
        return out

    @staticmethod
    def _role_word_name(ctx: Context, i: int, j: int) -> bool:
        """A capitalised word no name list holds right after a care role that a determiner leads, inside a
        sentence ('l'assistante sociale Poisson contactera', 'le kiné Boulanger, ce matin'): a surname,
        often a French word or a town's name. Not a clinical word, an adjective's or a term's ending, nor a word before another
        capitalised word or a lower-case noun phrase's article-less adjective."""
        toks, bare, lk, n = ctx.tokens, ctx.bare, ctx.lookups, len(ctx.tokens)
        if bare[i] not in _CARE_ROLES or not ctx.joined(j):
            return False
        first = i - 1 if bare[i] in ("sociale", "social") else i  # ('assistante sociale')
        if first < 0 or not toks[first].text.lower().startswith(("l'", "l’")) and (
                first < 1 or bare[first - 1] not in _ROLE_DETERMINERS):
            return False
        w, f = toks[j].text, bare[j]
        if toks[j].kind != "word" or w.isupper() or len(w) < 4 or f in lk.medical or (
                f in lk.function_words or f.endswith(_FRENCH_ENDINGS) or f.endswith(_ROLE_NOUN_ENDINGS) or _TERM_ENDING.search(f)):
            return False
        nxt = toks[j + 1] if j + 1 < n else None
        if nxt is None or not ctx.joined(j + 1):
            return True
        if nxt.kind == "word":
            return nxt.text.islower() and bare[j + 1] not in lk.medical and not bare[j + 1].endswith(_FRENCH_ENDINGS[:4])
        return nxt.text in (",", ".", ";", ")", ":")

    def _typist_initials(self, ctx: Context) -> list[Candidate]:
        """'Dr X / dactylo : ND', 'secr. KL', 'frappé par mlg': two to four capitals, or two or three
        lower-case letters no list holds, after the word for the typing, ending the line or the clause."""
        out: list[Candidate] = []
        toks, bare, lk, n = ctx.tokens, ctx.bare, ctx.lookups, len(ctx.tokens)
        for i in [i for i, b in enumerate(bare) if b in _TYPIST_CUES]:
            j = _skip_glued(ctx, i + 1, (".", ":", "-"))
            if j < n and bare[j] == "par" and ctx.joined(j):
                j += 1
            if j >= n or not ctx.joined(j) or toks[j].kind != "word":
                continue
            w = toks[j].text
            initials = w.isupper() and 2 <= len(w) <= 4 or w.islower() and 2 <= len(w) <= 3 and not lk.is_common(w) or (
                w.islower() and len(w) >= 3 and bare[j] in lk.first_names and not lk.is_common(w))  # 'tapé par nathalie'
            if not initials or bare[j] in lk.function_words or bare[j] in NOT_NAME_ACRONYMS:
                continue
            if j + 1 < n and ctx.joined(j + 1) and toks[j + 1].kind == "word":
                continue  # a sentence goes on ('tapé par le ...')
            out.append((toks[j].start, toks[j].end, self.tag))
        return out

    def _ranked_names(self, ctx: Context) -> list[Candidate]:
        """A name after a police, gendarmerie, military or fire-brigade grade ('OPJ : brigadier Henriot.', 'le
        caporal-chef Morvan', 'gendarme DUVAL'): its words names or words no list holds, no town, month or medical
        word; a street, a barracks or a school named after a grade holder is none ('rue du Général Leclerc')."""
        out: list[Candidate] = []
        lk, text, toks = ctx.lookups, ctx.text, ctx.tokens
        match = _RANK_THEN_NAME.match
        for i in ctx.indices(_RANK_WORDS, bare=True):  # (matched at each grade's token only: no scan of the text)
            m = match(text, toks[i].start)
            if m is None:
                continue
            street = _RANK_STREET_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if street and (text[m.start()].isupper() or fold(street.group()).strip() not in _ARTICLES_ONLY
                           or _STREET_WORD_NEAR.search(text, max(0, m.start() - 40), street.start())):
                continue  # 'rue du Général Leclerc', 'caserne du Colonel X' (not 'appel du lieutenant Oyelaran')
            words = m.group(1).split()
            if not all(_unknown_or_name(w, lk) and fold(w) not in lk.medical and fold(w) not in _DAYS_MONTHS
                       and fold(w) not in lk.function_words for w in words):
                continue
            if any((fold(w),) in lk.cities and not lk.is_name_like(w) for w in words):
                continue  # 'commissariat ... capitaine Lille' would be a town
            if words[0].isupper() and (len(words[0]) <= 4 and not lk.is_name_like(words[0]) or (
                    fold(words[0]) in clinical_abbreviations() or fold(words[0]) in NOT_NAME_ACRONYMS
                    or fold(words[0]) in ORGANISATION_WORDS)):
                continue  # 'commandant SDIS', 'capitaine CRS': a unit's acronym, no name ('gendarme ROUX' is one)
            out.append((m.start(1), m.end(1), self.tag))
        return out

    def _civil_role_names(self, ctx: Context) -> list[Candidate]:
        """A surname after a judge's, a lawyer's, a warder's, a coach's, a social worker's, an employer's or a
        teacher's function ('le juge Ferrandi', "l'entraîneur Kowalczyk", 'Surveillante : Kerbrat'): the function
        after an article, a possessive or an elision (or a label at a line's start, before a colon); the words
        after it names or words no list holds, as after a grade."""
        out: list[Candidate] = []
        text, toks = ctx.text, ctx.tokens
        match = _CIVIL_ROLE_THEN_NAME.match
        for i in ctx.indices(_CIVIL_ROLE_WORDS, bare=True):
            m = match(text, toks[i].start)
            if m is None:
                continue
            elided = text[m.start() + 1:m.start() + 2] in ("'", "’")
            line_start = text.rfind("\n", 0, m.start()) + 1
            at_line_start = not text[line_start:m.start()].strip(" \t-•*")
            colon = (m.group("colon") or "").strip()
            if colon == ",":  # an apposition: one word, then the clause goes on ('Le juge, Ferrandi, a statué')
                if " " in m.group(3) or m.group("particle") or not _APPOSITION_END.match(text, m.end(3)) or (
                        (fold(m.group(3)),) in ctx.lookups.cities):
                    continue  # (a town there is the letter's place: "L'avocat, Paris, le 3 mai")
            if not elided and not (colon == ":" and at_line_start) and not (
                    _CIVIL_ROLE_BEFORE.search(text, max(0, m.start() - 12), m.start())):
                continue
            if _STREET_WORD_NEAR.search(text, max(0, m.start() - 40), m.start()) or text[m.start()].isupper() and (
                    _RANK_STREET_BEFORE.search(text, max(0, m.start() - 12), m.start())):
                continue  # 'avenue du Président Wilson', 'rue du Juge X': a street named after its holder
            if not self._rank_name_ok(ctx, m.group(3).split()):
                continue
            start = m.start("particle") if m.group("particle") else m.start(3)  # 'le juge Le Goff', "N'Diaye"
            if m.group("particle") and tuple(fold(text[start:m.end(3)]).split()) in ctx.lookups.cities:
                continue  # 'le juge La Rochelle': a court's town
            out.append((start, m.end(3), self.tag))
        return out

    @staticmethod
    def _rank_name_ok(ctx: Context, words: list[str]) -> bool:
        """The words after a grade or a function can be a name: names or words no list holds, no town, month,
        medical word, unit's acronym or organisation word."""
        lk = ctx.lookups
        if not all(_unknown_or_name(w, lk) and fold(w) not in lk.medical and fold(w) not in _DAYS_MONTHS
                   and fold(w) not in lk.function_words and fold(w) not in ORGANISATION_WORDS for w in words):
            return False
        if any((fold(w),) in lk.cities and not lk.is_name_like(w) for w in words):
            return False
        return not (words[0].isupper() and (len(words[0]) <= 4 and not lk.is_name_like(words[0]) or (
            fold(words[0]) in clinical_abbreviations() or fold(words[0]) in NOT_NAME_ACRONYMS)))

    def _nicknames(self, ctx: Context) -> list[Candidate]:
        """'Kévin (dit Kéké)', 'alias Bébert', 'surnommée « Mimi »': the capitalised word after the cue."""
        out: list[Candidate] = []
        toks, bare, lk, n = ctx.tokens, ctx.bare, ctx.lookups, len(ctx.tokens)
        for i in [i for i, b in enumerate(bare) if b in _NICKNAME_CUES]:
            j = _skip_glued(ctx, i + 1, _SKIPPED_BEFORE_NAME)
            if j >= n or not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[0].isupper():
                continue
            if bare[j] in lk.function_words or bare[j] in lk.medical or bare[j] in _DAYS_MONTHS or toks[j].text.isupper() and (
                    bare[i] != "alias" or not _caps_alias_word(toks[j].text, lk)):
                continue  # (a name in capitals after 'alias' only: 'alias « BELKACEM Rachid »')
            if i and bare[i - 1] in ("lieu", "lieux") or (bare[j],) in lk.cities and not lk.is_name_like(toks[j].text):
                continue  # 'au lieu dit Grand-Pré', 'dit Namur': a place
            end = toks[j].end
            if bare[i] == "alias":  # an alias is often a whole name: its next capitalised name words join it
                k = j + 1
                while k < n and k - j <= 2 and toks[k].kind == "word" and toks[k].text[:1].isupper() and (
                        ctx.text[toks[k - 1].end:toks[k].start] == " ") and _unknown_or_name(toks[k].text, lk) and (
                        bare[k] not in lk.medical and (bare[k],) not in lk.cities):
                    end = toks[k].end
                    k += 1
            out.append((toks[j].start, end, self._nickname_tag(ctx, i)))
        return out

    def _nickname_tag(self, ctx: Context, i: int) -> str:
        """PATIENT for the nickname of the patient ('Mme BERTRAND Jeanne dite « Jeannette »', 'M. MEZIANE
        Abdelkader, dit « Kader »': the cue right after one of the patient's name words), else the tag."""
        patient = ctx.patient
        if patient is None or not patient.surname and not patient.first_names:
            return self.tag
        words = {fold(w) for name in [patient.surname or "", *patient.first_names] for w in re.findall(r"[^\W\d_]+", name)}
        k = i - 1
        while k >= 0 and ctx.tokens[k].text in ",(/":
            k -= 1
        return "PATIENT" if k >= 0 and ctx.bare[k] in words else self.tag

    def _ocr_split_names(self, ctx: Context, ends: list[int]) -> list[Candidate]:
        """'D r M ichaux': after a title (or its OCR split 'D r'), a capital letter alone then a lower-case
        fragment that together make a word no list holds, or a known name (capitalised tokens only)."""
        out: list[Candidate] = []
        toks, bare, lk, n = ctx.tokens, ctx.bare, ctx.lookups, len(ctx.tokens)
        starts = ctx.starts
        for end in ends:  # each where a capital letter alone and a lower-case fragment follow a title
            i = bisect.bisect_left(starts, end - 3) - 1  # the capital letter's token
            if i < 0 or len(toks[i][0]) != 1:
                continue
            if i < 1 or i + 1 >= n or not ctx.joined(i + 1) or not ctx.joined(i):
                continue
            k = i - 1 if toks[i - 1].text != "." else i - 2
            frag = toks[i + 1].text
            if k < 0 or bare[k] not in _OCR_TITLES or toks[i + 1].kind != "word" or not frag.islower() or len(frag) < 3:
                continue
            if bare[k] == "r" and not (k >= 1 and toks[k - 1].text == "D" and ctx.joined(k)):
                continue  # 'r' is a title only as the second half of 'D r'
            if lk.is_common(frag) or fold(frag) in lk.function_words or lk.is_common(toks[i][0] + frag):
                continue
            out.append((toks[i].start, toks[i + 1].end, self.tag))
        return out

    def _lower_after_cue(self, ctx: Context) -> list[Candidate]:
        """'mari stanislas', 'appel fille oluwaseun', '(mme kowalczyk)', 'ide wojciech': a lower-case word
        after a kin word, a title or a role that is a world name, or that no list holds and is 5+ letters
        long; a second such word goes with it ('fille : grazyna nowak')."""
        out: list[Candidate] = []
        toks, folded, lk, n = ctx.tokens, ctx.folded, ctx.lookups, len(ctx.tokens)

        def name_word(k: int, long_unknown: int, eponym_ok: bool = False) -> bool:
            w, f = toks[k].text, folded[k]
            if toks[k].kind != "word" or not w.islower() or len(w) < 3 or "'" in w or "’" in w or (
                    f in lk.function_words or (f,) in lk.cities) or determiner_before_noun(ctx, k):
                return False  # ('Monsieur, vos lunettes')
            if eponym_ok and f in lk.eponyms and f not in lk.stopwords and f not in lk.medical and len(w) >= 4:
                return True  # 'mme lefort', 'kiné: thomas': an eponym is named after a person
            if lk.is_common(w):
                return False
            return f in self.names or lk.is_name_like(w) or len(w) >= long_unknown and _unknown_lower(w, lk)

        def second(e: int) -> int:
            """Index after a second name word at e, a lower-case particle before it allowed ('dos santos')."""
            if e + 1 < n and folded[e] in _MAIL_PARTICLES and toks[e].text.islower() and ctx.joined(e) and (
                    ctx.joined(e + 1) and name_word(e + 1, 4 if kin else 99)):
                return e + 2
            return e + 1 if e < n and ctx.joined(e) and name_word(e, 4 if kin else 99) else e

        for i in [i for i, b in enumerate(ctx.bare) if b in _LOWER_CUES]:
            j = _skip_glued(ctx, i + 1, ".:,(")
            kin = ctx.bare[i] in _KIN_OR_TITLE
            if j >= n or not ctx.joined(j):
                continue
            if not name_word(j, 5 if kin else 99, ctx.bare[i] in _EPONYM_OK_AFTER):
                # a known first name that is also a word ('maria', 'rose') is one before a second name word
                # after a kin word ('maman (maria dos santos)')
                if kin and toks[j].kind == "word" and toks[j].text.islower() and len(toks[j].text) >= 3 and (
                        folded[j] in lk.first_names) and folded[j] not in lk.function_words and second(j + 1) > j + 1:
                    out.append((toks[j].start, toks[second(j + 1) - 1].end, self.tag))
                continue
            e = second(j + 1)
            if e == j + 1 and ctx.bare[i] in _LOWER_ROLES and folded[j] in lk.eponyms and (
                    _GRADE_NEXT.match(ctx.text, toks[j].end)):
                continue  # 'malléole externe weber B': an adjective, then a classification and its grade
            out.append((toks[j].start, toks[e - 1].end, self.tag))
        return out

    def _kin_labels(self, ctx: Context) -> list[Candidate]:
        """'Tante paternelle : Mai Pham', 'Demi-frère (même père) : Bao', 'Référente : Aurore' (``_KIN_LABEL``): every
        word a known name or one no list holds, never a place, a region or a title; a first word that is also a common
        word ('Mai', 'Rose') only before a second name word, or when it is a known given name."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        regions = _regions_whole()  # (a whole name only: 'Khanh' is a province's first word and a given name)
        for m in _KIN_LABEL.finditer(text):
            words = [w for w in re.split(r"[ \t]+", m.group("name")) if w]
            core = [w for w in words if not re.fullmatch(r"[A-ZÀ-Þ]\.", w)]
            if not core or fold(core[0]) in _LABEL_TITLES or fold(core[0]) in CIVILITIES:
                continue  # 'Mère : Mme Sophie X', 'Référente : Dr Y': the titled-name rules read those
            whole = fold(" ".join(core))
            if whole in regions or tuple(whole.split()) in lk.cities or any(
                    fold(w) in lk.medical or (fold(w),) in lk.cities and not lk.is_name_like(w)
                    or fold(w) in lk.function_words and (k > 0 or len(core) == 1) for k, w in enumerate(core)):
                continue
            first = core[0]
            if not (_unknown_or_name(first, lk) or fold(first) in lk.first_names or len(core) > 1 and all(
                    _unknown_or_name(w, lk) for w in core[1:])):
                continue
            if not all(_unknown_or_name(w, lk) for w in core[1:]):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _short_kin_names(self, ctx: Context) -> list[Candidate]:
        """'chez sa sœur Awa.', 'passage IDE J. (cabinet ...)': a short given name after a possessive and a kin word,
        an initial after a carer's role (``_POSSESSIVE_KIN_SHORT``, ``_ROLE_INITIAL``)."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in _POSSESSIVE_KIN_SHORT.finditer(text):
            w = m.group("name")
            f = fold(w)
            if lk.is_name_like(w) or not lk.is_common(w) and f not in lk.function_words and (f,) not in lk.cities and (
                    f not in lk.medical and f not in _LABEL_TITLES and not w.isupper()):
                out.append((m.start("name"), m.end("name"), self.tag))
        for m in _ROLE_INITIAL.finditer(text):
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _after_foreign_kin(self, ctx: Context) -> list[Candidate]:
        """'Sohn Erwin', 'Kontakt: Tochter Anna Kessler', 'Eltern: Marc und Sabine Heinen'."""
        out: list[Candidate] = []
        toks, folded, lk, n = ctx.tokens, ctx.folded, ctx.lookups, len(ctx.tokens)
        for i in [i for i, f in enumerate(folded) if f in _FOREIGN_KIN]:
            j = _skip_glued(ctx, i + 1, ":,-–")
            while j < n and ctx.joined(j):
                e = j
                while e < n and e - j < 3 and ctx.joined(e) and toks[e].kind == "word" and toks[e].text[0].isupper() and (
                        _unknown_or_name(toks[e].text, lk)):
                    e += 1
                if e == j:
                    break
                out.append((toks[j].start, toks[e - 1].end, self.tag))
                if e + 1 < n and folded[e] in _NAME_JOINERS and ctx.joined(e) and ctx.joined(e + 1):
                    j = e + 1  # 'Marc und Sabine Heinen'
                    continue
                break
        return out

    def _lower_titles(self, ctx: Context) -> list[Candidate]:
        """'vu par dr haddad', 'dr. nkulu', 'docteur point gilson', 'dr de brouwer': a lower-case word no French,
        medical or eponym list holds (after its particle, kept in the span), right after a lower-case doctor's
        title (known names are noisy.py's)."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        for m in _lower_title_names(text):
            if _DR_NOT_TITLE_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                continue
            word = m.group(1).split()[-1]  # (the surname after its particle: 'dr de brouwer'; 'dr de garde' is none)
            # 'docteur point marchand': a dictated dot after the title, whatever the next word is
            dictated = " point " in text[m.start() : m.start(1) + 1] and fold(word) not in lk.function_words and (
                fold(word) not in lk.medical) and not is_number_word(fold(word))
            if not dictated and not _unknown_lower(word, lk) and not lk.is_name_like(word):
                continue
            end = m.end(1)
            # ('dr aubert orl': a care role or specialty acronym after the surname is none of it)
            if m.group(2) and fold(m.group(2)) not in NOT_NAME_ACRONYMS and (
                    _unknown_lower(m.group(2), lk) or lk.is_name_like(m.group(2))):
                end = m.end(2)
            out.append((m.start(1), end, self.tag))
        return out


def _mail_fields(text: str) -> list[re.Match[str]]:
    """The _MAIL_FIELD matches at line starts, tried only on the lines whose first colon comes within a label's
    length of the start: a few ``str.find`` calls instead of a scan of every line start."""
    out: list[re.Match[str]] = []
    colon = text.find(":")
    while colon >= 0:
        start = text.rfind("\n", 0, colon) + 1
        if colon - start <= _MAIL_LABEL_LEN + 3:
            m = _MAIL_FIELD.match(text, start)
            if m:
                out.append(m)
        end = text.find("\n", colon)
        if end < 0:
            break
        colon = text.find(":", end)
    return out


def _patient_words(ctx: Context) -> frozenset[str]:
    """The folded words of the patient's surname and first names (empty without a patient)."""
    patient = ctx.patient
    if patient is None:
        return frozenset()
    names = [patient.surname or "", *patient.first_names]
    return frozenset(fold(w) for name in names for w in re.findall(r"[^\W\d_]+", name))


def _caret_components(m: re.Match[str]) -> list[Candidate]:
    """The name components of a DICOM/HL7 person name ('DELATTRE^OLIVIER^^^DR', 'VAN DAMME^JAN^PIETER'), each a
    span of its own as the standards define them and as the independent writers tag them: family, given and
    middle names (the prefix and suffix components, 'DR', 'M.', are titles). A label glued before the family name
    ('ReferringPhysician MARS^PHILIPPE': a word with a capital inside) is no part of it."""
    out: list[Candidate] = []
    at = m.start()
    for k, part in enumerate(m.group().split("^")):
        if k < 3 and part:
            s = at
            words = part.split(" ")
            while len(words) > 1 and _CAMEL.search(words[0]):
                s += len(words[0]) + 1
                words = words[1:]
            if not _CAMEL.search(words[0]) and any(c.isalpha() for c in part):
                out.append((s, at + len(part), "PERSON"))
        at += len(part) + 1
    return out


# a surname in capitals (particles, apostrophes and hyphens inside) then a Title-case given name
_CAPS_THEN_GIVEN = re.compile(
    r"((?:(?:LE|LA|DE|DU|DES|VAN|VON|DA|DOS|EL|BEN|DI|DEL|MAC|MC|VANDE|VANDEN|VANDER|TER|TEN) )?"
    r"[A-ZÀ-Þ](?:[A-ZÀ-Þ]|['’\-][A-ZÀ-Þ])+)[ \t]{1,2}([A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)(?![\w'’^])")
# an age or a birth date right after a name ('TEHEI Moana, 47 ans', 'pte vaitiare tama 38a'): the gate, then the rules
_AGE_AFTER = r"(?=[ \t]*,?[ \t]*\(?(?:\d{1,3}[ \t]?(?:ans|an|a|mois|yo)\b|n[ée]e?[ \t]+le\b|DDN\b))"
_AGED_GATE = re.compile(r"\d[ \t]?(?:ans|an|a|mois|yo)\b")  # (led by a digit: a fast scan)
_BIRTH_WORDS = frozenset({"ne", "nee", "ddn"})
# (the look-ahead on the letters a match can start with lets the engine skip other positions before it tries
# the look-behind: 58 -> 45 µs per call on the bench reports, the same matches; bench/deid_profile.py --regex)
_CAPS_GIVEN_AGED = re.compile(
    r"(?=[A-ZÀ-Þ])(?<![\w'’\-.])(?P<caps>[A-ZÀ-Þ][A-ZÀ-Þ'’\-]+(?:[ \t][A-ZÀ-Þ][A-ZÀ-Þ'’\-]+){0,2})[ \t]"
    r"(?P<given>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?(?:[ \t][A-ZÀ-Þ][a-zà-ÿ]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?)?)"
    + _AGE_AFTER)
_PT_CUES = frozenset({"pt", "pte", "pat", "patient", "patiente", "m", "mme", "mr"})
_LOWER_PT_AGED = re.compile(
    r"(?<![\w])(?:pt|pte|pat|patient|patiente|m|mme|mr)\.?[ \t]*:?[ \t]+"
    r"(?P<name>[a-zà-ÿ][a-zà-ÿ'’\-]+(?:[ \t][a-zà-ÿ][a-zà-ÿ'’\-]+){1,2})[ \t]*[,\-]?" + _AGE_AFTER)


def _aged_word_ok(word: str, lk: Lookups) -> bool:
    """No medical word, clinical abbreviation, title, civility, month, region or town (unless a name too)."""
    f = fold(word)
    if len(f) < 2 or f in lk.medical or f in clinical_abbreviations() or f in NOT_NAME_ACRONYMS or (
            f in ORGANISATION_WORDS) or f in _LOWER_TITLES or f in CIVILITIES or f in _DAYS_MONTHS or (
            f in lk.function_words) or f in _regions():
        return False
    return not ((f,) in lk.cities and not lk.is_name_like(word))


# a surname in capitals and a bare initial filling a CSV or table cell
_CAPS_INITIAL_CELL = re.compile(r"(?:^|[;|\t])[ \t]*(([A-ZÀ-Þ][A-ZÀ-Þ'\-]{2,}) [A-Z])[ \t]*(?=[;|\t]|$)", re.MULTILINE)
# an English-style signature: capitals, then ', MD' ('LI XIAOMEI, MD')
_NAME_COMMA_MD = re.compile(r"(?<![\w'’])([A-ZÀ-Þ][A-ZÀ-Þ'\-]+(?: [A-ZÀ-Þ][A-ZÀ-Þ'\-]+){0,2}), M\.?D\.?(?![\w])")
# a capitals label glued to its value by a colon, as compact 'KEY:VALUE' exports write ('PN:', 'NAME:', 'REF:'):
# there the independent writers keep the caret name whole; in DICOM dumps, worklists and HL7 they tag each component
_GLUED_LABEL = re.compile(r"(?<![\w])[A-Z]{2,6}:$")
# a lower-case letter then a capital inside a word: 'PatientName', 'ReferringPhysician' (attribute keywords)
_CAMEL = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def _skip_glued(ctx: Context, j: int, skipped: Collection[str] | str) -> int:
    """The first token from j on that is not one of ``skipped`` on the same stretch of text: the punctuation
    between a cue and the name after it ('dit : X', 'fille, X', 'Sohn: Erwin')."""
    toks, n = ctx.tokens, len(ctx.tokens)
    while j < n and ctx.joined(j) and toks[j].text in skipped:
        j += 1
    return j


def _caps_alias_word(word: str, lk: Lookups) -> bool:
    """A word in capitals after 'alias' that can be a surname: a known name, or four letters or more that no list of
    acronyms, abbreviations or organisations holds ('alias BELKACEM', not 'alias SDF')."""
    f = fold(word)
    return lk.is_name_like(word) or len(f) >= 4 and not (f in clinical_abbreviations() or f in NOT_NAME_ACRONYMS
                                                          or f in ORGANISATION_WORDS or lk.is_common(word))


def _unknown_or_name(word: str, lk: Lookups) -> bool:
    """A known first name or surname, or a word no French, medical or eponym list holds."""
    f = fold(word)
    if lk.is_name_like(word):
        return True
    return len(f) >= 2 and not lk.is_common(word) and f not in lk.function_words


# endings of French adjectives, participles and nouns that the common-word list may lack ('joignable',
# 'aidante', 'évoluée', 'coordinatrice'): such a word is no name
_FRENCH_ENDINGS = ("ante", "antes", "ant", "ants", "able", "ables", "ible", "ee", "ees", "ement", "ique", "iques", "eux",
                   "euse", "tion", "sion", "ite", "aire", "isme", "iste", "trice", "teur", "ait", "aient", "ent",
                   "ale", "ales", "aux", "elle", "ette", "oire", "ure", "ie", "gie", "ose", "ite", "ome", "algie", "eme",
                   "emes", "ite", "ites", "oses", "ique", "iques", "if", "ive", "ifs", "ives",
                   # demonyms ('père valaisan', 'mère lyonnaise') and Dutch verbs after a kin word ('papa werkt')
                   "aise", "aises", "oise", "oises", "isan", "isane", "ien", "iens", "ienne", "iennes", "kt", "gt")


def _unknown_lower(word: str, lk: Lookups) -> bool:
    f = fold(word)
    return len(f) >= 3 and not f.endswith(_FRENCH_ENDINGS) and not lk.is_common(word) and f not in lk.function_words and (f,) not in lk.cities and all(
        not lk.is_common(p) for p in f.split("-") if p)


@lru_cache(maxsize=1)
def _regions_whole() -> frozenset[str]:
    """Folded countries and regions, whole names only ('khanh' is no region; 'khanh hoa' is)."""
    base = Path(__file__).parent / "data"
    return frozenset(fold(entry) for name in ("fallback_places.txt", "places_regions.txt") if (base / name).exists()
                     for entry in read_list(base / name))


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """Folded countries, regions and their first words (data/fallback_places.txt, places_regions.txt):
    never a person's name after a kin word ('son fils, Canada')."""
    base = Path(__file__).parent / "data"
    words: set[str] = set()
    for name in ("fallback_places.txt", "places_regions.txt"):
        path = base / name
        if path.exists():
            for entry in read_list(path):
                f = fold(entry)
                words.add(f)
                words.add(f.split()[0] if f.split() else f)
    return frozenset(words)


# ---------------------------------------------------------------- the patient's name in damaged forms
# letters OCR and typing confuse, and ligatures, folded to one symbol on both sides of the comparison
_DEEP = str.maketrans({"0": "o", "1": "i", "l": "i", "3": "e", "5": "s", "'": None, "’": None, "-": None,
                       " ": None, "^": None})
_WORDISH = re.compile(r"[^\W_](?:[\w'’]|-(?=\w))*")


_ABBR_AFTER = re.compile(r",?[ \t]{1,2}([a-z]{1,8}\.?(?:-[a-z]{1,3}\.?)?)(?![\w\-])")
_ABBR_BEFORE = re.compile(r"(?<![\w.\-])([a-z]{1,8}\.?(?:-[a-z]{1,3}\.?)?)[ \t]{1,2}$")


def _abbreviates(abbr: str, name: str) -> bool:
    """'jean-ph', 'j-ph', 'jp', 'c' abbreviate 'jean-philippe' / 'catherine'; the whole name does not."""
    a = abbr.replace(".", "")
    parts = [x for x in re.split(r"[\s\-]+", name) if x]
    if not a or not parts or a == name.replace(" ", "-"):
        return False
    pieces = a.split("-")
    if len(pieces) == len(parts):
        return all(q and w.startswith(q) for q, w in zip(pieces, parts)) and pieces != parts
    return len(parts) >= 2 and len(a) == len(parts) and all(c == w[0] for c, w in zip(a, parts))


def _abbreviated_beside(ctx: Context, surname: str, firsts: list[str]) -> list[Candidate]:
    """The patient's surname or first name with the other written short beside it ('catherine w.',
    'WAUTERS, C.', 'Jean-Ph. De Smet', 'jp de smet'): name and abbreviation as one span. A bare lower-case
    letter needs its dot ('Dupont a vu' stays)."""
    ft, text = ctx.folded_text, ctx.text
    out: list[Candidate] = []
    sur, fs = fold(surname).strip(), [fold(f).strip() for f in firsts if f.strip()]
    pairs = [(sur, f) for f in fs] + [(f, sur) for f in fs]
    for target, other in pairs:
        if len(target) < 3 or not other:
            continue
        k = ft.find(target)
        while k >= 0:
            e = k + len(target)
            if (k == 0 or not ft[k - 1].isalnum()) and (e >= len(ft) or not ft[e].isalnum()):
                for m, after in ((_ABBR_AFTER.match(ft, e), True), (_ABBR_BEFORE.search(ft, max(0, k - 14), k), False)):
                    if not m:
                        continue
                    raw = text[m.start(1) : m.end(1)]
                    a = m.group(1)
                    if not after and a.rstrip(".") in ("m", "mr", "mme", "mlle", "dr", "pr", "me", "st", "ste"):
                        continue  # 'M. YILMAZ Mehmet': the title is no initial
                    shaped = "." in a or "-" in a or raw.isupper() or len(a) >= 2 and len(re.split(r"[\s\-]+", other)) >= 2
                    if shaped and _abbreviates(a, other):
                        out.append((k, m.end(1)) if after else (m.start(1), e))
            k = ft.find(target, k + 1)
    return [(s, e, "PATIENT") for s, e in out]


_ELIDED_NAME = re.compile(r"(?<![\w])(?:[dlDL]|[Qq]u|[Jj]usqu)['’]([A-ZÀ-Þ][\w\-]*)")


def _elided_names(ctx: Context, names: list[str]) -> list[Candidate]:
    """The patient's first name or surname after an elision ("les parents d'Arthur", "le dossier
    d'Amrani"): the name without its "d'"."""
    whole = {fold(n) for n in names if n}
    return [(m.start(1), m.end(1), "PATIENT") for m in _ELIDED_NAME.finditer(ctx.text) if fold(m.group(1)) in whole]


_OCR_IN_WORD = re.compile(r"[^\W\d_][0135][^\W\d_]")  # a digit inside a word: "B3N", "L0euillet"


def deep_key(word: str) -> str:
    """A comparison key that OCR digits, ligatures, apostrophes, hyphens and spaces do not change:
    'Lœuillet', 'LOEUILLET', 'L0euillet' -> one key; 'B3N-ABDALLAH', 'Ben Abdallah' -> one key."""
    f = fold(word).replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return f.translate(_DEEP)


_VOWELS = frozenset("aeiouy")


# the labels of a contact line, capitalised at a line start ('Mél :', 'Tél.', 'Port.'): no short form of a name
_CONTACT_LABELS = frozenset({"mel", "mail", "email", "tel", "fax", "gsm", "port", "portable", "courriel"})


def _diminutive_of(word: str, first: str, lk: Lookups) -> bool:
    """'Fred' for Frédéric, 'Véro' for Véronique, 'Isa' for Isabelle (the name's first three to five letters,
    two at least left out), 'Jojo' for Joseph, 'Dédé' for André (a consonant and a vowel of the name,
    doubled). Both folded; the word is no French word (but a doubled syllable may be: 'Mimi')."""
    n = len(word)
    if n == 4 and word[:2] == word[2:] and word[0] not in _VOWELS and word[1] in _VOWELS:
        at = first.find(word[0])
        return at >= 0 and word[1] in first[at + 1 :]
    if not 3 <= n <= min(5, len(first) - 2) or not first.startswith(word) or lk.is_common(word) or (
            word in NOT_NAME_ACRONYMS or word in _CONTACT_LABELS):
        return False  # ('Mél' for Mélanie is the mail label, 'Tel' for Telma the phone's, 'IDE' for Idelette a nurse)
    if word in lk.first_names and n >= 4:
        return False  # 'Jean' in a text about Jeannine, 'Paul' about Pauline: someone else
    return word not in lk.function_words and (word,) not in lk.cities


def _swapped(word: str, target: str) -> bool:
    """``word`` is ``target`` with two neighbouring letters swapped ('Dupnot' for Dupont)."""
    if len(word) != len(target) or word == target:
        return False
    diff = [k for k in range(len(word)) if word[k] != target[k]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]] and (
        word[diff[1]] == target[diff[0]])


def _transposed_names(ctx: Context, targets: list[str]) -> list[Candidate]:
    """The patient's names typed with two neighbouring letters swapped ('Mretens' for Mertens, 'Joesph'),
    capitalised, five letters or more, no French word nor another known name (the patient annotator's one
    edit misses a swap: it is two)."""
    targets = [t for t in targets if len(t) >= 5]
    if not targets:
        return []
    lengths = {len(t) for t in targets}
    toks, bare, lk = ctx.tokens, ctx.bare, ctx.lookups
    out: list[Candidate] = []
    for i in ctx.caps:
        w = bare[i]
        if len(w) not in lengths or w in targets or lk.is_common(w) or w in lk.first_names or w in lk.surnames:
            continue
        if any(_swapped(w, t) for t in targets):
            out.append((toks[i].start, toks[i].end, "PATIENT"))
    return out


# two dotted capitals ('J.D.', 'J. D.'): initials (a hyphenated first initial allowed: 'J.-P. D.')
_DOTTED_INITIALS = re.compile(r"(?<![\w.])([A-Z])\.(?:-[A-Z]\.)? ?([A-Z])\.(?![\w.])")


class PatientExtraAnnotator(Annotator):
    """The patient's names in forms the patient annotator's exact and one-edit matches miss: OCR digits
    and ligatures ('B3N ABDALLAH', 'Loeuillet' for Lœuillet), a surname split or joined otherwise
    ('VANDEN BERGHE' for Vandenberghe), one part of a compound surname alone ('DUPONT' for
    Dupont-Lefèvre). Plain matches stay the patient annotator's (its guards apply)."""

    def __init__(self, tag: str = "PATIENT", **kw: Any) -> None:
        super().__init__(tag or "PATIENT", **kw)

    @staticmethod
    def _diminutives(ctx: Context, firsts: list[str]) -> list[Candidate]:
        """The patient's first name shortened or doubled as people call them ('Fred', 'Jojo'), written
        capitalised in mixed case (a capitalised token whose first letter a first name starts with), or its first
        four or five letters in lower case ('jess' for Jessica)."""
        heads = {f[0] for f in firsts if len(f) >= 5} | {c for f in firsts for c in f if c not in _VOWELS}
        if not firsts or not heads:
            return []
        toks, bare, lk = ctx.tokens, ctx.bare, ctx.lookups
        out: list[Candidate] = []
        for i in ctx.caps:
            w = bare[i]
            if w[:1] not in heads or not 3 <= len(w) <= 5 or toks[i][0].isupper() or w in firsts:
                continue
            if any(_diminutive_of(w, f.split("-")[0], lk) for f in firsts):
                out.append((toks[i].start, toks[i].end, "PATIENT"))
        # in lower case, as messages write them ('salut c jess' for Jessica): four or five letters, one probe
        prefixes = {f.split("-")[0][:k] for f in firsts for k in (4, 5) if len(f.split("-")[0]) >= k + 2}
        hits = prefixes.intersection(ctx.folded_set) if prefixes else ()
        for i in ctx.indices(hits) if hits else ():
            w = bare[i]
            if toks[i].text.islower() and w not in lk.medical and any(
                    _diminutive_of(w, f.split("-")[0], lk) for f in firsts):
                out.append((toks[i].start, toks[i].end, "PATIENT"))
        return out

    def _lower_case_names(self, ctx: Context, names: list[str]) -> list[Candidate]:
        """The patient's surname or first name written in lower case in a mixed-case text ('Re: "dumont rx
        coude"', a hurried note): the patient annotator takes a lower-case word only in a lower-case text. A
        word of 4+ letters that no French, function-word or town list holds, found by one set probe, not right
        after a lower-case word (the common-word list leaves surnames out, so 'renard' is a name to it)."""
        lk, toks = ctx.lookups, ctx.tokens
        words = {fold(w) for n in names for w in re.findall(r"[^\W\d_]+", n) if len(w) >= 4}
        hits = {w for w in words & ctx.folded_set if not lk.is_common(w) and w not in lk.function_words and (
            w,) not in lk.cities and w not in lk.medical}
        if not hits:
            return []
        # not after a lower-case word: 'pas de renard', 'son mari est boulanger' use the surname as the word it is
        return [(toks[i].start, toks[i].end, self.tag) for i in ctx.indices(hits) if toks[i].text.islower() and not (
            i and ctx.joined(i) and toks[i - 1].kind == "word" and toks[i - 1].text.islower())]

    def _initials(self, ctx: Context, surname: str, firsts: list[str]) -> list[Candidate]:
        """The patient named by dotted initials, first name then surname or the reverse ('J.D.', 'J. D.',
        'D.J.'): two capitals that are the initials of the patient's own names, each followed by a dot."""
        if not surname or not firsts or not firsts[0]:
            return []
        f, s = fold(firsts[0])[:1].upper(), fold(surname)[:1].upper()
        text = ctx.text
        if f + "." not in text and s + "." not in text:
            return []
        return [(m.start(), m.end(), self.tag) for m in _DOTTED_INITIALS.finditer(text)
                if {(m.group(1), m.group(2)), (m.group(2), m.group(1))} & {(f, s)}]

    def annotate(self, ctx: Context) -> list[Candidate]:
        p = ctx.patient
        if p is None or not (p.surname or p.first_names):
            return []
        lk, text = ctx.lookups, ctx.text
        names = [p.surname or ""] + list(p.first_names)
        ft = ctx.folded_text
        elided = _elided_names(ctx, names) if any("'" + fold(n) in ft for n in names if n) else []
        elided.extend(_abbreviated_beside(ctx, p.surname or "", list(p.first_names)))
        elided.extend(self._diminutives(ctx, [fold(f) for f in p.first_names if f]))
        elided.extend(_transposed_names(ctx, [fold(w) for n in names for w in re.findall(r"[^\W\d_]+", n)]))
        elided.extend(self._lower_case_names(ctx, names))
        elided.extend(self._initials(ctx, p.surname or "", list(p.first_names)))
        # run only where a variant can be: OCR damage, a ligature, a compound surname, or the start of the
        # surname without the whole of it ('VANDEN BERGHE' for Vandenberghe): C-level probes first
        ft, sur = ctx.folded_text, fold(p.surname or "")
        compound = any(c in sur.strip() for c in " -'")
        if not (compound or _OCR_IN_WORD.search(text) or any(c in ft or c in sur for c in "œæß")
                or any(c in fold(f) for f in p.first_names for c in "œæß")
                or len(sur) >= 6 and sur[:4] in ft and sur not in ft):
            return elided
        plain = {fold(w) for n in names for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", n)} | {fold(n) for n in names}
        keys: dict[str, int] = {}  # deep key -> number of words it spans in the metadata
        firsts: set[str] = set()
        parts: set[str] = set()  # need the patient's first name beside them ('SYLVIE MOREAU' for Moreau-Vidal)
        for k, n in enumerate(names):
            words = re.findall(r"[^\W\d_]+", n)
            if len(deep_key(n)) >= 4:
                keys[deep_key(n)] = len(words)
                if k:
                    firsts.add(deep_key(n))
            for w in words if k == 0 and len(words) > 1 else ():  # a part of a compound surname
                if len(w) >= 4 and not lk.is_common(w) and fold(w) not in lk.function_words:
                    parts.add(deep_key(w))
        if not keys and not parts:
            return elided
        heads = {k[0] for k in keys.keys() | parts}
        out: list[Candidate] = elided
        words = list(_WORDISH.finditer(text))

        def damaged_or_surname(key: str, s: int, e: int) -> bool:
            # a first name written apart ('Jean Pierre X') may be someone else's: only OCR damage counts
            return key not in firsts or key in keys and any(c.isdigit() or c in "œæŒÆ" for c in text[s:e])

        for k, m in enumerate(words):
            w = m.group()
            if deep_key(w[:2])[:1] not in heads:
                continue
            if not w[0].isupper() and not w[0].isdigit() and (len(w) < 5 or lk.is_common(w) or "-" in w):
                continue  # lower case: a word no French list holds ('loeuillet'), not 'ben
            joined, end = deep_key(w), m.end()
            for nxt in words[k + 1 : k + 3]:  # one word, or two or three written apart ('VANDEN BERGHE')
                if joined in keys and fold(text[m.start() : end]) not in plain and damaged_or_surname(
                        joined, m.start(), end):
                    out.append((m.start(), end, self.tag))
                if text[end : nxt.start()] not in (" ", "-") or not (nxt.group()[0].isupper() or w.isupper() and
                                                                  nxt.group().isupper()):
                    break
                joined, end = joined + deep_key(nxt.group()), nxt.end()
            else:
                if joined in keys and fold(text[m.start() : end]) not in plain and damaged_or_surname(
                        joined, m.start(), end):
                    out.append((m.start(), end, self.tag))
        if parts:
            for k, m in enumerate(words):
                if deep_key(m.group()) not in parts or not m.group()[0].isupper():
                    continue
                for o in (words[k - 1] if k else None, words[k + 1] if k + 1 < len(words) else None):
                    if o is not None and deep_key(o.group()) in firsts and text[min(m.end(), o.end()):max(
                            m.start(), o.start())] == " ":
                        out.append((min(m.start(), o.start()), max(m.end(), o.end()), self.tag))
        return out


# ---------------------------------------------------------------- identifiers
# 11 (NISS) or 13+2 (NIR) digits in any grouping by single spaces, dots or dashes
_GROUPED_DIGITS = re.compile(r"(?<![\w.,/\-])[12]?\d(?:[ .\-]?\d){10,14}(?![\w]|[.,/\-]\d)")
_LETTER_GROUP_CODE = re.compile(r"(?<![\w\-/.])[A-Z]{2,6}(?:[\-_/.][A-Z]{1,6}){1,3}[\-_/.]\d{4,}(?:[\-_/.]\d+)*(?![\w\-])")
_DOCKET_CUE = re.compile(  # (a first-letter lookahead before the lookbehind: same matches, faster scan)
    r"(?=[rRpPsSaAnNoOdDcC])(?<![\w])(?:RG|R\.G\.|police|polis|polisnummer|sinistre|dossier\s+sinistre|aktenzeichen|az\.?|rolnummer"
    r"|notitienummer|onderzoeksnummer|dossiernummer|contrat|ref\.?\s+dossier)\s*(?:n[°o]\.?\s*)?:?\s*"
    r"(?P<code>(?=[A-Z]{0,4}[0-9])[A-Z0-9](?:[A-Z0-9./\-]| (?=\d))*[A-Z0-9])", re.IGNORECASE)
# a national number's cue a few characters before it: its digits then need no valid checksum
_NATIONAL_CUE = re.compile(r"(?:NISS|INSZ|RRN|NN|NIR|n°\s*national|num[ée]ro\s*national|registre\s*national"
                           r"|rijksregister(?:nummer)?|s[ée]cu(?:rit[ée]\s*sociale)?|INSEE|SSN|SS)\s*(?:n[°o]\.?)?\s*[:.]?\s*$",
                           re.IGNORECASE)
_DOCKET_WORDS = frozenset({"rg", "r.g", "r", "police", "polis", "polisnummer", "sinistre", "aktenzeichen", "az",
                           "rolnummer", "notitienummer", "onderzoeksnummer", "dossiernummer", "contrat", "ref", "dossier"})
_DOCKET_PAIRED = frozenset({"ref", "dossier"})
# the cues of _DOCKET_CUE but 'dossier' and 'ref', folded: long ones (substring tests), short ones (not after a letter)
_DOCKET_LONG_CUES = ("polic", "polis", "sinistre", "aktenzeichen", "rolnummer", "notitienummer", "onderzoeksnummer",
                     "dossiernummer", "contrat")
_DOCKET_SHORT_CUES = ("rg", "az", "r.g.")


def _other_docket_cue(folded_text: str) -> bool:
    """The folded text holds a docket cue besides 'dossier' and 'ref' (a necessary condition of a
    _DOCKET_CUE match led by one): C substring searches, the short cues checked for what precedes them."""
    if any(cue in folded_text for cue in _DOCKET_LONG_CUES):
        return True
    for cue in _DOCKET_SHORT_CUES:
        at = folded_text.find(cue)
        while at >= 0:
            if at == 0 or not (folded_text[at - 1].isalnum() or folded_text[at - 1] == "_"):
                return True
            at = folded_text.find(cue, at + 1)
    return False
# trigger gates: a necessary part of each pattern above, led by a character class the engine skips to
# quickly, searched once per text before the slow word-led pattern (same output, less scanning)
_LETTER_CODE_TAIL = re.compile(r"[A-Z][\-_/.]\d{4}")
_COMPACT_DATE_TAIL = re.compile(r"[:=]\s*(?:19|20)\d{6}")
_COMPACT_DATE = re.compile(r"(?<![\w])(?:DOB|DATE|Date|BIRTH|Birth|DDN|geb\.?|Geburtsdatum|StudyDate|date)\s*[:=]\s*"
                           r"(?P<d>(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)")


class IdExtraAnnotator(Annotator):
    """National numbers in any grouping (checksum), multi-letter codes, docket/policy numbers after their
    cue, and compact DICOM dates (DATE) (see the module docstring)."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text = ctx.text
        # every grouped number lies in one of the context's digit windows (runs of 10+ digits, shared with
        # the NISS/NIR annotators): searched there only, each window holding its run plus 12 characters
        grouped = (m for a, b in ctx.digit_windows() for m in _GROUPED_DIGITS.finditer(text, a, b))
        for m in grouped:
            digits = re.sub(r"\D", "", m.group())
            cued = len(digits) in (11, 13, 15) and _NATIONAL_CUE.search(text, max(0, m.start() - 30), m.start())
            if cued or len(digits) == 11 and niss_valid(digits) or len(digits) == 15 and nir_valid(
                    digits[:13], digits[13:]):
                out.append((m.start(), m.end(), self.tag))
        if _LETTER_CODE_TAIL.search(text):  # its necessary tail, found by a charset-led scan
            out.extend((m.start(), m.end(), self.tag) for m in _LETTER_GROUP_CODE.finditer(text))
        docket_words = ctx.bare_set.intersection(_DOCKET_WORDS)  # (the same set, from the distinct tokens)
        # 'dossier' starts a cue only as 'dossier sinistre' and 'ref' only as 'ref dossier': with one of them
        # alone the pattern runs only when the folded text holds another cue somewhere ('R.G.', a glued one)
        if docket_words and (docket_words - _DOCKET_PAIRED or len(docket_words) == 2 or _other_docket_cue(
                ctx.folded_text)):
            out.extend((m.start("code"), m.end("code"), self.tag) for m in _DOCKET_CUE.finditer(text)
                       if sum(c.isdigit() for c in m.group("code")) >= 5)
        if _COMPACT_DATE_TAIL.search(text):  # ':' or '=' then eight digits: what every compact date needs
            out.extend((m.start("d"), m.end("d"), "DATE") for m in _COMPACT_DATE.finditer(text))
        if "zero" in ctx.folded_set:
            out.extend(_dictated_phones(ctx))
        return out


def _dictated_phones(ctx: Context) -> list[Candidate]:
    """A phone number dictated in words: 'zéro six vingt-deux quarante et un dix-huit trente-trois'
    (from 'zéro', five or more number words on one line) as PHONE."""
    out: list[Candidate] = []
    toks, folded, n = ctx.tokens, ctx.folded, len(ctx.tokens)
    for i in [i for i, f in enumerate(folded) if f == "zero"]:
        j = i + 1
        while j < n and ctx.joined(j) and toks[j].kind == "word" and is_number_word(folded[j]):
            j += 1
        if j - i >= 5:
            out.append((toks[i].start, toks[j - 1].end, "PHONE"))
    return out


# ---------------------------------------------------------------- refinement before resolution
_REGISTER_LEAD = re.compile(r"(?:RPPS|ADELI|FINESS|SIRET|SIREN|INSEE|INAMI|RIZIV|NISS|NIR|IPP|NDA)\s*(?:n[°o]\s*)?:?\s*",
                            re.IGNORECASE)
_LEADING_KIN = frozenset({
    "fils", "fille", "frere", "soeur", "mari", "epoux", "epouse", "femme", "conjoint", "conjointe", "compagnon",
    "compagne", "pere", "mere", "neveu", "niece", "oncle", "tante", "cousin", "cousine", "gendre", "voisin", "voisine",
    "ami", "amie", "papa", "maman", "contact", "m", "mme", "mr", "mlle", "madame", "monsieur", "herr", "herrn", "frau",
    "dhr", "mevr", "mevrouw", "meneer", "dr", "docteur", "pr", "polizeiinspektor", "polizist", "inspektor",
    "pfleger", "pflegerin", "krankenschwester", "verpleegkundige", "hausarzt", "huisarts",
}) | _FOREIGN_KIN
# titles: trimmed only after a kin word ('NEVEU M. X'); a span led by a title alone is the core rules' ('M. Dupont')
_TITLE_WORDS = frozenset({"m", "mme", "mr", "mlle", "madame", "monsieur", "herr", "herrn", "frau", "dhr", "mevr",
                          "mevrouw", "meneer", "dr", "docteur", "pr"})
_SPLIT_TAIL = re.compile(r" ([a-zà-ÿ]{2,6}|[A-ZÀ-Þ]{2,6})(?![\w'\-])")
_SPLIT_WORD = re.compile(r" ([A-ZÀ-Þ][a-zà-ÿ]{1,8}) ([a-zà-ÿ]{2,6})(?![\w'\-])")
_MIDDLE_GAP = re.compile(r" ([A-ZÀ-Þ][a-zà-ÿ]{1,5}|[A-ZÀ-Þ]{2,6}) ")
# Vietnamese middle names (and common given names) that French word lists hold ('Duc', 'Van')
_VIET_MIDDLE = frozenset({"van", "thi", "duc", "huu", "dinh", "ngoc", "xuan", "kim", "minh", "quoc", "thanh", "cong",
                          "manh", "quang", "trung", "hong", "bao", "gia", "phuong"})
_TIME_CUE_BEFORE = re.compile(r"(?:TIME|Time|Heure|heure|Uhrzeit)\s*[:=]\s*$")


def refine_candidates(candidates: list[Candidate], text: str, lookups: Lookups) -> list[Candidate]:
    """Move span edges before overlap resolution (see the module docstring); returns a new list."""
    dates = [(s, e) for s, e, t in candidates if t == "DATE"]
    date_spans = set(dates)
    out: list[Candidate] = []
    leads: list[tuple[int, int]] = []
    for s, e, t in candidates:
        if t == "LOCATION" and dates and text[s : s + 1].isdigit():
            for ds, de in dates:
                if ds < s < de <= e - 2:
                    s = de
                    while s < e and not text[s].isalnum():
                        s += 1
                    break
        elif t == "ID":
            if (s, e) in date_spans:
                continue
            if _TIME_CUE_BEFORE.search(text, max(0, s - 10), s) and re.fullmatch(r"\d{6}", text[s:e]):
                continue  # 'TIME:101522' is a time of day
            lead = _REGISTER_LEAD.match(text, s, e)
            if lead and lead.end() < e and text[lead.end()].isdigit():
                leads.append((s, lead.end()))
                s = lead.end()
        elif t in ("PERSON", "PATIENT"):
            if text[s + 2 : s + 3] == " " and text[s : s + 2] in ("le", "la") and (
                    _ADDRESSED_OFFICE.fullmatch(text, s, e)):
                continue  # 'Madame le Juge', 'Monsieur le Président': an office addressed, no one's name
            s = _after_leading_kin(text, s, e) if t == "PERSON" else s
            if text[s + 1 : s + 2] in ("'", "’") or text[s + 2 : s + 3] in ("'", "’"):
                lead = _ELIDED_ROLE.match(text, s, e) or _ELIDED_LEAD.match(text, s, e)
                s = lead.end() if lead else s  # 'L'IDE Victoire', 'C'est Fatoumata': no part of the name
            e = _grow_split_name(text, s, e, lookups)
            if e < len(text) and (text[e] in _OCR_DIGITS or text[e] == ".") and text[e - 1 : e].isalpha():
                e = _grow_ocr_damage(text, s, e, lookups)  # 'Fr4nçois B0NNET', 'Bo..illot'
            initials = _INITIALS_AFTER.match(text, e) if text[e + 1 : e + 2].isupper() else None
            if initials and text[s:e].isupper() and len(text[s:e]) >= 2:
                e = initials.end()  # 'LECA M-L 36a', 'DUBOIS J.-P.'
            if t == "PERSON" and " " not in text[s:e].strip():
                s, e = _grow_one_word(text, s, e, lookups)
            e = _grow_spaced_hyphen(text, s, e, lookups)
            s, e = _across_lines_and_labels(text, s, e, lookups)
            cut = _SPACED_DASH_ORG.search(text, s, e)
            if cut and cut.start() > s and any(c.isalpha() for c in text[s:cut.start()]):
                e = cut.start()  # 'Dr De Smet - AZ Groeninge', 'DR MOTTARD - CHR CITADELLE': the name ends at the dash
            if "^" in text[s:e]:  # 'DE BACKER^JAN DOB:...': the caret name ends the span
                caret = _CARET_NAME.search(text, s, e)
                e = caret.end() if caret else e
        if e > s:
            out.append((s, e, t))
    persons = sorted(c for c in out if c[2] in ("PERSON", "PATIENT"))
    for (s1, e1, t1), (s2, e2, _) in zip(persons, persons[1:]):
        mid = _MIDDLE_GAP.fullmatch(text, e1, s2)
        if mid and fold(mid.group(1)) in _VIET_MIDDLE:
            out.append((s1, e2, t1))  # 'Dr Nguyen Duc Anh': the middle name the lists miss joins the halves
        elif e1 < s2 <= e1 + 3 and text[e1:s2].strip() == "-" and " " not in text[s1:e1] and (
                fold(text[s1:e1]) in lookups.first_names):
            first = re.match(r"[^\W\d_]+", text[s2:e2])
            if first and fold(first.group()) in lookups.first_names:
                out.append((s1, e2, t1))  # 'Dr Jean - Marc Lefèvre': a compound first name written apart
    if leads:  # the register's name is no person nor place ('RPPS' read by the proper-noun fallback)
        out = [c for c in out if c[2] == "ID" or not any(a <= c[0] and c[1] <= b for a, b in leads)]
    return out


# an office addressed by its article ('Madame le Juge,', 'Monsieur le Président', 'Madame la Procureure'): read
# as 'Mme Le Goff' by the particle rules, it names no one
_ADDRESSED_OFFICE = re.compile(
    r"l[ea] (?i:juge|pr[ée]sidente?|procureure?|maire|pr[ée]f[èe]te?|sous-pr[ée]f[èe]te?|directeur|directrice"
    r"|b[âa]tonni(?:er|[èe]re)|ministre|d[ée]put[ée]e?|s[ée]nat(?:eur|rice)|substitute?|commissaire|greffi(?:er|[èe]re)"
    r"|recteur|rectrice|conseill(?:er|[èe]re)|m[ée]decin|m[ée]decin-conseil|docteure?|professeure?|administrat(?:eur|rice)"
    r"|d[ée]l[ée]gu[ée]e?|inspect(?:eur|rice)|avocate?|notaire|huissi(?:er|[èe]re)|consul|ambassad(?:eur|rice)|colonel"
    r"|capitaine|commandant|g[ée]n[ée]ral|doyen|doyenne|secr[ée]taire|tr[ée]sori(?:er|[èe]re)|d[ée]fenseur|d[ée]fenseure)"
    r"(?:[ \t]+(?:de|des|du|aux?)[ \t]+[^\W\d_]+(?:[ \t]+[^\W\d_]+)?)?")
# a care role with its elided article at the head of a person span ('L'IDE Victoire', "l'interne Paul Roy")
_ELIDED_ROLE = re.compile(r"[Ll]['’](?i:IDE|AS|ASH|infirmi[eè]re?|interne|externe|aide-soignante?|assistante?"
                          r"(?:[ \t]+sociale?)?|auxiliaire|ergoth[ée]rapeute|orthophoniste|ost[ée]opathe|[ée]ducat(?:eur|rice))"
                          r"[ \t]+(?=[A-ZÀ-Þ][a-zà-ÿ])")
# an elided word of the sentence at the head of a person span ("C'est Fatoumata", "J'ai eu", "D'après")
_ELIDED_LEAD = re.compile(r"(?:[CcJjNnSs]|[Qq]u)['’](?:est|était|etait|ai|avait|avais|il|elle|on|y)[ \t]+(?=[A-ZÀ-Þ])"
                          r"|[Dd]['’]apr[èe]s[ \t]+(?=[A-ZÀ-Þ])")
_INITIALS_AFTER = re.compile(r" (?:[A-Z]\.?-[A-Z]\.?|[A-Z]\.-[A-Z]\.)(?![\w.\-])")
_TITLE_BEFORE = re.compile(r"(?:\b(?:Dr|DR|Pr|PR|M|Mme|MME|Mr|MR|Mlle|Dre|Prof|Docteur|DOCTEUR)\.?|:)\s*$")
_NEIGHBOUR = re.compile(r"[A-ZÀ-Þ][a-zà-ÿ]{2,}(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?")


# a hyphenated name broken at the line's end ('Ter-\nMinassian'): the rest of the word on the next line
_HYPHEN_BREAK = re.compile(r"-[ \t]*\r?\n[ \t]*([^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)*)")
# a name particle alone before a span ('Dr Gwenaël\nLe Bihan'): the particle, the span's first word after it
_PARTICLE_BEFORE = re.compile(r"(?:^|(?<=[\n\t ]))(Le|La|De|Du|Des|Van|Von|Der|Den|Ben|El|Al|Da|Dos|Di|Mac|Ter|Ten|Vande|Vanden"
                              r"|Vander)[ \t]$")
_TRAILING_PARTICLES = frozenset({"Bel", "Ben", "El", "Ould", "Abd", "Ibn", "Bou", "Ait", "Aït", "Van", "Von", "De", "Del",
                                 "Della", "Da", "Di", "Dos", "Das", "Le", "La", "Ter", "Ten", "Vanden", "Vander"})
# a first name written short before a surname: two or three letters and a dot ('Ph.', 'Th.', 'Chr.'), or 'J.-Ph.'
_ABBREVIATED_FIRST = re.compile(r"(?:^|(?<=[\s(:,;/]))((?:[A-Z]\.-)?(?:Ph|Th|Ch|Chr|Cl|Fr|Fl|Gh|Gr|Jn|Jq|Ed|Em|Ml|Mch)\.)"
                                r"[ ]$")
# an initial after a Title-case name ('l'IDE Laetitia P. ce matin'), before lower-case text or the clause's end
_INITIAL_TAIL = re.compile(r" ([A-Z])\.(?=[ \t]+[a-zà-ÿ]|[ \t]*[,;)\n]|[ \t]*$)")
# a header's next label swept into a name after a wide gap ('POPESCU Cristina   Birth: 03/03/1988')
_LABEL_AFTER_GAP = re.compile(r"[ \t]{2,}[^\W\d_][\w.]*[ \t]*$")
# the colon that makes the word after the gap a label, an abbreviation's dot before it ('Radiol. : Dr X')
_LABEL_COLON = re.compile(r"\.?[ \t]?:")
# Vietnamese family names: the given and middle names after them may be French words ('Pham Minh Duc', 'TRAN Duc')
_VIET_FAMILY = frozenset({"nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do",
                          "ho", "ngo", "duong", "ly", "truong", "dinh", "lam", "luong", "trinh", "mai", "cao", "ta"})
_VIET_GIVEN = _VIET_MIDDLE | frozenset({"anh", "binh", "chi", "dung", "hai", "hieu", "hoa", "hung", "huong", "khanh",
                                        "lan", "linh", "long", "mai", "nam", "nga", "phong", "son", "tam", "thao",
                                        "thu", "thuy", "trang", "tuan", "tung", "viet", "yen", "hanh", "hien"})


# (compiled once: refine_candidates runs them for every person candidate)
_VIET_NEXT = re.compile(r" ([A-ZÀ-Þ][a-zà-ÿ]{1,5})(?![\w'’\-])")
_WORD_BEFORE_SPACE = re.compile(r"([A-ZÀ-Þ][a-zà-ÿ]{2,}) $")
_LAST_WORD = re.compile(r"[^\W\d_]+$")


def _across_lines_and_labels(text: str, s: int, e: int, lk: Lookups) -> tuple[int, int]:
    """Person span edges over what a line break or a header split: the rest of a name hyphenated at the
    line's end, a particle alone before the name at a line start after a title or a first name, an initial
    after a Title-case name, the given names after a Vietnamese family name; and without a header's next
    label swept in after a wide gap. Each test looks at a few characters beside the span only."""
    after = text[e : e + 1]
    if after == "-":
        m = _HYPHEN_BREAK.match(text, e)
        if m and fold(m.group(1)) not in lk.function_words and text[s:e][-1:].isalpha():
            e = m.end()
    elif after == " ":
        m = _INITIAL_TAIL.match(text, e)
        last = text[s:e].rsplit(None, 1)[-1] if text[s:e].strip() else ""
        if m and last[:1].isupper() and last[1:2].islower():
            e = m.end()
        else:
            words = text[s:e].split()
            for _ in range(2):
                nxt = _VIET_NEXT.match(text[e : e + 8])
                if not (nxt and fold(nxt.group(1)) in _VIET_GIVEN and any(fold(w) in _VIET_FAMILY for w in words)):
                    break
                e += nxt.end()
    if text[e : e + 1] == " " and text[s:e].rsplit(" ", 1)[-1] in _TRAILING_PARTICLES:
        m = re.match(r" [A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ]+)?(?![\w'’\-])", text[e : e + 30])
        if m:
            e += m.end()  # 'Dr Yasmina Bel Hadj': a name never ends with its particle
    if s >= 3 and text[s - 1] == " ":
        m = _ABBREVIATED_FIRST.search(text, max(0, s - 9), s)
        if m:
            s = m.start(1)  # 'Ph. Lambert', 'J.-Ph. Colson': the abbreviated first name goes with the surname
    if s >= 3 and text[s - 1] in " \t":
        m = _PARTICLE_BEFORE.search(text, max(0, s - 8), s)
        if m:
            before = text[max(0, m.start() - 30) : m.start()]
            # the particle starts a line after a first name or a title, or follows a title on its line
            if before.endswith("\n") and re.search(r"(?:[A-ZÀ-Þ][a-zà-ÿ]+|Dr|Pr|Mme|M\.)[ \t]*\n$", before) or (
                    re.search(r"(?:\b(?:Dr|Pr|Mme|Mlle|M\.|Docteur|Madame|Monsieur))[ \t]+$", before)):
                s = m.start(1)
    if "  " in text[s:e] or "\t" in text[s:e]:
        m = _LABEL_AFTER_GAP.search(text, s, e)
        if m and _LABEL_COLON.match(text, e) and m.start() > s:
            e = m.start()
    return s, e


def _grow_one_word(text: str, s: int, e: int, lk: Lookups) -> tuple[int, int]:
    """A one-word person span next to a capitalised word that no French, medical or town list holds, on
    the same line: the other half of the name ('M. Petru Colonna' read as 'Petru', 'Kuntz Julien')."""
    word = text[s:e]
    nxt = text[e + 1 : e + 2]
    line_start = text.rfind("\n", 0, s) + 1
    if not (text[e : e + 1] == " " and nxt.isupper() or text[line_start : line_start + 1].isupper() and s > line_start):
        return s, e
    if not lk.is_name_like(word) and not _TITLE_BEFORE.search(text, max(0, s - 8), s):
        return s, e
    after = _NEIGHBOUR.match(text, e + 1) if text[e : e + 1] == " " else None
    if after and _free_name(after.group(), lk) and not text[after.end() : after.end() + 1].isalnum():
        return s, after.end()
    before = _WORD_BEFORE_SPACE.search(text[line_start:s])
    if before and before.start(1) == 0 and _free_name(before.group(1), lk) and lk.is_name_like(word) and (
            fold(before.group(1)) not in CIVILITIES) and fold(before.group(1)) not in _LEADING_KIN:  # 'Mevrouw Elke', 'Mama Els': out
        return line_start, e  # a line led by 'Surname Firstname'
    return s, e


_SPACED_HYPHEN_WORD = re.compile(r" ?- ?([^\W\d_][^\W\d_'’]+(?:-[^\W\d_]+)*)(?![\w'’\-])")


# a spaced dash then an organisation's head or acronym inside a person span: a header's next field, no part of the name
_SPACED_DASH_ORG = re.compile(
    r"[ \t]+[-–—][ \t]+(?=(?:AZ|CHU|CHR|CHRU|CHIREC|CH|CHL|CHwapi|GHdC|HUB|UZ|ZNA|GZA|HIA|GH|GHT|APHP|AP-HP|HCL|IFSI"
    r"|Clinique|CLINIQUE|Centre|CENTRE|H[ôo]pital|H[ÔO]PITAL|Cabinet|CABINET|Service|SERVICE|Polyclinique|Maison|MSP|Institut"
    r"|INSTITUT|Laboratoire|Labo|Groupe|Résidence|EHPAD|Hôtel-Dieu|Klinik|Ziekenhuis|Kliniek)\b)")


def _grow_spaced_hyphen(text: str, s: int, e: int, lk: Lookups) -> int:
    """A compound name written with a spaced hyphen in a lower-case note ('dr lemaire - dubois'): the next
    word joins when it is a known or world name in lower case too."""
    if text[e : e + 1] not in (" ", "-") or "-" not in text[e : e + 3]:
        return e
    m = _SPACED_HYPHEN_WORD.match(text, e)
    if not m:
        return e
    word, span = m.group(1), text[s:e]
    # lower case only: in capitalised text ' - ' separates a header's fields ('CHU X - Payet Kévin')
    same_case = word.islower() and span.islower()
    f = fold(word)
    if same_case and not lk.is_common(word) and (lk.is_name_like(word) or f in world_names()) and (f,) not in lk.cities:
        return m.end()
    return e


def _free_name(word: str, lk: Lookups) -> bool:
    f = fold(word)
    return not lk.is_common(word) and f not in lk.function_words and (f,) not in lk.cities and f not in lk.medical


def _after_leading_kin(text: str, s: int, e: int) -> int:
    """Start of a person span after its leading kin words and titles ('NEVEU M. SALVATORE CARUSO')."""
    first = text[s:e].split(None, 1)[0].rstrip(".:,")
    if fold(first) not in _LEADING_KIN:
        return s
    pos = s
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?\s*", text[s:e]):
        word = fold(m.group().strip().rstrip("."))
        if m.start() + s != pos or word not in _LEADING_KIN or pos == s and word in _TITLE_WORDS and (
                m.group().strip() not in ("Herrn", "Herr", "Frau", "Mevrouw", "Dhr")):
            break
        pos = s + m.end()
    if pos == s or pos >= e or not text[pos].isupper():
        return s
    return pos


_OCR_DIGITS = "013458"
_OCR_LETTERS = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "8": "b"})
# the rest of a word that OCR broke with digits read for letters ('Fr' + '4nçois') or with dots for
# letters it could not read ('Bo' + '..illot'), and a next word damaged the same way ('B0NNET')
_OCR_REST = re.compile(r"(?:[013458]+[^\W\d_]+)+[013458]?(?![\w'’])|\.{2,3}[^\W\d_]{2,}(?![\w'’])")
_OCR_NEXT = re.compile(r"[ \t]([A-ZÀ-Þ][^\W\d_]*(?:[013458]+[^\W\d_]+)+[013458]?)(?![\w'’])")


def _ocr_word_ok(word: str, lk: Lookups) -> bool:
    """A word with one or two digits read for letters whose letters make a known name, or a word no list
    holds: a name OCR damaged ('Fr4nçois', 'B0NNET'), not a code ('A4', 'T12')."""
    digits = sum(ch.isdigit() for ch in word)
    if not 1 <= digits <= 2 or sum(ch.isalpha() for ch in word) < 3:
        return False
    read = word.translate(_OCR_LETTERS)
    return any(lk.is_name_like(r) or not lk.is_common(r) and fold(r) not in lk.function_words
               for r in (read, read.replace("l", "i")))


def _grow_ocr_damage(text: str, s: int, e: int, lk: Lookups) -> int:
    """End of a person span grown over the rest of a word that OCR damaged, and over a next word damaged
    the same way; the span is left as it is when the joined word reads as no name."""
    m = _OCR_REST.match(text, e)
    if not m:
        return e
    head = re.search(r"[^\W\d_]+$", text[s:e])
    word = (head.group() if head else "") + m.group()
    if m.group().startswith("."):
        if len(word.replace(".", "")) < 5 or not head or not head.group()[:1].isupper():
            return e
    elif not _ocr_word_ok(word, lk):
        return e
    e = m.end()
    nxt = _OCR_NEXT.match(text, e)
    if nxt and _ocr_word_ok(nxt.group(1), lk):
        e = nxt.end()
    return e


def _grow_split_name(text: str, s: int, e: int, lk: Lookups) -> int:
    """End of a name span grown over OCR splits: 'Re' + ' naud', 'VANDENBUS' + ' SCHE', 'Nad' + ' ia'."""
    if text[e : e + 1] != " ":
        return e
    for _ in range(3):
        m = _SPLIT_TAIL.match(text, e)
        if not m:
            break
        last = _LAST_WORD.search(text[s:e])
        if not last:
            break
        head, frag = last.group(), m.group(1)
        mixed = head[0].isupper() and not head.isupper() and frag.islower()  # 'Re naud', 'Nad ia'
        if head.isupper() != frag.isupper() and not mixed:
            break
        joined = fold(head + frag)
        if lk.is_common(frag) or fold(frag) in lk.function_words or fold(frag) in NOT_NAME_ACRONYMS:
            break  # 'Dr Martin a vu', 'Mme Dupont est', 'Mme LEMOINE IPP 123' (a form's label)
        known = joined in lk.first_names or joined in lk.surnames or joined in world_names()
        fragment = head.isupper() and frag.isupper() and len(joined) >= 7  # 'VANDENBUS SCHE'; mixed: known only
        if not (known or fragment):
            break
        e = m.end()
    # a first name split in two after the name ('... Christ ophe'): the joined word is a known name
    m = _SPLIT_WORD.match(text, e)
    if m and not lk.is_common(m.group(2)) and (fold(m.group(1) + m.group(2)) in lk.first_names
                                               or fold(m.group(1) + m.group(2)) in world_names()):
        e = m.end()
    return e


__all__ = ["IdExtraAnnotator", "PatientExtraAnnotator", "PersonsExtraAnnotator", "deep_key", "refine_candidates"]

"""Post-resolution span merging: an organisation's head words and its town join its name.

The annotators find the *name* of an organisation ('Pasteur', 'Victor Hugo', 'Saint-Joseph') and,
separately, the town that ends it; the writers' convention makes one INSTITUTION span of the whole
('clinique Pasteur', 'lycée Victor Hugo de Besançon', 'centre hospitalier de Dole'). After overlap
resolution, two rules grow the resolved spans:

1. a span preceded on its line by an organisation head phrase ('clinique', 'cabinet médical de la',
   'service de santé au travail du') takes it in and becomes INSTITUTION. An INSTITUTION or a
   LOCATION span may be reached through the head's complement and a link word; a PERSON span only
   when the head touches it ('lycée Victor Hugo'), so 'service du Pr Martin' stays a person;
2. an INSTITUTION span followed by ' de '/' du '/" d'"/' de la ' and a LOCATION span becomes one span.

Nothing crosses a comma, a dash, a bracket, a sentence end or a line break (the gap is matched by
a regex that allows only lower-case words and single spaces), a lone head word never becomes a
span, and titles ('docteur', 'professeur') never sit inside the head phrase.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from deduce_fr.lookups import fold, fold_aligned

_DATA = Path(__file__).resolve().parent / "data"


def expand_heads(heads: list[str]) -> list[str]:
    """The head phrases, with each entry ending in '.txt' replaced by that list's lines (a file under ``data/`` or
    an absolute path; '#' lines are comments): the lexicon built from OpenStreetMap's French preset names
    (scripts/build_org_heads.py) joins the hand-written heads of the config this way."""
    out: list[str] = []
    for head in heads:
        if not head.endswith(".txt"):
            out.append(head)
            continue
        path = Path(head) if Path(head).is_absolute() else _DATA / head
        out.extend(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                   if line.strip() and not line.startswith("#"))
    return out

Candidate = tuple[int, int, str]

# words that never belong to an organisation's head phrase: determiners and verbs of a sentence that
# merely mentions a place ('vue à la clinique puis à Lyon'), titles, civilities
_STOP = frozenset(fold(w) for w in (
    "le les un une et ou puis pour par avec sans à a dans sur chez est été était sont qui que ne pas plus "
    "son sa ses leur leurs ce cet cette ces mon ma mes notre nos votre vos depuis pendant avant après "
    "vers selon entre contre sous comme où docteur professeur dr pr madame monsieur mademoiselle mme mlle "
    "maître me mr mrs mère père fils fille frère soeur sœur épouse mari ami amie patient patiente "
    "rendez-vous rdv consultation urgence urgences "
    # places, not organisations: 'le centre du village de X', 'un établissement de la ville de Y'
    "ville village bourg quartier commune region pays departement province canton agglomeration").split())
_LINKS = ("de la", "de l'", "de l’", "des", "du", "de", "d'", "d’", "au", "aux")

# before a head, a word that makes it any organisation of its kind, not a named one ('un café de La Louvière')
_INDEFINITE = frozenset({"un", "une", "d'un", "d'une", "d’un", "d’une", "quelques", "plusieurs", "chaque", "autre",
                         "ce", "cet", "cette", "son", "sa", "ses", "leur", "notre", "votre", "mon", "ma"})
# what ends a firm's name after its partners' names ('Dupont et Fils', 'Lambert & Cie', 'Moreau Frères')
_FIRM_TAIL = re.compile(r"(?:[ \t](?:&|et)[ \t](?:[Ff]ils|Cie|[Aa]ssociés|[Ff]rères|Co)|[ \t]Frères|[ \t]Père[ \t]et[ \t]Fils)"
                        r"(?![\w'’-])")
# the same tails written as a firm's, capitalised: they make a firm of the family name before them ('Dubois Père et
# Fils', 'Martin Frères', 'Lambert & Cie'), where a lower-case one is a person and their son ('M. Dupont et fils')
_FIRM_TAIL_OF_NAME = re.compile(r"(?:[ \t](?:&|et)[ \t](?:Fils|Cie|Associés|Frères|Co)|[ \t]Frères|[ \t]Père[ \t]et[ \t]Fils)"
                                r"(?![\w'’-])")
_TITLE = re.compile(r"(?i:dr|docteur|pr|prof|professeur|m|mr|mme|mlle|madame|monsieur|me|maître)\b")
_WORD = re.compile(r"(?<![\w-])[\w-]+")
# lower-case adjectives of a region, a people or a language area that close a body's name besides the '-ais'/'-ois'
# ones ('SeTIS wallon', 'GHT ... Flandre intérieure', 'Réseau hospitalier jurassien', 'Office cantonal valaisan');
# 'parisien' is left out as test_dfr_regressions_places pins it ("Hôpital privé de l'Ouest" then 'parisien')
_REGIONAL_ADJECTIVES = (r"(?:wallon|flamand|breton|normand|picard|alsacien|lorrain|savoyard|catalan|occitan|provençal|"
                        r"auvergnat|bourguignon|toulousain|valaisan|jurassien|tessinois|guadeloupéen|"
                        r"calédonien|polynésien|mosellan|rhénan|alpin|pyrénéen|méditerranéen|hennuyer|intérieur|"
                        r"germanophone|francophone|néerlandophone|bilingue|basque|corse|atlantique|maritime)"
                        r"(?:e|ne|nes|es|s|ère|ères)?")
# what closes an organisation's name after the words we found: a capitalised or a regional adjective ('Centre
# hospitalier de la Côte Basque', "de l'Ouest guyanais"), a site's or unit's number ('Hôpital Pasteur 2'), when
# the clause or the line ends right after it
_NAME_TAIL = re.compile(r"[ \t](?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ]+(?:ais|aise|ois|oise|ain|aine|ien|ienne|ique|que|al|ale|el|elle)|"
                        r"(?!(?:parfois|autrefois|toutefois|quelquefois|jamais|mais|désormais)\b)"
                        r"[a-zà-öø-ÿœ]{3,}(?:ais|aise|ois|oise)|" + _REGIONAL_ADJECTIVES + r"|\d{1,3})"
                        r"(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z))")
# a department's number after an organisation's name, before the clause ends, a dash or a function word ('Radiologie
# Mobile 21 le mardi', 'France Victimes 67 et', 'Radiologie Mobile 74 - Annecy'), as 'SAMU 974' is written; never a
# quantity before its unit ('au CHU 15 jours')
_NUMBER_TAIL = re.compile(r"[ \t](?:\d{2,3}|2[AB])(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z)|[ \t][-–—][ \t]|"
                          r"[ \t](?:le|la|les|et|du|des|à|au|aux|pour|par|qui|en|depuis|avec|sur|ou)[ \t])")
# a Belgian care home's abbreviation before a name that opens with 'Les' ('MR Les Hirondelles'): no person's name
# opens with that article, so 'MR' is the maison de repos there, not a civility
_CARE_ABBREVIATION_BEFORE = re.compile(r"(?<![\w'’/-])(?:MR|MRS|MRPA|MR/MRS|MR-MRS)[ \t]\Z")
# a capitalised article after a space, then a capital: where a name of its own may open after a head
# (led by the literal 'L', the look-behind after it: the engine skips ahead to each 'L')
_ARTICLE_THEN_CAPITAL = re.compile(r"L(?<=[ \t]L)(?:es|e|a|['’])[ \t]?[A-ZÀ-ÖØ-Þ]")
# that name: capitalised words and links, closing its clause ('Les Dunes,', 'Le Bihan.', "L'Oustal du Causse")
_ARTICLE_NAME_RUN = re.compile(r"(?:Les|Le|La|L['’])(?:[ \t]?(?<=[ \t'’])[A-ZÀ-ÖØ-Þ][\w’'-]*|[ \t](?:de|du|des|d['’]|la|l['’]|et|aux?))"
                               r"{1,4}(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z|[ \t]-[ \t]))")
# a link and one capitalised word that no annotator took, closing the clause: the rest of the name ('Le Jardin
# d'Hiver', 'Le Bouchon des Filles'); a town or a person found there is another span and is judged as such
_LINKED_CAPITAL = re.compile(r"[ \t](?:des|du|de la|de|d['’])[ \t]?([A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ'’-]+)"
                             r"(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z))")
# capitalised words after a link that are a person's title, a ward or a document's part, not a name's end
_NOT_NAME_TAILS = frozenset(fold(w) for w in """
    docteur professeur madame monsieur mademoiselle maître urgences urgence radiologie imagerie service services
    pôle médecine chirurgie pédiatrie cardiologie neurologie pneumologie orthopédie gériatrie psychiatrie maternité
    réanimation consultation consultations garde nuit jour semaine week-end direction accueil secrétariat
    """.split())
# a club's section, in lower case, closes its name when the clause ends there ('Stade Rennais féminin', 'Royal
# Excelsior Mouscron athlétisme'): a team's sex or age group, or the sport of a club of several
_CLUB_SECTION = re.compile(r"[ \t](?:féminine?s?|masculine?s?|handisport|omnisports|athlétisme|football|basket|basket-ball|"
                           r"volley|volley-ball|handball|rugby|natation|cyclisme|judo|tennis|hockey|gymnastique|"
                           r"triathlon|escrime|aviron|badminton)(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z))")
# a compass point joined to a region or a town closes a name ('GHR Mulhouse Sud-Alsace', 'Hôpital Nord-Franche-Comté')
# the people an establishment serves closing its name when the clause ends there ('Hôpital de X pour enfants',
# 'Clinique Y pour adolescents'): every dev half that writes it keeps it in (v13b, v14a: 5 of 5)
_PEOPLE_TAIL = re.compile(r"[ \t]pour[ \t](?:enfants|adolescents|adultes|jeunes|personnes[ \t]âgées|enfants[ \t]et[ \t]adolescents)"
                          r"(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z|[ \t]-[ \t]))")
_COMPASS_TAIL = re.compile(r"[ \t](?:Nord|Sud|Est|Ouest|Centre)-[A-ZÀ-ÖØ-Þ][\w'’-]+(?![\w'’-])")
# a compass point or 'Centre' alone closing a body's name, where the clause ends or a link follows ('Pôle Santé Sud',
# 'cabinet infirmier IDE Cholet Centre', 'Hôpital Nord, Marseille'): every dev half keeps it in (60 of 60; orgn29)
_COMPASS_WORD_TAIL = re.compile(r"[ \t](?:Nord|Sud|Est|Ouest|Centre|Nord-Est|Nord-Ouest|Sud-Est|Sud-Ouest)(?![\w'’-])"
                                r"(?=[ \t]*(?:[,;:()\n–—?]|[.!](?:\s|\Z)|\Z)|[ \t][-–—][ \t]|"
                                r"[ \t](?:le|la|les|à|au|pour|par|puis|et|en)[ \t])")
# a saint's name after a capitalised head and its description is the house's own name, found as a place ('Unité de
# Soins Palliatifs Saint-Joseph'; orgn27)
_SAINT_AT = re.compile(r"(?:Saint|Sainte|St|Ste)-[A-ZÀ-ÖØ-Þ]")
_CAPITAL_ARTICLE_AT = re.compile(r"(?:Les?|La)(?![\w'’-])|L['’]")
_CAPITAL_ARTICLE = re.compile(r"[ \t](?:Les?|La|L['’])")
_LINK_WORDS = frozenset({"de", "du", "des", "la", "l'", "l’", "d'", "d’", "au", "aux"})
_ADJECTIVE = re.compile(r"(?:al|ale|ales|aux|ique|iques|que|ques|ier|iers|ière|ières|if|ive|ifs|ives|aire|aires|el|elle|els|"
                        r"elles|ile|iles|eux|euse|euses|ant|ante|ants|antes|ien|ienne|iens|iennes|ois|oise|ain|aine|"
                        r"é|ée|és|ées|ent|ente|ents|entes)\Z")
# the people a care unit serves, written after its head as an adjective would be ('CMP enfants-ados X', 'CMP adultes
# de X', 'unité mère-bébé X'): part of the unit's name (orgn25); a compound counts when each part is one of them
_POPULATIONS = frozenset(fold(w) for w in (
    "enfant enfants ado ados adolescent adolescents adolescente adolescentes adulte adultes jeune jeunes senior seniors "
    "sénior séniors femme femmes homme hommes famille familles parent parents mère mères bébé bébés nourrisson "
    "nourrissons petite enfance âgé âgés personnes").split())


def _population(word: str) -> bool:
    """Whether ``word`` names the people a unit serves ('enfants', 'enfants-ados', 'mère-bébé')."""
    return all(fold(part) in _POPULATIONS for part in word.split("-"))


# an acronym alone, as the annotators found it ('UHSI', 'ESF'): a service, whose town after a link is part of its name
_ACRONYM = re.compile(r"[A-Z]{2,6}\Z")
_CAPITAL_WORD_AND_SPACE = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ'’-]+[ \t]")
_ENDS_WITH_LINK = re.compile(r"(?:^|[ \t])(?:de la|de l['’]|des|du|de|d['’]|au|aux)[ \t]?\Z")


# an acronym, then a lower-case link, right before a town: a service of that town ('ESF de Val Thorens', 'SPSTI du
# Grand Besançon', 'SDIS de la Corse-du-Sud'); never an exam, a clinical or ordinary word ('IRM de', 'RX du', 'ET de')
_ACRONYM_OF_TOWN = re.compile(r"(?<![\w-])([A-Z]{2,6})[ \t](?:de la|de l['’]|du|des|de|d['’])[ \t]?\Z")
# generic nouns that join an organisation's name found right after them ('agence Randstad', 'salon Mai Nails',
# 'manufacture Zenith'), never a person's or a town's ('la boutique Martin', 'le magasin de Namur')
# (after a space, a bracket or an elided article: "l'agence Adecco", "d'usine Renault")
_GENERIC_BEFORE_ORGANISATION = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[lLdD]['’]))"
                                          r"(?i:agence|salon|magasin|boutique|manufacture|usine|atelier|"
                                          r"enseigne|franchise|filiale|succursale|entrepôt|dépôt)[ \t]\Z")
# org22: a practice named by its kind and its doctor ('cabinet de radiologie du Dr X', "Centre d'imagerie du Docteur X"):
# one name, as the v11a and v12a writers tag it; the doctor's own office ('cabinet du Dr X') names no practice and
# stays out (v6a, v7b, v10a, v12b dev; 'cabinet médical du Dr X' too), so the kind needs its specialty (a ward noun)
_PRACTICE_OF_DOCTOR = re.compile(r"(?<![\w'’-])(?i:cabinet|centre|institut)[ \t](?:(?i:de|d['’])[ \t]?)?([^\W\d_]+)"
                                 r"(?:[ \t][a-zà-öø-ÿœ]+)?[ \t](?i:du|des)[ \t](?:Dr|Docteur|Drs|Pr|Professeur)\.?[ \t]\Z")
# org22: a group's division named by its sector, capitalised after the group's name ('Bouygues Bâtiment', 'SNCF
# Réseau', 'Onet Propreté', 'MAAF Assurances', 'Citroën Automobiles'): the writers of every dev half keep it in the name
# (18 of 18); the nouns of the INSEE NAF sections and of the divisions' names
_SECTOR_TAIL = re.compile(r"[ \t](?:Bâtiment|Constructions?|Travaux[ \t]Publics|Immobilier|Énergies?|Services|Transports?|"
                          r"Logistique|Industries?|Réseau|Routes?|Environnement|Propreté|Sécurité|Solutions|Distribution|"
                          r"Voyageurs|Fret|Mobilités|Intérim|Assurances|Automobiles?|Airlines|Aviation|Télécom|Telecom)"
                          r"(?![\w'’-])")
_WORD_BEFORE = re.compile(r"(?<![\w'’-])[^\W\d_][\w'’-]*\Z")
_PRACTICE_KINDS = frozenset({"dentaire", "veterinaire"})  # ('cabinet médical du Dr X' is his office: orgs15)
# a care unit inside a prison or a hospital, named before the establishment that holds it ('UCSA du centre de détention
# de X', "PASS de l'hôpital X", 'annexe psychiatrique de la prison de X'): one name, as the v12b writers tag it, where
# a ward before its hospital ('service de cardiologie du CHU') stays out; through a link only ('USMP [MA de X]' the v6a
# writers keep apart)
_UNIT_BEFORE_ESTABLISHMENT = re.compile(r"(?:UCSA|USMP|SMPR|UHSA|UHSI|PASS|EMPP|(?i:annexe psychiatrique|unité sanitaire))"
                                        r"(?![\w'’-])")

# the nouns of an organisation's kind that need a name of their own ('centre', 'équipe': 'le centre de Lyon' is the
# town's, 'équipe de nuit' a shift), written in lower case right before an organisation found by its own name, with no
# link: the kind is part of the name, as the writers tag it ('équipe SOS Enfants', 'centre Imagerie du Parc', 'site
# 'club Stade Toulousain', 'pôle Santé Sud'); a ward or a service before it is a department ('service [X]'), a link
# makes it the organisation's part ('équipe du [CHU]'), and a hospital's 'site' stays out, as the writers keep it
# ('site [Sainte-Anne]': v4a, v5 dev 4 times out, v6b once in); dev halves: 'club' once in (v9a), once out (v9b)
# a hospital's unit named after a person, the name touching its lower-case noun ("à l'unité Jean Abadie"): the
# unit's name, as the v14a writer tags it (dev: 1 of 1; 'service du Pr X' goes through a link and stays a person)
_UNIT_FOR_PERSON = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[lLdD]['’]))unité[ \t]\Z")
_KIND_TOUCHING = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[lLdD]['’]))(?:centre|centres|équipe|club|antenne|pôle)[ \t]\Z")
# an organisation found by its own name, right after a definite article and a noun (and a lower-case adjective):
# that noun says what kind of organisation it is and is part of its name, as the writers tag it ('à la coopérative
# agricole Terres du Sud', "l'armement Scapêche", 'au Théâtre Molière'); 'du'/'des' are left out ('médecine du
# travail Mensura': a ward's complement); a building site is where someone works, not a name ('le chantier Vinci'),
# and a chain's store type describes the brand ('au supermarché Okaidi')
_KIND_BEFORE_ORGANISATION = re.compile(r"(?:(?<![\w'’-])(?i:le|la|les|au|aux)[ \t]|(?<![\w-])[lL]['’])"
                                       r"([A-ZÀ-ÖØ-Þa-zà-öø-ÿœ][a-zà-öø-ÿœ-]{3,})(?:[ \t]([a-zà-öø-ÿœ]{3,}))?[ \t]\Z")
# nouns before a found organisation that are no kind of organisation: its wards, what is done there, its parts
_NOT_KINDS = frozenset(fold(w) for w in """
    service services unité unités urgences urgence consultation consultations pôle équipe équipes secteur bloc imagerie
    radiologie département direction réanimation médecine chirurgie soins hospitalisation admission accueil site
    centre cabinet maison bureau groupe réseau antenne siège compte nom sein demande charge part cadre côté niveau
    mutuelle assurance caisse sortie entrée suite dossier courrier rapport avis examen bilan contrôle visite
    chantier travail supermarché hypermarché supérette
    """.split())
# a person's role or trade before the organisation employing them ('le directeur Colruyt'): not its kind
_WORKER = re.compile(r"(?:eur|euse|trice|iste|ien|ienne|ogue|ouvrier|ouvrière|infirmier|infirmière|caissier|caissière)s?\Z")


# the French suffix of a craft's workshop or a shop ('briqueterie', 'tôlerie', 'Sucreries', 'fromagerie'), written with
# a plain 'e' before '-rie' (not 'bactérie', 'série', 'périphérie'): a head like the listed ones; nouns of the suffix
# that name no workplace are out
_NOT_TRADES = ("artiller|batter|cavaler|chevaler|conner|escroquer|infanter|machiner|moquer|mutiner|pirater|plaisanter|"
               "saloper|sonner|sorceller|supercher|tromper|tuer|loter|chaffer|chiner|flatter|tracasser|causer|rêver|"
               "camarader|coquetter|pruder|galanter|fumister|griser|espiègler|gaucher|âner|bouder|mômer|vacher|"
               "imager|infirmer")  # the last two: a hospital's wards ('imagerie <hospital>')
_TRADE_NOUN = re.compile(r"(?!(?i:" + _NOT_TRADES + r")ies?(?![\w-]))[A-Za-zà-öø-ÿœ]{2,}(?i:eries?)(?![\w'’-])")


@functools.cache
def not_acronyms() -> frozenset[str]:
    """Folded clinical abbreviations, ordinary and function words: what an all-capitals word before a town is
    when it is no organisation's acronym."""
    # trade registers and codes: the town after them is the register's ('RCS de Bobigny', 'RM de Lyon')
    words: set[str] = {"rcs", "rm", "rpm", "rpr", "tva", "siret", "siren", "ape", "naf", "rne"}
    for name in ("abbreviations_fr_medical.txt", "common_fr.txt", "stopwords.txt"):
        words |= {fold(line.strip()) for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")}
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _drug_names() -> frozenset[str]:
    """Folded drug names ('Augmentin', 'Flagyl'): never the name of a body after a head ('association Augmentin')."""
    return frozenset(fold(line.strip()) for line in (_DATA / "fallback_drugs.txt").read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1)
def _body_words() -> frozenset[str]:
    """Folded medical and ordinary words: after a link they name a clinic's field ('Clinique du Sein'), not its name."""
    return frozenset(fold(line.strip()) for name in ("medical_fr.txt", "common_fr.txt")
                     for line in (_DATA / name).read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


# first words of a kind of establishment that no head of ours covers, whose town stays apart unless its head is
# listed in ``join_towns``: Belgian care homes ('MRS Saint-Joseph de Chênée') and health insurers
_HEADED = frozenset({"mrs", "mr", "mrpa", "mr/mrs", "mutualite", "mutuelle", "mutualites", "mutuelles"})
# a definite article or its contraction with 'à'/'de' right before a name ('au ', "à l'", 'du ', 'de la ')
_DEFINITE_BEFORE = re.compile(r"(?<![\w'’-])(?:(?i:au|aux|du|des|le|la|les)[ \t]|[lL]['’])\Z")

# heads too generic to say what kind of organisation follows: a capitalised 'Centre X' is judged as a name with no
# head of ours ('au Centre Neurologique et de Réadaptation de Fraiture' takes its town after an article, 'centre
# Fedasil de Jumet' does not)
_GENERIC_HEADS = frozenset({"centre", "etablissement"})
# a firm's own generic word: before a firm named by its trade ('entreprise Couverture Le Gall') it is the writers'
# part of the name, where a ward before a hospital ('service de cardiologie du CHU') is not
_FIRM_WORDS = frozenset({"entreprise", "societe", "ets", "etablissements", "firme"})

# what follows 'service' when it names a citizen's duty, not a ward or an agency
_DUTIES = frozenset({"militaire", "national", "civique", "civil"})

_VOLUNTEER_BEFORE = re.compile(r"(?i:bénévole|benevole|volontaire|membre|adhérent|adhérente|militant|militante)s?"
                               r"[ \t]+chez[ \t]\Z")


def _mid_sentence(text: str, i: int) -> bool:
    """Whether position ``i`` is inside a sentence (a capital there is a name's, not the sentence's)."""
    before = text[:i].rstrip()
    return bool(before) and "\n" not in text[len(before):i] and before[-1] not in ".!?:;"


# a ward's or a clinical field's noun: a description opening with it names a hospital's department, not a body
_WARD_NOUN = re.compile(r"(?:\w*(?:logie|iatrie|pédie|graphie|thérapie|scopie)|médecine|chirurgie|urgences?|réanimation|"
                        r"imagerie|pédiatrie|maternité|consultations?|hospitalisation|soins[ \t]intensifs|"
                        r"néonatologie|obstétrique|gynécologie|oncologie|anesthésie)\Z")
# words of a long description besides its nouns and adjectives: what joins its parts ('prise en charge', 'santé
# au travail', "d'insertion et de probation", 'pour personnes âgées', 'à caractère social'); 'et' only before a link
_LONG_JOINS = frozenset({"en", "au", "aux", "et", "a", "pour"})  # (folded: "a" is "à")
# adjectives of a body's description that ``_ADJECTIVE`` leaves out ('centre provisoire', 'institut ... motrice')
_MORE_ADJECTIVES = re.compile(r"(?:oire|oires|rice|rices)\Z")
# what 'à' introduces when it says where, not what the body does ('à côté de', "à l'est de")
_SPATIAL = frozenset(fold(w) for w in "côté proximité distance deux quelques partir environ est ouest nord sud "
                     "entrée sortie arrivée".split())
# place nouns close a description only right before its final link ('... du sein de la province de <Luxembourg>')
_PLACE_NOUNS = frozenset(fold(w) for w in "province région département canton ville commune agglomération".split())


def _is_adjective(word: str) -> bool:
    """Whether a lower-case word ends like a French adjective ('infantile', 'pédagogique', 'provisoire')."""
    return bool(_ADJECTIVE.search(word) or _MORE_ADJECTIVES.search(word))


def _long_description(words: list[str], tag: str, capitalised: bool) -> bool:
    """Whether the lower-case words after a capitalised head are one noun phrase describing a body: it opens with
    a link or an adjective, its first noun is no ward, every word is a noun, an adjective, a link or a joining
    word in its place, no verb or pronoun of a sentence ('_STOP'), and it ends on a link before a town."""
    folded = [fold(w) for w in words]
    if len(folded) < 3 or not (folded[0] in _LINK_WORDS or folded[0] in _LONG_JOINS or
                               folded[0].startswith(("d'", "d’")) or _ADJECTIVE.search(words[0]) or
                               _MORE_ADJECTIVES.search(words[0])):
        return False
    if tag == "LOCATION" and folded[-1] not in _LINK_WORDS and not words[-1].endswith(("'", "’")):
        return False
    content = [w for w in words if fold(w) not in _LINK_WORDS and fold(w) not in _LONG_JOINS]
    first = content[0] if content else ""
    first = re.sub(r"^[dl]['’]", "", first)
    if not content or _WARD_NOUN.match(first) or len(content) > 8:
        return False
    for k, w in enumerate(folded):
        nxt = folded[k + 1] if k + 1 < len(folded) else ""
        if w == "et" and not (nxt in _LINK_WORDS or nxt.startswith(("d'", "d’")) or (
                k > 0 and _is_adjective(words[k - 1]) and k + 1 < len(words) and _is_adjective(words[k + 1]))):
            return False  # "d'incendie et de secours", 'maternelle et infantile'; not 'pour enfants et adolescents'
        if w == "a" and (nxt in _STOP or nxt in _LINK_WORDS or nxt in _SPATIAL or
                                nxt.startswith(("l'", "l’")) and nxt[2:] in _SPATIAL):
            return False  # 'à caractère social', "à l'enfance"; not 'à côté de', "à l'est de", 'à la ...'
        if words[k] == "a":
            return False  # the verb ('Le Centre a écrit de ...'), not the preposition 'à'
        if w in _PLACE_NOUNS and not (capitalised and k + 2 == len(folded) and nxt in _LINK_WORDS):
            return False  # ('le centre historique de la vieille ville de <town>' is the town's)
        if w == "en" and nxt.endswith("ant"):
            return False  # a gerund: 'au centre commercial en sortant de <town>'
        if w in _STOP and w not in _LONG_JOINS and w not in _LINK_WORDS and w not in _PLACE_NOUNS:
            return False
    return True


# a spaced dash, then a hospital's kind written as a name with only adjectives after it, closing the line or the clause:
# the second half of one establishment's name, as the writers tag it ('HFR Fribourg – Hôpital cantonal', 'CHUV – Centre
# hospitalier universitaire vaudois'); a ward after the dash ('– Service de radiologie', '– Hôpital de jour') is none
_DASH_KIND_TAIL = re.compile(r"[ \t]+[–—-][ \t]+(?:Hôpitaux|Hôpital|Hopital|Centre [Hh]ospitalier|Clinique|Polyclinique)"
                             r"((?:[ \t]+[A-Za-zà-öø-ÿœ][a-zà-öø-ÿœ-]+){1,4})"
                             r"(?=[ \t]*(?:\n|\Z|[,;(]|[.](?:\s|\Z)|[ \t][–—-][ \t]))")
# a name in French quotation marks right after an organisation found by its name: the rest of its name ('Commission
# fédérale « Droits du patient »'); it opens with a capital and keeps to its line. After a lower-case kind noun the
# quoted name alone is the span ("la crèche « Les P'tits Loups »": v7a dev), which the annotators find
_QUOTED_NAME = re.compile(r"[ \t\u00a0]?«[ \t\u00a0]?[A-ZÀ-ÖØ-Þ][^«»\n]{0,60}?[ \t\u00a0]?»")
# an embassy, named by its state, and 'à' before the capital it sits in: one name, as the writers tag it ('ambassade de
# France à Abidjan', 'Ambassade de Belgique à Kinshasa': v10b dev twice, never apart); a consulate keeps its town
# apart, as test_dfr_regressions_orgs19 pins it ('consulat général du Maroc' à Liège), with no dev half to decide
_DIPLOMATIC = re.compile(r"(?i:ambassade|haut-commissariat|nonciature)(?![\w'’-])")
_SEAT_LINK = re.compile(r"[ \t]à[ \t]")
# the part of an organisation named after it and a comma, in lower case: a branch, a depot, a station ('SDIS de X,
# centre de secours de Y'); not a ward or a team ('service', 'unité', 'pôle', 'équipe'), nor a hospital's site or
# campus, which the organisation annotator's chains join or split by its ``chain_separators``; nor a brand's shop,
# depot or plant, which the writers keep apart with its town ('Lidl, entrepôt de <town>': v4a, v4b, v10a dev)
_PART_NOUN = re.compile(r"(?:agence|plateforme|succursale|délégation|division|caserne|centre|établissement|filiale|"
                        r"branche|base|brigade|compagnie|direction régionale|direction territoriale|bureau)(?![\w'’-])")
# a care home's kind, then the name of its residence that opens with a residence's own noun: one name, as the
# writers tag it ('Maison de retraite Résidence Les Hortensias', 'EHPAD Domaine de la Source')
_CARE_KIND = re.compile(r"(?i:maison de retraite|maison de repos(?: et de soins)?|ehpad|ehpa|usld|mr/mrs|mr-mrs|"
                        r"résidence autonomie|résidence-autonomie|foyer-logement|foyer logement|marpa|mrpa|mrs)[ \t]")
_RESIDENCE_NAME = re.compile(r"(?:Résidence|Domaine|Villa|Clos|Manoir|Château|Hameau|Jardins?)(?![\w'’-])")
_COMMA = re.compile(r"[ \t]?,[ \t]+")
# a comma (or a spaced dash before a site: 'Cabinet X - site de Y'), such a part noun, up to three lower-case words
# and a link before the town found after it
_PART_AFTER_COMMA = re.compile(r"(?:[ \t]?,[ \t]+" + _PART_NOUN.pattern + r"|[ \t][-–—][ \t]+(?:site|campus|antenne|"
                               r"implantation|agence|plateforme|succursale|filiale)(?![\w'’-]))"
                               r"(?:[ \t][a-zà-öø-ÿœ][a-zà-öø-ÿœ'’-]*){0,3}?[ \t](?:de la|de l['’]|du|des|de|d['’])[ \t]?")


# a link, then a capitalised word: where an area's name may start ('du Morbihan', "de l'Hérault", 'de la Manche')
# (led by the literal 'd', the look-behind after it: the engine skips ahead to each 'd' instead of trying every position)
_LINK_THEN_CAPITAL = re.compile(r"d(?<![\w'’-]d)(?:u|es|e la|e l['’]|e|['’])[ \t]?([A-ZÀ-ÖØ-Þ][\w'’-]*)")


@functools.cache
def _regions_by_first_word() -> dict[str, tuple[str, ...]]:
    """The names of regions, departments and countries that no annotator tags alone (pycountry's ISO 3166 names in
    ``fallback_places.txt``, the older and inter-regional areas of ``organisations_regions.txt``), keyed by their
    first word, longest first: the area a public body is named after ('... du Morbihan', '... de Normandie')."""
    names: set[str] = set()
    for name in ("fallback_places.txt", "organisations_regions.txt"):
        for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            for part in re.split(r"\s*[\[\]]\s*", line):
                part = part.strip()
                if len(part) > 2 and part[:1].isupper():
                    names.add(part)
    by_first: dict[str, list[str]] = {}
    for n in names:
        by_first.setdefault(re.match(r"[\w'’-]*", n).group(), []).append(n)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}


def _regions_after_links(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each listed area written after a link: a dict probe per capitalised word after a link."""
    regions = _regions_by_first_word()
    for m in _LINK_THEN_CAPITAL.finditer(text):
        names = regions.get(m.group(1))
        if not names:
            continue
        start = m.start(1)
        for name in names:
            end = start + len(name)
            if text.startswith(name, start) and not (end < len(text) and (text[end].isalnum() or text[end] in "'’-")):
                yield start, end
                break


# the letters and digits of one word around an organisation's edge: a name is never cut inside a word ('laboratoire
# Bio[67]', 'LABORATOIRE CERBA[2]', 'agence O[2]', '[3]C Artois'), where a name's pattern stopped at a digit
_WORD_TAIL = re.compile(r"[^\W_]+")
_WORD_HEAD = re.compile(r"[^\W_]+\Z")


def _whole_words(spans: list[Candidate], text: str) -> list[Candidate]:
    """The spans with each organisation's edges that fall inside a word moved out to that word's ends, where no
    other span holds the rest of the word (sorted, disjoint spans in and out)."""
    out = list(spans)
    for k, (s, e, t) in enumerate(out):
        if t != "INSTITUTION":
            continue
        if 0 < e < len(text) and text[e - 1].isalnum() and text[e].isalnum():
            m = _WORD_TAIL.match(text, e)
            if k + 1 == len(out) or out[k + 1][0] >= m.end():
                e = m.end()
        if 0 < s < len(text) and text[s - 1].isalnum() and text[s].isalnum():
            m = _WORD_HEAD.search(text, max(0, s - 40), s)
            if m and (k == 0 or out[k - 1][1] <= m.start()):
                s = m.start()
        out[k] = (s, e, t)
    return out


# the local sites of the mother-and-child services, named by the service's acronym and their own name or place, whose
# kind the writers keep in the name ('consultation ONE de <place>', 'centre de PMI <name>': the v4a and v13b dev halves,
# 3 of 3); the bare service ('la PMI', "l'ONE") names no one, and 'consultation [PMI X]' stays a visit to it
_CHILD_SERVICE_SITE = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[lLdD]['’]))(?:((?i:consultations?))|(?i:centres?|antenne)"
                                 r"[ \t](?i:de)|(?i:centres?|antenne)[ \t](?i:de[ \t]la))[ \t]\Z")
_ONE_OR_PMI = re.compile(r"(ONE|PMI)(?![\w'’-])")

# orgn29: the shelters' and reception centres' kinds that the writers keep in the name they touch, whatever annotator
# read that name ('accueil de nuit Saint-X', 'Centre ouvert <operator> <town>', 'hôtel social Le X', 'samusocial
# <town>'): dev halves v12b, v16a 8 of 8 in; through a link ('accueil de jour de <town>') the town stays a place
_SHELTER_KIND_TOUCHING = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[lLdD]['’]))(?i:accueils?[ \t]de[ \t](?:jour|nuit)|"
                                    r"centres?[ \t]ouverts?|hôtels?[ \t]sociaux|hôtel[ \t]social|maisons?[ \t]relais|"
                                    r"résidences?[ \t]sociales?|samu[ -]?social)[ \t]\Z")
# a département named as the body that takes a minor or a file in charge, with its area ('Transmis au Département du
# Nord', 'pris en charge par le département de la Gironde'): v13a, v14a, v16a dev 7 of 7 in; capitalised, or after
# the words that make it an agent (not 'dans le département de', a place)
_DEPARTMENT_BODY = re.compile(r"(?:(?<![\w'’-])|(?<![\w'’-])(?:par[ \t]le|au|auprès[ \t]du|pour[ \t]le)[ \t](?=d))"
                              r"([Dd]épartement)[ \t](?:de[ \t]la|de[ \t]l['’]|du|des|de|d['’])[ \t]?\Z")
# a care or social body's acronym typed in lower case before its town, on a line typed all in lower case ('umj de
# lille', 'huda de cergy', 'chr de namur'): dev halves v7a, v14a, v16a 5 of 5 in
_LOWER_ACRONYM_OF_TOWN = re.compile(r"(?:(?<![\w'’-])|(?<=(?<![\w-])[ld]['’]))(?:umj|huda|cada|caes|csapa|caarud|chrs|lhss|usmp|uhsa|uhsi|smpr|ucsa|"
                                    r"ch|chu|chr|chru|chi|cmp|cmpp|ehpad|cra|spip|epsm)[ \t]"
                                    r"(?:de[ \t]la|de[ \t]l['’]|du|des|de|d['’])[ \t]?\Z")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-Þ]")
# a capitalised name of one to three words (links between) after a word in lower case, closing its clause or line:
# where a head's own name may stand that no annotator found ('Maison Médicale Atlas', 'cabinet de kinésithérapie du
# Marché'; orgn29)
_LEADING_LINK = re.compile(r"(?:du|des|de[ \t]la|de|d['’])[ \t]?")
_CAPITAL_NAME_RUN = re.compile(r"(?<=[a-zà-öø-ÿœ])(?=([ \t])((?:(?:du|des|de[ \t]la|de|d['’])[ \t]?)?"
                               r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ'’-]+(?:[ \t](?:(?:du|des|de[ \t]la|de|d['’])[ \t]?)?"
                               r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ'’-]+){0,2})(?=[ \t]*(?:[,;:()\n–—]|[.!?](?:\s|\Z)|\Z)))")
# a unit's ordinal before the acronym found as its name ('1er RCP', '2e REP': v14b dev, in, like '1er régiment de ...'
# in v6a, v8a, v9a, v12b)
_ORDINAL_BEFORE = re.compile(r"(?<![\w'’.,/-])\d{1,3}(?:er|e|ème|eme|re)[ \t]\Z")
_ACRONYM_AT = re.compile(r"[RBGE][A-Z]{1,5}(?:[a-z]{1,2})?(?![\w'’-])")  # (régiments, bataillons, groupements, escadrons)
_PARTICLE_END = re.compile(r"(?:[ \t]+(?:du|de[ \t]la|de|des|d['’]|le|la|les|l['’]))*[ \t]*\Z")


def _kind_of_shelter_before(text: str, start: int, end: int, tag: str) -> int | None:
    """Start of a shelter's kind, a département acting as a body, or a lower-case acronym of a care body written right
    before the span at ``start:end`` (see the three patterns above), or None. Cheap: a look at the two characters
    before the span first, then one regex over at most 40 characters."""
    if start < 3 or text[start - 1] not in " \t'’":
        return None
    window = text[max(0, start - 40, text.rfind("\n", 0, start) + 1):start]
    if tag in ("LOCATION", "PERSON", "INSTITUTION"):
        m = _SHELTER_KIND_TOUCHING.search(window)
        if m is not None and (text[start].isupper() or _UPPER.search(window[m.start():]) is None and
                              _UPPER.search(text, start, end) is None):
            return start - len(window) + m.start()
    if tag == "LOCATION":
        m = _DEPARTMENT_BODY.search(window)
        if m is not None and (m.group(1)[0] == "D" or m.start(1) > m.start()):
            return start - len(window) + m.start(1)
        m = _LOWER_ACRONYM_OF_TOWN.search(window)
        if m is not None:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            if _UPPER.search(text, line_start, len(text) if line_end < 0 else line_end) is None:
                return start - len(window) + m.start()
    return None


class HeadMerger:
    """Grows resolved spans over organisation head phrases and trailing towns (see the module docstring)."""

    def __init__(self, heads: list[str], max_words: int = 4, bare_heads_refused: list[str] = (),
                 join_towns: bool | Iterable[str] = True) -> None:
        # heads that name a ward or a team of anything ('service', 'équipe', 'unité'): they join only with their
        # complement ('service de santé au travail du ...'), never bare ('équipe de <hospital>' is a hospital's team)
        self.bare_refused = frozenset(fold(h) for h in bare_heads_refused)
        # True: every '<institution> de <town>' is one span; a collection of heads: only after those heads
        self.join_towns = join_towns if isinstance(join_towns, bool) else frozenset(fold(h) for h in join_towns)
        # a head written in any case; its complement: up to ``max_words`` lower-case words or links
        # a head listed in lower case matches in any case; one listed with capitals (an acronym) only as listed
        phrases = sorted({h.strip() for h in expand_heads(heads) if h.strip()}, key=len, reverse=True)
        any_case = "|".join(re.escape(h) for h in phrases if h == h.lower())
        as_listed = "|".join(re.escape(h) for h in phrases if h != h.lower())
        alternation = "|".join(x for x in ("(?i:" + any_case + ")" if any_case else "", as_listed) if x)
        alternation += "|" + _TRADE_NOUN.pattern  # any craft's or shop's noun in '-erie' ('Briqueterie', 'tôlerie')
        word = r"(?:[a-zà-öø-ÿœ][a-zà-öø-ÿœ'’-]*|\d{1,4}(?![\d,./:-]))"  # (a unit's number: 'base aérienne 118 de')
        link = "|".join(re.escape(x) for x in sorted(_LINKS, key=len, reverse=True))
        # the head phrase ends exactly where the span starts: 'head ( word)* ( link)?' + one space (none after an elision)
        self.before = re.compile(
            r"(?<![\w-])(" + alternation + r")((?:[ \t]" + word + r"){0," + str(max_words) + r"})"
            r"(?:[ \t](?:" + link + r"))?((?:[ \t](?:Le|La|Les|LE|LA|LES)(?=[ \t])|[ \t][Ll]['’]))?[ \t]?\Z")
        # a head written as a name, its complement too ('Réseau Hospitalier Universitaire de', 'Taxis Conventionnés'):
        # tried only where no head in the plain form reaches the span
        titled = r"(?:[a-zà-öø-ÿœ][a-zà-öø-ÿœ'’-]*|[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿœ'’-]+)"
        self.before_titled = re.compile(
            r"(?<![\w-])(" + alternation + r")((?:[ \t]" + titled + r"){1," + str(max_words) + r"})"
            r"(?:[ \t](?:" + link + r"))?()[ \t]?\Z")
        # an institution already named by its own head ('CHU de Rennes', 'Résidence Les Tilleuls') is complete: the
        # ward or the kind before it ('service de cardiologie du', 'maison de repos') describes, it does not name
        # the folded first word of every head: the long alternation above is tried only where a window's word is one
        # a head, then a name of its own that opens with an article and that no annotator found, then a link before
        # the town we found ('camping Les Roches d'Anseremme', "gîte L'Oustal de Rodez"); a name without an article
        # is left alone ('clinique Privée de Lens' is a private clinic of Lens)
        named = r"(?:[ \t]?(?<=[ \t'’])[A-ZÀ-ÖØ-Þ][\w’'-]*|[ \t](?:de|du|des|d['’]|la|l['’]|et|aux?)){1,4}"
        self.before_named = re.compile(
            r"(?<![\w-])(" + alternation + r")((?:[ \t]" + word + r"){0,2})[ \t]((?:Les|Le|La|L['’])" + named +
            r")(?:[ \t](?:de|du|des)[ \t]|[ \t][dD]['’])\Z")
        # a capitalised head, then a long lower-case description (up to 12 words, commas between its parts)
        self.before_long = re.compile(
            r"(?<![\w-])(" + alternation + r")((?:,?[ \t][a-zà-öø-ÿœ][a-zà-öø-ÿœ'’-]*){2,12})[ \t]?\Z")
        self.first_words = frozenset(fold(m.group()) for h in phrases for m in [_WORD.search(h)] if m)
        self.starts_with_head = re.compile(r"(?:" + alternation + r")(?![\w'’-])")
        # an acronym head read as a surname in the 'NAME Firstname' order ('CRB Jean Martin', 'CMP Henri Wallon'): the
        # body named after someone (orgn27)
        self.acronym_head = re.compile(r"(?:" + (as_listed or r"(?!)") + r")(?=[ \t][A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ])")
        self.link_after = re.compile(r"[ \t](?i:de la|du|des|de)[ \t]|[ \t][dD]['’]")  # ('LYCÉE X DE FORBACH')

    def _named_before(self, text: str, start: int) -> tuple[int, int] | None:
        """(start, end) of a head and a name that no annotator found, written right before ' de <town at start>'."""
        line_start = max(text.rfind("\n", 0, start) + 1, start - 90)
        window = text[line_start:start]
        # (cheap rejections first: the window must end on a link and hold a capitalised article)
        if not window or window[-1] not in " \t'’" or not _ENDS_WITH_LINK.search(window) or not \
                _CAPITAL_ARTICLE.search(window):
            return None
        folded = fold_aligned(window)
        for w in _WORD.finditer(folded):
            if w.group() not in self.first_words and not (
                    w.group().endswith(("erie", "eries")) and _TRADE_NOUN.fullmatch(window, w.start(), w.end())):
                continue
            m = self.before_named.match(window, w.start())
            if m is None:
                continue
            previous = window[:m.start(1)].split()
            if (fold(m.group(1)) in self.bare_refused or _TITLE.match(m.group(3)) or
                    any(fold(x.strip("'’")) in _STOP for x in m.group(2).split()) or
                    (previous and fold(previous[-1]) in _INDEFINITE)):
                return None
            return line_start + m.start(1), line_start + m.end(3)
        return None

    def _head_before(self, text: str, start: int, tag: str) -> int | None:
        """Start of the head phrase that ends at ``start``, or None: a head and its short complement, else a head
        and the long description of a body's name (``_long_name_before``)."""
        line_start = max(text.rfind("\n", 0, start) + 1, start - 90)
        window = text[line_start:start]
        if not window or window[-1] not in " \t'’":
            return None
        if tag == "INSTITUTION":
            kind, service = _CHILD_SERVICE_SITE.search(window), _ONE_OR_PMI.match(text, start)
            if kind and service and (kind.group(1) is not None) == (service.group(1) == "ONE"):
                return line_start + kind.start()  # 'consultation [ONE de X]', 'centre de [PMI X]'
        folded = fold_aligned(window)
        starts = [w.start() for w in _WORD.finditer(folded) if w.group() in self.first_words or (
            w.group().endswith(("erie", "eries")) and _TRADE_NOUN.fullmatch(window, w.start(), w.end()))]
        found = self._short_head_before(text, start, tag, line_start, window, starts)
        if found is None and starts and tag == "LOCATION":
            # a header in capitals ('HÔPITAL PRINCIPAL DE <TOWN>'): its complement read in lower case (before a town
            # only: a unit's header before its establishment, 'UNITÉ SANITAIRE Maison d'arrêt de X', stays apart)
            caps_from = next((k + 1 for k in range(len(window) - 1, -1, -1) if window[k].islower()), 0)
            tail = window[caps_from:]
            lowered = tail.lower()
            if len(lowered) == len(tail) and any(c.isalpha() for c in tail) and any(at >= caps_from for at in starts):
                found = self._short_head_before(text, start, tag, line_start, window[:caps_from] + lowered,
                                                [at for at in starts if at >= caps_from])
        if found is None and starts and tag in ("LOCATION", "INSTITUTION"):
            at = self._long_name_before(window, starts, tag, text, start)
            if at is not None:
                return line_start + at
        return found

    def _short_head_before(self, text: str, start: int, tag: str, line_start: int, window: str,
                           starts: list[int]) -> int | None:
        """Start of a head and its complement of at most ``max_words`` words that end at ``start``, or None."""
        m = None
        for at in starts:
            m = self.before.match(window, at)
            if m is not None:
                break  # the leftmost head phrase that reaches the span, as a search would find it
        if m is None:
            m = next((t for t in (self.before_titled.match(window, at) for at in starts) if t), None)
            if m is None or not self._titled(m, nouns=tag in ("LOCATION", "PERSON")):
                return self._bare_before(window, tag, line_start, _CAPITAL_ARTICLE_AT.match(text, start) is not None)
        complement = m.group(2).split()
        if complement and fold(complement[0]) in _DUTIES and fold(m.group(1)) == "service":
            return None  # a citizen's duty, not a ward: 'service militaire au 1er régiment de ...'
        if fold(m.group(1)) in self.bare_refused and all(
                fold(w) in _LINK_WORDS for w in complement + window[m.end(2):].split()):
            # a team's, a centre's or a unit's noun touching an organisation found by its own name is its kind, part of
            # the name ('équipe [SOS Enfants]', 'centre [Imagerie du Parc]'); through a link it is the organisation's
            # ward or team ('équipe de [Fedasil]', 'service du [CHU]') and stays out
            if tag == "PERSON" and not _TITLE.match(text, start):
                unit = _UNIT_FOR_PERSON.search(window)
                if unit is not None and not (window[:unit.start()].split()[-1:] and
                                             fold(window[:unit.start()].split()[-1]) in _INDEFINITE):
                    return line_start + unit.start()  # 'unité Jean Abadie': a ward named after someone (orgn25)
            return self._kind_touching(window, tag, line_start)
        return self._after_head(text, start, tag, line_start, window, m, complement)

    def _kind_touching(self, window: str, tag: str, line_start: int) -> int | None:
        """Start of a lower-case kind noun ('centre', 'équipe', 'site', 'club') written right before an organisation
        found by its own name, with no link between (see ``_KIND_TOUCHING``), or None."""
        if tag != "INSTITUTION":
            return None
        m = _KIND_TOUCHING.search(window)
        if m is None:
            return None
        previous = window[:m.start()].split()
        if previous and fold(previous[-1]) in _INDEFINITE:
            return None  # any centre of its kind ('un centre Leclerc')
        return line_start + m.start()

    def _after_head(self, text: str, start: int, tag: str, line_start: int, window: str, m: re.Match[str],
                    complement: list[str]) -> int | None:
        """The checks of ``_short_head_before`` after its bare-head refusal: stop words, a clause, a titled person."""
        if any(fold(w.strip("'’")) in _STOP and not (fold(w) == "pour" and k + 1 < len(complement) and
                                                      _population(complement[k + 1]))
               for k, w in enumerate(complement)):
            return None  # (save 'pour' before the people served: 'clinique psychiatrique pour adolescents X')
        # a noun phrase, not a clause: a word right after the head or after another word (not after a link) is
        # an adjective ('équipe mobile de gériatrie', 'service de santé au travail'), never a verb ('service sera')
        after_link = False
        for w in complement:
            if fold(w) in _LINK_WORDS or w.endswith(("'", "’")) or fold(w) == "pour":
                after_link = True
                continue
            if w[1:2] in ("'", "’") and w[:1] in "dl" and len(w) > 2:
                after_link = False  # an elided link and its noun, as 'de X' ("société d'ambulances", "unité d'accueil")
                continue
            if not after_link and not _ADJECTIVE.search(w) and not w.isdigit() and not _population(w):
                return None
            after_link = False
        tail = window[m.end(1):]
        if tag in ("PERSON", "PATIENT") and (window[m.end(2):m.start(3) if m.group(3) else len(window)].strip() or (
                complement and (fold(m.group(1)) in self.bare_refused or fold(complement[-1]) in _LINK_WORDS or
                                complement[-1].endswith(("'", "’")))) or _TITLE.match(text, start)):
            # a person's name joins the head it touches ('lycée Victor Hugo'), its complement ('salon de coiffure
            # Nathalie') or a name's article ('restaurant La Gaillarde'); not through a link ('service du Pr
            # Martin'), not a ward's team ('équipe de nuit Julie'), not a titled person
            return None
        if tag == "LOCATION" and tail.strip() and not _ENDS_WITH_LINK.search(tail) and not (
                (_CAPITAL_ARTICLE_AT.match(text, start) or _SAINT_AT.match(text, start)) and
                text[line_start + m.start(1)].isupper()):
            # a town is an institution's only through a link ('centre hospitalier de Dole'); a name that opens with
            # a capitalised article after a capitalised head and its description is the house's own name, found as
            # a place ('Clinique psychiatrique pour adolescents Les Bruyères', orgn25)
            return None
        previous = window[:m.start(1)].split()
        if previous and fold(previous[-1]) in _INDEFINITE:
            return None  # any shop of a town, not one named ('un café de La Louvière', 'sa pharmacie Dupont')
        return line_start + m.start(1)

    def _long_name_before(self, window: str, starts: list[int], tag: str, text: str, start: int) -> int | None:
        """Start (in ``window``) of a body's capitalised head and the long description that French administrative
        names carry before their town or their own name ('Centre de prise en charge des violences sexuelles de
        <town>', "Service pénitentiaire d'insertion et de probation de <town>", 'Unité de soins de longue durée
        <Les X>'). The capital on the head says the phrase is a name (French writes a common noun in lower case),
        so the description may be longer than ``max_words`` and hold 'en', 'au', 'et de'; a ward ('Service de
        chirurgie orthopédique et traumatologique de <town>') and a clause ('Centre ... a écrit de <town>') stay out."""
        if tag == "LOCATION":
            if not _ENDS_WITH_LINK.search(window):
                return None
        elif tag != "INSTITUTION" or not _CAPITAL_ARTICLE_AT.match(text, start):
            return None  # an institution joins only when its own name opens with an article ('Les Tamaris')
        for at in starts:
            # (a capitalised head before a name of its own; any head in lower or title case before its town)
            if window[at + 1:at + 2].isupper() or (tag != "LOCATION" and not window[at:at + 1].isupper()):
                continue
            m = self.before_long.match(window, at)
            if m is None:
                continue
            previous = window[:at].split()
            if previous and fold(previous[-1]) in _INDEFINITE:
                return None
            words = m.group(2).replace(",", " ").split()
            if _long_description(words, tag, window[at].isupper()):
                return at
        return None

    @staticmethod
    def _titled(m: re.Match[str], nouns: bool = False) -> bool:
        """A head and complement written as a name: a capitalised head, capitalised adjectives between links
        ('Réseau Hospitalier Universitaire', 'Groupe Hospitalier Mutualiste'), no name of its own in between.
        ``nouns``: before a name found as a place or a person, a capitalised noun after a link too ('Unité de Soins
        Palliatifs <Saint-Joseph>', 'Service de Santé au Travail <X>'; orgn27), not after a ward's 'Service de'
        (a ward and the hospital named after it: 'Service de Cardiologie <Saint-Joseph>')."""
        if not m.group(1)[:1].isupper():
            return False
        words = m.group(2).split()
        nouns = nouns and fold(m.group(1)) != "service" or nouns and len(words) > 1 and fold(words[1]) == "sante"
        kept, after_link = [], False
        for w in words:
            if fold(w) in _LINK_WORDS:
                after_link = True
                continue
            if not w[:1].isupper():
                return False
            if not (_ADJECTIVE.search(w) or w.endswith("iste") or nouns and after_link):
                return False
            kept.append(w)
            after_link = False
        return bool(kept)

    def _bare_before(self, window: str, tag: str, line_start: int, article: bool = False) -> int | None:
        """Start of an acronym of a service before its town, or of a generic noun before a found organisation."""
        if tag == "LOCATION":
            m = _ACRONYM_OF_TOWN.search(window)
            if m and fold(m.group(1)) not in not_acronyms():
                return line_start + m.start(1)
        elif tag == "INSTITUTION":
            found = self._kind_touching(window, tag, line_start)
            if found is not None:
                return found
            m = _GENERIC_BEFORE_ORGANISATION.search(window)
            if m:
                previous = window[:m.start()].split()
                if not previous or fold(previous[-1]) not in _INDEFINITE:
                    return line_start + m.start()
            m = _KIND_BEFORE_ORGANISATION.search(window)
            # (before a name opening with its own article, a noun that opens a listed head phrase joins only through
            # that phrase: 'foyer de vie Les Iris' is one name, 'foyer médicalisé Les Coquelicots' a kind and a name)
            if m and fold(m.group(1)) not in _NOT_KINDS and not (article and fold(m.group(1)) in self.first_words) and not \
                    _WORKER.search(m.group(1)) and not (m.group(2) and fold(m.group(2)) in _STOP):
                return line_start + m.start(1)  # ('travaille au Luxembourg chez X': no adjective, a preposition)
        return None

    @staticmethod
    def _practice_of_doctor(text: str, start: int) -> int | None:
        """Start of a practice's kind and specialty before its titled doctor ('cabinet de radiologie du Dr [X]'), or
        None (see ``_PRACTICE_OF_DOCTOR``)."""
        line_start = max(text.rfind("\n", 0, start) + 1, start - 70)
        m = _PRACTICE_OF_DOCTOR.search(text, line_start, start)
        if m is None or m.end() != start:
            return None
        kind = m.group(1).lower()
        if fold(kind) in _PRACTICE_KINDS or _WARD_NOUN.match(kind):
            return m.start()
        return None

    def _joins_its_town(self, text: str, start: int, end: int) -> bool:
        """Whether the institution at ``start:end`` takes the town linked after it: always with ``join_towns`` True;
        with a collection of heads, when the institution's first word is one of them, or when it is a capitalised
        name with no head of ours (a brand's branch: 'Intermarché de <town>', 'Basic-Fit de <town>')."""
        if self.join_towns is True:
            return True
        m = _WORD.search(text, start, end)
        if m is not None and fold(m.group()) in self.join_towns:
            return True
        if m is not None and m.end() == end and fold(m.group()) in not_acronyms():
            return False  # a register or an abbreviation read as a name: 'RCS de Bobigny' is the register's town
        if m is None or not text[start:start + 1].isupper() or (
                self.starts_with_head.match(text, start) and fold(m.group()) not in _GENERIC_HEADS):
            return False
        if m.start() == start and m.end() == end and _ACRONYM.match(text, start, end):
            return True  # a service of that town ('UHSI de Lyon', 'ESF de Val Thorens'; not a register: above)
        first = fold(m.group())
        if first in _HEADED or (text[m.end():m.end() + 1] == "." and any(
                h.startswith(first) for h in self.first_words if len(first) >= 3)):
            return False  # a kind of establishment, written out or cut short ('MRS X', 'Mutualité X', 'Hôp. X')
        # a brand's branch is the one shop a definite article points at ("à l'Intermarché de Beaupréau", 'au
        # Basic-Fit de Louvain-la-Neuve') or the one that employs someone ('caissière chez Leclerc de Vannes');
        # a volunteer or a member helps a movement, the town saying where ('bénévole chez Emmaüs de Liège')
        before = text[max(0, start - 40):start]
        return bool(_DEFINITE_BEFORE.search(before) or (
            before.endswith(("chez ", "Chez ")) and not _VOLUNTEER_BEFORE.search(before)))

    def _bodies_of_regions(self, spans: list[Candidate], text: str) -> list[Candidate]:
        """The spans with a body named after its region, department or country added ("service départemental
        d'incendie et de secours du Morbihan", "aide sociale à l'enfance du Nord"): a head (and its description, the
        same tests as before a town) before a link and an area no annotator tagged (one regex over the text, then
        a dict probe per capitalised word after a link)."""
        added: list[Candidate] = []
        k, starts = 0, [s for s, _, _ in spans]
        for rs, re_ in _regions_after_links(text):
            k = bisect.bisect_right(starts, rs)
            previous_end = spans[k - 1][1] if k else 0
            if previous_end > rs or (k < len(spans) and spans[k][0] < re_):
                continue  # the area is part of a span found already
            h = self._head_before(text, rs, "LOCATION")
            if h is not None and any(_WARD_NOUN.match(re.sub(r"^[dl]['’]", "", w.lower())) for w in text[h:rs].split()):
                continue  # a ward of the region's hospitals ('service de chirurgie de Bretagne'), not a body
            if h is not None and h >= previous_end and (not added or added[-1][1] <= h):
                added.append((h, re_, "INSTITUTION"))
        return sorted(spans + added) if added else spans

    def _article_names_after_heads(self, spans: list[Candidate], text: str) -> list[Candidate]:
        """The spans with a head and a name of its own after it, opening with an article and closing its clause, that no
        annotator found whole ('Cabinet de kinésithérapie Les Dunes, <town>', 'Taxi Conventionné Le Bihan'): one
        organisation, as the writers tag it; spans inside are dropped, one crossing its edges or a town inside keeps it
        out. Tried only at a capitalised article after a word, with a listed head (the plain head regex, no generic or
        kind noun) ending right before it on its line."""
        added: list[Candidate] = []
        for a in _ARTICLE_THEN_CAPITAL.finditer(text):
            at = a.start()
            if not text[at - 2].isalpha():
                continue  # a sentence's or a line's first word ('. Le patient'), not a name after a head
            run = _ARTICLE_NAME_RUN.match(text, at)
            if run is None:
                continue
            line_start = max(text.rfind("\n", 0, at) + 1, at - 60)
            window = text[line_start:at]
            folded = fold_aligned(window)
            starts = [w.start() for w in _WORD.finditer(folded) if w.group() in self.first_words]
            m = next((x for x in (self.before.match(window, k) for k in starts) if x), None) or next(
                (x for x in (self.before_titled.match(window, k) for k in starts) if x and self._titled(x)), None)
            if m is None or m.group(3) or fold(m.group(1)) in self.bare_refused:
                continue
            h = self._after_head(text, at, "INSTITUTION", line_start, window, m, m.group(2).split())
            if h is None:
                continue
            e = run.end()
            if any(t_ == "LOCATION" and h <= a_ and b_ <= e for a_, b_, t_ in spans):
                continue  # a town found inside is the name's town, joined or not by the rules below ('... de <town>')
            if not any(a_ < h < b_ or a_ < e < b_ or (a_ <= h and e <= b_) for a_, b_, _ in spans) and (
                    not added or added[-1][1] <= h):
                added.append((h, e, "INSTITUTION"))
        if not added:
            return spans
        kept = [x for x in spans if not any(s <= x[0] and x[1] <= e for s, e, _ in added)]
        return sorted(kept + added)

    def _capital_names_after_heads(self, spans: list[Candidate], text: str) -> list[Candidate]:
        """The spans with a listed head and a capitalised name after it that closes its clause, where no annotator found
        the name ('Maison Médicale Atlas', 'Cabinet de Kinésithérapie du Marché'): one organisation. Only a head in the
        plain form (its complement in lower case), never a bare refused head ('service', 'centre'), never a name word
        that reads as an adjective, a ward or a title ('Hospitalier', 'Cardiologie', 'Docteur'). One regex over the text,
        then the head regex at the few runs it finds (orgn29)."""
        added: list[Candidate] = []
        starts = [s for s, _, _ in spans]
        for r in _CAPITAL_NAME_RUN.finditer(text):
            ns, ne = r.start(2), r.end(2)
            k = bisect.bisect_left(starts, ns)
            if (k and spans[k - 1][1] > r.start()) or (k < len(spans) and spans[k][0] < ne):
                continue  # a name (or part of it) found already: the other rules judge it
            words = [w for w in _WORD.findall(r.group(2)) if w[:1].isupper()]
            if not words or any(_is_adjective(w.lower()) or fold(w) in _NOT_NAME_TAILS or _WARD_NOUN.match(w.lower())
                                or _TITLE.fullmatch(w) or fold(w) in _drug_names() for w in words):
                continue
            link = _LEADING_LINK.match(r.group(2))
            if link:
                ns += link.end()
            line_start = max(text.rfind("\n", 0, ns) + 1, ns - 60)
            window = text[line_start:ns]
            if _ENDS_WITH_LINK.search(window) and any(fold(w) in _body_words() for w in words):
                continue  # a clinic's field after a link ('Clinique du Sein', 'Centre de la Douleur')
            folded = fold_aligned(window)
            hs = [w.start() for w in _WORD.finditer(folded) if w.group() in self.first_words]
            m = next((x for x in (self.before.match(window, h) for h in hs) if x), None)
            if m is None or m.group(3) or fold(m.group(1)) in self.bare_refused or fold(m.group(1)) in _GENERIC_HEADS:
                continue
            if fold(m.group(1)) == "groupe" and all(fold(w) in _body_words() for w in words):
                continue  # 'Groupe Sanguin', 'Groupe Témoin': a group of things, not a company's name
            complement = m.group(2).split()
            h = self._after_head(text, ns, "INSTITUTION", line_start, window, m, complement)
            if h is None or (added and added[-1][1] > h) or (k and spans[k - 1][1] > h):
                continue
            added.append((h, ne, "INSTITUTION"))
        return sorted(spans + added) if added else spans

    def merge_learned(self, rules: list[Candidate], final: list[Candidate], text: str) -> list[Candidate]:
        """The spans after the learned layer (``final``, sorted and disjoint) with heads and towns taken in around the
        spans that layer added, which the merge before it never saw ('centre aquatique [X]' where the model found X):
        the rules' own spans were merged already and change only where a grown learned span takes them in."""
        ruled = set(rules)
        if all(c in ruled for c in final):
            return final
        kept = set(final)
        out: list[Candidate] = []
        for m in self.merge(final, text):
            if m in kept:
                out.append(m)
                continue
            touched = [c for c in final if c[0] < m[1] and m[0] < c[1]]
            if any(c not in ruled for c in touched) and all(m[0] <= c[0] and c[1] <= m[1] for c in touched):
                out.append(m)
            else:
                out.extend(touched)
        result: list[Candidate] = []
        for c in sorted(set(out)):
            if not result or result[-1][1] <= c[0]:
                result.append(c)
        return result

    def merge(self, spans: list[Candidate], text: str) -> list[Candidate]:
        """The resolved, sorted, non-overlapping spans with heads and towns taken in (still sorted, disjoint)."""
        spans = self._article_names_after_heads(self._bodies_of_regions(_whole_words(spans, text), text), text)
        spans = self._capital_names_after_heads(spans, text)
        out: list[Candidate] = []
        for index, (s, e, t) in enumerate(spans):
            if out and s < out[-1][1]:  # inside a firm's tail taken by the span before ('Dupont et Fils')
                if e <= out[-1][1]:
                    continue
                s = out[-1][1]
            if t == "PERSON":
                acronym = self.acronym_head.match(text, s)
                if acronym is not None and acronym.end() - s >= 3 and text[s:acronym.end()].isupper():
                    t = "INSTITUTION"
            named = self._named_before(text, s) if t == "LOCATION" else None
            if named is not None and out and out[-1][1] > named[0]:
                named = None
            if named is not None:
                # a name read only through its head and the town after it: one name, the v4-v7 writers' way, unless
                # towns never join ('join_towns: false': the name, then the town)
                if self.join_towns:
                    s, t = named[0], "INSTITUTION"
                else:
                    out.append((named[0], named[1], "INSTITUTION"))
            elif t in ("INSTITUTION", "PERSON", "LOCATION", "PATIENT"):
                h = self._head_before(text, s, t)
                # before an institution named by its own head, only a head written as a name joins it
                # ("Hôpital d'enfants du CHU de Dijon"), not a ward ('service de cardiologie du CHU') nor an acronym;
                # a capitalised one-word head touching it is the firm's own first word ('Taxi Ambulances du Semnoz')
                if h is not None and t == "INSTITUTION" and self.starts_with_head.match(text, s) and not (
                        text[h].isupper() and text[h + 1:h + 2].islower() and (
                            _mid_sentence(text, h) or _CAPITAL_WORD_AND_SPACE.fullmatch(text, h, s))) and not (
                        text[s].isupper() and fold(text[h:s].strip()) in _FIRM_WORDS) and not (
                        _CARE_KIND.fullmatch(text, h, s) and _RESIDENCE_NAME.match(text, s)) and not (
                        _UNIT_BEFORE_ESTABLISHMENT.match(text, h) and _ENDS_WITH_LINK.search(text, h, s)):
                    # (a firm's word before a firm named by its trade, 'entreprise Toitures Roussel', joins it; a care
                    # home's kind before its residence's name, 'Maison de retraite Résidence Les Lilas', too)
                    h = None
                if h is not None and _UNIT_BEFORE_ESTABLISHMENT.match(text, h) and not _ENDS_WITH_LINK.search(text, h, s):
                    h = None  # a unit touching a name ('USMP [MA de X]'): the writers keep it apart
                if h is not None and out and h < out[-1][1] <= s and out[-1][0] >= h - 2 and \
                        out[-1][2] in ("PERSON", "LOCATION") and _UNIT_BEFORE_ESTABLISHMENT.match(text, h) and \
                        _ENDS_WITH_LINK.search(text, h, s):
                    out.pop()  # a unit's acronym read as a name ("l'USMP du ..."): the unit's name takes it in
                if h is None and t != "PATIENT":
                    h = _kind_of_shelter_before(text, s, e, t)
                if h is not None and out and out[-1][2] in ("PERSON", "PATIENT") and h < out[-1][1] <= s and \
                        out[-1][0] <= h + 1 < out[-1][1] and text[h].isupper() and t != "PERSON":
                    # a head's own first word read as a name ('Samu social de X', 'Patrick du Samu social de X'): the
                    # head takes its word back, a person before it keeps the words before the head's particle (orgn29)
                    kept = _PARTICLE_END.sub("", text[out[-1][0]:h])
                    if kept and out[-1][0] < h:
                        out[-1] = (out[-1][0], out[-1][0] + len(kept), out[-1][2])
                    else:
                        out.pop()
                if h is not None and (not out or out[-1][1] <= h):
                    s, t = h, "INSTITUTION"
                elif h is None and t == "PERSON":
                    h = self._practice_of_doctor(text, s)
                    if h is not None and (not out or out[-1][1] <= h):
                        s, t = h, "INSTITUTION"
                elif h is None and t == "INSTITUTION" and s > 0 and text[s - 1] in " \t":
                    # a head cut by the span's start ('maison [centrale de X]'): the head phrase straddling it joins
                    word = _WORD_BEFORE.search(text, max(0, s - 31), s - 1)
                    w = self.starts_with_head.match(text, word.start()) if word is not None else None
                    if w is not None and w.end() > s and (not out or out[-1][1] <= word.start()):
                        s = word.start()
            if t == "INSTITUTION" and s > 3 and text[s - 1] == " " and text[s - 2].isalpha() and \
                    _ACRONYM_AT.match(text, s) and (not out or out[-1][1] <= s - 6):
                ordinal = _ORDINAL_BEFORE.search(text, max(0, s - 8), s)
                if ordinal is not None and (not out or out[-1][1] <= ordinal.start()):
                    s = ordinal.start()  # '1er RCP': the unit's number belongs to its name (orgn29)
            if t == "PERSON" and text.startswith(("Les ", "LES "), s):
                care = _CARE_ABBREVIATION_BEFORE.search(text, max(0, s - 12), s)
                if care and (not out or out[-1][1] <= care.start()):
                    s, t = care.start(), "INSTITUTION"  # 'MR Les Hirondelles': a care home, not 'Monsieur Les ...'
            if t in ("PERSON", "PATIENT"):
                tail = _FIRM_TAIL_OF_NAME.match(text, e)
                if tail:
                    t = "INSTITUTION"  # 'Dubois Père et Fils', 'Martin Frères': a family's firm
            if t == "INSTITUTION":
                tail = _FIRM_TAIL.match(text, e) or _NAME_TAIL.match(text, e)
                if tail:
                    e = tail.end()  # 'menuiserie Dupont et Fils', 'Centre hospitalier de la Côte Basque'
                tail = _COMPASS_TAIL.match(text, e) or _COMPASS_WORD_TAIL.match(text, e)
                if tail and (index + 1 == len(spans) or spans[index + 1][0] >= tail.end()):
                    e = tail.end()  # 'GHR Mulhouse Sud-Alsace', 'CH Sud-Francilien', 'Pôle Santé Sud'
                tail = _PEOPLE_TAIL.match(text, e)
                if tail and (index + 1 == len(spans) or spans[index + 1][0] >= tail.end()):
                    e = tail.end()  # 'Hôpital de Montréal pour enfants', 'Tribunal pour enfants' (orgn25)
                tail = _SECTOR_TAIL.match(text, e)
                if tail and (index + 1 == len(spans) or spans[index + 1][0] >= tail.end()) and \
                        not self.starts_with_head.match(text, s):
                    e = tail.end()  # 'Bouygues Bâtiment', 'SNCF Réseau': a group's division (not a hospital's ward)
                tail = _CLUB_SECTION.match(text, e)
                if tail:
                    e = tail.end()  # 'Stade Rennais féminin'
                if text[e - 1:e].isalpha():
                    tail = _NUMBER_TAIL.match(text, e)
                    if tail:
                        e = tail.end()  # 'Radiologie Mobile 21 le mardi'
                tail = _DASH_KIND_TAIL.match(text, e)
                if tail and all(_is_adjective(w.lower()) for w in tail.group(1).split()):
                    e = tail.end()  # 'HFR Fribourg – Hôpital cantonal'
                tail = _QUOTED_NAME.match(text, e)
                if tail:
                    e = tail.end()  # 'Commission fédérale « Droits du patient »'
                tail = _LINKED_CAPITAL.match(text, e)
                if tail and fold(tail.group(1)) not in _NOT_NAME_TAILS and (
                        index + 1 == len(spans) or spans[index + 1][0] >= tail.end()):
                    e = tail.end()  # 'restaurant Le Bouchon des Filles': a capitalised word no annotator took
            if self.join_towns and out and t == "LOCATION" and out[-1][2] == "INSTITUTION":
                ps, pe, _ = out[-1]
                gap = text[pe:s]
                if self.link_after.fullmatch(gap) and self._joins_its_town(text, ps, pe):
                    out[-1] = (ps, e, "INSTITUTION")
                    continue
                if _SEAT_LINK.fullmatch(gap) and _DIPLOMATIC.match(text, ps, pe):
                    out[-1] = (ps, e, "INSTITUTION")  # 'ambassade de France à Abidjan': a mission and its seat
                    continue
            if self.join_towns and out and out[-1][2] == "INSTITUTION" and t in ("INSTITUTION", "LOCATION") and (
                    _PART_AFTER_COMMA.fullmatch(text, out[-1][1], s) if t == "LOCATION" else
                    _COMMA.fullmatch(text, out[-1][1], s) and _PART_NOUN.match(text, s)):
                # an organisation, a comma, then the part of it that is meant, in lower case ('SDIS de X, centre de
                # secours de Y', 'La Poste, plateforme de distribution de Y', 'Eiffage Route, agence de Y'): one name
                out[-1] = (out[-1][0], e, "INSTITUTION")
                continue
            out.append((s, e, t))
        return out

"""Organisations named by their own name, with no head word: shops, chains, agencies, banks, employers, clubs.

Why: what the other INSTITUTION rules leave is mostly a bare name ('magasinier à X (Cactus)', 'intérimaire
Synergie', 'éboueur pour Suez', "joue à l'US Ivry"). Two sources of evidence, both cheap:

1. **the register** (``organisations_register.txt``, built by scripts/build_org_register.py from the
   OpenStreetMap name-suggestion-index and the stock-index constituents of pytickersymbols): a name that
   is no French word, medical term, person's name or town is matched wherever it is written with the
   register's capitals ('Kinepolis', 'Leroy Merlin', 'Basic-Fit'). One dict probe per capitalised token.
2. **the employer position**: after an occupation or a work cue ('caissière', 'intérimaire', 'travaille',
   'embauché', 'accident du travail chez'), optionally a preposition ('chez', 'pour', 'au', 'à la', 'de'),
   or in brackets in the same clause ('magasinier à Ville (X)'), a capitalised name is the employer when it
   is in the cue-only register (names that are also words or towns: 'Cactus', 'Carrefour', 'TEC') or
   is a word no list knows (no French word, medical term, first name, surname, town, title). Sports clubs
   by their acronym before a town or a name ("l'US Ivry", 'le FC Metz') follow an article.

A hospital's site named alone after 'site' ('CHR X (site Meuse)') is taken whatever its name is. Rules 2-4 run
only when one set test finds a cue, a club acronym or 'site' among the text's folded words. Spans are only added; overlap resolution keeps the longest.

Session 15 adds names with no head we know: unknown acronyms where care was given or the patient works ('au RHNe',
"urgences de l'HFME"), a body's noun capitalised mid-sentence with its lower-case complement ("l'Association
d'assurance accident"), a capitalised article after a kind's noun ('discothèque Le Phare'), insurers' form fields
('Assurance : CSS') and German/Dutch compound hospitals ('Spitalzentrum Biel').
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from deduce_fr.annotators import PLAIN_STREET_TYPES, Annotator, Candidate, Context
from deduce_fr.lookups import fold
from deduce_fr.names import clinical_abbreviations
from deduce_fr.persons_extra import world_names
from deduce_fr.places import RESIDENCE_CUES, PlaceIndex, key_of, place_index, read_place_lists
from deduce_fr.tokenizer import word_tokens

# words between the cue and the name: 'chez', 'pour le compte de', 'au', 'à la', "à l'", 'aux', 'de', 'du'
_LINK_BEFORE = frozenset({"chez", "pour", "au", "aux", "a", "la", "l", "le", "les", "de", "du", "des", "d", "dans",
                          "compte", "par", "comme", "en", "sur", "interim", "mission", "cdi", "cdd", "contrat"})
# a name's inner words ('Leroy Merlin', 'Cockerill Maintenance & Ingénierie', 'Aide & Soins')
_INNER_LINKS = frozenset({"&", "et", "de", "du", "des", "la", "le", "les", "d", "l", "+"})
_TITLES = frozenset({"dr", "dre", "drs", "pr", "prof", "docteur", "professeur", "m", "mme", "mr", "mlle", "madame",
                     "monsieur", "mademoiselle", "me", "maitre", "sr", "soeur", "st", "ste", "saint", "sainte",
                     # Italian and Spanish doctors' titles ('Dott.ssa X', 'Dra. X')
                     "dott", "dottssa", "dottoressa", "dottore", "dra"})
# contract and social-security words in capitals after a job: 'ouvrier (CDI)', 'intérimaire ETT'
_WORK_WORDS = frozenset({"cdi", "cdd", "ett", "smic", "rsa", "at", "mp", "itt", "epi", "btp", "rh", "drh", "cse", "chsct",
                         "tp", "vl", "pl", "caces", "fimo", "interim", "temps", "mi-temps", "plein", "partiel", "nuit",
                         "jour", "equipe", "poste", "postes", "horaires", "3x8", "2x8", "invalidite", "chomage",
                         "retraite", "pension", "inami", "cpas", "mutuelle", "arret", "reprise", "janvier", "fevrier",
                         "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                         "decembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"})
# words that close a firm's name ('Colruyt Group', 'Baloise Insurance', 'MAAF Assurances')
_CORPORATE = frozenset({"group", "groupe", "insurance", "assurances", "assurance", "bank", "banque", "belgium",
                        "belgique", "france", "luxembourg", "benelux", "europe", "international", "logistics",
                        "logistique", "services", "service", "market", "express", "city", "retail", "industries",
                        "industrie", "holding", "energy", "energie", "solutions", "construction", "interim",
                        "transport", "transports"})
_OPEN, _CLOSE = "(", ")"
# links after which a capitalised ordinary word in an employer position is a name ('caissière chez Tremplin',
# 'bénévole pour Horizon', 'ouvrier à Tremplin': a town is excluded by the town lists)
_STRONG_LINKS = frozenset({"chez", "pour", "par", "a", "au"})
# the links before an employer written with its elided article ("ouvrier de l'Aérospatiale", "employée à l'Intermarché")
_ELIDED_EMPLOYER_LINKS = frozenset({"de", "a", "chez", "pour"})
# capitalised words a writer puts after "de l'" that name no one employer: a state body's kind, an institution's
# generic part, a time ('retraité de l'Éducation nationale' is one, but its head alone says nothing)
_ELIDED_NOT_EMPLOYER = frozenset({"etat", "hopital", "armee", "education", "enseignement", "administration", "industrie",
                                  "agriculture", "equipement", "interieur", "eglise", "ete", "hiver", "automne", "ouest",
                                  "est", "ecole", "universite", "institut", "usine", "entreprise", "atelier", "epoque",
                                  "annee", "age", "ancien", "ancienne", "hotel", "office", "ordre", "onu", "europe"})
# cues that are a form's field label: the value after ':' is the employer ('Employeur : Toitures Lambert')
# heads that are no part of the name ("l'entreprise Colas", 'la société Dufour'), unlike 'coopérative X'
_GENERIC_HEADS = frozenset({"societe", "entreprise", "groupe", "firme", "enseigne", "chaine", "agence", "magasin",
                            "supermarche", "hypermarche", "usine", "entrepot", "plateforme", "chantier", "exploitation"})
# legal forms of French medical practices and groups: 'SELARL Imagerie du Val', 'SCM des radiologues de X'
_PRACTICE_FORMS = frozenset({"selarl", "selas", "selasu", "selafa", "selca", "selurl", "scm", "scp", "sisa"})
# what ends such a name on its line: a dash, a comma, a bracket, a colon, a number (postcode, SIRET)
_PRACTICE_END = frozenset({"-", "–", "—", ",", "(", ")", ":", ";", ".", "/", "|", "•"})
# a form's answers that are no employer ('Employeur : Néant', 'Employeur : Retraité')
_ANSWERS = frozenset({"neant", "aucun", "aucune", "inconnu", "inconnue", "sans", "non", "oui", "ras", "idem", "nc", "nr",
                      "na", "retraite", "retraitee", "chomeur", "chomeuse", "chomage", "invalide", "invalidite",
                      "etudiant", "etudiante", "independant", "independante", "lui-meme", "elle-meme", "personnel",
                      "particulier", "interim", "interimaire", "neant.", "pensionne", "pensionnee", "benevole", "mutuelle",
                      "employeur", "salarie", "salariee", "prive", "privee", "public", "publique", "divers", "autre",
                      "voir", "cf", "a", "preciser", "communique", "renseigne"})
_LABEL_CUES = frozenset({"employeur", "employeurs"})
# lower-case heads of a firm's name in an employer position: 'ouvrier au domaine X', 'agriculteur (coopérative X)'
_COMPANY_HEADS = frozenset({"cooperative", "domaine", "brasserie", "boulangerie", "boucherie", "patisserie", "garage",
                            "societe", "entreprise", "groupe", "magasin", "supermarche", "hypermarche", "restaurant",
                            "hotel", "ferme", "exploitation", "haras", "agence", "usine", "atelier", "ateliers",
                            "imprimerie", "menuiserie", "scierie", "carriere", "chateau", "cave", "caves", "maison",
                            "pharmacie", "librairie", "enseigne", "chaine", "firme", "transports", "entrepot",
                            "plateforme", "chantier", "abattoir", "laiterie", "fromagerie", "distillerie", "vignoble"})
# a hospital's site named alone: 'CHR X (site Meuse)', 'CHU UCL Namur – site Dinant' (a town's name is the site's)
_SITE_WORDS = frozenset({"site", "sites", "campus"})
# a brand written with an '@' between two words and no domain after it ('Soins@Home', 'Radio@Domicile'): not an
# e-mail address (no dot in its right part), a service's name
_AT_NAME = re.compile(r"(?<![\w.@-])[A-Z][\w-]*(?P<at>@)[A-Za-z][\w-]*(?![\w.@-]|\.\w)")
_RUN_BEFORE_AT = re.compile(r"[\w-]*\Z")
# capitalised ordinary words that are a hospital's own parts or a report's sections, never an employer's name
_NOT_EMPLOYER = frozenset({"service", "services", "unite", "departement", "pole", "urgences", "urgence", "laboratoire",
                           "bloc", "salle", "consultation", "radiologie", "imagerie", "hopital", "clinique", "centre",
                           "domicile", "maison", "ecole", "universite", "travail", "retraite", "chomage", "invalidite",
                           "mutuelle", "securite", "sociale", "etat", "ville", "commune", "region", "province",
                           "nord", "sud", "est", "ouest", "centre-ville", "gare", "port", "aeroport", "marche"})
# sides and compass points: 'muscle SCM Droit' names a muscle's side, 'CHU de X (site Nord)' a part of a site
_SIDES = frozenset({"droit", "droite", "gauche", "bilateral", "bilaterale", "d", "g", "dt", "gche"})
_COMPASS = frozenset({"nord", "sud", "est", "ouest", "nord-est", "nord-ouest", "sud-est", "sud-ouest", "centre"})
_STOP_PUNCT = frozenset({".", ";", "!", "?", "\n", ":"})
# a capitalised article right after a lower-case preposition mid-sentence opens a proper name ('résidente à La Ruche',
# 'bénévole pour Les Glaneurs', 'suivie par Le Tremplin'): French writes 'à la ruche' otherwise. One regex per text.
_ARTICLE_NAME = re.compile(r"(?<![\w'’])(?:à|chez|pour|par|avec|via|auprès de|aupres de) (?P<art>La|Le|Les|L['’])(?=[ A-ZÀ-ÖØ-Þ])")
# both article rules need a capitalised article after a space and a capital after it (spaces between allowed): the
# gate of their costlier regexes (literal-led, one scan per text)
_ARTICLE_GATE = re.compile(r" L(?:es|a|e|['’])\s*([^\W\d_])")
_ARTICLE_PREPS = frozenset({"a", "chez", "pour", "par", "avec", "via", "de"})
# the same article right after a kind's noun or adjective in lower case or its acronym ('discothèque Le Phare', 'hôpital
# gériatrique Les Magnolias', 'EMS Les Marronniers'): mid-line, French writes 'la', 'les' otherwise. One regex per text.
_CAPITAL_ARTICLE = re.compile(r"L(?:es|a|e|['’])(?= ?[A-ZÀ-ÖØ-Þ])")  # (literal-led: the scan is cheap)
_PREV_NOUN = re.compile(r"(?<![\w'’-])(?:[a-zà-öø-ÿ][a-zà-öø-ÿ-]{2,}|[A-Z]{2,6}) $")
# what the article may head that is no organisation: a stay or a move ('vacances à La Baule'), a feast ('à La
# Toussaint'), a person's role written with a capital ('remis à La Famille')
_MOVE_CUES = frozenset({"habite", "habitant", "habitante", "domicilie", "domiciliee", "vit", "reside", "residant",
                        "residante", "ne", "nee", "demeurant", "originaire", "vacances", "sejour", "voyage", "ski", "skie",
                        "rentre", "rentree", "revenu", "revenue", "retour", "alle", "allee", "parti", "partie", "demenage",
                        "demenagee", "installe", "installee", "arrive", "arrivee", "vole", "vol", "train", "route",
                        "trajet", "randonnee", "promenade", "balade", "camping", "plage"})
# kin words before a person's name with its article ('fille Le Gall'), verbs after which the article starts an object
_KIN = frozenset({"fils", "fille", "frere", "soeur", "mere", "pere", "epouse", "epoux", "mari", "femme", "conjoint",
                  "conjointe", "compagnon", "compagne", "oncle", "tante", "neveu", "niece", "cousin", "cousine", "veuve",
                  "voisin", "voisine", "ami", "amie", "nee", "ne", "dite", "dit", "famille", "madame", "monsieur"})
_ARTICLE_VERBS = frozenset({"est", "sont", "voir", "selon", "contre", "entre", "sans", "sous", "sur", "dans", "vers"})
_NOT_ARTICLE_NAMES = frozenset({"toussaint", "pentecote", "noel", "paques", "ascension", "assomption", "chandeleur",
                                "epiphanie", "saint", "sainte", "st", "ste", "famille", "patient", "patiente", "mere",
                                "pere", "fille", "fils", "maman", "papa", "medecin", "malade", "demande", "suite",
                                "fin", "veille", "rentree", "maison", "mer", "montagne", "campagne", "plage", "gare"})
# legal forms that mark a firm or an association ('la SAS Bâti Ouest', "l'asbl Le Pont", 'EARL du Moulin'); the
# forms that are also words or clinical abbreviations (sa, SC, SCA, SNC) are not taken, and 'SA', 'NV', 'SAS'
# only when no number stands before them ('32 SA': weeks of amenorrhoea)
_LEGAL_UPPER = frozenset({"ASBL", "AISBL", "VZW", "SPRL", "SRL", "SCRL", "SARL", "SAS", "SASU", "EURL", "SCOP", "GIE",
                          "EARL", "GAEC", "GmbH", "BVBA", "CVBA", "NV", "SA", "SPRLU"})
_LEGAL_LOWER = frozenset({"asbl", "vzw", "sprl", "srl", "scrl", "sarl", "eurl", "gaec", "earl", "sprlu"})
_LEGAL_NUMBERED = frozenset({"SA", "NV", "SAS"})
_LEGAL_KEYS = frozenset(fold(w) for w in _LEGAL_UPPER | _LEGAL_LOWER)
# a letterhead's or a form's first line: a name, a dash, what the organisation does or where it is ('Fedris — Agence
# fédérale ...', 'Securex — Service accidents du travail', 'ZNA Middelheim — Antwerpen'). One regex per text.
_DASH = re.compile(r"[ \t][—–-][ \t]")
# what a messaging tool's window or notification title says after its name and a dash ('X - Nouveau message', 'X -
# Canal "Y"', 'X - accusé de lecture', 'X - Message reçu'): the tool (secure mail, chat), not the sender's organisation
_MESSAGE_AFTER = re.compile(r"(?i)(?:nouveau(?:x)? messages?|messages? (?:re[çc]u|envoy[ée]|s[ée]curis[ée])|canal\b|accus[ée] de"
                            r"|notification|conversation|discussion|fil de discussion|bo[îi]te de r[ée]ception|r[ée]ponse"
                            r"|transf[ée]r[ée]|chat\b)")
_HEADER_LINE = re.compile(r"[ \t]*(?P<name>[A-ZÀ-ÖØ-Þ][^\n—–:,]{0,50}?)(?:,[ \t]*[A-ZÀ-ÖØ-Þ][^\n—–:,]{0,30})?"
                          r"[ \t]+[—–-][ \t]+(?![Nn]ée?\b)[^\W\d_]")
# acronyms of a KIND of establishment or of a ward: no one organisation's name ('MRS — résidente de 94 ans')
# HL7 v2 segments that name an organisation in a field: (segment, field number, component index); the sending
# and receiving facility (MSH-4, MSH-6), the authority that assigned the patient's id (PID-3.4), the facility of the
# patient's location (PV1-3.4), the patient's primary facility (PD1-3.1)
_HL7_FIELDS = {"MSH": ((4, 0), (6, 0)), "PID": ((3, 3),), "PV1": ((3, 3),), "PD1": ((3, 0),)}
_HL7_SEGMENT = re.compile(r"(?m)^(MSH|PID|PV1|PD1)\|[^\n]*")
# id types and coding systems written where an authority may stand ('^^^NISS', '^^^INS-NIR^NH'): no organisation
_HL7_ID_TYPES = frozenset({"niss", "nir", "ins", "ins-nir", "ins-c", "insc", "nh", "pi", "mr", "pn", "ss", "ssn", "rpps",
                           "adeli", "finess", "ipp", "nda", "iep", "rrn", "bsn", "avs", "ahv", "hl7", "iso", "dns",
                           "uuid", "l", "local"})
# military units, written in lower case after their number ('2e régiment étranger de parachutistes', '1er bataillon de
# chasseurs', 'base aérienne 118'): a unit is an employer and a place of service
_MILITARY_HEADS = frozenset({"regiment", "bataillon", "escadron", "escadrille", "escadre", "fregate", "corvette",
                             "porte-avions", "porte-helicopteres", "sous-marin", "patrouilleur", "aviso"})
# a unit named by its arm rather than its number ('bataillon de Chasseurs Ardennais', 'régiment du Génie') and a navy
# ship by its name ('frégate Provence', 'porte-avions Charles-de-Gaulle'): a posting, as identifying as an employer
_MILITARY_NAMED = re.compile(r"(?<![\w'’-])(?:(?i:bataillon|régiment|regiment|escadron|escadrille)[ ](?:de[ ]|du[ ]|des[ ]|d['’])"
                             r"|(?i:frégate|fregate|corvette|porte-avions|porte-hélicoptères|sous-marin|patrouilleur|aviso)"
                             r"[ ])(?=[A-ZÀ-ÖØ-Þ])")  # ('frégate de la Marine nationale': the navy, its own rule)
_MILITARY = re.compile(r"(?i)\b(?:\d{1,3}(?:e|er|re|ème|eme)\s+(?:régiment|regiment|bataillon|escadron|escadrille|escadre)"
                       r"|base\s+a[ée]rienne\s+\d{2,3})\b")
# what ends a unit's name: a preposition of place or time, a conjunction, a verb-like word of stationing
_MILITARY_END = frozenset({"a", "au", "aux", "en", "depuis", "base", "basee", "stationne", "stationnee", "pour", "avec",
                           "sur", "dans", "et", "ou", "lors", "pendant", "le", "la", "les", "un", "une", "qui"})
# a hospital's field ('Rhumatologie', 'Pédiatrie', 'Radiologie'): a ward, whatever the lists say
_SPECIALTY = re.compile(r"(?:logie|iatrie|urgie|pedie|graphie|therapie|scopie|ologue|iatre)$")
_KIND_ACRONYMS = frozenset({"mrs", "mr", "mrpa", "ehpad", "ssr", "smr", "usld", "had", "ssiad", "ime", "esat", "urg",
                            "sau", "smur", "samu", "sos", "cmp", "cmpp", "pmi", "usi", "usc", "uhcd", "pacs", "ris",
                            "dmp", "dpi", "ide", "as", "ash", "aide", "mt", "med", "chir", "ped", "cr", "crh", "rdv",
                            # a document's or a transmission's own words ('OCR – fax illisible', 'PDF - page 2')
                            "ocr", "fax", "pdf", "scan", "tel", "gsm", "mail", "email", "url", "dicom", "hl7", "sms",
                            "urgent", "page", "copie", "annexe", "objet", "ref", "nb", "ps"})
# acronyms of a KIND of social, asylum, shelter, detention-care or child-protection service (French Code de l'action
# sociale et des familles art. L312-1 and L345-1, CESEDA art. L552-1 and R744-6, Code de la santé publique art. L6112-6
# and L3121-2, Code pénal/CPP health units; Belgian reception law of 12 January 2007 and youth-aid decree of 18 January
# 2018): 'hébergée en CADA', "boîte postale à l'ESI", 'IP transmise à la CRIP' name no one body alone; with their own
# name ('CHRS L'Escale', 'LHSS X', 'ACT X') or place ('CRIP du Pas-de-Calais') they do
_SOCIAL_KINDS = frozenset({"cada", "huda", "chrs", "cph", "caes", "prahda", "cao", "spada", "esi", "lhss", "lam", "act",
                           "mecs", "cdef", "itep", "empp", "umcra", "cra", "lra", "crip", "aemo", "pjj", "stemo", "saj",
                           "spj", "ila", "siao", "caso", "cegidd", "clat", "pass", "csapa", "caarud", "emsp", "amu"})
# a shelter's or social service's kind written out in lower case (the CASF categories above) and the name it is given
# ('accueil de jour Le Nomade', 'abri de nuit X', "centre d'hébergement d'urgence « X »", 'maison relais Les X',
# 'appartement de coordination thérapeutique X'): the kind and its name are one organisation, as the writers tag it;
# a name in guillemets is taken alone. One regex per text, after a set test finds one of the kinds' words.
_SHELTER = re.compile(r"(?<![\w-])(?P<head>(?i:(?:centre[ ]d['’]accueil[ ]|accueil[ ])de[ ]jour|abri[ ]de[ ]nuit"
                      r"|halte[ ]de[ ]nuit|halte[- ]accueil|halte[ ]de[ ]jour|maison[- ]relais|pension[ ]de[ ]famille"
                      r"|boutique[ ]solidarit[ée]|r[ée]sidence[ ]sociale|foyer[ ]de[ ]jeunes[ ]travailleurs"
                      r"|(?:foyer|centre)[ ]d['’]h[ée]bergement(?:[ ]d['’]urgence|[ ]et[ ]de[ ]r[ée]insertion[ ]sociale"
                      r"|[ ]de[ ]stabilisation)?|espace[ ]solidarit[ée][ ]insertion|lits?[ ]halte[ ]soins[ ]sant[ée]"
                      r"|appartements?[ ]de[ ]coordination[ ]th[ée]rapeutique|centre[ ]maternel|village[ ]d['’]enfants"
                      r"|centre[ ]d['’]accueil[ ]de[ ]demandeurs[ ]d['’]asile))[ ]+(?P<quote>«[ \u00a0]*)?(?=[A-ZÀ-ÖØ-Þ])")
# a police station named by its district's number ('Commissariat du 19e', 'commissariat du 5e arrondissement')
_PRECINCT = re.compile(r"(?<![\w'’-])(?i:commissariat)[ ](?:du|de[ ]l['’]|de[ ]la)[ ]?\d{1,2}(?:e|er|ème|eme)(?![\w])"
                       r"(?:[ ]arrondissement)?")
# a sports club 'Stade' + its town's demonym ('Stade Rochelais', 'Stade Français'; not 'Stade de France', a venue)
_STADE_CLUB = re.compile(r"(?<![\w'’-])(?:Stade|Racing|Olympique|Union[ ]sportive|Sporting)[ ]"
                         r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:ais|ois|ain|ien|in|ins|ien)(?![\w-])")
_SHELTER_KEYS = frozenset({"abri", "halte", "halte-accueil", "relais", "maison-relais", "hebergement", "solidarite",
                           "coordination", "maternel", "travailleurs", "enfants", "asile"})
# the kinds whose words are all common alone ('accueil de jour', 'pension de famille', 'résidence sociale'): both words
_SHELTER_PAIRS = (("accueil", "jour"), ("pension", "famille"), ("residence", "sociale"))
# a workplace's or a body's common noun right before a bracket that names it ("chute dans l'escalier de l'usine (X Y)",
# 'couvreur à son compte (X Toitures, Vitré)', 'hébergée par la plateforme citoyenne (X)', 'volleyball (X Volley)'): the
# bracket's capitalised words up to a comma or the bracket's end are the firm, the club or the body; not a town, a
# person, a medical word or a date. A lower-case adjective may stand between the noun and the bracket.
_BRACKET_WORKPLACES = frozenset({"usine", "entreprise", "societe", "atelier", "chantier", "entrepot", "employeur",
                                 "compte", "magasin", "restaurant", "garage", "ferme", "exploitation", "club", "association",
                                 "plateforme", "agence", "firme", "boite", "enseigne", "supermarche", "hypermarche",
                                 "boulangerie", "commerce", "cooperative", "scierie", "laiterie", "abattoir", "carriere",
                                 "transporteur", "sous-traitant", "interim", "employee", "employe", "salarie", "salariee",
                                 "football", "rugby", "handball", "basket", "basket-ball", "volley", "volleyball",
                                 "volley-ball", "judo", "tennis", "hockey", "cyclisme", "natation", "athletisme", "ong",
                                 "collectif", "reseau", "organisme", "federation", "syndicat", "ecole", "college", "lycee"})
# acronyms of a KIND of public service, ward or legal category named alone after a care cue ('certificat transmis au
# SPIP', "l'USMP", "par l'UMJ", "Taux d'AIPP"): no one organisation (the cued-acronym rule leaves them)
_SERVICE_KINDS = frozenset({"spip", "usmp", "umj", "uccsa", "smpr", "aipp", "ipp", "ase", "caf", "cpam", "cpas", "mdph",
                            "ifsi", "cmp", "cmpp", "pmi", "uhsi", "uhsa", "ucsa", "ssr", "ssiad", "saad", "spasad", "casf",
                            "crf", "crp", "pa", "ph", "urssaf", "rcp", "cs", "cat", "ccam", "ngap", "icr", "ars",
                            "ssu", "sst", "ssti", "spsti", "sumpps", "mpr", "cdas", "ccas", "clic", "maia", "pcpe"}) | (
    _SOCIAL_KINDS)
# acronyms of a person's ROLE, not of a body ('certificat remis à l'OPJ', 'appel au MJPM', 'vu par l'IPA'): a person
_ROLE_ACRONYMS = frozenset({"opj", "apj", "apja", "jld", "jaf", "jap", "jde", "mjpm", "ipa", "idec", "ibode", "iade",
                            "ipde", "puer", "cpe", "aesh", "avs", "atsem", "spv", "spp", "isp", "msp", "asv",
                            "tisf", "cesf", "drh", "rh", "dg", "pdg", "ceo", "cto", "dpo", "rssi",
                            # imaging and emergency staff: 'X (MERM)', 'ARM du SAMU'
                            "merm", "erm", "arm", "tim"})
# what an unknown acronym follows when it names the place where care was given or asked for ('au RHNe', "à l'HFME",
# 'transfert HEH', "aux urgences de l'HUDERF"): 'au'/'vers'/'chez' or a transfer's word; "l'" after a preposition
_ROMAN_NUMERAL = re.compile(r"[IVX]{1,5}[a-dA-D]?")
_ACRONYM_CUES = frozenset({"au", "aux", "vers", "chez", "transfert", "transfere", "transferee", "adresse", "adressee",
                           # a sports licence's issuer ('Licence FFVB n° X', 'licencié FFR'): the federation
                           "licence", "licencie", "licenciee"})
_ACRONYM_ELIDED_AFTER = frozenset({"a", "de", "vers", "par", "pour", "chez", "depuis", "dans", "sur", "avec", "urgences"})
# nouns after which 'du' + an acronym names where the care is ('équipe mobile du CHM', 'lettre de sortie du GHER'),
# unlike an anatomical 'entorse du LTFA'
_DU_CARE_NOUNS = frozenset({"urgences", "service", "equipe", "sortie", "arrivee", "transfert", "lettre", "part",
                            "consultation", "hospitalisation", "hospitalise", "hospitalisee", "suivi", "suivie", "dossier",
                            "sociale", "social", "secretariat", "radiologie", "imagerie", "demande", "compte", "site"})
# what a unit belongs to ('UAPED du CHU de X', "USMP de l'hôpital", 'UMJ du centre hospitalier de Y')
_UNIT_OWNERS = frozenset({"hopital", "centre", "groupe", "groupement", "clinique", "polyclinique", "institut", "chu",
                          "chru", "ch", "chr"})
# acronyms that head an establishment's name ('CHU de X', 'GHT X'): the institutions annotator's, left to it
_HOSPITAL_KINDS = frozenset({"chu", "chru", "chr", "chc", "ch", "chi", "chic", "chs", "ghu", "gh", "ght", "az", "uz", "epsm",
                             "clcc", "crlcc", "chd", "chg", "chm"})
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{2,6}")
# an acronym written with capitals and a lower-case letter inside or at its end ('CHdN', 'RHNe', 'HUmani' is no acronym)
_MIXED_ACRONYM = re.compile(r"[A-Z]{2,}[a-z][A-Z]*|[A-Z]{2,}[a-z]|[A-Z][a-z][A-Z]{2,}")
# an acronym in capitals, then 'du', 'de la', 'des', "d'" and a town, a department or a region, names a body of that
# place ("l'ATMP du Rhône", 'UDAF de la Somme', "MSA d'Armorique", 'PGHM de la Réunion'): the writers tag the whole.
# Not a hospital's own acronym (the institutions annotator's), a vehicle, a zone or a train ('VSAV de Saint-Leu',
# 'ZAC de X', 'TGV de Paris'), a roman numeral ('stade III de X') or a person's name in capitals ('Dr MARTIN de Lyon')
_PLACE_ACRONYM = re.compile(r"[A-Z]{3,6}")
_PLACE_ACRONYM_OUT = _HOSPITAL_KINDS | frozenset({"vsav", "vsl", "vli", "vlm", "vlr", "fpt", "zac", "zup", "zus", "zae",
                                                  "qpv", "tgv", "ter", "rer", "ice", "thalys", "tram", "bus", "rdv", "sms", "cni", "cin",
                                                  "nord", "sud", "est", "ouest", "ville", "mairie"})
_PLACE_LINKS = frozenset({"du", "des", "de", "d"})
# a ward's first word in a person's brackets ('Dr X (Médecine Interne)', '(Chirurgie Viscérale)'): no organisation
_WARD_HEADS = frozenset({"medecine", "chirurgie", "reanimation", "soins", "hospitalisation", "hopital", "gériatrie",
                         "maternite", "bloc", "accueil", "secretariat", "cabinet", "equipe", "filiere", "clinique"})
# a titled person, maybe their job, then brackets: what the brackets name first is their town, their id or their
# organisation ('Dr S. Kowalczyk, radiologue (Télé-Imagerie Occitanie)', 'M. Abadie (Orthopédie Pyrénéenne, Tarbes)')
_PERSON_BRACKET = re.compile(r"(?:Dr|Pr|M\.|Mme|Docteur)\.? (?:[A-ZÀ-ÖØ-Þ][\w.'’-]*\.? ){0,2}[A-ZÀ-ÖØ-Þ][\w'’-]+"
                             r"(?:, [a-zà-ÿ-]+(?: [a-zà-ÿ-]+)?)? \((?P<b>[A-ZÀ-ÖØ-Þ][^(),\n]{2,60})[,)]")
# a religious or residential house's lower-case head and its saint ('la maison Saint-Gildard', 'foyer Sainte-Thérèse',
# 'couvent Notre-Dame'): the writers tag the head with the name, not a town after it. Literal-led on the head.
_SAINT_HOUSE = re.compile(r"(?<![\w'’-])(?:maison|foyer|communauté|couvent|monastère|abbaye|pensionnat|internat|prieuré"
                          r"|carmel|institution|orphelinat|hospice) (?:Saint|Sainte|St|Ste|Notre-Dame)(?:[- ][A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+)+")
# (the house words folded: the regex runs only on a text holding one of them as a word, which it needs)
_SAINT_HOUSE_KEYS = frozenset({"maison", "foyer", "communaute", "couvent", "monastere", "abbaye", "pensionnat", "internat",
                               "prieure", "carmel", "institution", "orphelinat", "hospice"})
# nouns that an eponym follows with 'de' ('temps de Quick', 'maladie de X', 'signe de X'): a one-word register name there
# is a person's name in a test, a sign or a disease, no firm
_EPONYM_NOUNS = frozenset({"temps", "test", "signe", "maladie", "syndrome", "methode", "technique", "classification",
                           "score", "manoeuvre", "fracture", "lesion", "lesions", "stade", "type", "triade", "loi", "reflexe",
                           "epreuve", "indice", "angle", "ligne", "point", "canal", "operation", "intervention",
                           "pied", "main"})
# the words of a legal protection measure, after which an acronym that is also a clinical abbreviation names the body
# that holds the mandate ('curatelle confiée à l'ATMP du Rhône', 'mandataire : ATMP de Saône-et-Loire')
_GUARDIANSHIP = frozenset({"tutelle", "curatelle", "mandataire", "tuteur", "tutrice", "curateur", "curatrice",
                           "sauvegarde", "mandat", "protection", "mjpm"})
# a firm's name closed by an English or French corporate word, its other words capitalised ('Radio Mobile Services',
# 'Nettoyage Pro Services', 'Hager Group', 'Baloise Insurance', 'Van Moer Logistics'), a town after it joining it ('Santé
# Service Bourgogne'). Literal-led: the scan is cheap; the words before are checked on the tokens.
_CORPORATE_CLOSER = re.compile(r"(?:Services?|Group|Logistics|Solutions|Interim|Intérim|Industries|Holding|Insurance|Assistance|Interprétariat"
                               r"|Assurances|Consulting|Partners|Systems|Technologies|Express)(?![\w'’-])")
# capitalised nouns of a public body, an association or a firm that French writes with one capital, the rest of the
# name in lower case ("déclaré à l'Association d'assurance accident", 'saisie de la Commission de conciliation et
# d'indemnisation des accidents médicaux', 'la Caisse primaire d'assurance maladie', 'la Laiterie des Ardennes')
_BODY_HEADS = frozenset({"association", "associations", "commission", "caisse", "federation", "office", "ligue", "comite",
                         "syndicat", "fondation", "societe", "compagnie", "mutuelle", "tribunal", "parquet", "prefecture",
                         "ministere", "regie", "amicale", "cooperative", "confederation", "agence", "chambre", "conseil",
                         "union", "oeuvre", "oeuvres", "fraternite", "laiterie", "fromagerie", "brasserie", "cave",
                         "distillerie", "sucrerie", "scierie", "tuilerie", "briqueterie", "verrerie", "papeterie",
                         "fonderie", "imprimerie", "menuiserie", "ferme-auberge", "auberge", "discotheque", "commissariat",
                         "gendarmerie", "brigade", "caserne", "maison", "direction", "inspection", "academie", "pole"})
_DASHES = frozenset({"—", "–", "-"})
# a care or research centre's head written with a capital mid-sentence after a lower-case article or preposition heads
# its name as a body's noun does ('relu au Centre régional de coordination des dépistages des cancers X', "suivie à
# l'Institut de cancérologie de X"; the writers tag every such 'Centre'); the name stops at the first lower-case word
# after a capitalised one ('au Centre médical de X montrent': the verb is the sentence's)
_CAPITAL_CARE_HEADS = frozenset({"centre", "institut"})
_DASH_BODY_HEADS = frozenset({"federation", "tribunal", "commission", "syndicat", "fondation", "ligue", "confederation",
                              "prefecture", "ministere", "gendarmerie", "commissariat", "parquet", "academie", "association"})
# the state's forces and rescue bodies named by their noun and their adjective, in any case ('réquisition police
# nationale', 'GENDARMERIE NATIONALE', 'frégate de la Marine nationale', 'médecin de la croix rouge'): one body each,
# an employer or the author of a requisition. A kind ('police locale', 'les pompiers') names no one body.
_FORCES = re.compile(r"(?i)(?<![\w'’-])(?:(?:police|gendarmerie)[ ](?:nationale|f[ée]d[ée]rale)|marine[ ]nationale"
                     r"|arm[ée]e[ ]de[ ](?:terre|l['’]air(?:[ ]et[ ]de[ ]l['’]espace)?)|garde[ ]r[ée]publicaine"
                     r"|l[ée]gion[ ][ée]trang[èe]re|(?:s[ée]curit[ée]|protection)[ ]civile"
                     r"|croix[- ]rouge(?:[ ](?:fran[çc]aise|de[ ]Belgique|suisse|luxembourgeoise))?)(?![\w-])")
_FORCE_QUALIFIERS = frozenset({"nationale", "federale", "terre", "air", "republicaine", "etrangere", "civile", "rouge",
                               "croix-rouge"})
_FORCE_KEYS = frozenset({"police", "gendarmerie", "marine", "armee", "garde", "legion", "securite", "protection",
                         "croix", "croix-rouge"})
# an organisation's name and the acronym it defines in brackets ('Centre régional de coordination des dépistages
# (CRCDC)', 'Office de la naissance et de l'enfance (ONE)'): the acronym's capitals are the initials of the name's
# words in order, the first one its head's. One literal-led regex per text.
_DEFINED_ACRONYM = re.compile(r"\((?P<acr>[A-Z][A-Za-z]{1,7})\)")
_DEFINING_HEADS = _BODY_HEADS | frozenset({"centre", "institut", "agence", "office", "groupement", "fonds", "observatoire",
                                           "reseau", "organisation", "organisme", "etablissement", "ecole", "universite",
                                           "autorite", "haute", "conservatoire", "bureau", "cellule", "plateforme"})
_DEFINING_SKIP = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "pour", "en", "a", "au", "aux", "sur"})
_AT_PLACE = frozenset({"a", "au"})  # (folded: "à" is "a")
_LOCATED_GATE = re.compile(r"[A-ZÀ-ÖØ-Þ]{3,7} +(?:à|au) ")  # (capitals before 'à'/'au': the rule's gate, one scan)
_PERSON_WORDS = frozenset({"patient", "patiente", "resident", "residente", "enfant", "assure", "assuree", "victime",
                           "beneficiaire", "detenu", "detenue", "salarie", "salariee", "nom", "concerne"})
# who 'chez' introduces when it means 'in (a person)': 'chez le patient diabétique', "chez l'enfant", 'chez ce résident'
_PERSON_DETERMINERS = frozenset({"le", "la", "les", "ce", "cet", "cette", "ces", "un", "une", "des", "notre", "nos",
                                 "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "votre", "vos"})
_PERSON_NOUNS = _PERSON_WORDS | frozenset({"patients", "patientes", "residents", "residentes", "enfants", "malade",
                                           "malades", "sujet", "sujets", "personne", "personnes", "adulte", "adultes",
                                           "nourrisson", "nourrissons", "femme", "femmes", "homme", "hommes", "senior",
                                           "seniors", "sportif", "sportive", "adolescent", "adolescente", "nouveau-ne"}
                          ) | _KIN | frozenset({"parents", "enfants", "amis", "beau-fils", "belle-fille", "petit-fils",
                                                "petite-fille", "grand-mere", "grand-pere", "grands-parents"})
# acronyms of a KIND of care establishment in Quebec, West and Central Africa and the Maghreb that the establishment's own
# name follows ('CISSS de la Montérégie-Centre', "CIUSSS du Nord-de-l'Île-de-Montréal", 'GMF des Saguenéens', 'CHSLD
# Saint-Joseph', 'CSRéf de Kati', 'EPH de Ain Taya'): Quebec's health-network kinds (MSSS), the health pyramids of
# Senegal, Mali, Burkina Faso, Niger (CHR/CHD/CSRéf/CSCom/CSPS/CMA/CSI) and Algeria's public hospitals (EPH/EPSP/EHS).
# Like 'CHU de X', the kind and the name are one span. A set test on the folded words gates the regex.
_NAMED_KIND_KEYS = frozenset({"cisss", "ciusss", "clsc", "chsld", "gmf", "gmf-u", "umf", "csss", "crdi", "crdp", "chnu",
                              "chn", "chd", "chp", "chpu", "csref", "cscom", "csps", "cma", "csi", "eph", "epsp", "ehs"})
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w]*(?:(?:-(?:de-la-|de-l['’]|du-|des-|de-|d['’]|l['’]|sur-|en-|lès-|les-)?|['’])[A-ZÀ-ÖØ-Þ][\w]*)*"
_NAMED_KIND = re.compile(r"(?<![\w-])(?:CISSS|CIUSSS|CLSC|CHSLD|GMF(?:-U)?|UMF|CSSS|CRDI|CRDP|CHNU|CHN|CHD|CHPU|CHP|CSR[ée]f"
                         r"|CSCom|CSPS|CMA|CSI|EPH|EPSP|EHS)(?:[ ](?:de[ ]la[ ]|de[ ]l['’]|du[ ]|des[ ]|de[ ]|d['’])|[ ])"
                         r"(?P<name>" + _NAME_WORD + r"(?:[ ]" + _NAME_WORD + r"){0,2})")
# a form's payer field ('Prise en charge : CNAM', 'Organisme payeur : Mutuelle de santé des enseignants') and an insurer's
# field with its branch ('Assurance accident : SUVA', 'Caisse maladie : X'): the value names the body
_PAYER_FIELD = re.compile(r"(?im)\b(?:prise[ ]en[ ]charge|organisme(?:[ ]payeur|[ ]assureur)?|tiers[ -]payant|payeur"
                          r"|(?:assurance|assureur|caisse|mutuelle|couverture)[ ](?:accident|accidents|maladie|sant[ée]|"
                          r"compl[ée]mentaire|obligatoire|invalidit[ée]|AT|LAA|LAMal))[ \t]*:[ \t]*(?=[A-ZÀ-ÖØ-Þ])")
_PAYER_KEYS = frozenset({"charge", "organisme", "payant", "payeur", "tiers-payant", "couverture"}) | frozenset(
    {"assurance", "assureur", "caisse", "mutuelle"})
# what ends a payer's value: its sentence, its line, a bracket, a number, another field
_PAYER_END = frozenset({".", ",", ";", "(", ")", ":", "/", "|", "-", "–", "—", "n°", "no"})
# a field naming a supplier in an imaging department's or an IT ticket's text ('Maintenance scanner et IRM : X',
# 'Téléradiologie de nuit : X', 'Reconnaissance vocale : X', 'Éditeur : X', 'Fournisseur : X'): the label (up to six
# words on its line, one of them a supplier's word) and a colon; the value's capitalised words are the firm
_VENDOR_KEYS = frozenset({"maintenance", "teleradiologie", "tele-radiologie", "fournisseur", "editeur", "constructeur",
                          "fabricant", "prestataire", "hebergeur", "infogerance", "vocale", "integrateur", "vendor",
                          "manufacturer", "supplier", "telemaintenance", "sous-traitant", "soustraitant"})
_VENDOR_FIELD = re.compile(r"(?im)^[ \t]*(?:[-•*][ \t]*)?(?P<label>[^\W\d_][\w'’-]*(?:[ \t]+[\w'’-]+){0,5})[ \t]*:[ \t]*"
                           r"(?=[A-ZÀ-ÖØ-Þ])")
# the teleradiology firm named right after the word ('TELERADIOLOGIE X - interprétation', 'téléradiologie (X)')
_TELERADIOLOGY = re.compile(r"(?i)t[ée]l[ée][ -]?radiologie(?:[ \t]+de[ \t]+(?:nuit|garde|jour|week-end))?[ \t]*(?:\(|:|-|–|—|par)?"
                            r"[ \t]*(?-i:(?P<name>[A-Z][\w]+(?:[ \t][A-Z][\w]+){0,2}))")
# a reading 'à distance' and, in brackets, who read it: the firm first ('radiologue de garde à distance (X, Dr Y)')
_REMOTE = re.compile(r"(?i)\b(?:à|a)[ ]distance[ \t]*\((?-i:(?P<name>[A-Z][\w]+(?:[ \t][A-Z][\w]+){0,2}))")
# an interpreting service after the interpreter's word and 'via', 'par', 'de' or a bracket ('interprète via X',
# 'interprétariat par téléphone (X)'), and a hospital network after 'réseau' ('(réseau X)', 'réseau hospitalier X')
_INTERPRETER_KEYS = frozenset({"interprete", "interpretes", "interpretariat", "traducteur", "traductrice", "traduction"})
_NETWORK_KEYS = frozenset({"reseau"})
_REGION_ADJECTIVES = frozenset({"wallon", "wallonne", "bruxellois", "bruxelloise", "flamand", "flamande", "romand", "romande",
                                "vaudois", "vaudoise", "genevois", "genevoise", "valaisan", "valaisanne", "jurassien",
                                "jurassienne", "fribourgeois", "fribourgeoise", "neuchatelois", "neuchateloise",
                                "luxembourgeois", "luxembourgeoise", "alsacien", "alsacienne", "lorrain", "lorraine",
                                "breton", "bretonne", "normand", "normande", "francilien", "francilienne", "quebecois",
                                "quebecoise", "corse", "basque", "savoyard", "savoyarde", "reunionnais", "reunionnaise",
                                "antillais", "antillaise", "guyanais", "guyanaise", "mahorais", "mahoraise", "belge",
                                "suisse", "national", "nationale", "regional", "regionale", "federal", "federale"})
_SERVICE_LINKS = frozenset({"via", "par", "de", "du", "des", "d", "(", "avec", "aupres", "telephone", "telephonique",
                            "en", "ligne", "le", "la", "l", "les", "hospitalier", "hospitaliers", "sante", "social"})
# a header line's parts, split by a spaced dash, a slash or a bar ('Fiche de consultation — X / Hôpital de district'):
# an acronym no list knows alone in a part, with a care establishment's head in another part of the line, is the body
_HEADER_PART_SPLIT = re.compile(r"[ \t]+[—–/|-][ \t]+")
_HEADER_HEADS = frozenset({"hopital", "clinique", "polyclinique", "centre", "chu", "chr", "ch", "chru", "institut",
                           "maternite", "dispensaire", "district", "sante"})
# an establishment named after a saint alone, after an article no town takes ('accouché à la Sainte-Famille', 'suivi
# au Saint-Jean'), with a care word in its sentence: a clinic, a hospital or a maternity known by its saint
_SAINT_ALONE = re.compile(r"(?<![\w'’-])(?:au|à[ ]la|a[ ]la|de[ ]la)[ ]+(?P<name>(?:Sainte?|St|Ste)-[A-ZÀ-ÖØ-Þ][\w]+"
                          r"(?:-[A-ZÀ-ÖØ-Þ][\w]+)*)(?![\w-])")
_SAINT_CARE = frozenset({"hospitalise", "hospitalisee", "hospitalisation", "suivi", "suivie", "opere", "operee",
                         "accouche", "accouchee", "accouchement", "urgences", "transfere", "transferee", "transfert",
                         "admis", "admise", "consultation", "consulte", "adresse", "adressee", "soigne",
                         "soignee", "radiographie", "irm", "scanner", "echographie", "imagerie", "maternite", "sortie",
                         "dialyse", "chimiotherapie", "radiotherapie", "rééducation", "reeducation", "hospitalier"})
# courts by their full kind (French Code de l'organisation judiciaire, Belgian Code judiciaire) and the place they sit
# in ("conseil de prud'hommes de X", "cour d'assises du X", 'tribunal pour enfants de X', "tribunal de l'entreprise du
# X", 'tribunal de première instance de X', "cour administrative d'appel de X"): kind and seat are one span
_COURT_KINDS = (r"tribunal[ ](?:pour[ ]enfants|de[ ]premi[èe]re[ ]instance|de[ ]l['’]entreprise|de[ ]commerce|du[ ]travail"
                r"|de[ ]police|de[ ]proximit[ée]|de[ ]grande[ ]instance|d['’]instance|des[ ]affaires[ ]de[ ]s[ée]curit[ée]"
                r"[ ]sociale|de[ ]l['’]application[ ]des[ ]peines|paritaire[ ]des[ ]baux[ ]ruraux|maritime|militaire)"
                r"|cour[ ](?:d['’]appel|d['’]assises|administrative[ ]d['’]appel|du[ ]travail|criminelle(?:[ ]d[ée]partementale)?)"
                r"|conseil[ ]de[ ]prud['’]hommes|justice[ ]de[ ]paix|parquet(?:[ ]g[ée]n[ée]ral)?")
_COURT = re.compile(r"(?i)(?<![\w'’-])(?:" + _COURT_KINDS + r")[ ](?:de[ ]la[ ]|de[ ]l['’]|du[ ]|des[ ]|de[ ]|d['’])"
                    r"(?-i:(?P<name>" + _NAME_WORD + r"(?:[ ]" + _NAME_WORD + r")?))")
_COURT_KEYS = frozenset({"tribunal", "cour", "conseil", "justice", "parquet"})
# a state's mission abroad, by its country or town ('ambassade du Japon', "consulat général d'Italie à Lyon", 'Embassy of
# Ghana'): one body; the country after it is checked against the place lists
_MISSION = re.compile(r"(?i)(?<![\w-])(?:ambassade|consulat(?:[ ]g[ée]n[ée]ral)?|embassy|botschaft|consulate"
                      r"|generalkonsulat)[ ](?:du|de[ ]la|de[ ]l['’]|des|de|d['’]|of(?:[ ]the)?)[ ]?(?=[A-ZÀ-ÖØ-Þ])")
_MISSION_KEYS = frozenset({"ambassade", "consulat", "embassy", "consulate", "botschaft", "generalkonsulat"})
# what a body's name may follow mid-sentence: an article or a preposition in lower case
_BODY_BEFORE = frozenset({"la", "le", "les", "du", "des", "de", "a", "au", "aux", "par", "pour", "chez", "avec", "via",
                          "aupres", "sa", "son", "une", "un", "cette", "ce", "et", "sur", "devant", "dans", "vers"})
# lower-case words that end the name: a verb or a participle of the sentence, a preposition of place or time
_BODY_END = frozenset({"a", "au", "aux", "en", "pour", "par", "sur", "avec", "dans", "chez", "depuis", "apres", "avant",
                       "sans", "sous", "vers", "entre", "qui", "que", "dont", "ou", "mais", "car", "est", "sont",
                       "ont", "avait", "etait", "le", "la", "les", "l", "un", "une", "ne", "n", "se", "s", "lors", "pendant",
                       "puis", "ainsi", "aussi", "afin", "selon", "comme", "lui", "elle", "il", "ils", "y", "ce", "cette"})
_BODY_LINKS = frozenset({"de", "du", "des", "d"})
# a past participle or a verb of the sentence after the name ('la Caisse ... prévue le 3 mars', '... contactée')
_PARTICIPLE = re.compile(r"(?:é|ée|és|ées|ue|ues|ait|aient)$")
# an insurer's field in a form ('Assurance : CSS', 'Assureur : Ethias', 'Mutuelle : Solidaris', 'Caisse : CPAM de la
# Marne'): the value is the insurer whatever its word, but a number, an answer ('néant'), a contract's word ('AT')
_INSURER_FIELD = re.compile(r"(?im)\b(?:assurance|assureur|mutuelle|mutualit[ée]|caisse(?:[- ]maladie)?|krankenkasse|ziekenfonds"
                            r"|insurer|insurance|health[ ]insurer)[ \t]*(?::[ \t]*|(?P<bracket>\())(?=[A-ZÀ-ÖØ-Þ])")
# French cover schemes written in an insurer's field ('Mutuelle : CMU-C'; the French 'CSS' is one after 'mutuelle' or
# 'caisse', the Swiss insurer after 'assurance') and a form's answers there
# an insurer's acronym after its cue and a few lower-case words ('assurance protection juridique DAS', 'mutuelle santé
# MGX'): the acronym is checked on the lists (no cover scheme, clinical abbreviation, kind of service)
_INSURER_ACRONYM = re.compile(r"(?i)\b(?:assurance|assureur|mutuelle|insurer)(?:[ ][a-zà-ÿ-]+){0,3}[ ](?-i:(?P<acr>[A-Z]{2,6}))"
                              r"(?![\w'’/-])")
_COVER_SCHEMES = frozenset({"cmu", "cmu-c", "cmuc", "acs", "ame", "ald", "c2s", "puma", "aah",
                            # lines of insurance ('assurance RC vie privée', 'contrat GAV', 'IARD'), not an insurer
                            "rc", "iard", "gav"})
_FIELD_ANSWERS = frozenset({"ok", "affilie", "affiliee", "valide", "validee", "complementaire", "obligatoire", "privee",
                            "prive", "aucune", "aucun", "inconnue", "inconnu", "oui", "non", "neant", "nc", "en"})
_INSURER_KEYS = frozenset({"assurance", "assureur", "mutuelle", "mutualite", "caisse", "caisse-maladie", "krankenkasse",
                           "ziekenfonds", "insurer", "insurance"})
# German and Dutch hospitals written as one compound ('Inselspital', 'Universitätsspital Basel', 'Spitalzentrum Biel',
# 'Sint-Elisabethziekenhuis', 'Klinikum Saarbrücken'): the word holds a hospital's noun with more letters before or after
# a care establishment's head in capitals that OCR broke with stray spaces ('C ENTRE HOSP ITALIER', 'CLINI QUE',
# 'POLY CLINIQUE'): the letters of the head with at most one space after each; the rest of its line in capitals is
# its name. A head written whole is the other rules'.
_BROKEN_HEADS = ("CENTRE HOSPITALIER", "CENTRE HOSPITALIER UNIVERSITAIRE", "CENTRE HOSPITALIER REGIONAL", "HOPITAL",
                 "HÔPITAL", "CLINIQUE", "POLYCLINIQUE", "GROUPE HOSPITALIER", "CENTRE D'IMAGERIE", "CENTRE DE RADIOLOGIE",
                 "CABINET DE RADIOLOGIE", "INSTITUT", "MAISON DE REPOS", "MAISON DE RETRAITE", "RESIDENCE")
_BROKEN_HEAD = re.compile("(?<![A-ZÀ-Þ])(?P<head>" + "|".join(
    " ?".join(re.escape(c) for c in h.replace(" ", "")) for h in sorted(_BROKEN_HEADS, key=len, reverse=True))
    + ")(?![a-zà-ÿ])(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’-]*(?![a-zà-ÿ]))*")
_BROKEN_WORDS = frozenset(w for h in _BROKEN_HEADS for w in h.split())
# lower-case heads of a firm, a shop, a farm or a public service, before 'du'/'de la'/'des' and a capitalised name
# ('ferme-auberge du Kastelberg', 'scierie de la Vallée', 'bar des Sports', 'commissariat du Centre'): the trades
# of the NAF and OpenStreetMap head lists (data/organisations_heads_*.txt, one word) and a few of ours; the care,
# school and ward heads are the head rules'
_LINK_HEAD_EXTRA = frozenset({"ferme", "ferme-auberge", "domaine", "discotheque", "commissariat", "gendarmerie", "caserne",
                              "mairie", "cooperative", "haras", "abattoir", "entrepot", "chantier", "hotel-restaurant",
                              "restaurant", "camping", "station-service", "salon", "magasin", "supermarche", "superette"})
_LINK_HEAD_OUT = frozenset({"cabinet", "clinique", "laboratoire", "campus", "residence", "ehpad", "maternite", "ecole",
                            "universite", "creche", "garderie", "fondation", "hospice", "prison", "tribunal", "peinture",
                            "peintures", "couverture", "couvertures", "chauffage", "chauffages", "coiffure", "coiffures",
                            "reliure", "reliures", "charpente", "charpentes", "video-club", "gym", "bibliotheque",
                            "musee", "cinema", "aerodrome", "ambassade", "consulat", "sciage", "usinage", "outillage"})
# acronyms of a kind of care establishment or service that a name follows ("l'HAD Soins et Santé", 'le SSIAD Aide à
# Domicile du Val', 'EHPAD Korian Les Lilas')
_CARE_KINDS = _SOCIAL_KINDS | frozenset({"had", "ssiad", "saad", "spasad", "ehpad", "mrs", "mrpa", "ssr", "smr", "usld", "ime", "esat", "mas",
                         "fam", "cmp", "cmpp", "camsp", "sessad", "ifsi", "ehpa", "usa", "csapa", "caarud", "cmpa"})
# a practice's or care centre's lower-case head and what it does, before 'du'/'de la'/'des' and a capitalised name
# ('cabinet de radiologie du Lez', "centre d'imagerie du Parc", 'maison médicale des Tilleuls'). One regex per text,
# after a set test finds the head's first word.
_CARE_LINKED = re.compile(r"(?<![\w'’-])(?:(?:cabinet|centre) (?:de radiologie|d['’]imagerie(?: médicale)?|médical|de santé|de "
                          r"soins|de rééducation|de kinésithérapie|dentaire)|maison (?:médicale|de santé)|pôle de santé)"
                          r" (?:du|des|de la|de l['’])[ ]?(?=[A-ZÀ-ÖØ-Þ])")
_CARE_LINKED_KEYS = frozenset({"cabinet", "centre", "maison", "pole"})
# what each such head's activity ends with before its link (the regex's gate: substring tests)
_CARE_LINKED_TAILS = ("ologie d", "imagerie d", "médical d", "médicale d", "santé d", "soins d", "éducation d", "thérapie d",
                      "dentaire d")
_COMPOUND_GATE = re.compile(r"spital\b")
_COMPOUND_ENDS = ("spital", "klinik", "klinikum", "kliniken", "krankenhaus", "ziekenhuis", "kliniek")
_COMPOUND_HOSPITAL = re.compile(r"(?<![\w-])(?:[A-ZÀ-Þ][\w-]*?(?:spital|klinik|klinikum|kliniken|krankenhaus|ziekenhuis|kliniek)"
                                r"|Spital[a-zäöü]+)(?![\w-])")
# a form's field whose value is an organisation, the label's last word before ':' ('Siège social : X', 'École : X',
# 'Lieu de travail : X', 'Club : X')
_FIELD_LABELS = frozenset({"social", "sociale", "etablissement", "ecole", "club", "association", "organisme",
                           "structure", "societe", "entreprise", "creche", "college", "lycee", "universite", "travail",
                           "firme", "enseigne", "denomination"}) | frozenset({"aides", "transport", "televigilance",
                                                                             "repas", "passages", "prestataire"})
# of those, the home-care fields, whose value may also be a person ('Aides : Mme Collard'): a name only when its
# first word is no first name or surname ('Aides : Soins chez Soi', 'Télévigilance : Vitatel')
_CARE_LABELS = frozenset({"aides", "transport", "televigilance", "repas", "passages", "prestataire"})

# dictated or texted notes write a hospital's name in lower case ('au centre oscar lambret', 'imagerie st jean',
# 'le centre hospitalier de valenciennes'): a lower-case head of a care establishment, then a saint's name, a first
# name and the word after it, or (hospital heads only) 'de' and a known town. One set intersection finds the heads.
_LOWER_HEAD_KEYS = frozenset({"hopital", "clinique", "polyclinique", "institut", "fondation", "centre", "imagerie",
                              "chu", "chr", "chi", "ch", "groupe", "cabinet", "ecole", "college", "lycee", "ehpad", "cmp",
                              "cmpp", "camsp", "ssiad", "sessad", "esat", "ime", "samu", "smur", "sdis", "usld",
                              "maternite"})
# how each head is written in lower case, followed by its space (the gate's substring tests)
_LOWER_SURFACES = {key: tuple({f"{key} ", *extra}) for key, extra in {
    "hopital": ("hôpital ",), "ecole": ("école ",), "college": ("collège ",), "lycee": ("lycée ",),
    "maternite": ("maternité ",)}.items()} | {key: (f"{key} ",) for key in _LOWER_HEAD_KEYS
                                               if key not in ("hopital", "ecole", "college", "lycee", "maternite")}
# of those, the heads after which 'de' and a known town name one establishment ('cmp de roubaix', 'ch de tourcoing')
_LOWER_HOSPITAL_HEADS = frozenset({"hospitalier", "universitaire", "regional", "intercommunal", "hopital", "clinique",
                                   "polyclinique", "chu", "chr", "chi", "ch", "ehpad", "cmp", "cmpp", "camsp", "ssiad",
                                   "sessad", "esat", "ime", "samu", "smur", "sdis", "usld", "maternite"})
# a hospital's site in brackets after its name, same line ('Centre hospitalier de la Polynésie française (Taaone)',
# 'CHU de Bordeaux (Pellegrin)', 'CHU de Nantes (Hôtel-Dieu)'). One regex per text.
_SITE_IN_BRACKETS = re.compile(r"\((?P<site>[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[ -][A-ZÀ-ÖØ-Þ][^\W\d_]+){0,2})\)")
_HOSPITAL_BEFORE = re.compile(r"(?:\b[Hh]ospitali[eè]re?s?|\b[Hh][ôo]pita(?:l|ux)|\b[Cc]linique|\bCH[URIS]?|\bGH[UT]?"
                              r"|\bAP-HP|\bHCL|\bAPHM)\b[^\n()]{0,60}$")
# the words of a hospital's name that the bracket rule needs among the text's words before its regex runs
_HOSPITAL_WORDS = frozenset({"hospitalier", "hospitaliere", "hospitaliers", "hopital", "hopitaux", "clinique", "ch", "chu",
                             "chr", "chi", "chs", "gh", "ghu", "ght", "ap-hp", "hcl", "aphm"})
# what qualifies a hospital between its head and its town ('hôpital privé la louvière', 'chu régional de x')
_LOWER_QUALIFIERS = frozenset({"prive", "privee", "public", "publique", "universitaire", "regional", "general",
                               "militaire", "psychiatrique", "departemental", "intercommunal", "local", "pediatrique",
                               "mutualiste", "specialise", "europeen", "americain", "national", "medicale",
                               "elementaire", "maternelle", "primaire", "professionnel", "technique"})
_SAINTS = frozenset({"saint", "sainte", "st", "ste", "saints", "saintes"})
# sports clubs' acronyms that are also clinical abbreviations ('HC', 'TC', 'BC', 'CA'): a club only in a text about
# a sport ('hockeyeur au HC Fribourg-Gottéron', 'licenciée au TC Dinard'), before a capitalised name
_SPORT_ACRONYMS = frozenset({"HC", "TC", "BC", "CA", "CO", "SO", "ES", "EA", "AL", "UA", "JA", "CS", "SA", "SU", "HB",
                             "ASM", "ASC", "USC", "ESC", "CSM", "JSA", "TCC", "BBC", "HBC", "VB", "VBC", "RCT", "SRC"})
_SPORT_KEYS = frozenset(fold(a) for a in _SPORT_ACRONYMS)
_SPORT_CUES = frozenset({"joueur", "joueuse", "joueurs", "licencie", "licenciee", "match", "entrainement", "club",
                         "rugby", "football", "foot", "basket", "basketball", "handball", "hand", "hockey", "tennis",
                         "volley", "volley-ball", "judo", "karate", "cyclisme", "cycliste", "championnat", "tournoi",
                         "rugbyman", "footballeur", "footballeuse", "basketteur", "basketteuse", "hockeyeur",
                         "hockeyeuse", "handballeur", "handballeuse", "tennisman", "sportif", "sportive", "equipe",
                         "entraineur", "entraineuse", "competition", "plaquage", "melee", "gardien", "attaquant",
                         "defenseur", "ailier", "pilier", "talonneur", "demi", "arriere", "pivot", "junior", "cadet",
                         "cadette", "minime", "senior", "seniors", "u17", "u15", "u19", "u13"})


@functools.lru_cache(maxsize=1)
def _register_phrases() -> PlaceIndex:
    """The words after a care head in the public register's names (data/institutions_register.txt, Eurostat/FINESS):
    'Clcc Institut Curie Centre Rene Huguenin' -> 'curie', 'curie centre rene huguenin'. Each phrase ends on a word
    that is no function word and holds a word that is rare in the register (in under 12 of its names: a name of its
    own, 'curie', 'baclesse', not 'hospitalier', 'sante', 'readaptation'), so a lower-case 'centre de sante' or
    'clinique medicale' is no name. Built once, from the lists already shipped."""
    entries = [key_of(e) for e in read_place_lists(("institutions_register.txt",))]
    counts: dict[str, int] = {}
    for key in entries:
        for w in set(key):
            counts[w] = counts.get(w, 0) + 1
    starts = _LOWER_HEAD_KEYS | _LOWER_HOSPITAL_HEADS | _LOWER_QUALIFIERS
    links = _INNER_LINKS | {"a", "au", "aux", "sur", "en"}
    keys: set[tuple[str, ...]] = set()
    for key in entries:
        for p, w in enumerate(key):
            if w not in starts or p + 1 >= len(key) or key[p + 1] in starts:
                continue  # (a phrase starts after the last head word: 'centre hospitalier | X')
            for q in range(p + 2, min(len(key), p + 7) + 1):
                phrase = key[p + 1 : q]
                if phrase[-1] in links or len(phrase[-1]) < 3 or phrase[0] in _INNER_LINKS - _BODY_LINKS or "'" in phrase[0]:
                    continue
                if any(counts.get(x, 0) < 12 and x not in links and len(x) >= 4 and not x.isdigit() for x in phrase):
                    keys.add(phrase)
    sizes: dict[str, set[int]] = {}
    for key in keys:
        sizes.setdefault(key[0], set()).add(len(key))
    return PlaceIndex(frozenset(keys), {k: tuple(sorted(v, reverse=True)) for k, v in sizes.items()})


def _subsequence(letters: list[str], initials: list[str]) -> bool:
    """Every letter found among the initials, in order (linking words and adjectives may be left out)."""
    it = iter(initials)
    return all(any(letter == initial for initial in it) for letter in letters)


@functools.lru_cache(maxsize=8)
def _register(names: tuple[str, ...]) -> tuple[PlaceIndex, dict[tuple[str, ...], tuple[bool, ...]]]:
    """The register's names as an index of folded tokens, with which of each name's words are capitalised."""
    entries = read_place_lists(names)
    caps: dict[tuple[str, ...], tuple[bool, ...]] = {}
    for entry in entries:
        key = key_of(entry)
        caps[key] = tuple(w[:1].isupper() or w[:1].isdigit() for w in word_tokens(entry))
    return place_index(names), caps


# a doctor's affiliation after the name and a comma, a bracket or a spaced dash, in a signature, a copy line or a second
# reader's line ('Dr X Y, <Imadis Téléradiologie>, Lyon', 'Dr X (<Centre Communautaire de Référence>)', 'Radiologue : Dr X,
# <TeleRad Belgium>'): a run of capitalised words (links in lower case inside) is the organisation the doctor writes for
# when it holds a word no list knows or opens with an organisation's head; a ward, a specialty, a role ('Médecine
# générale', 'Service de radiologie', 'Radiologue'), a town, another doctor or an id's label ('INAMI 1-234...') is none
_STREET_WORDS = frozenset({"place", "square", "chemin", "route", "clos", "cite", "parvis", "passage", "sentier", "drève",
                           "dreve", "venelle", "rempart", "cours", "faubourg", "strasse", "straße", "straat", "laan", "weg"})
_AFFILIATION_TITLES = frozenset({"dr", "dr.", "dre", "pr", "pr.", "prof", "prof.", "docteur", "professeur"})
# after a civility ('M. X, Institut des vétérans', 'Mme Y (Fondation Z)') only a run opened by a head is taken (a run of
# unknown capitalised words there is another name), and a body's head takes its lower-case words up to the separator
_CIVILITY_TITLES = frozenset({"m", "m.", "mme", "mr", "monsieur", "madame", "mlle"})
_AFFILIATION_KEYS = _AFFILIATION_TITLES | _CIVILITY_TITLES
# a form's or a message header's field whose value is an organisation: where the patient lives in care ('Lieu de vie :
# Les Hirondelles'), the establishment that asks, sends or receives ('Établissement demandeur : X', 'Destination : X',
# 'Provenance : X', 'Expéditeur : X', 'Site demandeur : X'), a school or a firm ('École : X', 'Société : X'). The value,
# capitalised, up to a comma, a bracket, a spaced dash or the line's end, is the organisation unless it is an answer
# ('Domicile', 'Néant'), a ward ('Service de cardiologie'), a town alone, a person or a kind's acronym alone ('EHPAD').
# One regex per text, after a set test finds a label's word.
_ORG_FIELD_KEYS = frozenset({"vie", "hebergement", "structure", "etablissement", "demandeur", "destination", "provenance",
                             "expediteur", "ecole", "creche", "college", "lycee", "organisme", "societe", "centre"})
_ORG_FIELD = re.compile(
    r"(?mi)^[ \t]*(?:[|;][ \t]*)?(?:lieu de vie|lieu d['’]h[ée]bergement|h[ée]bergement"
    r"|structure(?: d['’]accueil| d['’]h[ée]bergement| d['’]origine| demandeuse)?|[ée]tablissement(?: [\w'’-]+){0,3}"
    r"|site demandeur|destination|provenance|exp[ée]diteur|[ée]cole|cr[èe]che|coll[èe]ge|lyc[ée]e"
    r"|organisme(?: [\w'’-]+){0,2}|soci[ée]t[ée]|centre demandeur)[ \t]*:[ \t]*(?=[A-ZÀ-ÖØ-Þ])")
_SCHOOL_LEVELS = frozenset({"cp", "terminale", "seconde", "premiere", "maternelle", "primaire", "elementaire", "petite",
                            "moyenne", "grande", "section", "classe", "college", "lycee", "niveau", "bac", "licence",
                            "master", "sixieme", "cinquieme", "quatrieme", "troisieme", "ulis", "segpa"})
_ORG_FIELD_STOP = frozenset({",", "(", ")", "–", "—", "|", ";", "/", "•", ":"})
_ORG_FIELD_NOT = frozenset({"domicile", "retour", "maison", "hospitalisation", "service", "services", "unite", "urgences",
                            "urgence", "pole", "departement", "bloc", "salle", "chambre", "lit", "consultation", "radiologie",
                            "imagerie", "cardiologie", "medecine", "chirurgie", "reanimation", "pediatrie", "geriatrie",
                            "rue", "avenue", "boulevard", "place", "chemin", "route", "inconnu", "inconnue", "autre",
                            "prive", "privee", "public", "publique", "ville", "famille", "mutation", "transfert"})
# a care establishment's kind, then what kind of one it is in lower case (its faith, level or setting: 'luthérien',
# 'adventiste', 'de district', 'urbain', 'de référence'), then 'de'/'du'/'de la' and its place or name, capitalised:
# 'Hôpital luthérien de Andranomadio', 'poste de santé de Ouakam', 'dispensaire catholique de Bomassa', 'clinique
# adventiste de Cograniro' (the mission and district care of Africa, Madagascar and Haiti the writers name so). The
# name after 'de' is a town or a word no list knows; after 'du'/'de la'/'des' any capitalised word but a ward's ('Hôpital
# de Jour' is a heading, no name). One regex match at each kind's word a set test finds.
_CARE_KIND_WORDS = frozenset({"hopital", "clinique", "dispensaire", "maternite", "polyclinique", "poste", "case", "centre",
                              "infirmerie", "leproserie", "sanatorium", "preventorium"})
_CARE_KIND_NAME = re.compile(
    r"(?<![\w-])(?P<head>[Hh][ôo]pital|[Cc]linique|[Pp]olyclinique|[Dd]ispensaire|[Mm]aternit[ée]|[Ii]nfirmerie"
    r"|[Ll][ée]proserie|[Ss]anatorium|[Pp]r[ée]ventorium|(?:[Cc]entre|[Pp]oste|[Cc]ase) de sant[ée]"
    r"|[Cc]entre m[ée]dical|[Cc]entre m[ée]dico-social)"
    r"(?P<quals>(?: (?!(?:de|du|des|d|la|le|les|et|ou|pour|avec|sans|dans|sur|par|en|au|aux|a|à|qui|que|est)\b)"
    r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]{2,}| de (?:district|référence|reference|brousse|zone|cercle|quartier|la mission))"
    r"{0,3}) (?P<link>de la |de l['’]|du |des |d['’]|de |(?=(?:Saint|Sainte|St|Ste|Notre-Dame)[ -]))(?P<name>[A-ZÀ-ÖØ-Þ][\w'’-]+(?: [A-ZÀ-ÖØ-Þ][\w'’-]+){0,3})")
# what a mission or district establishment is (its faith, level, setting): after one, 'de' + a surname is its place
_CARE_KIND_QUALIFIERS = frozenset({"lutherien", "lutherienne", "baptiste", "methodiste", "adventiste", "evangelique",
                                   "catholique", "protestant", "protestante", "presbyterien", "presbyterienne", "chretien",
                                   "chretienne", "islamique", "diocesain", "confessionnel", "confessionnelle",
                                   "missionnaire", "communautaire", "urbain", "rural", "regional", "prefectoral",
                                   "departemental", "municipal", "communal", "integre", "general", "provincial", "national",
                                   "district", "reference", "brousse", "zone", "cercle", "quartier", "mission"})
_CARE_KIND_NOT_NAMES = frozenset({"jour", "nuit", "semaine", "soir", "week-end", "sommeil", "garde", "urgence", "urgences",
                                  "reference", "district", "sante", "soins", "suite"})
# a hospital's own name right after the lower-case name of the ward where the patient was seen ('urgences Pitié', 'sau
# Bichat', 'réa Erasme'): the ward names the care place, so a name of the hospital lists that is also a word, a
# surname or a first name needs no other cue there
_WARD_BEFORE_HOSPITAL = frozenset({"urgences", "urg", "sau", "smur", "rea", "reanimation", "maternite", "pediatrie",
                                   "radiologie", "imagerie", "uhcd", "usi", "usic", "soins"})
_AFFILIATION_BODY_HEADS = frozenset({"institut", "fondation", "association", "groupement", "office", "federation",
                                     "mutualite", "mutuelle", "caisse", "agence", "union", "ligue", "oeuvre"})
_AFFILIATION_SEPARATORS = frozenset({",", "(", "–", "—", "-"})
_AFFILIATION_END = frozenset({",", "(", ")", "–", "—", "-", ":", ";", ".", "/", "|", "•", "[", "]", "<", ">", "!", "?"})
_AFFILIATION_LINKS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "&", "en", "sur", "pour"})
_NAME_PARTICLES = frozenset({"de", "du", "des", "d", "van", "der", "den", "von", "le", "la", "da", "dos", "di", "el", "ben",
                             "ter", "ten", "mac", "mc", "abou", "ait"})
# heads that open an organisation's name written in capitals ('Centre Communautaire de Référence', 'Maison Médicale du
# Parc', 'Institut Jules Bordet'); a ward's or a practice's generic head is none ('Service', 'Cabinet', 'Unité')
_AFFILIATION_HEADS = frozenset({"centre", "center", "institut", "clinique", "polyclinique", "hopital", "hopitaux", "maison",
                                "groupe", "groupement", "fondation", "association", "reseau", "pole",
                                "ehpad", "chu", "chru", "chr", "ch", "chi", "ghu", "gh", "ght", "uz", "az", "scm",
                                "selarl"})
_AFFILIATION_NOT_FIRST = frozenset({"service", "services", "unite", "departement", "dept", "urgences", "urgence", "bloc",
                                    "salle", "consultation", "consultations", "medecine", "chirurgie", "copie", "cc",
                                    "interne", "externe", "assistant", "assistante", "chef", "cheffe", "praticien",
                                    "medecin", "radiologue", "remplacant", "remplacante", "signe", "valide", "relu",
                                    "lu", "le", "la", "les", "et", "ou", "tel", "tél", "fax", "gsm", "email", "mail",
                                    "inami", "rpps", "adeli", "finess", "riziv", "siret", "am", "ordre", "n", "no"})


# capitalised words before a town that name no firm (orgn27): titles and function words of other languages, a
# commune's or a register's label ('Gemeinde Amel', 'RCS Lille 502 ...', 'New York')
# nouns of addresses and places: the unknown word after them is a street's or a hamlet's name, not a firm's
_PLACE_NOUNS = frozenset({"rue", "avenue", "av", "bd", "boulevard", "chemin", "place", "allee", "quai", "impasse", "route",
                          "chaussee", "square", "cours", "passage", "sentier", "voie", "lieu-dit", "lieudit", "hameau",
                          "quartier", "cite", "village", "commune", "lotissement", "residence", "domaine", "straat",
                          "laan", "weg", "strasse", "rua", "calle", "via", "section", "morne", "anse", "ilet", "plateau",
                          "pointe", "col", "mont", "vallee", "plage", "ile", "lac", "pont", "fort", "faubourg", "zone",
                          "zi", "za", "zac", "parc", "ville", "bourg", "secteur", "canton", "province", "district"})
_NO_BRAND = frozenset({"new", "from", "to", "mevrouw", "mijnheer", "meneer", "herr", "frau", "mmes", "mrs", "mme", "mlles",
                       "gemeinde", "gemeente", "stad", "stadt", "kanton", "rcs", "siret", "siren", "tva", "bad",
                       "sankt", "san", "santa", "los", "las", "el", "al", "ben", "van", "von", "der", "den", "het"})


class NamedOrganisationAnnotator(Annotator):
    """Register names anywhere; cue-only register names and unknown capitalised words in employer positions."""

    def __init__(self, tag: str, names: list[str] = (), names_after_cue: list[str] = (), occupations: list[str] = (),
                 work_cues: list[str] = (), club_acronyms: list[str] = (), towns: list[str] = (),
                 not_names: list[str] = (), **kw: Any) -> None:
        super().__init__(tag=tag, **kw)
        self.register, self.register_caps = _register(tuple(names))
        self.cue_register, self.cue_caps = _register(tuple(names_after_cue))
        self.towns = place_index(tuple(towns)) if towns else None
        # clinical abbreviations ('MT', 'AT', 'ITT'): never an employer's name
        self.not_names = frozenset(fold(w) for w in read_place_lists(tuple(not_names)))
        self.occupations = frozenset(fold(w) for w in occupations)
        self.work_cues = frozenset(fold(w) for w in work_cues)
        self.club_acronyms = frozenset(club_acronyms)
        self._cues = self.occupations | self.work_cues
        # cues written with an accent whose folded form is another word ('chargé' / 'en charge', 'employé' / 'il
        # emploie'): in a text whose writer uses accents, the unaccented surface is that other word, no cue
        surfaces = [w.lower() for w in (*occupations, *work_cues)]
        self._cue_surfaces = frozenset(surfaces)
        self._accented_cues = frozenset(fold(w) for w in surfaces if not w.isascii())
        self._broken_fragments: frozenset[str] | None = None
        # hospitals' names alone, for the lower-case rule ('au centre oscar lambret'): the institutions' own lists
        self._hospital_names = place_index(("hospital_names.txt", "hospital_names_register.txt"))
        self._link_heads = frozenset(fold(w) for w in read_place_lists(("organisations_heads_naf.txt",
                                                                        "organisations_heads_osm.txt")) if " " not in w)
        self._link_heads = (self._link_heads | _COMPANY_HEADS | _LINK_HEAD_EXTRA) - _LINK_HEAD_OUT - _GENERIC_HEADS
        self._club_keys = frozenset(fold(a) for a in club_acronyms)
        # the gate: one set test over the text's folded words says whether rules 2 and 3 can apply at all
        self._trigger_words = self._cues | self._club_keys | _SITE_WORDS | _PRACTICE_FORMS | _FIELD_LABELS | _LEGAL_KEYS

    # -- helpers -------------------------------------------------------------------------------------------
    @staticmethod
    def _match(ctx: Context, i: int, index: PlaceIndex, caps: dict[tuple[str, ...], tuple[bool, ...]]) -> int:
        """Tokens of a register name at i written with the register's capitals, 0 if none."""
        first = ctx.bare[i]
        if first not in index.sizes:
            return 0
        size = index.longest(first, ctx.folded, i)
        if not size:
            return 0
        key = (first, *ctx.folded[i + 1 : i + size])
        toks = ctx.tokens
        for k, upper in enumerate(caps.get(key, ())):
            word = toks[i + k].text
            if k == 0 and len(ctx.folded[i]) != len(first):  # "l'Intermarché": the name starts after the elision
                word = word[2:]
            if upper and not (word[:1].isupper() or word[:1].isdigit()):
                return 0
        if any(not ctx.joined(i + k) for k in range(1, size)):
            return 0
        return size

    def _town(self, ctx: Context, i: int) -> int:
        """Tokens of a known town at i, 0 if none."""
        if self.towns is None:
            return 0
        return self.towns.longest(ctx.bare[i], ctx.folded, i)

    def _unknown(self, ctx: Context, i: int) -> bool:
        """A capitalised word no list knows: not a French/medical word, first name, surname, town or title."""
        tok = ctx.tokens[i]
        if tok.kind != "word" or not tok.text[:1].isupper() or len(ctx.bare[i]) < 2:
            return False
        f, lk = ctx.bare[i], ctx.lookups
        if (f in _TITLES or f in _WORK_WORDS or f in lk.stopwords or f in lk.medical or f in lk.eponyms
                or f in self.not_names):
            return False
        if f in lk.first_names or f in lk.surnames or f in lk.function_words:
            return False
        return not self._town(ctx, i)

    def _capitalised_word(self, ctx: Context, i: int) -> bool:
        """An ordinary French word written with a capital (not a medical word, title, function word or town)."""
        tok, f, lk = ctx.tokens[i], ctx.bare[i], ctx.lookups
        if tok.kind != "word" or len(f) < 4 or not tok.text[:1].isupper() or tok.text.isupper():
            return False
        if f in lk.medical or f in lk.eponyms or f in lk.function_words or f in _TITLES or f in _WORK_WORDS:
            return False
        return f not in _NOT_EMPLOYER and f not in self.not_names and f not in _ANSWERS and f not in lk.first_names and not self._town(ctx, i)

    def _name_at(self, ctx: Context, i: int, cued: bool, linked: bool | str = True) -> int:
        """End (exclusive) of the organisation name starting at token i, or i when there is none. An unknown
        word (no register name) needs ``linked``: a link word or a bracket before it ('ouvrier chez X', 'cariste
        (X)'), not a bare participle ('le produit employé Omnipaque'), and no number after it ('X 350')."""
        n = self._match(ctx, i, self.register, self.register_caps)
        town = self._town(ctx, i)
        if town >= n and town:
            return i
        if not n and cued:
            n = self._match(ctx, i, self.cue_register, self.cue_caps)
            if (not n and linked in ("chez", "label") and self._capitalised_word(ctx, i)
                    and (linked == "label" or ctx.bare[i] in ctx.lookups.stopwords or not self._name_next(ctx, i + 1))):
                n = 1  # 'caissière chez Tremplin', '(Cactus)': a capitalised ordinary word mid-clause is a name
            if (not n and linked and self._unknown(ctx, i) and not self._name_next(ctx, i + 1)
                    and not (i + 1 < len(ctx.tokens) and ctx.tokens[i + 1].kind == "num")):
                n = 1
        if not n:
            return i
        return self._extend(ctx, i + n)

    def _extend(self, ctx: Context, j: int, strict: bool = False) -> int:
        """Grow a name over the capitalised words glued to it ('ISS Facility', 'Kuehne + Nagel', 'Ikea Zaventem');
        ``strict`` (a name found with no cue): only over a town, a region or a word no list knows."""
        toks, n = ctx.tokens, len(ctx.tokens)
        while j < n and ctx.joined(j):
            t = toks[j]
            if t.kind == "word" and t.text[:1].isupper() and ctx.bare[j] not in _TITLES and ctx.bare[j] not in _WORK_WORDS:
                if strict:
                    town = self._town(ctx, j)
                    if town:
                        j += town
                        continue
                    if not (self._unknown(ctx, j) or ctx.bare[j] in _CORPORATE):
                        break
                j += 1
                continue
            if (ctx.folded[j] in _INNER_LINKS and j + 1 < n and ctx.joined(j + 1) and toks[j + 1].kind == "word"
                    and toks[j + 1].text[:1].isupper() and ctx.folded[j] in ("&", "+")):
                j += 2
                continue
            break
        return j

    # -- rules ---------------------------------------------------------------------------------------------
    def _anywhere(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        last = -1
        sizes = self.register.sizes
        hits = set(filter(sizes.__contains__, ctx.bare_set))  # (a dict: filter the text's few words, not the keys)
        if not hits:  # (no register word anywhere in the text: a C-level test instead of a loop over the capitals)
            return out
        bare = ctx.bare
        for i in ctx.caps:
            if i < last or bare[i] not in hits:
                continue
            n = self._match(ctx, i, self.register, self.register_caps)
            if n == 1 and i > 1 and ctx.folded[i - 1] == "de" and ctx.bare[i - 2] in _EPONYM_NOUNS:
                continue  # 'temps de Quick', 'signe de Philips'-like: an eponym's test or sign, no firm
            if n == 1 and bare[i] in _TITLES and i + 1 < len(ctx.tokens) and ctx.tokens[i + 1].text == ".":
                continue  # a title abbreviated with its full stop ('Dott. X'), whatever brand shares it
            if n and not self._person_around(ctx, i, i + n):
                last = self._extend(ctx, i + n, strict=True)
                out.append(self._span(ctx, i, last))
        return out

    @staticmethod
    def _name_next(ctx: Context, j: int) -> bool:
        """A capitalised first name or surname follows: 'chez Ariana Michel' is a person, not a firm."""
        if j >= len(ctx.tokens) or not ctx.joined(j) or not ctx.tokens[j].text[:1].isupper():
            return False
        f = ctx.bare[j]
        return f in ctx.lookups.first_names or f in ctx.lookups.surnames

    @staticmethod
    def _person_around(ctx: Context, i: int, end: int) -> bool:
        """A one-word name next to a title or a first name is a person's ('Dr Tissot', 'Giordano Giuseppe')."""
        if end - i > 1:
            return False
        first = ctx.lookups.first_names
        # the title may end with its full stop, glued ('M. Thiriet': one token) or apart ('Dr . X')
        before = ctx.folded[i - 1] if i > 0 else ""
        if before == "." and i > 1:
            before = ctx.folded[i - 2]
        if before.rstrip(".") in _TITLES or i > 0 and ctx.folded[i - 1] in first and ctx.tokens[i - 1].text[:1].isupper():
            return True
        return end < len(ctx.tokens) and ctx.folded[end] in first and ctx.tokens[end].text[:1].isupper()

    def _employer_positions(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        out: list[Candidate] = []
        toks, folded, n = ctx.tokens, ctx.folded, len(ctx.tokens)
        accented = not ctx.text.isascii()
        for k in hits:
            if ctx.bare[k] not in self._cues and ctx.bare[k] not in _FIELD_LABELS:
                continue
            if (accented and ctx.bare[k] in self._accented_cues and toks[k].text.lower() not in self._cue_surfaces
                    and not (k + 1 < n and folded[k + 1] == "par")):
                continue  # 'en charge (EOS)' is no 'chargé' ('pris en charge par X' names who took it on)
            x = k + 1
            if ctx.bare[k] == "chez" and self._person_after(ctx, x):
                continue  # 'chez le résident sous anticoagulant (X)': the person's body, no employer
            # a form's field: 'Employeur (AT) : Bâtiments Dupré Frères', the value is a name whatever its words
            # ('Siège social : X', 'Raison sociale : X'; not 'Assistante sociale : Mme X')
            field = (ctx.bare[k] in _FIELD_LABELS and x < n and toks[x].text == ":"
                     and (ctx.bare[k] not in ("social", "sociale") or k > 0 and ctx.bare[k - 1] in ("siege", "raison")))
            label = ctx.bare[k] in _LABEL_CUES or field
            if label:
                if x + 2 < n and toks[x].text == _OPEN and toks[x + 2].text == _CLOSE:
                    x += 3
                if x < n and toks[x].text in (":", "-", "–"):
                    x += 1
            if field and (x >= n or toks[x].kind != "word" or ctx.bare[x] in ctx.lookups.first_names):
                continue  # a field's value is the word right after its colon ('Club : M. X' names a person)
            # the first name-like word of the clause: right after the cue ('intérimaire Randstad'), after a link
            # word ('chez', 'pour', 'aux', 'conducteur de bus aux TEC') or in brackets ('magasinier à Ville (X)')
            stop = min(n, x + 8)
            while x < stop:
                t = toks[x]
                if t.text in _STOP_PUNCT or t.text == "," or "\n" in ctx.gap(x):
                    break
                if t.text == _OPEN:
                    end = self._headed_name(ctx, x + 1) if x + 1 < n else x + 1
                    if end == x + 1 and x + 1 < n:  # (an ordinary word in brackets is a detail: '(Poids Lourds)')
                        end = self._name_at(ctx, x + 1, cued=True, linked=True)
                    if x + 1 < end < n and toks[end].text in (_CLOSE, ","):
                        out.append(self._span(ctx, x + 1 + (ctx.bare[x + 1] in _GENERIC_HEADS), end))
                    break
                after_link = folded[x - 1] in _LINK_BEFORE
                if t.kind == "word" and t.text.islower() and folded[x - 1] == "chez" and len(t.text) > 2:
                    # notes typed in lower case: 'agent d'entretien chez onet' (a register name, in any case)
                    size = max(index.longest(ctx.bare[x], ctx.folded, x) if ctx.bare[x] in index.sizes else 0
                               for index in (self.register, self.cue_register))
                    lk = ctx.lookups
                    ordinary = [ctx.bare[j] in lk.stopwords or ctx.bare[j] in lk.function_words or
                                ctx.bare[j] in lk.first_names for j in range(x, x + size)]
                    if size and not all(ordinary):
                        # ('chez' + a town is rare: 'chez onet'; 'chez papa', 'chez le boulanger' are no firms)
                        out.append(self._span(ctx, x, x + size))
                    break
                if t.kind == "word" and not t.text[:1].isupper() and after_link and ctx.bare[x] in _COMPANY_HEADS:
                    end = self._headed_name(ctx, x)  # 'ouvrier au domaine Collard-Picard'
                    if end > x:  # (a generic head stays outside: "maçon pour l'entreprise [X]")
                        out.append(self._span(ctx, x + (ctx.bare[x] in _GENERIC_HEADS), end))
                    break
                if (label and ctx.bare[k] in _CARE_LABELS and t.kind == "word"
                        and (ctx.bare[x] in ctx.lookups.first_names or ctx.bare[x] in ctx.lookups.surnames
                             or ctx.bare[x] in world_names())):
                    break  # 'Aides : Collard', 'Transport : Marie': a person
                if (t.kind == "word" and t.text[:2] in ("l'", "l’") and t.text[2:3].isupper() and not label
                        and x > k + 1 and folded[x - 1] in _ELIDED_EMPLOYER_LINKS):
                    end = self._elided_employer(ctx, x, ctx.bare[k] in self.occupations)  # 'ouvrier de l'Aérospatiale'
                    if end > x:
                        out.append(self._span(ctx, x, end))
                    break
                if t.kind == "word" and t.text[:1].isupper() and (x == k + 1 or after_link or label):
                    end = self._name_at(ctx, x, cued=True, linked=True if field else "label" if label
                                        else "chez" if folded[x - 1] in _STRONG_LINKS else x > k + 1)
                    if field and end == x:
                        # a field's value starts with a capital anyway ('École : Primaire', 'Aides : Soins infirmiers'):
                        # ordinary words are a name only when two or more of them are capitalised ('Club : Gymnique
                        # Espérance'), none a medical word or a ward
                        grown = self._name_words(ctx, x)
                        capitals = [j for j in range(x, grown) if toks[j].text[:1].isupper()]
                        if (len(capitals) >= 2 and ctx.bare[x] not in _NOT_EMPLOYER and ctx.bare[x] not in _ANSWERS
                                and not any(ctx.bare[j] in ctx.lookups.medical for j in capitals)):
                            end = grown
                    # 'travaille à Kehl', 'agriculteur de X': one unknown word after a bare 'à' or 'de' is a town
                    # more often than a firm
                    if end == x + 1 and (ctx.bare[x] in _SERVICE_KINDS or ctx.bare[x] in _ROLE_ACRONYMS) and t.text.isupper():
                        break  # 'déclaré à la CPAM': a kind of public service alone names no one body
                    if end > x and not (folded[x - 1] in ("a", "de") and end - x == 1 and self._unknown(ctx, x)):
                        out.append(self._span(ctx, x, end))
                        break
                    town = self._town(ctx, x)
                    if not town:
                        break  # the clause names something else ('secrétaire à la Mutualité ...')
                    x += town
                    continue
                x += 1
        return out

    @staticmethod
    def _person_after(ctx: Context, x: int) -> bool:
        """'chez le patient', "chez l'enfant", 'chez cette résidente': a person (not a firm) after 'chez'."""
        n = len(ctx.tokens)
        if x < n and ctx.folded[x] in _PERSON_DETERMINERS:
            x += 1
        elif x < n and ctx.folded[x][:2] in ("l'", "l’"):
            return ctx.bare[x] in _PERSON_NOUNS
        return x < n and ctx.bare[x] in _PERSON_NOUNS

    def _elided_employer(self, ctx: Context, x: int, occupation: bool = False) -> int:
        """End of the employer named with its elided article after an occupation and 'de', 'à', 'chez', 'pour'
        ("ouvrier de l'Aérospatiale", "magasinier chez l'Escale"), or x when the word is no name: a hospital's own part or
        a public body's word ("agent de l'Hôpital", "de l'État"), a medical word, a town ("à l'Isle-Adam"), a first name."""
        f, lk = ctx.bare[x], ctx.lookups
        core = ctx.tokens[x].text[2:]
        # after an occupation, an acronym that is also a clinical abbreviation names the employer ("fonctionnaire à
        # l'OMS"), unless it names a kind of service or ward ("infirmière de l'HAD"); after a work cue it may be an
        # insurer's or a form's word ("déclaration d'accident à l'AAA")
        acronym_employer = (occupation and core.isupper() and 3 <= len(core) <= 6 and core.isalpha() and f not in _KIND_ACRONYMS
                            and f not in _SERVICE_KINDS and f not in _HOSPITAL_KINDS)
        if (len(f) < 3 or f in _NOT_EMPLOYER or f in _ANSWERS or f in _TITLES or f in _WORK_WORDS or f in lk.medical
                or f in lk.eponyms or f in self.not_names and not acronym_employer or f in lk.first_names
                or f in _ELIDED_NOT_EMPLOYER
                or f in _BODY_HEADS  # ("à l'Association d'assurance accident": the body rule's, whole)
                or self._town(ctx, x)):
            return x
        return self._extend(ctx, x + 1, strict=True)

    def _headed_name(self, ctx: Context, i: int) -> int:
        """'coopérative Arterris', 'domaine Collard-Picard': a lower-case company head and the capitalised name
        after it (any capitalised word but a title or a medical word: a surname names a family firm). End or i."""
        toks, n = ctx.tokens, len(ctx.tokens)
        if ctx.bare[i] not in _COMPANY_HEADS or toks[i].text[:1].isupper() or i + 1 >= n or not ctx.joined(i + 1):
            return i
        word, f = toks[i + 1].text, ctx.bare[i + 1]
        if (toks[i + 1].kind != "word" or not word[:1].isupper() or f in _TITLES or f in ctx.lookups.medical
                or f in self.not_names):
            return i
        return self._extend(ctx, i + 2)

    def _clubs(self, ctx: Context, hits: list[int], keys: frozenset[str] | None = None,
               acronyms: frozenset[str] | None = None) -> list[Candidate]:
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        keys = self._club_keys if keys is None else keys
        acronyms = self.club_acronyms if acronyms is None else acronyms
        for k in hits:
            word = toks[k].text
            elided = len(ctx.folded[k]) != len(ctx.bare[k])
            if ctx.bare[k] not in keys or (word[2:] if elided else word) not in acronyms:
                continue
            before = ctx.folded[k - 1] if k else ""
            if not (elided or before in ("le", "au", "du", "l", "a", "club", "joue", "joueur", "joueuse", "licencie",
                                          "licenciee", "avec", "equipe", "(")):
                continue
            j = k + 1
            if j >= n or not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[:1].isupper():
                continue
            f = ctx.bare[j]
            if f in ctx.lookups.medical or f in _TITLES or f in ctx.lookups.first_names:
                continue  # "l'AS Marie": the nursing assistant Marie
            if keys is not self._club_keys and not (self._town(ctx, j) or len(f) >= 3 and f not in ctx.lookups.stopwords
                                                    and f not in self.not_names and f not in ctx.lookups.function_words):
                continue  # ('le TC Léger', 'le CO Hb', 'au CS Entorse': clinical words, even in a text about a sport)
            end = self._extend(ctx, j + 1)
            start = toks[k].start + (2 if elided else 0)
            out.append((start, toks[end - 1].end, self.tag))
        return out

    def _sites(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """'site Meuse', 'site Kennedy': the capitalised name after 'site' (not 'site de X', where X is the town),
        whatever else that name is, but a medical word ('site Opératoire' in a heading) or a town of the city
        lookup (already masked as a place)."""
        out: list[Candidate] = []
        toks, n, lk = ctx.tokens, len(ctx.tokens), ctx.lookups
        for k in hits:
            j = k + 1
            if ctx.bare[k] not in _SITE_WORDS or j >= n or not ctx.joined(j) or toks[j].kind != "word":
                continue
            word, f = toks[j].text, ctx.bare[j]
            if (not word[:1].isupper() or word.isupper() and len(word) <= 3 or f in lk.medical or f in _TITLES
                    or f in _COMPASS and not (j + 1 < n and ctx.joined(j + 1) and toks[j + 1].text[:1].isupper())):
                continue  # (a compass point alone names a wing, no site: 'site Nord'; 'site Nord Franche-Comté' does)
            if f in lk.stopwords and not self._town(ctx, j) and f not in lk.first_names:
                continue
            if (f,) in lk.cities or tuple(ctx.folded[j : j + 3]) in lk.cities or tuple(ctx.folded[j : j + 2]) in lk.cities:
                continue  # 'site Dinant': the town is masked as a place already; only what nothing masks is added
            end = j + max(1, self._town(ctx, j))
            while end < n and ctx.joined(end) and toks[end].kind == "word":
                if toks[end].text[:1].isupper():
                    end += 1  # 'site Victor Horta', 'site Sart Tilman'
                elif (ctx.folded[end] in _INNER_LINKS and end + 1 < n and ctx.joined(end + 1)
                      and toks[end + 1].text[:1].isupper() and toks[end + 1].kind == "word"):
                    end += 2  # 'site Notre-Dame des Bruyères'
                else:
                    break
            out.append(self._span(ctx, j, end))
        return out

    def _practices(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """'SELARL IMAGERIE DU VAL', "SCM des radiologues d'Annecy": a practice's legal form written in capitals and
        its name up to the line's next separator (a dash, comma, bracket, number), at most eight words."""
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        for k in hits:
            if ctx.bare[k] not in _PRACTICE_FORMS or not toks[k].text.isupper():
                continue
            if k + 1 < n and ctx.bare[k + 1] in ("au", "a", "de", "du", "en") and toks[k + 1].text.islower():
                continue  # 'SELARL au capital de 15 000 €', 'SCM à responsabilité ...': a legal mention, no name
            end = k + 1
            # a name in capitals ('SELARL RADIOLOGIE VAUBAN jointe au dossier') ends at its last word in
            # capitals; a name in mixed case ('SCM des radiologues du Pays de Gex') at its last capitalised word
            capitals = end < n and toks[end].text.isupper() and len(toks[end].text) > 1
            while (end < n and end - k <= 8 and ctx.joined(end) and toks[end].kind == "word"
                   and toks[end].text not in _PRACTICE_END and ctx.bare[end] not in _TITLES
                   and not (capitals and toks[end].text.islower() and len(toks[end].text) > 3)):
                end += 1
            last = end
            while last > k + 1 and not re.split("['’]", toks[last - 1].text)[-1][:1].isupper():  # "l'Odet" ends one
                last -= 1
            end = last if last > k + 1 else end
            # 'muscle SCM Droit': the sternocleidomastoid and its side, no practice (only laterality or medical words)
            if end > k + 1 and not all(ctx.bare[j] in _SIDES or ctx.bare[j] in ctx.lookups.medical for j in range(k + 1, end)):
                out.append((toks[k].start, toks[end - 1].end, self.tag))
        return out

    def _name_words(self, ctx: Context, j: int) -> int:
        """End of the capitalised words from j on (inner links 'de', 'du', 'des', 'la', 'et', '&' between two of them),
        same line, no title: 'Petits Riens', 'Repas du Cœur', 'Compagnons Bâtisseurs'."""
        toks, n = ctx.tokens, len(ctx.tokens)
        end = j
        while end < n and (end == j or ctx.joined(end)) and end - j < 8:
            t = toks[end]
            if t.kind == "word" and t.text[:1].isupper() and ctx.bare[end] not in _TITLES:
                end += 1
            elif (ctx.folded[end] in _INNER_LINKS and end > j and end + 1 < n and ctx.joined(end + 1)
                  and toks[end + 1].kind == "word" and toks[end + 1].text[:1].isupper()
                  and ctx.bare[end + 1] not in _TITLES):
                end += 2
            else:
                break
        return end

    def _article_names(self, ctx: Context) -> list[Candidate]:
        """'à La Ruche', 'pour Les Glaneurs', "chez L'Escale": a capitalised article after a lower-case preposition
        and the capitalised words it heads. Not a town or region ('à La Louvière', 'à La Baule'), not after a stay or
        move ('vacances à La X'), not a person ('chez Le Goff'), a feast or a medical word."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        starts = None
        matches = [(m, False) for m in _ARTICLE_NAME.finditer(ctx.text)]
        text = ctx.text
        matches += [(m, True) for m in _CAPITAL_ARTICLE.finditer(text)
                    if m.start() > 3 and text[m.start() - 1] == " " and text[m.start() - 2].isalpha()
                    and _PREV_NOUN.search(text, max(0, m.start() - 40), m.start())]
        for m, after_noun in matches:
            if starts is None:
                starts = [t.start for t in toks]
            at = m.start() if after_noun else m.start("art")
            a = bisect.bisect_left(starts, at)
            if a >= len(toks) or a < 1 or toks[a].start != at or not ctx.joined(a):
                continue
            if after_noun:
                b = ctx.bare[a - 1]
                if (b in _ARTICLE_PREPS or b in lk.function_words or b in _TITLES or b in _MOVE_CUES or b in RESIDENCE_CUES
                        or b in lk.first_names or b in lk.surnames or b in _KIN or b in self._cues or b in _ARTICLE_VERBS):
                    continue  # (a preposition is the rule above's; a title, kin or role word heads a person: 'fille Le X')
            elif ctx.folded[a - 1] not in _ARTICLE_PREPS:
                continue
            word = toks[a].text
            elided = word[:2] in ("L'", "L’")
            if elided:
                first, end = a, self._name_words(ctx, a)
                if len(word) < 4 or not word[2:3].isupper():
                    continue
            else:
                first = a + 1
                if first >= len(toks) or not ctx.joined(first) or toks[first].kind != "word":
                    continue
                end = self._name_words(ctx, first)
            if end <= first or not toks[first].text[:1].isupper() and not elided:
                continue
            prev = ctx.bare[a - 2] if a >= 2 else ""
            if ctx.folded[a - 1] == "de" and prev != "aupres":
                continue  # only 'auprès de' among the 'de's ('M. de La Rochefoucauld' is a name's particle)
            if prev in _MOVE_CUES or (prev in RESIDENCE_CUES and prev != "a"):
                continue
            if self._town(ctx, a) or (not elided and self._town(ctx, first)):
                continue  # 'à La Louvière', 'à La Baule', "à L'Isle-Adam"
            words = [ctx.bare[k] for k in range(first, end) if toks[k].text[:1].isupper()]
            head = words[0]
            if head in _NOT_ARTICLE_NAMES or head in _NOT_EMPLOYER or head in _TITLES:
                continue
            if any(w in lk.medical or w in lk.eponyms or w in self.not_names for w in words):
                continue
            if all((w in lk.surnames or w in lk.first_names) and w not in lk.stopwords for w in words):
                continue  # 'chez Dupont'-like words after the article: a person's name
            if f"{ctx.folded[a]} {head}" in lk.surnames or (ctx.folded[a] == "le" and len(words) == 1
                                                            and head not in lk.stopwords):
                continue  # 'chez Le Goff', 'pour Le Bihan': a Breton surname with its article, known or not
            begin = a - 1 if after_noun and toks[a - 1].text.isupper() else a  # ('EMS Les Marronniers': the kind too)
            out.append((toks[begin].start, toks[end - 1].end, self.tag))
        return out

    def _letterheads(self, ctx: Context, dashes: list[re.Match[str]]) -> list[Candidate]:
        """'Fedris — Agence fédérale ...', 'Cohezio - Service externe', 'ZNA Middelheim — Antwerpen': a line that opens
        with one to five capitalised words and a dash. Taken only when its first word is a name no list knows (no
        French or medical word, abbreviation, first name, surname, town, title) or an acronym of 3-6 capitals that is
        no clinical abbreviation or kind of establishment; a first name anywhere in it makes it a person's line."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        starts = None
        text, seen = ctx.text, set()
        for dash in dashes:  # (the line-anchored pattern is tried only on lines that hold a dash)
            line = text.rfind("\n", 0, dash.start()) + 1
            if line in seen or dash.start() - line > 90:
                continue
            seen.add(line)
            m = _HEADER_LINE.match(text, line)
            if m is None:
                continue
            if starts is None:
                starts = [t.start for t in toks]
            i = bisect.bisect_left(starts, m.start("name"))
            if i >= len(toks) or toks[i].start != m.start("name") or toks[i].kind != "word":
                continue
            end = self._name_words(ctx, i)
            if end == i or end - i > 5 or toks[end - 1].end != m.end("name"):
                continue  # the capitalised words must fill the line's head up to the dash
            word, f = toks[i].text, ctx.bare[i]
            if f in _KIND_ACRONYMS and word.isupper() and end - i >= 3:
                # 'HAD Santé Service Bourgogne — fiche de liaison': a kind of establishment and its own name
                rest = range(i + 1, end)
                if not (any(_SPECIALTY.search(ctx.bare[k]) or ctx.bare[k] in lk.first_names or ctx.bare[k] in _TITLES
                            for k in rest) or all(ctx.bare[k] in lk.medical or ctx.bare[k] in _COMPASS for k in rest)):
                    out.append((toks[i + 1].start, toks[end - 1].end, self.tag))
                continue
            acronym = word.isupper()
            if acronym and not (3 <= len(word) <= 6 and word.isalpha()) or not acronym and len(f) < 4:
                continue
            if acronym and (f in _SERVICE_KINDS or f in _ROLE_ACRONYMS):
                if end - i >= 2 and toks[i + 1].text[:1].isupper() and not any(
                        _SPECIALTY.search(ctx.bare[k]) or ctx.bare[k] in lk.medical for k in range(i + 1, end)):
                    # 'USMP MA de X — ...': the unit's own name (not 'RCP SÉNOLOGIE — ...', a specialty)
                    out.append((toks[i + 1].start, toks[end - 1].end, self.tag))
                continue  # 'USMP - Centre pénitentiaire de X': a kind of service alone
            if (f in lk.stopwords or f in lk.medical or f in lk.eponyms or f in lk.first_names or f in lk.surnames
                    or f in lk.function_words or f in self.not_names or f in _TITLES or f in _KIND_ACRONYMS
                    or f in world_names() or self._town(ctx, i)):
                continue
            if _SPECIALTY.search(f) or any(ctx.bare[k] in lk.first_names or ctx.bare[k] in lk.medical
                                           or ctx.bare[k] in _TITLES for k in range(i + 1, end)):
                continue  # 'Rhumatologie — Mme X': a ward's line
            if _MESSAGE_AFTER.match(text, dash.end()):
                continue  # 'X - Nouveau message', 'X - Canal "Y"': a messaging tool's window title, no organisation
            if "-" in f and (f.split("-")[0] in lk.medical or f.split("-")[0] in self.occupations) and all(
                    p in lk.stopwords or p in lk.medical or p in lk.function_words for p in f.split("-")):
                continue  # 'Médecin-conseil — X': a role's compound (not 'Hôtel-Dieu — Médecine'), no name
            last = end - 1  # a town closing a name of two words or more is its place ('Eifeler Hausarztzentrum
            while last > i and not self._town(ctx, last):  # Büllingen'; not 'HFR Fribourg', 'HIA Percy')
                last -= 1
            if last > i + 1 and last + self._town(ctx, last) == end:
                end = last
                while end > i + 1 and ctx.folded[end - 1] in _INNER_LINKS:
                    end -= 1  # ('USMP MA de Fleury-Mérogis' -> 'USMP MA')
            out.append((toks[i].start, toks[end - 1].end, self.tag))
        return out

    def _at_names(self, text: str) -> list[Candidate]:
        """'Soins@Home': _AT_NAME tried only where it can start, at the head of the word run before each '@' (the
        character before a match is no word character, '.', '@' or '-'), rather than scanned over the whole text."""
        out: list[Candidate] = []
        at = text.find("@")
        while at != -1:
            run = _RUN_BEFORE_AT.search(text, max(0, at - 200), at)
            start = run.start()
            if start == max(0, at - 200) and start:  # (a run longer than the window: scan the old way)
                return [(m.start(), m.end(), self.tag) for m in _AT_NAME.finditer(text)]
            m = _AT_NAME.match(text, start)
            if m is not None and m.start("at") == at:
                out.append((m.start(), m.end(), self.tag))
            at = text.find("@", at + 1)
        return out

    def _military(self, ctx: Context) -> list[Candidate]:
        """'2e régiment étranger de parachutistes', 'base aérienne 118': a unit by its number and its lower-case name, up
        to a punctuation mark, a line's end, a preposition of place ('à Calvi') or eight words."""
        out: list[Candidate] = []
        toks = ctx.tokens
        starts = None
        for m in _MILITARY.finditer(ctx.text):
            if starts is None:
                starts = [t.start for t in toks]
            i = bisect.bisect_left(starts, m.start())
            j = bisect.bisect_left(starts, m.end())
            if i >= len(toks) or toks[i].start != m.start():
                continue
            end = j
            while (end < len(toks) and end - i < 10 and ctx.joined(end) and toks[end].kind == "word"
                   and ctx.folded[end] not in _MILITARY_END):
                end += 1
            while end > j and ctx.folded[end - 1] in _INNER_LINKS:
                end -= 1
            out.append((toks[i].start, toks[end - 1].end, self.tag))
        for m in _MILITARY_NAMED.finditer(ctx.text):
            j = bisect.bisect_left(ctx.starts, m.end())
            if j >= len(toks) or toks[j].start != m.end() or toks[j].kind != "word" or ctx.bare[j] in _TITLES:
                continue
            end = self._name_words(ctx, j)
            if end > j:
                out.append((m.start(), toks[end - 1].end, self.tag))
        return out

    def _hl7(self, ctx: Context) -> list[Candidate]:
        """An HL7 v2 message pasted as text ('MSH|^~\\&|RIS|GHT_ARTOIS|PACS|...', 'PID|1||0512345^^^CHAR^PI||...'): the
        facility and authority fields hold organisations' codes or names. A value is taken when it has two letters
        or more and is no id type ('NISS', 'INS-NIR') and no ordinary word ('IMAGERIE': a department)."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _HL7_SEGMENT.finditer(ctx.text):
            fields, offsets, pos = [], [], m.start()
            for part in m.group().split("|"):
                fields.append(part)
                offsets.append(pos)
                pos += len(part) + 1
            shift = 1 if m.group(1) == "MSH" else 0  # MSH-1 is the field separator itself
            for number, component in _HL7_FIELDS[m.group(1)]:
                index = number - shift
                if index >= len(fields):
                    continue
                start = offsets[index]
                for repetition in fields[index].split("~"):
                    parts = repetition.split("^")
                    if component < len(parts):
                        value = parts[component].split("&")[0]
                        at = start + sum(len(p) + 1 for p in parts[:component])
                        core = value.strip()
                        key = fold(core)
                        # (a facility field may hold a department, 'IMAGERIE'; an authority field holds no word)
                        plain = m.group(1) != "PID" and " " not in core and (key in lk.stopwords or key in lk.medical)
                        if sum(c.isalpha() for c in core) >= 2 and key not in _HL7_ID_TYPES and not plain:
                            begin = at + value.index(core)
                            out.append((begin, begin + len(core), self.tag))
                    start += len(repetition) + 1
        return out

    def _legal_forms(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """'la SAS Bâti Ouest', "l'asbl Le Pont", 'GAEC du Moulin': a legal form then a capitalised name on its line,
        the form inside the span (the writers' 'SARL Les Délices')."""
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        for k in hits:
            word = toks[k].text
            if word[:2] in ("l'", "L'", "l’", "L’", "d'", "d’", "D'"):
                word = word[2:]
            if word not in _LEGAL_UPPER and word not in _LEGAL_LOWER:
                continue
            if word in _LEGAL_NUMBERED and k and toks[k - 1].kind == "num":
                continue  # '32 SA': weeks of amenorrhoea
            if k and word.isupper() and toks[k - 1].text.isupper() and len(toks[k - 1].text) > 1:
                continue  # a line in capitals: 'CHUTE DE SA HAUTEUR' holds no legal form
            j = k + 1
            if j + 1 < n and ctx.folded[j] in ("de", "du", "des") and ctx.joined(j) and ctx.joined(j + 1):
                j += 1  # 'GAEC de Kerlann', 'EARL du Grand Pré'
            if j >= n or not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[:1].isupper():
                continue
            f = ctx.bare[j]
            if f in _TITLES or f in ctx.lookups.medical or f in _SIDES or toks[j].text.isupper() and f in self.not_names:
                continue  # (a clinical abbreviation counts in capitals only: 'VENT' is one, 'Vent Debout' a name)
            end = self._name_words(ctx, j)
            if self._town(ctx, j) >= end - j:
                continue  # 'SA Namur': the town is a place, the form alone names nothing
            out.append((toks[k].start + (len(toks[k].text) - len(word)), toks[end - 1].end, self.tag))
        return out

    def _lower_case_hospitals(self, ctx: Context) -> list[Candidate]:
        """'au centre oscar lambret', 'à imagerie st jean', 'le centre hospitalier de valenciennes': a care
        establishment's head in lower case (dictation, text messages) and, in lower case too, a saint's name and the word
        after it, a first name and the word after it (a surname or a word no list knows), or, after a hospital's head,
        'de' and a known town. The head is part of the name, like the writers' 'centre hospitalier de Valenciennes'."""
        out: list[Candidate] = []
        toks, n, lk = ctx.tokens, len(ctx.tokens), ctx.lookups
        present = _LOWER_HEAD_KEYS.intersection(ctx.bare_set)
        text = ctx.text  # (the gate: one of those heads written in lower case somewhere, a substring test each)
        if not present or not any(surface in text for key in present for surface in _LOWER_SURFACES[key]):
            return out
        for h in ctx.indices(present, bare=True):
            head = ctx.bare[h]
            elided = len(ctx.folded[h]) != len(head)  # ("l'institut": the head's token holds its article)
            if not (toks[h].text[2:] if elided else toks[h].text).islower():
                continue
            j = h + 1
            if j < n and ctx.joined(j) and head in ("centre", "groupe") and ctx.bare[j] == "hospitalier":
                head, j = "hospitalier", j + 1  # 'centre hospitalier', 'groupe hospitalier'
            elif j < n and ctx.joined(j) and head in ("centre", "cabinet") and ctx.folded[j] in ("d'imagerie", "d’imagerie"):
                j += 1  # "centre d'imagerie (médicale)"
            elif head in ("groupe", "cabinet"):
                continue
            start = toks[h].start + (2 if elided else 0)
            if j + 1 >= n or not ctx.joined(j) or not ctx.joined(j + 1):
                continue
            while (j + 2 < n and ctx.bare[j] in _LOWER_QUALIFIERS and toks[j].text.islower() and ctx.joined(j + 1)
                   and ctx.joined(j + 2) and ctx.bare[j + 1] not in _LOWER_QUALIFIERS):
                j += 1  # ('hôpital européen georges pompidou', 'hôpital privé la louvière')
            word, nxt = toks[j].text, toks[j + 1].text
            named = self._lower_register_name(ctx, j)
            if named:  # 'au centre oscar lambret', "l'institut curie": a hospital's own name in the register
                out.append((start, toks[j + named - 1].end, self.tag))
                continue
            if not (word.islower() and nxt.islower() and toks[j].kind == "word" and toks[j + 1].kind == "word"):
                continue
            f, g = ctx.bare[j], ctx.bare[j + 1]
            end = j
            if f.split("-")[0] in _SAINTS and "-" in f and len(f) > 6:
                end = j + 1  # 'institut saint-louis' (a town after it is the place's: 'institut saint-louis namur')
            elif f in _SAINTS and len(g) >= 3 and g not in lk.function_words and g not in lk.medical:
                end = j + 2  # 'hôpital saint joseph', 'imagerie st jean'
            elif (f in lk.first_names and f not in lk.function_words and len(g) >= 3
                  and g not in lk.function_words and g not in lk.medical and g not in _SAINTS
                  and (g in lk.surnames and f not in lk.stopwords or g not in lk.stopwords)
                  and not self._town(ctx, j + 1)):
                # 'centre léon bérard', 'institut gustave roussy'; a first name that is also a word ('françois',
                # 'oscar') only before a word no French list knows ('centre françois baclesse')
                end = j + 2
            elif all(w not in lk.stopwords and w not in lk.function_words and w not in lk.medical and w not in lk.eponyms
                     and w not in self.not_names and len(w) >= 4 for w in (f, g)) and not self._town(ctx, j + 1):
                end = j + 2  # 'institut paoli calmettes': two words no list knows (surnames, or none at all)
            elif head in _LOWER_HOSPITAL_HEADS:
                town_end = self._lower_town_after(ctx, j)
                if town_end:
                    out.append((start, toks[town_end - 1].end, self.tag))  # 'centre hospitalier de valenciennes'
                continue
            if end == j:
                continue
            if end + 1 < n and ctx.folded[end] == "de" and ctx.joined(end) and ctx.joined(end + 1):
                town = self._town(ctx, end + 1)  # ('clinique saint hilaire de rouen')
                if town and toks[end + 1].text.islower():
                    end += 1 + town
            elif end < n and ctx.folded[end][:2] in ("d'", "d’") and ctx.joined(end) and toks[end].text.islower():
                end += self._town(ctx, end)  # ("polyclinique sainte marguerite d'auxerre")
            out.append((start, toks[end - 1].end, self.tag))
        return out

    def _lower_register_name(self, ctx: Context, j: int) -> int:
        """Tokens at j of a hospital's name alone (data/hospital_names*.txt: 'Oscar Lambret', 'Curie', 'Pitié')
        written in lower case after its lower-case head, 0 if none. A one-word name must be no French word, medical
        word or function word ('centre du parc' is a kind of centre)."""
        first = ctx.bare[j]
        size = max((index.longest(first, ctx.folded, j) for index in (self._hospital_names, _register_phrases())
                    if first in index.sizes), default=0)
        toks = ctx.tokens
        if not size or any(not toks[k].text.islower() or not ctx.joined(k) for k in range(j, j + size)):
            return 0
        if size > 1 and any(k + self._town(ctx, k) == j + size for k in range(j + 1, j + size) if self._town(ctx, k)):
            return 0  # ('clinique du parc saint-saulve': the name, then its town; the town rule splits them)
        lk = ctx.lookups
        if size == 1 and (len(first) < 4 or first in lk.medical or first in lk.function_words or first in _SAINTS
                          or first in lk.stopwords and first not in lk.surnames or self._town(ctx, j)):
            return 0  # ('institut curie': a surname that is also a word; not 'centre activite', 'hopital sud')
        if not any(len(w) >= 4 and w not in lk.medical and w not in lk.function_words
                   and (w not in lk.stopwords or w in lk.surnames) for w in ctx.bare[j : j + size]):
            return 0  # ('centre enfants et petite enfance': French words only)
        return size

    def _bracketed_sites(self, ctx: Context) -> list[Candidate]:
        """'Centre hospitalier de la Polynésie française (Taaone)': one to three capitalised words in brackets after a
        hospital's name on its line, its site. Not a town (a place), a title, a ward, a medical word or an acronym, and
        a French word only as part of a hyphenated name ('(Hôtel-Dieu)'; not '(Urgences)', '(Service Nord)')."""
        out: list[Candidate] = []
        lk = ctx.lookups
        text = ctx.text
        for m in _SITE_IN_BRACKETS.finditer(text):
            if not _HOSPITAL_BEFORE.search(text, max(0, m.start() - 80), m.start()):
                continue
            site = m.group("site")
            words = re.split(r"[ -]", site)
            keys = [fold(w) for w in words]
            if site.isupper() or any(k in _TITLES or k in lk.medical or k in lk.eponyms or k in self.not_names
                                     or k in _KIND_ACRONYMS or k in _NOT_EMPLOYER or k in _COMPASS or k in _SIDES
                                     or _SPECIALTY.search(k) for k in keys):
                continue
            if "-" not in site and any(k in lk.stopwords or k in lk.function_words for k in keys):
                continue
            if fold(site) in lk.first_names or (key_of(site),) in lk.cities or tuple(key_of(w) for w in words) in lk.cities:
                continue
            whole = fold(site)
            if self.towns is not None and (self.towns.longest(keys[0], keys, 0) == len(keys)
                                           or self.towns.longest(whole, [whole], 0) == 1):
                continue  # a town ('(Pointe-Noire)'): the place of the hospital, masked as a place
            out.append((m.start("site"), m.end("site"), self.tag))
        return out

    def _lower_town_after(self, ctx: Context, j: int) -> int:
        """End of a lower-case town after a hospital's lower-case head and its qualifiers ('de valenciennes', "d'arras",
        'privé la louvière'), 0 if none. With no 'de' the town must be no French word ('hôpital privé la louvière',
        not 'hôpital bois'); a one-word town is no function or medical word ('hôpital de jour')."""
        toks, n, lk = ctx.tokens, len(ctx.tokens), ctx.lookups
        while j < n and ctx.joined(j) and ctx.bare[j] in _LOWER_QUALIFIERS and toks[j].text.islower():
            j += 1
        if j >= n or not ctx.joined(j) or not toks[j].text.islower():
            return 0
        linked = ctx.folded[j] == "de"
        if linked:
            j += 1
            if j >= n or not ctx.joined(j) or not toks[j].text.islower():
                return 0
        town = self._town(ctx, j)
        if not town or not all(toks[k].text.islower() and toks[k].kind == "word" for k in range(j, j + town)):
            return 0
        g = ctx.bare[j]
        linked = linked or ctx.folded[j][:2] in ("d'", "d’")
        if town == 1 and (g in lk.function_words or g in lk.medical or len(g) < 3 or not linked and g in lk.stopwords):
            return 0
        return j + town

    def _insurer_fields(self, ctx: Context) -> list[Candidate]:
        """'Assurance : CSS', 'Assureur : Ethias', 'Mutualité : Solidaris Liège': a form's insurer field; its value's
        capitalised words (links inside) are the insurer, whatever they are, but an answer, a contract's or a kind's
        word, a title or a first name (a contact person)."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        for m in _INSURER_FIELD.finditer(ctx.text):
            x = bisect.bisect_left(ctx.starts, m.end())
            if x >= len(toks) or toks[x].start != m.end() or toks[x].kind != "word":
                continue
            f = ctx.bare[x]
            if f in _COVER_SCHEMES or f == "css" and m.group()[:1] in "MmCc" or f in _FIELD_ANSWERS:
                continue  # 'Mutuelle : CMU-C', 'Mutuelle : CSS' (schemes, not insurers), 'Mutualité : Affiliée'
            if (f in _ANSWERS or f in _WORK_WORDS or f in _KIND_ACRONYMS or f in _TITLES or f in lk.function_words
                    or f in lk.first_names and f not in lk.stopwords or f in lk.medical and not toks[x].text.isupper()):
                continue
            end = self._name_words(ctx, x)
            for k in range(x + 1, end):  # a form's next field after a wide gap or before its colon ('X   NISS: ...')
                if len(ctx.gap(k)) > 1 or k + 1 < len(toks) and toks[k + 1].text == ":":
                    end = k
                    break
            while end > x + 1 and ctx.bare[end - 1] in lk.first_names:
                end -= 1
            if m.group("bracket") and (end >= len(toks) or toks[end].text != _CLOSE or f in lk.medical):
                continue  # 'my insurer (Harel)', 'mutuelle (Partenamut)': the brackets hold the name and nothing else
            out.append(self._span(ctx, x, end))
        for m in _INSURER_ACRONYM.finditer(ctx.text):
            f = fold(m.group("acr"))
            if (f in _COVER_SCHEMES or f in lk.medical or f in lk.stopwords or f in _KIND_ACRONYMS
                    or f in _SERVICE_KINDS or f in _WORK_WORDS or f in _HOSPITAL_KINDS or f in _LEGAL_KEYS
                    or f in lk.first_names or f in lk.surnames):
                continue
            out.append((m.start("acr"), m.end("acr"), self.tag))
        return out

    def _named_kinds(self, ctx: Context) -> list[Candidate]:
        """'CISSS de la Montérégie-Centre', 'GMF des Saguenéens', 'CSRéf de Kati': a kind's acronym and the name after it
        (capitalised words, hyphenated chains), one span; not a title or a first name alone ('CMA Dr X')."""
        out: list[Candidate] = []
        lk = ctx.lookups
        for m in _NAMED_KIND.finditer(ctx.text):
            first = fold(m.group("name").split("-")[0].split(" ")[0])
            if first in _TITLES or first in lk.medical and first not in lk.stopwords:
                continue
            out.append((m.start(), m.end(), self.tag))
        return out

    def _payer_fields(self, ctx: Context) -> list[Candidate]:
        """'Prise en charge : CNAM', 'Organisme payeur : Mutuelle de santé des enseignants', 'Assurance accident :
        SUVA': the value of a payer's field, when it is an acronym, a body's noun with its complement, a register
        name or a word no list knows; not a cover scheme, an answer or a French word ('Prise en charge : Ambulatoire')."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for m in _PAYER_FIELD.finditer(ctx.text):
            x = bisect.bisect_left(ctx.starts, m.end())
            if x >= n or toks[x].start != m.end() or toks[x].kind != "word":
                continue
            word, f = toks[x].text, ctx.bare[x]
            body = f in _BODY_HEADS or f in _INSURER_KEYS
            if not body and (f in _COVER_SCHEMES or f in _FIELD_ANSWERS or f in _ANSWERS or f in _KIND_ACRONYMS
                             or f in _TITLES or f in _WORK_WORDS or f in lk.function_words
                             or f in lk.first_names and f not in lk.stopwords):
                continue
            if body:  # a body's noun and its lower-case complement, to its end
                end = x + 1
                while end < n and ctx.joined(end) and end - x < 9 and toks[end].text.lower() not in _PAYER_END and (
                        toks[end].kind == "word"):
                    end += 1
                while end > x + 1 and ctx.folded[end - 1] in _INNER_LINKS:
                    end -= 1
            elif word.isupper() and len(word) >= 2 and not (f in lk.medical or f in self.not_names or f in _SERVICE_KINDS
                                                            and f not in ("cpam", "caf", "cpas")):
                end = self._extend(ctx, x + 1, strict=True)  # ('CNAM', 'SUVA', 'CPAM' named as the payer)
            elif self._match(ctx, x, self.register, self.register_caps) or (
                    self._unknown(ctx, x) and fold(m.group()[:5]) != "prise"):  # ('Prise en charge : Ambulatoire')
                end = self._name_words(ctx, x)
            else:
                continue
            out.append(self._span(ctx, x, end))
        return out

    def _supplier_value(self, ctx: Context, x: int) -> int:
        """End of a supplier's name at token x (capitalised words), x when it is none: a person (title, first name),
        an answer, a clinical word or a kind of system ('PACS', 'RIS')."""
        toks, lk = ctx.tokens, ctx.lookups
        if x >= len(toks) or toks[x].kind != "word" or not toks[x].text[:1].isupper():
            return x
        f = ctx.bare[x]
        if (f in _TITLES or f in _ANSWERS or f in _FIELD_ANSWERS or f in _KIND_ACRONYMS or f in _WORK_WORDS
                or f in lk.function_words or f in lk.medical or f in self.not_names or f in _VENDOR_KEYS
                or f in lk.first_names and f not in lk.stopwords or self._town(ctx, x)):
            return x
        end = self._name_words(ctx, x)
        if any(ctx.bare[k] in lk.first_names and ctx.bare[k] not in lk.stopwords or ctx.bare[k] in _TITLES
               for k in range(x + 1, end)):
            return x  # ('Contact : Jean Dupont')
        return end

    def _suppliers(self, ctx: Context) -> list[Candidate]:
        """'Maintenance scanner et IRM : GE HealthCare', 'Téléradiologie de nuit : X', 'radiologue à distance (X,
        Dr Y)', 'TELERADIOLOGIE X - interprétation': the firm a supplier's field or a teleradiology cue names."""
        out: list[Candidate] = []
        starts = ctx.starts
        for m in _VENDOR_FIELD.finditer(ctx.text):
            if _VENDOR_KEYS.isdisjoint(fold(w) for w in m.group("label").split()):
                continue
            x = bisect.bisect_left(starts, m.end())
            if x < len(ctx.tokens) and ctx.tokens[x].start == m.end():
                end = self._supplier_value(ctx, x)
                if end > x:
                    out.append(self._span(ctx, x, end))
        if "adiologie" in ctx.text or "ADIOLOGIE" in ctx.text or "distance" in ctx.text:
            for m in (*_TELERADIOLOGY.finditer(ctx.text), *_REMOTE.finditer(ctx.text)):
                x = bisect.bisect_left(starts, m.start("name"))
                if x < len(ctx.tokens) and ctx.tokens[x].start == m.start("name"):
                    end = self._supplier_value(ctx, x)
                    if end > x and (self._unknown(ctx, x) or ctx.tokens[x].text.isupper() and len(ctx.tokens[x].text) > 3
                                    or self._match(ctx, x, self.register, self.register_caps)):
                        out.append(self._span(ctx, x, end))
        return out

    def _service_names(self, ctx: Context, keys: frozenset[str], reach: int) -> list[Candidate]:
        """'interprète via X', 'interprète en pachto par téléphone (X)', '(réseau X)', 'réseau hospitalier X': within
        ``reach`` tokens of the key word, over link words only, a register name, a word no list knows or an acronym
        (mixed case too: 'SeTIS') that is no clinical abbreviation, kind of service or person's name."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for k in ctx.indices(keys, bare=True):
            x = k + 1
            while x < n and x - k <= reach and ctx.joined(x) and (ctx.folded[x] in _SERVICE_LINKS or toks[x].text == "("
                                                                   or toks[x].text.islower() and ctx.folded[x - 1] == "en"):
                x += 1  # (over 'via', 'par téléphone', 'en pachto', '(')
            if x >= n or not ctx.joined(x) or toks[x].kind != "word" or not toks[x].text[:1].isupper():
                continue
            word, f = toks[x].text, ctx.bare[x]
            upper = sum(c.isupper() for c in word)
            acronym = upper >= 2 and word.isalpha() and 3 <= len(word) <= 7 and upper >= sum(c.islower() for c in word)
            if (f in self.not_names or f in _KIND_ACRONYMS or f in _SERVICE_KINDS or f in _HOSPITAL_KINDS or f in _TITLES
                    or f in lk.medical or f in lk.first_names and not acronym or f in lk.function_words):
                continue
            registered = self._match(ctx, x, self.register, self.register_caps)
            if not (acronym and f not in lk.stopwords or registered or self._unknown(ctx, x) and toks[x - 1].text != "("
                    and f not in world_names()):
                continue  # ('interprète (Dorina)': a word alone in brackets is the interpreter's name)
            end = self._extend(ctx, x + 1, strict=True)
            if end < n and ctx.joined(end) and toks[end].text.islower() and ctx.bare[end] in _REGION_ADJECTIVES:
                end += 1  # ('X wallon', 'X bruxellois'): the region the service covers is part of its name
            out.append(self._span(ctx, x, end))
        return out

    def _header_acronyms(self, ctx: Context, dashes: list[re.Match[str]]) -> list[Candidate]:
        """'Fiche de consultation — ALIMA / Hôpital de district de X': on a line split by spaced dashes, slashes or
        bars, a part that is one acronym (3-6 capitals) no list knows, when another part of the line holds a care
        establishment's head: the body that runs it."""
        out: list[Candidate] = []
        text, lk = ctx.text, ctx.lookups
        seen: set[int] = set()
        for dash in dashes:
            line = text.rfind("\n", 0, dash.start()) + 1
            if line in seen:
                continue
            seen.add(line)
            stop = text.find("\n", line)
            stop = len(text) if stop < 0 else stop
            parts, pos = [], line
            for m in _HEADER_PART_SPLIT.finditer(text, line, stop):
                parts.append((pos, m.start()))
                pos = m.end()
            parts.append((pos, stop))
            lone = [(a, b) for a, b in parts if 3 <= len(text[a:b].strip()) <= 6 and text[a:b].strip().isupper()]
            if not lone or len(parts) < 2 or not any(_HEADER_HEADS.intersection(key_of(text[a:b])) for a, b in parts):
                continue  # (the cheap test first: a part that is one short word in capitals)
            for a, b in lone:
                word = text[a:b].strip()
                f = fold(word)
                if (word.isalpha() and f not in self.not_names
                        and f not in _KIND_ACRONYMS and f not in _SERVICE_KINDS and f not in _HOSPITAL_KINDS
                        and f not in _ROLE_ACRONYMS and f not in lk.medical and f not in lk.stopwords
                        and f not in lk.first_names and f not in lk.surnames and f not in lk.function_words
                        and f not in _WORK_WORDS and f not in _TITLES
                        and not (self.towns is not None and self.towns.longest(f, [f], 0))):  # ('CLINIQUE X — LYON')
                    start = text.index(word, a)
                    out.append((start, start + len(word), self.tag))
        return out

    def _saints_alone(self, ctx: Context) -> list[Candidate]:
        """'accouchée à la Sainte-Famille', 'suivi au Saint-Jean': a saint's name after 'au', 'à la', 'de la' (no town
        takes them) in a sentence that holds a care word (birth is none: 'née à la Sainte-Baume' is a place); with no
        care word ('randonnée au Saint-Gothard') the place annotators keep it."""
        out: list[Candidate] = []
        text = ctx.text
        for m in _SAINT_ALONE.finditer(text):
            a = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            b = min((i for i in (text.find(".", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
            if _SAINT_CARE.isdisjoint(key_of(text[a:b])):
                continue
            out.append((m.start("name"), m.end("name"), self.tag))
        return out

    def _courts(self, ctx: Context) -> list[Candidate]:
        """"conseil de prud'hommes de X", "cour d'assises du X", 'tribunal pour enfants de X': a court's full kind and
        its seat, one span (not a title or a person after 'de')."""
        out: list[Candidate] = []
        for m in _COURT.finditer(ctx.text):
            first = fold(m.group("name").split("-")[0].split(" ")[0])
            if first in _TITLES or (first in ctx.lookups.first_names and not (
                    self.towns is not None and self.towns.longest(first, [first], 0))):
                continue  # ('de Dr X', 'de Marie X'; 'de Nancy' is a town)
            out.append((m.start(), m.end(), self.tag))
        return out

    def _compound_hospitals(self, ctx: Context) -> list[Candidate]:
        """'Inselspital', 'Universitätsspital Basel', 'Spitalzentrum Biel', 'Sint-Elisabethziekenhuis': a German or
        Dutch hospital written as one compound word with a capital, and the capitalised words glued after it (its
        town). The noun alone ('Spital', 'Klinik', 'Hospital') is no name."""
        out: list[Candidate] = []
        toks, bare = ctx.tokens, ctx.bare
        for i in [*ctx.caps, *ctx.elided]:
            word = bare[i]
            if not (word.endswith(_COMPOUND_ENDS) or word.startswith("spital") and len(word) > 7):
                continue
            if not _COMPOUND_HOSPITAL.fullmatch(toks[i].text[2:] if len(ctx.folded[i]) != len(word) else toks[i].text):
                continue
            k = i - 1 if i and toks[i - 1].text == "." else i
            if k and ctx.joined(k) and toks[k - 1].text[:1].isupper() and ctx.bare[k - 1] in _SAINTS | {"sankt", "sint"}:
                continue  # 'St. Nikolaus-Hospital Eupen': the saint's name starts it, the head rules' name
            end = self._extend(ctx, i + 1, strict=True)
            if word in ("hospital", "spital", "klinik", "klinikum", "kliniken", "krankenhaus", "ziekenhuis",
                                   "kliniek") and end == i + 1:
                continue
            out.append(self._span(ctx, i, end))
        return out

    def _fragments(self, ctx: Context) -> frozenset[str]:
        """The pieces (3+ letters, folded) that a stray space can cut a head's word into and that are no French word
        ('hosp', 'italier', 'clini'): one set test over the text's words gates the broken-letterhead rule."""
        if self._broken_fragments is None:
            lk = ctx.lookups
            pieces = {fold(w[:k]) for w in _BROKEN_WORDS for k in range(3, len(w) - 2)}
            pieces |= {fold(w[k:]) for w in _BROKEN_WORDS for k in range(3, len(w) - 2)}
            self._broken_fragments = frozenset(p for p in pieces if p not in lk.stopwords and p not in lk.function_words
                                               and p not in lk.medical and p not in lk.first_names)
        return self._broken_fragments

    @staticmethod
    def _broken_word(ctx: Context) -> bool:
        """Whether two or three words in capitals, side by side on a line, make one head's word ('C ENTRE', 'HOSP ITALIER',
        'HOS P ITALIER'): the gate of the broken-letterhead rule, a walk over the capitalised tokens."""
        toks, n = ctx.tokens, len(ctx.tokens)
        upper = [i for i in ctx.caps if toks[i].text.isupper()]
        if len(upper) < 2:
            return False
        present = set(upper)
        for i in upper:
            if i + 1 in present and ctx.joined(i + 1):
                joined = toks[i].text + toks[i + 1].text
                if joined in _BROKEN_WORDS or (i + 2 < n and i + 2 in present and ctx.joined(i + 2)
                                               and joined + toks[i + 2].text in _BROKEN_WORDS):
                    return True
        return False

    @staticmethod
    def _broken_heads(ctx: Context) -> list[Candidate]:
        """'C ENTRE HOSP ITALIER', 'POLY CLINIQUE DU P ARC': a fax's letterhead whose capitals OCR broke with stray
        spaces. The head, read through the spaces, and the capitals after it on its line are one name; a head whose
        words are all whole is left to the other rules."""
        return [(m.start(), m.end(), "INSTITUTION") for m in _BROKEN_HEAD.finditer(ctx.text)
                if not all(w in _BROKEN_WORDS for w in m.group("head").split())]

    def _linked_heads(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """'exploitant de la ferme-auberge du Kastelberg', 'ouvrier à la scierie de la Vallée', 'bagarre au bar des
        Sports': a firm's, shop's or public service's head in lower case, 'du'/'de la'/"de l'"/'des' and capitalised
        words (a name no list makes a town or a person: 'boulangerie de Namur' is the head rules' head and town). The
        head is part of the name, as the writers mark it."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for h in hits:
            word = toks[h].text
            elided = len(ctx.folded[h]) != len(ctx.bare[h])
            if not (word[2:] if elided else word)[:1].islower():
                continue
            j = h + 1
            if j + 1 >= n or not ctx.joined(j):
                continue
            link = ctx.folded[j]
            if link in ("du", "des"):
                j += 1
            elif link == "de" and ctx.folded[j + 1] in ("la", "l") or link == "de" and ctx.folded[j + 1][:2] == "l'":
                j += 1 if ctx.folded[j + 1][:2] == "l'" else 2
            else:
                continue
            if j >= n or not ctx.joined(j) or toks[j].kind != "word":
                continue
            name = toks[j].text[2:] if ctx.folded[j][:2] in ("l'", "l’") else toks[j].text
            f = ctx.bare[j]
            if (not name[:1].isupper() or name.isupper() and len(name) <= 3 or f in _TITLES or f in _WORK_WORDS
                    or f in lk.medical or f in lk.first_names and f not in lk.stopwords or f in _NOT_EMPLOYER
                    or f in self.not_names or f in lk.function_words):
                continue
            end = self._name_words(ctx, j)
            if self._town(ctx, j) >= end - j or self._town(ctx, h + 2) >= end - h - 2:
                continue  # 'boulangerie de Namur', 'café de La Louvière': the town, the head rules' to join
            if h and ctx.folded[h - 1] in ("un", "une", "d'un", "d'une", "ce", "cet", "cette", "chaque"):
                continue  # 'un café du Centre': any café of its kind
            if any(ctx.bare[k] in lk.first_names and ctx.bare[k] not in lk.stopwords for k in range(j, end)):
                continue  # ('le bar de la Marie Dupont'-like: a person)
            out.append(self._span(ctx, h, end))
        return out

    def _kind_names(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """"prise en charge par l'HAD Soins et Santé", 'suivie par le SSIAD Aide et Présence': a care kind's acronym in
        capitals and the capitalised words after it, one name with the kind. Not a medical word, title, first name,
        compass point, a town alone (the head rules join it) or a number ('EHPAD 2')."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for k in hits:
            word = toks[k].text
            core = word[2:] if len(ctx.folded[k]) != len(ctx.bare[k]) else word
            j = k + 1
            if not core.isupper() or j >= n or not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[:1].isupper():
                continue
            if k == 0 or not ctx.joined(k):
                continue  # a letterhead's kind ('HAD Santé Service X — fiche'): the letterhead rule's, name alone
            f = ctx.bare[j]
            if (f in lk.medical or f in _TITLES or f in lk.first_names and f not in lk.stopwords or f in _COMPASS
                    or f in _SIDES or f in self.not_names or f in _KIND_ACRONYMS or f in _WORK_WORDS):
                continue
            end = self._name_words(ctx, j)
            for m in range(j + 1, end - 1):  # 'EHPAD Les Charmilles de Yutz': the town stays a place, as written
                if ctx.folded[m] in ("de", "du", "d") and m + 1 + self._town(ctx, m + 1) == end:
                    end = m
                    break
            if self._town(ctx, j) >= end - j or end - j == 1 and f in lk.stopwords:
                continue  # (one ordinary word with a capital is a detail: 'HAD Perfusion', 'EHPAD Sécurisé')
            out.append(self._span(ctx, k, end))
        return out

    def _care_linked(self, ctx: Context) -> list[Candidate]:
        """'cabinet de radiologie du Lez', "centre d'imagerie du Parc", 'maison médicale des Tilleuls': a practice's head
        in lower case and the capitalised name after its link, head included. Not a town ('centre médical de Lyon' is
        the head rules'), a title, a first name or a medical word."""
        out: list[Candidate] = []
        toks, lk = ctx.tokens, ctx.lookups
        for m in _CARE_LINKED.finditer(ctx.text):
            j = bisect.bisect_left(ctx.starts, m.end())
            if j >= len(toks) or toks[j].start != m.end() or toks[j].kind != "word":
                continue
            f = ctx.bare[j]
            if (f in _TITLES or f in lk.medical or f in lk.first_names and f not in lk.stopwords or f in _NOT_EMPLOYER
                    or f in _WORK_WORDS or f in self.not_names):
                continue
            end = self._name_words(ctx, j)
            if self._town(ctx, j) >= end - j:
                continue
            out.append((m.start(), toks[end - 1].end, self.tag))
        return out

    def _acronyms_of_places(self, ctx: Context) -> list[Candidate]:
        """"l'ATMP du Rhône", 'UDAF de la Somme', "MSA d'Armorique": an acronym of three to six capitals, then 'du',
        'des', 'de (la)' or "d'" and a known town, department or region on the same line: a body of that place, whole.
        Not a name in capitals (a first name, a surname, a word, after a title), not a roman numeral."""
        out: list[Candidate] = []
        toks, lk, folded, bare, n = ctx.tokens, ctx.lookups, ctx.folded, ctx.bare, len(ctx.tokens)
        # (words in capitals only: their second letter, after an elision their fourth, is a capital)
        upper = [i for i in ctx.caps if toks[i].text[1:2].isupper()] + [i for i in ctx.elided if toks[i].text[3:4].isupper()]
        for i in upper:
            if i + 1 >= n or folded[i + 1] not in _PLACE_LINKS and folded[i + 1][:2] not in ("d'", "d’"):
                continue
            j = i + 1
            word = toks[i].text
            elided = word[:2] in ("l'", "L'", "l’", "L’")
            core = word[2:] if elided else word
            if not _PLACE_ACRONYM.fullmatch(core) or not ctx.joined(j):
                continue
            f = bare[i]
            if (f in _PLACE_ACRONYM_OUT or f in lk.first_names or f in lk.surnames or f in lk.stopwords
                    or f in _TITLES or not core.strip("IVXLCDM")):
                continue
            if f in self.not_names and f not in _SERVICE_KINDS and _GUARDIANSHIP.isdisjoint(folded[max(0, i - 8) : i]):
                continue  # a clinical abbreviation ('la PTG de Liège'), but a guardianship's body ("tutelle ... l'ATMP du X")
            if i > 0 and not elided and (folded[i - 1].rstrip(".") in _TITLES or folded[i - 1] in lk.first_names):
                continue  # 'Dr ABAD de Lyon', 'Marie LEROY de Lille': a person
            if folded[j] in _PLACE_LINKS:
                j += 1  # ("d'Armorique" is one token)
            if j >= n or not ctx.joined(j):
                continue
            if folded[j] == "la" and toks[j].text == "la" and j + 1 < n and ctx.joined(j + 1):
                j += 1  # 'de la Somme' ('de La Réunion': the article may be the town's own)
            place = toks[j].text
            if not (place[:1].isupper() or place[1:2] in "'’" and place[2:3].isupper()):
                continue  # ('copie CNI de la fille': a place is written with its capital)
            town = self._town(ctx, j)
            if not town:
                continue
            end = j + town
            while (end < n and ctx.gap(end) == " " and toks[end].kind == "word" and toks[end].text[:1].isupper()
                   and not toks[end].text.isupper() and (self._town(ctx, end) or self._unknown(ctx, end))):
                end += 1  # 'SPSTI du Grand Besançon' (not a form's next field: 'CPAM du Rhône   AMC : ...')
            out.append((toks[i].start + (2 if elided else 0), toks[end - 1].end, self.tag))
        return out

    def _corporate_names(self, ctx: Context) -> list[Candidate]:
        """'Radio Mobile Services est passé', 'employeur Hager Group', 'Assureur : AG Insurance': one to three capitalised
        words glued by single spaces, then a corporate closing word, and a town glued after it. Not after a title (a
        person), not when every word before the closer is a medical word, a hospital's part or a specialty ('Radiologie
        Service'), a first name or a function word."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        starts = [t.start for t in toks]
        text = ctx.text
        for m in _CORPORATE_CLOSER.finditer(text):
            if m.start() < 2 or text[m.start() - 1] != " ":
                continue
            c = bisect.bisect_left(starts, m.start())
            if c >= n or toks[c].start != m.start() or c == 0:
                continue
            k = c
            while (k > 0 and c - k < 3 and ctx.gap(k) == " " and toks[k - 1].kind == "word"
                   and toks[k - 1].text[:1].isupper() and ctx.bare[k - 1] not in _TITLES
                   and ctx.bare[k - 1] not in _CARE_KINDS and ctx.bare[k - 1] not in _KIND_ACRONYMS):
                k -= 1  # (a kind's acronym before the name stays out: 'HAD Santé Service Bourgogne')
            if k == c or k > 0 and ctx.folded[k - 1].rstrip(".") in _TITLES:
                continue
            words = [ctx.bare[j] for j in range(k, c)]
            if all(w in lk.medical or w in _NOT_EMPLOYER or _SPECIALTY.search(w) or w in lk.first_names
                   or w in lk.function_words or len(w) < 2 for w in words):
                continue
            end = c + 1
            if end < n and ctx.gap(end) == " " and toks[end].text[:1].isupper():
                end += self._town(ctx, end)  # 'Santé Service Bourgogne', 'Adhap Services Grenoble'
            out.append((toks[k].start, toks[end - 1].end, self.tag))
        return out

    def _saint_houses(self, ctx: Context) -> list[Candidate]:
        """'maison Saint-Gildard', 'foyer Sainte-Thérèse': a house's lower-case head and its saint's name, whole; the
        town after 'de' stays the place's ('home Saint-Joseph de Fleurus')."""
        return [(m.start(), m.end(), self.tag) for m in _SAINT_HOUSE.finditer(ctx.text)]

    def _person_brackets(self, ctx: Context) -> list[Candidate]:
        """'radiologue (Télé-Imagerie Occitanie)', 'M. Abadie (Orthopédie Pyrénéenne, Tarbes)': brackets after a titled
        person whose first part is two to five capitalised words (inner 'de', 'du', 'des' allowed) filling it: the
        person's organisation. Not a town, an id's label, a kind of ward or a clinical abbreviation first ('(SAU)',
        '(RPPS 101...)', '(MT, Rennes)'), not a person's name (a first name among the words)."""
        out: list[Candidate] = []
        matches = list(_PERSON_BRACKET.finditer(ctx.text))
        if not matches:
            return out
        toks, lk = ctx.tokens, ctx.lookups
        starts = [t.start for t in toks]
        for m in matches:
            i = bisect.bisect_left(starts, m.start("b"))
            if i >= len(toks) or toks[i].start != m.start("b") or toks[i].kind != "word":
                continue
            end = self._name_words(ctx, i)
            if end - i < 2 or toks[end - 1].end != m.end("b"):
                continue
            f = ctx.bare[i]
            if (self._town(ctx, i) or f in self.not_names or f in _KIND_ACRONYMS or f in _SERVICE_KINDS or f in _TITLES
                    or f in _NOT_EMPLOYER or f in _WARD_HEADS
                    or any(ctx.bare[k] in lk.first_names for k in range(i, end))
                    or all(ctx.bare[k] in lk.medical or ctx.folded[k] in _INNER_LINKS or _SPECIALTY.search(ctx.bare[k])
                           for k in range(i, end))):
                continue  # (a ward's name, all medical words: '(Chirurgie Orthopédique)')
            out.append((toks[i].start, toks[end - 1].end, self.tag))
        return out

    def _cued_acronyms(self, ctx: Context) -> list[Candidate]:
        """'ostéosynthésée au RHNe', "urgences de l'HFME", 'Transfert HEH', "fonctionnaire à l'OMS": an acronym of three
        to seven letters (capitals, or capitals with a few lower-case letters: 'CHdN', 'RHNe') that
        no list knows (no clinical abbreviation, French or medical word, name, town, kind of service), right after
        'au', 'vers', 'chez', a transfer's word, "l'" after a preposition, or 'du' after a care noun ('équipe du
        CHM'). The acronym names the establishment; capitalised words glued to it join it ('au CHCB Kério')."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        folded = ctx.folded
        cued = [k for k in ctx.caps if k and (folded[k - 1] in _ACRONYM_CUES or folded[k - 1] == "du"
                                              or folded[k - 1] in _DU_CARE_NOUNS and _MIXED_ACRONYM.fullmatch(toks[k].text))]
        cued += [k for k in ctx.elided if toks[k].text[2:3].isupper()]
        for i in sorted(cued):
            word = toks[i].text
            elided = word[:2] in ("l'", "L'", "l’", "L’")
            core = word[2:] if elided else word
            if len(core) < 3 or not _ACRONYM.fullmatch(core):
                continue
            upper = sum(c.isupper() for c in core)
            if upper < 2 or upper < sum(c.islower() for c in core):
                continue
            if i == 0 or not ctx.joined(i) and not (elided and i > 0):
                continue
            before = ctx.folded[i - 1]
            if elided:
                if before not in _ACRONYM_ELIDED_AFTER:
                    continue
                if before == "de" and i >= 3 and (ctx.bare[i - 2] in _EPONYM_NOUNS or (
                        toks[i - 2].kind == "num" or _ROMAN_NUMERAL.fullmatch(toks[i - 2].text)) and (
                        ctx.bare[i - 3] in _EPONYM_NOUNS or ctx.bare[i - 3] in ("grade", "stade", "classe"))):
                    continue  # "grade IV de l'ICRS", "classification de l'X": the system's author, a grade's scale
            elif before == "du":
                if i < 2 or ctx.bare[i - 2] not in _DU_CARE_NOUNS:
                    continue
            elif before in _DU_CARE_NOUNS and _MIXED_ACRONYM.fullmatch(core):
                pass  # 'secrétariat radiologie CHdN X': a mixed-case acronym is a name, no clinical abbreviation
            elif before not in _ACRONYM_CUES:
                continue
            f = ctx.bare[i].replace(".", "")
            if (f in self.not_names or ctx.bare[i] in self.not_names or f in lk.medical or f in lk.stopwords
                    or f in lk.function_words or f in lk.first_names or f in lk.surnames or f in lk.eponyms
                    or f in _KIND_ACRONYMS or f in _SERVICE_KINDS or f in _WORK_WORDS or f in _TITLES
                    or f in _HOSPITAL_KINDS or f in _ROLE_ACRONYMS or self._town(ctx, i)):
                continue
            if i + 1 < n and ctx.joined(i + 1) and toks[i + 1].kind == "num" and toks[i + 1].text.isdigit():
                continue  # 'au DT 2', a code and its number
            if i + 1 < n and ctx.gap(i + 1) == "" and toks[i + 1].text in ("-", "–") and i + 2 < n and any(
                    c.isdigit() for c in toks[i + 2].text):
                continue  # 'TEP au PSMA-68Ga': a tracer's or a code's name, glued to its number
            if self._unit_of_hospital(ctx, i + 1):
                continue  # "à l'UAPED du CHU de X": a unit of the hospital named after it, not a body of its own
            end = self._extend(ctx, i + 1, strict=True)
            if end == i + 1 and end + 1 < n and ctx.joined(end) and ctx.joined(end + 1):
                # "l'ATMP du Rhône", "l'ESF de Val Thorens": the acronym and the town or area it serves, one name
                k = end + 1 if ctx.folded[end] in ("de", "du", "des") else end if ctx.folded[end][:2] in ("d'", "d’") else 0
                if k and ctx.folded[k] in ("la", "l") and k + 1 < n and ctx.joined(k + 1):
                    k += 1
                if k and self._town(ctx, k):
                    end = k + self._town(ctx, k)
            out.append(self._span(ctx, i, end))
        return out

    @staticmethod
    def _unit_of_hospital(ctx: Context, j: int) -> bool:
        """'du CHU', "de l'hôpital", 'du centre hospitalier' right after token j-1: what it names is a unit of them."""
        n = len(ctx.tokens)
        if j >= n or not ctx.joined(j):
            return False
        f = ctx.folded[j]
        if f in ("du", "de", "des") and j + 1 < n and ctx.joined(j + 1):
            k = j + 1
            if f == "de" and ctx.folded[k] == "la" and k + 1 < n:
                k += 1
            return ctx.bare[k] in _HOSPITAL_KINDS or ctx.bare[k] in _UNIT_OWNERS
        return f[:2] in ("d'", "d’") and ctx.bare[j] in _UNIT_OWNERS

    @staticmethod
    def _body_follows(ctx: Context, i: int, elided: bool) -> bool:
        """The body's capitalised noun at i follows a lower-case article or preposition ("de l'Union nationale", 'à la
        Caisse'; not 'pas de Maison de repos': no article, a kind of place), or opens a header's part after a spaced
        dash ('compétition — Fédération française de rugby': one of the bodies no heading writes alone)."""
        prev = ctx.tokens[i - 1]
        if prev.text in _DASHES and not elided:
            return ctx.bare[i] in _DASH_BODY_HEADS and ctx.gap(i) == " " and ctx.gap(i - 1) == " "
        if prev.kind != "word" or not prev.text.islower() or ctx.folded[i - 1] not in _BODY_BEFORE and not elided:
            return False
        return not (ctx.folded[i - 1] == "de" and not elided or ctx.folded[i][:2] in ("d'", "d’"))

    def _capital_bodies(self, ctx: Context, hits: list[int]) -> list[Candidate]:
        """"déclaré à l'Association d'assurance accident", 'la Laiterie des Ardennes à Recogne', 'la discothèque'
        aside: a body's noun written with a capital in the middle of a sentence (after a lower-case article or
        preposition) heads a name whose other words French writes in lower case. The name runs over 'de'/'du'/'des'/
        "d'" and the words they link, adjectives and capitalised words, to a punctuation mark, a line's end, a verb or
        a preposition of the sentence; it needs one word after the noun. A capitalised head at a line's or a
        sentence's start, or in a line of capitals, is a heading."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for i in hits:
            word = toks[i].text
            elided = len(ctx.folded[i]) != len(ctx.bare[i])
            core = word[2:] if elided else word
            if not core[:1].isupper() or core.isupper():
                continue
            if i == 0 or "\n" in ctx.gap(i):
                # a letterhead's line opening with one of those bodies ('Tribunal de première instance du Hainaut,')
                if elided or ctx.bare[i] not in _DASH_BODY_HEADS:
                    continue
            elif not ctx.joined(i) or not self._body_follows(ctx, i, elided):
                continue
            if ctx.bare[i] == "pole" and not (i + 1 < n and ctx.bare[i + 1] in ("sante", "medical", "medico-social")):
                continue  # ('au Pôle Femme-Enfant': a hospital's department; 'au Pôle Santé X': a health centre)
            j, words, last = i + 1, 0, i + 1
            while j < n and ctx.joined(j) and j - i <= 12:
                t, f = toks[j], ctx.folded[j]
                if f in ("&", "+") and words and j + 1 < n and ctx.joined(j + 1) and toks[j + 1].text[:1].isupper():
                    j += 1  # 'Menuiserie Charpentier & Fils'
                    continue
                if t.kind != "word":
                    break
                if f in _BODY_LINKS:
                    j += 1
                    continue
                if f in ("la", "le", "les", "l") and ctx.folded[j - 1] == "de":
                    j += 1  # 'de la', 'de l''
                    continue
                if f == "et" and j + 1 < n and (ctx.folded[j + 1] in _BODY_LINKS or ctx.folded[j + 1][:2] in ("d'", "d’")):
                    j += 1  # 'de conciliation et d'indemnisation'
                    continue
                b = ctx.bare[j]
                if t.text[:1].isupper():
                    if b in _TITLES or b in lk.first_names and b not in lk.stopwords:
                        break
                elif (b in _BODY_END or f in _BODY_END or b in _WORK_WORDS or b in lk.function_words and ctx.folded[j - 1] not in _BODY_LINKS
                        and f[:2] not in ("d'", "d’") or len(b) < 3 or _PARTICIPLE.search(t.text)
                        and ctx.folded[j - 1] not in _BODY_LINKS and f[:2] not in ("d'", "d’")
                        and not (j + 1 < n and ctx.joined(j + 1) and ctx.folded[j + 1] in _BODY_LINKS)):
                    break  # (a participle goes on the name only before 'de': 'personnes handicapées du Bas-Rhin')
                words += 1
                j += 1
                last = j
            if not words:
                continue
            end = last
            if ctx.bare[i] in _CAPITAL_CARE_HEADS:
                if i == 0 or "\n" in ctx.gap(i):
                    continue  # (a line opening with 'Centre ...' is the institutions annotator's: a letterhead)
                for k in range(i + 2, end):
                    if toks[k - 1].text[:1].isupper() and toks[k].text.islower() and ctx.folded[k] not in _BODY_LINKS and (
                            ctx.folded[k][:2] not in ("d'", "d’")):
                        end = k  # (the name ended with its capitalised word)
                        break
                if not any(toks[k].text[:1].isupper() for k in range(i + 1, end)):
                    continue  # a kind of unit, no name or place of its own ('au Centre de la douleur')
            if end - i < 2 or any(_SPECIALTY.search(ctx.bare[k]) for k in range(i + 1, end)):
                continue  # (a learned society of a specialty: 'Société européenne de cardiologie', no one's body)
            if (i == 0 or "\n" in ctx.gap(i)) and not any(toks[k].text[:1].isupper() for k in range(i + 1, end)):
                continue  # a line opening with a kind of court or body, no place or name of its own ('Tribunal de la
                # jeunesse', a heading); 'Tribunal de première instance du Hainaut' names one
            out.append(self._span(ctx, i, end))
        return out

    def _defined_acronyms(self, ctx: Context) -> list[Candidate]:
        """'Centre communautaire de référence pour le dépistage (CCR)': the name before the brackets, from a capitalised
        body's or establishment's head on the same line, and the acronym, when the acronym's capitals are the initials
        of the name's words in order (linking words may be skipped); every later use of the acronym in the text too.
        Not an acronym of a KIND of service or establishment ('(CMP)', '(CCAS)', '(CHU)'): no one organisation."""
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        defined: set[str] = set()
        for m in _DEFINED_ACRONYM.finditer(ctx.text):
            acr = m.group("acr")
            capitals = [c for c in acr if c.isupper()]
            f = fold(acr)
            if (len(capitals) < 3 or len(capitals) < len(acr) - 2 or f in _KIND_ACRONYMS or f in _SERVICE_KINDS
                    or f in _HOSPITAL_KINDS or f in _CARE_KINDS):
                continue
            c = bisect.bisect_left(ctx.starts, m.start())
            if c == 0 or c >= n or toks[c].start != m.start() or "\n" in ctx.gap(c):
                continue
            k, head = c - 1, -1
            while k >= 0 and c - k <= 14 and toks[k].kind == "word":
                if ctx.bare[k] in _DEFINING_HEADS and toks[k].text[len(ctx.folded[k]) - len(ctx.bare[k]):][:1].isupper():
                    head = k
                if k == 0 or "\n" in ctx.gap(k) or toks[k - 1].kind != "word":
                    break
                k -= 1
            if head < 0 or c - head < 2:
                continue
            initials = [ctx.bare[j][:1].upper() for j in range(head, c) if ctx.bare[j] not in _DEFINING_SKIP]
            if not initials or initials[0] != capitals[0] or not _subsequence(capitals, initials):
                continue
            out.append(self._span(ctx, head, c))
            out.append((m.start("acr"), m.end("acr"), self.tag))
            defined.add(acr)
        for acr in defined:  # the acronym used again further on ('le CCR a relu les clichés')
            out += [(w.start(), w.end(), self.tag) for w in re.finditer(r"(?<![\w'’-])" + re.escape(acr) + r"(?![\w-])",
                                                                       ctx.text)]
        return out

    def _missions(self, ctx: Context) -> list[Candidate]:
        """'ambassade du Japon', "consulat général d'Algérie", 'Embassy of Ghana': the mission and its country (or town),
        whole, when the country is in the place lists."""
        out: list[Candidate] = []
        for m in _MISSION.finditer(ctx.text):
            x = bisect.bisect_left(ctx.starts, m.end())
            if x >= len(ctx.tokens):
                continue
            if ctx.tokens[x].start != m.end():  # "d'Algérie": the country is inside the elided token
                x -= 1
                if ctx.folded[x][:2] not in ("d'", "d’", "l'", "l’"):
                    continue
            size = self._town(ctx, x)
            if size:
                out.append((m.start(), ctx.tokens[x + size - 1].end, self.tag))
        return out

    def _located_acronyms(self, ctx: Context) -> list[Candidate]:
        """'Anatomopathologie : IPG à Gosselies', 'chantier de CDCL au Kirchberg', 'ouvrier chez CMI à Seraing': an
        acronym in capitals that no list knows (no clinical abbreviation, word, name, kind of service or establishment),
        then 'à'/'au' and a known town or locality: a body located there (the town stays the place's). Not after a
        title ('Dr ABAD à Lyon': a person), not an exam or a meeting ('IRM à Namur', 'RCP à X': clinical words)."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for i in ctx.indices(_AT_PLACE, bare=False):
            a = i - 1
            if a < 0 or i + 1 >= n or not ctx.joined(i) or not ctx.joined(i + 1) or toks[a].kind != "word":
                continue
            word = toks[a].text
            if not (3 <= len(word) <= 7 and word.isalpha() and word.isupper()) or not self._town(ctx, i + 1):
                continue
            f = ctx.bare[a]
            if (f in self.not_names or f in lk.medical or f in lk.stopwords or f in lk.function_words or f in lk.first_names
                    or f in lk.surnames or f in lk.eponyms or f in _KIND_ACRONYMS or f in _SERVICE_KINDS
                    or f in _HOSPITAL_KINDS or f in _CARE_KINDS or f in _TITLES or f in _WORK_WORDS or f in _LEGAL_KEYS
                    or f in _PLACE_ACRONYM_OUT or f in world_names() or self._town(ctx, a)):
                continue
            if a > 0 and (ctx.folded[a - 1].rstrip(".") in _TITLES or ctx.folded[a - 1] in lk.first_names
                          or ctx.bare[a - 1] in _KIN or ctx.bare[a - 1] in _PERSON_WORDS
                          or toks[a - 1].text.isupper() and toks[a - 1].kind == "word" and ctx.joined(a)):
                continue  # a person ('Dr SIMON', 'Marie LEROY'), or a line of capitals ('RX GENOU à ...')
            out.append((toks[a].start, toks[a].end, self.tag))
        return out

    def _affiliations(self, ctx: Context) -> list[Candidate]:
        """A doctor's affiliation right after the name and a separator (see _AFFILIATION_TITLES)."""
        toks, bare, n = ctx.tokens, ctx.bare, len(ctx.tokens)
        lk = ctx.lookups
        out: list[Candidate] = []
        for t in ctx.indices(_AFFILIATION_KEYS, bare=True):
            civil = bare[t] in _CIVILITY_TITLES
            k = t + 1
            if k < n and toks[k].text == "." and ctx.joined(k):
                k += 1
            words = 0
            while k < n and ctx.joined(k) and words < 4 and toks[k].kind in ("word", "init") and (
                    toks[k].text[:1].isupper() or bare[k] in _NAME_PARTICLES):
                words += toks[k].text[:1].isupper()
                k += 1
            if not words or k >= n or toks[k].text not in _AFFILIATION_SEPARATORS or not ctx.joined(k):
                continue
            a = k + 1
            if a >= n or not ctx.joined(a) or toks[a].kind != "word" or not toks[a].text[:1].isupper():
                continue
            if civil and bare[a] not in _AFFILIATION_HEADS and bare[a] not in _AFFILIATION_BODY_HEADS:
                continue
            if bare[a] in _AFFILIATION_NOT_FIRST and bare[a] not in _AFFILIATION_BODY_HEADS or bare[a] in _TITLES or bare[a] in _KIND_ACRONYMS or (
                    bare[a] in _SERVICE_KINDS or bare[a] in _ROLE_ACRONYMS):
                continue
            b = a
            while b < n and (b == a or ctx.joined(b)) and toks[b].text not in _AFFILIATION_END and b - a < 9 and (
                    toks[b].kind in ("word", "num") and (toks[b].text[:1].isupper() or toks[b].kind == "num"
                                                         or bare[b] in _AFFILIATION_LINKS)):
                b += 1
            if bare[a] in _AFFILIATION_BODY_HEADS and b < n and ctx.joined(b) and toks[b].text not in _AFFILIATION_END:
                c = b  # 'Institut des vétérans', 'Office national de l'emploi': a body's lower-case words, to the separator
                while c < n and ctx.joined(c) and toks[c].kind == "word" and c - a < 10 and toks[c].text not in _AFFILIATION_END:
                    c += 1
                if c == n or not ctx.joined(c) or toks[c].text in _AFFILIATION_END:
                    b = c
            while b > a and (bare[b - 1] in _AFFILIATION_LINKS and not toks[b - 1].text[:1].isupper()):
                b -= 1
            if b - a < 2 or (b < n and ctx.joined(b) and toks[b].text not in _AFFILIATION_END):
                continue  # one word alone (a town, a surname, a specialty), or a run that goes on in lower case
            if toks[b - 1].kind == "num" or bare[a] in PLAIN_STREET_TYPES or bare[a] in _STREET_WORDS:
                continue  # an address ('Dr X, Boulevard Tirou 104', 'Aachener Straße 48'), the place annotators'
            if self._town(ctx, a) >= b - a or bare[a] in lk.first_names and toks[a + 1].text[:1].isupper() and (
                    bare[a + 1] in lk.surnames or self._unknown(ctx, a + 1)) and bare[a] not in _AFFILIATION_HEADS:
                continue  # a town, or another person ('Dr X, Marie Dupont')
            # (a head alone with ordinary words needs three: 'Centre Communautaire de Référence', not 'Maison Médicale')
            head = (bare[a] in _AFFILIATION_HEADS or bare[a] in _AFFILIATION_BODY_HEADS) and (b - a >= 3 or not all(
                lk.is_common(toks[k].text) for k in range(a + 1, b) if toks[k].kind == "word"))
            unknown = any(self._unknown(ctx, k) and bare[k] not in lk.first_names and not self._town(ctx, k)
                          for k in range(a, b) if toks[k].kind == "word" and bare[k] not in _AFFILIATION_LINKS)
            if not (head or unknown and not civil):
                continue
            if any(toks[k].text.isupper() and len(toks[k].text) > 1 and (
                    bare[k] in clinical_abbreviations() or bare[k] in _KIND_ACRONYMS) for k in range(a, b)) and not head:
                continue
            out.append((toks[a].start, toks[b - 1].end, self.tag))
        return out

    @staticmethod
    def _ward_hospitals(ctx: Context) -> list[Candidate]:
        """'urgences Pitié - ...', 'transfert réa Erasme': a hospital list's name after a lower-case ward's noun."""
        toks, n, by_first = ctx.tokens, len(ctx.tokens), ctx.lookups.hospital_names.by_first
        out: list[Candidate] = []
        for i in ctx.indices(_WARD_BEFORE_HOSPITAL, bare=True):
            k = i + 1
            if k >= n or not ctx.joined(k) or not toks[i].text.islower() or not toks[k].text[:1].isupper() or (
                    toks[k].text.isupper() and len(toks[k].text) > 3):
                continue
            words = [ctx.bare[j] for j in range(k, min(k + 5, n)) if toks[j].kind in ("word", "num")]
            size = next((len(e) for e in by_first.get(ctx.bare[k], ()) if tuple(words[: len(e)]) == e), 0)
            if not size:
                continue
            last = k
            for _ in range(size - 1):
                last += 1
                while last < n and toks[last].kind not in ("word", "num"):
                    last += 1
            if last >= n or any(not ctx.joined(j) for j in range(k + 1, last + 1)):
                continue
            out.append((toks[k].start, toks[last].end, "INSTITUTION"))
        return out

    def _care_kinds_named(self, ctx: Context) -> list[Candidate]:
        """'Hôpital luthérien de Andranomadio', 'poste de santé urbain de Ouakam' (see _CARE_KIND_NAME)."""
        lk, text, toks = ctx.lookups, ctx.text, ctx.tokens
        out: list[Candidate] = []
        for i in ctx.indices(_CARE_KIND_WORDS, bare=True):  # (the regex tried at each kind's word only, not scanned)
            m = _CARE_KIND_NAME.match(text, toks[i].start + (2 if len(ctx.folded[i]) != len(ctx.bare[i]) else 0))
            if m is None:
                continue
            quals = [fold(w) for w in m.group("quals").split()]
            if any(q in lk.function_words and q not in ("de", "la") or _SPECIALTY.search(q) for q in quals):
                continue  # ('hôpital psychiatrique': its own rules; 'clinique de chirurgie': a ward)
            head = fold(m.group("head").split()[0])
            if not quals and head in ("hopital", "clinique", "polyclinique", "maternite", "centre"):
                continue  # ('Hôpital de X', 'Clinique du Y', 'centre médical de Z': the institutions annotator's)
            words = m.group("name").split()
            first = fold(words[0])
            saint = first in ("saint", "sainte", "st", "ste", "notre-dame")
            if first in _CARE_KIND_NOT_NAMES or first in _TITLES and not saint or first in lk.first_names and (
                    len(words) == 1 and not saint):
                continue
            link = m.group("link").strip()
            if not link and not quals:
                continue
            if link in ("de", "d'", "d’"):
                town = (first,) in lk.cities or first in lk.city_first_words
                if not town and (lk.is_common(words[0]) or first in lk.surnames and _CARE_KIND_QUALIFIERS.isdisjoint(quals)):
                    continue  # after 'de' a place or a word no list knows: not 'Hôpital de Jour', not a person
            end = m.end("name")
            # (a capitalised word of the sentence after the name stops it: 'de Kati Le patient')
            out.append((m.start("head"), end, self.tag))
        return out

    def _workplace_brackets(self, ctx: Context) -> list[Candidate]:
        """'usine (X Y)', 'à son compte (X Toitures, Vitré)' (see _BRACKET_WORKPLACES)."""
        out: list[Candidate] = []
        toks, lk, n, bare = ctx.tokens, ctx.lookups, len(ctx.tokens), ctx.bare
        for k in ctx.indices(_BRACKET_WORKPLACES, bare=True):
            b = k + 1
            if b < n and toks[b].kind == "word" and toks[b].text.islower() and bare[b] not in lk.function_words and (
                    b + 1 < n and toks[b + 1].text == "("):
                b += 1  # ('plateforme citoyenne (X)')
            if k > 0 and toks[k - 1].text == "(" and b < n and toks[b].text == ",":
                pass  # ('(volleyball, X Volley)': the activity, then its club)
            elif b >= n or toks[b].text != "(" or not toks[k].text[:1].islower() or b + 1 >= n:
                continue
            j = b + 1
            if not ctx.joined(j) or toks[j].kind != "word" or not toks[j].text[:1].isupper():
                continue
            f = bare[j]
            if f in _TITLES or f in lk.medical or f in _WORK_WORDS or (
                    f in _SERVICE_KINDS or f in _KIND_ACRONYMS and toks[j].text != "AS" or f in _ROLE_ACRONYMS):
                continue  # ('AS' is an 'association sportive' there: 'AS X Volley')
            end = self._name_words(ctx, j)
            if end - j == 1 and (f in lk.stopwords and not toks[j].text.isupper() or f in self.not_names):
                continue  # one ordinary word with its capital ('(Voir)'); two or more capitalised words are a name
            if end == j or end >= n or toks[end].text not in (")", ",") or self._town(ctx, j) >= end - j:
                continue
            if f in lk.first_names and end - j >= 2 and (bare[j + 1] in lk.surnames or toks[j + 1].text.isupper()):
                continue  # a person ('(Marie Dupont)')
            if end - j == 1 and (f in lk.first_names or f in lk.surnames) and not toks[j].text.isupper() and not (
                    any(c.isupper() for c in toks[j].text[1:])):
                continue  # one name word ('(Martin)'), unless an acronym or a brand written in camel case
            out.append((toks[j].start, toks[end - 1].end, self.tag))
        return out

    def _shelters(self, ctx: Context) -> list[Candidate]:
        """'accueil de jour Le Nomade', "centre d'hébergement d'urgence « Le Rabot »" (see _SHELTER). Not a town alone
        (the place annotators'), a title, a first name alone, a medical word."""
        out: list[Candidate] = []
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        for m in _SHELTER.finditer(ctx.text):
            j = bisect.bisect_left(ctx.starts, m.end())
            if j >= n or toks[j].start != m.end() or toks[j].kind != "word":
                continue
            f = ctx.bare[j]
            if f in _TITLES or f in lk.medical or f in _WORK_WORDS or f in self.not_names and f not in lk.stopwords:
                continue
            end = self._name_words(ctx, j)
            if end == j or self._town(ctx, j) >= end - j:
                continue
            if end - j == 1 and f in lk.first_names and f not in lk.surnames:
                continue  # ('accueil de jour Marie ...': a person)
            if m.group("quote"):
                out.append((toks[j].start, toks[end - 1].end, self.tag))
            else:
                out.append((m.start("head"), toks[end - 1].end, self.tag))
        return out

    def _org_fields(self, ctx: Context) -> list[Candidate]:
        """'Lieu de vie : Les Hirondelles', 'Établissement demandeur : X', 'Destination : X' (see _ORG_FIELD)."""
        toks, n, lk, bare = ctx.tokens, len(ctx.tokens), ctx.lookups, ctx.bare
        out: list[Candidate] = []
        for m in _ORG_FIELD.finditer(ctx.text):
            a = bisect.bisect_left(ctx.starts, m.end())
            if a >= n or toks[a].start != m.end() or toks[a].kind != "word":
                continue
            f = bare[a]
            if any(c.isdigit() for c in toks[a].text) or f in _SCHOOL_LEVELS or (
                    a + 1 < n and toks[a + 1].kind == "num" and toks[a + 1].start == toks[a].end):
                continue  # a class or a level ('École : CM2', 'Collège : 4e B', 'Lycée : Terminale'), no school's name
            if (f in _ANSWERS or f in _ORG_FIELD_NOT or f in _TITLES and f not in ("saint", "sainte", "st", "ste")
                    or f in _KIND_ACRONYMS or f in _SERVICE_KINDS or _SPECIALTY.search(f)):
                continue
            b = a
            while b < n and (b == a or ctx.joined(b) and ctx.gap(b) in ("", " ")) and toks[b].text not in _ORG_FIELD_STOP and (
                    b - a < 10 and not (toks[b].text == "-" and ctx.gap(b) == " ")):
                b += 1  # (two spaces or a tab part a form's columns: 'CH de X   Destination : Y')
            while b > a and (toks[b - 1].kind == "punct" or bare[b - 1] in _AFFILIATION_LINKS):
                b -= 1
            if b == a or any(toks[k].kind == "num" for k in range(a, b)) and toks[a].kind != "word":
                continue
            if self._town(ctx, a) >= b - a:
                continue  # a town alone is the place annotators'
            if b - a >= 2 and f in lk.first_names and toks[a + 1].text[:1].isupper() and (
                    bare[a + 1] in lk.surnames or self._unknown(ctx, a + 1)):
                continue  # a person ('Expéditeur : Marie Dupont')
            if b - a == 1 and (toks[a].text.isupper() and (f in clinical_abbreviations() or len(f) < 3) or (
                    f in _AFFILIATION_HEADS or f in _BODY_HEADS or f in _CARE_KIND_WORDS or f in lk.medical)):
                continue  # a kind alone ('Établissement : Hôpital'), a clinical abbreviation
            out.append((toks[a].start, toks[b - 1].end, self.tag))
        return out

    def _brands_before_towns(self, ctx: Context) -> list[Candidate]:
        """'Airbus Saint-Nazaire', 'BioClinica Lyon', 'SNSM Ouessant': a capitalised word that no list knows (no
        French, medical or drug word, name, title or town), glued to a known town after it, is the firm or the body
        whose branch the town names; the word alone is tagged (the town keeps its own span, where the writers
        disagree on joining it: orgn27)."""
        out: list[Candidate] = []
        toks, n = ctx.tokens, len(ctx.tokens)
        for i in ctx.caps:
            if i + 1 >= n or not ctx.joined(i + 1) or toks[i + 1].kind != "word" or not toks[i + 1].text[:1].isupper():
                continue
            if (len(ctx.bare[i]) < 3 or len(ctx.folded[i]) != len(ctx.bare[i]) or ctx.bare[i] in _NO_BRAND
                    or _ROMAN_NUMERAL.fullmatch(toks[i].text) or not self._unknown(ctx, i)):
                continue
            after = toks[i + 1].text
            if after.isupper() and len(after) <= 4:
                continue  # a short acronym after ('grade III AAST'), no town written in capitals
            if not self._town(ctx, i + 1) or self._person_around(ctx, i, i + 1) or self._name_next(ctx, i + 1):
                continue
            if i > 0 and ctx.joined(i) and toks[i - 1].kind == "word" and toks[i - 1].text[:1].isupper():
                continue  # inside a run of capitals ('Jean-Marc Dupont Lyon', a title line): no firm of its own
            if i > 0 and (toks[i - 1].kind == "num" or ctx.bare[i - 1] in _PLACE_NOUNS):
                continue  # a street, a hamlet or a district before its town ('rue Kerzu Brest', 'lieu-dit X Y')
            out.append(self._span(ctx, i, i + 1))
        return out

    def _span(self, ctx: Context, i: int, end: int) -> Candidate:
        start = ctx.tokens[i].start + (2 if len(ctx.folded[i]) != len(ctx.bare[i]) else 0)
        return (start, ctx.tokens[end - 1].end, self.tag)

    def annotate(self, ctx: Context) -> list[Candidate]:
        """Register names anywhere; then employer positions and clubs when their trigger fires."""
        lower = self._lower_case_hospitals(ctx)
        if not _MISSION_KEYS.isdisjoint(ctx.bare_set):
            lower += self._missions(ctx)
        if not _FORCE_KEYS.isdisjoint(ctx.bare_set) and not _FORCE_QUALIFIERS.isdisjoint(ctx.bare_set):
            # (written in lower case too: 'réquisition police nationale')
            lower += [(m.start(), m.end(), self.tag) for m in _FORCES.finditer(ctx.text)]
        if not ctx.caps and "chez" not in ctx.bare_set:  # (a note typed in lower case: 'chez onet')
            return lower
        out = self._anywhere(ctx) + lower
        if "(" in ctx.text and not _HOSPITAL_WORDS.isdisjoint(ctx.bare_set):
            out += self._bracketed_sites(ctx)
        if not _SPORT_CUES.isdisjoint(ctx.bare_set):  # ('hockeyeur au HC Fribourg-Gottéron': acronyms only there)
            out += self._clubs(ctx, ctx.indices(_SPORT_KEYS, bare=True), _SPORT_KEYS, _SPORT_ACRONYMS)
        if " L" in ctx.text and any(m.group(1).isupper() for m in _ARTICLE_GATE.finditer(ctx.text)):
            out += self._article_names(ctx)
        dashes = list(_DASH.finditer(ctx.text))  # (one scan for the letterheads and the header acronyms)
        if dashes:
            out += self._letterheads(ctx, dashes)
        if "|" in ctx.text:
            out += self._hl7(ctx)
        if not _MILITARY_HEADS.isdisjoint(ctx.bare_set) or "aérienne" in ctx.text:
            out += self._military(ctx)
        if "@" in ctx.text:
            out += self._at_names(ctx.text)
        if ctx.caps:
            out += self._brands_before_towns(ctx)
            if _LOCATED_GATE.search(ctx.text):
                out += self._located_acronyms(ctx)
            out += self._cued_acronyms(ctx)
            out += self._acronyms_of_places(ctx)
        if ("Saint" in ctx.text or "Notre-Dame" in ctx.text or "St" in ctx.text) and not (
                _SAINT_HOUSE_KEYS.isdisjoint(ctx.bare_set)) and _SAINT_HOUSE.search(ctx.text):
            out += self._saint_houses(ctx)
        if "(" in ctx.text:
            out += self._person_brackets(ctx)
            if ")" in ctx.text:
                out += self._defined_acronyms(ctx)
        if _CORPORATE_CLOSER.search(ctx.text):
            out += self._corporate_names(ctx)
        if not _INSURER_KEYS.isdisjoint(ctx.bare_set):
            out += self._insurer_fields(ctx)
        if not _PAYER_KEYS.isdisjoint(ctx.bare_set) and ":" in ctx.text:
            out += self._payer_fields(ctx)
        if not _VENDOR_KEYS.isdisjoint(ctx.bare_set) or "distance" in ctx.bare_set:
            out += self._suppliers(ctx)
        if not _INTERPRETER_KEYS.isdisjoint(ctx.bare_set):
            out += self._service_names(ctx, _INTERPRETER_KEYS, 5)
        if "reseau" in ctx.bare_set:
            out += self._service_names(ctx, _NETWORK_KEYS, 2)
        if dashes:
            out += self._header_acronyms(ctx, dashes)
        if ("Saint-" in ctx.text or "Sainte-" in ctx.text or "St-" in ctx.text or "Ste-" in ctx.text) and (
                not _SAINT_CARE.isdisjoint(ctx.bare_set)):
            out += self._saints_alone(ctx)
        if not _COURT_KEYS.isdisjoint(ctx.bare_set):
            out += self._courts(ctx)
        if not _AFFILIATION_KEYS.isdisjoint(ctx.bare_set):
            out += self._affiliations(ctx)
        if not _CARE_KIND_WORDS.isdisjoint(ctx.bare_set):
            out += self._care_kinds_named(ctx)
        if "(" in ctx.text and not _BRACKET_WORKPLACES.isdisjoint(ctx.bare_set):
            out += self._workplace_brackets(ctx)
        if "commissariat" in ctx.bare_set:
            out += [(m.start(), m.end(), self.tag) for m in _PRECINCT.finditer(ctx.text)]
        if ("Stade " in ctx.text or "Racing " in ctx.text or "Olympique " in ctx.text or "Sporting " in ctx.text
                or "Union sportive" in ctx.text):
            out += [(m.start(), m.end(), self.tag) for m in _STADE_CLUB.finditer(ctx.text)]
        if not _SHELTER_KEYS.isdisjoint(ctx.bare_set) or any(
                a in ctx.bare_set and b in ctx.bare_set for a, b in _SHELTER_PAIRS):
            out += self._shelters(ctx)
        if ":" in ctx.text and not _ORG_FIELD_KEYS.isdisjoint(ctx.bare_set):
            out += self._org_fields(ctx)
        if not _WARD_BEFORE_HOSPITAL.isdisjoint(ctx.bare_set) and not (
                ctx.lookups.hospital_names.by_first.keys().isdisjoint(ctx.bare_set)):
            out += self._ward_hospitals(ctx)
        if not _NAMED_KIND_KEYS.isdisjoint(ctx.bare_set):
            out += self._named_kinds(ctx)
        if not self._fragments(ctx).isdisjoint(ctx.bare_set) and self._broken_word(ctx):
            out += self._broken_heads(ctx)  # (a head's word whose pieces only spaces keep apart somewhere)
        text = ctx.text
        if ("Spital" in text or "klinik" in text or "ziekenhuis" in text or "kliniek" in text or "krankenhaus" in text
                or "spital" in text and _COMPOUND_GATE.search(text)):  # (substring tests first; 'hospitalisation' is none)
            out += self._compound_hospitals(ctx)
        linked = ctx.indices(self._link_heads, bare=True)
        if linked:
            out += self._linked_heads(ctx, linked)
        if not _CARE_LINKED_KEYS.isdisjoint(ctx.bare_set) and any(p in ctx.text for p in _CARE_LINKED_TAILS):
            out += self._care_linked(ctx)
        kinds = ctx.indices(_CARE_KINDS, bare=True)
        if kinds:
            out += self._kind_names(ctx, kinds)
        bodies = ctx.indices(_BODY_HEADS | _CAPITAL_CARE_HEADS, bare=True)
        if bodies:
            out += self._capital_bodies(ctx, bodies)
        bare = ctx.bare
        if self._trigger_words.isdisjoint(bare):
            return out
        trigger = self._trigger_words
        hits = ctx.indices(trigger, bare=True)
        found = self._employer_positions(ctx, hits)
        if found:  # an employer's longer form replaces the bare register name it starts with ('Bouygues Bâtiment')
            starts = {c[0] for c in found}
            out = [c for c in out if c[0] not in starts] + found
        out += self._clubs(ctx, hits)
        out += self._sites(ctx, hits)
        out += self._practices(ctx, hits)
        out += self._legal_forms(ctx, hits)
        return out

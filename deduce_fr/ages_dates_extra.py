"""Ages and dates the core annotators (``AgeAnnotator``, ``DateAnnotator``) leave out, added as two
extra annotators whose spans the overlap resolution merges with theirs (longest span wins).

Ages (``AgeExtraAnnotator``):

- an age written right after a name, as headers and telegraphic notes do ('Rayan 4 ans - pronation',
  'KONATE Mamadou 56 ans', 'mr belkacem abdelkader 71 ans pour avis', 'Claes Noah - 6 sem.'): the word
  before the number must look like a name (a known first name or surname, or a word that is neither
  a French word nor a medical term), so 'diabète 10 ans', 'tabagisme 30 ans' (durations) stay;
- an age announced by a verb of having ('qui a eu 96 ans', 'fêtera ses 80 ans', 'aura 7 ans');
- any 'N ans' with N >= 90 (a rare, hence identifying age: HIPAA's rule), in any case ('AGE : 91 ANS'),
  unless a duration cue precedes it.

Dates (``DateExtraAnnotator``):

- a day and month without a year ('17/02', 'mardi 14/04', '15/08 23h30'), two digits each, gated
  against blood pressures, scores and ratios ('TA 12/08', 'PA 140/90', 'EVA 03/10', 'AV 10/10');
- the first day of a range ('nuit du 14 au 15/01', 'les 3 et 4 mars') and a hyphenated range
  ('week-end du 20-21 juin');
- a birth date with a two-digit year after a month name ('né le 14 février 66');
- a season or feast with a year ("l'été 2025", 'hiver 2024', 'Noël 2023');
- a month name in a date role ('en janvier', 'au mois de mars', 'début avril', 'depuis février'),
  lower case or after a cue only, so the surnames Janvier, Mars, Avril ('Patient : Bruno Janvier') stay;
- (a full date followed by its time, '05/02/2026 23:50', was once joined into one DATE span here, when the
  phone pattern read it as a number; the phone annotator now refuses a date-led match and every writer,
  ours included, tags the date alone: 42 such dates on the independent dev halves, none with its time.)

Each annotator runs one compiled regular expression over the text (no per-token list scans).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deduce_fr.annotators import _CLASS_BEFORE, Annotator, Context
from deduce_fr.lookups import fold
from deduce_fr.numbers_fr import is_number_word, longest_number_at, longest_number_before, parse_number
from deduce_fr.tokenizer import tokenize

Candidate = tuple[int, int, str]

# ---------------------------------------------------------------- ages
_AGE_UNIT = r"(?:ans|an|mois|semaines|semaine|sem\.|sem)"
# one digit-led scan for every numeric age form: a unit ('56 ans', '6 sem.', '3 ans 10 mois'), a Dutch/German/
# English age ('45-jarige', '72 Jahre alt', 'van 45 jaar'), or 'a' after a sex ('H 45 a - trauma')
_AGE_EXTRA_RE = re.compile(
    r"(?P<n>\d(?<![\w.,/+\-]\d)\d{0,2})(?:"
    r"\s*(?P<u>" + _AGE_UNIT + r")(?!\w)(?P<more>\s*(?:et\s+)?(?:\d{1,2}\s*mois(?!\w)|demi(?!\w)|1/2|½))?"
    r"|(?P<foreign>\s+taona|[\- ]?jarige|[\- ]?j[äa]hrige[rnms]?|\s+(?:jaar|jahre|years?)\s+(?:oud|alt|old)|\s?y/?o|[\- ](?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[\- ]old|(?P<jaar>\s+jaar))(?!\w)"
    r"|(?P<sexa>\s?a)(?=\s*(?:[\-–,;:)/(]|\.(?!\w)|$)))",
    re.IGNORECASE | re.MULTILINE,
)
# an age's unit in capitals ('45 ANS', 'H 45 A', '3 MOIS'): the core annotator reads lower case only
_CAPS_UNIT = re.compile(r"\d\s*(?:ANS|AN|MOIS|SEMAINES|SEM|JOURS|A)(?![\w])")
# a sex before an age in 'a' in telegraphic notes ('H 45 a - trauma', 'F, 72 a')
# sex/age in telegraphic notes: 'F/45', 'H/72 ans'
# (led by the slash, a literal the engine skips to, and the sex read behind it; group 1 is the age)
_SEX_SLASH_AGE = re.compile(r"/(?<=[HF]/)(?<![\w/][HF]/)(\d{1,3}(?:\s?(?:ans|a)(?!\w))?)(?![\w/]|[.,]\d)")
# age/sex the other way round: '72/M', '45 ans/F' (after an 'âge' cue: 'Age/sexe : 72/M')
# the sex glued to an age in years in short, in notes: 'urg - F64a - chute', 'h35a' (never a TNM stage: T/N/M)
# (two digits or three, 'a' glued, then a separator or the line's end: 'stade F2a', 'F12 a augmenté' stay)
# (one scan per letter: each led by a literal the engine skips to, four of them cost a third of one class-led scan)
_SEX_GLUED_AGES = tuple(re.compile(c + r"(?<![\w]" + c + r")(\d{2,3}a)(?=[ \t]*(?:[\-–—,;:)/(]|$))", re.MULTILINE)
                        for c in "HFhf")
# what every _AGE_SLASH_SEX match holds (a literal-led scan, to skip the digit-led one on most texts)
_SLASH_SEX = re.compile(r"/\s?[MFH](?![\w/])")
_AGE_SLASH_SEX = re.compile(r"(\d(?<![\w/.,]\d)\d{0,2}(?:\s?(?:ans|a)(?!\w))?)\s?/\s?[MFH](?![\w/])")
_BRACKET_SEX_AGE = re.compile(r"\((?<![\w(]\()[HFM][ \t]?[/,]?[ \t]?(?P<age>(?P<n>\d{1,3})(?:[ \t]?(?:ans|a))?)\)")
# a form's age label before 'N a' ('Âge : 67 a', 'AGE 67 A', 'âge: 8 a'): the core annotator's field rule stops at the 'a'
_AGE_LABEL_BEFORE = re.compile(r"(?<!\w)[âaÂA][gG][eE][ \t]*[:=]?[ \t]*$")
_SEX_BEFORE = re.compile(r"(?<![\w.])[HFhf]\s?,?\s?$")
# ages of 90 or more in words ('quatre-vingt-douze ans', 'nonante-trois ans', 'cent ans'): identifying alone
_OLD_AGE_WORDS_RE = re.compile(
    r"(?<!\w)(?:quatre[\- ]vingts?[\- ](?:dix(?:[\- ](?:sept|huit|neuf))?|onze|douze|treize|quatorze|quinze|seize)"
    r"|nonante(?:[\- ](?:et[\- ]un|deux|trois|quatre|cinq|six|sept|huit|neuf))?"
    r"|cent(?:[\- ](?:et[\- ]un|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix))?)\s+ans(?!\w)",
    re.IGNORECASE,
)
# words after which 'N ans' is a duration or an interval, not an age
_DURATION_BEFORE = frozenset({
    "depuis", "pendant", "durant", "dans", "en", "pour", "sur", "apres", "avant", "de", "des", "d", "voici", "fait",
    "plus", "moins", "environ", "pres", "tous", "toutes", "chaque", "par", "les", "ces", "ses", "derniers",
    "dernieres", "quelques", "jusqu", "jusque", "entre", "ou", "et", "a", "au", "x", "j", "recul", "suivi",
    "evolution", "delai", "intervalle", "duree", "ya", "y", "il", "mise", "sous", "traitement",
    "dix", "vingt", "cent", "mille", "un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "le", "la", "l", "du", "ans", "an", "mois", "semaines", "sem", "jours", "plusieurs",
    "controle", "revu", "revue", "vu", "vue", "bilan", "tabac", "tabagisme", "sevrage", "arret", "stop", "ttt",
})
# dictated punctuation, read through ('stéphanie virgule 46 ans virgule')
# a title and an initial right before an age ('Mr D. 63 ans', 'Mme K., 8 mois')
_TITLE_INITIAL_BEFORE = re.compile(r"(?<![\w.])(?:M|Mr|MR|Mme|MME|Mlle|MLLE|Monsieur|Madame|Mademoiselle|Pt|Pte"
                                   r"|mr|mme|mlle|monsieur|madame)\.?\s+(?:[A-Z]|(?<=[a-z] )[a-z])\.\s*,?\s*$")
_DICTATED_PUNCTUATION = frozenset({"virgule", "point", "tiret", "slash"})
_TITLES = frozenset({"m", "mme", "mr", "mlle", "monsieur", "madame", "mademoiselle", "pt", "pte", "enfant", "bebe"})
# capitalised particles of surnames: the name goes on before them ('Mme Le Goff 52 ans', 'M. Van Dam 40 ans')
_PARTICLES = frozenset({"le", "la", "de", "du", "des", "van", "von", "da", "di", "el", "ben", "ter", "ten", "vande",
                        "vanden", "vander", "den", "der", "dos", "das", "mac", "o", "al"})
# relatives and people named by what they do, whose age follows ('son fils de 12 ans', 'un motard de 22 ans')
_PERSON_NOUNS = frozenset({
    "fils", "frere", "soeur", "mere", "pere", "mari", "epoux", "epouse", "conjoint", "conjointe", "compagnon",
    "compagne", "ami", "amie", "copain", "copine", "neveu", "niece", "cousin", "cousine", "oncle", "tante",
    "grand-mere", "grand-pere", "petit-fils", "petite-fille", "maman", "papa", "jumeau", "jumelle", "voisin",
    "voisine", "beau-pere", "belle-mere", "beau-frere", "belle-soeur", "gendre", "belle-fille", "veuf", "veuve",
    "victime", "motard", "cycliste", "pieton", "pietonne", "conducteur", "conductrice", "passager", "passagere",
    "joueur", "joueuse", "footballeur", "rugbyman", "nageur", "nageuse", "coureur", "coureuse", "cavaliere",
    "cavalier", "militaire", "pompier", "policier", "policiere", "agriculteur", "agricultrice", "infirmier",
    "infirmiere", "menuisier", "macon", "couvreur", "chauffeur", "livreur", "livreuse", "pensionnaire",
    "gamin", "gamine", "bambin", "fillette", "garconnet", "jeune", "individu", "sujet", "personne", "mineur",
    "mineure", "detenu", "detenue", "migrant", "migrante", "resident", "residente", "hebergee", "heberge",
    "jumeaux", "jumelles", "triples", "enfants", "filles", "garcons",
    # fold keeps the ligature: 'sœur' stays 'sœur' (the word before is read without its hyphenated head)
    "sœur", "demi-frere", "demi-soeur", "beau-fils", "bru", "aine", "ainee", "cadet", "cadette", "benjamin",
    "benjamine", "fiance", "fiancee", "concubin", "concubine", "partenaire", "parrain", "marraine", "filleul",
    "filleule", "colocataire", "collegue", "arriere-petit-fils", "arriere-petite-fille",
    # grandparents as families write them in messages ('mamie 89 ans est tombée')
    "mamie", "mamy", "mamies", "papi", "papy", "papys", "pepere", "memere", "grand-maman", "grand-papa", "bonne-maman",
    "bon-papa",
    # people at the margins of care ('un chibani de 74 ans', 'un réfugié de 19 ans', 'le prévenu de 23 ans')
    "chibani", "chibanis", "refugie", "refugiee", "exile", "exilee", "requerant", "requerante", "prevenu", "prevenue",
    "soldat", "legionnaire", "recrue", "sans-abri",
})
# a declared age, as people without papers give it ('déclare 17 ans', 'dit avoir 29 ans', 'affirme avoir 16 ans'): the
# verb of saying, or 'avoir' after one
# an estimated age set apart by commas or brackets: 'environ' right after ',' or '(' and the age closed by ',', ')', ';'
# or a line end ('depuis environ 10 ans', 'il y a environ 2 ans' keep their duration word before 'environ')
_APPOSITION_BEFORE = re.compile(r"[,(][ \t]*$")
_APPOSITION_AFTER = re.compile(r"[ \t]*(?:[,);]|\.(?![\w.])|$)", re.MULTILINE)  # '..., environ 30 ans.' too
_DECLARING_VERBS = frozenset({"declare", "declaree", "declarant", "dit", "affirme", "pretend", "indique", "assure",
                              "estime", "pense", "croit"})
# the patient's own nouns, before one adjective and 'de' and an age in years ('patiente peule de 54 ans')
_PATIENT_NOUNS = frozenset({"patient", "patiente", "homme", "femme", "dame", "monsieur", "madame", "enfant", "garcon",
                            "fille", "adolescent", "adolescente", "nourrisson", "bebe", "senior", "retraite", "retraitee"})
# participles and words of state after a patient noun whose 'de' starts no age ('suivie de', 'enceinte de', 'connu de')
_NOT_AGE_ADJECTIVES = frozenset({"suivi", "suivie", "connu", "connue", "enceinte", "sevre", "sevree", "traite", "traitee",
                                 "vu", "vue", "revu", "revue", "opere", "operee", "hospitalise", "hospitalisee", "porteur",
                                 "porteuse", "atteint", "atteinte", "victime", "accompagne", "accompagnee", "adresse",
                                 "adressee", "issu", "issue", "agee", "age", "ages", "agees"})
_UNIT_AFTER = re.compile(r"\s*\d{1,3}\s*(?:ans|an)(?!\w)")
# person words of the Dutch and German texts before a foreign age unit ('Patiënt, 14 jaar', 'Frau, 67 Jahre')
_FOREIGN_PERSON_NOUNS = frozenset({"patient", "patiente", "patientin", "man", "vrouw", "heer", "mevrouw", "meneer",
                                   "kind", "meisje", "jongen", "frau", "herr", "mann", "junge", "madchen", "dame",
                                   # French and English person words in bilingual notes ('Homme 64y, fumeur')
                                   "homme", "femme", "male", "female", "woman", "boy", "girl"})
# an age's own label before a foreign unit ('Leeftijd / âge : 39 jaar', 'Alter: 67 Jahre', 'age: 19 y')
_FOREIGN_AGE_LABELS = frozenset({"age", "leeftijd", "alter", "edad", "eta"})
# ... and the words of a duration before it ('seit 3 Jahre', 'sinds 2 jaar'): never an age
_FOREIGN_DURATION_BEFORE = frozenset({"seit", "vor", "nach", "fur", "wahrend", "ab", "sinds", "na", "voor", "gedurende",
                                      "binnen", "over", "since", "for", "after", "ago", "in", "alle", "elke", "jede"})
# ... or after it ('3 dagen na de val', '2 Tage nach dem Sturz', '5 days after surgery', '3 weken geleden')
_FOREIGN_DELAY_AFTER = re.compile(r"[ \t]+(?:na|nach|after|later|geleden|ago|post|apr[eè]s|plus[ \t]+tard|daarna|danach)"
                                  r"(?!\w)", re.IGNORECASE)
# an age field of a delimited export ('AGE;70;ANS', 'Age|70', 'age=70'), read on the folded text
_FIELD_AGE = re.compile(r"age(?:(?<!\wage)|(?<=patientage)|(?<=patient_age)|(?<=patient age))"  # literal-led
                        r"(?:\s*\(ans\))?[ \t]*[|;\t=][ \t]*(?P<age>\d{1,3}(?:[ \t]*(?:ans|a)(?!\w))?)"
                        r"(?![\w]|[.,]\d)")
# a table's age column: its header cell, and the value of a cell under it
_AGE_HEADERS = frozenset({"age", "age (ans)", "age ans", "ages", "age (a)", "ans"})
_AGE_CELL = re.compile(r"\d{1,3}(?:[ \t]?(?:ans|an|a|[AJMY]))?")
# verbs of having an age: 'qui a eu 96 ans', 'aura 7 ans', 'fête ses 80 ans' (ses is handled with fete)
# ('j'ai 82 ans' in a patient's own letter: 'ai' is read after its 'j'' only, see annotate)
_AGE_VERBS = frozenset({"eu", "aura", "avait", "fete", "fetera", "fetait", "atteint", "vient", "ai", "aurait", "aurais"})
# what follows a duration: '6 semaines post-PTG', '2 ans de recul', '3 ans après', '2 ans plus tard'
_DURATION_AFTER = re.compile(r"\s*(?:post|apres|plus\s+tard|auparavant|avant|de\s|d['’]|plus\s+tot|ago|pa\b)",
                             re.IGNORECASE)
# ... but 'de' then where the person lives or comes from follows an age, not a duration ('Mr X 95 ans de l'EHPAD
# Les Tilleuls', 'Mme Y 88 ans de la résidence', '40 ans d'origine malienne'); the name-glued checks below still apply
_AGE_THEN_HOME = re.compile(r"\s*(?:de\s+(?:l['’]\s*|la\s+|le\s+)?|d['’]\s*)(?:(?-i:[A-ZÉÈÎ])|(?:ehpad|r[ée]sidence|maison"
                            r"|foyer|home|chambre|origine|nationalit[ée]|service|unit[ée])(?!\w))", re.IGNORECASE)
# an age after the English 'aged' ('aged 72', 'aged 3 months'), in teaching files and foreign patients' letters
_ENGLISH_AGED = re.compile(r"(?<![\w])aged\s+(\d{1,3}(?:\s+(?:years?|months?|weeks?|days?)(?:\s+old)?)?)(?![\w]|[.,]\d)",
                           re.IGNORECASE)
# an age bound of a population, open on one side ('les femmes âgées de 50 ans et plus', '65 ans ou plus', '18 ans et +'):
# a criterion of a screening programme or a registry, no one's age
_OPEN_BOUND_AFTER = re.compile(r"[ \t]*(?:et|ou)[ \t]+(?:plus|moins|au[\- ]del[àa]|\+)(?!\w)"
                               r"(?![ \t]*(?:de|d['’]|des|du|que|qu['’]|rien|jamais|personne|\d)(?!\w))", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)['’]?(\s*(?:[\-–,:]\s*)?)$")
_TAIL_PUNCTUATION = frozenset("-–,:")


def _word_before(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text, lo, hi)``, the same match, without its cost: a search tries the pattern
    at every offset of the window (each try runs over a word and fails at its end), while the match can
    only start at the letter run right before the window's tail (blanks, one of '-–,:', an apostrophe),
    which a walk back from ``hi`` finds; the pattern then runs once, there."""
    k = hi
    while k > lo and text[k - 1].isspace():
        k -= 1
    if k > lo and text[k - 1] in _TAIL_PUNCTUATION:
        k -= 1
        while k > lo and text[k - 1].isspace():
            k -= 1
    if k > lo and text[k - 1] in "'’":
        k -= 1
    end = k
    while k > lo and text[k - 1].isalnum() and not text[k - 1].isdecimal():
        k -= 1
    if k == end:
        return None
    return _WORD_BEFORE.match(text, k, hi) or _WORD_BEFORE.search(text, lo, hi)


# an age at an operation or a life event, in the surgical history of a child ('opéré à 18 mois', 'chéiloplastie à 6
# mois', 'adoptée à 2 ans'): a participle of the event or a surgical act's noun right before 'à N mois/ans'; an
# interval after something ('à 3 mois de la fracture', 'contrôle de l'ostéotomie à 6 mois') is no age. On the folded text
_AT_AGE_WORDS = frozenset({"opere", "operee", "operes", "operees", "implante", "implantee", "greffe", "greffee",
                           "diagnostique", "diagnostiquee", "adopte", "adoptee", "appareille", "appareillee"})
_AGE_AT_OPERATION = re.compile(
    r"(?<![\w])(?:operee?s?|implantee?|greffee?|diagnostiquee?|adoptee?|appareillee?|[a-z]{3,}(?:plastie|tomie))"
    r"[ \t]+a[ \t]+(?P<age>(?:[1-9]\d?)[ \t]+(?:mois|ans))(?![\w])(?![ \t]+(?:de|d['’]|du|des|apres|post|plus)(?!\w))")
# ... unless a follow-up's word comes before it in the clause ('contrôle de la ligamentoplastie à 6 mois')
_FOLLOW_UP_BEFORE = re.compile(r"(?<![\w])(?:controle|revoir|revu|revue|suivi|bilan|reevaluation|rx|radio|radiographie|"
                               r"irm|scanner|ablation|reprise|consultation|rdv|rendez-vous)(?![\w])[^.;\n]*$")


class AgeExtraAnnotator(Annotator):
    """Ages after a name ('KONATE Mamadou 56 ans'), after a verb of having ('qui a eu 96 ans'), and
    every age of 90 or more; durations ('depuis 3 ans', 'recul de 2 ans', 'diabète 10 ans') stay."""

    def __init__(self, tag: str, min_identifying_age: int = 90, caps_view_annotator: str = "ages",
                 config: str | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.min_identifying_age = min_identifying_age
        self.caps_view_annotator = caps_view_annotator  # the core age annotator's name, run on upper-case text
        self.config = config
        self._core: Annotator | None = None

    def _core_annotator(self) -> Annotator | None:
        """The core age annotator as the config declares it (its cues), built once on first use."""
        if self._core is None and self.caps_view_annotator:
            import yaml

            from deduce_fr.annotators import ANNOTATOR_TYPES

            path = Path(self.config) if self.config else Path(__file__).resolve().parent / "config.yaml"
            specs = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("annotators", [])
            spec = dict(next((s for s in specs if s.get("name") == self.caps_view_annotator), {}))
            kind = spec.pop("type", None)
            if kind is not None and kind in ANNOTATOR_TYPES and spec.pop("enabled", True) is not False:
                self._core = ANNOTATOR_TYPES[kind](**spec)
        return self._core

    def _caps_ages(self, ctx: Context) -> list[Candidate]:
        """Ages typed in capitals ('PATIENTE DE 45 ANS', 'H 45 A', 'ENFANT DE 3 MOIS'): the core age
        annotator reads lower-case units only, so it runs on a lower-cased view of the text (same
        offsets), and its spans with a capital unit are kept."""
        core = self._core_annotator()
        if core is None:
            return []
        text = ctx.text
        view = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        vctx = Context(text=view, tokens=tokenize(view), lookups=ctx.lookups, patient=ctx.patient)
        return [(s, e, self.tag) for s, e, _ in core.annotate(vctx) if _CAPS_UNIT.search(text, s, e)]

    @staticmethod
    def _after_person_noun(text: str, before: re.Match[str], prev: str) -> bool:
        """A relative or a person noun, then 'de' or nothing: 'sa mère de 90 ans', 'son mari 82 ans',
        'une cycliste âgée de 30 ans' (the core annotator's cues are the patient's own words)."""
        if prev in _PERSON_NOUNS:
            return before.group(2).strip() == ""
        if prev not in ("de", "d"):
            return False
        head = _word_before(text, max(0, before.start(1) - 40), before.start(1))
        if head and fold(head.group(1)) in ("age", "agee", "ages", "agees"):
            head = _word_before(text, max(0, head.start(1) - 40), head.start(1))
        if head and not head.group(2).strip() and fold(head.group(1)) in _PERSON_NOUNS:
            return True
        # one adjective between a patient noun and 'de', years only: 'patiente peule de 54 ans', 'patient diabétique de
        # 67 ans' ('patiente enceinte de 3 mois', 'patient suivi de longue date' stay: a pregnancy, a follow-up)
        if not head or head.group(2).strip() or not head.group(1).islower() or fold(head.group(1)) in _NOT_AGE_ADJECTIVES:
            return False
        unit = _UNIT_AFTER.match(text, before.end())
        noun = _word_before(text, max(0, head.start(1) - 40), head.start(1))
        return bool(unit) and bool(noun) and not noun.group(2).strip() and fold(noun.group(1)) in _PATIENT_NOUNS

    @staticmethod
    def _after_a_name(text: str, start: int, lookups: Any) -> bool:
        """The number at ``start`` is glued to a name: 'Dupont Jean 45 a' (not 'PTH 1 a')."""
        before = _word_before(text, max(0, start - 40), start)
        if not before or before.group(2).strip() or "\n" in before.group(2) or len(before.group(1)) < 2:
            return False
        word, prev = before.group(1), fold(before.group(1))
        if prev in _DURATION_BEFORE:
            return False
        return lookups.is_name_like(word) or (prev not in lookups.medical and prev not in lookups.function_words
                                              and _after_name_or_title(text, before.start(1), lookups))

    @staticmethod
    def _after_a_header_name(text: str, start: int, lookups: Any) -> bool:
        """'N a' after a dash or a comma that follows a name, as request headers are laid out ('RX GENOU -
        LEROY PAUL - 42 A', 'martin julie, 27 a', 'MOULIN LAURENT / 63 a'): the name is a known one, or a word in capitals that is no
        medical word ('RX THORAX - 2 A' stays)."""
        k = start
        while k > 0 and text[k - 1] in " \t":
            k -= 1
        if k > 1 and text[k - 1] == "/" and text[k - 2] in " \t":  # (the word walk-back reads '-–,:' only)
            before = _word_before(text, max(0, k - 41), k - 1)
            if not before or before.group(2).strip() or "\n" in before.group(2):
                return False
        else:
            before = _word_before(text, max(0, start - 40), start)
            if not before or before.group(2).strip() not in ("-", "–", ",") or "\n" in before.group(2):
                return False
        word = before.group(1)
        if len(word) < 2 or fold(word) in lookups.medical or fold(word) in lookups.function_words:
            return False
        return lookups.is_name_like(word) or word.isupper() and _after_name_or_title(text, before.start(1), lookups)

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text, lookups = ctx.text, ctx.lookups
        out.extend((m.start(1), m.end(), self.tag) for m in _SEX_SLASH_AGE.finditer(text))
        if "(" in text:  # a sex and an age in brackets after a name: 'Jean Dupont (M/45)', 'DIAZ Ana (F 45)'
            for m in _BRACKET_SEX_AGE.finditer(text):
                head = _word_before(text, max(0, m.start() - 40), m.start())
                if head and not head.group(2).strip() and 1 <= int(m.group("n")) <= 110 and (
                        lookups.is_name_like(head.group(1)) or head.group(1).isupper() and len(head.group(1)) > 2
                        and fold(head.group(1)) not in lookups.medical):
                    out.append((m.start("age"), m.end("age"), self.tag))
        out.extend(sorted((m.start(1), m.end(), self.tag) for p in _SEX_GLUED_AGES for m in p.finditer(text)))
        if "age" in ctx.folded_text and _SLASH_SEX.search(text):
            out.extend((m.start(1), m.end(1), self.tag) for m in _AGE_SLASH_SEX.finditer(text)
                       if "age" in ctx.folded_text[max(0, m.start() - 20) : m.start()])
        caps = False
        digit_starts = _all_starts(_DIGIT_AGE_START, text)
        for m in prefiltered_finditer(_AGE_EXTRA_RE, text, digit_starts):
            start, end = m.start(), m.end()
            if m.group("u") is None:
                if m.group("sexa") is not None:
                    caps = caps or m.group("sexa")[-1] == "A"
                    if _CLASS_BEFORE.search(ctx.folded_text, max(0, start - 20), start):
                        continue  # 'stade 2A,', 'Lenke 1A.': a class, not an age
                    if _SEX_BEFORE.search(text, max(0, start - 4), start) or self._after_a_name(text, start, lookups) or (
                            self._after_a_header_name(text, start, lookups)) or (
                            _AGE_LABEL_BEFORE.search(text, max(0, start - 12), start)):
                        out.append((start, end, self.tag))  # 'H 45 a - trauma', 'Dupont Jean 45 a', 'X Y - 45 A'

                elif m.group("jaar") is None or text[max(0, start - 4) : start].lower() == "van ":
                    out.append((start, end, self.tag))  # 'jaar' alone after 'van' only: 'man van 45 jaar'
                continue
            n, unit = int(m.group("n")), fold(m.group("u"))
            caps = caps or m.group("u").isupper()
            before = _word_before(text, max(0, start - 40), start)
            while before and fold(before.group(1)) in _DICTATED_PUNCTUATION:  # 'stéphanie virgule 46 ans'
                before = _word_before(text, max(0, before.start() - 40), before.start())
            prev = fold(before.group(1)) if before else ""
            glued = bool(before) and before.group(2).strip() == ""  # 'Rayan 4 ans', not 'Rayan - 4 ans'
            if prev == "ses" and before and _ses_after_verb(text, before.start(1)):
                out.append((start, end, self.tag))  # 'fête ses 80 ans'
                continue
            if before and self._after_person_noun(text, before, prev):
                out.append((start, end, self.tag))  # 'son fils de 12 ans', 'un motard de 22 ans'
                continue
            if prev == "environ" and unit in ("ans", "an") and before.group(2) == " " and fold((_word_before(
                    text, max(0, before.start(1) - 30), before.start(1)) or before).group(1)) in ("aurait", "aurais", "avait"):
                out.append((start, end, self.tag))  # 'il aurait environ 16 ans' (an age he is said to have)
                continue
            if prev == "environ" and unit in ("ans", "an") and _APPOSITION_BEFORE.search(
                    text, max(0, before.start(1) - 3), before.start(1)) and _APPOSITION_AFTER.match(text, end) and not (
                    _apposed_to_a_thing(text, before.start(1), lookups)):
                out.append((start, end, self.tag))  # 'homme inconnu, environ 60 ans, trouvé' (an estimate set apart)
                continue
            if prev in _DURATION_BEFORE and not (prev == "a" and n >= self.min_identifying_age):
                continue
            if _DURATION_AFTER.match(text, end) and not _AGE_THEN_HOME.match(text, end):
                continue
            if unit in ("ans", "an") and n >= self.min_identifying_age and n <= 125:
                out.append((start, end, self.tag))
                continue
            if n <= 125 and _TITLE_INITIAL_BEFORE.search(text, max(0, start - 24), start):
                out.append((start, end, self.tag))  # 'Mr D. 63 ans': a name reduced to its initial
                continue
            if not before or n > 125:
                continue
            if unit in ("ans", "an") and (prev in ("declare", "declaree", "declarant") or prev == "avoir" and fold(
                    (_word_before(text, max(0, before.start(1) - 30), before.start(1)) or before).group(1)) in _DECLARING_VERBS):
                out.append((start, end, self.tag))  # 'déclare 17 ans', 'dit avoir 29 ans'
                continue
            if prev in _AGE_VERBS and (prev != "ai" or text[max(0, before.start(1) - 2) : before.start(1)].lower() in (
                    "j'", "j’")):
                out.append((start, end, self.tag))
                continue
            word = before.group(1)
            if len(word) < 2 or "\n" in before.group(2):
                continue
            if not glued and unit not in ("sem.", "sem", "semaines", "semaine", "mois"):
                # 'X, 45 ans' and 'X - 45 ans' are the core annotator's (its cue is the punctuation); a colon, a
                # comma with no space after it ('ÇELIK Aylin : 26 ans', 'Çelik Aylin,26 ans') only after a name: a
                # known one, or a capitalised word no list knows after a name or a title
                sep = before.group(2)
                if not (sep.strip() == ":" or sep == ",") or not (lookups.is_name_like(word) or (
                        word[0].isupper() and len(word) > 2 and prev not in lookups.medical
                        and not lookups.is_common(word) and _after_name_or_title(text, before.start(1), lookups))):
                    continue
                out.append((start, end, self.tag))
                continue
            if lookups.is_name_like(word) or (
                    prev not in lookups.medical and prev not in lookups.function_words
                    and not (word.islower() and lookups.is_common(word))  # 'ITT prévue 4 semaines': a duration
                    and _after_name_or_title(text, before.start(1), lookups)):
                out.append((start, end, self.tag))
        if caps or ("JOURS" in text and _CAPS_UNIT.search(text)):
            out.extend(self._caps_ages(ctx))
        out.extend(self._loose_ages(ctx, caps, digit_starts))
        ft = ctx.folded_text
        if "age" in ft and ("|" in text or ";" in text or "\t" in text):
            out.extend(self._age_column(text, ft))
        if "age" in ft and ("|" in text or ";" in text or "\t" in text or "=" in text):
            for m in _FIELD_AGE.finditer(ft):
                if int(re.match(r"\d+", ft[m.start("age") :]).group()) <= 125:  # type: ignore[union-attr]
                    out.append((m.start("age"), m.end("age"), self.tag))
        if "aged" in ft:
            out.extend((m.start(1), m.end(1), self.tag) for m in _ENGLISH_AGED.finditer(text) if int(m.group(1)[:3].split()[0]) <= 125)
        if "anniv" in ft:  # a birthday says the age: 'anniv. 33 ans !', "fête son anniversaire : 80 ans"
            out.extend((m.start("age"), m.end("age"), self.tag) for m in _BIRTHDAY_AGE.finditer(ft))
        if "ans" in ft and ("quatre-vingt" in ft or "quatre vingt" in ft or "nonante" in ft or " cent " in ft
                            or " cent-" in ft):
            for m in _OLD_AGE_WORDS_RE.finditer(text):
                before = _word_before(text, max(0, m.start() - 40), m.start())
                if not (before and fold(before.group(1)) in _DURATION_BEFORE - {"a", "de", "ses", "les", "d"}):
                    out.append((m.start(), m.end(), self.tag))
        if " a " in ft and not _AT_AGE_WORDS.isdisjoint(ctx.folded_set) or "plastie a " in ft or "tomie a " in ft:
            for m in _AGE_AT_OPERATION.finditer(ft):
                line = ft.rfind("\n", 0, m.start()) + 1
                if not _FOLLOW_UP_BEFORE.search(ft, max(line, m.start() - 40), m.start()):
                    out.append((m.start("age"), m.end("age"), self.tag))
        if "plus" in ctx.folded_set or "moins" in ctx.folded_set or "dela" in ctx.folded_text or "+" in text:
            out = [c for c in out if not _OPEN_BOUND_AFTER.match(text, c[1])]  # 'femmes de 50 ans et plus': a bound
        return out


    def _age_column(self, text: str, ft: str) -> list[Candidate]:
        """Ages in the 'Âge' column of a table or a delimited export ('| 13:30 | NOM Prénom | 67 | RX thorax |' under
        '| Heure | Patient | Âge | Examen |'): the header names the column, each row below gives its cell."""
        out: list[Candidate] = []
        lines, pos = ft.split("\n"), 0
        column: tuple[str, int] | None = None
        for line in lines:
            if column is not None:
                sep, k = column
                if sep not in line:
                    column = None
                else:
                    at = pos
                    for j, cell in enumerate(line.split(sep)):
                        if j == k:
                            value = cell.strip()
                            if _AGE_CELL.fullmatch(value) and int(re.match(r"\d+", value).group()) <= 125:  # type: ignore[union-attr]
                                a = at + cell.index(value)
                                out.append((a, a + len(value), self.tag))
                            break
                        at += len(cell) + 1
            if column is None:
                for sep in ("|", ";", "\t"):
                    if sep in line:
                        cells = [c.strip() for c in line.split(sep)]
                        hit = [j for j, c in enumerate(cells) if c in _AGE_HEADERS]
                        if hit:
                            column = (sep, hit[0])
                            break
            pos += len(line) + 1
        return out

    def _loose_ages(self, ctx: Context, caps: bool, digit_starts: list[int] | None = None) -> list[Candidate]:
        """Age forms the rules above leave out, from one scan (``_LOOSE_AGE_RE``): an age after a dash or
        a bullet ('M. X — 58 ans —', '• 83 ans'), 'a.' after a cue or a name ('Femme 83 a.', 'X, 83 a.,'),
        both ends of a range ('de 40-45 ans', 'entre 70 et 75 ans'), days in brackets after a name ('De
        Backer (60 j.)'), a child's years and months in short ('3a 7m', '2 ans½'), a newborn's days or
        hours ('nouveau-né de 3 jours'), 'dans sa 83e année', 'Âge du patient : 45'."""
        out: list[Candidate] = []
        text, lookups = ctx.text, ctx.lookups
        core = self._core_annotator()
        ft = ctx.folded_text
        if digit_starts is None:
            digit_starts = _all_starts(_DIGIT_AGE_START, text)
        matches = list(prefiltered_finditer(_LOOSE_AGE_RE, text, _all_starts(_LOOSE_AGE_SYMBOL_START, text) + digit_starts))
        if "nouveau" in ft or "depuis" in ft or "dans sa" in ft or "environ" in ft or "aujourd" in ft or (
                _NN_WORD.search(ft)) or (
                _AGE_WORD_START.search(ft)):
            matches.extend(prefiltered_finditer(_LOOSE_AGE_WORDS_RE, text, _loose_age_words_starts(ft)))
        for m in matches:
            kind = m.lastgroup or ""
            if kind == "ru":
                kind = "range"
            if kind == "dash" and text[m.start()] == "*" and m.start() > 0 and not text[m.start() - 1].isspace():
                continue  # '*' is a bullet only at a line or word start
            s, e = m.start(kind), m.end(kind)
            before = _word_before(text, max(0, s - 40), s)
            prev = fold(before.group(1)) if before else ""
            if kind == "dash":
                if not _DURATION_AFTER.match(ctx.folded_text, e):
                    out.append((s, e, self.tag))
            elif kind in ("adot", "foreignunit"):
                if kind == "adot" and (not text[e - 3].isspace() or not re.match(r"\s*[,;)]|\s+[a-zà-ÿ]", text[e : e + 3])):
                    e -= 1  # 'Mme X, 80a. Ostéoporose': the sentence's full stop stays out
                if kind == "foreignunit" and (prev in _FOREIGN_DURATION_BEFORE or _FOREIGN_DELAY_AFTER.match(text, e)):
                    continue  # 'sinds 3 weken', '3 dagen na de val', '2 days after': a duration or a delay
                if kind == "foreignunit" and text[s:e].rstrip(".")[-1:] in "jJ" and _after_child_de(text, before, prev):
                    out.append((s, e, self.tag))  # 'nourrisson de 15 j, fièvre'
                    continue
                if kind == "foreignunit" and before and prev in ("m", "f", "h") and not before.group(2).strip() and (
                        before.group(1).isupper()):  # 'Pt SOW Ousmane M 64y': the sex letter between name and age
                    s_letter = before.start(1)
                    before = _word_before(text, max(0, s_letter - 40), s_letter)
                    prev = fold(before.group(1)) if before else ""
                    if not before or before.group(2) != " " or not self._after_a_name(text, s_letter, lookups):
                        continue
                    out.append((s, e, self.tag))
                    continue
                if kind == "foreignunit" and text[e - 1] == "j" and not (before and before.group(2).strip() == "," and (
                        self._after_a_name(text, before.end(1) + 1, lookups) or lookups.is_name_like(before.group(1)))
                        and fold(before.group(1)) not in lookups.medical) and not re.match(r"[ \t]*[),]", text[e : e + 4]):
                    continue  # 'Pt Declercq Jan, 71 j' at a line's end: only after a name and its comma
                if kind == "foreignunit" and not (before and before.group(2).strip() in (",", "") and (
                        self._after_a_name(text, before.end(1) + 1 if before.group(2).strip() == "," else s, lookups)
                        or lookups.is_name_like(before.group(1)) or before.group(1)[0].isupper()
                        and not before.group(1).isupper() and not lookups.is_common(before.group(1)))
                        or text[max(0, s - 1) : s] == "(" or text[max(0, s - 2) : s] == "( "
                        or prev in _FOREIGN_PERSON_NOUNS and before.group(2).strip() in (",", "")
                        or prev in _FOREIGN_AGE_LABELS and before.group(2).strip() in (":", "=", "")):
                    continue
                if kind == "foreignunit":
                    out.append((s, e, self.tag))
                elif core is not None and getattr(core, "_cued", None) and core._cued(ctx, s, "ans") and (
                        prev not in _DURATION_BEFORE or prev in ("de", "d")):
                    out.append((s, e, self.tag))
                elif before and before.group(2).strip() in ("", ",") and prev not in _DURATION_BEFORE and (
                        self._after_a_name(text, before.end(1) + 1 if before.group(2).strip() == "," else s, lookups)
                        or lookups.is_name_like(before.group(1))):
                    out.append((s, e, self.tag))
            elif kind == "bare":
                head = _word_before(text, max(0, s - 42), s - 2) if text[s - 2 : s - 1] == " " else None
                if head and not head.group(2).strip() and head.group(1)[0].isupper() and (
                        fold(head.group(1)) in lookups.first_names or ctx.patient is not None and fold(head.group(1))
                        in {fold(w) for w in ctx.patient.first_names}) and 2 <= int(text[s:e]) <= 110 and (
                        not _LOWER_AFTER_BRACKET.match(text, e) or _after_name_or_title(text, head.start(1), lookups)) or (
                        head and not head.group(2).strip() and head.group(1)[0].isupper() and 2 <= int(text[s:e]) <= 110
                        and _CIVILITY_BEFORE.search(text, max(0, head.start(1) - 14), head.start(1))
                        and not lookups.is_common(head.group(1))):
                    # ... and a surname after a civility: 'Mme Renaud (84), chute' (a town's 'Foch (92)' has none)
                    # 'Geoffrey (39) – RX genou': a first name, then its age; before running text ('Dubois
                    # Marie (77) chute') only after a surname or a title
                    out.append((s, e, self.tag))
            elif kind == "range":
                if prev in _DURATION_BEFORE - {"de", "d", "entre", "a"}:
                    continue
                if core is not None and core._cued(ctx, s, m.group("ru")) or prev in _PERSON_NOUNS or (
                        prev in ("de", "d", "entre") and before and self._after_person_noun(text, before, prev)):
                    if not _DURATION_AFTER.match(ctx.folded_text, e):
                        out.append((s, e, self.tag))
            elif kind == "days":
                head = _word_before(text, max(0, m.start() - 40), m.start())
                if head and not head.group(2).strip() and (
                        lookups.is_name_like(head.group(1)) or head.group(1)[0].isupper()
                        and fold(head.group(1)) not in lookups.medical and not lookups.is_common(head.group(1))):
                    out.append((s, e, self.tag))
            elif kind == "months":
                # after a child or newborn word, or glued to a first name ('Léa 18 m'): lengths stay ('2 m de haut')
                if before and not before.group(2).strip() and (prev in _CHILD_WORDS or text[e - 1] == "m" and (
                        prev in lookups.first_names or ctx.patient is not None and prev in {
                            fold(f) for f in ctx.patient.first_names})):
                    out.append((s, e, self.tag))
                elif _after_child_de(text, before, prev):  # ... or after 'de' and a child word ('un bébé de 10 j')
                    out.append((s, e, self.tag))
            elif kind == "short":
                if (prev not in _DURATION_BEFORE or prev in ("de", "d")) and not _DURATION_AFTER.match(
                        ctx.folded_text, e):
                    out.append((s, e, self.tag))
            elif kind == "approx" and _DURATION_AFTER.match(ft, e):
                continue  # 'un homme de 30 ans de tabagisme'
            else:  # newborn, year of life, age field, approximate or estimated age
                out.append((s, e, self.tag))
        if core is not None:
            units = _unit_tokens_after_space(ctx)  # (read once for both rules)
            out.extend(self._word_ages_after_names(ctx, core, units))
            out.extend(self._word_ages_after_kin(ctx, units))
            if "et demi" in ft:
                out.extend(self._half_years_in_words(ctx, core))
        if not _DECADE_WORDS.isdisjoint(ctx.folded_set):
            out.extend(self._decade_ages(ctx, core))
        cues: set[str] = set()
        for q in _DE_N_ANS.finditer(ft):  # led by a literal 'd': the article rule looks back from each hit
            for m in _ARTICLE_NOUN_AGE.finditer(ft, max(0, q.start() - 70), q.end()):
                noun, adjectives = m.group("noun"), m.group("adj").split()
                cues = cues or getattr(core, "cues", set()) | _PERSON_NOUNS
                if m.group("asile") and not adjectives or m.group("dun") and noun in _PERSON_ACRONYMS:
                    out.append((m.start("age"), m.end("age"), self.tag))  # 'demandeur d'asile de 28 ans', "d'un MNA de 16 ans"
                    continue
                if m.group("dun"):
                    continue
                if text[m.start("noun") : m.end("noun")].isupper() and noun not in _PERSON_ACRONYMS or noun in _NOT_PERSON_NOUNS or (
                        noun == "age" and adjectives):
                    continue  # an acronym ('une PTH de 10 ans'), a duration ('un recul'), 'un âge osseux de 11 ans'
                if noun in cues or noun in _PERSON_ACRONYMS or not (noun in _NOT_PERSON_NOUNS or noun.endswith(_NOT_PERSON_ENDINGS)
                                        or noun in lookups.medical or noun in lookups.function_words):
                    if not any(w in _NOT_PERSON_NOUNS or w in lookups.function_words for w in adjectives):
                        out.append((m.start("age"), m.end("age"), self.tag))  # 'une parturiente de 31 ans'
        return out

    def _half_years_in_words(self, ctx: Context, core: Annotator) -> list[Candidate]:
        """An age in words with its half year ('âgée de deux ans et demi', 'patient de soixante ans et demi',
        'nourrisson de trois mois et demi', and in digits 'bébé de 6 semaines et demie'): the core annotator stops
        at the unit (its half-year tail reads digits before 'ans' and 'mois'); the age's cue decides."""
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for m in _HALF_YEAR_AFTER.finditer(ctx.folded_text):
            k = bisect.bisect_left(ctx.starts, m.start())
            if k >= len(toks) or toks[k].start != m.start() or folded[k] not in _HALF_UNITS:
                continue
            if k > 0 and toks[k - 1].kind == "num" and toks[k - 1].text.isdigit() and ctx.joined(k) and (
                    folded[k] not in ("ans", "an")) and core._cued(ctx, toks[k - 1].start, folded[k]):
                out.append((toks[k - 1].start, m.end(), self.tag))  # 'bébé de 6 semaines et demie'
                continue
            found = longest_number_before(folded, k, max_tokens=6)
            if found and 1 <= found[1] <= 120 and all(ctx.joined(j) for j in range(found[0] + 1, k + 1)) and (
                    found[0] == 0 or folded[found[0] - 1] not in _DURATION_BEFORE or folded[found[0] - 1] in ("de", "d")) and (
                    core._cued(ctx, toks[found[0]].start, folded[k])):  # ('il y a deux ans et demi' is a duration)
                out.append((toks[found[0]].start, m.end(), self.tag))
        return out

    def _word_ages_after_kin(self, ctx: Context, units: list[int] | None = None) -> list[Candidate]:
        """An age in words after a relative or a verb of having, as the digit rules read them ('son père de
        soixante-dix-huit ans', 'fils de douze ans', 'elle a eu soixante ans', 'fêtera ses quatre-vingts ans'):
        the core annotator's cues are the patient's own words."""
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        for i in _unit_tokens_after_space(ctx) if units is None else units:
            found = longest_number_before(folded, i, max_tokens=6)
            if not found or not 1 <= found[1] <= 120 or not all(ctx.joined(k) for k in range(found[0] + 1, i + 1)):
                continue
            k = found[0] - 1
            if k < 0 or not ctx.joined(found[0]) or _DURATION_AFTER.match(ctx.folded_text, toks[i].end):
                continue
            w = folded[k]
            kin = w in _PERSON_NOUNS
            if w in ("de", "d'") and k > 0 and ctx.joined(k):
                j = k - 1 - (folded[k - 1] in ("age", "agee", "ages", "agees") and k > 1 and ctx.joined(k - 1))
                kin = folded[j] in _PERSON_NOUNS and ctx.joined(j + 1)
            tok = toks[k].text
            if not kin and tok[:1].isupper() and not tok.isupper() and w in ctx.lookups.first_names and (
                    not ctx.lookups.is_common(tok)):
                kin = True  # a first name glued to it: 'Théo trois ans, fièvre' ('Rose deux ans' stays)
            verb = w in _AGE_VERBS and not (k > 0 and folded[k - 1] == "y") or (
                w == "ses" and k > 0 and folded[k - 1] in _AGE_VERBS)  # ('il y avait deux ans' is a duration)
            if kin or verb:
                out.append((toks[found[0]].start, toks[i].end, self.tag))
        return out

    def _decade_ages(self, ctx: Context, core: Annotator | None) -> list[Candidate]:
        """An age by its decade after a person or an age word ('âgé d'une soixantaine d'années', 'un homme
        d'une quarantaine d'années', 'une femme dans la cinquantaine'); 'depuis une vingtaine d'années' (a
        duration) and 'mis en quarantaine' (isolation) stay."""
        out: list[Candidate] = []
        cues = getattr(core, "cues", set()) | _PERSON_NOUNS | _AGE_WORDS
        for m in _DECADE_AGE_RE.finditer(ctx.folded_text):
            before = _word_before(ctx.folded_text, max(0, m.start() - 40), m.start())
            if before and not before.group(2).strip() and before.group(1) in cues:
                out.append((m.start("age"), m.end("age"), self.tag))
        return out

    def _word_ages_after_names(self, ctx: Context, core: Annotator, units: list[int] | None = None) -> list[Candidate]:
        """An age in words after a name that follows a cue, as dictated text runs on ('enfant lucas
        dumoulin neuf ans', 'madame legrand cinquante et un ans'): back from the number over at most
        four name words (no common word, or a known name, or a particle) to an age cue or a title."""
        out: list[Candidate] = []
        folded, toks, lk = ctx.folded, ctx.tokens, ctx.lookups
        cues: set[str] = set()
        for i in _unit_tokens_after_space(ctx) if units is None else units:
            found = longest_number_before(folded, i, max_tokens=6)
            if not found or not 1 <= found[1] <= 120 or not all(ctx.joined(k) for k in range(found[0] + 1, i + 1)):
                continue
            cues = cues or getattr(core, "cues", set()) | _TITLES
            k, names = found[0] - 1, 0
            if k > 0 and folded[k] in _DICTATED_PUNCTUATION and ctx.joined(k + 1):
                k -= 1  # dictated punctuation read through: 'stéphanie virgule quarante-six ans'

            while k >= 0 and names < 4 and toks[k].kind == "word" and ctx.joined(k + 1) and folded[k] not in cues and (
                    folded[k] in _PARTICLES or lk.is_name_like(toks[k].text) or not lk.is_common(toks[k].text)
                    and folded[k] not in lk.function_words):
                k, names = k - 1, names + 1
            if names and k >= 0 and folded[k] in cues and ctx.joined(k + 1):
                out.append((toks[found[0]].start, toks[i].end, self.tag))
        return out


_AGE_WORD_UNITS = frozenset({"ans", "an", "mois"})
_BIRTHDAY_AGE = re.compile(r"(?<!\w)anniv(?:ersaire)?\.?\s*(?:[:(,\-–]\s*)?(?:de\s+ses\s+|ses\s+|des\s+|du\s+)?"
                           r"(?P<age>\d{1,3}\s*ans)(?!\w)")
_AGE_WORDS = frozenset({"age", "agee", "ages", "agees"})
_DECADES = ("vingtaine", "trentaine", "quarantaine", "cinquantaine", "soixantaine", "septantaine", "octantaine",
            "huitantaine", "nonantaine")
_DECADE_WORDS = frozenset(_DECADES)
# (on the folded text) 'd'une soixantaine d'années', 'dans la cinquantaine', 'de la quarantaine'
_DECADE_AGE_RE = re.compile(r"(?<!\w)(?:d['’]une|dans\s+la|de\s+la|la)\s+(?P<age>(?:(?:petite|bonne)\s+)?(?:"
                            + "|".join(_DECADES) + r")(?:\s+d['’](?:annees|ans))?)(?!\w)")
_LOWER_AFTER_BRACKET = re.compile(r"\)\s*[a-zà-ÿ]")
_CIVILITY_BEFORE = re.compile(r"(?<!\w)(?:M\.|Mme|Mr|Mlle|Madame|Monsieur|MME|MR|MONSIEUR|MADAME)\s+$")
_HALF_YEAR_AFTER = re.compile(r"(?:ans?|mois|semaines?)[ \t]+et[ \t]+demie?(?![\w])")
_HALF_UNITS = ("ans", "an", "mois", "semaine", "semaines")
# a unit word after a space or a tab, in the folded text: where a unit token after a number word can be
# (the number token and the unit are joined by a blank: the tokenizer never splits a run of letters)
_UNIT_AFTER_SPACE = re.compile(r" (?:ans?|mois)")
_UNIT_AFTER_BLANK = re.compile(r"[ \t](?:ans?|mois)")


def _unit_tokens_after_space(ctx: Context) -> list[int]:
    """Indices (ascending) of the 'ans'/'an'/'mois' tokens that follow a space or a tab after a letter (where a
    number word can end), found from the folded text (a scan the regex engine skips through to its spaces)
    rather than by a walk over every token."""
    ft = ctx.folded_text
    hits = (_UNIT_AFTER_BLANK if "\t" in ft else _UNIT_AFTER_SPACE).finditer(ft)
    out: list[int] = []
    starts, folded = None, ctx.folded
    for m in hits:
        j = m.start()
        if m.end() < len(ft) and ft[m.end()].isalpha():
            continue  # 'analyse', 'moisi': no unit token
        while j > 0 and ft[j - 1] in " \t":
            j -= 1
        if j == 0 or not ft[j - 1].isalpha():
            continue  # '45 ans': no number word before it
        if starts is None:
            starts = ctx.starts
        k = bisect.bisect_left(starts, m.start() + 1)
        if k < len(starts) and starts[k] == m.start() + 1 and folded[k] in _AGE_WORD_UNITS:
            out.append(k)
    return out
# an article, a noun and up to two adjectives, then 'de N ans' (on the folded text): 'une parturiente de 31 ans',
# 'un collègue de 40 ans', 'une patiente diabétique de 67 ans'; years only ('une femme enceinte de 7 mois')
_DE_N_ANS = re.compile(r"d(?:e\s+|['’])\d{1,3}(?:[.,]5)?\s*ans?(?![\w])")
_ARTICLE_NOUN_AGE = re.compile(
    r"(?<![\w'])(?:un|une|ce|cet|cette|des|ces|deux|trois|[lL]['’]|(?P<dun>d['’]une?))\s*(?P<noun>[a-z][a-z\-]{2,})"
    r"(?P<asile>\s+d['’]asile)?"  # 'un demandeur d'asile de 28 ans'
    r"(?P<adj>(?:\s+[a-z][a-z\-]{2,}){0,2}?)\s+(?:agee?s?\s+)?d(?:e\s+|['’])"
    r"(?P<age>\d{1,3}(?:[.,]5)?\s*ans?(?:\s+(?:et\s+)?(?:demi|\d{1,2}\s*mois))?)(?![\w])")
# acronyms that name a person ('un MNA de 16 ans', 'un SDF de 50 ans', 'une MIE de 15 ans')
_PERSON_ACRONYMS = frozenset({"mna", "sdf", "mie", "jmna", "mnna"})
# what lasts 'N ans' rather than being N years old ('un recul de 2 ans', 'une histoire de 10 ans')
_NOT_PERSON_NOUNS = frozenset({
    "recul", "delai", "suivi", "traitement", "histoire", "evolution", "duree", "periode", "annee", "intervalle",
    "peine", "mariage", "carriere", "prothese", "absence", "survie", "arret", "sevrage", "consommation", "exposition",
    "anciennete", "experience", "pause", "activite", "sejour", "vie", "tabagisme", "diabete", "hta", "passe", "retard",
    "avance", "attente", "contrat", "garantie", "plan", "programme", "projet", "cycle", "cure", "bail",
    "ecart", "difference", "total", "maximum", "minimum", "moyenne", "mediane", "horizon", "terme", "espace",
    "laps", "decennie", "antecedent", "relation", "union", "veuvage", "chomage", "invalidite", "incapacite",
    "remission", "stabilite", "recidive", "surveillance", "controle", "risque", "taux", "score", "delais",
    "tabac", "alcool", "cannabis", "frere", "soeur", "fils", "fille",  # kin: the relatives rule handles them (and 'fille de 8 ans' is the core's)
})
_NOT_PERSON_ENDINGS = ("tion", "sion", "ment", "isme", "ite", "ose", "ence", "ance", "ure", "ie", "age", "ite")
_CHILD_WORDS = frozenset({"enfant", "bebe", "nourrisson", "nn", "nne", "nouveau-ne", "garcon", "fille", "fillette",
                          "garconnet", "petit", "petite", "ne", "nee"})
_AGE_WORD_START = re.compile(r"age(?<!\wage)")  # literal-led: the engine skips to it


# one scan for the loose forms of _loose_ages (each alternative a named group; the first digit leads most)
_LOOSE_AGE_RE = re.compile(
    # every branch starts with a digit, a bracket or a bullet, so the engine skips to those characters
    r"[—•·▪►\[*][ \t]*(?P<dash>\d{1,3}\s*(?:ans|an|mois|a|sem(?:aines?|\.)?)(?![\w]))"
    r"|(?P<adot>\d(?<![\w.,/+\-]\d)\d{0,2}\s?a\.)(?=\s*[,;)\-–—]|\s+[A-Za-zÀ-ÿ]|\s*$)"
    r"|(?P<foreignunit>\d(?<![\w.,/+\-]\d)\d{0,2}(?:\s?(?:jaar|jr|[jJ]ahre|anni|años|anos|years|yrs)|\s(?:J\.|j\.|j(?=[ \t]*(?:[),]|$)))"
    # a baby's weeks, months or days in Dutch, German or English after a name ('Eva, 4 weken'); a bare English 'y'
    # between commas ('Smith, 19 y, tourist')
    r"|\s(?:weken|maanden|dagen|[wW]ochen|Monate|Tage|weeks|months|days)|\s?y(?=[ \t]*(?:[,;)]|$)))(?!\w))"
    r"|(?P<range>\d(?<![\w.,/+\-]\d)\d?\s?(?:[\-–]|à|a|et|ou)\s?\d{1,2}\s*(?P<ru>ans|mois)(?!\w))"
    r"|(?P<short>\d(?<![\w.,/+\-]\d)\d?\s?(?:a|ans?)\s?(?:\d{1,2}\s?m(?:ois)?(?!\w)|½))"
    # a child's months or a newborn's days written short ('enfant 18m', 'Léa 18 m', 'NN 10j'): checked in code
    r"|(?P<months>\d(?<![\w.,/+\-]\d)\d?\s?[mj])(?![\w²³]|\s*(?:de\s|d['’]|[/²³]))"
    r"|\((?:(?P<days>\d{1,2}\s?(?:j\.?|jours?|sem\.?|semaines?|mois|a\.?|ans))\)"
    r"|(?P<bare>\d{1,3})(?=\)\s*(?:[\-–—,:;]|$|[a-zà-ÿ])))",
    re.MULTILINE,
)
# word-led forms, run only when their first word is in the text
_LOOSE_AGE_WORDS_RE = re.compile(
    r"(?<!\w)(?:nouveau[\- ]n[ée]e?s?|nn[ée]?e?s?|n[ée]e?\s+depuis)\s+(?:de\s+)?(?P<newborn>\d{1,2}\s?(?:jours?|j|heures?|h)(?!\w))"
    r"|(?<!\w)dans\s+sa\s+(?P<yearof>\d{1,3}\s?(?:e|è|ème|eme)\s+ann[ée]e)(?!\w)"
    r"|(?<!\w)[âa]g[eé]e?(?:\(e\))?\s+(?:du\s+patient|de\s+la\s+patiente|de|patiente?|\(ans\)"
    # 'Âge au moment de l'examen : 64 ans', 'âge à l'admission : 80'
    r"|(?:au\s+moment\s+de|à|a|lors\s+de|au\s+jour\s+de)\s+l['’](?:examen|accident|admission|intervention))\s*:\s*"
    r"(?P<field>\d{1,3}(?:\s?(?:ans|a)(?!\w))?)(?![\w,.]\d|\s*(?:kg|cm|%))"
    # an approximate or dated age after a person word: "un homme d'environ 50 ans", "âgée aujourd'hui de 84 ans",
    # 'âge estimé : 40 ans'
    r"|(?<!\w)(?:[âa]g[ée]e?s?|homme|femme|patiente?|dame|monsieur|sujet|enfant|individu|victime|jeune)"
    r"(?:\s+(?:aujourd['’]hui|actuellement|maintenant|alors|désormais|desormais))?\s+"
    r"(?:d['’](?:environ|à\s+peu\s+près|a\s+peu\s+pres)|de|d['’]un\s+peu\s+plus\s+de)\s+"
    r"(?P<approx>\d{1,3}\s*(?:ans|an|mois)(?!\w))"
    # ... and the age of the civil state beside a bone age: 'âge civil : 14 ans', 'âge chronologique 9 ans 3 mois'
    # (and the age a person without papers gives: 'âge allégué 16 ans', 'âge estimé : environ 25 ans')
    r"|(?<!\w)[âa]ge\s+(?:estim[ée]|apparent|d[ée]clar[ée]|civil|chronologique|r[ée]el|all[ée]gu[ée])\s*:?\s*"
    r"(?:environ\s+|approx(?:imativement|\.)?\s+)?"
    r"(?P<estimated>\d{1,3}\s*(?:ans|a)(?:\s+(?:et\s+)?\d{1,2}\s*mois)?(?!\w))"
    # (a declared or alleged age may come without its unit in a field: 'Âge déclaré : 16', not 'estimé : 16-18')
    r"|(?<!\w)[âa]ge\s+(?:d[ée]clar[ée]|all[ée]gu[ée])\s*:\s*(?P<declared>\d{1,2})(?![\w,.]\d|[\w\-–/]|\s*(?:[\-–]|[àa]\s|et\s"
    r"|ou\s|mois|sem|kg|cm|%))",
    re.IGNORECASE,
)


# Where a match of the two scans above can start, found by scans the regex engine runs fast: each is led
# by one character class or by a literal, so the engine skips to those characters, where a pattern whose
# alternatives start differently gets no skip and tries every alternative at every character. Together
# they give every offset where the full pattern can match (more do no harm), and it then runs only there.
# _LOOSE_AGE_RE is case-sensitive: its symbol-led alternatives, and its digit-led ones with _AGE_EXTRA_RE's
# (case-insensitive: both cases of its letters, and the long s that matches 's' then) in one scan.
_LOOSE_AGE_SYMBOL_START = re.compile(r"[—•·▪►\[*(][ \t]*\d")
_DIGIT_AGE_START = re.compile(r"\d(?<![\w.,/+\-]\d)\d{0,2}\s*[\-–aAàeomMsSſjJyYtTwWdD]")
# _LOOSE_AGE_WORDS_RE is case-insensitive: its starts are read on the folded text (same offsets). Its
# approximate ages ('une femme d'environ 50 ans') are found from their 'de N ans' end, looking back.
_NEWBORN_START = re.compile(r"n(?:ouveau[\- ]n|ee?\s+depuis|ne?e?s?\s)")
_NN_WORD = re.compile(r"nn(?<![^\W\d_]nn)")  # 'NN', 'nné' (newborn) at a word start
_YEAR_OF_LIFE_START = re.compile(r"dans\s+sa\s")
_AGE_LED_START = re.compile(r"age(?<!\wage)")
_APPROX_AGE_END = re.compile(r"d(?:e|'(?:environ|a\s+peu\s+pres|un\s+peu\s+plus\s+de))\s+\d{1,3}\s*(?:ans|an|mois)")


def _apposed_to_a_thing(text: str, pos: int, lookups: Any) -> bool:
    """The word before the comma or bracket at ``pos`` names a thing, not a person: a medical word or a noun of an
    act or a state ('cholécystectomie, environ 20 ans,': how long ago it was done)."""
    head = _word_before(text, max(0, pos - 40), pos)
    word = fold(head.group(1)) if head else ""
    return word in lookups.medical or word.endswith(_NOT_PERSON_ENDINGS) or bool(head) and head.group(1).lower().endswith(
        ("é", "ée", "és", "ées")) and word.rstrip("es") not in _PERSON_PARTICIPLES  # 'tabac sevré, environ 20 ans'


# participles that describe a person, before an estimated age ('homme non identifié, environ 60 ans')
_PERSON_PARTICIPLES = frozenset({"identifi", "retrouv", "trouv", "isol", "declar", "accompagn", "interpell", "amen",
                                 "adress", "heberg", "sans-abri", "domicili", "expuls", "deplac", "refugi"})


def _after_child_de(text: str, before: re.Match[str] | None, prev: str) -> bool:
    """'de' right before the number, and a child word before it: 'un bébé de 10 j', 'nourrisson de 15 j'."""
    if not before or prev not in ("de", "d") or before.group(2).strip():
        return False
    head = _word_before(text, max(0, before.start(1) - 30), before.start(1))
    return bool(head) and not head.group(2).strip() and fold(head.group(1)) in _CHILD_WORDS - {"ne", "nee"}


def _all_starts(starter: re.Pattern[str], view: str) -> list[int]:
    """Every offset where ``starter`` matches, overlapping ones included."""
    out: list[int] = []
    m = starter.search(view)
    while m is not None:
        out.append(m.start())
        m = starter.search(view, m.start() + 1)
    return out


def _word_starts_before(ft: str, end: int, runs: int) -> list[int]:
    """The word starts in the last ``runs`` runs of non-space characters before ``end``, which must be
    preceded by whitespace: where a lead word and its adverb ('femme aujourd'hui de 84 ans') can start."""
    out: list[int] = []
    k = end
    for _ in range(runs):
        j = k
        while j > 0 and ft[j - 1].isspace():
            j -= 1
        if j == k or j == 0:
            break
        k = j
        while k > 0 and not ft[k - 1].isspace():
            k -= 1
        out.extend(p for p in range(k, j) if ft[p].isalnum() and (p == 0 or not ft[p - 1].isalnum()))
    return out


def _loose_age_words_starts(ft: str) -> list[int]:
    """Every offset of the folded text where a _LOOSE_AGE_WORDS_RE match can start (a superset)."""
    out: list[int] = []
    if "nouveau" in ft or "depuis" in ft or _NN_WORD.search(ft):
        out += _all_starts(_NEWBORN_START, ft)
    if "dans" in ft:
        out += _all_starts(_YEAR_OF_LIFE_START, ft)
    if "age" in ft:
        out += _all_starts(_AGE_LED_START, ft)
    for m in _APPROX_AGE_END.finditer(ft):
        out += _word_starts_before(ft, m.start(), 2)
    return out


def prefiltered_finditer(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, the same ones in the same order, where ``starts`` holds
    every offset at which ``pattern`` can match (more offsets do no harm: ``pattern.match`` rejects them).
    ``pattern`` must not match the empty string."""
    pos = 0
    for p in sorted(set(starts)):
        if p >= pos:
            m = pattern.match(text, p)
            if m is not None:
                yield m
                pos = m.end()


def _after_name_or_title(text: str, pos: int, lookups: Any) -> bool:
    """The word before ``pos`` is a title, a known first name or surname, or a capitalised word that is
    no French or medical word: the age's word is then the second word of a name ('M. NDIAYE Moussa',
    'Mme Riou', 'anaïs lhoest'), not a diagnosis ('Coxarthrose 5 ans', 'PTH 1 an')."""
    head = re.search(r"([^\W\d_]+)\.?\s+$", text[max(0, pos - 30) : pos])
    if not head:
        return False
    word = head.group(1)
    folded = fold(word)
    if folded in _PARTICLES and word[0].isupper() and head.group().rstrip() == word:  # 'Mme Le Goff', 'Van Dam'
        return _after_name_or_title(text, max(0, pos - 30) + head.start(1), lookups)
    if head.group().rstrip().endswith(".") and folded not in _TITLES:
        return False  # a sentence ends there ('PTH 1 an. Coxarthrose 5 ans'); 'M. Guyot' goes on
    if folded in _TITLES or lookups.is_name_like(word) or (
            word[0].isupper() and folded not in lookups.stopwords and folded not in lookups.medical):
        return True
    # a name no list knows, in lower case, after a title: 'monsieur van den broeck, 58 ans'
    return bool(_TITLE_THEN_WORDS.search(text, max(0, pos - 60), pos))


_TITLE_THEN_WORDS = re.compile(
    r"(?<!\w)(?:monsieur|madame|mademoiselle|mme|mlle|mr|m\.|pt|pte|patiente?)\s+"
    r"(?:[^\W\d_]+[\s\-'’]+){0,3}[^\W\d_]+\.?\s*$", re.IGNORECASE)


def _ses_after_verb(text: str, pos: int) -> bool:
    head = _word_before(text, max(0, pos - 30), pos)
    return bool(head) and fold(head.group(1)) in _AGE_VERBS


# ---------------------------------------------------------------- dates
_MONTHS = (r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
           r"|janv\.?|f[ée]vr?\.?|avr\.?|juil\.?|sept\.?|oct\.?|nov\.?|d[ée]c\.?")
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_DAY1 = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH2 = r"(?:0[1-9]|1[0-2])"
# every numeric form, in one scan led by a digit (the engine then skips to digits instead of trying
# each branch at every character); the groups hold what follows that first digit. The lookahead after it is what
# every branch needs next (a separator, a month's or an ordinal's first letter, blanks then one of those, or the
# three digits of a year before a dash): a phone's '06 12', an age's '54 ans' or an id's '0082' fail there at once
# instead of in each of the 14 branches
_NUMERIC_EXTRA_RE = re.compile(
    r"\d(?<![\w/.,\-]\d)(?=\d{3}[ \t]?[\-–]|\d?(?:[/.\-–°ᵉifjmasonde]|\s+(?:[/\-–eèfjmsondctbivx]|a[uvop])))(?:"
    # the first of the month in untidy ordinal forms ('1 er janvier', '1° mars', '1ier mai 2024'): the core reads '1er'
    r"(?P<first>(?<=1)(?:\s(?:er|ère|ere)|°|ier|ière|iere|ᵉʳ)\s+(?:" + _MONTHS + r")(?:\s+(?:19|20)\d{2})?(?!\w|\.\d))"
    # a day of the current month: 'le 12 courant', 'le 3 du mois', 'depuis le 12 de ce mois' (checked in code)
    r"|(?P<curday>\d?(?:er)?)(?=\s+(?:courant|du\s+mois|de\s+ce\s+mois)(?!\w))"
    # a day/month without a year ('17/02', '3/02', after a cue 'le 17-02'): checked further in code
    r"|(?P<dm>\d?/(?:0[1-9]|1[0-2])|\d[.\-](?:0[1-9]|1[0-2]))(?![\w/]|[.,:\-]\d|\s*(?:mm|cm)\s*hg|\s*%|\s?h\b)"
    # the first day of a range: 'du 14 au 15/01', 'les 3 et 4 mars', 'du 20-21 juin', Dutch 'van 3 tot 7 maart'
    r"|(?P<range>\d?)(?P<sep>\s+(?:au|et|tot|bis)\s+(?:le\s+)?|\s?[\-–]\s?)(?=" + _DAY1
    + r"(?:/" + _MONTH2 + r"(?!\d)|\s+(?:" + _MONTHS + r"|maart|april|mei|juni|juli|augustus|oktober|januari|februari"
    r"|m[äa]rz|dezember)(?!\w)))"
    # a birth date with a two-digit year: 'né le 14 février 66'
    r"|(?P<dmy>\d?\s+(?:" + _MONTHS + r")\s+\d{2}(?![\w/.,]\d|\s*(?:ans?|kg|mg|ml|mm|cm|%|h)\b))"
    # a full date with a stray space at a slash ('12/03/ 2025', '12 /03/2025'), the core reads '12/03' only
    r"|(?P<spaced>\d?\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d{2})(?!\d)"
    # a day, a three-letter month in capitals or title case and a year, as exports and DICOM/SAS/Oracle dumps print them
    # ('12-MAR-2024', '03APR1952', '7 Dec 2023', '12-FEV-24', '12/Mar/2024' as web and system logs print it)
    r"|(?P<mon3>\d?[\- /]?(?-i:(?:JAN|FEB|F[EÉ]V|MAR|APR|AVR|MAY|MAI|JUN|JUIN|JUL|JUIL|AUG|AO[UÛ]|SEPT?|OCT|NOV|D[EÉ]C)"
    r"|(?:Jan|Feb|F[eé]v|Mar|Apr|Avr|May|Jun|Jul|Aug|Ao[uû]|Sept?|Oct|Nov|D[eé]c))[\- /]?(?:19|20)?\d{2}(?![\w/.,:]\d|\w))"
    # a day glued or hyphenated to its month ('12mars', '12-mars-2025')
    r"|(?P<glued>\d?-?(?:" + _MONTHS + r")(?!\w)(?:-(?:19|20)\d{2}(?!\d))?)"
    # a span of years ('(1972-2014)', 'de 2001 à 2009' is the core's): each year a DATE, after a bracket or a cue
    r"|(?P<yr>\d{3}[ \t]?[\-–][ \t]?(?:19|20)\d{2})(?![\w\-/]|[.,]\d)"
    # a year and a month, ISO ('2025-03'): checked to be a year in code
    r"|(?P<ym>\d{3}-(?:0[1-9]|1[0-2]))(?![\w\-/]|[.,]\d)"
    # a day and a Dutch, German or English month ('12 maart 2025', '3. März 2024', '5 October 2023')
    r"|(?P<foreign>\d?\.?\s+(?:januari|februari|maart|mrt|mei|juli|augustus|oktober|okt|januar|februar"
    r"|m[äa]rz|dezember|january|february|march|april|may|june|july|august|september|october|november|december)"
    r"(?:\s+(?:19|20)\d{2})?(?!\w))"
    # German day + month with the day's full stop ('11. Mai', '18. Juni 2024'), a roman month ('14.III.2024')
    r"|(?P<german>\d?\.\s?(?:mai|juni|juli|april|august|september|oktober|november|j[äa]nner)(?:\s+(?:19|20)\d{2})?(?!\w))"
    r"|(?P<roman>\d?(?P<rsep>[./ \-])(?-i:I{1,3}|IV|VI{0,3}|IX|XI{0,2})(?P=rsep)(?:19|20)?\d{2}(?![\w/.,]\d|\w))"
    # German day.month. without a year after 'am', 'vom', 'seit' ('am 22.04.'), checked in code
    r"|(?P<dmdot>\d?\.(?:0?[1-9]|1[0-2])\.)(?![\w.]|\s?\d))",
    re.IGNORECASE,
)
# what a span of years follows: a bracket ('Carrières de Quenast (1972-2014)') or a period's word
# a school, academic or sports year before two consecutive years ('année scolaire 2025-2026', 'en CE2 2025-2026',
# 'saison 2024-2025'); on the folded text, the cue's words then at most a few words of the class ('CM1 B')
_SCHOOL_YEAR_CUE = re.compile(r"(?<!\w)(?:scolaire|universitaire|academique|saison|rentree|promotion|promo|classe|"
                              r"cp|ce1|ce2|cm1|cm2|ps|ms|gs|[3-6]e|[3-6]eme|seconde|premiere|terminale)"
                              r"(?:[ \t]+[a-z0-9]{1,3})?[ \t]*[:,\-–]?[ \t]*$")
_YEAR_SPAN_CUE = re.compile(r"(?:\(|(?<!\w)(?:de|entre|depuis|du|en|p[ée]riode|ann[ée]es)\s+)$",
                            re.IGNORECASE)
# a date written compact in an HL7 v2 message field ('PID|...||19560409|F', 'OBR|...|20240219094500|'): eight,
# twelve or fourteen digits between field or component separators (an ID pattern reads them as a number)
_HL7_DATE = re.compile(r"[12](?<=[|^][12])\d{3}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:(?:[01]\d|2[0-3])[0-5]\d"
                       r"(?:[0-5]\d)?)?(?:\.\d{1,4})?(?:[+\-]\d{4})?(?=[|^~\r\n]|$)", re.MULTILINE)
# a night or a week-end from one day to the next, the month left out ('nuit du 4 au 5 : agitation'; with a month
# after it the range rule and the core read it); on the folded text
_DAY_TO_DAY = re.compile(r"(?<!\w)(?:nuits?|week-ends?|weekends?|soiree|journee|garde)\s+du\s+"
                         r"(?P<r>(?:1er|[0-3]?\d)\s+au\s+(?:[0-3]?\d))(?![\w/.,:]\d|\s*(?:[/\-]|[^\W\d_]))")
_CURRENT_DAY_CUE = re.compile(r"(?<!\w)(?:le|du|au|depuis\s+le|d[èe]s\s+le|jusqu['’]au)\s+$", re.IGNORECASE)
_GERMAN_DATE_CUE = re.compile(r"(?<!\w)(?:am|vom|seit|ab|bis|den|op|le|du|au)\s+$", re.IGNORECASE)
_SEASONS = frozenset({"ete", "hiver", "printemps", "automne", "noel", "paques", "toussaint", "rentree"})
_MONTH_KEYS = frozenset({"janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
                         "octobre", "novembre", "decembre", "janv", "fev", "fevr", "avr", "juil", "sept", "oct",
                         "nov", "dec"})
_YEAR_AFTER = re.compile(r"\s+(?:19|20)\d{2}(?:[ \t]?[\-–/][ \t]?(?:19|20)?\d{2})?(?!\d)")  # 'hiver 2023-2024'
# a two-digit year closes its clause: a line's end or a punctuation mark ('le 12 mars 24.', not '12 mars 15 patients')
_CLAUSE_END = re.compile(r"[ \t]*(?:$|[,.;:)\-–—](?!\d))", re.MULTILINE)
_WEEKDAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"})
# a weekday and a day of the month without the month ('le vendredi 13', 'nuit de mardi 4 à mercredi 5')
_DAY_AFTER_WEEKDAY = re.compile(r"[ \t]+(?:1er|0?[1-9]|[12]\d|3[01])(?![\w/.:,]\d|[\w/:]|\s*(?:h\b|heures?\b|mois\b|"
                                r"ans?\b|jours?\b|semaines?\b|sem\b|min\b|mg\b|%|fois\b|x\b))", re.IGNORECASE)
_LAST_AFTER = re.compile(r"\s+(?:dernier|prochain|pass[ée])(?!\w)", re.IGNORECASE)
# what announces a month in a date role, read backwards from the month ('en ', 'au mois de ', 'début ', 'mi-')
_MONTH_CUE_BEFORE = re.compile(r"(?<!\w)(?:en|vers|mois\s+d['’e]?|d[ée]but|fin|mi-|courant|depuis|d[èe]s|jusqu['’]en"
                               r"|(?:d[ée]but|fin)\s+d['’e]?)\s*$", re.IGNORECASE)
_WORD_GATE = _SEASONS | _MONTH_KEYS | _WEEKDAYS
# a weekday opening a line of a care journal, then a colon and what happened ('lundi : toux la nuit', 'Mardi : Lamine
# vu au CLAT'): it dates the note; a roster ('Samedi : Thomas Vanhove', 'Lundi : Dr X') or opening hours ('Lundi :
# fermé', 'Mardi : 9h-12h') does not
_JOURNAL_WEEKDAY_AFTER = re.compile(
    r"[ \t]*:[ \t]+(?!(?:Dr|Pr|Mme|Mlle|M|Mr|Docteur|Professeur|Madame|Monsieur)\b|(?i:ferm|ouvert|de\s+\d|matin|apr[èe]s-midi"
    r"|soir|journ[ée]e|repos|garde|astreinte|cong[ée]|permanence|consultations?\b))"
    r"(?:[a-zà-ÿ]|[A-ZÀ-Ý][a-zà-ÿ'’\-]+[ \t]+[a-zà-ÿ])")
_BIRTH_CUE = re.compile(r"(?<!\w)(?:nee?s?|naissance|ddn)\s+(?:le\s+)?$")
_OF_BEFORE = re.compile(r"(?<!\w)(?:de\s+|d['’])$")
_MI_MONTH = re.compile(r"(?<![\w])mi-(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre"
                       r"|decembre)(?![\w])")
# a weekday, whole or cut short in notes ('mer 17/01', 'ven. 19/01'); a two-letter cut ('lu 15/01') only opens its line
_WEEKDAY_BEFORE = re.compile(r"(?<![\w'’])(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|(?:lun|mar|mer|jeu|ven|sam"
                             r"|dim)\.?)\s+$", re.IGNORECASE)
_TWO_LETTER_WEEKDAY_LINE = re.compile(r"[ \t•·\-–>*]*(?:lu|ma|me|je|ve|sa|di)\.?[ \t]+$", re.IGNORECASE)
# before a day/month that is a measure or a score: 'TA 12/08', 'EVA 03/10', 'AV 10/10', 'G2 P1'
_NOT_DATE_BEFORE = re.compile(
    r"(?:\b(?:ta|pa|tas|tad|tension|pression|fc|score|eva|note|cotation|acuit[ée]|visus|odg|glasgow"
    r"|apgar|gcs|ratio|rapport|index|indice|grade|stade|classe|force|mrc|dioptries?|sat|spo2|pouls|mmhg|frac|fraction"
    # named clinical tests and scales written 'a/b' (a distance in cm, points over a maximum): 'Schober 14/10', 'MMS
    # 24/30', 'Beighton 6/9', 'Barthel 85/100', 'NIHSS 4/42', 'MNA 10/14', 'Katz 4/6', 'Tinetti 18/28', 'testing 4/5'
    r"|schober|mms|mmse|moca|beighton|barthel|nihss|mna|katz|adl|iadl|tinetti|berg|braden|norton|rankin|fagerstr[öo]m"
    r"|evn|evs|had|gds|mif|testing|lys?holm|womac|constant|dash|quick|harris|oxford|ikdc|kujala|cotation"
    # in capitals only: 'EN 03/10' (numeric scale) but 'en 12/03'; 'AV 10/10', 'OD', vertebrae 'C5/C6', 'L4/L5'
    r"|dose|(?-i:EN|ENS|AV|OD|OG|FR|C|D|L|T|S))\b|[<>=≥≤])\s*:?\s*$",
    re.IGNORECASE,
)
_HYPHEN_RANGE_END = re.compile(r"\s?[\-–]\s?" + _DAY1 + r"(?:\s+(?:" + _MONTHS + r")(?!\w)|/" + _MONTH2
                               + r"(?:/(?:\d{4}|\d{2}))?(?![\d/]))", re.IGNORECASE)
_THOUSAND_WORDS = frozenset({"mille", "mil"})
# what announces a year in words ('né en', 'depuis', "l'année", 'vers', 'courant', 'fin', 'début')
_SPOKEN_YEAR_CUES = frozenset({"en", "depuis", "annee", "des", "vers", "courant", "fin", "debut", "jusqu'en", "avant",
                               "apres", "ete", "hiver", "printemps", "automne", "noel", "paques"})
_MONTH_SURNAMES = ("janvier", "mars", "avril", "mai", "juin")


# a compact date (YYYYMMDD, DDMMYYYY after a birth cue) in a structured export: a DICOM 'DA' value, a key-value
# field named as a date ('PatientBirthDate=19540131', 'DDN 31011954'), or a field of a delimited row
# ('RX;DUPONT;19540131;M'); the digit-run ID pattern reads it as an ID, and an ID candidate the same as a DATE one
# is dropped (persons_extra.refine_candidates), so the writers' DATE tag stands
# a day/month with a one-digit part in a note's header or a visit line ('rx genou g - 10/3', 'consult. ortho 12/3', 'CT
# fait lun. 9/11 – cf. rapport'): the core reads 'le 12/3' after its cue only, and '1/3', '3/4' are fractions, views and
# scores. Kept when a weekday cut to three letters comes right before it (left out of the span, as the core's day/month
# after a cue: the writers differ), or
# when it closes its line (or comes before a dash) after a visit or exam word among the three words before it, or after
# a dash in a line that names a visit or an exam before it;
# led by the slash, a literal the engine skips to, the day read back in code
_SHORT_DM = re.compile(r"/(\d{1,2})(?![\w/]|[.,:]\d)")
_SHORT_DM_END = re.compile(r"[ \t]*(?:$|[\-–—][ \t])", re.MULTILINE)
_SHORT_WEEKDAY_BEFORE = re.compile(r"(?<![\w.])(?:lun|mar|mer|jeu|ven|sam|dim)\.?[ \t]+$", re.IGNORECASE)
_DASH_BEFORE = re.compile(r"[\-–—][ \t]*$")
_VISIT_WORDS = frozenset({"consult", "consultation", "cs", "vu", "vue", "revu", "revue", "rdv", "rv", "fait", "faite",
                          "realise", "realisee", "examen", "exam", "seance", "passage", "admis", "admise", "admission",
                          "entree", "sortie", "chute", "accident", "avp", "rx", "radio", "ct", "irm", "echo", "scanner",
                          "tdm", "urgences", "urg"})
_FRACTIONS = frozenset({"1/2", "1/3", "2/3", "1/4", "3/4"})
_WORDS = re.compile(r"[^\W\d_]+")
_EIGHT_DIGIT_RUN = re.compile(r"\d(?<![\w.,/+\-]\d)\d{7}(?![\w]|[.,/\-]\d)")  # one scan; each run checked below
_COMPACT_YMD = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_COMPACT_DMY = re.compile(r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d")
# (a DICOM tag may stand between the label and its value: 'Date de naissance (0010,0030) : 19580714')
_COMPACT_DATE_LABEL = re.compile(r"(?:\bda\s*[\[:=]|date|datum|naiss|birth|dob|ddn|\bnee?\b|geb|\bdn\b)"
                                 r"(?:[^\n\d(]|\(\w{4},\w{4}\)|\(){0,36}$")
# a DICOM 'DT' value or an export's date-time, YYYYMMDDHHMM[SS][.ffffff] after a date label ('Acquisition DateTime
# DT: 20240312101455.000'): its date is a DATE, its time stays (the writers' convention for times); read only when
# 'date' is in the text (the label is needed anyway)
_COMPACT_DATETIME = re.compile(r"\d(?<![\w.,/+\-]\d)\d{7}(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?(?:\.\d{1,6})?"
                               r"(?:[+\-]\d{4})?(?![\w]|[.,/\-]\d)")
_FIELD_SEP = frozenset(";|\t,")
# a day of the current month alone after 'le'/'du' ('je la revois le 12.', 'la radio du 12 est normale', 'chez vous le 15
# à 10h'): the writers tag it DATE; it must close its clause or come before a time or a part of the day
# (three scans, each led by its cue's literal ('le', 'du', 'jusqu'), so the engine skips to it; 'depuis le', 'dès le' end in 'le')
_LONE_DAY_TAIL = (r"[ \t]+(?P<d>\d(?<![\w.,/:\-]\d)\d?(?:er)?)"
                  r"(?=[ \t]*(?:[.;,)!?](?!\d)|$)|[ \t]+(?:à|a|vers)[ \t]+\d{1,2}[ \t]?[h:]|[ \t]+(?:au[ \t]+)?(?:matin|soir|midi)(?!\w)"
                  # ... or offers another day ('c'est le 16 ou le 17 ?'), or a message's next clause starts with
                  # its writer ('passé le 14 j'ai vu', 'scanner le 25 mon docteur dit'): hurried messages run on
                  r"|[ \t]+(?:ou|et)[ \t]+(?:le[ \t]+)?\d{1,2}(?:er)?(?![\w.,/:\-]|[ \t]*(?:%|[a-zA-Zµ]))"
                  r"|[ \t]+(?:j['’](?=\w)|(?:je|on|nous|vous|tu|mon|ma|mes)(?![\w])))")
# a birth year in two digits after 'né(e) en' ('Cohen, né en 87', 'née en 04 à Lille'): the core reads four
_TENS_PREFIXES = ("dix", "vingt", "trente", "quarante", "cinquante", "soixante", "septante", "quatre-vingt", "huitante",
                  "octante", "nonante")
_TENS_WORDS = frozenset(t + u for t in _TENS_PREFIXES for u in (
    "", "s", "-et-un", "-un", "-deux", "-trois", "-quatre", "-cinq", "-six", "-sept", "-huit", "-neuf", "-dix", "-onze",
    "-douze", "-treize", "-quatorze", "-quinze", "-seize", "-dix-sept", "-dix-huit", "-dix-neuf"))
_BORN_WORDS = frozenset({"ne", "nee", "nes", "nees"})
_BORN_IN_WORDS = re.compile(r"(?<![\w])nee?s?[ \t]+en[ \t]+(?P<y>(?:" + "|".join(_TENS_PREFIXES) + r")[a-z\-]*"
                            r"(?:[ \t]+et[ \t]+(?:un|onze)|[ \t]+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf))?)"
                            r"(?![\w\-]|[ \t]+(?:semaines?|sa|jours?|heures?|minutes?|mois|ans?)(?![\w]))")
# (matched at the number token after 'né en': not a measure, a term or a decimal after it)
_BORN_YEAR_DIGITS = re.compile(r"\d\d(?![\w]|[.,/:\-]\d|[ \t]*(?:%|[a-zA-Zµ](?<![ \t]à)(?<![ \t]a)))")
_LONE_DAYS = tuple(re.compile(lead + _LONE_DAY_TAIL, re.MULTILINE) for lead in (
    r"le(?<![^\W\d_]le)", r"Le(?<![^\W\d_]Le)", r"du(?<![^\W\d_]du)", r"jusqu['’]au"))
# ... and after 'au' when an appointment is moved or set ('déplacer le rendez-vous au 21 ?', 'RDV reporté au 12.'): 'au'
# alone also leads to a floor or a ward ('monté au 2, chambre 14')
_LONE_DAY_AU = re.compile(r"au(?<![^\W_]au)" + _LONE_DAY_TAIL, re.MULTILINE)
_RESCHEDULE_WORDS = frozenset(
    w + end for w in ("report", "deplac", "decal", "avanc", "repouss", "programm", "convoqu", "fix") for end in (
        "e", "ee", "es", "ees", "er")) | {"rdv", "rv", "rendez-vous", "remis", "remise", "remettre", "prevu", "prevue"}
_RESCHEDULE_BEFORE = re.compile(r"(?:report|d[ée]plac|d[ée]cal|avanc|repouss|remis|remettr|pr[ée]vu|fix[ée]|programm"
                                r"|convoqu|rendez-vous|rdv|rv)\w*\W+(?:[^\W\d]+\W+){0,3}$", re.IGNORECASE)
# ... never a number after a call ('appeler le 15': an emergency number) nor a size, a rank or a place's number
_NOT_LONE_DAY_BEFORE = re.compile(
    r"(?:appel\w*|compos\w*|fai[rst]\w*|contact\w*|joindre|joint|pr[ée]ven\w*|num[ée]ro|n°|score|sonde|grade|stade|"
    r"niveau|charri[èe]re|taille|pointure|[ée]tage|chambre|lit|box|bus|ligne|salle|bureau|porte|page|point|note|classe|"
    r"groupe|type|calibre|gauge|aiguille|canule|drain|cath[ée]ter|vis|broche|plaque|t[ée]l|poste|bip|sur|glasgow|"
    r"[ée]chelle|eva|ens|cotation|dose|palier|cran|taille|degr[ée]|rang|doigt|orteil|rayon|c[ôo]te|vert[èe]bre|segment)"
    r"\W+(?:\w+\W+)?$", re.IGNORECASE)


# English dates, month first as letters from abroad and teaching files write them ('October 30', 'Oct. 30, 2024',
# 'March 4th'), or an ordinal day before the month ('30th October 2024', '1st of May'); the month is capitalised
# (a lower-case 'may 3' is a verb) and the day is no measure ('March 4 mg')
_EN_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
             r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_EN_DATE_TAIL = r"(?:,?[ \t]+(?:19|20)\d{2})?(?![\w]|[.,:/]\d|[ \t]*(?:mg|ml|kg|cm|mm|%|h\b|x\b))"
# (two scans, each led by what the engine can skip to: the month's letters, the day's digit; the word start of the
# month-led one is checked in code)
_ENGLISH_DATES = (
    re.compile(_EN_MONTH + r"[ \t]+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?" + _EN_DATE_TAIL),
    re.compile(r"(?P<d>\d(?<![\w.]\d)\d?)(?:st|nd|rd|th)[ \t]+(?:of[ \t]+)?" + _EN_MONTH + _EN_DATE_TAIL),
)
# a lone year next to an imaging modality in an exam history ('Antériorités : 2019 MR GENOU D ; 2021 RX BASSIN', 'IRM
# 2019, RX 2021'): the exam's date; the year opens a list item (after a line start, ';', ',', a dash, '|', ':', '(', a
# bullet) and a modality follows it, or a modality's acronym comes right before it and the item ends after it
_MODALITIES = (r"(?-i:RX|Rx|CT|MR|MRI|IRM|Irm|TDM|ECHO|Echo|ÉCHO|Écho|US|TEP|PET|SCINTI|Scinti|MAMMO|Mammo|DX|CR|NM|XR|"
               r"SCANNER|Scanner|scanner|RADIO|Radio|radio|[EÉeé]chographie|ECHOGRAPHIE|[Mm]ammographie|MAMMOGRAPHIE)")
_LONE_YEAR = re.compile(r"\d(?<![\w.,/:\-]\d)\d{3}(?![\w]|[.,/:\-]\d)")
_MODALITY_AFTER = re.compile(r"[ \t]*(?:[:\-–—][ \t]*)?" + _MODALITIES + r"(?![\w])")
_MODALITY_BEFORE = re.compile(r"(?<![\w])(?-i:RX|Rx|CT|MR|MRI|IRM|TDM|TEP|PET|US|DX|XR)[ \t]+$")
_ITEM_START = re.compile(r"(?:^|[;,|(•*:\-–—])[ \t]*$", re.MULTILINE)
_ITEM_END = re.compile(r"[ \t]*(?:[,;|)]|\.(?!\d)|$)", re.MULTILINE)
_MODALITY_GATE = frozenset({"rx", "ct", "mr", "mri", "irm", "tdm", "echo", "us", "tep", "pet", "scinti", "mammo", "dx",
                            "cr", "nm", "xr", "scanner", "radio", "echographie", "mammographie"})
_EN_MONTH_WORDS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                             "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                             "sept", "oct", "nov", "dec"})

# Dutch and English calendar words the French rules do not read: a weekday before a day and a month ('dinsdag 14 mei',
# 'Tue, 14 May 2024', 'Friday 3 March'; the month-first English 'Tuesday, June 7th' keeps its weekday out, as pinned
# in misc11), and a month with its year alone ('sinds maart 2023', 'in March 2021'). Every
# set that writes such a date keeps the weekday and the month inside the span, as for French dates. English names in
# title case or capitals only ('may' and 'march' are English words); gated on the words, one scan each
_NL_MONTHS = r"januari|februari|maart|mrt|april|mei|juni|juli|augustus|september|oktober|okt|november|december"
_EN_MONTHS_CASED = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December"
                    r"|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER"
                    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)")
_FOREIGN_MONTH = r"(?:" + _NL_MONTHS + r"|" + _EN_MONTHS_CASED + r")\.?"
_FOREIGN_WEEKDAY = (r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag"
                    r"|(?-i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?)")
_FOREIGN_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th|e)?"
_FOREIGN_YEAR = r"(?:,?[ \t]+(?:19|20)\d{2}(?!\d))?"
_FOREIGN_WEEKDAY_DATE = re.compile(
    r"(?<![\w'’])" + _FOREIGN_WEEKDAY + r",?[ \t]+(?:" + _FOREIGN_DAY + r"[ \t]+" + _FOREIGN_MONTH + r"(?!\w)"
    + _FOREIGN_YEAR + r"|(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])(?:[/.\-](?:19|20)?\d{2})?(?![\w/\-]|[.,:]\d))",
    re.IGNORECASE)
_FOREIGN_MONTH_YEAR = re.compile(r"(?<![\w\-/.])(?<!\d[ \t])(?:" + _NL_MONTHS + r"|" + _EN_MONTHS_CASED
                                 + r")[ \t]+(?:19|20)\d{2}(?![\w/\-]|[.,:]\d)", re.IGNORECASE)
_FOREIGN_CAL_WORDS = frozenset({
    "januari", "februari", "maart", "mrt", "mei", "juni", "juli", "augustus", "oktober", "okt", "january", "february",
    "march", "may", "june", "july", "august", "october", "april", "september", "november", "december",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"})
_FOREIGN_MONTH_ONLY = _FOREIGN_CAL_WORDS - {
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}


class DateExtraAnnotator(Annotator):
    """Dates the core date annotator leaves out: day/month without a year, the first day of a range,
    a two-digit birth year after a month name, a season with a year, a month named after a cue."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        text = ctx.text
        for m in _NUMERIC_EXTRA_RE.finditer(text):
            if m.group("dm") is not None:
                dm = text[m.start() : m.end("dm")]
                day, month = re.split(r"[/.\-]", dm)
                if not 1 <= int(day) <= 31 or (len(day) == 1 and month[0] != "0") or (
                        "/" not in dm and not _GERMAN_DATE_CUE.search(text, max(0, m.start() - 8), m.start())):
                    continue  # '1/3', '1/10' are fractions; '17-02', '22.04.' are dates after a cue only
                if "." in dm and text[m.end() : m.end() + 1] == "." and not text[m.end() + 1 : m.end() + 2].isalnum():
                    out.append((m.start(), m.end() + 1, self.tag))  # German 'am 22.04.'
                    continue
                if m.start() > 0 and text[m.start() - 1] == ":":
                    continue
                line_start = text.rfind("\n", 0, m.start()) + 1
                if _NOT_DATE_BEFORE.search(text[max(line_start, m.start() - 25) : m.start()]):
                    continue
                weekday = _WEEKDAY_BEFORE.search(text[max(line_start, m.start() - 12) : m.start()]) or (
                    _TWO_LETTER_WEEKDAY_LINE.fullmatch(text, line_start, m.start()))
                start = m.start() - (len(weekday.group().lstrip(" \t•·-–>*")) if weekday else 0)  # 'mardi 14/04'
                out.append((start, m.end(), self.tag))
            elif m.group("range") is not None:
                if not 1 <= int(text[m.start() : m.end("range")]) <= 31 or _NOT_DATE_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                    continue
                end = m.end("range")
                if m.group("sep").strip() in ("-", "–"):
                    month = _HYPHEN_RANGE_END.match(text, end)
                    if not month:
                        continue  # '3-4' alone is no date
                    out.append((m.start(), month.end(), self.tag))  # '20-21 juin', '14-15/01' as one span
                    continue
                else:
                    out.append((m.start(), end, self.tag))
            elif m.group("dmy") is not None:
                if re.search(r"(?:\bn[ée]e?|naissance|ddn)\W+(?:le\s+)?$", fold(text[max(0, m.start() - 25) : m.start()])) or (
                        _CLAUSE_END.match(text, m.end())):
                    out.append((m.start(), m.end(), self.tag))  # a birth date, or '12 mars 24' closing a clause
            elif m.group("spaced") is not None:
                day, month = (int(x) for x in re.findall(r"\d+", m.group())[:2])
                if 1 <= day <= 31 and 1 <= month <= 12 and any(c.isspace() for c in m.group()):
                    out.append((m.start(), m.end(), self.tag))  # (plain '12/03/2025' is the core's)
            elif m.group("glued") is not None:
                if 1 <= int(re.match(r"\d+", m.group()).group()) <= 31:
                    out.append((m.start(), m.end(), self.tag))
            elif m.group("yr") is not None:
                first, last = int(text[m.start() : m.start() + 4]), int(text[m.end() - 4 : m.end()])
                if 1880 <= first and last == first + 1 and _SCHOOL_YEAR_CUE.search(
                        ctx.folded_text, max(text.rfind("\n", 0, m.start()) + 1, m.start() - 24), m.start()):
                    out.append((m.start(), m.end(), self.tag))  # a school year, one span: 'année scolaire 2025-2026'
                elif 1880 <= first <= last <= 2100 and _YEAR_SPAN_CUE.search(text, max(0, m.start() - 12), m.start()):
                    out.append((m.start(), m.start() + 4, self.tag))
                    out.append((m.end() - 4, m.end(), self.tag))
            elif m.group("ym") is not None:
                if 1900 <= int(m.group()[:4]) <= 2100:
                    out.append((m.start(), m.end(), self.tag))
            elif m.group("foreign") is not None or m.group("german") is not None:
                out.append((m.start(), m.end(), self.tag))
            elif m.group("roman") is not None:
                if 1 <= int(text[m.start() : m.start("rsep")]) <= 31 and m.group("rsep") != " " or text[
                        m.start() : m.end()].count(" ") == 2:
                    out.append((m.start(), m.end(), self.tag))
            elif m.group("mon3") is not None:
                if 1 <= int(re.match(r"\d+", m.group()).group()) <= 31:
                    out.append((m.start(), m.end(), self.tag))
            elif m.group("dmdot") is not None:
                day = int(text[m.start() : m.end()].split(".")[0])
                if 1 <= day <= 31 and _GERMAN_DATE_CUE.search(text, max(0, m.start() - 8), m.start()):
                    out.append((m.start(), m.end(), self.tag))
            elif m.group("first") is not None:
                out.append((m.start(), m.end(), self.tag))
            elif m.group("curday") is not None:
                if 1 <= int(text[m.start() : m.end("curday")].rstrip("er")) <= 31 and _CURRENT_DAY_CUE.search(
                        text, max(0, m.start() - 12), m.start()):
                    out.append((m.start(), m.end("curday"), self.tag))
        if "/" in text:
            out.extend(self._short_day_months(text))
        if "|" in text:
            for m in _HL7_DATE.finditer(text):
                if 1880 <= int(m.group()[:4]) <= 2100:
                    out.append((m.start(), m.end(), self.tag))
        ft = ctx.folded_text
        out.extend(self._compact_dates(text, ft))
        if "en" in ctx.folded_set and not _BORN_WORDS.isdisjoint(ctx.folded_set):
            out.extend(self._born_in_short_years(ctx))
        for scan in _LONE_DAYS:
            for m in scan.finditer(text):
                s = m.start()
                if 1 <= int(text[m.start("d") : m.end("d")].rstrip("er")) <= 31 and not _NOT_LONE_DAY_BEFORE.search(
                        text, max(0, s - 30), s):
                    out.append((m.start("d"), m.end("d"), self.tag))
        if " au " in ft and not _RESCHEDULE_WORDS.isdisjoint(ctx.folded_set):
            for m in _LONE_DAY_AU.finditer(text):
                s = m.start()
                if 1 <= int(text[m.start("d") : m.end("d")].rstrip("er")) <= 31 and _RESCHEDULE_BEFORE.search(
                        text, max(0, s - 50), s) and not _NOT_LONE_DAY_BEFORE.search(text, max(0, s - 30), s):
                    out.append((m.start("d"), m.end("d"), self.tag))
        if " au " in ft and ("nuit" in ft or "week" in ft or "soiree" in ft or "journee" in ft or "garde" in ft):
            for m in _DAY_TO_DAY.finditer(ft):
                a, b = (int(x.rstrip("er")) for x in m.group("r").split(" au "))
                if 1 <= a <= 31 and 1 <= b <= 31 and (b == a + 1 or a > 27 and b <= 2):
                    out.append((m.start("r"), m.end("r"), self.tag))  # the next day: 'du 31 au 1'
        at = ctx.indices(_WORD_GATE, bare=True)  # (a set intersection on the distinct words, not a probe per token)
        if at:
            out.extend(self._word_dates(ctx, at))
        if not _THOUSAND_WORDS.isdisjoint(ctx.folded_set):
            out.extend(self._spoken_lone_years(ctx))
        if not _MODALITY_GATE.isdisjoint(ctx.folded_set):
            for m in _LONE_YEAR.finditer(text):
                s, e = m.span()
                if not 1900 <= int(m.group()) <= 2099:
                    continue
                line = text.rfind("\n", 0, s) + 1
                if _MODALITY_AFTER.match(text, e) and _ITEM_START.search(text, max(line, s - 3), s) or (
                        _MODALITY_BEFORE.search(text, max(line, s - 6), s) and _ITEM_END.match(text, e)):
                    out.append((s, e, self.tag))
        if not _EN_MONTH_WORDS.isdisjoint(ctx.folded_set):
            for scan in _ENGLISH_DATES:
                for m in scan.finditer(text):
                    s = m.start()
                    if 1 <= int(m.group("d")) <= 31 and (s == 0 or not (text[s - 1].isalnum() or text[s - 1] == ".")):
                        out.append((s, m.end(), self.tag))
        if not _FOREIGN_CAL_WORDS.isdisjoint(ctx.folded_set):
            out.extend((m.start(), m.end(), self.tag) for m in _FOREIGN_WEEKDAY_DATE.finditer(text))
            if not _FOREIGN_MONTH_ONLY.isdisjoint(ctx.folded_set):
                out.extend((m.start(), m.end(), self.tag) for m in _FOREIGN_MONTH_YEAR.finditer(text))
        if "mi-" in ctx.folded_text:  # 'mi-mars' is one token
            out.extend((m.start(1), m.end(1), self.tag) for m in _MI_MONTH.finditer(ctx.folded_text))
        return out

    def _short_day_months(self, text: str) -> list[Candidate]:
        """'rx genou g - 10/3', 'consult. ortho 12/3', 'fait lun. 9/11' (see _SHORT_DM)."""
        out: list[Candidate] = []
        for m in _SHORT_DM.finditer(text):
            slash = m.start()
            start = slash
            while start > 0 and slash - start < 2 and text[start - 1].isdigit():
                start -= 1
            if start == slash or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.,:+-_")):
                continue
            day, month = text[start:slash], m.group(1)
            if len(day) == 2 and len(month) == 2 or not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
                continue  # (two digits each side: the other day/month rules')
            line_start = text.rfind("\n", 0, start) + 1
            before = text[max(line_start, start - 30) : start]
            if _NOT_DATE_BEFORE.search(before) or _NOT_DATE_BEFORE.search(_DASH_BEFORE.sub("", before)):
                continue  # ('EVA - 6/10', 'Schober 14/10')
            weekday = _SHORT_WEEKDAY_BEFORE.search(before)
            if weekday:
                out.append((start, m.end(), self.tag))
                continue
            if f"{int(day)}/{int(month)}" in _FRACTIONS or not _SHORT_DM_END.match(text, m.end()):
                continue
            words = [fold(w) for w in _WORDS.findall(text[max(line_start, start - 60) : start])]
            if not _VISIT_WORDS.isdisjoint(words[-3:]) or (
                    _DASH_BEFORE.search(before) and not _VISIT_WORDS.isdisjoint(words)):
                out.append((start, m.end(), self.tag))  # (a dash: 'Q2 Temps - 2/5' is a score, no visit said)
        return out

    def _born_in_short_years(self, ctx: Context) -> list[Candidate]:
        """A birth year in two digits after 'né(e)(s) en', in digits or in words ('né en 87', 'né en quarante-sept'):
        found from the tokens 'né' followed by 'en', then one anchored match each."""
        out: list[Candidate] = []
        toks, folded, text = ctx.tokens, ctx.folded, ctx.text
        words = None
        for b in ctx.indices(_BORN_WORDS):  # (rarer than 'en')
            i = b + 1
            if i + 1 >= len(toks) or folded[i] != "en" or not (ctx.joined(i) and ctx.joined(i + 1)):
                continue
            nxt = toks[i + 1]
            if nxt.kind == "num":
                m = _BORN_YEAR_DIGITS.match(text, nxt.start)
                if m and m.end() == nxt.end:
                    out.append((nxt.start, nxt.end, self.tag))
            else:
                if words is None:
                    words = not _TENS_WORDS.isdisjoint(ctx.folded_set)
                m = _BORN_IN_WORDS.match(ctx.folded_text, toks[i - 1].start) if words else None
                if m:
                    value = parse_number(m.group("y").split())
                    if value is not None and 10 <= value <= 99:
                        out.append((m.start("y"), m.end("y"), self.tag))
        return out

    def _compact_dates(self, text: str, ft: str) -> list[Candidate]:
        """Compact dates of structured exports (see ``_COMPACT_YMD``): after a date label, or as a delimited field."""
        out: list[Candidate] = []
        for m in _EIGHT_DIGIT_RUN.finditer(text):
            s, e = m.span()
            ymd, dmy = _COMPACT_YMD.fullmatch(text, s, e), _COMPACT_DMY.fullmatch(text, s, e)
            if not (ymd or dmy):
                continue
            line = text.rfind("\n", 0, s) + 1
            label = _COMPACT_DATE_LABEL.search(ft, max(line, s - 48), s)
            left, right = text[line:s].rstrip(" "), text[e : e + 12].lstrip(" ")
            field = bool(left) and left[-1] in _FIELD_SEP and (not right or right[0] in _FIELD_SEP or right[0] == "\n")
            # a column of a fixed-width listing: two spaces (or the line's edge) on each side ('20240312  RX THORAX')
            column = ymd and (s == line or text[s - 2 : s] == "  ") and (e == len(text) or text[e] == "\n"
                                                                          or text[e : e + 2] == "  ")
            if ymd and (label or field or column) or dmy and (field or label and "da" not in label.group()[:3]):
                out.append((s, e, self.tag))
        if "date" in ft:
            for m in _COMPACT_DATETIME.finditer(text):
                s = m.start()
                if _COMPACT_YMD.fullmatch(text, s, s + 8) and _COMPACT_DATE_LABEL.search(
                        ft, max(text.rfind("\n", 0, s) + 1, s - 48), s):
                    out.append((s, s + 8, self.tag))
        return out

    def _spoken_lone_years(self, ctx: Context) -> list[Candidate]:
        """A year in words after a year's cue, as the digit form is read ('né en 1967'): 'né en mille neuf cent
        cinquante', 'en deux mille vingt', "depuis l'an deux mille"; a count ('mille euros') has no cue."""
        out: list[Candidate] = []
        folded, toks = ctx.folded, ctx.tokens
        last_end = -1
        for t in ctx.indices(_THOUSAND_WORDS):
            if t < last_end:
                continue  # ('deux mille ... mil' read once)
            s = t
            while s > 0 and is_number_word(folded[s - 1]) and folded[s - 1] != "et" and ctx.joined(s):
                s -= 1
            year = longest_number_at(folded, s, max_tokens=7)
            if not year or year[0] <= t or not 1880 <= year[1] <= 2100 or s == 0 or not ctx.joined(s):
                continue
            if not all(ctx.joined(k) for k in range(s + 1, year[0])):
                continue
            after = year[0]
            if after < len(toks) and toks[after].kind == "word" and ctx.joined(after) and (
                    folded[after] not in ctx.lookups.function_words):
                continue  # a quantity: 'en deux mille mètres'
            cue = ctx.bare[s - 1]
            if cue in _SPOKEN_YEAR_CUES or cue == "an" and s > 1 and folded[s - 2] in ("l'", "l"):
                out.append((toks[s].start, toks[year[0] - 1].end, self.tag))
                last_end = year[0]
        return out

    def _spoken_year(self, ctx: Context, i: int) -> Candidate | None:
        """A dictated year after a month: 'mars vingt vingt-quatre' (2024), and after a birth cue a
        two-digit one, 'né le onze novembre quarante-sept'; the day before the month goes with it."""
        folded, toks, n = ctx.folded, ctx.tokens, len(ctx.tokens)
        if i + 1 >= n or not ctx.joined(i + 1) or not is_number_word(folded[i + 1]):
            return None  # (both forms below start with a number word after the month)
        first = i
        day = longest_number_before(folded, i, max_tokens=3)
        if day and 1 <= day[1] <= 31 and all(ctx.joined(k) for k in range(day[0] + 1, i + 1)):
            first = day[0]
        elif i > 0 and ctx.joined(i) and (folded[i - 1] in ("premier", "1er") or toks[i - 1].kind == "num" and (
                folded[i - 1].isdigit() and 1 <= int(folded[i - 1]) <= 31)):
            first = i - 1  # '1er mai', '12 mars deux mille vingt-quatre'
        elif i > 1 and folded[i - 1] == "er" and folded[i - 2] == "1" and ctx.joined(i) and toks[i - 1].start == toks[i - 2].end:
            first = i - 2  # '1er' is two tokens: '1', 'er'
        whole = longest_number_at(folded, i + 1, max_tokens=6)
        if whole and 1880 <= whole[1] <= 2100 and all(ctx.joined(k) for k in range(i + 1, whole[0])):
            return (toks[first].start, toks[whole[0] - 1].end, self.tag)  # 'mars deux mille vingt-quatre'
        if folded[i + 1] == "vingt" and i + 2 < n and ctx.joined(i + 2):
            year = longest_number_at(folded, i + 2, max_tokens=4)
            if year and 0 <= year[1] <= 99 and all(ctx.joined(k) for k in range(i + 2, year[0])):
                return (toks[first].start, toks[year[0] - 1].end, self.tag)
        year = longest_number_at(folded, i + 1, max_tokens=4)
        if year and 0 <= year[1] <= 99 and first < i and all(ctx.joined(k) for k in range(i + 1, year[0])) and (
                _BIRTH_CUE.search(ctx.folded_text, max(0, toks[first].start - 16), toks[first].start)):
            return (toks[first].start, toks[year[0] - 1].end, self.tag)
        return None

    def _word_dates(self, ctx: Context, at: list[int] | None = None) -> list[Candidate]:
        """Seasons with a year, months after a cue or before 'dernier', from the tokens that name them
        (``at``: their indices)."""
        out: list[Candidate] = []
        text, toks, bare = ctx.text, ctx.tokens, ctx.bare
        for i in [i for i, b in enumerate(bare) if b in _WORD_GATE] if at is None else at:
            b, tok = bare[i], toks[i]
            spoken = self._spoken_year(ctx, i) if b in _MONTH_KEYS else None
            if spoken:
                out.append(spoken)
            start, end = tok.end - len(b), tok.end  # the word without an elision ("d'août" -> 'août')
            if end < len(text) and text[end] == "." and b in ("janv", "fev", "fevr", "avr", "juil", "sept", "oct",
                                                               "nov", "dec"):
                end += 1
            if b in _WEEKDAYS:
                day = _DAY_AFTER_WEEKDAY.match(text, tok.end)
                if day:
                    out.append((tok.start, day.end(), self.tag))
                elif _JOURNAL_WEEKDAY_AFTER.match(text, tok.end) and not text[
                        text.rfind("\n", 0, tok.start) + 1 : tok.start].strip(" \t•·-–*>"):
                    out.append((tok.start, tok.end, self.tag))  # a journal's entry: 'lundi : toux, radio faite'
                continue
            if b in _SEASONS:
                year = _YEAR_AFTER.match(text, tok.end)
                if year:
                    out.append((tok.start, year.end(), self.tag))  # "l'été 2025" keeps its article
                continue
            word = text[start:tok.end]
            surname_like = word[0].isupper() and not word.isupper() and b in _MONTH_SURNAMES
            if _LAST_AFTER.match(text, tok.end) and not surname_like:
                out.append((start, end, self.tag))
                continue
            cue = _MONTH_CUE_BEFORE.search(text, max(0, start - 16), start)
            if not cue and word.islower() and _OF_BEFORE.search(text, max(0, start - 4), start):
                out.append((start, end, self.tag))  # "l'échographie de novembre", "sa chute d'avril"
                continue
            if cue and not (surname_like and fold(cue.group()).split()[0].rstrip("'") in ("en", "fin", "des", "depuis", "vers")):
                out.append((start, end, self.tag))
        return out

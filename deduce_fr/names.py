"""Word lists and small tests used by the person annotator (kept apart from annotators.py, which
three people edit at once). Pure functions of a ``Context``: no list scans, set lookups only."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from deduce_fr.lookups import fold
from deduce_fr.places import RESIDENCE_CUES

if TYPE_CHECKING:  # annotators imports this module: no import cycle at run time
    from deduce_fr.annotators import Context

# a known first name alone ('avec Mathieu', 'sa fille (Josiane)') is not a person right after these:
# streets, saints, wards and buildings, hospitals, eponymous diseases and signs
LONE_BLOCKERS = frozenset({
    "saint", "sainte", "st", "ste", "sint", "san", "santa", "notre-dame", "rue", "avenue", "av", "boulevard",
    "bd", "place", "square", "quai", "allee", "chemin", "chaussee", "impasse", "clos", "dreve", "cours", "route",
    "hopital", "clinique", "institut", "centre", "residence", "home", "pavillon", "salle", "service", "unite",
    "batiment", "aile", "site", "lycee", "ecole", "college", "universite", "fondation", "maladie", "syndrome",
    "signe", "loi", "tendon", "canal", "fracture", "test", "manoeuvre", "score", "classification", "stade",
    "type", "cas", "la", "le", "les", "l", "prix", "hotel", "gare",
    "station", "eglise", "parc", "pont", "port", "lac", "mont", "cap", "ile", "iles", "golfe", "baie", "villa",
})
# before a first name + eponym, an eponym ('syndrome de Pierre Robin', 'selon Greulich et Pyle')
EPONYM_CUES = frozenset({"de", "d", "du", "des", "selon", "et", "type", "stade", "classification"})
# nouns that name a sign, a structure or a rule after a person: 'triangle de Ward', 'angle de Baumann', 'ligne de Hilgenreiner'
EPONYM_HEADS = frozenset({"triangle", "angle", "ligne", "lignes", "espace", "canal", "signe", "maladie", "syndrome",
                          "manoeuvre", "test", "loi", "score", "classification", "critere", "criteres", "stade",
                          "fracture", "tubercule", "membrane", "ligament", "tendon", "muscle", "nerf", "artere",
                          "veine", "point", "zone", "cercle", "arcade", "incidence", "methode", "technique",
                          "procedure", "operation", "intervention", "cellules", "cellule", "corps", "noyau",
                          "faisceau", "bourse", "fossette", "gaine", "plan", "triade", "reflexe", "phenomene"})
# titles that are never anything else: one medical word after them is a surname ('Dr Canal')
SURE_TITLES = frozenset({"dr", "dre", "docteur", "docteure", "doctoresse", "mme", "madame", "monsieur", "mlle",
                         "mademoiselle", "professeur", "professeure", "drs", "dres"})
# triggers ending in these words need no colon: 'dicté par X', 'adressé à X', 'en présence de X',
# 'se fait appeler X', 'surnommé « Jojo »'
TRIGGER_ENDS = frozenset({"par", "a", "de", "avec", "chez", "appeler", "surnomme", "surnommee", "usuel", "usage",
                          "appele", "appelee", "dit", "dite"})
# titles read in capitals too ('MME DUPONT', 'DOCTEUR MARTIN'); role titles ('INFIRMIÈRE') are not
UPPER_TITLES = frozenset({"dr", "dre", "drs", "dres", "pr", "prof", "prs", "profs", "docteur", "docteure", "doctoresse",
                          "professeur", "professeure", "mr", "mme", "mmes", "mlle", "mm", "monsieur", "madame",
                          "mademoiselle", "messieurs", "mesdames", "docteurs", "professeurs"})
# feasts and holidays that are also first names: 'retour prévu à Noël'
NOT_LONE = frozenset({"noel", "paques", "toussaint", "pentecote", "ascension", "assomption", "epiphanie",
                      "chandeleur", "careme", "avent", "nativite", "trinite"})
# words that go on after a name: 'Mme Durand née Lecomte', 'Marie Van Hecke épouse Claeys', 'Mme veuve X'
NAME_LINKS = frozenset({"nee", "ne", "epouse", "ep", "veuve", "vve", "divorcee", "dite", "dit", "alias"})
# after a female title, before the name: 'Mme veuve Durand', 'Mme Vve Durand'
TITLE_LINKS = frozenset({"veuve", "vve", "ve"})
# modifiers between a kin word and the name besides annotators.KIN_MODIFIERS ('son frère jumeau Lucas')
KIN_MODIFIERS_EXTRA = frozenset({"jumeau", "jumelle", "aine", "ainee", "benjamin", "benjamine", "biologique",
                                 "adoptif", "adoptive", "cadet", "cadette", "majeur", "majeure", "mineur",
                                 "mineure", "present", "presente", "referent", "referente", "coordinateur",
                                 "coordinatrice", "de", "liaison", "garde", "nuit", "jour"})
# kin words that need a known first name after them ('la petite Inès', not 'la petite Maison')
KIN_NEED_FIRST_NAME = frozenset({"petit", "petite", "enfant", "enfants", "bebe", "jeune", "parents", "ide",
                                 "interne", "externe", "stagiaire", "secretaire", "aide"})

_CLOSING = re.compile(
    r"^[ \t]*(?:(?:bien|très|tres)[ \t]+)?(?:"
    r"cordialement|confraternellement|amicalement|amitiés|amities|bien à (?:vous|toi)|bien a (?:vous|toi)"
    r"|(?:mes |nos |sincères |sinceres |meilleures |respectueuses |bien )*salutations[^\n]{0,60}"
    r"|(?:je vous prie|veuillez)[^\n]{0,120}|(?:avec )?(?:mes |nos )?(?:remerciements|salutations)[^\n]{0,60}"
    r"|(?:merci|bonne journée|bonne journee)[^\n]{0,30}|votre (?:dévoué|devoue|dévouée|devouee)"
    r"|sentiments [^\n]{0,60}|(?:grosses |gros )?bises|bon courage|à bientôt|a bientot|grazie(?: mille)?"
    r"|danke(?: schön| schoen)?|thanks|bedankt|gracias|obrigad[oa])[ \t,.!]*$",
    re.IGNORECASE | re.MULTILINE,
)


# a word of every closing formula, folded: the formulas are searched only in texts that hold one
_CLOSING_HINT = re.compile("cordial|confratern|amical|amitie|bien a |salutation|prie|veuillez|remerci|merci|"
                           "bonne journ|bonne soir|devoue|sentiment|bat|cdlt|cdt|respectueu|sincere|bise|bon courage|"
                           "a bientot|grazie|danke|thanks|bedankt|gracias|obrigad")
# (the lookahead on the first letter of every formula rejects most word starts before the alternation is tried:
# the scan is twice as fast, with the same matches)
_CLOSING_INLINE = re.compile(
    r"(?=[abcdgmnorst])(?<![\w-])(?:(?:bien |très |tres |bien )*(?:cordialement|confraternellement|amicalement|respectueusement"
    r"|sincèrement|sincerement)|amitiés|amities|bien à (?:vous|toi)|bien a (?:vous|toi)|bàt|bat|cdlt|cdt|merci"
    r"|(?:grosses |gros )?bises|bon courage|à bientôt|a bientot|grazie(?: mille)?|danke(?: schön| schoen)?|thanks"
    r"|bedankt|gracias|obrigad[oa]"
    r"|bonne (?:journée|journee|soirée|soiree)|(?:mes |nos |sincères |sinceres |meilleures |bien )*salutations"
    r"(?: distinguées| distinguees| confraternelles| cordiales)?|(?:avec )?(?:mes |nos )?remerciements)"
    r"[ \t]*[,.:—–-][ \t]*(?=(?:[A-ZÀ-ÖØ-Þ]))", re.IGNORECASE)


_SHORT_LINE = re.compile(r"^[ \t]*(\S+(?:[ \t]+\S+){1,3})[ \t]*$", re.MULTILINE)


def short_lines(ctx: Context) -> list[tuple[int, int]]:
    """Token ranges [i, j) of the lines that hold two to four blank-separated chunks: where a
    'NOM Prénom' line can be, found by one regex instead of a walk over every token."""
    cached = ctx.__dict__.get("_short_lines")  # (persons and persons_extra both ask: found once per text)
    if cached is not None:
        return cached
    matches = list(_SHORT_LINE.finditer(ctx.text))
    starts = ctx.starts
    cached = ctx.__dict__["_short_lines"] = [
        (bisect.bisect_left(starts, m.start(1)), bisect.bisect_left(starts, m.end(1))) for m in matches]
    return cached


def upper_document(ctx: Context) -> bool:
    """Most words written in capitals (an old RIS export, a shouted header block): capitalisation
    then tells nothing, and name rules that lean on it must be strict. Computed once per text."""
    cached = ctx.__dict__.get("_upper_document")
    if cached is None and len(ctx.caps) < 0.3 * len(ctx.tokens):
        cached = ctx.__dict__["_upper_document"] = False  # few capitalised words: no need to count
    if cached is None:
        words = [t for t in ctx.tokens if t.kind == "word" and len(t.text) > 1]
        cached = len(words) >= 5 and sum(t.text.isupper() for t in words) >= 0.6 * len(words)
        ctx.__dict__["_upper_document"] = cached
    return cached


def lower_document(ctx: Context) -> bool:
    """Nearly no capital letter in the text (a dictated note typed in lower case): a lower-case word
    can then be a name. Computed once per text."""
    cached = ctx.__dict__.get("_lower_document")
    if cached is None:
        # capitalised words enough: not a lower-case text (counted until the threshold is passed)
        limit, count, toks = 0.05 * len(ctx.tokens), 0, ctx.tokens
        for k in ctx.caps:
            text = toks[k][0]
            if not (len(text) <= 5 and text.isupper()):
                count += 1
                if count > limit:
                    cached = ctx.__dict__["_lower_document"] = False
                    break
    if cached is None:
        words = [t for t in ctx.tokens if t.kind == "word" and len(t.text) > 1]
        # an acronym ('ATCD', 'RX', 'HTA') is written in capitals even in a note typed in lower case
        cached = len(words) >= 5 and sum(not t.text.islower() and not (t.text.isupper() and len(t.text) <= 5)
                                         for t in words) <= 0.05 * len(words)
        ctx.__dict__["_lower_document"] = cached
    return cached


def signature_starts(ctx: Context) -> list[int]:
    """Token index of the first word of each line that follows a closing formula ('Cordialement,',
    'Bien à toi,', 'Je vous prie d'agréer...'), skipping blank lines: where a letter is signed;
    and of the word right after a short closing on the same line ('Amitiés, Marc Tilmant')."""
    text, folded_text = ctx.text, ctx.folded_text
    # both formula patterns match inside one line, and every match holds a hint word (folded, aligned with
    # the text): they are run on the lines that hold a hint only, in text order
    lines: list[tuple[int, int]] = []
    for hint in _CLOSING_HINT.finditer(folded_text):
        if lines and hint.start() < lines[-1][1]:
            continue  # (a second hint on a line already kept)
        end = text.find("\n", hint.end())
        lines.append((text.rfind("\n", 0, hint.start()) + 1, len(text) if end < 0 else end))
    if not lines:
        return []  # most reports close with no formula
    starts = ctx.starts
    out: list[int] = []
    if "\n" in text:
        for a, b in lines:
            for m in _CLOSING.finditer(text, a, b):
                k = bisect.bisect_left(starts, m.end())
                if k < len(ctx.tokens) and "\n" in text[m.end() : ctx.tokens[k].start]:
                    out.append(k)
    for a, b in lines:
        for m in _CLOSING_INLINE.finditer(text, a, b):
            k = bisect.bisect_left(starts, m.end())
            if k < len(ctx.tokens) and ctx.tokens[k].start == m.end():
                out.append(k)
    return out


def lone_first_name(ctx: Context, i: int) -> bool:
    """A capitalised known first name on its own ('Kinésithérapie avec Mathieu', 'Aide familiale
    (Josiane)'): not a common, medical or eponym word, not a town, not right after a street, saint,
    ward or disease word, not in an all-capitals word and not a month."""
    toks, lk = ctx.tokens, ctx.lookups
    tok = toks[i]
    if tok.kind != "word":
        return False
    whisper = tok.text.islower() and lower_document(ctx)  # a text in lower case: 'avec mathieu'
    if not tok.text[0].isupper() and not whisper:
        return False
    shouting = tok.is_upper and upper_document(ctx)  # a text in capitals: 'AVEC MATHIEU'
    if not shouting and not whisper and (tok.is_upper or not tok.text[1:2].islower()):
        return False
    f = ctx.folded[i]
    parts = f.split("-")
    if not all(p in lk.first_names for p in parts) or tok.text.lower() in _PARTICIPLES_LIKE_NAMES:
        return False
    if _CAMEL_HUMP.search(tok.text):
        return False  # 'MaRIA' (a score), 'LiDAR': capitals inside a word make an acronym, not a given name
    if f in NOT_LONE or any(p in lk.function_words or p in lk.medical for p in parts) or (f,) in lk.cities:
        return False
    if any(lk.is_common(p) for p in parts) and (shouting or whisper):
        return False  # 'PIERRE', 'CLAIRE' in capitals: nothing tells the name from the word
    if any(lk.is_common(p) for p in parts):
        # 'Claire', 'Pierre', 'Rose' are words too: a name only when capitalised in mid-sentence
        # ('avec Thomas', 'sa fille, Claire,'), never at the start of a sentence or a line
        prev = toks[i - 1] if i > 0 else None
        if prev is None or not ctx.joined(i) or len(f) < 4 or ctx.folded[i - 1] in EPONYM_CUES or not (
                prev.kind == "word" and (prev.text.islower() or ctx.folded[i - 1] in GREETINGS) or prev.text in ",("):
            return False
    if i > 0:
        prev = ctx.folded[i - 1]
        if prev in LONE_BLOCKERS or toks[i - 1].text in ("-", "'", "’", "/") and ctx.tokens[i - 1].end == tok.start:
            return False
        if prev in ("de", "d") and i > 1 and toks[i - 2].text.islower() and (
                ctx.folded[i - 2] in lk.medical or ctx.folded[i - 2] in EPONYM_HEADS):
            return False  # 'triangle de Ward', 'maladie de Ward': a clinical noun then 'de' names an eponym
        if toks[i - 1].is_cap and ctx.joined(i) and not toks[i - 1].is_upper and prev not in lk.first_names and (
                prev not in GREETINGS):
            return False  # 'Villa Marie', 'Foyer Sophie': part of a capitalised name that is not a person's
    if i + 1 < len(toks) and ctx.joined(i + 1):
        nxt = toks[i + 1]
        if nxt.text in ("-",) or nxt.kind == "num" and tok.end == nxt.start:
            return False
        if nxt.is_cap and not nxt.is_upper and ctx.folded[i + 1] not in lk.first_names:
            return False  # 'Sophie Hospitalisation': a first name before another capitalised word is left
            # to the two-word rules, which know about common words
    return True


# participles spelt like a first name once folded ('Marié à Mme X', 'Mariée, deux enfants'): the accent says which
_PARTICIPLES_LIKE_NAMES = frozenset({"marié", "mariée", "mariés", "mariées"})
_MONTHS_DAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier",
                          "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
                          "novembre", "decembre"})
# values of a form field that are not names ('Médecin traitant : Néant')
NOT_A_NAME = frozenset({"neant", "inconnu", "inconnue", "aucun", "aucune", "absent", "absente", "non", "oui", "ras",
                        "nc", "na", "nd", "idem", "lui-meme", "elle-meme", "personne", "urgences", "urgence", "garde",
                        "service", "patient", "patiente", "famille", "domicile", "externe", "interne", "moi-meme",
                        "fax", "mail", "e-mail", "email", "courrier", "telephone", "tel", "poste", "internet",
                        "ambulance", "smur", "samu", "pompiers", "police", "secretariat", "lui", "elle", "eux"})


def single_value_name(ctx: Context, j: int, end_ok: bool = False) -> bool:
    """One capitalised word alone after a form label ('Médecin traitant : Mai', 'Prescripteur :
    MARCHAND'), ending its line or followed by punctuation: a name even when it is a common word,
    unless it is medical, a function word or a 'none' value."""
    toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
    if j >= n or toks[j].kind != "word" or not toks[j].text[0].isupper() or len(toks[j].text) < 2:
        return False
    f = ctx.folded[j]
    if f in lk.medical or f in lk.function_words and f not in _MONTHS_DAYS or f in NOT_A_NAME:
        return False
    return end_ok or j + 1 >= n or not ctx.joined(j + 1) or toks[j + 1].text in ".,;()/-"


# before a first name alone: greetings ('Bonjour Stéphane,', 'Cher Niels,', 'Merci Margot !')
GREETINGS = frozenset({"bonjour", "bonsoir", "merci", "cher", "chere", "chers", "cheres", "salut", "coucou", "hello",
                       "bravo", "felicitations", "tres"})


def lone_surname(ctx: Context, i: int, town_at: Callable[[Context, int], tuple[int, bool]] | None = None) -> int:
    """End of a known surname on its own ('Appel à Breton.', 'Willems au tél.', 'tél De Paepe ce
    jour'), or 0: capitalised (not in capitals), in the surname list, not a common, medical or
    eponym word, not a town and not a first name (lone_first_name handles those), not after a
    street, saint, ward or hospital word, not followed by another capitalised word (a place or an
    institution's name) unless that is a first name ('Willems Anne'). ``town_at`` (the city annotator's
    finder) makes every place list count: a big town, or any town after a place cue, is no surname
    ('(Paris)', 'né à Luik', 'vit à Bergen')."""
    toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
    j = i
    while j < n - 1 and ctx.folded[j] in _SURNAME_PARTICLES and (toks[j].text[0].isupper() or j > i) and (
            ctx.joined(j + 1)) and j - i < 3:
        j += 1  # 'De Paepe', 'Van Hulle', 'Le Goff'
    tok = toks[j]
    whisper = tok.kind == "word" and tok.text.islower() and lower_document(ctx)  # 'appel à willems'
    if tok.kind != "word" or not whisper and (tok.is_upper or not tok.text[0].isupper() or not tok.text[1:2].islower()):
        return 0
    f = ctx.folded[j]
    if j > i and tuple(ctx.folded[i : j + 1]) in lk.cities:
        return 0  # 'La Rochelle', 'De Panne'
    if f in _DETERMINER_SURNAMES and j + 1 < n and ctx.joined(j + 1) and toks[j + 1].text[:1].islower():
        return 0  # 'Objet : Vos résultats': a determiner before its noun, not the surname Vos
    if j > i and all(ctx.folded[k] in _DUTCH_PARTICLES for k in range(i, j)) and not lk.is_common(tok.text) and (
            f not in lk.medical and tuple(ctx.folded[i : j + 1]) not in lk.cities) and not (
            i > 0 and (ctx.folded[i - 1] in LONE_BLOCKERS or ctx.folded[i - 1] in _PLACE_CUES)):
        return j + 1  # 'De Waele', 'Van Hoof', 'Vander Elst': a Flemish particle makes it a surname
    if f not in lk.surnames or lk.is_common(tok.text) or f in lk.function_words or (
            f in lk.first_names and j == i):
        return 0
    if j == i and f in _brand_words():
        return 0  # 'contrat de maintenance Philips': a vendor's name alone (data/fallback_not_names.txt)
    if (f,) in lk.cities and ((f,) not in lk.ambiguous_cities or i > 0 and ctx.folded[i - 1] in _PLACE_CUES):
        return 0  # a town; one that needs a cue ('Willems') is a name where no cue comes before it
    if town_at is not None and j == i:
        size, needs_cue = town_at(ctx, i)
        if size and (not needs_cue or i > 0 and (ctx.folded[i - 1] in _PLACE_CUES or ctx.folded[i - 1] in RESIDENCE_CUES)):
            return 0
    if i > 0 and (ctx.folded[i - 1] in LONE_BLOCKERS or ctx.folded[i - 1] in EPONYM_CUES or toks[i - 1].is_cap and ctx.joined(i) and (
            ctx.folded[i - 1] not in GREETINGS and not toks[i - 1].is_upper)):
        return 0  # 'Clinique Pasteur', 'Villa Sauvage'; a capitalised word before: left to other rules
    e = j + 1
    if j == i and e + 2 < n and toks[e].text == "." and (i == 0 or "\n" in ctx.gap(i)) and ctx.joined(e + 1) and (
            toks[e + 1].is_cap and ctx.joined(e + 2) and toks[e + 2].kind == "word" and toks[e + 2].text.islower()):
        return 0  # 'Vigneron. Rx genou droit': a one-word sentence opening a line, then prose: a trade, not a name
    if e < n and ctx.joined(e) and (toks[e].kind == "num" or _GRADE.fullmatch(toks[e].text)):
        return 0  # 'Dell III', 'Neer 3', 'Weber B': a classification named after its author
    if e < n and ctx.joined(e) and toks[e].is_cap and not toks[e].is_upper:
        if ctx.folded[e] in lk.first_names and not lk.is_common(toks[e].text):
            return e + 1  # 'Willems Anne'
        return 0
    return e


# French determiners that are surnames too ('Vos', 'Nos'): before a lower-case noun they are the determiner
_DETERMINER_SURNAMES = frozenset({"vos", "nos", "leur", "leurs", "ces", "des", "mes", "tes", "ses"})
_PLACE_CUES = frozenset({"a", "de", "d", "vers", "pres", "sur", "domicilie", "domiciliee", "habite", "ne", "nee",
                         "originaire", "region", "commune", "ville", "en", "au", "depuis", "jusqu'a", "route"})
_DUTCH_PARTICLES = frozenset({"de", "van", "vanden", "vander", "ver", "ten", "ter", "den", "der", "op", "t"})
_GRADE = re.compile(r"[IVX]{1,4}|[A-E]|[IVX]{1,4}[a-c]")
_SURNAME_PARTICLES = frozenset({"de", "van", "le", "la", "du", "von", "ter", "ten", "vanden", "vander", "den", "der",
                                "el", "ben", "da", "dos", "di", "del", "mac", "mc"})


def determiner_before_noun(ctx: Context, j: int) -> bool:
    """Token j is a French determiner that is a surname too ('vos', 'nos', 'ces') and a lower-case word follows it
    ('Madame, vos résultats'): the determiner of that noun, no name."""
    n = len(ctx.tokens)
    return ctx.folded[j] in _DETERMINER_SURNAMES and j + 1 < n and ctx.joined(j + 1) and (
        ctx.tokens[j + 1].text[:1].islower())


def lower_case_name(ctx: Context, j: int) -> int:
    """End of a lower-case name right after a lower-case title ('vu par dr morel'), or j: one or two
    words that are known names and not common words."""
    toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
    k = j
    while k < n and k - j < 2 and (k == j or ctx.joined(k)):
        t = toks[k]
        f = ctx.folded[k]
        if t.kind != "word" or not t.text.islower() or f in lk.function_words or lk.is_common(t.text) or not (
                f in lk.surnames or f in lk.first_names):
            break
        k += 1
    return k


def folded_words(text: str) -> list[str]:
    """Folded words of a phrase (for config lists)."""
    return [fold(w) for w in re.findall(r"[^\W\d_]+(?:[\-'’][^\W\d_]+)*", text)]


# administrative and medical abbreviations that follow a name in a header or a signature line
# ('Prénom : SAMIRA  DDN : ...', 'Dr Étienne Morel - RPPS 1000...', 'LAMBERT L. PTG D J+45'): never a name
NOT_NAME_ACRONYMS = frozenset({
    "ddn", "dn", "ipp", "nip", "nda", "rpps", "adeli", "inami", "niss", "nir", "finess", "ssn", "ins", "tel", "gsm",
    "fax", "ptg", "pth", "pte", "ptc", "lca", "lle", "atcd", "rdv", "sa", "cr", "rx", "irm", "tdm", "ecg", "eeg",
    "emg", "pet", "tep", "asa", "imc", "bmi", "ta", "fc", "fr", "spo2", "ttt", "tt", "ras", "nb", "ps", "cc"})
# care roles and care teams written as acronyms next to a name ('Isabelle IDEL', 'dr aubert orl', 'EMSP Laëtitia X'):
# no writer puts them inside a name span (none in any dev half), so a name stops at them
ROLE_ACRONYMS = frozenset({
    "ide", "idel", "idec", "ipa", "iade", "ibode", "as", "ash", "avs", "aes", "amp", "asg", "mk", "mkde", "orl",
    "emsp", "emasp", "usp", "cesf", "tisf", "ase", "ssiad", "sf"})
NOT_NAME_ACRONYMS = NOT_NAME_ACRONYMS | ROLE_ACRONYMS
_LEADING_TITLES = frozenset({"mme", "mlle", "madame", "mademoiselle", "monsieur", "mr", "dr", "docteur", "pr",
                             "professeur", "prof", "dre", "docteure",
                             # Dutch, German, English, Italian, Spanish and Portuguese civilities
                             "mevrouw", "mevr", "meneer", "mijnheer", "dhr", "heer", "herr", "herrn", "frau",
                             "mrs", "ms", "miss", "mister", "signora", "signor", "sig", "sra", "senora", "senor",
                             "senhora", "senhor"})


# religious titles, capitalised before a name ('Sœur Marie-Thérèse X', 'Père Jean Y', 'Frère Luc'): kept out like Mme
RELIGIOUS_TITLES = frozenset({"Sœur", "Soeur", "Père", "Frère", "Abbé", "Mère"})


def trim_person_span(ctx: Context, s: int, e: int) -> tuple[int, int]:
    """Trim from a person span what the name rules swept in and is no part of the name: a civility or
    title at its start ('Mme Henrard' -> 'Henrard': titles stay outside spans), an administrative or
    medical abbreviation at its end ('SAMIRA  DDN', 'Morel - RPPS', 'LAMBERT L. PTG'), and the town of
    practice after 'de'/'d'' ('Dr Alzin de Pepinster', 'Dr Gilles Tessier d'Angoulême'), which the
    place annotators tag LOCATION on their own."""
    toks, folded, lk = ctx.tokens, ctx.folded, ctx.lookups
    starts = ctx.starts
    a = bisect.bisect_left(starts, s)
    b = bisect.bisect_left(starts, e)  # tokens a..b-1 lie in the span
    if a >= b or toks[a].start != s:
        return s, e
    words = [k for k in range(a, b) if toks[k].kind in ("word", "init")]
    if len(words) < 2:
        return s, e
    # 'de Mehdi Saïdi', 'de Rosaria': a lower-case preposition before a known first name is no particle
    if toks[a].text in ("de", "d'", "d’", "du") and a + 1 < b and toks[a + 1].text[:1].isupper() and (
            all(p in lk.first_names for p in folded[a + 1].split("-"))):
        a += 1
    # a leading title, when a name word follows it
    if (folded[a].rstrip(".") in _LEADING_TITLES or toks[a].text in RELIGIOUS_TITLES) and toks[a].kind == "word":
        k = a + 1
        while k < b and toks[k].kind == "punct" and toks[k].text == ".":
            k += 1
        if k < b and toks[k].kind in ("word", "init"):
            a = k
    # a care role in capitals before the name ('EMSP Laëtitia X', 'IDE Nadia X')
    role_led = False
    # (before a known first name only: 'cabinet infirmier IDE Cholet' is read as an organisation with it)
    while a + 1 < b and toks[a].kind == "word" and toks[a].text.isupper() and folded[a] in ROLE_ACRONYMS and (
            toks[a + 1].kind == "word" and all(p in lk.first_names for p in folded[a + 1].split("-"))):
        a += 1
        role_led = True
    # the acronym took the place of a word: a surname after the lone first name it leaves belongs to the name
    # ('IDE EMSP Marion Lefèvre' read as 'EMSP Marion')
    if role_led and b == a + 1 and b < len(toks) and folded[a] in lk.first_names and toks[b].kind == "word" and (
            toks[b].is_cap and not toks[b].is_upper or toks[b].is_upper and len(toks[b].text) > 2) and (
            ctx.text[toks[a].end : toks[b].start] == " ") and lk.is_name_like(toks[b].text) and (
            not lk.is_common(toks[b].text)) and folded[b] not in NOT_NAME_ACRONYMS:
        b += 1
    # trailing abbreviations in capitals and the dash or dot before them
    while b - 1 > a and toks[b - 1].kind == "word" and toks[b - 1].text.isupper() and (
            folded[b - 1] in NOT_NAME_ACRONYMS):
        b -= 1
        while b - 1 > a and toks[b - 1].kind == "punct" and toks[b - 1].text in "-–—:/|":
            b -= 1
    # 'X de Town', 'X d'Town': a town that is no surname nor first name, after a name of its own
    last = folded[b - 1]
    elided = last.startswith(("d'", "d’"))
    town = last[2:] if elided else last
    cut = b - 1 if elided else b - 2
    if cut > a and toks[b - 1].kind == "word" and toks[b - 1].text[:1].isalpha() and (elided or (
            folded[cut] in ("de", "d") and toks[cut].text.islower())) and (town,) in lk.cities and (
            town not in lk.surnames and town not in lk.first_names) and not (
            # 'Dr Jean de Namur': after a first name alone, 'de Namur' is the surname
            # ('Olivier de Hemptinne', 'Paul-Henri de Lannoy': Belgian names on a place)
            cut == a + 1 and all(x in lk.first_names for x in folded[a].split("-"))):
        b = cut
    if b <= a:
        return s, e
    return toks[a].start, toks[b - 1].end


_BIRTH_CUES = frozenset({"ne", "nee", "originaire", "natif", "native", "domicilie", "domiciliee", "habite", "vit"})
_PLACE_LINKS = frozenset({"a", "au", "aux", "en", "de", "d", "du"})


def person_or_place(ctx: Context, s: int, e: int, tag: str) -> str:
    """A name word right after 'née à', 'né au', 'originaire de', 'habite à' is the place ('Mme Tran, née
    à Hanoï'): no list holds every town of the world, the cue says what it is. ('née Dupont', without the
    preposition, stays the maiden name.) Then :func:`organisation_or_term` for what is no person at all."""
    starts = ctx.starts
    a = bisect.bisect_left(starts, s)
    other = organisation_or_term(ctx, a, s, e)
    if other is not None:
        return other
    if a >= 2 and a < len(starts) and starts[a] == s and ctx.folded[a - 1] in _PLACE_LINKS and (
            ctx.folded[a - 2] in _BIRTH_CUES) and ctx.joined(a) and ctx.joined(a - 1):
        return "LOCATION"
    return tag


# A tag no annotator resolves: ``Deidentifier.resolve`` drops a candidate whose tag has no priority, so a
# span retagged NOT_PHI is a known clinical term, not an identifier ('Demandeur : SAU').
NOT_PHI = ""
_ABBREVIATIONS: list[frozenset[str]] = []
# words that say the person before 'chez' works there: 'ouvrière chez X', 'maçon chez X & Y' (employers are
# organisations); 'chez Dr X', 'chez sa fille X' keep their person
_OCCUPATION = re.compile(
    r"(?:ouvri|employ|salari|travaill|interimaire|stagiaire|apprenti|macon|docker|chauffeur|cariste|magasini|vendeu"
    r"|caissi|manutention|operat|soudeu|couvreu|menuisi|electricien|mecanicien|serveu|cuisini|livreu|jardini"
    r"|plombi|conduct|gerant|comptable|agent|preparat|technicien|nettoy|menager|aide|infirmi|secretaire|commis"
    r"|boulang|bouch|coiffeu|ingenieur|cadre|directeu|assistant|educat|animat|embauch|engag|benevole|job"
    r"|boulot|bosse|contrat|interim|commandes|cdi|cdd)")
_NEAR_TITLES = frozenset({"dr", "dre", "drs", "dres", "docteur", "docteurs", "pr", "prs", "prof", "professeur", "m",
                          "mm", "mme", "mmes", "mlle", "monsieur", "madame", "mr", "me", "mevr", "dhr", "herr", "frau"})


def clinical_abbreviations() -> frozenset[str]:
    """French clinical abbreviations of data/abbreviations_fr_medical.txt (folded; read once)."""
    if not _ABBREVIATIONS:
        from pathlib import Path

        from deduce_fr.lookups import read_list

        path = Path(__file__).parent / "data" / "abbreviations_fr_medical.txt"
        _ABBREVIATIONS.append(frozenset(fold(w) for w in read_list(path)) if path.exists() else frozenset())
    return _ABBREVIATIONS[0]


def organisation_or_term(ctx: Context, a: int, s: int, e: int) -> str | None:
    """What a span the name rules took is when it is no person, else None (token ``a`` starts it):
    - one ALL-CAPS word of 3+ letters that is a known clinical abbreviation (2 letters: initials) ('SAU', 'RQTH'): NOT_PHI;
    - after 'chez' preceded in the clause by an occupation ('ouvrière chez Materne', 'maçon chez Thomas &
      Piron'), or beside an ampersand between capitalised words ('Thomas & Piron'): an employer, INSTITUTION;
    - an elided article and a common noun ('Monsieur l'Expert'): NOT_PHI."""
    toks, folded = ctx.tokens, ctx.folded
    if a >= len(toks) or toks[a].start != s:
        return None
    b = bisect.bisect_left(ctx.starts, e)  # tokens a..b-1 lie in the span
    word = toks[a].text
    if b == a + 1 and word in ("X", "XX", "XXX", "Y", "Z") and a >= 1 and folded[a - 1].rstrip(".") in _NEAR_TITLES:
        return NOT_PHI  # 'Mme X, personne de confiance': the placeholder of a name left out, no name
    if b == a + 1 and toks[a].kind == "word" and ctx.bare[a] in _brand_words() and not ctx.lookups.is_name_like(word) and not (
            a >= 1 and folded[a - 1].rstrip(".") in _NEAR_TITLES):
        return NOT_PHI  # 'remplacé par Eliquis': a drug or device brand after a trigger word, no person
    if b == a + 1 and len(_CAMEL_HUMP.findall(word)) >= 2:
        return NOT_PHI  # 'PatientBirthDate', 'ReferringPhysicianName': an attribute keyword of an export, no name
    if b == a + 2 and toks[a].kind == "init" and word.rstrip(".") in "ABCDE" and a >= 1 and (
            folded[a - 1] in ctx.lookups.eponyms) and toks[a].start == toks[a - 1].end + 1 and (
            not ctx.lookups.is_name_like(toks[a + 1].text)):
        return NOT_PHI  # 'type Weber B. Mortaise congruente': a classification's grade ends its sentence
    if a >= 1 and folded[a - 1] in _BUILDINGS and toks[a - 1].text.islower():
        return NOT_PHI  # 'au pavillon Marie Curie', 'salle Pasteur': a building named after someone long dead
    if b == a + 2 and toks[a].kind == "init" and len(word.rstrip(".")) == 1 and a >= 1 and (
            toks[a - 1].kind == "word" and toks[a - 1].text.islower()) and (ctx.lookups.is_common(
            toks[a + 1].text) or _TERM_ENDING.search(ctx.bare[a + 1])) and not ctx.lookups.is_name_like(toks[a + 1].text):
        return NOT_PHI  # 'douleur au poignet G. Hématome dorsal': a side's letter, then a sentence
    if b == a + 2 and toks[a].kind == "init" and word.rstrip(".") in ("G", "D") and a >= 1 and (
            toks[a - 1].kind == "word" and toks[a - 1].text.islower()) and folded[a - 1] not in ctx.lookups.function_words and (
            not ctx.lookups.is_name_like(toks[a + 1].text)) and not toks[a + 1].is_upper:
        return NOT_PHI  # '5e côte G. Paracétamol codéine': the side's letter ends a sentence before a drug or a term
    if b == a + 1 and a >= 2 and toks[a - 1].text == "." and toks[a - 2].kind == "word" and (
            toks[a - 2].text.islower()) and folded[a - 2] in _ROLE_LABELS and not ctx.lookups.is_name_like(word) and (
            toks[a - 2].end == toks[a - 1].start):
        # 'kiné. Discuter une bursographie', '3 sem kiné. AT 7j': a sentence starts after a role word. Only after a
        # role word: after any word ('douleur. Incidences', 'vue. Kowalczyk') an unknown capitalised word may be a name
        return NOT_PHI
    if b == a + 1 and ctx.bare[a] in _ROLE_LABELS and b < len(toks) and toks[b].text in ("(", ":") and (
            a == 0 or "\n" in ctx.gap(a) or toks[a - 1].text in ".;:,"):
        return NOT_PHI  # 'Tutrice (fille) : X', 'Curateur : Y': the role that labels the name, no name
    if b == a + 1 and toks[a].kind == "word" and word.isupper() and len(word) >= 3 and (
            ctx.bare[a] in clinical_abbreviations()) and ctx.bare[a] not in ctx.lookups.surnames:
        return NOT_PHI
    if word[:2].lower() in ("l'", "l’") and b == a + 1 and ctx.lookups.is_common(word[2:]):
        return NOT_PHI
    if b == a + 1 and word.isupper() and len(word) >= 2 and unknown_acronym_org(ctx, a):
        return "INSTITUTION"
    t = a - 1 if a >= 1 and toks[a - 1].text != "." else a - 2  # 'Dr. Jan Peeters'
    if t >= 0 and folded[t] in _NEAR_TITLES:
        return None  # 'Dr Piron', 'chez Mme Kinet': a person
    text, n, bare = ctx.text, len(toks), ctx.bare
    # neighbours on the same line only (no newline between token a-1 and a, b-1 and b)
    lo = a - 1 if a >= 1 and text.find("\n", toks[a - 1].end, toks[a].start) < 0 else a
    hi = b + 1 if b < n and text.find("\n", toks[b - 1].end, toks[b].start) < 0 else b
    if not ORGANISATION_WORDS.isdisjoint(bare[lo:hi]) and any(
            bare[k] in ORGANISATION_WORDS and toks[k].text[:1].isupper() for k in range(lo, hi)):
        return "INSTITUTION"  # 'Groepspraktijk De Zenne', 'Brussels Wrist Center', 'Moer Logistics'
    first_names = ctx.lookups.first_names
    full_name = b - a >= 2 and toks[a].text[:1].isupper() and ctx.bare[a] in first_names  # 'chez Jean Dubois'
    if a >= 1 and not full_name:
        if folded[a - 1] == "chez":
            line_start = ctx.text.rfind("\n", 0, s)
            for k in range(a - 2, max(-1, a - 7), -1):
                if toks[k].start < line_start or toks[k].text in ".;:":
                    break
                if toks[k].kind == "word" and toks[k].text.islower() and _OCCUPATION.match(ctx.bare[k]):
                    return "INSTITUTION"
    amp_before = a >= 2 and toks[a - 1].text == "&" and toks[a - 2].text[:1].isupper()
    amp_after = b + 1 < n and toks[b].text == "&" and toks[b + 1].text[:1].isupper() and (
        folded[b + 1] not in _NEAR_TITLES)
    if not (amp_before or amp_after):
        return None
    # 'Drs. Dziedzina & Marchal', 'M. & Mme Petit': a title before the pair makes them people
    if any(folded[k].rstrip(".") in _NEAR_TITLES for k in range(max(0, a - 4), a)):
        return None
    # 'Paul & Jeanne': two first names are a couple, not a firm
    if amp_before and not (bare[a] in first_names and bare[a - 2] in first_names):
        return "INSTITUTION"
    if amp_after and not (bare[a] in first_names and bare[b + 1] in first_names):
        return "INSTITUTION"
    return None


# endings of French clinical nouns the common-word lists may lack ('hématome', 'synovite', 'arthrose')
_TERM_ENDING = re.compile(r"(?:ome|omes|ite|ites|ose|oses|ie|ies|ement|tion|sion|ure|isme|algie|emie|pathie|ectomie"
                          r"|ique|iques)$")
_BRANDS: list[frozenset[str]] = []


def _brand_words() -> frozenset[str]:
    """The folded words of data/fallback_not_names.txt (acronyms, drug and device brands, English report words),
    read once: a span of one of them alone is no person unless a title stands before it."""
    if not _BRANDS:
        from pathlib import Path

        from deduce_fr.lookups import read_list

        path = Path(__file__).parent / "data" / "fallback_not_names.txt"
        _BRANDS.append(frozenset(fold(w) for w in read_list(path)) if path.exists() else frozenset())
    return _BRANDS[0]


_CAMEL_HUMP = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")
_BUILDINGS = frozenset({"pavillon", "salle", "batiment", "bat", "aile", "amphitheatre", "amphi", "unite"})
_ROLE_LABELS = frozenset({"tuteur", "tutrice", "curateur", "curatrice", "aidant", "aidante", "referent", "referente",
                          "voisin", "voisine", "kine", "ide", "interne", "externe", "infirmier", "infirmiere",
                          "assistante", "assistant", "interprete", "accompagnant", "accompagnante", "mandataire"})
_ARTICLES = frozenset({"le", "la", "les", "l", "au", "aux", "du", "des"})
_DEPARTMENT = re.compile(r"[ \u00a0]+(?:\d{2,3}|2[AB])(?![\w/.,:]\d)\b")


def unknown_acronym_org(ctx: Context, a: int) -> bool:
    """Token ``a``, an ALL-CAPS word no name list knows, reads as an organisation: an article before it
    ('par le PGHM', 'au FARES', 'à la CSSM') or a department number after it ('UDAF 57', 'AMETRA 971')."""
    lk = ctx.lookups
    if ctx.bare[a] in lk.surnames or ctx.bare[a] in lk.first_names:
        return False
    if a >= 1 and ctx.folded[a - 1] in _ARTICLES and ctx.tokens[a - 1].text.islower():
        return True
    return bool(_DEPARTMENT.match(ctx.text, ctx.tokens[a].end))


# civilities of the languages met in Belgian and border reports: never a name word of their own
# ('Verletzungen von Herrn X', 'Mevrouw Elke X' at a line start)
CIVILITIES = frozenset({"monsieur", "madame", "mademoiselle", "docteur", "professeur", "mevrouw", "mevr", "meneer",
                        "mijnheer", "dhr", "heer", "herr", "herrn", "frau", "mrs", "mister", "miss", "signora",
                        "signor", "senora", "senor", "senhora", "senhor"})


# words that head or close an organisation's name in English, Dutch and German ('Wrist Center', 'Moer
# Logistics', 'Dienst Medische Beeldvorming', 'Groepspraktijk De Zenne'): a capitalised run holding one, or
# a name right after one, is an organisation (still masked), not a person
ORGANISATION_WORDS = frozenset({
    "center", "centre", "centrum", "zentrum", "clinic", "kliniek", "klinik", "hospital", "ziekenhuis", "praktijk",
    "groepspraktijk", "huisartsenpraktijk", "huis", "dienst", "beeldvorming", "bescherming", "preventie",
    "logistics", "logistiek", "transport", "transports", "services", "service", "solutions", "systems", "group",
    "groep", "gruppe", "holding", "industries", "international", "gateway", "company", "consulting", "partners",
    "associates", "associes", "bouw", "bau", "gmbh", "bvba", "vzw", "asbl", "stichting", "verein", "vereniging",
    "fonds", "foundation", "institute", "instituut", "institut", "academy", "school", "college", "university",
    "universiteit", "laboratory", "labo", "lab", "pharma", "pharmacy", "apotheek", "apotheke", "medical", "medisch",
    "medische", "care", "zorg", "thuiszorg", "pflege", "sugar", "steel", "motors", "automotive", "airlines",
    "airport", "port", "shipping", "trading", "store", "stores", "market", "supermarkt", "interim", "staffing",
})

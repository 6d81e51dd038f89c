"""Person names that a position or a cue reveals, for names no list holds (persons29, session 23).

- a letter signed by initials and a surname alone on a line ('G. Tessier', 'P.-E. Okafor', 'J-M. FRANÇOIS'):
  the text's last line whatever the surname is (not a medical word, a month or a function word), any other
  line when the surname is a known name or no French word (a section heading 'B. Résultats' stays out);
- a new-born or a baby named after 'bébé', 'nourrisson', 'nouveau-né' ('bébé Awa avec elle', 'bébé yasin');
- the staff and volunteers of a team listed after a label and a colon ('Équipe : Jeanne, Olivier',
  'Veilleur : Hakim', 'Bénévoles présents : Aline et Youssef'): every item a known given name or a word no
  list holds (an item led by a role or a title is the other rules');
- a compound given name both of whose parts are known given names, then a capitalised word: the surname even
  when it is also a word ('Jean-Robert Desir', 'Anne-Sophie Frère'), not after a street's or a building's
  head word ('rue Jean-Baptiste Clément' is a place), never an organisation's word, a month or a town.

Each rule is gated by one character test or one set intersection.
"""

from __future__ import annotations

import re

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import Lookups, fold
from deduce_fr.names import CIVILITIES, ORGANISATION_WORDS

_MONTHS_DAYS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier",
                          "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
                          "decembre"})

# initials then a surname, alone on a line ('G. Moreau-Sentis', 'P.-E. Okafor', 'J-M. FRANÇOIS', 'A. de Vos')
_INITIALS_LINE = re.compile(
    r"(?m)^[ \t]*(?P<name>(?:[A-ZÀ-Þ]\.[ \t]?-?[ \t]?|[A-ZÀ-Þ]-){0,2}[A-ZÀ-Þ]\.[ \t]*"
    r"(?:(?:de|du|van|von|da|di|le|la|el|ben|De|Van|Le|La|El|Ben)[ \t]+)?"
    r"(?P<sur>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|[A-ZÀ-Þ]{2,}(?:-[A-ZÀ-Þ]{2,})?))[ \t.]*$")
# a baby named after its word ('bébé Awa', 'nourrisson prénommé Yasin', 'nouveau-né Lina')
_BABY = re.compile(r"(?<![\w-])(?i:b[ée]b[ée]|nourrisson|nouveau-n[ée]e?)[ \t]+(?:(?i:pr[ée]nomm[ée]e?|nomm[ée]e?|appel[ée]e?)"
                   r"[ \t]+)?(?P<name>[^\W\d_][a-zà-ÿ'’]+(?:-[^\W\d_][a-zà-ÿ]+)?)(?![\w'’-])")
# the eponyms of neonatal tests and scores ('nourrisson Guthrie fait', 'bébé Apgar 9')
_NOT_BABY_NAMES = frozenset({"guthrie", "apgar", "moro", "silverman", "ortolani", "barlow", "farr", "dubowitz", "ballard",
                             "finnegan", "lubchenco", "brazelton", "amiel-tison", "denver", "kernig", "brudzinski"})
_BABY_GATE = frozenset({"bebe", "nourrisson", "nouveau-ne", "nouveau-nee", "nouveau"})
# a team's or a role's label, a colon, then one name or a list of them
_TEAM_LABEL = re.compile(
    r"(?m)(?:^|(?<=[.;(|]))[ \t]*(?:[-•*][ \t]*)?(?i:[ée]quipe(?:[ \t]+(?:de[ \t]+(?:nuit|jour|maraude|garde|rue)|mobile"
    r"|pr[ée]sente|du[ \t]+jour|de[ \t]+la[ \t]+nuit))?|b[ée]n[ée]voles?(?:[ \t]+pr[ée]sents?)?|veilleu(?:r|se)s?(?:[ \t]+de"
    r"[ \t]+nuit)?|maraudeu(?:r|se)s?|m[ée]diat(?:eur|rice)s?(?:[ \t]+(?:sant[ée]|pair))?|travailleu(?:r|se)s?[ \t]+sociaux?(?:ale)?"
    r"|[ée]coutante?s?|accompagnante?s?|intervenante?s?[ \t]+sociaux?(?:ale)?|chauffeurs?|ambulanci(?:er|[èe]re)s?"
    r"|participants?|cesf|moniteurs?|monitrices?|permanenci(?:er|[èe]re)s?|interpr[èe]tes?[ \t]+(?:ISM|SeTIS|[A-ZÀ-Þ]{2,}))"
    r"[ \t]*:[ \t]*"
    r"(?P<list>[^\n:]{2,160})")
_ITEM = re.compile(r"[ \t]*(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?(?:[ \t]+(?:[A-ZÀ-Þ][a-zà-ÿ'’]+"
                   r"(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|[A-ZÀ-Þ]{2,}|[A-ZÀ-Þ]\.)){0,2})[ \t]*(?:\([^()\n]{1,40}\))?[ \t]*"
                   r"(?P<sep>,|;|/|\bet\b|&|\.|$)")
# services and titles a team's list may hold instead of names ('Équipe : Samu, pompiers', 'Participants : Dr X')
_NOT_TEAM_NAMES = frozenset({"samu", "smur", "sdis", "police", "pompiers", "gendarmerie", "gendarmes", "croix-rouge",
                             "dr", "dre", "pr", "mme", "mlle", "mr", "me", "docteur", "professeur", "monsieur", "madame",
                             "medecin", "infirmier", "infirmiere", "ide", "as", "cadre", "interne", "externe", "psy",
                             "psychologue", "educateur", "educatrice", "ok", "ras", "complet", "complete", "absent",
                             "absente", "nuit", "jour", "matin", "soir", "aucun", "aucune", "idem", "habituelle"})
_TEAM_GATE = frozenset({"equipe", "benevole", "benevoles", "veilleur", "veilleuse", "veilleurs", "maraudeur",
                        "maraudeuse", "maraudeurs", "mediateur", "mediatrice", "mediateurs", "travailleur",
                        "travailleuse", "travailleurs", "ecoutant", "ecoutante", "accompagnant", "accompagnante",
                        "intervenant", "intervenante", "intervenants", "chauffeur", "chauffeurs", "ambulancier",
                        "ambulanciere", "ambulanciers", "participants", "participant", "cesf", "moniteur",
                        "monitrice", "permanencier", "permanenciere", "interprete", "interpretes"})
# a compound given name (both parts known given names), then a capitalised word: the surname
_COMPOUND_GIVEN_THEN = re.compile(r"(?<![\w'’-])(?P<g1>[A-ZÀ-Þ][a-zà-ÿ]+)-(?P<g2>[A-ZÀ-Þ][a-zà-ÿ]+)[ \t]+"
                                  r"(?P<sur>[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|[A-ZÀ-Þ]{2,}(?:-[A-ZÀ-Þ]{2,})?)"
                                  r"(?![\w'’-])")
# the heads of a street's, a building's or an organisation's name that a person's name may follow
_PLACE_HEADS = frozenset({
    "rue", "avenue", "av", "boulevard", "bd", "place", "pl", "quai", "allee", "impasse", "chemin", "route", "square",
    "cours", "passage", "villa", "cite", "residence", "parc", "jardin", "stade", "gymnase", "pont", "porte", "lycee",
    "college", "ecole", "groupe", "scolaire", "hopital", "hop", "clinique", "centre", "ch", "chu", "chr", "institut",
    "fondation", "maison", "foyer", "ehpad", "pavillon", "batiment", "bat", "salle", "unite", "service", "pole",
    "site", "espace", "mediatheque", "bibliotheque", "universite", "faculte", "campus", "gare", "station", "metro",
    "tram", "arret", "esplanade", "promenade", "rond-point", "carrefour", "hameau", "lieu-dit", "sentier", "ruelle",
    "venelle", "voie", "faubourg", "quartier", "zone", "za", "zi", "zac", "ilot", "str", "straat", "laan",
    "plein", "steenweg", "association", "asbl", "cabinet", "pharmacie", "residences", "prix", "fonds", "bourse",
    "musee", "theatre", "cinema", "eglise", "paroisse", "mosquee", "chapelle", "collectif", "cimetiere"})
# the languages an interpreter is named with ('avec Habtom (tigrinya)', 'Zelalem (amharique)'), folded
LANGUAGES = frozenset({
    "tigrinya", "tigrigna", "tigrina", "tigre", "amharique", "amharic", "oromo", "somali", "dari", "pachto", "pashto",
    "pachtou", "farsi", "persan", "arabe", "ourdou", "urdu", "pendjabi", "punjabi", "bengali", "tamoul", "kurde",
    "sorani", "kurmandji", "georgien", "russe", "ukrainien", "roumain", "romani", "albanais", "serbe", "bosniaque",
    "turc", "armenien", "tchetchene", "azeri", "anglais", "espagnol", "portugais", "creole", "peul", "poular", "pular",
    "soninke", "bambara", "wolof", "lingala", "malinke", "mandingue", "soussou", "haoussa", "swahili", "ouzbek",
    "tadjik", "mongol", "mandarin", "chinois", "vietnamien", "bulgare", "moldave", "polonais", "italien", "allemand",
    "nouchi", "dioula", "kinyarwanda", "kirundi", "sango", "fulfulde", "hindi", "nepali", "lsf", "english", "spanish"})
_INTERPRETING = ("interpr", "tradu", "ism", "setis")


def interpreting(ctx: Context) -> bool:
    """The text speaks of interpreting ('interprète', 'interprétariat', 'traduit', 'ISM')."""
    return any(w.startswith(_INTERPRETING) for w in ctx.folded_set)


# a lone world name (given or family) after a preposition or verb that takes a person, mid-sentence, before a
# lower-case word or a clause's end ('ok si Yonas vient', 'il dort chez Tesfaye depuis', 'vu avec Hakim.')
_LONE_CUE_WORDS = frozenset({"avec", "chez", "si", "attend", "attendons", "rejoint", "rejoindre", "appeler", "contacter",
                             "prevenir", "rappeler", "joindre"})
_LONE_AFTER_CUE = re.compile(r"(?<![\w'’-])(?:avec|chez|si|attend|attendons|rejoint|rejoindre|appeler|contacter|pr[ée]venir"
                             r"|rappeler|joindre)[ \t]+(?P<name>[A-ZÀ-Þ][a-zà-ÿ]+)(?=[ \t]+[a-zà-ÿ]|[ \t]*[,.;:)!?(]|[ \t]*$)",
                             re.MULTILINE)
_GIVEN_GATE = re.compile(r"[a-zà-ÿ]-[A-ZÀ-Þ][a-zà-ÿ]+[ \t]+[A-ZÀ-Þ]")


def _thing(f: str, lk: Lookups) -> bool:
    """A medical, function or organisation word, a month or a day, a civility: never a name on its own."""
    return f in lk.medical or f in lk.function_words or f in _MONTHS_DAYS or f in ORGANISATION_WORDS or (
        f in CIVILITIES)


def _name_or_unknown(word: str, lk: Lookups) -> bool:
    f = fold(word)
    if _thing(f, lk) or (f,) in lk.cities and not lk.is_name_like(word):
        return False
    return lk.is_name_like(word) or len(f) >= 2 and not lk.is_common(word)


def cue_names(ctx: Context, tag: str = "PERSON") -> list[Candidate]:
    """The candidates of the rules above (see the module docstring)."""
    out: list[Candidate] = []
    text, lk = ctx.text, ctx.lookups
    if ". " in text or ".\t" in text or re.search(r"\.[A-ZÀ-Þ]", text):
        out.extend(_initials_lines(text, lk, tag))
    if not _BABY_GATE.isdisjoint(ctx.folded_set):
        out.extend(_babies(text, lk, tag))
    if ":" in text and not _TEAM_GATE.isdisjoint(ctx.folded_set):
        out.extend(_teams(text, lk, tag))
    if "-" in text and _GIVEN_GATE.search(text):
        out.extend(_compound_given_then_surname(text, lk, tag))
    if not _LONE_CUE_WORDS.isdisjoint(ctx.bare_set):
        out.extend(_lone_world_names(text, lk, tag))
    return out


def _lone_world_names(text: str, lk: Lookups, tag: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _LONE_AFTER_CUE.finditer(text):
        w = m.group("name")
        f = fold(w)
        if len(f) < 3 or f not in world_all() or lk.is_common(w) or _thing(f, lk) or (f,) in lk.cities:
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out


def _initials_lines(text: str, lk: Lookups, tag: str) -> list[Candidate]:
    out: list[Candidate] = []
    last_end = len(text.rstrip())
    for m in _INITIALS_LINE.finditer(text):
        sur = m.group("sur")
        f = fold(sur)
        if len(f) < 2 or _thing(f, lk):
            continue
        initials = m.group("name")[: m.start("sur") - m.start("name")]
        if initials.strip() == "M.":
            continue  # 'M. Lefebvre': the civility, no initial
        if re.fullmatch(r"[IVX]\.?[ \t]*", initials) and lk.is_common(sur):
            continue  # 'I. Introduction', 'V. Conclusion'
        last = m.end() >= last_end
        if not (lk.is_name_like(sur) or f in world_all() or last and _name_or_unknown(sur, lk)):
            continue  # 'B. Anamnèse', 'P.S. Merci': a heading, a postscript
        if (f,) in lk.cities and not lk.is_name_like(sur) and not last:
            continue
        out.append((m.start("name"), m.end("name"), tag))
    return out


def _babies(text: str, lk: Lookups, tag: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _BABY.finditer(text):
        w = m.group("name")
        f = fold(w)
        if _thing(f, lk) or f in _NOT_BABY_NAMES or (f,) in lk.cities and not lk.is_name_like(w):
            continue
        if w[0].isupper():
            ok = lk.is_name_like(w) or not lk.is_common(w) and len(f) >= 2
        else:  # in lower case, a known given name only ('bébé yasin'), never a word ('bébé va bien')
            ok = (f in lk.first_names or f in world_given()) and not lk.is_common(w)
        if ok:
            out.append((m.start("name"), m.end("name"), tag))
    return out


def _teams(text: str, lk: Lookups, tag: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _TEAM_LABEL.finditer(text):
        lst, at = m.group("list"), m.start("list")
        pos = 0
        while pos < len(lst):
            item = _ITEM.match(lst, pos)
            if item is None or item.end() == pos:
                break
            words = re.findall(r"[^\W\d_][\w'’-]*", item.group("name"))
            if not any(fold(w) in _NOT_TEAM_NAMES for w in words) and all(
                    _name_or_unknown(w, lk) or re.fullmatch(r"[A-ZÀ-Þ]", w) for w in words) and (
                    len(words) > 1 or fold(words[0]) in lk.first_names or not lk.is_common(words[0])):
                out.append((at + item.start("name"), at + item.end("name"), tag))
            if item.group("sep") in (".", ""):
                break
            pos = item.end()
    return out


def _compound_given_then_surname(text: str, lk: Lookups, tag: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _COMPOUND_GIVEN_THEN.finditer(text):
        g1, g2, sur = fold(m.group("g1")), fold(m.group("g2")), m.group("sur")
        if g1 not in lk.first_names or g2 not in lk.first_names:
            continue
        f = fold(sur)
        if len(f) < 2 or _thing(f, lk) or f in lk.first_names and not lk.is_name_like(sur):
            continue
        if (f,) in lk.cities and not lk.is_name_like(sur):
            continue
        before = re.search(r"([^\W\d_][\w'’-]*)[ \t.]*$", text[max(0, m.start() - 30):m.start()])
        if before and fold(before.group(1)) in _PLACE_HEADS:
            continue  # 'rue Jean-Baptiste Clément', 'lycée Jean-Baptiste Say'
        out.append((m.start(), m.end(), tag))
    return out


def world_given() -> frozenset[str]:
    """World given names (no surname on any list): names_world*_given.txt."""
    # (cached there; imported late: persons_extra imports this module)
    from deduce_fr.persons_extra import world_names
    return world_names(("names_world_given.txt", "names_world_nam_dict_given.txt", "names_world_insee_given.txt"))


def world_all() -> frozenset[str]:
    """World given names and surnames (names_world.txt, nam_dict, INSEE extracts)."""
    from deduce_fr.persons_extra import world_names
    return world_names(("names_world.txt", "names_world_nam_dict.txt", "names_world_insee.txt"))

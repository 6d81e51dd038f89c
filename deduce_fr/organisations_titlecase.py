"""Organisation names that carry no head or cue word, found by their capitalisation.

French writes ordinary words in lower case: 'une pharmacie', 'des services de nettoyage'. When two or more
capitalised words follow each other in the MIDDLE of a sentence and one of them is such an ordinary word
('Nettoyage Pro Services', 'Pharmacie de la Cathédrale', 'Delhaize Le Lion'), the capitals mark a proper
name, and in a report the proper names that are not persons or places are organisations. Two rules of
:class:`deduce_fr.organisations.OrganisationAnnotator`:

- **title-case phrases**: a run of capitalised words (links de/du/des/la/le/&/et allowed between them) not at
  the start of a line or sentence, not after a colon, on a line that is not a heading or ALL-CAPS, with at
  least one ordinary French word that is not a medical/anatomy word or an eponym, not after a title, and not a
  person's name (a known first name first) or a known town as a whole;
- **one unknown word after an organisation cue**: 'employée chez Sibelco', 'client de Cactus', 'au
  supermarché Colruyt': a capitalised word that is no ordinary word, no first name or surname and no town.

A text is walked once over its capitalised tokens (``ctx.caps``); every test is a set probe.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from deduce_fr.annotators import Candidate, Context
from deduce_fr.lookups import Lookups
from deduce_fr.places import DE_CUE_HEADS, RESIDENCE_CUES

if TYPE_CHECKING:  # pragma: no cover - typing only
    from deduce_fr.organisations import OrganisationAnnotator

TITLE_LINKS = frozenset({"de", "du", "des", "la", "le", "les", "d", "l", "&", "et"})
# tokens after which a capital is a sentence's or a field's start, not a name's mark
SENTENCE_BREAKS = frozenset({".", "!", "?", ":", ";", "-", "–", "—", "•", "*", "(", "[", "«", '"', "/", ">", "|"})
TITLE_WORDS = frozenset({"dr", "dre", "drs", "pr", "prof", "docteur", "professeur", "m", "mme", "mr", "mlle",
                         "madame", "monsieur", "mademoiselle", "maitre", "me", "mm", "mmes", "sr", "soeur", "pere",
                         "abbe", "saint", "sainte", "st", "ste"})
# capitalised heads of a hospital's own departments or of report sections: 'Service de Médecine Interne'
DEPARTMENT_WORDS = frozenset({"service", "services", "unite", "departement", "pole", "medecine", "chirurgie",
                              "soins", "urgences", "urgence", "imagerie", "radiologie", "consultation", "hopital",
                              "clinique", "centre", "laboratoire", "bloc", "salle", "secteur", "etage", "aile",
                              "batiment", "pavillon", "jour", "nuit", "garde", "equipe", "cellule", "programme",
                              "protocole", "score", "echelle", "classification", "stade", "grade", "type", "test",
                              "signe", "syndrome", "maladie", "loi", "code", "plan", "dossier", "fiche", "note",
                              "lettre", "compte", "rendu", "examen", "conclusion", "indication", "technique",
                              "resultat", "resultats", "antecedents", "traitement", "histoire", "motif",
                              # legal and administrative categories written with capitals ('Accident du Travail')
                              "accident", "accidents", "arret", "certificat", "incapacite", "invalidite",
                              "affection", "hospitalisation", "sortie", "entree", "admission", "prise"})
# a hospital's fields written with capitals ('Biologie Clinique', 'Imagerie Médicale', 'Soins Intensifs')
_SPECIALTY = re.compile(r"(?:logie|iatrie|urgie|pedie|graphie|therapie|scopie|ologue|iatre|ique|iques)$")
FIELD_WORDS = frozenset({"imagerie", "medicale", "medical", "medicales", "nucleaire", "interne", "generale",
                         "intensifs", "intensive", "intensives", "soins", "fonctionnelle", "physique", "readaptation",
                         "revalidation", "reeducation", "urgences", "urgence", "continus", "palliatifs", "aigue",
                         "aigus", "adulte", "adultes", "enfant", "enfants", "femme", "mere", "sante", "mentale",
                         "travail", "prevention", "protection", "maternelle", "infantile", "sociale", "social"})
# words before a place rather than an organisation ('en Petite Kabylie', 'vers Grande Synthe')
PLACE_BEFORE = frozenset({"en", "vers", "pres", "outre", "via"})
# words that mark one organisation before a single unknown name ('employée chez Sibelco', 'magasin Cactus')
ORG_CUES = frozenset({"chez", "magasin", "supermarche", "hypermarche", "usine", "entreprise", "societe", "firme",
                      "agence", "enseigne", "boite", "cabinet", "groupe", "marque", "chaine"})
# (org27) cues of a provider, a sponsor or a ship named by one word only; the cue stays outside the span
# ('plateforme Imadis', 'prestataire Vitalaire', 'ferry Nordet')
NAME_ONLY_CUES = frozenset({"plateforme", "prestataire", "sponsor", "fournisseur", "editeur", "ferry", "navire",
                            "chalutier", "paquebot", "catamaran", "caboteur", "remorqueur", "thonier", "goelette",
                            "assureur", "armement", "transporteur"})
ORG_CUES = ORG_CUES | NAME_ONLY_CUES
WORK_VERBS = frozenset({"travaille", "travaillait", "employe", "employee", "engage", "engagee", "embauche",
                        "embauchee", "ouvrier", "ouvriere", "salarie", "salariee", "cliente", "client"})
# (one unknown word after 'à' is a town more often than a firm: 'travaille à Kehl')
WORK_PREPS = frozenset({"pour", "de", "chez"})
# street words: 'Chaussée de Namur', 'rue du Général Leclerc' are addresses (the address annotator's)
STREET_WORDS = frozenset({"rue", "chaussee", "boulevard", "bd", "avenue", "av", "place", "clos", "chemin", "allee",
                          "quai", "impasse", "route", "square", "cours", "drève", "dreve", "sentier", "voie",
                          "rond-point", "parvis", "passage", "residence", "lotissement", "cite", "straat", "laan",
                          "lieu-dit", "lieudit", "thier", "hameau", "ruelle", "venelle", "faubourg", "promenade"})
# plural titles before a list of names ('les Drs Masson, Vendredi et Roy')
PLURAL_TITLES = frozenset({"drs", "docteurs", "professeurs", "prs", "profs", "mm", "mmes", "confreres", "medecins"})
# particles that start a surname or an eponym ('Mac Burney', 'Van Gogh'), not an organisation's name
NAME_PARTICLES = frozenset({"mac", "mc", "van", "von", "vander", "vanden", "da", "di", "del", "della", "dos", "el",
                            "ben", "ibn", "ould", "abu", "o"})


def _line_bounds(ctx: Context, i: int) -> tuple[int, int]:
    """Token range [lo, hi) of the line token i is on."""
    lo = i
    while lo > 0 and ctx.joined(lo):
        lo -= 1
    hi, n = i + 1, len(ctx.tokens)
    while hi < n and ctx.joined(hi):
        hi += 1
    return lo, hi


def _heading_line(ctx: Context, lo: int, hi: int) -> bool:
    """A heading or ALL-CAPS line: most of its words capitalised, or every letter upper case."""
    words = [x for x in range(lo, hi) if ctx.tokens[x].kind == "word" and ctx.folded[x] not in TITLE_LINKS]
    if not words:
        return True
    caps = sum(1 for x in words if _cap_word(ctx, x))
    upper = sum(1 for x in words if ctx.tokens[x].text.isupper() and len(ctx.tokens[x].text) > 1)
    return caps * 10 >= len(words) * 7 or upper * 2 >= len(words) or len(words) < 4


def _ordinary_word(lk: Lookups, bare: str) -> bool:
    """A French word written in lower case in running text ('pharmacie', 'titres-services'), not a medical or
    anatomy word nor an eponym."""
    parts = bare.split("-")
    return all(p in lk.stopwords and p not in lk.medical and p not in lk.eponyms for p in parts if p) and bool(bare)


def _residence_cued(ctx: Context, i: int) -> bool:
    """Token i follows a residence or birth cue other than a bare 'à' ('habite', 'né', 'originaire de')."""
    prev = ctx.folded[i - 1]
    return prev != "a" and prev in RESIDENCE_CUES or prev in ("de", "du") and i >= 2 and \
        ctx.folded[i - 2] in DE_CUE_HEADS


def _after_street(ctx: Context, i: int) -> bool:
    """Token i follows a street word, directly or through 'de/du/des/d'' ('boulevard du Jardin Botanique')."""
    k = i - 1
    if k >= 0 and ctx.folded[k] in ("de", "du", "des", "la", "l", "d"):
        k -= 1
    return k >= 0 and ctx.bare[k] in STREET_WORDS or ctx.folded[i][:2] in ("d'", "l'") and i >= 1 and \
        ctx.bare[i - 1] in STREET_WORDS


def _cap_word(ctx: Context, k: int) -> bool:
    tok = ctx.tokens[k]
    if tok.kind != "word":
        return False
    text = tok.text
    if len(text) > 2 and text[1] in "'’" and text[0] in "dlDL":
        text = text[2:]
    return text[:1].isupper()


def _title_run_end(ctx: Context, i: int, max_words: int = 6) -> int:
    """End of the run of capitalised words from token i with links between them (a trailing link dropped)."""
    n, end, k, words = len(ctx.tokens), i + 1, i + 1, 1
    while k < n and words < max_words and ctx.joined(k):
        if _cap_word(ctx, k) and ctx.bare[k] not in TITLE_WORDS:
            words += 1
            k += 1
            end = k
            continue
        if ctx.folded[k] in TITLE_LINKS and k - end < 2:
            # 'et'/'&' join two capitalised words only ('Aide et Soins', not 'Familles et la Croix-Rouge')
            if ctx.folded[k] in ("et", "&") and not (k + 1 < n and ctx.joined(k + 1) and _cap_word(ctx, k + 1)):
                break
            k += 1
            continue
        break
    return end


def title_case_phrases(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'chez Nettoyage Pro Services', 'à la Pharmacie de la Cathédrale': see the module docstring."""
    out: list[Candidate] = []
    lk = ctx.lookups
    toks = ctx.tokens
    done = -1
    line_cache: dict[int, bool] = {}
    # the capitalised words and the elided ones whose name is capitalised ("l'Hôpital"; 'L'Hôpital' is a cap)
    extra = [i for i in ctx.elided if toks[i][0][2:3].isupper() and not toks[i][0][:1].isupper()]
    starts = sorted(ctx.caps + extra) if extra else ctx.caps
    # the cheap tests first, in one pass (they do not depend on the runs found: same starts as testing them in
    # the loop): inside a line, after a word or a comma
    joined = ctx._joined
    starts = [i for i in starts if i > 0 and joined[i] and (toks[i - 1][3] == "word" or toks[i - 1][0] == ",")]
    for i in starts:
        if i <= done:
            continue
        prev = toks[i - 1]
        if prev.text in SENTENCE_BREAKS or \
                ctx.bare[i - 1] in TITLE_WORDS or _cap_word(ctx, i - 1) or ctx.tokens[i].text.lstrip("lL'’").isupper() or \
                ctx.folded[i][:2] == "d'" or ctx.bare[i - 1] in NAME_PARTICLES or ctx.bare[i - 1] in PLACE_BEFORE or \
                _residence_cued(ctx, i):  # 'né en Petite Kabylie', 'habite Grand Place': a place
            continue
        end = _title_run_end(ctx, i)
        done = end - 1
        end = ann._cut_town(ctx, i, end)  # 'Emmaüs de Liège': the town stays a LOCATION, as elsewhere
        words = [x for x in range(i, end) if ctx.folded[x] not in TITLE_LINKS]
        if len(words) < 2:
            continue
        bare = [ctx.bare[x] for x in words]
        if bare[0] in DEPARTMENT_WORDS or bare[0] in lk.first_names or bare[0] in TITLE_WORDS or \
                bare[0] in STREET_WORDS or bare[0] in NAME_PARTICLES or _after_street(ctx, i):
            continue
        ordinary = [b for b in bare if _ordinary_word(lk, b)]
        if not ordinary or all(b in lk.medical or b in lk.eponyms or b in FIELD_WORDS or _SPECIALTY.search(b)
                               for b in bare):  # a specialty or ward: 'Biologie Clinique', 'Médecine Nucléaire'

            continue
        if any(b in lk.eponyms for b in bare):
            continue
        key = tuple(ctx.folded[i:end])
        lk_names = [b for b in bare if not _ordinary_word(lk, b) and (
            b in lk.first_names or any(p in lk.first_names for p in b.split("-") if p))]
        if lk_names or (bare[-1] in lk.surnames and not _ordinary_word(lk, bare[-1])) or \
                any(ctx.bare[x] in PLURAL_TITLES for x in range(max(0, i - 8), i)):
            continue  # a person's name ('Merveille Lukusa', 'Vic-Hector Frère', 'Drs Masson, Poisson et Roy')
        if ann._is_city(ctx, i, end) or key in ann.not_names or key in ann.regions.keys:
            continue
        lo, hi = _line_bounds(ctx, i)
        if lo not in line_cache:
            line_cache[lo] = _heading_line(ctx, lo, hi)
        if line_cache[lo]:
            continue
        out.append(ann._span(ctx, i, end))
    return out


def unknown_after_org_cue(ann: OrganisationAnnotator, ctx: Context) -> list[Candidate]:
    """'employée chez Sibelco', 'travaille pour Cactus', 'le magasin Delhaize': one capitalised word after an
    organisation cue that is no ordinary word, no first name or surname, no title and no town."""
    out: list[Candidate] = []
    lk = ctx.lookups
    n = len(ctx.tokens)
    for i in ctx.caps:
        if i == 0 or not ctx.joined(i) or ctx.tokens[i].kind != "word":
            continue
        p = ctx.bare[i - 1]
        cue = p in ORG_CUES or (p in WORK_PREPS and i >= 2 and ctx.bare[i - 2] in WORK_VERBS)
        if not cue:
            continue
        b = ctx.bare[i]
        # a surname after 'chez' that follows a trade or a work word names the employer ('ouvrière chez Materne')
        employer = p == "chez" and any(ctx.bare[x] in ann.employment_triggers for x in range(max(0, i - 4), i - 1))
        if b in TITLE_WORDS or lk.is_common(ctx.tokens[i].text) or b in lk.first_names or \
                b in lk.surnames and not employer or ann._is_city(ctx, i, i + 1) or len(b) < 3:
            continue
        if i + 1 < n and ctx.joined(i + 1) and _cap_word(ctx, i + 1) and not (
                p in NAME_ONLY_CUES and ann._is_city(ctx, i + 1, i + 2)):
            continue  # a run of names: the phrase rule or the person annotators decide ('plateforme X Lyon': X)
        if p in NAME_ONLY_CUES and i + 2 < n and ctx.joined(i + 1) and ctx.folded[i + 1] in TITLE_LINKS and any(
                ctx.joined(x) and _cap_word(ctx, x) for x in range(i + 2, min(n, i + 4))):
            continue  # 'armement Pêcheries de la Cornouaille': a longer name, the phrase rule's
        # a capitalised cue is the head of the name ('Cabinet Vauban', 'Hypermarché Cora', 'Agence Dupuis')
        start = i - 1 if p in ORG_CUES and p != "chez" and p not in NAME_ONLY_CUES and _cap_word(ctx, i - 1) else i
        out.append(ann._span(ctx, start, i + 1))
    return out


__all__ = ["title_case_phrases", "unknown_after_org_cue"]

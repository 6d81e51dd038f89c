"""Names, places and dates in untidy text: OCR damage, letter spacing, telegraphic lower case, dictation.

Two additive annotators (registered in ``annotators.ANNOTATOR_TYPES``, declared in ``config.yaml``):

* :class:`OcrViewAnnotator` builds a cleaned *view* of a text that shows OCR damage ('BAST1N',
  'Raym0nd', '3O/03/1942', '13OO Wavre', 'C E N T R E  H O S P I T A L I E R') and runs the
  config's own annotators on it; spans that touch a repaired character are mapped back to the
  original offsets. Nothing runs for a clean text (one regex scan decides).
* :class:`NoisyNamesAnnotator` finds names the tidy-text rules miss: lower-case names after a
  title, a kin word or a role ('vu avec dr gilson', 'appel fille caroline', 'ide muriel', 'int da
  costa'), particles in lower case ('dr van de veld', 'Dr della Faille'), a lower-case first name
  before a role ('caroline secrétariat'), a first name in brackets after a kin word ('la fille de
  M. X (muriel)'), and the patient's name written 'NOM, Prénom', with multi-word first names
  ('Thi Hoa'), split by a dictation engine ('ri go stéphanie' for Rigaux), in lower case alone
  ('hugo 16a') or as a maiden/married name after the patient's name ('née DUFLOS').
  (The shipped cases tag 'NOM, Prénom' as two spans and the v3b writer as one: two are kept.)

:func:`keep_relatives` is the overlap rule recommended for ``Deidentifier.resolve`` (see its docstring).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

# annotators.py registers these classes at its end, after Annotator and Context exist
from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import Lookups, fold
from deduce_fr.names import determiner_before_noun
from deduce_fr.persons_extra import _KIN_LABEL, refine_candidates
from deduce_fr.tokenizer import tokenize

if TYPE_CHECKING:
    from deduce_fr.types import Patient

# --------------------------------------------------------------------------------------------
# OCR view

_LETTER = r"[^\W\d_]"
# a word part where a letter touches one of the digits OCR puts for letters ('BAST1N', 'Raym0nd', 'SA1NT');
# checked by _damaged_word (a plain scan: lookaheads at every word start cost more than the whole check)
_OCR_WORD = re.compile(r"[0135](?:(?<=[^\W\d_][0135])|(?=[^\W\d_]))")  # led by the digit: re skips fast to digits
_WORD_CHARS = re.compile(r"\w+")
# a digit string with letters OCR puts for digits ('3O/03/1942', '13OO', '1l/02', '8O a'), checked by _damaged_number
_OCR_NUMBER = re.compile(r"\d(?:(?<=[OolI]\d)|(?=[OolI]))|(?<=\d[/.])[OolI]{1,2}(?=[/.]\d)"  # '29/ll/2024' too
                         r"|(?<=\d\()[OolI](?=\)\s?\d)|(?<=\d \()[OolI](?=\)\s?\d)")  # '+32 (O)4 366 77 11'
# what every _OCR_NUMBER match stands next to, in a digit-led scan (the engine skips to digits; _OCR_NUMBER,
# whose second alternative starts with a lookbehind, is tried at every character): most texts have none
# (and, in the same scan, what _SPACED_DIGITS needs: five digits spaced one by one)
# (and what _AGE_LETTERS and _SPLIT_AGE need: an 'S' or 'B' touching a digit before 'ans', '8 5 ans')
_OCR_NUMBER_GATE = re.compile(r"\d(?:(?<=[OolI]\d)|(?=[OolI])|[/.][OolI]| ?\([OolI]\)| \d \d \d \d"
                              r"|[SB]\d?[ \t]?an|(?<=[SB]\d)[\dSB]?[ \t]?an| \d[ \t]?ans)")  # (one '\d' for all)
# a number typed or scanned one digit at a time ('0 4 3 6 6 7 7 1 1'): nine digits or more, compacted in the view
# like a letter-spaced word (a phone or a national number; a list of scores is shorter)
_SPACED_DIGITS = re.compile(r"\d(?<!\S\d)(?: \d){8,}(?!\S)")
_DIGITISH = frozenset("0123456789OolI")
_NUMBER_CHARS = re.compile(r"[\dOolI]+")
# what follows a damaged two-character run that is a date's day or an age: '3O/03', '8O a', 'l2 MARS 2O24'
_DATE_NEIGHBOUR = re.compile(r"[/.\-][\dOolI]|\s*(?:a|ans)\b|[ \t](?i:janv|f[ée]vr?|mars|avr|mai\b|juin|juil|ao[uû]t"
                             r"|sept?\b|septembre|oct|nov|d[ée]c)")
# what follows a number without being damage: ordinals and units ('1er', '3ème', '5mg', '10ans')
_NUMBER_SUFFIX = frozenset({"er", "ere", "eme", "e", "es", "ers", "eres", "emes", "nd", "nde", "bis", "ter", "x", "h",
                            "mn", "min", "an", "ans", "mois", "kg", "mg", "ml", "cm", "mm", "j", "sa", "sem", "g", "l",
                            "cc", "mcg", "ug", "gr", "ui", "jours", "semaines", "fois", "cp", "cps", "gtt", "mmhg"})
_SPACED = re.compile(rf"(?<!\S){_LETTER}(?: {_LETTER}){{3,}}(?!\S)")
# a word hyphenated at a line end, the next line going on in lower case (not 'Saint-\nJean')
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})-[ \t]*\n[ \t]*(?=[a-zà-ÿ]{2})")
_SPACED_GAP = re.compile(r"[ \t]{2,}")
# a phone number in digit pairs where OCR also read a 5 as 'S', an 8 as 'B' or a 2 as 'Z' ('O6 l2 34 S6 78'): only
# in this shape (ten digits in pairs led by the trunk zero, six of them read as digits) are those letters read as
# digits ('L5 S1' stays)
_PHONE_LETTERS = re.compile(r"[0O][\dOolISBZ](?:[ .][\dOolISBZ]{2}){4}(?![\w])")  # led by a set: re skips fast
_PHONE_TO_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8", "Z": "2"}
# an age where OCR read a 5 as 'S' or an 8 as 'B' ('6S ans', 'S4 ans', 'B2 ans'): two or three characters, one a
# real digit, before 'ans' (not before 'a', which may be the verb after a vertebra: 'S2 a une lyse')
_AGE_LETTERS = re.compile(r"[\dSB](?<![\w.,/:\-][\dSB])(?<=[SB]|\d)[\dSBOolI]{1,2}(?=[ \t]?ans?(?![\w]))")
_AGE_TO_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8"}
# an age whose two digits OCR set apart ('âgée de 8 5 ans', 'Mme X, 7 9 ans'): digit-led; the words before are
# checked in code (after 'de', a comma, a colon or a bracket), and the view joins the digits
_SPLIT_AGE = re.compile(r"\d(?<![\w.,/]\d) (?=\d[ \t]?ans(?![\w]))")
_SPLIT_AGE_BEFORE = re.compile(r"(?:\bde|[,:(])[ \t]?$")
_TO_LETTER = {"0": "o", "1": "i", "3": "e", "5": "s"}
_TO_DIGIT = {"O": "0", "o": "0", "l": "1", "I": "1"}


def _letters_for(part: str, lk: Lookups, names: set[str]) -> str:
    """The letters a digit-damaged word part stands for: '1' is 'i' or 'l', whichever gives a known word."""
    upper = sum(c.isupper() for c in part) > sum(c.islower() for c in part)

    def repair(one: str) -> str:
        out = []
        for c in part:
            if c.isdigit():
                c = one if c == "1" else _TO_LETTER[c]
                c = c.upper() if upper else c
            out.append(c)
        return "".join(out)

    first = repair("i")
    if "1" in part:
        second = repair("l")
        f1, f2 = fold(first), fold(second)

        def known(f: str) -> bool:
            return (f in names or f in lk.first_names or f in lk.surnames or f in lk.stopwords
                    or f in lk.medical or (f,) in lk.cities)

        if not known(f1) and known(f2):
            return second
    return first


def _grown(text: str, seed: re.Pattern[str], chars: re.Pattern[str]) -> list[re.Match[str]]:
    """Each place ``seed`` matches, grown to the whole run of ``chars`` around it (once per run)."""
    out: list[re.Match[str]] = []
    end = -1
    for m in seed.finditer(text):
        if m.start() < end:
            continue
        start = m.start()
        while start > 0 and chars.fullmatch(text[start - 1]):
            start -= 1
        run = chars.match(text, start)
        if run is not None:
            out.append(run)
            end = run.end()
    return out


def _damaged_word(text: str, m: re.Match[str], lk: Lookups) -> bool:
    """A letter/digit mix that reads as a damaged word: three letters or more, no two digits in a row,
    only 0/1/3/5 as digits, not a number with an ordinal or unit ('1er', '3ème', '5mg') nor a code
    with digits at its end only ('HbA1c' passes, it repairs to nothing anyone finds)."""
    w = m.group()
    s, e = m.start(), m.end()
    if s and (text[s - 1].isalnum() or text[s - 1] == "_") or e < len(text) and text[e].isalnum():
        return False
    if not _free_word(text, s, e) and not (e < len(text) and text[e] == "-" and text[s - 1 : s] != "-"):
        return False  # 'jean.dupont1@...', 'www.site3.be' (but 'SA1NT-REMY' is a name)
    letters = sum(c.isalpha() for c in w)
    if letters < 3 or any(c.isdigit() and c not in "0135" for c in w) or re.search(r"\d\d", w):
        return False
    if w[0].isdigit():
        rest = fold(w.lstrip("0123456789"))
        if rest in _NUMBER_SUFFIX or rest in lk.stopwords or len(rest) < 3:
            return False
    return sum(c.isdigit() for c in w) * 2 <= letters


def _damaged_number(text: str, m: re.Match[str]) -> bool:
    """Digits mixed with O/o/l/I and not touching a letter: a date, postcode or age read by OCR.
    A two-character run ('O2', 'l5') must sit in a date or before 'a'/'ans' ('3O/03', '8O a')."""
    s, e = m.start(), m.end()
    if s and text[s - 1].isalpha() or e < len(text) and text[e].isalpha():
        return False
    if e - s > 2:
        return True
    return bool(_DATE_NEIGHBOUR.match(text, e) or s >= 2 and text[s - 1] in "/.-" and text[s - 2] in _DIGITISH
                or _PHONE_GROUP_BEFORE.search(text, max(0, s - 4), s) or _PHONE_GROUP_AFTER.match(text, e)
                or text[s - 1 : s] == "(" and text[e : e + 1] == ")")  # the trunk zero of '+32 (O)4 ...'


# a two-character damaged run among a phone number's digit pairs ('01 6O 93 12 2O', '061 2l 44 08')
# (the neighbour group may be damaged too: 'O4 7O l2 34 56', the first group led by the trunk zero read as 'O')
_PHONE_GROUP_BEFORE = re.compile(r"(?<![\w.,])[\dOolI]{2,3} $")
_PHONE_GROUP_AFTER = re.compile(r" [\dOolI]{2,3}(?: |$)")


def ocr_view(text: str, lk: Lookups, names: set[str] = frozenset()) -> tuple[str, list[int], list[tuple[int, int]]] | None:
    """A cleaned copy of an OCR-damaged text, or None when nothing looks damaged.

    Returns (view, origin, changed): ``origin[k]`` is the original offset of view character k
    (one more entry for the end), ``changed`` the view stretches that were repaired.
    """
    words = [m for m in _grown(text, _OCR_WORD, _WORD_CHARS) if _damaged_word(text, m, lk)]
    gate = _OCR_NUMBER_GATE.search(text)
    numbers = [m for m in _grown(text, _OCR_NUMBER, _NUMBER_CHARS) if _damaged_number(text, m)] if gate else []
    spaced = list(_SPACED.finditer(text)) if "  " in text or text.count(" ") * 3 > len(text) else []
    if gate:
        digits = list(_SPACED_DIGITS.finditer(text))
        if digits:
            spaced = sorted(spaced + digits, key=lambda m: m.start())
    broken = list(_LINE_HYPHEN.finditer(text)) if "-\n" in text or "- \n" in text else []
    phones = [m for m in _PHONE_LETTERS.finditer(text) if 6 <= sum(c.isdigit() for c in m.group()) < 10
              and not (m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_.,/"))] if gate else []
    ages: list[re.Match[str]] = []
    if gate and ("ans" in text or " an" in text):
        ages = [m for m in _AGE_LETTERS.finditer(text) if any(c.isdigit() for c in m.group())
                and any(c in "SB" for c in m.group()) and m.group()[0] != "0"]
        splits = [m for m in _SPLIT_AGE.finditer(text) if m.group()[0] != "0"
                  and _SPLIT_AGE_BEFORE.search(text, max(0, m.start() - 4), m.start())]
    else:
        splits = []
    if not (words or numbers or spaced or broken or phones or ages or splits):
        return None
    chars = list(text)
    changed: list[tuple[int, int]] = []
    for m in ages:
        chars[m.start() : m.end()] = [_AGE_TO_DIGIT.get(c, c) for c in m.group()]
        changed.append((m.start(), m.end()))
    for m in phones:
        chars[m.start() : m.end()] = [_PHONE_TO_DIGIT.get(c, c) for c in m.group()]
        changed.append((m.start(), m.end()))
    for m in words:
        repaired = _letters_for(m.group(), lk, names)
        chars[m.start() : m.end()] = repaired
        changed.append((m.start(), m.end()))
    for m in numbers:
        chars[m.start() : m.end()] = [_TO_DIGIT.get(c, c) for c in m.group()]
        changed.append((m.start(), m.end()))
    if not (spaced or broken or splits):
        return "".join(chars), list(range(len(text) + 1)), changed
    # letter-spaced runs are compacted ('C E N T R E' -> 'CENTRE'), the wide gaps between them become
    # one space: the view is shorter, so every view character keeps its original offset
    drop = bytearray(len(text))
    for m in broken:  # 'Hen-\nnequin', 'hospita-\nlier': a word cut at a line end
        drop[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    for m in splits:  # '8 5 ans': the space between an age's digits
        drop[m.end() - 1] = 1
    for m in spaced:
        for k in range(m.start() + 1, m.end(), 2):
            drop[k] = 1
    for a, b in zip(spaced, spaced[1:]):
        gap = text[a.end() : b.start()]
        if _SPACED_GAP.fullmatch(gap):
            for k in range(a.end() + 1, b.start()):
                drop[k] = 1
    view: list[str] = []
    origin: list[int] = []
    for k, c in enumerate(chars):
        if not drop[k]:
            view.append(c)
            origin.append(k)
    origin.append(len(text))
    new_pos = {o: v for v, o in enumerate(origin)}
    changed_view = [(new_pos[s], new_pos[e]) for s, e in changed if s in new_pos and e in new_pos]
    for m in spaced:
        changed_view.append((new_pos[m.start()], new_pos[m.end()]))
    for m in broken:
        if m.start() - 1 in new_pos and m.end() in new_pos:
            changed_view.append((new_pos[m.start() - 1], new_pos[m.end()] + 1))
    for m in splits:
        changed_view.append((new_pos[m.start()], new_pos[m.end()] + 1))
    return "".join(view), origin, changed_view


@lru_cache(maxsize=1024)
def _name_words(surname: str, first_names: tuple[str, ...]) -> frozenset[str]:
    """The patient's folded name words (what a damaged '1' is tried against first)."""
    return frozenset(fold(w) for w in re.findall(r"[^\W\d_]+", " ".join([surname, *first_names])))


class OcrViewAnnotator(Annotator):
    """Runs named annotators of a config on the OCR-repaired view of a damaged text.

    ``annotators`` names entries of ``config`` (default: the package's config.yaml) to run on the
    view; only their spans touching a repaired stretch are kept (the others were found on the
    original), mapped back to original offsets. A hospital config that renames or retunes those
    annotators points ``config`` at itself.
    """

    def __init__(self, tag: str = "PERSON", annotators: list[str] | None = None, config: str | None = None,
                 **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.names = list(annotators or [])
        self.config = config
        self._inner: list[Annotator] | None = None

    def _annotators(self) -> list[Annotator]:
        if self._inner is None:
            import yaml

            from deduce_fr.annotators import ANNOTATOR_TYPES, link_towns

            path = Path(self.config) if self.config else Path(__file__).resolve().parent / "config.yaml"
            specs = {s.get("name"): s for s in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
                "annotators", [])}
            inner = []
            for name in self.names:
                spec = dict(specs.get(name) or {})
                kind = spec.pop("type", None)
                if kind is None or kind == "ocr_view" or spec.pop("enabled", True) is False:
                    continue
                inner.append(ANNOTATOR_TYPES[kind](**spec))
            link_towns(inner)
            self._inner = inner
        return self._inner

    def annotate(self, ctx: Context) -> list[Candidate]:
        p = ctx.patient
        names = _name_words(p.surname or "", tuple(p.first_names)) if p is not None else frozenset()
        built = ocr_view(ctx.text, ctx.lookups, names)
        if built is None:
            return []
        view, origin, changed = built
        vctx = Context(text=view, tokens=tokenize(view), lookups=ctx.lookups, patient=ctx.patient)
        out: list[Candidate] = []
        for annotator in self._annotators():
            for s, e, t in annotator.annotate(vctx):
                if any(s < ce and cs < e for cs, ce in changed):
                    out.append((origin[s], origin[e - 1] + 1, t))
        return out


# --------------------------------------------------------------------------------------------
# lower-case, telegraphic and dictated names

PARTICLES = frozenset({"van", "de", "der", "den", "da", "das", "do", "dos", "di", "del", "della", "delle", "degli",
                       "dello", "du", "von", "vom", "zu", "ter", "ten", "te", "le", "la", "el", "al", "ben", "bin",
                       "ibn", "abou", "abu", "mac", "mc", "vanden", "vander", "op", "t", "y", "e", "ould", "lo"})
# particles that start a name on their own after a title ('Dr della Faille'); 'de', 'la', 'le' only before
# another particle or a word that is no common word
_FRENCH_PARTICLES = frozenset({"de", "la", "le", "du", "des", "d", "l"})
_SURE_TITLES = frozenset({"dr", "dre", "docteur", "docteure", "doctoresse", "pr", "prof", "professeur", "mme",
                          "madame", "monsieur", "mr", "mlle", "mademoiselle", "m"})
# before 'dr' written in lower case, what makes it a title rather than 'droit' ('vu avec dr x', 'appel dr x')
_DR_LEADS = frozenset({"avec", "par", "le", "du", "au", "chez", "et", "de", "vu", "vue", "appel", "tel", "contacte",
                       "pour", "a", "cc", "copie", "selon", "dixit", "ou", "aupres", "demande", "demandeur",
                       "traitant", "mt", "mg", "signe", "valide", "dicte", "avis", "prevenu", "prevenir", "rappeler"})
# body parts missing from the medical list, before which 'dr' / 'g' mean right / left
_ANATOMY = frozenset({"membre", "rein", "sein", "coupole", "hemithorax", "poumon", "lobe", "ovaire", "testicule",
                      "oreille", "oeil", "cote", "bras", "jambe", "cuisse", "fesse", "orteil", "doigt", "pouce",
                      "talon", "cheville", "genou", "hanche", "epaule", "coude", "poignet", "main", "pied", "face",
                      "profil", "cle", "gril", "base", "sommet", "hile", "ventricule", "oreillette", "carotide",
                      "artere", "veine", "uretere", "sinus", "champ", "hemicorps", "hemiface", "flanc", "fosse"})
# before a town written in lower case ('adressé par dr x de louvain', 'habite hasselt', 'née à tournai')
_LOWER_PLACE_CUES = frozenset({"a", "de", "d", "habite", "habitant", "domicilie", "domiciliee", "vers", "originaire",
                               "quartier", "region", "commune", "ville", "depuis", "pres", "lez", "sur"})
_PLACE_CUES_OR_BRACKET = _LOWER_PLACE_CUES | {"("}
_STREETS = frozenset({"rue", "avenue", "av", "chaussee", "chee", "boulevard", "bd", "bld", "place", "pl", "chemin",
                      "clos", "dreve", "square", "quai", "allee", "impasse", "sentier", "venelle", "ruelle",
                      "rond-point", "faubourg", "hameau", "lotissement", "residence", "cite", "straat", "laan",
                      "steenweg"})
_ADDRESS_CUE = re.compile(r"(?i)\b(?:domicile|domicili[ée]e?|adresse|adr|dom|habite|vit|r[ée]side|demeurant)\b")
_ARTICLES = frozenset({"la", "le", "les", "l", "de", "du", "des", "d", "sur", "en", "lez", "aux", "au"})
_NAME_LINKS = frozenset({"nee", "epouse", "ep", "veuve", "vve", "divorcee", "dite", "alias"})
_PATIENT_CUES = frozenset({"m", "mme", "mlle", "monsieur", "madame", "mademoiselle", "mr", "nom", "patient",
                           "patiente", "pt", "pte", "pat", "resident", "residente", "concerne", "enfant", "bebe"})
_DETERMINERS = frozenset({"la", "le", "les", "l", "un", "une", "du", "de", "des", "d", "sa", "son", "ses", "ma", "mon",
                          "mes", "ta", "ton", "tes", "cette", "ce", "cet", "notre", "votre", "leur", "au", "aux"})
_AGE_AFTER = re.compile(r"\s*[(,]?\s*\d{1,3}\s*(?:a|ans?|m|mois)\b", re.IGNORECASE)
# after a kin word, first names that are also words but here describe the relative ('fille unique' is no name,
# 'père noël' neither)
_NOT_KIN_NAMES = frozenset({"unique", "aine", "ainee", "cadet", "cadette", "benjamin", "benjamine", "jumeau", "jumelle",
                            "noel", "majeur", "majeure", "mineur", "mineure", "adoptif", "adoptive", "present",
                            "presente", "absent", "absente", "age", "agee", "jeune", "ancien", "ancienne", "reste",
                            "prevenu", "prevenue", "informe", "informee", "aussi", "egalement", "france",
                            "marie", "seul", "seule", "biologique", "referent", "referente"})
# between a German title and the name: 'Herr Dr. med. Weber', 'Frau Prof. Dr. Krings'
_TITLE_FILLERS = frozenset({"dr", "med", "prof", "dipl", "ing", "mag", "phil", "dokter", "docteur", "doktor", "professor",
                            "professeur"})
_APOSTROPHE_NAME = re.compile(r"(?:o|d|mc|mac)'[a-z]{3,}(?:-[a-z]+)?")
# Vietnamese middle words between two names ('nguyen van thanh', 'tran thi lan')
_MIDDLE = frozenset({"van", "thi", "huu", "duc", "dinh", "ngoc", "xuan", "kim"})
_GRADE = re.compile(r"[IVX]{1,4}|[A-Ea-e]|\d")
# the rules' starting tokens, as bits of NoisyNamesAnnotator._token_bits
_AFTER_PLACE_CUE, _STREET, _CUE, _FOREIGN_TITLE, _ROLE_AFTER, _BRACKET = 1, 2, 4, 8, 16, 32
# a number of 4 or 5 digits joined to a word (a postcode before its town): found in the text, not token by token
_POSTCODE_THEN_WORD = re.compile(r"\d(?<!\d\d)\d{3,4}(?!\d)[ \t]{0,3}[^\W\d_]")


def _postcode_tokens(ctx: Context) -> list[int]:
    """Indices (ascending) of the number tokens of 4 or 5 digits that a word follows, blanks at most between
    (a superset of the ones a town can follow: the rule checks the rest)."""
    toks, out, starts = ctx.tokens, [], None
    for m in _POSTCODE_THEN_WORD.finditer(ctx.text):
        if starts is None:
            starts = ctx.starts
        k = bisect.bisect_left(starts, m.start())
        if k + 1 < len(toks) and starts[k] == m.start() and toks[k][3] == "num" and len(toks[k][0]) in (4, 5):
            out.append(k)
    return out


@lru_cache(maxsize=4096)
def sound_key(word: str) -> str:
    """A rough French phonetic key, so a dictation engine's spelling matches the name it heard
    ('jean sens' ~ Janssens, 'ri go' ~ Rigaux, 'bo dart' ~ Baudart)."""
    w = re.sub(r"[^a-z]", "", fold(word))
    for a, b in (("eaux", "o"), ("aux", "o"), ("eau", "o"), ("au", "o"), ("ph", "f"), ("ck", "k"), ("qu", "k"),
                 ("gu", "g"), ("ch", "x"), ("sch", "x"), ("ean", "an"), ("en", "an"), ("em", "an"), ("am", "an"),
                 ("ai", "e"), ("ei", "e"), ("y", "i"), ("oo", "o"), ("ou", "u"), ("w", "v"), ("z", "s"), ("h", "")):
        w = w.replace(a, b)
    w = re.sub(r"c(?=[aoukx])|c$", "k", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    while len(w) > 3 and w[-1] in "stdxpe":
        w = w[:-1]
    return w


def _free_word(text: str, s: int, e: int) -> bool:
    """Not a piece of an e-mail, URL, file name or code ('marie.dupont@...', 'www.dupont.be')."""
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    return before not in "@._/\\-" and after not in "@_/\\" and not (
        after in ".-" and e + 1 < len(text) and text[e + 1].isalnum())


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(a[:k] == b[:k] and a[k:] == b[k + 1 :] for k in range(len(b)))


@lru_cache(maxsize=1024)
def _patient_words(surname: str, first_names: tuple[str, ...]
                   ) -> tuple[list[str], list[list[str]], frozenset[str], str, frozenset[str], frozenset[str]]:
    """Folded surname words, first-name words, the set of first-name words, the surname's sound key and
    every word the patient rules start from, the first names' sound keys (a patient's reports come one
    after another: computed once)."""
    sur = [fold(w) for w in re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", surname)]
    first_words = [[fold(w) for w in re.findall(r"[^\W\d_]+", f)] for f in first_names if f]
    firsts = frozenset(w for ws in first_words for w in ws if len(w) >= 2)
    interesting = firsts | set(sur) | _NAME_LINKS | _PATIENT_CUES
    first_keys = frozenset(sound_key(w) for ws in first_words for w in ws if len(w) >= 4)
    return sur, first_words, firsts, sound_key("".join(sur)) if sur else "", interesting, first_keys


class NoisyNamesAnnotator(Annotator):
    """Names in telegraphic, lower-case and dictated text; the patient's name in untidy forms."""

    def __init__(self, tag: str = "PERSON", kinship: list[str] | None = None, roles_before: list[str] | None = None,
                 roles_after: list[str] | None = None, foreign_titles: list[str] | None = None,
                 greetings: list[str] | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.kinship = frozenset(fold(w) for w in (kinship or []))
        self.roles_before = frozenset(fold(w) for w in (roles_before or []))
        self.roles_after = frozenset(fold(w) for w in (roles_after or []))
        self.foreign_titles = frozenset(fold(w) for w in (foreign_titles or []))
        self.greetings = frozenset(fold(w) for w in (greetings or []))
        self._cues = _SURE_TITLES | self.kinship | self.roles_before | self.greetings
        # what each rule starts from, by folded token: one walk over the tokens finds the starts of all of them
        bits: dict[str, int] = {}
        for words, bit in ((_PLACE_CUES_OR_BRACKET, _AFTER_PLACE_CUE), (_STREETS, _STREET), (self._cues, _CUE),
                           (self.foreign_titles, _FOREIGN_TITLE), (self.roles_after, _ROLE_AFTER), (("(",), _BRACKET)):
            for w in words:
                bits[w] = bits.get(w, 0) | bit
        self._token_bits = bits

    # helpers ------------------------------------------------------------------
    @staticmethod
    def _plain_word(ctx: Context, i: int) -> bool:
        return ctx.tokens[i].kind == "word"

    @staticmethod
    def _given_after_middle(ctx: Context, i: int) -> bool:
        """After a Vietnamese middle word ('nguyen van thanh', 'tran thi lan'), the given name: any lower-case
        word that is no common, medical, eponym or function word and no town (no list holds every such
        name: 'thanh', 'lan', 'hung')."""
        f, lk, tok = ctx.folded[i], ctx.lookups, ctx.tokens[i]
        return tok.kind == "word" and tok.text.islower() and len(f) >= 2 and not (
            f in lk.stopwords or lk.is_common(tok.text) or f in lk.medical or f in lk.eponyms
            or f in lk.function_words or (f,) in lk.cities)

    @staticmethod
    def _known_name(ctx: Context, i: int) -> bool:
        """A known first name or surname that is no common, medical, eponym or function word."""
        f, lk = ctx.folded[i], ctx.lookups
        return ctx.tokens[i].kind == "word" and len(f) >= 3 and (f in lk.first_names or f in lk.surnames) and not (
            f in lk.stopwords or f in lk.medical or f in lk.eponyms or f in lk.function_words or (f,) in lk.cities)

    @staticmethod
    def _cued_name(ctx: Context, i: int, title: str, kin: bool) -> bool:
        """A name word right after a cue: a known name that is no medical, eponym or function word; a town
        name is allowed after a title or kin word, a first name that is also a common word only after a
        title or a kin word ('dr françois', 'sa fille véronique', not 'fille unique')."""
        f, lk = ctx.folded[i], ctx.lookups
        if ctx.tokens[i].kind != "word" or len(f) < 3 or not (f in lk.first_names or f in lk.surnames) or (
                f in lk.medical or f in lk.eponyms or f in lk.function_words or f in _NOT_KIN_NAMES) or (
                determiner_before_noun(ctx, i)):
            return False  # ('Madame, vos résultats')
        if f in lk.stopwords and not ((kin or title) and f in lk.first_names):
            return False
        return (f,) not in lk.cities or bool(title) or kin

    def _after_cue(self, ctx: Context, i: int) -> int:
        """Token index after a cue ending at token i-1, skipping '.' and ':'."""
        n = len(ctx.tokens)
        while i < n and ctx.tokens[i].text in ".:-," and ctx.joined(i):
            i += 1
        return i

    def _lower_name(self, ctx: Context, j: int, title: str, kin: bool = False) -> int:
        """End of a name at token j after a cue (title, kin word or role), or j."""
        toks, lk, n = ctx.tokens, ctx.lookups, len(ctx.tokens)
        if j >= n or toks[j].kind != "word" or j and not ctx.joined(j):
            return j
        k = j
        while k < n - 1 and ctx.folded[k] in PARTICLES and toks[k].kind == "word" and ctx.joined(k + 1) and k - j < 3:
            k += 1
        if k > j:
            # 'dr van de veld', 'int da costa', 'Dr della Faille': particles then a word that is no common word
            head = toks[k]
            f = ctx.folded[k]
            one_de = k == j + 1 and ctx.folded[j] in ("de", "la", "le", "du", "t", "y", "e", "op", "te", "lo")
            common = f in lk.stopwords and not (title and head.text[0].isupper())  # 'Dr della Faille'
            if head.kind != "word" or len(f) < 2 or common or f in lk.medical or f in lk.function_words or (
                    one_de and not (title and self._known_name(ctx, k) and not toks[k].text[0].isupper())):
                return j
            if ctx.folded[j] in ("y", "e", "t") or not title and ctx.folded[j] in _FRENCH_PARTICLES:
                return j  # 'résidente de la CHIREC', 'fille de Lyon': only a title makes 'de' a particle
            if tuple(ctx.folded[j : k + 1]) in lk.cities:
                return j
            return k + 1
        tok = toks[j]
        f = ctx.folded[j]
        upper_known = tok.is_upper and self._cued_name(ctx, j, title, kin)  # 'INF. MARTINE', 'FILLE MME DUPUIS ANNE'
        if not tok.text.islower() and not upper_known:
            return j  # capitalised names are the tidy rules' business
        if self._cued_name(ctx, j, title, kin) or title and _APOSTROPHE_NAME.fullmatch(f):
            e = j + 1
        elif title in ("dr", "docteur", "dre", "docteure") and f in lk.eponyms and len(f) >= 3 and not (
                f in lk.medical or f in lk.function_words) and not (
                j + 1 < n and ctx.joined(j + 1) and _GRADE.fullmatch(toks[j + 1].text)):
            e = j + 1  # 'dr weber': a doctor named like a classification, when no grade follows
        else:
            return j
        # more name words ('boulanger nathalie', 'nguyen van thanh') or an initial ('mélanie b.')
        while e < n and ctx.joined(e) and toks[e].text.islower() and e - j < 3 and ctx.folded[e] in _MIDDLE and (
                e + 1 < n and ctx.joined(e + 1) and (self._known_name(ctx, e + 1) or self._given_after_middle(ctx, e + 1))):
            e += 2
        if e < n and ctx.joined(e) and (toks[e].text.islower() or upper_known and toks[e].is_upper):
            if self._known_name(ctx, e):
                e += 1
            elif len(toks[e].text) == 1 and toks[e].kind == "word" and e + 1 < n and toks[e + 1].text == "." and (
                    toks[e + 1].start == toks[e].end):
                e += 2
        return e

    # rules --------------------------------------------------------------------
    def _cued(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        toks, n = ctx.tokens, len(ctx.tokens)
        cues = self._cues
        for i in [k for k, b in enumerate(ctx.bare) if b in cues] if at is None else at:
            f = ctx.folded[i]
            if toks[i].kind != "word":
                continue
            title = f if f in _SURE_TITLES else ""
            if title:
                if f in ("m", "mr") and not (i + 1 < n and toks[i + 1].text == "."):
                    if f == "m":
                        continue
                if f in ("dr", "pr", "m") and toks[i].text.islower() and i > 0 and toks[i - 1].kind == "word" and (
                        ctx.folded[i - 1] not in _DR_LEADS) and ctx.joined(i) and (
                        ctx.folded[i - 1] in ctx.lookups.medical or ctx.folded[i - 1] in _ANATOMY):
                    continue  # 'genou dr face', 'rein dr': 'dr' is 'droit'
            elif not (ctx.bare[i] in self.kinship or ctx.bare[i] in self.roles_before or ctx.bare[i] in self.greetings):
                continue
            j = self._after_cue(ctx, i + 1)
            kin = ctx.bare[i] in self.kinship
            if title and j + 2 < n and len(toks[j].text) == 1 and toks[j].text.islower() and toks[j + 1].text == "." and (
                    toks[j + 1].start == toks[j].end):
                e = self._lower_name(ctx, j + 2, title)  # 'dr h. peeters': the initial belongs to the name
                if e > j + 2:
                    out.append((toks[j].start, toks[e - 1].end, self.tag))
                continue
            e = self._lower_name(ctx, j, title, kin)
            if e > j and _free_word(ctx.text, toks[j].start, toks[e - 1].end) and not (
                    ctx.bare[j] in self.kinship or ctx.bare[j] in self.roles_before):
                out.append((toks[j].start, toks[e - 1].end, self.tag))

    def _foreign_titles(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        """German and Dutch titles the French rules do not know ('Frau Kohnen Maria', 'Herr Dr. med. Weber',
        'mevr. Claes'): the capitalised words after them, up to three, none a common or medical word."""
        toks, n, lk = ctx.tokens, len(ctx.tokens), ctx.lookups
        for i in [k for k, f in enumerate(ctx.folded) if f in self.foreign_titles] if at is None else at:
            if toks[i].kind != "word" or not toks[i].text[0].isupper() and not ctx.folded[i].startswith(("dhr", "mevr")):
                continue
            j = i + 1
            while j < n and (toks[j].text == "." or ctx.folded[j] in _TITLE_FILLERS) and ctx.joined(j):
                j += 1
            e = j
            while e < n and e - j < 3 and ctx.joined(e) and toks[e].kind == "word" and toks[e].text[0].isupper() and (
                    not (lk.is_common(toks[e].text) or ctx.folded[e] in lk.function_words)
                    or ctx.folded[e] in lk.first_names or ctx.folded[e] in lk.surnames) and (
                    ctx.folded[e] not in lk.medical and ctx.folded[e] not in self.foreign_titles):
                e += 1
            if e > j:
                out.append((toks[j].start, toks[e - 1].end, self.tag))

    def _before_role(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        """'caroline secrétariat', 'muriel (ide)': a lower-case first name right before a role."""
        toks, n, lk = ctx.tokens, len(ctx.tokens), ctx.lookups
        roles = self.roles_after
        for r in [k for k, f in enumerate(ctx.folded) if f in roles and k > 0] if at is None else at:
            i = r - 1 if toks[r - 1].text != "(" else r - 2
            if i < 0 or toks[i].kind != "word" or not toks[i].text.islower() or ctx.folded[i] not in lk.first_names:
                continue
            if not self._known_name(ctx, i):
                continue
            k = i + 1
            if toks[k].text == "(":
                k += 1
            if k < n and ctx.folded[k] in self.roles_after and (k == i + 1 and ctx.joined(k) or k > i + 1) and (
                    _free_word(ctx.text, toks[i].start, toks[i].end)):
                out.append((toks[i].start, toks[i].end, self.tag))

    def _bracketed_after_kin(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        """'la fille de M. X (muriel)', 'l'ide de nuit (sophie)': a first name in brackets a few words after
        a kin word or a role."""
        toks, n, lk, text = ctx.tokens, len(ctx.tokens), ctx.lookups, ctx.text
        for i in [k + 1 for k, t in enumerate(toks) if t[0] == "(" and k + 2 < n] if at is None else at:
            if toks[i + 1].text != ")" or toks[i].kind != "word":
                continue
            f = ctx.folded[i]
            if f not in lk.first_names or not self._known_name(ctx, i):
                continue
            for k in range(max(0, i - 9), i - 1):
                if (ctx.bare[k] in self.kinship or ctx.bare[k] in self.roles_before) and (
                        "\n" not in text[toks[k].end : toks[i].start]):
                    out.append((toks[i].start, toks[i].end, self.tag))
                    break

    def _patient(self, ctx: Context, out: list[Candidate]) -> None:
        p: Patient | None = ctx.patient
        if p is None:
            return
        toks, n, lk, text = ctx.tokens, len(ctx.tokens), ctx.lookups, ctx.text
        surname, first_words, firsts, sur_key, interesting, first_keys = _patient_words(
            p.surname or "", tuple(p.first_names))
        folded = ctx.folded
        sur_set = set(surname)
        # one pass over the words: where the patient's names, links ('née') and cues ('madame') are
        hits = [(k, f) for k, f in enumerate(folded) if f in interesting]
        if not hits:
            return  # none of the patient's words and no cue: nothing to find
        first_at = [k for k, f in hits if f in firsts]
        sur_at = [k for k, f in hits if f in sur_set]
        link_at = [k for k, f in hits if f in _NAME_LINKS]
        cue_at = [k for k, f in hits if f in _PATIENT_CUES]

        def is_first(k: int) -> bool:
            return folded[k] in firsts

        def is_sur(k: int) -> bool:
            return folded[k] in sur_set

        def cue_before(i: int) -> bool:
            k = i - 1
            while k >= 0 and toks[k].text in ".:":
                k -= 1
            return k >= 0 and ctx.folded[k] in _PATIENT_CUES

        # multi-word first names ('Thi Hoa', 'Van Long', 'Maria do Carmo'): the whole sequence
        for ws in first_words:
            if len(ws) < 2:
                continue
            for i in range(n - len(ws) + 1):
                if all(ctx.folded[i + k] == w and (k == 0 or ctx.joined(i + k)) for k, w in enumerate(ws)):
                    out.append((toks[i].start, toks[i + len(ws) - 1].end, "PATIENT"))
        for i in sorted(first_at + link_at):
            tok = toks[i]
            if tok.kind != "word":
                continue
            # the patient's first name in lower case, alone ('hugo 16a', 'stéphanie revient')
            f = ctx.folded[i]
            # (alone, it must be no common word and follow no determiner: 'la marie du village'; never inside an address
            # such as 'marie.dupont@...', where a PATIENT span, placed first, would cut the e-mail)
            if is_first(i) and tok.text.islower() and len(f) >= 3 and _free_word(text, tok.start, tok.end) and (
                    _AGE_AFTER.match(text, tok.end) or cue_before(i) or not (
                        lk.is_common(tok.text) or f in lk.function_words or i and ctx.folded[i - 1] in _DETERMINERS)):
                out.append((tok.start, tok.end, "PATIENT"))
            # maiden / married name after the patient's name: 'CARPENTIER Ginette née DUFLOS'
            if f in _NAME_LINKS and any(is_sur(k) or is_first(k) for k in range(max(0, i - 4), i)):
                j = i + 1
                while j < n and toks[j].text == "." and ctx.joined(j):
                    j += 1
                if ctx.folded[j] in ("de", "d") and toks[j].text.islower() and j + 1 < n and (
                        ctx.folded[j + 1] in lk.first_names and (ctx.folded[j + 1] not in lk.surnames or (
                            j + 2 < n and toks[j + 2].is_cap and ctx.joined(j + 2)))):
                    continue  # 'veuve de Albert Delcourt', 'épouse de Jean X': the spouse, another person
                k = j
                while k < n - 1 and ctx.folded[k] in PARTICLES and ctx.joined(k + 1) and k - j < 3:
                    k += 1
                if k < n and toks[k].kind == "word" and (toks[k].text[0].isupper() or "'" in toks[k].text or
                                                         "’" in toks[k].text) and ctx.joined(k) and not (
                        lk.is_common(toks[k].text) and not toks[k].is_upper) and not (
                        len(toks[k].text) < 2 or k + 1 < n and ctx.joined(k + 1) and toks[k + 1].text[:1].isdigit()):
                    # (never an OCR'd date: 'née le O9/01/1973' reads as 'le' + 'O' + '9/01/1973')
                    if _free_word(text, toks[j].start, toks[k].end):
                        out.append((toks[j].start, toks[k].end, "PATIENT"))
        # a first name misspelt next to the surname ('DUPONT Stefanie' for Stéphanie): same sound key
        for k in sur_at:
            for j in (k - 1, k + 1):
                if not (0 <= j < n) or toks[j].kind != "word" or is_first(j) or is_sur(j) or len(folded[j]) < 4 or (
                        not ctx.joined(max(j, k))) or lk.is_common(toks[j].text) or folded[j] in lk.function_words:
                    continue
                if sound_key(folded[j]) in first_keys and _free_word(text, toks[j].start, toks[j].end):
                    out.append((toks[min(j, k)].start, toks[max(j, k)].end, "PATIENT"))
        # a surname split by dictation ('ri go stéphanie', 'monsieur jean sens pieter'): groups of one to
        # three words right before or after the patient's first name, or after a cue ('madame'), whose
        # concatenation sounds like the surname
        if not sur_key or len(sur_key) < 2:
            return
        starts: set[int] = set()
        for i in first_at:
            starts.update((i + 1, i - 1, i - 2, i - 3))
        for i in cue_at:
            starts.add(self._after_cue(ctx, i + 1))
        for i in sorted(k for k in starts if 0 <= k < n):
            if is_sur(i) or is_first(i):
                continue
            for size in (3, 2, 1):
                e = i + size
                if e > n or any(toks[k].kind != "word" or is_first(k) or is_sur(k) or (k > i and not ctx.joined(k))
                                or ctx.folded[k] in _PATIENT_CUES or ctx.folded[k] in _SURE_TITLES
                                for k in range(i, e)):
                    continue
                joined = "".join(ctx.folded[i:e])
                key = sound_key(joined)
                if not (key == sur_key or len(sur_key) >= 5 and _edit1(key, sur_key)):
                    continue
                if size == 1 and (lk.is_common(toks[i].text) or len(joined) < 4):
                    continue
                next_first = e < n and is_first(e) and ctx.joined(e)
                prev_first = i > 0 and is_first(i - 1) and ctx.joined(i)
                # after a cue, one word must sound exactly like the surname ('Mme Rigot' for Rigaux)
                cued = cue_before(i) and (size > 1 or key == sur_key and len(sur_key) >= 3)
                if (next_first or prev_first or cued) and _free_word(
                        text, toks[i].start, toks[e - 1].end):
                    out.append((toks[i].start, toks[e - 1].end, "PATIENT"))
                    if next_first:
                        out.append((toks[i].start, toks[e].end, "PATIENT"))
                    break

    @staticmethod
    def _city_at(ctx: Context, i: int) -> int:
        """End (token index) of the longest known town starting at token i, or i."""
        lk = ctx.lookups
        for size in lk.city_sizes.get(ctx.folded[i], ()):
            if i + size <= len(ctx.tokens) and tuple(ctx.folded[i : i + size]) in lk.cities and all(
                    ctx.joined(k) for k in range(i + 1, i + size)):
                return i + size
        return i

    def _places(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        """Towns in lower case after a place cue ('de louvain', 'habite hasselt') and a capitalised town in
        brackets after a doctor's name ('Dr Le Goff (Vitré)'); ``at``: the tokens after a cue or a bracket."""
        toks, n, lk, folded = ctx.tokens, len(ctx.tokens), ctx.lookups, ctx.folded
        if at is None:
            at = [k for k, f in enumerate(folded[:-1], 1) if f in _PLACE_CUES_OR_BRACKET]
        for i in at:
            tok = toks[i]
            if tok.kind != "word" or folded[i] not in lk.city_sizes:
                continue
            e = self._city_at(ctx, i)
            if e == i:
                continue
            key = tuple(ctx.folded[i:e])
            if all(toks[k].text.islower() for k in range(i, e)):
                if ctx.folded[i - 1] not in _LOWER_PLACE_CUES or not ctx.joined(i) or key in lk.ambiguous_cities or (
                        len(key) == 1 and (key[0] in lk.medical or key[0] in lk.function_words or len(key[0]) < 3)) or (
                        len(key) > 1 and any(w in lk.stopwords for w in key if w not in _ARTICLES)):
                    continue  # 'de la chambre', 'à la crèche' are no towns in lower case
                out.append((tok.start, toks[e - 1].end, "LOCATION"))
            elif tok.text[0].isupper() and toks[i - 1].text == "(" and e < n and toks[e].text == ")" and tok.text[1:].islower():
                if any(ctx.folded[k] in _SURE_TITLES and toks[k].text[0].isupper() for k in range(max(0, i - 6), i - 1)):
                    out.append((tok.start, toks[e - 1].end, "LOCATION"))

    def _postcode_towns(self, ctx: Context, out: list[Candidate]) -> None:
        """A Belgian (4 digits) or French (5 digits) postcode then a known town in any case, even one that is a
        word ('4000 liege', '6900 MARCHE', '59170 croix'): the postcode vouches for it."""
        toks = ctx.tokens
        for i in _postcode_tokens(ctx):
            tok = toks[i]
            if tok.text[0] == "0" and len(tok.text) == 4 or not ctx.joined(i + 1) or toks[i + 1].kind != "word":
                continue
            if i and (toks[i - 1].kind == "num" or toks[i - 1].text in "+/.-") and ctx.joined(i):
                continue  # a piece of a phone number or a date
            e = self._city_at(ctx, i + 1)
            if e > i + 1:
                out.append((tok.start, toks[e - 1].end, "LOCATION"))

    def _lower_addresses(self, ctx: Context, out: list[Candidate], at: list[int] | None = None) -> None:
        """Street addresses typed in lower case ('rue haute 12', '4 place st lambert', 'av. des lilas 5 bte 2'):
        a street word, lower-case name words on the same line, and a house number after them or before the
        street word; names that are only common words need the number before or an address cue on the line."""
        toks, n, text = ctx.tokens, len(ctx.tokens), ctx.text
        for i in [k for k, f in enumerate(ctx.folded) if f in _STREETS] if at is None else at:
            if not toks[i].text.islower():
                continue
            before = i > 0 and toks[i - 1].kind == "num" and len(toks[i - 1].text) <= 4 and ctx.joined(i)
            j = i + 1
            if j < n and toks[j].text == "." and toks[j].start == toks[i].end:
                j += 1
            e = j
            while e < n and e - j < 5 and ctx.joined(e) and toks[e].kind == "word" and toks[e].text.islower():
                e += 1
            if e == j or all(ctx.folded[k] in _ARTICLES for k in range(j, e)):
                continue
            num_end = e
            if e < n and toks[e].kind == "num" and len(toks[e].text) <= 3 and (ctx.joined(e) or (
                    toks[e - 1].end + 2 >= toks[e].start and text[toks[e - 1].end] == ",")):
                num_end = e + 1  # (four digits are a postcode: '... lambert 4000 liege')
                if num_end + 1 < n and ctx.folded[num_end] in ("bte", "bt", "boite", "bus") and (
                        toks[num_end + 1].kind == "num" and ctx.joined(num_end + 1)):
                    num_end += 2
            line_start = text.rfind("\n", 0, toks[i].start) + 1
            cued = bool(_ADDRESS_CUE.search(text, line_start, toks[i].start))
            if not (before or num_end > e and (cued or any(ctx.folded[k] not in ctx.lookups.stopwords
                                                             for k in range(j, e)))):
                continue
            start = toks[i - 1].start if before else toks[i].start
            out.append((start, toks[num_end - 1].end, "LOCATION"))

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        toks, folded, n, bits = ctx.tokens, ctx.folded, len(ctx.tokens), self._token_bits
        hits = [(k, b) for k, b in enumerate(map(bits.get, folded)) if b]
        cue_at = [k for k, b in hits if b & _CUE]
        elided = [k for k in ctx.elided if len(folded[k]) > 2]
        if elided:  # the cue rule reads the words without their elision ("d'ide" is 'ide')
            cues = self._cues
            added = [k for k in elided if ctx.bare[k] in cues]
            if added or any(folded[k] in cues for k in elided):
                cue_at = sorted({k for k in cue_at if k not in elided} | set(added))
        city_sizes = ctx.lookups.city_sizes
        self._places(ctx, out, [k + 1 for k, b in hits if b & _AFTER_PLACE_CUE and k < n - 1
                                and folded[k + 1] in city_sizes])
        self._postcode_towns(ctx, out)
        self._lower_addresses(ctx, out, [k for k, b in hits if b & _STREET])
        self._cued(ctx, out, cue_at)
        self._foreign_titles(ctx, out, [k for k, b in hits if b & _FOREIGN_TITLE])
        self._before_role(ctx, out, [k for k, b in hits if b & _ROLE_AFTER and k > 0])
        self._bracketed_after_kin(ctx, out, [k + 1 for k, b in hits if b & _BRACKET and k + 2 < n and toks[k][0] == "("])
        self._patient(ctx, out)
        return out


# --------------------------------------------------------------------------------------------
# recommended overlap rule (for deduce_fr/deidentifier.py, which this module must not edit)


_DOCTOR_TITLE = re.compile(r"(?:\b(?:[Dd]r|DR|[Dd]re|[Pp]r|PR|[Pp]rof|[Dd]octeure?|DOCTEURE?|[Pp]rofesseure?|PROFESSEURE?)\.?"
                           r"|\b[Dd]octoresse)[ \t]+$")
_GENDER_TITLE = re.compile(r"\b(M|Mr|MR|Monsieur|MONSIEUR|Mme|MME|Mlle|MLLE|Madame|MADAME|Mademoiselle)\.?[ \t]+$")
_FEMALE = frozenset({"mme", "mlle", "madame", "mademoiselle"})
# an adult's civility right before a name, in any case ('maman (mme durand)', 'M. Kaya', 'MADAME X')
_ADULT_TITLE = re.compile(r"(?<![\w.])(M|Mr|MR|Monsieur|MONSIEUR|monsieur|Mme|MME|mme|Mlle|MLLE|mlle|Madame|MADAME|madame"
                          r"|Mademoiselle|m(?=\.))\.?[ \t]+$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _patient_is_minor(text: str, patient: Patient) -> bool:
    """The patient was a minor (under 18) at the latest year the text names, or this year: then 'Mme X', 'M. X' with
    the family name alone is a parent, never the child."""
    birth = patient.birth()
    if birth is None:
        return False
    ref = max([int(y) for y in _YEAR.findall(text)] + [dt.date.today().year])
    return 0 <= ref - birth.year < 18


def _first_name_in_text(text: str, firsts: set[str]) -> bool:
    """One of the patient's first names (3+ letters) is written in the text: the patient is named apart from the
    relatives, and the metadata's sex and birth date describe the person the text is about."""
    words = {fold(w) for w in re.findall(r"[^\W\d_]{3,}", text)}
    return any(f in words for f in firsts if len(f) >= 3)


def _fuzzy_first(word: str, firsts: set[str]) -> bool:
    """A word that is, or could be a typo of, one of the patient's first names."""
    return any(word == f or len(f) >= 4 and (word[:3] == f[:3] or _edit1(word, f)) for f in firsts)


def _edit1(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    if len(a) > len(b):
        a, b = b, a
    return any(a[:k] == b[:k] and a[k:] == b[k + 1:] for k in range(len(b)))


_FEASTS = frozenset({"noel", "paques", "toussaint", "pentecote", "ascension", "epiphanie"})
_BEFORE_FEAST = re.compile(r"(?:depuis|avant|apres|après|pendant|dès|des|jusqu'à|jusqu’à|jusqu'a|vers|à|a|de|fin|début|debut)"
                           r"[ \t]+$", re.IGNORECASE)


def _feast_day(c: Candidate, text: str) -> bool:
    """'depuis Noël', 'avant Pâques': a date of the calendar, no person, even when the patient is Mme Noël."""
    s, e, t = c
    return t in ("PERSON", "PATIENT") and fold(text[s:e]) in _FEASTS and bool(
        _BEFORE_FEAST.search(text, max(0, s - 12), s))


# a relative's label alone before the value ('Mère :', 'Frère aîné :', '- Père biologique :'), or a kin word after a
# possessive ('sa tante', 'son oncle'): what follows is a name, a status or a condition, or the relative's town
_KIN_WORDS = (r"(?:demi-|arri[èe]re-)?(?:fr[èe]re|s[œo]e?ur|oncle|tante|cousine?|grand-p[èe]re|grand-m[èe]re|p[èe]re"
              r"|m[èe]re|mari|[ée]poux|[ée]pouse|conjointe?|compagnon|compagne|fils|fille|neveu|ni[èe]ce|jumeau|jumelle"
              r"|beau-p[èe]re|belle-m[èe]re|beau-fr[èe]re|belle-s[œo]e?ur|parrain|marraine)")
_KIN_COLON_BEFORE = re.compile(rf"(?:^|[.;|,(])[ \t]*(?:[-•*][ \t]*)?(?i:{_KIN_WORDS})(?:[ \t]+(?i:paternel(?:le)?"
                               r"|maternel(?:le)?|biologique|a[îi]n[ée]e?|cadet(?:te)?))?[ \t]*:[ \t]*$")
_KIN_POSSESSIVE_BEFORE = re.compile(rf"(?<![\w'’])(?i:son|sa|ses|leur|mon|ma)[ \t]+(?i:{_KIN_WORDS})[ \t]+$")


@lru_cache(maxsize=1)
def _kin_status_words() -> frozenset[str]:
    """Folded ordinary French words (common_fr.txt), none ending in -a (the list holds verbs' simple past, 'moussa',
    'dora': given names no list of ours has): after a kin label alone, a status or a condition."""
    path = Path(__file__).parent / "data" / "common_fr.txt"
    return frozenset(f for f in (fold(ln.strip()) for ln in path.read_text(encoding="utf-8").splitlines())
                     if f and not f.startswith("#") and not f.endswith("a"))


@lru_cache(maxsize=1)
def _kin_big_towns() -> frozenset[str]:
    """Folded one-word big towns (cities_major.txt): after a kin word, the place the relative lives in ('sa tante
    Nice'), no name (a small town may be a given name: 'son épouse Pilar')."""
    path = Path(__file__).parent / "data" / "cities_major.txt"
    return frozenset(f for f in (fold(ln.strip()) for ln in path.read_text(encoding="utf-8").splitlines())
                     if f and not f.startswith("#") and " " not in f)


def _kin_no_name(c: Candidate, text: str, lookups: Lookups) -> bool:
    """'Mère : Inconnue', 'Frère : Diabète', 'Père : Nice', 'chez sa tante Marseille': one word after a relative's
    label (or a kin word after a possessive) that is an ordinary word or a big town, no given name and not in
    capitals, is no relative's name (misc24's kin filter, applied to every annotator's PERSON candidates)."""
    s, e, t = c
    if t != "PERSON" or e - s < 3 or e - s > 20:
        return False
    word = text[s:e]
    if not word.isalpha() or word.isupper() or e < len(text) and (text[e].isalpha() or text[e] in "-'’"):
        return False
    f = fold(word)
    if f in lookups.first_names:
        return False
    line = text.rfind("\n", 0, s) + 1
    if _KIN_COLON_BEFORE.search(text, line, s):
        return f in _kin_status_words() or f in _kin_big_towns() or f in lookups.medical
    return f in _kin_big_towns() and bool(_KIN_POSSESSIVE_BEFORE.search(text, max(line, s - 30), s))


# the parts of a DICOM/HL7 person name ('NOM^PRENOM^MILIEU^PRÉFIXE^SUFFIXE', PS3.5 6.2 'PN') that name nobody: a title
_CARET_TITLES = frozenset({"dr", "dre", "pr", "prof", "m", "mme", "mlle", "mr", "mrs", "ms", "miss", "jr", "sr", "md",
                           "phd", "docteur", "professeur", "monsieur", "madame", "ii", "iii"})


# a line where a caret name is a DICOM 'PN' value: a DICOM tag, an attribute named '...Name' ('PatientName',
# "Operators' Name", 'Person Observer Name'), or a tab-separated export row; RIS key-value lines ('NAME:DE BACKER^JAN')
# keep the name whole, as their writer (v4c) tags it
_PN_LINE = re.compile(r"\(\w{4},\w{4}\)|[a-z]['’]?s?[ _]?Name\b|\t")


def split_caret_names(candidates: list[Candidate], text: str) -> list[Candidate]:
    """A person candidate written 'NOM^PRENOM' on a DICOM line (``_PN_LINE``: a dump or a tab export) becomes
    one span per name component, as the independent writers of exports tag it (v6b, v8b) and as the hl7 annotator
    reads segments; empty components and titles ('^^^DR', '^^^M.') drop out, and an attribute's name glued before the
    surname ('ReferringPhysician MARS^PHILIPPE') is cut off: the surname in capitals stays."""
    out: list[Candidate] = []
    for s, e, t in candidates:
        if t not in ("PERSON", "PATIENT") or "^" not in text[s:e] or not _PN_LINE.search(
                text, text.rfind("\n", 0, s) + 1, max(e, text.find("\n", e) if "\n" in text[e:] else len(text))):
            out.append((s, e, t))
            continue
        first = True
        for m in re.finditer(r"[^\^]+", text[s:e]):
            a, b = s + m.start(), s + m.end()
            while a < b and not text[a].isalnum():
                a += 1
            while b > a and not (text[b - 1].isalnum() or text[b - 1] in "'’"):
                b -= 1
            part = text[a:b]
            if not part or fold(part.rstrip(".")) in _CARET_TITLES or not any(c.isalpha() for c in part):
                first = False
                continue
            if first and " " in part.strip() and not part.isupper():
                words = list(re.finditer(r"\S+", part))
                k = len(words)
                while k > 0 and words[k - 1].group().isupper():
                    k -= 1
                if 0 < k < len(words):
                    a += words[k].start()
            first = False
            out.append((a, b, t))
    return out


_PERSON_TAGS = frozenset({"PERSON", "PATIENT"})


def keep_relatives(candidates: list[Candidate], text: str, patient: Patient | None, lookups: Lookups) -> list[Candidate]:
    """Give back to PERSON the patient-name candidates that name someone else.

    ``Deidentifier.resolve`` turns every PERSON span touching a PATIENT span into PATIENT, so the
    patient's son 'Didier Caucheteux' (patient Marie Caucheteux) is tagged PATIENT where the
    annotation convention says PERSON (nothing leaks: the tag is wrong). Three rules, run at the top
    of ``resolve``; each only ever retags (PATIENT -> PERSON), never drops a word from cover:
    - a PERSON candidate holding another given name (a known first name, or a capitalised word that
      is no common word and no form of the patient's first names) and no patient first name: the
      PATIENT candidates inside it that cover only the surname, or a married name built on it
      ('Mme Nadine Bertrand-Roy' for patient Simone Bertrand), become PERSON;
    - the surname, or a compound built on it, right after a doctor's title ('Dr Laurent', 'Dr
      Vidal-Naquet', 'Dr Guillaume Henrion' for patient Hélène Guillaume): a homonym doctor;
    - a married name built on the surname after a title of the other sex than the patient's ('Mme
      Dethier-Closset' for patient Louis Dethier): a relative by marriage.
    """
    # (both tests read person candidates only: the others pass without a call)
    candidates = [c for c in candidates if c[2] not in _PERSON_TAGS or not _feast_day(c, text) and not _kin_no_name(
        c, text, lookups)]
    if "^" in text:
        candidates = split_caret_names(candidates, text)
    candidates = refine_candidates(candidates, text, lookups)  # span edges first (deduce_fr.persons_extra)
    if patient is None:
        return candidates
    surname = {fold(w) for w in re.findall(r"[^\W\d_]+", patient.surname or "")}
    firsts = {fold(w) for f in patient.first_names for w in re.findall(r"[^\W\d_]+", f)}
    sex = (patient.sex or "").upper()[:1]

    def surname_only(s: int, e: int, married: bool) -> bool:
        words = [fold(w) for w in re.findall(r"[^\W\d_]+", text[s:e])]
        if not words or not surname:
            return False
        if all(w in surname for w in words):
            return True
        # a compound written with hyphens that contains the whole surname: a married name
        return married and "-" in text[s:e] and surname <= set(words) and not any(w in firsts for w in words)

    def near_surname(s: int, e: int) -> bool:
        # 'Dr Jacques Fernandez' for patient Jacquet: a one-edit form of the surname after a doctor's title
        words = [fold(w) for w in re.findall(r"[^\W\d_]+", text[s:e])]
        return len(words) == 1 and len(words[0]) >= 5 and words[0] not in firsts and any(
            _edit1(words[0], w) for w in surname if len(w) >= 5)

    def other_given(w_text: str) -> bool:
        w = fold(w_text)
        if len(w) < 2 or w in surname or _fuzzy_first(w, firsts):
            return False
        if w in lookups.first_names:
            return True
        return len(w) >= 3 and w_text[:1].isupper() and not w_text.isupper() and not lookups.is_common(w_text)

    retag: set[int] = set()
    for ps, pe, pt in candidates:
        if pt != "PERSON":
            continue
        raw = re.findall(r"[^\W\d_]+", text[ps:pe])
        words = [fold(w) for w in raw]
        if any(w in firsts for w in words) and not any(w in surname for w in words) and len(words) >= 2 and (
                _DOCTOR_TITLE.search(text[max(0, ps - 20):ps])) and any(
                w not in firsts and r[:1].isupper() and len(w) >= 2 for w, r in zip(words, raw)):
            # 'Dr Étienne Mallet' for patient Étienne Rolland: a doctor sharing the patient's first name
            retag.update(k for k, (s, e, t) in enumerate(candidates) if t == "PATIENT" and ps <= s and e <= pe
                         and all(fold(w) in firsts for w in re.findall(r"[^\W\d_]+", text[s:e])))
            continue
        if any(w in firsts for w in words) or not any(other_given(w) for w in raw):
            continue
        inside = [k for k, (s, e, t) in enumerate(candidates) if t == "PATIENT" and s < pe and ps < e]
        if inside and all(ps <= candidates[k][0] and candidates[k][1] <= pe
                          and surname_only(candidates[k][0], candidates[k][1], True) for k in inside):
            retag.update(inside)
    # a relative's list entry ('Tante paternelle : Mai Pham' for patient Linh Pham): the family name in it is hers
    labelled = [m.span("name") for m in _KIN_LABEL.finditer(text)] if ":" in text else []
    for a, b in labelled:
        if any(_fuzzy_first(fold(w), firsts) for w in re.findall(r"[^\W\d_]+", text[a:b])):
            continue
        retag.update(k for k, (s, e, t) in enumerate(candidates) if t == "PATIENT" and a <= s and e <= b
                     and surname_only(s, e, False))
    others: bool | None = None
    minor = False
    for k, (s, e, t) in enumerate(candidates):
        if t != "PATIENT" or k in retag:
            continue
        before = text[max(0, s - 20):s]
        if _DOCTOR_TITLE.search(before) and (surname_only(s, e, True) or near_surname(s, e)):
            retag.add(k)
            continue
        m = _GENDER_TITLE.search(before)
        if m and sex in ("M", "F") and "-" in text[s:e] and surname_only(s, e, True) and not surname_only(s, e, False):
            female = fold(m.group(1)) in _FEMALE
            if female != (sex == "F"):
                retag.add(k)
                continue
        # the family name alone after an adult's civility names a relative when the civility is of the other sex than
        # the patient's ('M. Maréchal' calling about Mme Irène Maréchal: the husband), or when the patient is a child
        # ('maman (mme durand)', 'Madame Mbemba' writing about her daughter); only where the text names the patient by
        # a first name too (otherwise the metadata may describe someone else than the text's 'M. X')
        m = _ADULT_TITLE.search(before)
        if m and surname_only(s, e, False):
            if others is None:
                others = _first_name_in_text(text, firsts)
                minor = others and _patient_is_minor(text, patient)
            if not others:
                continue
            title = fold(m.group(1))
            if sex in ("M", "F") and (title in _FEMALE) != (sex == "F") or minor and title not in ("mlle", "mademoiselle"):
                retag.add(k)
    return [(s, e, "PERSON") if k in retag else (s, e, t) for k, (s, e, t) in enumerate(candidates)]


# ---------------------------------------------------------------- phones in untidy layouts
# a phone cue glued by its full stop to a national number ('Tél.0142345678', 'GSM.0475/12.34.56'): the core
# phone pattern leaves a number after a full stop alone (a decimal's tail); read on the folded text
# (led by the full stop, a literal the engine skips to; the cue is read behind it)
_GLUED_CUE_PHONE = re.compile(
    r"\.(?:(?<=(?<!\w)tel\.)|(?<=(?<!\w)gsm\.)|(?<=(?<!\w)fax\.)|(?<=(?<!\w)port\.)|(?<=(?<!\w)portable\.)"
    r"|(?<=(?<!\w)mobile\.)|(?<=(?<!\w)telephone\.))(?P<n>0[1-9](?:[ ./\-]?\d){7,8})(?![\w]|[./\-]\d)")
# an international prefix written '00' then the country code, apart ('00 32 475 12 34 56', '00.33.6.12...')
# (the digit-group ID pattern reads them as one number; a phone it is)
_SPACED_INTL_PREFIX = re.compile(
    r"0(?<![\w+.]0)0[ .](?:32|33|31|352|41|44|49|34|39|351|212|213|216|90|48|40)(?:[ .]?\(0\))?(?:[ ./\-]?\d){8,10}"
    r"(?![\w]|[./\-]\d)")
# a North American number ('+1 (514) 555-0199', '+1 514 555 0199'): its three-digit area code in brackets or not
_NANP = re.compile(r"\+(?<![\w+]\+)1[ .\-]?(?:\(\d{3}\)|\d{3})[ .\-]?\d{3}[ .\-]\d{4}(?![\w]|[./\-]\d)")


# a Luxembourg mobile written without its country code ('691 22 33 44', '621 334 556'): nine digits led by 6x1 or
# 6x8 (the operators' prefixes 621/628/661/668/691/698...), in the two groupings the country writes; a number this shape
# is no date, measure or French/Belgian number (those start with 0), so it needs no cue
_LU_MOBILE = re.compile(r"6(?<![\w.,/+\-]6)[2-9][18](?: \d{3} \d{3}| \d{2} \d{2} \d{2}|\.\d{3}\.\d{3})(?![\w]|[./\-,]\d|\s?(?:mm|cm|ml|kg|g|€|eur)(?![^\W\d_]))")
# a phone cue, then a national number with no trunk '0' (Luxembourg landlines '26 54 33 22', '44 11 22', Swiss or
# Belgian numbers whose '0' was dropped): six to nine digits in groups of two to four, read on the folded text;
# extensions ('poste 4412', 'bip 221') are one group, so they stay
# (matched right after a cue word's token, found by a set intersection on the text's words)
# (Quebec and West Africa write 'cellulaire'/'cell.'/'télécopieur'; national numbers of West and Central Africa have 8 or 9
# digits and no trunk '0': Senegal '77 562 14 08', Mali '76 48 21 09', Cameroon '6 77 41 28 93', four groups or five)
_SHORT_PHONE_CUES = frozenset({"tel", "telephone", "gsm", "portable", "mobile", "natel", "handy", "fax", "joignable",
                               "cellulaire", "cell", "cel", "telecopieur", "whatsapp", "contact"})
# (Haiti writes its eight digits in two groups of four: 'Tél : 3712-3456')
_CUED_SHORT_PHONE = re.compile(
    r"(?:\s+au)?\.?(?:\s*(?:fixe|prive|pro))?"
    r"\s*(?:[:.]\s*)?(?:\(\+?\d{2,3}\)\s*)?(?P<n>[1-9]\d{0,3}(?:[ .][0-9]{2,4}){2,4}|[1-9]\d{3}-\d{4})"
    r"(?![\w]|[./\-,]\d)")
# 'appeler sa fille au 77 562 14 08', 'le rappeler au 76 48 21 09': a call verb, then 'au' and a number with no trunk '0'
_CALL_WORDS = frozenset({"appeler", "appelez", "appelle", "rappeler", "rappelez", "joindre", "contacter", "contactez",
                         "joignable", "joignables", "telephoner", "telephonez"})
_CALL_STEMS = ("appel", "joindre", "joignable", "contact", "telephon")
_CALLED_AT = re.compile(r"(?<!\w)au[ \t]+(?P<n>[1-9]\d{0,2}(?:[ .]\d{2,3}){2,4})(?![\w]|[./\-,]\d)")
# an international number with its '00' glued to the country code ('00221 77 562 14 08', '00509 3712 3456')
# (the country codes of the French-speaking world outside Europe, whose numbers the other patterns do not know: West and
# Central Africa, the Indian Ocean, the Maghreb, Lebanon, Haiti, the overseas collectivities; a space after the code,
# then a national number of 8 to 10 digits; never after an id's cue, 'Réf 00221 ...')
_GLUED_INTL_PREFIX = re.compile(
    r"00(?<![\w+.]00)(?:22[0-9]|23[0-9]|24[0-9]|25[0-7]|26[19]|212|213|216|218|961|509|590|594|596|508|681|687|689)"
    r"(?P<nat>(?:[ .]\d{1,4}){2,5})(?![\w]|[./\-]\d)")
_ID_CUE_BEFORE = re.compile(r"(?<!\w)(?:r[ée]f|r[ée]f[ée]rence|n°|no|nr|dossier|ipp|nip|compte|iban|lot|facture)\.?[ \t]*:?[ \t]*$",
                            re.IGNORECASE)
# 'mon numéro', 'son numéro' in a message: a phone (a file's 'numéro' has no possessive before it)
_POSSESSIVES = frozenset({"mon", "son", "ton", "votre", "notre", "leur"})
# a North American number without its '+1' ('418 545-2287', '(514) 326-7781', '514.326-7781'): an area code and an
# exchange that start with 2-9 (the NANP plan), then the line number after a hyphen; led by the hyphen, the rest
# read back in code
_NANP_LOCAL = re.compile(r"-(?<=\d{3}-)\d{4}(?![\w\-]|[.,/]\d)")
_NANP_HEAD = re.compile(r"(?:\((?P<a>[2-9]\d\d)\)[ ]?|(?P<b>[2-9]\d\d)[ .])[2-9]\d\d$")
# a contact line: a name, a comma, then a national number with no trunk '0' that ends the line ('Aïssatou Ndiaye,
# 77 562 14 08', 'Mari : Seydou Coulibaly, 76 48 21 09'): eight to ten digits in three to five groups
# (the last two groups have two digits, as phones are written: a '12 345 678' or '123 456 789' is an id card's or a
# register's number)
# (two scans, each led by its literal, ', ' or '(', which the engine skips to)
_CONTACT_NUMBER = r"(?P<n>[1-9]\d{0,2}(?: \d{2,3})?(?: \d{2}){2,3})"
_CONTACT_LINE_PHONES = (re.compile(r", " + _CONTACT_NUMBER + r"[ \t]*$", re.MULTILINE),
                        re.compile(r"\((?<=[ \t]\()" + _CONTACT_NUMBER + r"\)"))
_NAME_BEFORE_COMMA = re.compile(r"(?<![\w'’\-])([A-ZÀ-Ý][\w'’\-]+)$")

# a cued number in any grouping of brackets, slashes, dots, hyphens and spaces, led by a trunk '0', an area code in
# brackets or a country code ('(010)-4974650', '03/ 016 61 31', '(02199) 35181', '0732/16372651', '(351) 968 301 661':
# the layouts of Faker's nl_BE, nl_NL, de_DE, de_AT and pt_PT providers, half missed or cut by the core patterns):
# 8 to 13 digits, the whole number one span (read after the same cue words, on the folded text)
_CUED_ANY_PHONE = re.compile(
    r"(?:\s+au)?\.?(?:\s*(?:fixe|prive|pro))?\s*(?:[:.]\s*)?"
    r"(?P<n>(?:\(\+?\d{1,5}\)|\+\d{1,3}|0\d{0,4})(?:(?:[ ./\-]|/ |\) ?|\)-)\(?\d{1,10}){1,5})(?![\w]|[./\-,]\d)")

_DATE_LED = re.compile(r"\d{1,2}([./\-])\d{1,2}\1\d{2,4}")

# a Luxembourg national number (matricule: birth date YYYYMMDD, three digits, two check digits) in any grouping
# of spaces or dots ('1985 0312 34567'): its date-led shape is no phone, date or measure; one span, tagged ID
_LU_MATRICULE = re.compile(r"(?:19|20)(?<![\w.,/+\-]\d\d)\d\d[ .]?(?:0[1-9]|1[0-2])[ .]?(?:0[1-9]|[12]\d|3[01])"
                           r"[ .]?\d{3}[ .]?\d{2}(?![\w]|[./\-,]\d)")

# a national number whose separators an OCR or a typist spaced out ('04 . 366 . 77 . 11', '06 - 12 - 34 - 56 - 78')
# a French special-rate or free number with its leading '0' set apart, as the ARCEP plan prints them ('0 800 25 62 00',
# '0 805 123 456', '0.800.25.62.00'): the core reads two-digit pairs after a '0X' group only
_FR_SPECIAL_PHONE = re.compile(r"0(?<![\w.,/+\-]0)(?P<s>[ .])8\d\d(?:(?P=s)\d\d(?P=s)\d\d(?P=s)\d\d|(?P=s)\d{3}(?P=s)\d{3})"
                               r"(?![\w]|[.,/\-]?\d)")
_PADDED_PHONE = re.compile(r"0(?<![\w.,/+\-]0)[1-9]\d{0,2}(?:[ \t]+[./\-][ \t]+\d{2,3}){3,4}(?![\w]|[ \t]*[./\-][ \t]*\d)")


class PhoneExtraAnnotator(Annotator):
    """Phones in layouts the core phone patterns leave out: a cue glued by its full stop ('Tél.0142345678'),
    an '00' international prefix apart from its country code ('00 32 475 12 34 56'), a North American
    number ('+1 (514) 555-0199'), a French special-rate number with its '0' apart ('0 800 25 62 00'), a Luxembourg mobile without its '+352' ('691 22 33 44'), a cued number with no
    trunk '0' ('Tél : 26 54 33 22'); and a Luxembourg matricule in spaced groups ('1985 0312 34567', tagged ID, not
    PHONE: the core phone pattern would take its tail). Each form is gated by a substring test, then one scan."""

    def annotate(self, ctx: Context) -> list[Candidate]:
        text = ctx.text
        out: list[Candidate] = []
        if ".0" in text:
            out.extend((m.start("n"), m.end("n"), self.tag) for m in _GLUED_CUE_PHONE.finditer(ctx.folded_text))
        if "00 " in text or "00." in text:  # (each scan led by a literal the engine skips to)
            out.extend((m.start(), m.end(), self.tag) for m in _SPACED_INTL_PREFIX.finditer(text))
        if "+1" in text:
            out.extend((m.start(), m.end(), self.tag) for m in _NANP.finditer(text))
        if "0 8" in text or "0.8" in text:
            out.extend((m.start(), m.end(), self.tag) for m in _FR_SPECIAL_PHONE.finditer(text))
        if " . " in text or " - " in text or " / " in text:
            out.extend((m.start(), m.end(), self.tag) for m in _PADDED_PHONE.finditer(text)
                       if 9 <= sum(c.isdigit() for c in m.group()) <= 10)
        if "6" in text:  # (led by its first digit: the engine skips to it)
            out.extend((m.start(), m.end(), self.tag) for m in _LU_MOBILE.finditer(text))
        # (a Luxembourg matricule is an ID: the candidate carries its own tag)
        out.extend((m.start(), m.end(), "ID") for m in _LU_MATRICULE.finditer(text) if not m.group().isdigit())
        at = ctx.indices(_SHORT_PHONE_CUES)
        if at:
            ft, toks = ctx.folded_text, ctx.tokens
            for i in at:
                m = _CUED_ANY_PHONE.match(ft, toks[i].end)
                if m and 8 <= sum(c.isdigit() for c in m.group("n")) <= 13 and not _DATE_LED.match(m.group("n")):
                    out.append((m.start("n"), m.end("n"), self.tag))
                    continue
                m = _CUED_SHORT_PHONE.match(ft, toks[i].end)
                if m and 6 <= sum(c.isdigit() for c in m.group("n")) <= 10:
                    out.append((m.start("n"), m.end("n"), self.tag))
        if "numero" in ctx.folded_set and not _POSSESSIVES.isdisjoint(ctx.folded_set):
            ft, toks, folded = ctx.folded_text, ctx.tokens, ctx.folded
            for i in ctx.indices(frozenset({"numero"})):
                if i > 0 and folded[i - 1] in _POSSESSIVES:
                    m = _CUED_SHORT_PHONE.match(ft, toks[i].end)
                    if m and 8 <= sum(c.isdigit() for c in m.group("n")) <= 10:
                        out.append((m.start("n"), m.end("n"), self.tag))
        if "-" in text:
            for m in _NANP_LOCAL.finditer(text):
                head = _NANP_HEAD.search(text, max(0, m.start() - 10), m.start())
                if head and (head.start() == 0 or not (text[head.start() - 1].isalnum() or text[head.start() - 1] in
                                                       "+-./")):
                    out.append((head.start(), m.end(), self.tag))
        if "00" in text:
            for m in _GLUED_INTL_PREFIX.finditer(text):
                if 8 <= sum(c.isdigit() for c in m.group("nat")) <= 10 and not _ID_CUE_BEFORE.search(
                        text, max(0, m.start() - 16), m.start()):
                    out.append((m.start(), m.end(), self.tag))
        if " au " in ctx.folded_text and any(stem in ctx.folded_text for stem in _CALL_STEMS):  # ("d'appeler": one token)
            for m in _CALLED_AT.finditer(text):
                if 8 <= sum(c.isdigit() for c in m.group("n")) <= 10 and not _CALL_WORDS.isdisjoint(
                        fold(w) for w in re.findall(r"[^\W\d_]+", text[max(0, m.start() - 40) : m.start()])):
                    out.append((m.start("n"), m.end("n"), self.tag))
        for scan in _CONTACT_LINE_PHONES:
            for m in scan.finditer(text):
                digits = sum(c.isdigit() for c in m.group("n"))
                before = m.start() if text[m.start()] == "," else m.start() - 1  # (the space before the bracket)
                name = _NAME_BEFORE_COMMA.search(text, max(0, before - 40), before)
                if 8 <= digits <= 10 and name and not ctx.lookups.is_common(name.group(1)) and (
                        fold(name.group(1)) not in ctx.lookups.medical):
                    out.append((m.start("n"), m.end("n"), self.tag))
        return out

"""Dictated reports as a speech-to-text engine writes them: what a dictating doctor spells and says digit by digit.

A dictation engine writes punctuation as words ('virgule', 'point à la ligne'), numbers in words, and
whatever the speaker does to be understood: a surname spelled letter by letter after it is said
('madame dupuis d u p u i s', 'vu ngoc anh v u en deux lettres'), a misheard name corrected after a
filler ('monsieur roi heu roy r o y'), a file number read digit by digit ('numéro de dossier quatre cinq
deux trois huit sept'), a birth date read as numbers ('née le douze zéro trois cinquante-deux'), a
signature with lower-case initials ('dicté par j. p. mallet'). The other annotators find the said name and
the number words of ages, phones and written-out dates; this one adds:

- a spelled run of single letters (with 'tiret'/'apostrophe' between them) that spells a word said just
  before it (the same letters, the same sound key, or its first part), or one of the patient's names:
  PATIENT when it is the patient's name, PERSON otherwise; the said word gets the same tag;
- the word(s) before a filler ('heu', 'euh', 'hum', 'pardon') that sound like the name said after it
  ('du puits hum dupuis'): the misheard form of that name, same tag;
- a run of number words after an identifier cue that reads as 5+ digits (ID; not after a phone cue:
  the phone annotator reads those);
- a run of number words after a date cue that reads as day, month and year ('douze zéro trois mille
  neuf cent cinquante', 'zéro cinq zéro un quatre-vingt-huit'): DATE;
- a name after 'dicté/signé/validé/relu par' with lower-case initials ('j. p. mallet'): PERSON;
- a phone read aloud with the engine's commas between its pairs, after a phone cue ('tél zéro six, douze,
  trente-quatre, ...'): PHONE (without commas the phone annotators read it).

Gates: the spelling rule runs one compiled regex (a run of single letters); the others start only when a
set intersection of the text's folded words with their cue words is not empty.
"""

from __future__ import annotations

import re
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import fold
from deduce_fr.noisy import sound_key
from deduce_fr.numbers_fr import is_number_word, longest_number_at
from deduce_fr.numbers_fr import parse_number as _parse

# two or more single letters, separated by spaces or a spoken hyphen/apostrophe, alone between word boundaries
_SPELLED = re.compile(r"(?<![\w'’.\-])[^\W\d_](?:(?: | tiret | apostrophe |-)[^\W\d_])+(?![\w'’\-]|\.\w)")
# its necessary core (a space, a letter, a separator, a letter), led by a literal: the gate on every text
_SPELLED_GATE = re.compile(r" [^\W\d_](?: | tiret | apostrophe |-)[^\W\d_](?![\w'’])")
_SPOKEN_MARKS = re.compile(r" tiret | apostrophe |[ \-]")
# a signature with lower-case initials after a dictation or validation verb
_SIGNED_BY = re.compile(
    r"\b(?:dict[ée]e?|sign[ée]e?|valid[ée]e?|relu|relue)\s+par\s+(?:(?:le\s+)?(?:docteur|dr\.?|professeur|pr\.?)\s+)?"
    r"((?:[a-zà-ÿ]\.[ \t]*(?:-[ \t]*)?){1,3}([a-zà-ÿ][a-zà-ÿ'’\-]+))")
_LOWER_INITIAL = re.compile(r" [a-zà-ÿ]\.")  # the signature rule's necessary part, literal-led: its gate
_CIVILITIES = frozenset({"monsieur", "madame", "mademoiselle", "m", "mme", "mlle", "mr", "patient", "patiente"})
_PARTICLES = frozenset({"le", "la", "de", "du", "van", "von", "der", "den", "da", "di", "el", "ben", "dos"})
_SIGN_VERBS = frozenset({"dicte", "dictee", "signe", "signee", "valide", "validee", "relu", "relue"})
_LINKS = frozenset({"de", "d", "du", "la", "le", "l", "est", "numero", "n", "no", "nr", "sociale", "national",
                    "nationale", "patient", "patiente", "d'examen", "d'identification", "d'ordre", ":", "°", "suivant",
                    # 'son numéro de sécu c'est un cinquante ...', 'IPP deux points quatre ...'
                    "c'est", "secu", "social", "son", "sa", "votre", "deux-points", "points", "soit", ",", "="})
# read between the digit groups of an id said aloud: 'quatre cinq deux tiret trois huit sept', 'quatre, cinq'
_ID_JOINS = frozenset({"tiret", "barre", "slash", "oblique", ",", "-", "/"})
_DATE_LINKS = frozenset({"le", "du", "au", "de", "naissance", "date", "ne", "nee", ":"})
_ZERO = "zero"
_DIGITS = {"zero": 0, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9}
_DIGIT_WORDS = frozenset(_DIGITS)
# a digit said twice or three times in a row ('double zéro', 'triple sept'), as a number is read aloud
_REPEATS = {"double": 2, "triple": 3}


def _number_tokens() -> frozenset[str]:
    """Every folded one-token spelling of 0 to 99 (French and Belgian, 'soixante-et-onze', 'quatre-vingts',
    'septante-deux'): a set intersection with the text's words counts the number words it holds."""
    units = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"]
    words = set(_DIGITS) | {"dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
                            "dix-neuf", "cent", "mille"}
    for ten in ("vingt", "trente", "quarante", "cinquante", "soixante", "septante", "huitante", "octante", "nonante",
                "quatre-vingt"):
        words |= {ten, f"{ten}-et-un", f"{ten}-un"} | {f"{ten}-{u}" for u in units[1:]}
    words |= {"quatre-vingts", "soixante-et-onze"}
    for ten in ("soixante", "quatre-vingt"):
        words |= {f"{ten}-{t}" for t in ("dix", "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept",
                                         "dix-huit", "dix-neuf")}
    return frozenset(w for w in words if w == "zero" or _parse([w]) is not None)


_NUMBER_TOKENS = _number_tokens()
_TENS_TOKENS = frozenset(w for w in _NUMBER_TOKENS if w not in _DIGIT_WORDS and "-" in w) | {"dix", "onze", "douze",
                                                                                             "treize", "quatorze",
                                                                                             "quinze", "seize"}


class DictationAnnotator(Annotator):
    """Spelled names, corrected names, identifiers and dates read digit by digit (see the module docstring)."""

    def __init__(self, tag: str = "PERSON", window: int = 6, min_id_digits: int = 5,
                 fillers: list[str] | None = None, id_cues: list[str] | None = None,
                 phone_cues: list[str] | None = None, date_cues: list[str] | None = None,
                 weak_date_cues: list[str] | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.window = window
        self.min_id_digits = min_id_digits
        self.fillers = frozenset(fold(w) for w in fillers or ["heu", "euh", "hum", "hmm", "pardon"])
        self.id_cues = frozenset(fold(w) for w in id_cues or [])
        self.phone_cues = frozenset(fold(w) for w in phone_cues or [])
        self.date_cues = frozenset(fold(w) for w in date_cues or [])
        # ('le', 'du'): a date read as numbers after them needs its month's zero ('le douze zéro trois ...')
        self.weak_date_cues = frozenset(fold(w) for w in weak_date_cues or [])

    def annotate(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        patient_words = _patient_words(ctx)
        spelled: dict[str, str] = {}
        if _SPELLED_GATE.search(ctx.text):
            out.extend(self._spellings(ctx, patient_words, spelled))
        words = ctx.folded_set
        if not self.fillers.isdisjoint(words):
            out.extend(self._corrections(ctx, patient_words, spelled))
        # an id or a date read aloud holds three different number words or more ('quatre cinq deux', 'douze zéro
        # trois'), after its cue ('dossier', 'née le'); a date's month is read with a zero ('zéro trois')
        numbers = len(_NUMBER_TOKENS.intersection(words)) if not _DIGIT_WORDS.isdisjoint(words) or (
            not _TENS_TOKENS.isdisjoint(words)) else 0
        if numbers >= 3 and (not self.id_cues.isdisjoint(words) or not self.date_cues.isdisjoint(words) or (
                _ZERO in words and not self.weak_date_cues.isdisjoint(words))):
            out.extend(self._spoken_numbers(ctx, _ZERO in words))
        if numbers >= 3 and _ZERO in words and "," in ctx.text and not self.phone_cues.isdisjoint(words):
            out.extend(self._spoken_phones(ctx))
        if ctx.patient is not None and ctx.patient.first_names and not _CIVILITIES.isdisjoint(words):
            out.extend(self._misheard_surnames(ctx, words))
        if "par" in words and not _SIGN_VERBS.isdisjoint(words) and _LOWER_INITIAL.search(ctx.text):
            out.extend(self._signatures(ctx))
        return out

    # ---------------------------------------------------------------- spelled names
    def _spellings(self, ctx: Context, patient_words: set[str], spelled: dict[str, str]) -> list[Candidate]:
        text, toks, folded = ctx.text, ctx.tokens, ctx.folded
        starts = [t.start for t in toks]
        out: list[Candidate] = []
        for m in _SPELLED.finditer(text):
            word = fold(_SPOKEN_MARKS.sub(lambda g: "-" if "tiret" in g.group() else "", m.group()))
            bare = word.replace("-", "")
            if len(bare) < 2:
                continue
            k = _index_at(starts, m.start())
            said = None
            for j in range(k - 1, max(-1, k - 1 - self.window), -1):
                if toks[j].kind != "word" or folded[j] in self.fillers:
                    continue
                if _spells(bare, folded[j]):
                    said = j
                    break
            in_patient = bare in patient_words or (said is not None and folded[said] in patient_words)
            if said is None and not in_patient:
                continue
            if said is not None and not in_patient and ctx.lookups.is_common(folded[said]) and not (
                    ctx.lookups.is_name_like(folded[said])):
                continue  # 'le mot tête t ê t e': no name
            tag = "PATIENT" if in_patient else self.tag
            out.append((m.start(), m.end(), tag))
            if said is not None:
                out.append((toks[said].start, toks[said].end, tag))
                spelled[folded[said]] = tag
            spelled[bare] = tag
        return out

    # ---------------------------------------------------------------- corrections after a filler
    def _corrections(self, ctx: Context, patient_words: set[str], spelled: dict[str, str]) -> list[Candidate]:
        toks, folded = ctx.tokens, ctx.folded
        out: list[Candidate] = []
        for i, w in enumerate(folded):
            if w not in self.fillers or i < 1:
                continue
            n = i + 1
            while n < len(toks) and folded[n] in self.fillers:
                n += 1
            if n >= len(toks) or toks[n].kind != "word":
                continue
            said = folded[n]
            tag = "PATIENT" if said in patient_words else spelled.get(said)
            if tag is None:
                continue
            key = sound_key(said)
            for width in (1, 2):
                lo = i - width
                if lo < 0 or any(toks[j].kind != "word" for j in range(lo, i)):
                    break
                heard = "".join(folded[lo:i])
                if heard != said and len(key) >= 3 and _close(sound_key(heard), key):
                    out.append((toks[lo].start, toks[i - 1].end, tag))
                    out.append((toks[n].start, toks[n].end, tag))
                    break
        return out

    # ---------------------------------------------------------------- numbers read digit by digit
    def _spoken_numbers(self, ctx: Context, dates: bool) -> list[Candidate]:
        """Ids after an id cue, dates after a date cue (after a weak one only when ``dates``: a zero is read)."""
        toks, folded = ctx.tokens, ctx.folded
        out: list[Candidate] = []
        n = len(toks)
        cues = self.id_cues | self.date_cues | (self.weak_date_cues if dates else frozenset())
        bare = ctx.bare  # 'd'accession', 'l'identifiant': the cue without its elision
        after = -1
        for i in [k for k, w in enumerate(bare) if w in cues]:
            if i < after:
                continue
            w = bare[i]
            kind = "ID" if w in self.id_cues else "DATE"
            links = _LINKS if kind == "ID" else _DATE_LINKS
            j = i + 1
            # a phone cue just before an id word ('rappeler au numéro zéro six ...') makes it a phone's number
            phone = kind == "ID" and any(bare[k] in self.phone_cues for k in range(max(0, i - 3), i))
            while j < n and j <= i + 5 and not is_number_word(folded[j]):
                phone = phone or bare[j] in self.phone_cues
                if folded[j] not in links and not (kind == "ID" and bare[j] in self.id_cues) and toks[j].kind == "word":
                    break
                j += 1
            first = j
            if kind == "ID":  # letters spelled before the digits: 'référence A B deux trois quatre cinq six'
                while j < n and j < first + 3 and len(toks[j].text) == 1 and toks[j].text.isalpha():
                    j += 1
                if j == first + 1 and folded[first] in ("a", "y"):
                    j = first  # 'numéro de dossier a ...' is the verb or the adverb, not a letter
            if j < n and kind == "ID" and folded[j] in _REPEATS and j + 1 < n and folded[j + 1] in _DIGIT_WORDS:
                pass  # 'IPP double zéro quatre ...': the repeated digit opens the id
            elif j >= n or not is_number_word(folded[j]) or folded[j] == "et" or phone:
                continue
            if phone:
                continue
            if kind == "ID":
                groups, end = _read_id(ctx, j)
            else:
                groups, end = _read_numbers(folded, j)
            if kind == "ID":
                # spelled letters count as characters of the id ('R X deux quatre zéro neuf'); two groups are
                # enough when a spoken separator joins them ('vingt-quatre tiret cent dix-sept')
                digits = "".join(groups)
                joined = any(folded[k] in _ID_JOINS for k in range(j, end))
                if len(digits) + (j - first) >= self.min_id_digits and (
                        len(groups) >= 3 or len(groups) == 2 and joined):
                    out.append((toks[first].start, toks[end - 1].end, "ID"))
                    after = end
            else:
                span_end = _spoken_date(folded, j)
                if span_end is not None:
                    out.append((toks[j].start, toks[span_end - 1].end, "DATE"))
                    after = span_end
        return out

    def _spoken_phones(self, ctx: Context) -> list[Candidate]:
        """A phone read aloud pair by pair with the engine's commas between ('tél zéro six, douze, trente-quatre,
        cinquante-six, soixante-dix-huit'): after a phone cue, number words that read as a trunk '0' and 8 or 9 more
        digits (a French or Belgian number); without the commas the phone annotators read it."""
        toks, folded, bare = ctx.tokens, ctx.folded, ctx.bare
        out: list[Candidate] = []
        n = len(toks)
        for i in [k for k, w in enumerate(bare) if w in self.phone_cues]:
            j = i + 1
            while j < n and j <= i + 4 and not is_number_word(folded[j]) and (folded[j] in _LINKS or folded[j] in (
                    "au", "le", "a", "est", "numero") or toks[j].kind != "word"):
                j += 1
            if j >= n or folded[j] != _ZERO:
                continue
            groups, end = _read_id(ctx, j)
            digits = "".join(groups)
            if 9 <= len(digits) <= 10 and digits[0] == "0" and len(groups) >= 4:
                out.append((toks[j].start, toks[end - 1].end, "PHONE"))
        return out

    # ---------------------------------------------------------------- a surname the engine misheard
    def _misheard_surnames(self, ctx: Context, words: frozenset[str]) -> list[Candidate]:
        """'monsieur wien anh tuan' for M. Nguyen Anh Tuan: after a civility, the one or two words right before
        the patient's own first name(s) are the surname as the engine wrote it (PATIENT)."""
        firsts = [fold(f).split() for f in ctx.patient.first_names if f]  # type: ignore[union-attr]
        firsts = [f for f in firsts if f and f[0] in words]
        if not firsts:
            return []
        toks, folded = ctx.tokens, ctx.folded
        stop = ctx.lookups.stopwords
        out: list[Candidate] = []
        for first in firsts:
            size = len(first)
            for i in [k for k, w in enumerate(folded) if w == first[0]]:
                if folded[i : i + size] != first:
                    continue
                for width in (1, 2):
                    lo = i - width
                    if lo < 1 or folded[lo - 1] not in _CIVILITIES:
                        continue
                    between = range(lo, i)
                    if any(toks[j].kind != "word" for j in between) or folded[i - 1] in stop:
                        continue
                    if width == 2 and folded[lo] not in _PARTICLES and folded[lo] in stop:
                        continue
                    out.append((toks[lo].start, toks[i - 1].end, "PATIENT"))
                    break
        return out

    # ---------------------------------------------------------------- signatures with lower-case initials
    def _signatures(self, ctx: Context) -> list[Candidate]:
        out: list[Candidate] = []
        for m in _SIGNED_BY.finditer(ctx.text):
            name = m.group(2)
            if fold(name) in ctx.lookups.stopwords:
                continue  # initials then a function word: no signature
            out.append((m.start(1), m.end(1), self.tag))
        return out


# ------------------------------------------------------------------ helpers
def _patient_words(ctx: Context) -> set[str]:
    p = ctx.patient
    if p is None:
        return set()
    words = set()
    for name in [*(p.first_names or []), p.surname or ""]:
        for part in re.split(r"[\s\-'’]+", fold(name)):
            if len(part) >= 2:
                words.add(part)
        joined = re.sub(r"[\s\-'’]+", "", fold(name))
        if len(joined) >= 2:
            words.add(joined)
    return words


def _index_at(starts: list[int], pos: int) -> int:
    import bisect

    return bisect.bisect_left(starts, pos)


def _spells(letters: str, word: str) -> bool:
    """The spelled letters write ``word``: the same letters, the same sound, or its first part ('jean' of
    'jean-claude')."""
    plain = re.sub(r"[\-'’]", "", word)
    if plain == letters:
        return True
    if len(letters) >= 3 and (plain.startswith(letters) and "-" in word or sound_key(plain) == sound_key(letters)):
        return True
    return False


def _close(a: str, b: str) -> bool:
    """Sound keys equal or one edit apart (the keys of names of three letters or more)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _read_numbers(folded: list[str], j: int) -> tuple[list[str], int]:
    """Digit groups of the number-word run starting at token j, read greedily ('quatre cinq' -> '4', '5';
    'mille neuf cent cinquante' -> '1950'; 'zéro' -> '0'), and the index after the run."""
    groups: list[str] = []
    n = len(folded)
    while j < n:
        if folded[j] in _REPEATS and j + 1 < n and folded[j + 1] in _DIGIT_WORDS:
            groups.append(str(_DIGITS[folded[j + 1]]) * _REPEATS[folded[j]])  # 'double zéro' is '00'
            j += 2
            continue
        if folded[j] == _ZERO:
            groups.append("0")
            j += 1
            continue
        if not is_number_word(folded[j]) or folded[j] == "et":
            break
        found = longest_number_at(folded, j, 6)
        if found is None:
            break
        end, value = found
        groups.append(str(value))
        j = end
    return groups, j


def _read_id(ctx: Context, j: int) -> tuple[list[str], int]:
    """Digit groups of an id read aloud from token j: number-word runs joined by a spoken or written separator
    ('quatre cinq deux tiret trois huit sept', 'quatre, cinq, deux') and single digits written as such in the
    run ('quatre 5 2'); a separator with no number after it is not part of the id."""
    toks, folded = ctx.tokens, ctx.folded
    n = len(folded)
    groups: list[str] = []
    while j < n:
        if toks[j].kind == "num" and len(toks[j].text) <= 4 and toks[j].text.isdigit():
            groups.append(toks[j].text)
            end = j + 1
        else:
            more, end = _read_numbers(folded, j)
            if not more:
                break
            groups.extend(more)
        j = end
        k = j
        while k < n and k <= j + 1 and folded[k] in _ID_JOINS:
            k += 1
        if k < n and (k > j and is_number_word(folded[k]) and folded[k] != "et" or toks[k].kind == "num"):
            j = k
            continue
        break
    return groups, j


def _spoken_date(folded: list[str], j: int) -> int | None:
    """The index after a day, month and year read as numbers from token j, or None ('douze zéro trois mille
    neuf cent cinquante': 12 03 1950; 'zéro cinq zéro un quatre-vingt-huit': 05 01 88)."""
    day, j = _small_number(folded, j, 31)
    if day is None or day < 1:
        return None
    month, j = _small_number(folded, j, 12)
    if month is None or month < 1 or j >= len(folded):
        return None
    found = longest_number_at(folded, j, 6)
    if found is None:
        return None
    end, year = found
    span = end - j
    if (1880 <= year <= 2099 and span >= 2) or (year <= 99 and folded[j] != _ZERO):
        return end
    return None


def _small_number(folded: list[str], j: int, top: int) -> tuple[int | None, int]:
    """A day or month read aloud at token j ('zéro cinq', 'douze', 'vingt et un'): value and next index."""
    if j >= len(folded):
        return None, j
    if folded[j] == _ZERO:
        if j + 1 < len(folded) and folded[j + 1] in _DIGIT_WORDS and folded[j + 1] != _ZERO:
            return _DIGITS[folded[j + 1]], j + 2
        return None, j
    for size in (3, 2, 1):
        if j + size <= len(folded):
            value = _parse(folded[j : j + size])
            if value is not None and value <= top:
                return value, j + size
    return None, j

"""A learned residual annotator: a linear-chain CRF (CRFsuite) over tokens that finds the PERSON, LOCATION
and INSTITUTION spans the rules miss, and the left edges of organisations whose name the rules found
("pharmacie [Martin]" -> "[pharmacie Martin]"). On by default since session 16 (``learned`` in config.yaml);
``config_without(None, "learned")`` is the rule layer alone.

Why a residual model and not a general NER: the rules already find most names with high precision; what
is left (cue-less organisations and places, head words before a name) is what a model trained on text
written by independent writers can pick up from context. The model is *stacked* on the rules: each
token's features include the tag the rule pipeline gave it and its neighbours, and the model only ever
adds spans where no rule span is, or widens an organisation over the rule spans it contains. It is
*gated, not trusted*: a span is proposed only when the CRF's marginal probability of its tag reaches a
threshold chosen by leave-one-set-out cross-validation over the independent writers' dev halves
(``scripts/train_learned.py --cv``; figures in docs/benchmarks.md and deduce_fr/data/SOURCES.md).

Why no word identity for capitalised tokens (nor for lower-case words outside public word lists): a model
retrained on a hospital's own reports would otherwise store its patients' and staff's names in its
weights (a model file is not de-identified data), and the identity of a name says nothing about the
held-out names it must find anyway. So a capitalised token is described only by its shape and by the
public lists it belongs to (first names, surnames, towns, organisation heads, common/medical words); only
lower-case words of the public French/medical vocabularies and function words are features by identity:
they carry the cues ("chez", "employé", "au", "habite").

The model needs the rules' own output for a text: the Deidentifier takes an enabled LearnedAnnotator out of its
list of annotators and calls :meth:`LearnedAnnotator.annotate_with` after overlap resolution and head merging, on
the text's tokens and its final rule spans (``Deidentifier._add_learned``, in both the one-text and the batch
paths): the features see exactly what the training script reads, and the rules run once.
"""

from __future__ import annotations

import bisect
import functools
import json
import operator
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from deduce_fr.annotators import Annotator, Candidate, Context
from deduce_fr.lookups import Lookups, fold, read_list
from deduce_fr.tokenizer import Token, tokenize

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL = "learned_crf.model"
DEFAULT_SETTINGS = "learned_crf.json"
# the model's labels: names of people (patients included), places, organisations
LABEL_OF_TAG = {"PERSON": "PER", "PATIENT": "PER", "LOCATION": "LOC", "INSTITUTION": "ORG"}
TAG_OF_LABEL = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "INSTITUTION"}
# tags whose rule spans an organisation found by the model may swallow ('Garage [Dupont]', 'école [Jean Jaurès]')
_WIDENABLE = frozenset({"PERSON", "LOCATION", "INSTITUTION"})
# public lists read as features (folded words); organisation heads are the first word of each head phrase
_HEAD_FILES = ("organisations_heads_naf.txt", "organisations_heads_osm.txt", "institutions.txt")
_TOWN_FILES = ("cities_fr_communes.txt", "cities_be_municipalities.txt", "cities_world.txt", "cities_major.txt",
               "cities_localities.txt", "fallback_places.txt")
# function words a proposed name never starts with
_LEADING = frozenset({"a", "au", "aux", "de", "du", "des", "d'", "la", "le", "les", "l'", "chez", "en", "et", "par",
                      "pour", "sur", "vers", "dans", "un", "une", "avec", "l", "d"})
_SPLIT = re.compile(r"[\s\-'’]+")


@functools.cache
def feature_lists(data: str = str(DATA)) -> tuple[frozenset[str], frozenset[str]]:
    """(organisation head words, town words): folded first words of public lists shipped in data/."""
    base = Path(data)
    heads = {fold(_SPLIT.split(line.strip())[0]) for f in _HEAD_FILES for line in read_list(base / f) if line.strip()}
    towns = {fold(w) for f in _TOWN_FILES for line in read_list(base / f) for w in _SPLIT.split(line) if len(w) > 2}
    return frozenset(heads), frozenset(towns)


def _shape(word: str) -> str:
    if word.isupper():
        return "AA" if len(word) > 1 else "A"
    if word[0].isupper():
        return "Aa-" if "-" in word else "Aa"
    if word.islower():
        return "a"
    return "aA"


def rule_labels(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Each token's BIO label under the given spans ('O' outside them), e.g. the rules' output or the gold."""
    out = ["O"] * len(tokens)
    starts = [t[1] for t in tokens]
    for s, e, tag in spans:
        k = bisect.bisect_left(starts, s)
        if k > 0 and tokens[k - 1][2] > s:
            k -= 1
        first = True
        while k < len(tokens) and tokens[k][1] < e:
            out[k] = ("B-" if first else "I-") + tag
            first = False
            k += 1
    return out


# per scorer (None: features only) and per Lookups (both held: their ids stay unique), a word's cache entries:
# the features depend on the word and the lists only, the slots on the scorer. Every cache bound to one scorer
# shares its slot tables, so they are emptied together (two caches each counting slots from 0 would overwrite
# each other's score vectors, and the proof would read another word's scores)
_LEXICON: dict[int, tuple[Any, dict[int, tuple[Lookups, dict[tuple[Any, ...], tuple[Any, ...]]]]]] = {}
_LEXICON_MAX = 50_000  # entries (word, kind, rule tag, line position; ~0.5 KB each: the strings are shared) per
# scorer before its caches are emptied (a long run's vocabulary of names is unbounded)
_OFFSETS = (-2, -1, 1, 2)
# (d, feature) -> 'd:feature', one string shared by every cache entry: bounded, as a feature's value is a shape, a
# length, a list name, punctuation or a word of the public vocabulary, never a name
_PREFIXED: dict[tuple[int, str], str] = {}


def _lexical(word: str, kind: str, lookups: Lookups, heads: frozenset[str], towns: frozenset[str]
             ) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(the token's own lexical features in order, with its length; the same as each neighbour offset sees them,
    prefixed, without the length): computed once per distinct word and kept (2/3 of the features' time otherwise)."""
    f = fold(word)
    feats: list[str] = []
    if kind == "word":
        shape = _shape(word)
        feats.append("s=" + shape)
        feats.append("len=" + str(min(len(word), 8)))
        common = lookups._common
        if shape == "a" and (f in common or f in heads):
            feats.append("w=" + f)  # public vocabulary only (cues): never a name's identity
        elif f in lookups.function_words:
            feats.append("fw=" + f)
        if f in lookups.first_names:
            feats.append("L=first")
        if f in lookups.surnames:
            feats.append("L=sur")
        if f in lookups.city_first_words or f in towns:
            feats.append("L=town")
        if f in heads:
            feats.append("L=head")
        if f in common:
            feats.append("L=common")
        if "'" in f:
            feats.append("elided")
    elif kind == "punct":
        feats.append("p=" + word)
    elif kind == "num":
        feats.append("nlen=" + str(min(len(word), 6)))
    seen = tuple(tuple(_prefixed(d, x) for x in ["k=" + kind, *feats] if not x.startswith("len=")) for d in _OFFSETS)
    return tuple(feats), seen


def _prefixed(d: int, feature: str) -> str:
    key = (d, feature)
    out = _PREFIXED.get(key)
    if out is None:
        out = _PREFIXED[key] = f"{d}:{feature}"
    return out


def _entries(text: str, tokens: Sequence[Token], rule_tags: Sequence[str], lookups: Lookups,
             scorer: _Scorer | None = None) -> tuple[list[tuple[str, ...]], list[tuple[tuple[str, ...], ...]], list[int]]:
    """Per token, (its own features, what each neighbour offset sees of it, its entry's slot in ``scorer``'s tables):
    the entries are cached per distinct (word, kind, rule tag, line position), see :func:`token_features`; with a
    ``scorer`` each new entry's CRF state-score contributions are computed once, when it is made (slots: [] without)."""
    heads, towns = feature_lists()
    held = _LEXICON.get(id(scorer))
    if held is None or held[0] is not scorer:
        held = _LEXICON[id(scorer)] = (scorer, {})
    caches = held[1]
    bound = caches.get(id(lookups))
    if bound is None or bound[0] is not lookups:
        bound = caches[id(lookups)] = (lookups, {})
    cache = bound[1]
    if (scorer.used if scorer is not None else len(cache)) > _LEXICON_MAX:
        for _, other in caches.values():
            other.clear()
        if scorer is not None:
            scorer.used = 0
    n = len(tokens)
    if not n:
        return [], [], []
    # each token's line position, from the gaps between tokens (whitespace only: the tokenizer keeps every other
    # character): 2 a wide gap before it on its line (2+ characters), 1 a line break before it (the text's start
    # too), 0 neither; a line break is found from the text's few newlines (one bisect each), not per token
    ends = list(map(_END, tokens))
    before = [1] + [2 if gap >= 2 else 0 for gap in map(operator.sub, map(_START, tokens[1:]), ends)]
    start = text.find("\n", ends[0])
    while start != -1:
        k = bisect.bisect_right(ends, start)  # (the newline lies in the gap before token k)
        if k < n:
            before[k] = 1
        start = text.find("\n", start + 1)
    after = [x & 1 for x in before[1:]]
    after.append(1)
    # (line start or wide gap before, line end: with the word, its kind and its rule tag, the whole entry)
    keys = list(zip(map(_WORD, tokens), map(_KIND, tokens), rule_tags, before, after))
    entries = list(map(cache.get, keys))  # (one C-level pass: on a warm cache nearly every entry is known)
    if None in entries:
        for i, key in enumerate(keys):
            if entries[i] is None:
                entries[i] = cache.get(key) or _new_entry(key, cache, lookups, heads, towns, scorer)
    own = list(map(_OWN, entries))
    near = list(map(_NEAR, entries))  # per token, per offset: what a neighbour sees of it
    slots = list(map(_SLOT, entries)) if scorer is not None else []
    return own, near, slots


_WORD, _START, _END, _KIND = (operator.itemgetter(k) for k in range(4))
_OWN, _NEAR, _SLOT = (operator.itemgetter(k) for k in range(3))


def _new_entry(key: tuple[str, str, str, int, int], cache: dict[Any, Any], lookups: Lookups, heads: frozenset[str],
               towns: frozenset[str], scorer: _Scorer | None) -> tuple[Any, ...]:
    """The cache entry of a (word, kind, rule tag, line position before, line end after) key, made and stored."""
    word, kind, tag, before, after = key
    lex = _lexical(word, kind, lookups, heads, towns)
    pos = [x for x, on in zip(("bol", "eol", "wide_before"), (before == 1, after == 1, before == 2)) if on]
    rule = "r=" + tag
    mine = ("k=" + kind, rule, *lex[0], *pos)
    seen = tuple((lx[0], _prefixed(d, rule), *lx[1:], *[_prefixed(d, x) for x in pos])
                 for d, lx in zip(_OFFSETS, lex[1]))
    entry = cache[key] = (mine, seen, -1 if scorer is None else scorer.add(
        mine, seen, tag == "O" and kind in ("word", "init") and word[:1].isupper()))
    return entry


def token_features(text: str, tokens: Sequence[Token], rule_tags: Sequence[str], lookups: Lookups) -> list[list[str]]:
    """CRFsuite features of each token: shape, public-list membership, the rules' tag, line position and the
    punctuation and lower-case vocabulary words around it; never the identity of a capitalised word.

    Each token's row is its own features then, for the offsets -2, -1, +1, +2, its neighbour's (prefixed, no
    length; '<d>:edge' past the text's ends). A token's features and its neighbours' view of them are cached per
    distinct (word, kind, rule tag, line position): the rows are the same lists, in the same order, as computing
    them token by token, at a fraction of the cost."""
    own, near, _ = _entries(text, tokens, rule_tags, lookups)
    return _rows(own, near)


def _rows(own: list[tuple[str, ...]], near: list[tuple[tuple[str, ...], ...]]) -> list[list[str]]:
    n = len(own)
    out: list[list[str]] = []
    for i, mine in enumerate(own):
        row = list(mine)
        for k, d in enumerate(_OFFSETS):
            j = i + d
            if 0 <= j < n:
                row.extend(near[j][k])
            else:
                row.append(_prefixed(d, "edge"))
        out.append(row)
    return out


def gold_labels(tokens: Sequence[Token], annotations: Iterable[dict[str, Any]]) -> list[str]:
    """BIO training labels from a case's annotations (PER/LOC/ORG; other tags are O)."""
    spans = [(a["start_char"], a["end_char"], LABEL_OF_TAG[a["tag"]]) for a in annotations if a["tag"] in LABEL_OF_TAG]
    return rule_labels(tokens, sorted(spans))


def propose(text: str, tokens: Sequence[Token], marginals: Sequence[dict[str, float]],
            rule_spans: Sequence[tuple[int, int, str]], threshold: float, tags: Iterable[str] | None = None,
            widen: bool | str = True, is_common: Callable[[str], bool] | None = None,
            strict: bool = False) -> list[Candidate]:
    """Spans from the CRF's per-token marginals, gated: a run of tokens on one line whose marginal for one
    label reaches ``threshold``; kept where it touches no rule span, or (``widen``, organisations only) as the
    rule spans of person/place/organisation names it overlaps with their left edge moved to the run's start
    (``widen="lower"``: only over lower-case words, the head nouns 'garage', 'pharmacie')."""
    allowed = set(tags) if tags is not None else set(TAG_OF_LABEL.values())
    runs: list[tuple[int, int, str]] = []  # token index ranges [a, b) with one label
    cur: tuple[int, str] | None = None
    for i, m in enumerate(marginals):
        best, p = None, 0.0
        for label in TAG_OF_LABEL:
            q = m.get("B-" + label, 0.0) + m.get("I-" + label, 0.0)
            if q > p:
                best, p = label, q
        ok = best is not None and p >= threshold and TAG_OF_LABEL[best] in allowed
        starts_new = ok and (m.get("B-" + best, 0.0) > m.get("I-" + best, 0.0))
        same_line = i > 0 and "\n" not in text[tokens[i - 1][2] : tokens[i][1]]
        if cur is not None and (not ok or best != cur[1] or starts_new or not same_line):
            runs.append((cur[0], i, cur[1]))
            cur = None
        if ok and cur is None:
            cur = (i, best)
    if cur is not None:
        runs.append((cur[0], len(tokens), cur[1]))
    out: list[Candidate] = []
    for a, b, label in runs:
        # (nor a leading article or preposition: 'au', 'de la', 'chez' are the cue, outside the name)
        while a < b and (tokens[a][3] == "punct" or tokens[a][0].islower() and fold(tokens[a][0]) in _LEADING):
            a += 1
        while b > a and tokens[b - 1][3] == "punct":
            b -= 1
        if a >= b or not any(tokens[k][3] in ("word", "init") and tokens[k][0][0].isupper() for k in range(a, b)) \
                and not any(True for s, e, _ in rule_spans if s < tokens[b - 1][2] and tokens[a][1] < e):
            continue  # a new span needs a capitalised word: lower-case prose is no name
        s, e, tag = tokens[a][1], tokens[b - 1][2], TAG_OF_LABEL[label]
        touched = [(rs, re_, rt) for rs, re_, rt in rule_spans if rs < e and s < re_]
        if not touched:
            words = [tokens[k][0] for k in range(a, b) if tokens[k][3] == "word"]
            if len(words) == 1 and is_common is not None and is_common(words[0]):
                continue  # one ordinary word ('selon la Clinique', 'le Centre'): no name of its own
            if words and all(part in _COMPASS for w in words for part in fold(w).split("-")):
                continue  # a compass point alone ('de Lille Sud-Est', 'vers le Nord') names no organisation
            # (the grade may lie just past the run: 'Le Fort' read as a name, 'II' left out)
            after = [tokens[b][0]] if b < len(tokens) and tokens[b][3] in ("word", "init") \
                and not any(c in text[e:tokens[b][1]] for c in "\n|\t") else []
            if strict and (_prose_or_grade(words, is_common)
                           or after and _GRADE.fullmatch(after[0]) and _prose_or_grade(words + after, is_common)):
                continue
            out.append((s, e, tag))
            continue
        if not widen or tag != "INSTITUTION" or any(rt not in _WIDENABLE for _, _, rt in touched):
            continue
        # a LEFT edge only ('pharmacie [Martin]'): the name's right edge is the rules', the run must start before it
        us, ue, first = s, max(t[1] for t in touched), min(t[0] for t in touched)
        if us >= first or any(c in text[us:ue] for c in "\n|\t"):
            continue
        if widen == "lower" and any(c.isupper() for c in text[us:first]):
            continue  # only lower-case head words ('garage', 'pharmacie'): a capitalised one is a name of its own
        out.append((us, ue, tag))
    return out



# capitalised prepositions a name does not start with ('Contrôle Dans Trois Mois' is a title-cased sentence); articles
# ('Les Tilleuls', 'La Poste') do start names, so they are not here
_NO_NAME_START = frozenset({"dans", "avec", "pour", "sur", "par", "vers", "chez", "en", "sans", "apres", "avant", "selon",
                            "entre", "sous", "depuis", "pendant"})
# a grade or type after an eponym ('Le Fort II', 'Weber B', 'Garden IIIb'): roman numerals I-VI, a lone capital
_GRADE = re.compile(r"(?:I{1,3}|IV|VI?|[A-D])[a-c]?")


def _prose_or_grade(words: Sequence[str], is_common: Callable[[str], bool] | None) -> bool:
    """A new span that names nothing (``strict`` gates of :func:`propose`): it starts with a capitalised
    preposition and holds only public vocabulary ('Dans Trois Mois'), or it ends with a grade after a word or two
    or after public vocabulary only ('Le Fort II', 'Weber B', 'Fracture de Le Fort II')."""
    if not words:
        return False
    first = fold(words[0])
    if first in _NO_NAME_START and is_common is not None and all(
            is_common(w) or fold(w) in _NO_NAME_START or fold(w) in _LEADING for w in words):
        return True
    return bool(_GRADE.fullmatch(words[-1])) and (len(words) <= 3 or is_common is not None and all(
        is_common(w) or fold(w) in _LEADING for w in words[:-1]))


# the words of a compass point: never a name of their own (a gap the CRF reads as a name after a town)
_COMPASS = frozenset({"nord", "sud", "est", "ouest"})


# punctuation an extension walks over inside a name ('Saint-Jean', 'Dupont & Fils', "l'Espérance", 'St.'); any other
# (a comma, a bracket, a colon, '|') ends it, as a line break does
_INNER_PUNCT = frozenset({"-", "&", "'", "’", "."})


def _org_marginal(m: dict[str, float]) -> tuple[float, float]:
    return m.get("B-ORG", 0.0), m.get("I-ORG", 0.0)


def _sides(sides: bool | str) -> tuple[bool, bool, bool]:
    """(left, right, absorb) of an extension setting: 'left', 'right', 'both' (True), with '+' to absorb names."""
    side = "both" if sides is True else str(sides or "")
    absorb = side.endswith("+")
    side = side.rstrip("+")
    return side in ("both", "left"), side in ("both", "right"), absorb


# rule spans an extension may absorb whole ('Clinique X de [Lyon]', '[pharmacie] [Martin]'): never the patient
_ABSORBED = frozenset({"B-LOCATION", "I-LOCATION", "B-PERSON", "I-PERSON"})


def extend(text: str, tokens: Sequence[Token], marginals: Sequence[dict[str, float]],
           rule_spans: Sequence[tuple[int, int, str]], rule_tags: Sequence[str], threshold: float,
           sides: bool | str = "both") -> list[Candidate]:
    """Organisations the rules found, continued over the words next to them that the CRF reads as the same
    organisation: 'la [clinique] [Saint-Jean]' -> '[clinique Saint-Jean]' (the left edge: a kind or head noun the
    rules left out), '[Garage Martin] et fils' -> '[Garage Martin et fils]' (the right edge).

    From the token just before (after) an INSTITUTION rule span, outward, while a token's organisation marginal
    (B + I) reaches ``threshold``, lies on the same line, overlaps no rule span and is a word or a name's inner
    punctuation; walking left a token read as the organisation's beginning (B > I) is its first, walking right one
    read as a new organisation's beginning stops the walk. A leading or trailing article, preposition or
    punctuation is left out (the cue, not the name); past such a cue word walking left only a lower-case word or
    an organisation head goes on ('Résidente de la [MRS X]' stays). ``sides``: 'left', 'right', 'both' (True); with a '+'
    ('both+') a place's or a person's rule span met on the way is absorbed whole when each of its tokens
    passes the same test ('Clinique X de [Lyon]')."""
    left, right, absorb = _sides(sides)
    n = len(tokens)
    ends = [t[2] for t in tokens]
    starts = [t[1] for t in tokens]
    heads = feature_lists()[0]
    out: list[Candidate] = []

    def passes(k: int) -> bool:
        b, i = _org_marginal(marginals[k])
        tok = tokens[k]
        return b + i >= threshold and (tok[3] in ("word", "init", "num")
                                        or tok[3] == "punct" and tok[0] in _INNER_PUNCT)

    def joined(k: int) -> bool:  # no line break between token k - 1 and token k
        return "\n" not in text[ends[k - 1] : starts[k]]

    def opens(k: int) -> bool:
        bm, im = _org_marginal(marginals[k])
        return bm > im

    def edge_word(k: int) -> bool:  # (may not open or close the span)
        tok = tokens[k]
        return tok[3] == "punct" or tok[0].islower() and fold(tok[0]) in _LEADING

    def name_left(k: int) -> int:  # the first token of the absorbable rule span ending at token k, or -1
        if not absorb or rule_tags[k] not in _ABSORBED:
            return -1
        i = k
        while rule_tags[i].startswith("I-") and i > 0:
            if not (passes(i) and joined(i)):
                return -1
            i -= 1
        return i if rule_tags[i].startswith("B-") and passes(i) else -1

    def name_right(k: int) -> int:  # the last token of the absorbable rule span starting at token k, or -1
        if not absorb or not rule_tags[k].startswith("B-") or rule_tags[k] not in _ABSORBED or not passes(k) \
                or opens(k):
            return -1
        j = k
        while j + 1 < n and rule_tags[j + 1].startswith("I-"):
            j += 1
            if not (passes(j) and joined(j)) or opens(j):
                return -1
        return j

    for s, e, tag in rule_spans:
        if tag != "INSTITUTION":
            continue
        a = bisect.bisect_right(ends, s)  # the span's first token (it may start inside it)
        b = bisect.bisect_left(starts, e)  # the first token after it
        new_s, new_e = s, e
        if left and a > 0:
            first, k = a, a - 1
            crossed = False  # (past a cue word, 'Résidente de la [MRS X]': only a head or a lower-case word goes on)
            while k >= 0 and joined(k + 1):
                if rule_tags[k] == "O":
                    word = tokens[k][0]
                    if not passes(k) or crossed and word[:1].isupper() and fold(word) not in heads:
                        break
                    crossed = crossed or edge_word(k)
                    first = k
                else:
                    i = name_left(k)
                    if i < 0:
                        break
                    first = k = i
                if opens(k):
                    break
                k -= 1
            while first < a and edge_word(first):
                first += 1
            if first < a:
                new_s = starts[first]
        if right and b < n:
            last, k = b - 1, b
            while k < n and joined(k):
                if rule_tags[k] == "O":
                    if not passes(k) or opens(k):
                        break
                    last = k
                else:
                    j = name_right(k)
                    if j < 0:
                        break
                    last = k = j
                k += 1
            while last >= b and edge_word(last):
                last -= 1
            if last >= b:
                new_e = ends[last]
        if (new_s, new_e) != (s, e):
            out.append((new_s, new_e, "INSTITUTION"))
    return out


def with_extensions(found: list[Candidate], extensions: list[Candidate]) -> list[Candidate]:
    """propose()'s spans and extend()'s: a proposed span overlapping an extension is joined to it (one organisation:
    the union of two overlapping runs; the proposed one touches no rule span, the extension holds its rule spans
    whole, so the union cuts none), and nothing either covered is lost."""
    if not extensions:
        return found
    grown = []
    for s, e, tag in extensions:
        for c in found:
            if c[0] < e and s < c[1]:
                s, e = min(s, c[0]), max(e, c[1])
        grown.append((s, e, tag))
    out = [c for c in found if not any(c[0] < e and s < c[1] for s, e, _ in grown)]
    return out + grown


def _next_to(tokens: Sequence[Token], rule_tags: Sequence[str], rule_spans: Sequence[tuple[int, int, str]],
             sides: bool | str) -> list[int]:
    """The tokens an extension of an INSTITUTION rule span starts from (see :func:`extend`): the one just before
    and the one just after it, where no rule span overlaps them (or one it may absorb)."""
    left, right, absorb = _sides(sides)
    out = []
    for s, e, tag in rule_spans:
        if tag != "INSTITUTION":
            continue
        # (the tokens are in order: a bisect on them by key, no list of every token's offsets per text)
        a = bisect.bisect_right(tokens, s, key=_END)
        b = bisect.bisect_left(tokens, e, key=_START)
        if left and a > 0 and (rule_tags[a - 1] == "O" or absorb and rule_tags[a - 1] in _ABSORBED):
            out.append(a - 1)
        if right and b < len(tokens) and (rule_tags[b] == "O" or absorb and rule_tags[b] in _ABSORBED):
            out.append(b)
    return out


# the context on each side of a token over which :meth:`_Scorer.bound` conditions on the worst labels (tokens): on
# the bench's reports 8 proves every report's marginals below the gate, 6 about 95% of them, 4 half
_WINDOW = 8
# the tagger is skipped only when the bound stays below threshold / _SLACK: the weights read from the model's dump
# are rounded to 6 decimals (<= 5e-7 each); a path over a window of 17 tokens sums some 500 of them (~25 features
# a token, 16 transitions), so each path's score is off by < 3e-4 and a conditional by a factor < e^6e-4
_SLACK = 1.01


class _Scorer:
    """A CRF's state scores recomputed outside CRFsuite, to PROVE that a text's gated marginals are empty before
    paying for the tagger (most texts: the model proposes nothing on 99% of the bench's reports, and CRFsuite's
    feature-string lookups were 2/3 of the learned layer's time).

    A linear-chain CRF's score of a labelling is the sum of its tokens' state scores (the weights of their
    features for their labels) and of its transitions' weights; CRFsuite's marginals are exact over it. Each
    cached feature entry (see :func:`_entries`) carries its state-score vector (own and as each neighbour sees
    it), so a text's score matrix is a few vector sums. :meth:`bound` then gives, per token, an UPPER bound of
    each label's marginal: conditioned on the labels ``_WINDOW`` tokens away (the Markov property: given them the
    token's label depends only on the scores in between), the worst pair of boundary labels. The true marginal
    is a mixture of these conditionals, so never above their maximum."""

    def __init__(self, tagger: Any) -> None:
        import numpy as np

        info = tagger.info()
        self.labels = list(tagger.labels())
        index = {y: k for k, y in enumerate(self.labels)}
        size = len(self.labels)
        self.weights: dict[str, Any] = {}
        for (attr, label), w in info.state_features.items():
            if attr not in self.weights:
                self.weights[attr] = np.zeros(size)
            self.weights[attr][index[label]] += w
        trans = np.zeros((size, size))
        for (a, b), w in info.transitions.items():
            trans[index[a], index[b]] = w
        self.exp_trans = np.exp(trans)
        self.eye = np.eye(size)
        self.index = index
        self.edge = [self._score((_prefixed(d, "edge"),)) for d in _OFFSETS]
        self.own = np.zeros((1024, size))
        self.near = np.zeros((len(_OFFSETS), 1024, size))
        self.free = np.zeros(1024, dtype=bool)  # a capitalised word outside every rule span (see _may_propose)
        self.used = 0  # slots given out since the tables were last emptied

    def _score(self, feats: Iterable[str]) -> Any:
        import numpy as np

        out = np.zeros(len(self.labels))
        weights = self.weights
        for f in feats:
            w = weights.get(f)
            if w is not None:
                out += w
        return out

    def add(self, own: tuple[str, ...], seen: tuple[tuple[str, ...], ...], free: bool) -> int:
        """Store an entry's score vectors and its ``free`` flag at the next free slot, returned (the tables grow by
        doubling; the slots are the scorer's, whichever cache asks, see ``_LEXICON``)."""
        import numpy as np

        slot = self.used
        self.used += 1

        if slot >= len(self.own):
            grow = max(2 * len(self.own), slot + 1)
            own_t = np.zeros((grow, len(self.labels)))
            own_t[: len(self.own)] = self.own
            near_t = np.zeros((len(_OFFSETS), grow, len(self.labels)))
            near_t[:, : self.near.shape[1]] = self.near
            free_t = np.zeros(grow, dtype=bool)
            free_t[: len(self.free)] = self.free
            self.own, self.near, self.free = own_t, near_t, free_t
        self.own[slot] = self._score(own)
        self.free[slot] = free
        for k, feats in enumerate(seen):
            self.near[k, slot] = self._score(feats)
        return slot

    def scores(self, ids: Any) -> Any:
        """The text's state-score matrix (tokens x labels) from its entries' slots (an int array), as CRFsuite
        sums it from the same rows."""
        n = len(ids)
        out = self.own[ids]
        for k, d in enumerate(_OFFSETS):
            near = self.near[k]
            if d < 0:
                out[-d:] += near[ids[: n + d]]
                out[: min(-d, n)] += self.edge[k]
            else:
                out[: max(n - d, 0)] += near[ids[d:]]
                out[max(n - d, 0) :] += self.edge[k]
        return out

    def bound(self, scores: Any, positions: list[int], groups: list[list[int]], window: int = _WINDOW) -> Any:
        """For each position and each group of labels (e.g. B-ORG and I-ORG), an upper bound of the marginal
        probability that the token's label is in the group: the largest over all label pairs (a, b) of
        P(y_i in group | y_{i-w} = a, y_{i+w} = b), ``w = window`` (a power of two); past a text's end a side is
        not conditioned (its exact sum). NaN (an underflow) where it cannot tell: the caller reads it as 'maybe'.

        The window products of the chain's step matrices are built for every start at once by doubling
        (log2(w) batched products), then each position's left and right products are one lookup each."""
        import numpy as np

        n, size = scores.shape
        x = np.exp(scores - scores.max(axis=1, keepdims=True))  # (a per-token factor: cancels in each conditional)
        # step t (1 <= t < n): transition into token t times its state factor; identity outside, so a window that
        # passes an end stops there; index t + window - 1 holds step t, for t from 1 - window to n + window - 1
        steps = np.empty((n + 2 * window - 1, size, size))
        steps[:window] = steps[window + n - 1 :] = np.eye(size)
        steps[window : window + n - 1] = self.exp_trans[None, :, :] * x[1:, None, :]
        span = 1
        while span < window:  # steps[k] becomes the product of the `2 * span` steps from k on
            steps = steps[: len(steps) - span] @ steps[span:]
            span *= 2
        pos = np.asarray(positions, dtype=np.intp)
        # left: from y_{i-w} = a (or, near the start, from the text's first token whatever a) to y_i = l
        left = steps[pos]  # the w steps i-w+1 .. i
        start = pos - window < 0
        if start.any():
            left[start] = x[0][None, None, :] @ left[start]
        right = steps[pos + window]  # the w steps i+1 .. i+w
        end = pos + window > n - 1
        if end.any():
            right[end] = right[end].sum(axis=2, keepdims=True)
        total = left @ right  # (position, a, b): the sum over y_i
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.stack([((left[:, :, ids] @ right[:, ids, :]) / total).max(axis=(1, 2)) for ids in groups],
                            axis=1)


    def proved(self, scores: Any, positions: Any, masks: Any, gate: Any, window: int = _WINDOW) -> Any:
        """Per position (sorted token indexes, an int array) and group of labels (``masks``: groups x labels, 1 for
        the group's labels), True where :meth:`bound`'s conditional is below ``gate`` for EVERY pair of boundary labels:
        the same test as ``bound(...) < gate``, cheaper. No division: each conditional's numerator is compared with
        ``gate`` times its denominator (an underflow, 0 < 0, or an overflow, inf < inf, reads as 'not proved' with
        no errstate context); each token's factor is its scores shifted by its own 'O' score (any per-token shift
        cancels in a conditional, and the 'O' path keeps every window's sum away from 0: no row maximum needed);
        every group's numerator is one batched product of the masked left windows; the text's ends are handled only
        where a window reaches them. ``gate``: a number, or one per position shaped (positions, 1, 1)."""
        import numpy as np

        n, size = scores.shape
        o = self.index["O"]
        x = np.exp(scores - scores[:, o : o + 1])
        steps = np.empty((n + 2 * window - 1, size, size))
        steps[:window] = steps[window + n - 1 :] = self.eye
        np.multiply(self.exp_trans[None, :, :], x[1:, None, :], out=steps[window : window + n - 1])
        p = len(positions)
        span = 1
        while 2 * span < window:  # steps[k] becomes the product of the `2 * span` steps from k on
            steps = steps[: len(steps) - span] @ steps[span:]
            span *= 2
        # the last doubling only where a window is read: each position's left window starts at it, its right one
        # `window` later (2 products a position instead of one a token; the same products, in the same order)
        at = np.concatenate((positions, positions + window))
        both = steps[at] @ steps[at + span] if span < window else steps[at]
        left, right = both[:p], both[p:]
        if positions[0] < window:
            start = positions < window
            left[start] = x[0][None, None, :] @ left[start]
        if positions[-1] + window > n - 1:
            end = positions + window > n - 1
            right[end] = right[end].sum(axis=2, keepdims=True)
        total = gate * (left @ right)  # (position, a, b): the sum over y_i; then each group's part of it
        part = (left[:, None, :, :] * masks[None, :, None, :]) @ right[:, None, :, :]
        return (part < total[:, None]).reshape(p, len(masks), size * size).all(axis=2)


class LearnedModel:
    """A trained CRF and the gating chosen for it by cross-validation."""

    def __init__(self, model_path: str | Path, settings: dict[str, Any] | None = None) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        self.labels = list(self.tagger.labels())
        self.settings = settings or {}
        self.scorer = _Scorer(self.tagger)

    def marginals(self, features: list[list[str]]) -> list[dict[str, float]]:
        """Per token, the marginal probability of each label."""
        if not features:
            return []
        tagger = self.tagger
        tagger.set(features)
        labels = [x for x in self.labels if x != "O"]
        return [{y: tagger.marginal(y, i) for y in labels} for i in range(len(features))]

    def gated_marginals(self, features: list[list[str]], threshold: float) -> list[dict[str, float]]:
        """:meth:`marginals` where a label can reach ``threshold``, {} elsewhere: a token whose 'O' marginal exceeds
        1 - threshold (most tokens) leaves every name label's B+I below it (they sum to 1 - P(O)), and
        :func:`propose` reads no label there. One marginal per such token instead of six; the same spans."""
        if not features:
            return []
        tagger = self.tagger
        tagger.set(features)
        labels = [x for x in self.labels if x != "O"]
        marginal = tagger.marginal
        sure = 1.0 - threshold + 1e-9  # (a margin over float rounding of the sum)
        return [{} if marginal("O", i) > sure else {y: marginal(y, i) for y in labels} for i in range(len(features))]


class LearnedAnnotator(Annotator):
    """Spans the rules miss, from the shipped CRF (``model``/``settings`` in data/), gated by its marginals."""

    def __init__(self, tag: str = "INSTITUTION", enabled: bool = False, model: str = DEFAULT_MODEL,
                 settings: str = DEFAULT_SETTINGS, threshold: float | None = None,
                 tags: list[str] | None = None, widen: bool | str | None = None, extend: bool | str | None = None,
                 extend_threshold: float | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.enabled = enabled
        self._model: LearnedModel | None = None
        self._group_cache: dict[tuple[str, ...], tuple[Any, list[str]]] = {}
        if not enabled:
            return
        model_path = _data_path(model)
        chosen = json.loads(_data_path(settings).read_text(encoding="utf-8")) if settings else {}
        gate = chosen.get("gate", {})
        self.threshold = float(threshold if threshold is not None else gate.get("threshold", 0.5))
        self.tags = list(tags if tags is not None else gate.get("tags", sorted(TAG_OF_LABEL.values())))
        self.widen = widen if widen is not None else gate.get("widen", True)
        # new spans that are title-cased prose or an eponym's grade dropped (see _prose_or_grade)
        self.strict = bool(gate.get("strict", False))
        # organisations found by the rules continued over the words next to them ('left', 'right', 'both', False)
        self.extend = extend if extend is not None else gate.get("extend", False)
        self.extend_threshold = float(extend_threshold if extend_threshold is not None
                                      else gate.get("extend_threshold", self.threshold))
        self._model = LearnedModel(model_path, chosen)

    def annotate(self, ctx: Context) -> list[Candidate]:
        """No candidates among the rules': the model reads the rules' resolved spans, so the Deidentifier calls
        :meth:`annotate_with` after resolution instead (an annotator list holding this one proposes nothing)."""
        return []

    def annotate_with(self, text: str, tokens: Sequence[Token] | None, rule_spans: list[tuple[int, int, str]],
                      lookups: Lookups) -> list[Candidate]:
        """The model's gated spans for a text whose final rule spans are known (the Deidentifier's post-resolution
        hook, training and cross-validation)."""
        assert self._model is not None
        tokens = tokenize(text) if tokens is None else tokens
        if not tokens:
            return []
        rule_tags = rule_labels(tokens, rule_spans)
        scorer = self._model.scorer
        own, near, slots = _entries(text, tokens, rule_tags, lookups, scorer)
        if not self._may_propose(tokens, rule_tags, rule_spans, slots):
            return []  # (proved: every span propose() could keep needs a token whose marginal is bounded below the gate)
        heads, _ = feature_lists()
        low = min(self.threshold, self.extend_threshold) if self.extend else self.threshold
        marginals = self._model.gated_marginals(_rows(own, near), low)
        found = propose(text, tokens, marginals, rule_spans, self.threshold, self.tags, self.widen,
                        lambda w: lookups.is_common(w) or fold(w) in heads, self.strict)
        if self.extend and "INSTITUTION" in self.tags:
            found = with_extensions(found, extend(text, tokens, marginals, rule_spans, rule_tags,
                                                  self.extend_threshold, self.extend))
        return found

    def _groups(self) -> tuple[Any, list[str]]:
        """(the allowed labels' B/I groups as :meth:`_Scorer.proved` reads them, groups x labels with 1 for the group's
        labels; their model labels), per tag list (kept: the tags rarely change)."""
        import numpy as np

        key = tuple(self.tags)
        held = self._group_cache.get(key)
        if held is None:
            scorer = self._model.scorer
            names, rows = [], []
            for x, t in TAG_OF_LABEL.items():
                ids = [scorer.index[y] for y in ("B-" + x, "I-" + x) if y in scorer.index]
                if t in self.tags and ids:
                    names.append(x)
                    row = np.zeros(len(scorer.labels))
                    row[ids] = 1.0
                    rows.append(row)
            held = self._group_cache[key] = (np.array(rows).reshape(len(rows), len(scorer.labels)), names)
        return held

    def _may_propose(self, tokens: Sequence[Token], rule_tags: Sequence[str], rule_spans: Sequence[tuple[int, int, str]],
                     slots: list[int]) -> bool:
        """False only when :func:`propose` and :func:`extend` are proved to return nothing for this text, whatever
        CRFsuite's marginals.

        A span propose() keeps holds a token whose marginal for the span's label reaches the threshold and that is
        (a) a capitalised word overlapping no rule span (a new span: it touches none and needs a capitalised word),
        or (b) when organisations widen, a token not wholly inside a rule span (the widened span's first token
        starts before every rule span it touches); an organisation extend() continues starts with the token just
        before or just after the rule span, outside every rule span, whose organisation marginal reaches the
        extension's threshold (c). So if :meth:`_Scorer.proved` keeps every such token's marginal of every allowed
        label below its threshold (with a slack for the dumped weights' rounding), the layer adds nothing."""
        import numpy as np

        threshold = self.threshold
        low = min(threshold, self.extend_threshold) if self.extend else threshold
        if low <= 0:
            return True
        scorer = self._model.scorer
        groups, names = self._groups()
        ids = np.asarray(slots, dtype=np.intp)
        free = scorer.free[ids]
        org = names.index("ORG") if "ORG" in names else -1
        extra = None  # (positions only the organisation group is asked about)
        if org >= 0 and self.widen:
            extra = np.zeros(len(ids), dtype=bool)
            extra[_not_inside(tokens, sorted(rule_spans))] = True
        near_mask = None  # (the tokens an extension starts from: tested against the extension's threshold)
        if org >= 0 and self.extend:
            near = _next_to(tokens, rule_tags, rule_spans, self.extend)
            if near:
                near_mask = np.zeros(len(ids), dtype=bool)
                near_mask[near] = True
                extra = near_mask if extra is None else extra | near_mask
        some = free if extra is None else free | extra
        positions = np.flatnonzero(some)
        if not len(positions):
            return False
        gate: Any = threshold / _SLACK
        if near_mask is not None and low < threshold:
            gate = np.where(near_mask[positions], low / _SLACK, gate)[:, None, None]
        ok = scorer.proved(scorer.scores(ids), positions, groups, gate)
        if extra is not None:  # (a position outside ``free`` is asked about organisations only)
            ok[~free[positions]] |= np.arange(len(names)) != org
        return not ok.all()


def _not_inside(tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]) -> list[int]:
    """Indexes of the tokens no single span wholly contains (the spans are sorted and do not overlap)."""
    out = []
    k = 0
    for i, (_, start, end, _) in enumerate(tokens):
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        if not (k < len(spans) and spans[k][0] <= start and end <= spans[k][1]):
            out.append(i)
    return out


def _data_path(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() or path.exists() else DATA / name

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


# per Lookups (held: its id stays unique), a word's lexical features: they depend on the word and the lists only
_LEXICON: dict[int, tuple[Lookups, dict[tuple[Any, ...], tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]] = {}
_LEXICON_MAX = 50_000  # entries (word, kind, rule tag, line position; ~0.5 KB each: the strings are shared) per
# cache before it is emptied (a long run's vocabulary of names is unbounded)
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


def token_features(text: str, tokens: Sequence[Token], rule_tags: Sequence[str], lookups: Lookups) -> list[list[str]]:
    """CRFsuite features of each token: shape, public-list membership, the rules' tag, line position and the
    punctuation and lower-case vocabulary words around it; never the identity of a capitalised word.

    Each token's row is its own features then, for the offsets -2, -1, +1, +2, its neighbour's (prefixed, no
    length; '<d>:edge' past the text's ends). A token's features and its neighbours' view of them are cached per
    distinct (word, kind, rule tag, line position): the rows are the same lists, in the same order, as computing
    them token by token, at a fraction of the cost."""
    heads, towns = feature_lists()
    held = _LEXICON.get(id(lookups))
    if held is None or held[0] is not lookups:
        held = _LEXICON[id(lookups)] = (lookups, {})
    cache = held[1]
    if len(cache) > _LEXICON_MAX:
        cache.clear()
    n = len(tokens)
    own: list[tuple[str, ...]] = []
    near: list[tuple[tuple[str, ...], ...]] = []  # per token, per offset: what a neighbour sees of it
    for i, (word, start, end, kind) in enumerate(tokens):
        gap_before = text[tokens[i - 1][2] : start] if i else "\n"
        gap_after = text[end : tokens[i + 1][1]] if i + 1 < n else "\n"
        # (line start, line end, a wide gap before: with the word, its kind and its rule tag, the whole entry)
        key = (word, kind, rule_tags[i], "\n" in gap_before, "\n" in gap_after,
               len(gap_before) >= 2 and "\n" not in gap_before)
        entry = cache.get(key)
        if entry is None:
            lex = _lexical(word, kind, lookups, heads, towns)
            pos = [x for x, on in zip(("bol", "eol", "wide_before"), key[3:]) if on]
            rule = "r=" + rule_tags[i]
            entry = cache[key] = (("k=" + kind, rule, *lex[0], *pos),
                                  tuple((lx[0], _prefixed(d, rule), *lx[1:], *[_prefixed(d, x) for x in pos])
                                        for d, lx in zip(_OFFSETS, lex[1])))
        own.append(entry[0])
        near.append(entry[1])
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
            widen: bool | str = True, is_common: Callable[[str], bool] | None = None) -> list[Candidate]:
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



class LearnedModel:
    """A trained CRF and the gating chosen for it by cross-validation."""

    def __init__(self, model_path: str | Path, settings: dict[str, Any] | None = None) -> None:
        import pycrfsuite

        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(model_path))
        self.labels = list(self.tagger.labels())
        self.settings = settings or {}

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
                 tags: list[str] | None = None, widen: bool | str | None = None, **kw: Any) -> None:
        super().__init__(tag, **kw)
        self.enabled = enabled
        self._model: LearnedModel | None = None
        if not enabled:
            return
        model_path = _data_path(model)
        chosen = json.loads(_data_path(settings).read_text(encoding="utf-8")) if settings else {}
        gate = chosen.get("gate", {})
        self.threshold = float(threshold if threshold is not None else gate.get("threshold", 0.5))
        self.tags = list(tags if tags is not None else gate.get("tags", sorted(TAG_OF_LABEL.values())))
        self.widen = widen if widen is not None else gate.get("widen", True)
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
        feats = token_features(text, tokens, rule_labels(tokens, rule_spans), lookups)
        heads, _ = feature_lists()
        return propose(text, tokens, self._model.gated_marginals(feats, self.threshold), rule_spans, self.threshold,
                       self.tags, self.widen,
                       lambda w: lookups.is_common(w) or fold(w) in heads)


def _data_path(name: str) -> Path:
    path = Path(name)
    return path if path.is_absolute() or path.exists() else DATA / name

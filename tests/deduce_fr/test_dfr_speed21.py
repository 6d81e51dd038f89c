"""Session 18 (core21): the faster paths give exactly what the plain definitions give. PHONE_ABROAD tried only where
one can start finds the matches of a whole-text ``finditer``; the learned layer's feature entries, keyed from each
gap's line position found once, are the features of the token-by-token definition (line start, line end, a wide gap)."""

from __future__ import annotations

import random

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import PHONE_ABROAD, _abroad_matches
from deduce_fr.learned import _OFFSETS, _lexical, _prefixed, feature_lists, rule_labels, token_features
from deduce_fr.tokenizer import tokenize

_PHONE_TEXTS = [
    "Joindre la fille au (514) 326-7781 ou au 1 418 545-2287.",
    "Seydou Coulibaly, 76 48 21 09 ; Rose (fille), 77 562 14 08.",
    "Mesures, 12 14 16 18 ; code 2 52 03 75 113 042 17 ; (1)(2)(3) 418-545-2287x",
    "tel 6 77 41 28 93,A(418) 545-2287 ((514) 326-7781",
    "",
]


def _fuzz(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    alphabet = "0123456789 ().-+/,a\n" + "1(514) 326-7781 418-545-2287 76 48 21 09"
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 48))) for _ in range(count)]


def test_abroad_phones_tried_where_they_start_are_the_whole_text_matches() -> None:
    for text in _PHONE_TEXTS + _fuzz(21, 3000):
        assert [(m.span(), m.groupdict()) for m in _abroad_matches(text)] == [
            (m.span(), m.groupdict()) for m in PHONE_ABROAD.finditer(text)], repr(text)
    assert any(True for t in _PHONE_TEXTS for _ in _abroad_matches(t))  # (the sample holds matches to compare)


def _reference_rows(text: str, tokens: list, rule_tags: list[str], lookups) -> list[list[str]]:
    """The features by their definition, token by token: own features, then each neighbour's view of them."""
    heads, towns = feature_lists()
    n = len(tokens)
    own, near = [], []
    for i, (word, start, end, kind) in enumerate(tokens):
        gap_before = text[tokens[i - 1][2] : start] if i else "\n"
        gap_after = text[end : tokens[i + 1][1]] if i + 1 < n else "\n"
        flags = ("\n" in gap_before, "\n" in gap_after, len(gap_before) >= 2 and "\n" not in gap_before)
        pos = [x for x, on in zip(("bol", "eol", "wide_before"), flags) if on]
        lex = _lexical(word, kind, lookups, heads, towns)
        rule = "r=" + rule_tags[i]
        own.append(["k=" + kind, rule, *lex[0], *pos])
        near.append([[lx[0], _prefixed(d, rule), *lx[1:], *[_prefixed(d, x) for x in pos]]
                     for d, lx in zip(_OFFSETS, lex[1])])
    rows = []
    for i in range(n):
        row = list(own[i])
        for k, d in enumerate(_OFFSETS):
            row.extend(near[i + d][k] if 0 <= i + d < n else [_prefixed(d, "edge")])
        rows.append(row)
    return rows


@pytest.mark.parametrize("text", [
    "Mme Dupont\n\nvue à la Clinique  Pasteur ,\tToulouse.\r\nCR :  IRM du 12/03",
    "  \n  Dr  Martin   (CHU de Liège)\u00a0 le\u2028 3 mars\n",
    "un mot",
    "x",
    "",
])
def test_learned_feature_entries_follow_their_definition(deid: Deidentifier, text: str) -> None:
    tokens = tokenize(text)
    spans = [(s.start_char, s.end_char, s.tag) for s in deid.annotate(text).spans]
    tags = rule_labels(tokens, spans)
    assert token_features(text, tokens, tags, deid.lookups) == _reference_rows(text, tokens, tags, deid.lookups)

"""Session 13's speed paths give what the plain definitions give.

``Context.indices`` (a query of the text's distinct words instead of a walk over every token), the
``folded_set``/``bare_set`` gates, the one-probe ``Lookups.is_common``/``is_name_like``, the register probe of
``_find_indexed`` that gathers only the words the longest entry needs, and the memoised date surrogates and
date offsets are each checked against the computation they replace, on texts built to hit the edge cases
(a word present once, several times, never; elisions; a dict or a set of words). No timing is asserted.
"""

from __future__ import annotations

import random

import pytest

from deduce_fr import Deidentifier
from deduce_fr.annotators import Context, InstitutionAnnotator, _find_indexed
from deduce_fr.lookups import fold
from deduce_fr.surrogates import SurrogateGenerator, date_offset, stable_int
from deduce_fr.tokenizer import tokenize

PIECES = ["Dr", "M.", "l'hôpital", "d'Oran", "L'ÂGE", "âge", "ans", "mars", "Mars", "hopital", "de", "la", "Centre",
          "Hospitalier", "Universitaire", "Saint-Pierre", "Bruxelles", "Liège", "12", ",", "(", ")", "\n", "Marie",
          "Dupont", "site", "Godinne", "clinique", "rue", "Haute", "né", "à", "Namur", "fils", "Julien"]


def _texts(n: int = 200, seed: int = 13) -> list[str]:
    rng = random.Random(seed)
    out = ["", "mars", "l'âge de 3 ans", "Mars mars MARS"]
    for _ in range(n):
        out.append(" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))))
    return out


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def test_indices_equal_a_walk_over_the_tokens(deid: Deidentifier) -> None:
    queries = [frozenset({"mars"}), {"age", "ans"}, {"absent"}, set(), {"hopital": 1, "centre": 2},
               frozenset({"l'hopital", "hopital", "d'oran", "oran"}), dict.fromkeys(["de", "la", "marie"])]
    for text in _texts():
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        assert ctx.folded_set == set(ctx.folded) and ctx.bare_set == set(ctx.bare)
        for words in queries:
            assert ctx.indices(words) == [i for i, f in enumerate(ctx.folded) if f in words], (text, words)
            assert ctx.indices(words, bare=True) == [i for i, b in enumerate(ctx.bare) if b in words], (text, words)


def test_one_probe_word_tests_equal_the_list_tests(deid: Deidentifier) -> None:
    lk = deid.lookups
    words = ["François", "Denis", "le", "scanner", "Parkinson", "Dupont", "Martin", "pneumonie", "et", "Zzyzx",
             *sorted(lk.medical)[:50], *sorted(lk.eponyms)[:50], *sorted(lk.function_words)[:50],
             *sorted(lk.first_names)[:200:7], *sorted(lk.surnames)[:200:7]]
    for word in words:
        f = fold(word)
        assert lk.is_common(word) == (f in lk.stopwords or f in lk.medical or f in lk.eponyms), word
        assert lk.is_name_like(word) == ((f in lk.first_names or f in lk.surnames) and not (
            f in lk.function_words or f in lk.medical)), word


def _reference_find_indexed(ctx: Context, index, tag: str) -> list:
    out = []
    for i in [i for i in ctx.caps if ctx.folded[i] in index.sizes]:
        idx = [k for k in range(i, min(i + 16, len(ctx.tokens))) if ctx.tokens[k].kind in ("word", "num")]
        size = index.longest(ctx.folded[i], [ctx.folded[k] for k in idx], 0)
        if size:
            out.append((ctx.tokens[i].start, ctx.tokens[idx[size - 1]].end, tag))
    return out


def test_register_probe_equals_the_full_window(deid: Deidentifier) -> None:
    inst = next(a for a in deid.annotators if isinstance(a, InstitutionAnnotator))
    rng = random.Random(5)
    names = [" ".join(k).title() for k in sorted(inst.register.keys)[::97]]
    texts = _texts(60)
    for name in names:  # register names whole, cut short, and with punctuation between their words
        words = name.split()
        texts += [f"vu au {name} hier", f"{' '.join(words[:-1])} ,", f"({', '.join(words)})",
                  f"{name[: rng.randint(1, len(name))]}"]
    multi_word = 0
    for text in texts:
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        found = _find_indexed(ctx, inst.register, "X")
        assert found == _reference_find_indexed(ctx, inst.register, "X"), text
        multi_word += any(" " in text[s:e] for s, e, _ in found)
    assert multi_word >= 10  # the texts do reach the multi-word entries


def test_memoised_dates_and_offsets_equal_fresh_ones(deid: Deidentifier) -> None:
    gen = deid.surrogates
    for text in ["10/08/1971", "mars 2020", "2019", "le 3 mars 2021", "12h30", "31/02/2020"]:
        for offset in (-400, 12, 999):
            fresh = SurrogateGenerator(deid.lookups, seed=deid.seed).date(text, offset)
            assert gen.replace("DATE", text, "k", None, offset) == fresh
            assert gen.replace("DATE", text, "k", None, offset) == fresh  # from the memo
    for seed, key in [(0, "a"), (1, "a"), ("s", 3), (0, ("t", 1))]:
        value = stable_int(seed, key, "date-offset") % 2000
        assert date_offset(seed, key) == (value - 1000 if value < 1000 else value - 999)


def test_person_gate_keeps_every_title_and_trigger(deid: Deidentifier) -> None:
    from deduce_fr.annotators import PersonAnnotator

    person = next(a for a in deid.annotators if isinstance(a, PersonAnnotator))
    words = sorted(person._title_starts) + sorted(person.triggers.phrases)
    texts = _texts(50) + [" ".join(words), " ".join(f"l'{w} d'{w}" for w in words), "Mme. Dr l'infirmière dicté par"]
    for text in texts:
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        for i, (f, b) in enumerate(zip(ctx.folded, ctx.bare)):
            if f in person._title_starts or b in person.triggers.phrases:
                assert b in person._title_or_trigger, (text, i)

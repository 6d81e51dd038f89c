"""The speed paths of deduce_fr give what the plain definitions give.

Each shortcut (the phrase matcher's second-word test, memoised surrogates and fallback verdicts, the paused
collector) is checked here against the straightforward computation it replaces; the Context's per-token
lists are checked against their definitions, so a faster way to build them later is held to the same
answers, on texts built to hit the edge cases (tabs, carriage returns, non-breaking spaces, runs of 3 and 4
blanks, elisions at the text start, after digits, 'l'' alone).
No timing is asserted: speed is measured by bench/deidentify.py, not by the tests.
"""

from __future__ import annotations

import gc
import random

import pytest

from deduce_fr import Deidentifier, Patient
from deduce_fr.annotators import Context, _PhraseMatcher
from deduce_fr.surrogates import SurrogateGenerator
from deduce_fr.tokenizer import tokenize

PIECES = ["Dr", "M.", "J.-P.", "l'Hôpital", "d'Oran", "L'ÉPINE", "l'", "d'", "aujourd'hui", "3l'os", "Liège", "DUPONT",
          "de", "la", "part", "dicté", "par", "copie", "à", "Mme", "12", "rue", "Haute", "’", "œil", ",", ".", ":", "-",
          "(", ")", "Saint-Jean", "née", "x", "İstanbul", "straße"]
BLANKS = [" ", " ", " ", "  ", "   ", "    ", "\t", " \t ", "\n", "\r\n", "\xa0", " \n ", "", "\u2009", "\f"]


def _texts(n: int = 300, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = ["", " ", "\n", "l'a", " l'Oise\td'Ypres", "a\xa0b", "a    b   c  d e", "Dr\n\nX", "l' x", "’l’Y"]
    for _ in range(n):
        out.append("".join(rng.choice(BLANKS) + rng.choice(PIECES) for _ in range(rng.randint(1, 25))))
    return out


def _reference_joined(text: str, toks: list) -> list[bool]:
    return [False] + [b - a <= 3 and not text[a:b].strip(" \t") for a, b in
                      zip([t.end for t in toks], [t.start for t in toks[1:]])]


def test_context_gaps_and_elisions_match_their_definitions(deid: Deidentifier) -> None:
    for text in _texts():
        toks = tokenize(text)
        ctx = Context(text=text, tokens=toks, lookups=deid.lookups)
        assert ctx._joined == _reference_joined(text, toks), repr(text)
        bare = [f[2:] if len(f) > 2 and f[1] == "'" and f[0] in "ld" else f for f in ctx.folded]
        assert ctx.bare == bare, repr(text)
        assert ctx.elided == [k for k, f in enumerate(ctx.folded) if f[:2] in ("l'", "d'")], repr(text)
        assert ctx.starts == [t.start for t in toks]
        assert ctx.folded == [ctx.folded_text[t.start : t.end] for t in toks]


def _reference_match(matcher: _PhraseMatcher, ctx: Context, i: int) -> int:
    candidates = matcher.phrases.get(ctx.bare[i])
    if not candidates or ctx.tokens[i].kind != "word":
        return 0
    for phrase in candidates:
        j, k = i + 1, 1
        while k < len(phrase) and j < len(ctx.tokens):
            if ctx.tokens[j].kind == "punct" and ctx.tokens[j].text == ".":
                j += 1
                continue
            if ctx.folded[j] != phrase[k]:
                break
            j, k = j + 1, k + 1
        if k == len(phrase):
            return j - i
    return 0


def test_phrase_matcher_second_word_shortcut(deid: Deidentifier) -> None:
    matcher = _PhraseMatcher(["de la part de", "dicté par", "copie", "copie à", "rue", "rue de la", "d'Oran ville"])
    for text in _texts() + ["copie. à Mme", "de la. part de X", "dicté . . par", "Copie", "de"]:
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        for i in range(len(ctx.tokens)):
            assert matcher.match(ctx, i) == _reference_match(matcher, ctx, i), (repr(text), i)


def test_memoised_surrogates_equal_fresh_ones(deid: Deidentifier) -> None:
    patient = Patient(first_names=["Marie"], surname="Dupont", sex="F")
    calls = [("PERSON", "Dr J. Martin", "k1", None, 12, "M", frozenset()),
             ("PATIENT", "DUPONT Marie", "k1", patient, 12, "F", frozenset()),
             ("LOCATION", "12 rue Haute", "k2", patient, -3, "U", frozenset({"haute"})),
             ("INSTITUTION", "CHU de Liège", "k2", None, 5, "U", frozenset()),
             ("ID", "RX16959072", "k3", None, 1, "U", frozenset()),
             ("DATE", "10/08/1971", "k3", None, 40, "U", frozenset()),
             ("PHONE", "0486/05.40.43", "k3", None, 0, "U", frozenset())]
    memo = deid.surrogates
    for args in calls * 3:  # the second and third rounds are answered from the memo
        fresh = SurrogateGenerator(deid.lookups, seed=deid.seed)._replace(*args) if args[0] not in (
            "PHONE", "DATE", "AGE") else SurrogateGenerator(deid.lookups, seed=deid.seed).replace(*args)
        assert memo.replace(*args) == fresh
    # a patient whose names change under the same key is not answered from another patient's entry
    other = Patient(first_names=["Marc"], surname="Dupont", sex="M")
    assert memo.replace("PATIENT", "DUPONT Marie", "k1", other, 12, "U") == SurrogateGenerator(
        deid.lookups, seed=deid.seed)._replace("PATIENT", "DUPONT Marie", "k1", other, 12, "U", frozenset())


def test_unhashable_key_still_gets_a_surrogate(deid: Deidentifier) -> None:
    out = deid.surrogates.replace("PERSON", "Jean Martin", ["not", "hashable"], None, 0)
    assert out and out != "Jean Martin"


def test_fallback_verdicts_do_not_depend_on_order(deid: Deidentifier) -> None:
    """The fallback's memo keeps a word's list verdict; an ALL-CAPS word still depends on each text's case."""
    shouted = "COMPTE RENDU VANDERMEULEN EXAMEN DU GENOU DROIT SANS PARTICULARITE NOTABLE ICI"
    mixed = "Le patient a été vu ce jour avec Mme Kowalczyk et VANDERMEULEN pour le contrôle du genou."
    fresh = Deidentifier()
    first = [fresh.annotate(t).spans for t in (shouted, mixed, shouted)]
    again = [Deidentifier().annotate(t).spans for t in (mixed, shouted, mixed)]
    assert first[0] == first[2] == again[1]
    assert first[1] == again[0] == again[2]


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_state_is_restored(deid: Deidentifier, enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        deid.annotate("Vu par le Dr Martin à Liège le 3 mars 2021.")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()

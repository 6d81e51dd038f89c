"""Random text never crashes the analyzer, and spans are always valid, sorted and disjoint."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deduce_fr import TAGS, Deidentifier, Patient

_DEID = Deidentifier()
_PATIENT = Patient(first_names=["Marie-Claire"], surname="Van den Berghe", birth_date="1952-04-03", ids=["4471203"])
_PIECES = st.sampled_from(["Dr ", "Mme ", "M. ", "Dupont ", "rue ", "de la ", "CHU ", "12 ", "/", ".", "-", "'",
                           "03/04/2021 ", "ans ", "avril ", "+32 ", "@", "www.", "\n", "Van den Berghe ", "é"])


def _check(text: str, patient: Patient | None) -> None:
    spans = _DEID.annotate(text, patient=patient).spans
    for s in spans:
        assert 0 <= s.start_char < s.end_char <= len(text)
        assert text[s.start_char : s.end_char] == s.text
        assert s.tag in TAGS
    for a, b in zip(spans, spans[1:]):
        assert a.end_char <= b.start_char
    out = _DEID.pseudonymize(text, patient=patient, key="fuzz")
    for s in out.spans:
        assert out.text[s.start_char : s.end_char] == s.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_unicode(text: str) -> None:
    _check(text, None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_phi_like_fragments(text: str) -> None:
    _check(text, _PATIENT)

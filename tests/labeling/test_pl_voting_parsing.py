"""Answer parsing (malformed -> abstention) and the voting rule (unanimous by default, configurable)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.labeling.parse import parse_answer
from pipeline.labeling.voting import vote

BIN = ["0", "1"]
SYN = {"oui": "1", "non": "0"}
TRI = ["oui", "non", "inconnu"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", "1"), (" 0\n", "0"), ('"1".', "1"), ("Réponse : 1", "1"), ("réponse: 0", "0"),
        ('{"answer": "1"}', "1"), ("1 (fracture du radius)", "1"), ("Oui", "1"), ("NON.", "0"),
        ("", None), (None, None), ("peut-être", None), ("0 ou 1", None), ("2", None), ("oui ou non", None),
        ("{broken json", None), ("10", None),
    ],
)
def test_parse_binary_answers(raw, expected):
    assert parse_answer(raw, BIN, SYN) == expected


@pytest.mark.parametrize(("raw", "expected"), [("Inconnu", "inconnu"), ("oui", "oui"), ("non déplacée", "non"),
                                                ("OUÏ", "oui"), ("je ne sais pas", None)])
def test_parse_multilabel_answers(raw, expected):
    assert parse_answer(raw, TRI) == expected


def test_unanimous_votes_are_kept():
    v = vote(["1", "1", "1"], BIN)
    assert (v.label, v.agreement, v.n_abstain, v.kept) == ("1", 1.0, 0, True)


def test_split_votes_are_not_kept_by_default_but_pass_a_lower_threshold():
    v = vote(["1", "0", "1"], BIN)
    assert v.label == "1" and v.agreement == pytest.approx(2 / 3) and not v.kept
    assert vote(["1", "0", "1"], BIN, min_agreement=0.6).kept


def test_abstentions_count_against_agreement():
    v = vote(["1", None, "1"], BIN)
    assert v.label == "1" and v.n_abstain == 1 and v.agreement == pytest.approx(2 / 3) and not v.kept
    assert v.votes == ["1", None, "1"]
    nothing = vote([None, None, None], BIN)
    assert nothing.label is None and nothing.agreement == 0.0 and nothing.n_abstain == 3 and not nothing.kept


def test_ties_are_never_kept_and_break_by_answer_order():
    v = vote(["1", "0"], BIN, min_agreement=0.5)
    assert v.label == "0" and not v.kept


@given(st.lists(st.sampled_from(["0", "1", None]), min_size=1, max_size=9),
       st.floats(min_value=0.05, max_value=1.0))
def test_vote_invariants(votes, threshold):
    v = vote(votes, BIN, threshold)
    assert v.n_abstain == votes.count(None)
    assert 0.0 <= v.agreement <= 1.0
    if v.kept:
        assert v.label is not None and votes.count(v.label) * 2 > len(votes)
        assert v.agreement >= threshold - 1e-9
    if v.label is not None:
        assert votes.count(v.label) == max(votes.count("0"), votes.count("1"))

"""Sampling-and-voting: k sampled answers per report -> one label, its agreement and whether to keep it.

The reference keeps only unanimous reports (3 samples, 3802 of 4096 kept). `min_agreement` makes the
threshold configurable; abstentions (malformed answers, uncertain rules) count in the denominator, so
a unanimous label needs every sample to give a valid and identical answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Vote:
    """The outcome of voting on one (study, task)."""

    label: str | None
    votes: list[str | None]
    agreement: float
    n_abstain: int
    kept: bool


def vote(votes: Sequence[str | None], answers: Sequence[str], min_agreement: float = 1.0) -> Vote:
    """Majority label (ties broken by the order of `answers`), share of samples agreeing with it, kept flag.

    A label is kept when its agreement reaches `min_agreement` and it is a strict majority of the
    samples (two labels can never both be "kept" for the same report, whatever the threshold).
    """
    votes = list(votes)
    n_abstain = sum(v is None for v in votes)
    counts = Counter(v for v in votes if v is not None)
    if not votes or not counts:
        return Vote(None, votes, 0.0, n_abstain, False)
    order = {a: i for i, a in enumerate(answers)}
    label, top = min(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
    agreement = top / len(votes)
    strict_majority = top * 2 > len(votes)
    return Vote(label, votes, agreement, n_abstain, strict_majority and agreement >= min_agreement - 1e-9)

"""Session 14's batch path gives what the one-text calls give.

``annotate_batch`` / ``pseudonymize_batch`` / ``redact_batch`` run the annotators annotator-major over blocks
of texts (the CPU caches stay warm on one annotator's code and lists). Each text's Context is its own, so the
results must equal the one-text methods exactly, in order, whatever the block size (1, a size that splits
the input unevenly, one block for all), with patients, keys, date shifts and avoided words per text, on the
shipped regression cases and on texts built to hit edge cases. A malformed call fails with a clear reason.
No timing is asserted.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from deduce_fr import Deidentifier, Patient

CASES = Path(__file__).resolve().parents[2] / "deduce_fr" / "data" / "cases_fr.json"
PIECES = ["Dr", "M.", "Mme", "l'hôpital", "d'Oran", "âge", "ans", "12/03/2021", "le", "3 mars 2020", "Centre",
          "Hospitalier", "Saint-Pierre", "Bruxelles", "Liège", "0475 12 34 56", ",", "(", ")", "\n", "Marie",
          "Dupont", "DUPONT", "fils", "Julien", "né", "à", "Namur", "rue", "Haute", "12", "jean.dupont@mail.be"]


def _cases() -> list[dict]:
    return json.loads(CASES.read_text(encoding="utf-8"))


def _texts(n: int = 60, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    return ["", "   ", "Dr"] + [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(n)]


def _as_tuples(spans) -> list[tuple]:
    return [(s.start_char, s.end_char, s.tag, s.text) for s in spans]


@pytest.mark.parametrize("batch_size", [1, 7, 10_000])
def test_annotate_batch_equals_one_text_calls(deid: Deidentifier, batch_size: int) -> None:
    cases = _cases()[:40]
    texts = [c["text"] for c in cases] + _texts()
    patients = [c.get("patient") for c in cases] + [None] * (len(texts) - len(cases))  # dicts, as callers pass them
    docs = deid.annotate_batch(texts, patients, batch_size=batch_size)
    assert len(docs) == len(texts)
    for text, patient, doc in zip(texts, patients, docs):
        one = deid.annotate(text, patient)
        assert doc.text == text
        assert _as_tuples(doc.spans) == _as_tuples(one.spans)
        assert doc.patient == one.patient
    assert any(doc.spans for doc in docs)  # (the inputs do hold PHI: an empty result could not tell)


def test_pseudonymize_and_redact_batch_equal_one_text_calls(deid: Deidentifier) -> None:
    cases = _cases()[:30]
    texts = [c["text"] for c in cases] + _texts(20)
    patients = [Patient.from_dict(c.get("patient")) for c in cases] + [None] * (len(texts) - len(cases))
    keys = [f"k{i % 5}" for i in range(len(texts))]
    shifts = [None if i % 3 else 17 for i in range(len(texts))]
    avoid = [{"dupont", "namur"} if i % 2 else () for i in range(len(texts))]
    batch = deid.pseudonymize_batch(texts, patients, keys=keys, date_shifts=shifts, avoid_words=avoid, batch_size=8)
    for i, (text, patient) in enumerate(zip(texts, patients)):
        one = deid.pseudonymize(text, patient, key=keys[i], date_shift=shifts[i], avoid_words=avoid[i])
        assert (batch[i].text, batch[i].date_shift_days) == (one.text, one.date_shift_days)
        assert _as_tuples(batch[i].spans) == _as_tuples(one.spans)
    defaults = deid.pseudonymize_batch(texts[:10], patients[:10])  # no key: the patient's name and birth date
    assert [p.text for p in defaults] == [deid.pseudonymize(t, p).text for t, p in zip(texts[:10], patients[:10])]
    redacted = deid.redact_batch(texts, patients, batch_size=3)
    for text, patient, red in zip(texts, patients, redacted):
        one = deid.redact_with_spans(text, patient)
        assert red.text == one.text and _as_tuples(red.spans) == _as_tuples(one.spans)
    assert any(r.text != t for r, t in zip(redacted, texts))


def test_batch_takes_any_iterable_and_non_str_texts(deid: Deidentifier) -> None:
    texts = ["Vu par le Dr Martin le 12/03/2021.", 12345, "Mme Durand, née à Namur."]
    docs = deid.annotate_batch(iter(texts))
    assert [d.text for d in docs] == [str(t) for t in texts]
    assert [_as_tuples(d.spans) for d in docs] == [_as_tuples(deid.annotate(str(t)).spans) for t in texts]
    assert deid.annotate_batch([]) == []


def test_batch_refuses_mismatched_lengths(deid: Deidentifier) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 patients"):
        deid.annotate_batch(["a", "b"], [None])
    with pytest.raises(ValueError, match="2 texts but 3 keys"):
        deid.pseudonymize_batch(["a", "b"], keys=["x", "y", "z"])


def test_document_methods_equal_the_text_methods(deid: Deidentifier) -> None:
    """profile_document / pseudonymize_document / redact_document reuse one analysis: same results."""
    cases = _cases()[:25]
    for k, case in enumerate(cases):
        patient = Patient.from_dict(case.get("patient"))
        doc = deid.annotate(case["text"], patient)
        assert deid.profile_document(doc) == deid.profile(case["text"], patient)
        for key, shift, avoid in ((f"id{k}", None, ()), (None, 40, ("martin",))):
            one = deid.pseudonymize(case["text"], patient, key=key, date_shift=shift, avoid_words=avoid)
            again = deid.pseudonymize_document(doc, key=key, date_shift=shift, avoid_words=avoid)
            assert (again.text, again.date_shift_days, _as_tuples(again.spans)) == (
                one.text, one.date_shift_days, _as_tuples(one.spans))
        red = deid.redact_document(doc)
        assert (red.text, _as_tuples(red.spans)) == (lambda r: (r.text, _as_tuples(r.spans)))(
            deid.redact_with_spans(case["text"], patient))
    assert any(deid.profile_document(deid.annotate(c["text"], Patient.from_dict(c.get("patient"))))[0] for c in cases)


def _forward_role_pairs(pa, ctx) -> list[tuple[int, int]]:
    """The definition ``PersonAnnotator._role_pairs`` replaces: a walk over every ',' and '(' forward."""
    toks, n, pairs = ctx.tokens, len(ctx.tokens), []
    for r in [k for k, t in enumerate(toks) if t[0] in ",(" and 0 < k < n - 1]:
        if not ctx.joined(r):
            continue
        q = r + 1
        if q < n - 1 and ctx.folded[q] in pa.possessives and ctx.joined(q + 1):
            q += 1
        if ctx.joined(q) and (ctx.bare[q] in pa.roles or ctx.bare[q] in pa.kinship):
            pairs.append((r, q))
    return pairs


def test_role_pairs_equal_a_walk_over_the_commas(deid: Deidentifier) -> None:
    """Role and kin words back to their comma: edge cases are a possessive that is not joined to the next
    word, a comma at the text's start or end, a line break on either side, two roles in a row."""
    from deduce_fr.annotators import Context, PersonAnnotator
    from deduce_fr.tokenizer import tokenize

    pa = next(a for a in deid.annotators if isinstance(a, PersonAnnotator))
    rng = random.Random(14)
    words = sorted(pa.roles)[:12] + sorted(pa.kinship)[:12] + sorted(pa.possessives) + [
        ",", "(", ")", "Marie", "Dupont", "le", "Dr", "l'infirmière"]
    texts = [c["text"] for c in _cases()] + [", fille", "Julie Petit, sa\nfille", "Paul (frère)", "(", ","]
    for _ in range(1500):
        texts.append("".join(rng.choice(words) + rng.choice(["", " ", "  ", "\n"]) for _ in range(rng.randint(1, 25))))
    found = 0
    for text in texts:
        ctx = Context(text=text, tokens=tokenize(text), lookups=deid.lookups)
        pairs = pa._role_pairs(ctx)
        assert pairs == _forward_role_pairs(pa, ctx), text
        found += len(pairs)
    assert found > 100  # (the texts do hold such pairs)

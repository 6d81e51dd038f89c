"""Session 20's speed work on the learned layer (deduce_fr/learned.py): the tagger is skipped on a text only when
an upper bound of the CRF's marginals PROVES that propose() would return nothing. These tests pin the three
facts the proof rests on: the scores recomputed outside CRFsuite are CRFsuite's model (exact forward-backward
over them gives its marginals), the window bound is never below a true marginal, and annotate_with gives what
the tagger path gives, for every gate (widening or not, persons allowed or not), skipping most texts."""

from __future__ import annotations

import pytest

pytest.importorskip("pycrfsuite")
np = pytest.importorskip("numpy")

from deduce_fr.learned import (  # noqa: E402
    LearnedAnnotator,
    _entries,
    _not_inside,
    _rows,
    feature_lists,
    fold,
    propose,
    rule_labels,
)
from deduce_fr.tokenizer import tokenize  # noqa: E402

# texts in our own words: report prose, a cue-less site the model finds, addresses, short and long lines
TEXTS = [
    "Echographie abdominale - Pôle Médical Ouest",
    "Radiographie du poignet gauche. Pas de fracture visible. Conclusion : examen normal.",
    "Employée à la Blanchisserie Van Roost depuis 2011, elle vit à Herstal. Adressée par le Dr Pirard.",
    "Patient vu aux urgences de la Clinique du Parc, transféré ensuite au service de Rééducation Les Tilleuls.",
    "IRM",
    "Vu",
    "Scanner thoracique : nodule de 6 mm du lobe supérieur droit. Contrôle à 3 mois. Dr Lemaire, Hôpital Nord.\n"
    "Copie : cabinet Horizon Santé, 14 allée des Peupliers.",
    "Accident de travail chez Menuiserie Haguenier SARL (Colmar) ; déclaration à la CPAM.",
    ("Compte rendu : thorax de face, pas d'épanchement. Silhouette cardiaque normale. Pas de foyer. " * 6).strip(),
]


@pytest.fixture(scope="module")
def setup(learned_inputs):
    return learned_inputs(TEXTS)


def _exact_marginals(scores, exp_trans):
    """Forward-backward over the recomputed scores (scaled per token: the scale cancels in each marginal)."""
    x = np.exp(scores - scores.max(axis=1, keepdims=True))
    n = len(x)
    alpha, beta = np.zeros_like(x), np.ones_like(x)
    alpha[0] = x[0] / x[0].sum()
    for i in range(1, n):
        v = (alpha[i - 1] @ exp_trans) * x[i]
        alpha[i] = v / v.sum()
    for i in range(n - 2, -1, -1):
        v = exp_trans @ (x[i + 1] * beta[i + 1])
        beta[i] = v / v.sum()
    p = alpha * beta
    return p / p.sum(axis=1, keepdims=True)


def test_recomputed_scores_are_crfsuites_model(setup) -> None:
    ann, lookups, items = setup
    model = ann._model
    for text, tokens, spans in items:
        own, near, slots = _entries(text, tokens, rule_labels(tokens, spans), lookups, model.scorer)
        mine = _exact_marginals(model.scorer.scores(slots), model.scorer.exp_trans)
        model.tagger.set(_rows(own, near))
        theirs = np.array([[model.tagger.marginal(y, i) for y in model.scorer.labels] for i in range(len(tokens))])
        # (the dumped weights have 6 decimals: agreement to ~1e-6, not to the last bit)
        assert np.abs(mine - theirs).max() < 1e-4, text


def test_window_bound_is_never_below_a_true_marginal(setup) -> None:
    ann, lookups, items = setup
    model = ann._model
    index = model.scorer.index
    groups = [[index["B-" + x], index["I-" + x]] for x in ("ORG", "LOC", "PER")]
    tight = 0
    for text, tokens, spans in items:
        own, near, slots = _entries(text, tokens, rule_labels(tokens, spans), lookups, model.scorer)
        model.tagger.set(_rows(own, near))
        n = len(tokens)
        true = np.array([[model.tagger.marginal(y, i) for y in model.scorer.labels] for i in range(n)])
        for window in (2, 8):
            bound = model.scorer.bound(model.scorer.scores(slots), list(range(n)), groups, window=window)
            for g, ids in enumerate(groups):
                assert (true[:, ids].sum(axis=1) <= bound[:, g] + 1e-4).all(), (text, window)
            tight += window == 8 and bool((bound < 0.5).mean() > 0.5)
    assert tight >= len(items) // 2  # a bound of 1 everywhere would pass the line above: it must also be useful


@pytest.mark.parametrize("widen,tags", [(False, ["INSTITUTION", "LOCATION"]), (True, ["INSTITUTION", "LOCATION"]),
                                        ("lower", ["INSTITUTION", "LOCATION", "PERSON"])])
def test_skipping_the_tagger_changes_no_output(setup, widen, tags) -> None:
    ann, lookups, items = setup
    model = ann._model
    heads, _ = feature_lists()
    probe = LearnedAnnotator.__new__(LearnedAnnotator)
    probe.__dict__.update(ann.__dict__)
    probe.widen, probe.tags = widen, tags
    probe.extend = False  # (this test pins propose(); extensions: test_dfr_learned22.py)
    skipped = 0
    for text, tokens, spans in items:
        rule_tags = rule_labels(tokens, spans)
        own, near, slots = _entries(text, tokens, rule_tags, lookups, model.scorer)
        reference = propose(text, tokens, model.gated_marginals(_rows(own, near), probe.threshold), spans,
                            probe.threshold, tags, widen, lambda w: lookups.is_common(w) or fold(w) in heads)
        assert probe.annotate_with(text, tokens, spans, lookups) == reference, text
        if not probe._may_propose(tokens, rule_tags, spans, slots):
            skipped += 1
            assert reference == []
    assert skipped >= 3  # plain report prose is proved empty without the tagger


def test_a_text_the_model_adds_to_is_never_skipped(setup) -> None:
    ann, lookups, items = setup
    text, tokens, spans = items[0]  # the cue-less 'Pôle Médical Ouest'
    assert ann._may_propose(tokens, rule_labels(tokens, spans), spans,
                            _entries(text, tokens, rule_labels(tokens, spans), lookups, ann._model.scorer)[2])
    assert any(text[s:e] == "Pôle Médical Ouest" for s, e, _ in ann.annotate_with(text, tokens, spans, lookups))


def test_not_inside_names_tokens_no_single_span_holds() -> None:
    text = "garage Lemoine et Jean Dupont"
    tokens = tokenize(text)
    # 'Lemoine' inside a span; 'Jean Dupont' split across a span that starts inside 'Jean'
    assert [tokens[i][0] for i in _not_inside(tokens, [(7, 14, "PERSON"), (20, 29, "PERSON")])] == \
        ["garage", "et", "Jean"]
    assert len(_not_inside(tokens, [])) == len(tokens)


def test_two_lookups_sharing_one_model_never_read_each_others_scores(setup) -> None:
    """One model fed by two Lookups objects (two Deidentifiers built on each side of a cleared list cache, as the
    pipeline's contract test does) keeps one feature cache per Lookups but ONE slot table: each cache counting its
    slots from 0 overwrote the other's score vectors, and the recomputed scores then were another word's."""
    from deduce_fr.deidentifier import load_config
    from deduce_fr.lookups import load_lookups

    ann, lookups, items = setup
    scorer = ann._model.scorer
    cfg, base = load_config(None)
    other = load_lookups(cfg.get("lookups", {}), base)
    assert other is not lookups
    first = [(text, tokens, rule_labels(tokens, spans)) for text, tokens, spans in items]
    for text, tokens, tags in first:  # both caches hold entries for the same words, made in turn
        _entries(text, tokens, tags, lookups, scorer)
        _entries(text[::-1], tokenize(text[::-1]), ["O"] * len(tokenize(text[::-1])), other, scorer)
    for reader in (lookups, other):
        for text, tokens, tags in first:
            own, near, slots = _entries(text, tokens, tags, reader, scorer)
            expected = np.array([scorer._score(row) for row in _rows(own, near)])
            assert np.abs(scorer.scores(slots) - expected).max() < 1e-9, text

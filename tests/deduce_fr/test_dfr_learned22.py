"""Session 19's work on the learned layer (deduce_fr/learned.py).

1. The gate proof is cheaper (``_Scorer.proved``): it must decide exactly what the window bound decides
   (``bound(...) < gate``) on real texts and on random score matrices, ends and underflows included.
2. ``extend`` continues an organisation the rules found over the words next to it that the CRF reads as the same
   organisation (left: a head word the rules left out; right: a tail), gated by the marginals, never over another
   rule span, a line break or a cue word at its edge; the proof that the tagger may be skipped covers it.
The texts are in our own words."""

from __future__ import annotations

import pytest

pytest.importorskip("pycrfsuite")
np = pytest.importorskip("numpy")

from deduce_fr.learned import (  # noqa: E402
    LearnedAnnotator,
    _entries,
    _next_to,
    _rows,
    extend,
    propose,
    rule_labels,
    with_extensions,
)
from deduce_fr.tokenizer import tokenize  # noqa: E402

TEXTS = [
    "Echographie abdominale - Pôle Médical Ouest",
    "Employée à la Blanchisserie Van Roost depuis 2011, elle vit à Herstal. Adressée par le Dr Pirard.",
    "Patient vu aux urgences de la Clinique du Parc, transféré ensuite au service de Rééducation Les Tilleuls.",
    "Accident de travail chez Menuiserie Haguenier SARL (Colmar) ; déclaration à la CPAM.",
    "Chute à vélo. Pris en charge par les pompiers de Saint-Amand puis la polyclinique Vauban Nord.\nDr Carlier",
    "IRM",
    ("Compte rendu : thorax de face, pas d'épanchement. Silhouette cardiaque normale. Pas de foyer. " * 5).strip(),
]


@pytest.fixture(scope="module")
def setup(learned_inputs):
    return learned_inputs(TEXTS)


def _masks(scorer, names):
    rows = np.zeros((len(names), len(scorer.labels)))
    for k, x in enumerate(names):
        rows[k, [scorer.index["B-" + x], scorer.index["I-" + x]]] = 1.0
    return rows


def test_proved_decides_what_the_window_bound_decides(setup) -> None:
    ann, lookups, items = setup
    scorer = ann._model.scorer
    names = ["ORG", "LOC", "PER"]
    groups = [[scorer.index["B-" + x], scorer.index["I-" + x]] for x in names]
    seen = set()
    for text, tokens, spans in items:
        slots = _entries(text, tokens, rule_labels(tokens, spans), lookups, scorer)[2]
        scores = scorer.scores(slots)
        positions = np.arange(len(tokens))
        for window in (2, 8):
            for gate in (0.05, 0.3, 0.5, 0.9):
                expected = scorer.bound(scores, list(positions), groups, window=window) < gate
                got = scorer.proved(scores, positions, _masks(scorer, names), gate, window=window)
                assert (got == expected).all(), (text, window, gate)
                seen.update(map(bool, got.ravel()))
    assert seen == {True, False}  # both outcomes occur: the comparison is not vacuous


def test_proved_on_random_scores_ends_and_underflow(setup) -> None:
    ann, _, _ = setup
    scorer = ann._model.scorer
    rng = np.random.default_rng(7)
    masks = _masks(scorer, ["ORG", "LOC"])
    groups = [list(np.flatnonzero(m)) for m in masks]
    for n in (1, 2, 5, 9, 17, 40):
        for scale in (1.0, 8.0, 400.0):  # (400: some windows underflow; neither method may call that 'proved')
            scores = rng.normal(size=(n, len(scorer.labels))) * scale
            positions = np.arange(n)
            with np.errstate(invalid="ignore", divide="ignore", over="ignore", under="ignore"):
                expected = scorer.bound(scores, list(positions), groups) < 0.5
                got = scorer.proved(scores, positions, masks, 0.5)
            # where the bound is a number the two agree; where it underflowed (NaN) proved() must not claim a proof
            assert not (got & ~expected).any(), (n, scale)
            if scale == 1.0:
                assert (got == expected).all(), n


def _toks(words):
    out, pos = [], 0
    for w in words:
        kind = "punct" if not w[0].isalnum() else "word"
        out.append((w, pos, pos + len(w), kind))
        pos += len(w) + 1
    return " ".join(words), out


def test_extend_left_over_a_head_word_and_not_over_the_article() -> None:
    text, tokens = _toks(["vue", "à", "la", "polyclinique", "Vauban", "hier"])
    rules = [(tokens[4][1], tokens[4][2], "INSTITUTION")]
    tags = rule_labels(tokens, rules)
    m = [{}, {}, {"I-ORG": 0.6}, {"B-ORG": 0.8}, {"I-ORG": 0.9}, {}]
    assert extend(text, tokens, m, rules, tags, 0.5, "left") == [(tokens[3][1], tokens[4][2], "INSTITUTION")]
    assert extend(text, tokens, m, rules, tags, 0.5, "right") == []  # 'hier' is not the organisation
    assert extend(text, tokens, m, rules, tags, 0.85, "left") == []  # under the extension's threshold
    # the B of 'polyclinique' opens the name: 'la' before it stays out even with a high marginal
    m2 = [{}, {}, {"I-ORG": 0.9}, {"B-ORG": 0.8}, {"I-ORG": 0.9}, {}]
    assert extend(text, tokens, m2, rules, tags, 0.5, "both") == [(tokens[3][1], tokens[4][2], "INSTITUTION")]


def test_extend_right_stops_at_a_new_name_a_rule_span_and_a_line_break() -> None:
    text, tokens = _toks(["Garage", "Lenoir", "et", "Fils", "de", "Namur"])
    rules = [(tokens[0][1], tokens[1][2], "INSTITUTION"), (tokens[5][1], tokens[5][2], "LOCATION")]
    tags = rule_labels(tokens, rules)
    m = [{"B-ORG": 0.9}, {"I-ORG": 0.9}, {"I-ORG": 0.7}, {"I-ORG": 0.8}, {"I-ORG": 0.7}, {"I-ORG": 0.9}]
    # 'de' is left out at the edge, 'Namur' is the rules' LOCATION: never swallowed
    assert extend(text, tokens, m, rules, tags, 0.5, "right") == [(0, tokens[3][2], "INSTITUTION")]
    m_new = [{"B-ORG": 0.9}, {"I-ORG": 0.9}, {"B-ORG": 0.7}, {"I-ORG": 0.8}, {}, {}]
    assert extend(text, tokens, m_new, rules, tags, 0.5, "right") == []  # a B starts another organisation
    broken = text[: tokens[2][1] - 1] + "\n" + text[tokens[2][1]:]
    assert extend(broken, tokens, m, rules, tags, 0.5, "right") == []  # never over a line break
    assert extend(text, tokens, m, [(0, tokens[1][2], "PERSON")], rule_labels(tokens, [(0, tokens[1][2], "PERSON")]),
                  0.5, "both") == []  # only organisations are continued


def test_extension_joins_overlapping_gap_spans_and_next_to_names_its_start_tokens() -> None:
    # an overlapping proposed span is joined to the extension (nothing it covered is lost), a distant one stays
    assert with_extensions([(0, 5, "INSTITUTION"), (20, 25, "LOCATION")], [(3, 12, "INSTITUTION")]) == [
        (20, 25, "LOCATION"), (0, 12, "INSTITUTION")]
    text, tokens = _toks(["la", "clinique", "Sainte", "Anne", ",", "Lyon"])
    rules = [(tokens[2][1], tokens[3][2], "INSTITUTION"), (tokens[5][1], tokens[5][2], "LOCATION")]
    tags = rule_labels(tokens, rules)
    assert _next_to(tokens, tags, rules, "both") == [1, 4]
    assert _next_to(tokens, tags, rules, "left") == [1]
    assert _next_to(tokens, tags, rules, "right") == [4]


@pytest.mark.parametrize("side", ["left", "right", "both"])
def test_skipping_the_tagger_changes_no_output_with_extensions(setup, side) -> None:
    ann, lookups, items = setup
    probe = LearnedAnnotator.__new__(LearnedAnnotator)
    probe.__dict__.update(ann.__dict__)
    probe._group_cache = {}
    probe.tags = ["INSTITUTION", "LOCATION"]
    probe.widen, probe.extend, probe.extend_threshold = False, side, 0.3
    model = ann._model
    skipped = 0
    for text, tokens, spans in items:
        rule_tags = rule_labels(tokens, spans)
        own, near, slots = _entries(text, tokens, rule_tags, lookups, model.scorer)
        marginals = model.marginals(_rows(own, near))
        reference = extend(text, tokens, marginals, spans, rule_tags, 0.3, side)
        if not probe._may_propose(tokens, rule_tags, spans, slots):
            skipped += 1
            assert reference == [], text
            assert probe.annotate_with(text, tokens, spans, lookups) == []
    assert skipped >= 2


def test_extend_absorbs_a_town_or_name_only_with_a_plus_and_never_the_patient() -> None:
    text, tokens = _toks(["Clinique", "Pasteur", "de", "Vichy", "hier"])
    org = (0, tokens[1][2], "INSTITUTION")
    town = (tokens[3][1], tokens[3][2], "LOCATION")
    m = [{"B-ORG": 0.9}, {"I-ORG": 0.9}, {"I-ORG": 0.8}, {"I-ORG": 0.7}, {}]
    tags = rule_labels(tokens, [org, town])
    assert extend(text, tokens, m, [org, town], tags, 0.5, "right") == []  # 'de' alone is trimmed: nothing
    assert extend(text, tokens, m, [org, town], tags, 0.5, "right+") == [(0, tokens[3][2], "INSTITUTION")]
    assert extend(text, tokens, m, [org, town], tags, 0.75, "right+") == []  # 'Vichy' under the threshold
    patient = (tokens[3][1], tokens[3][2], "PATIENT")
    tags_p = rule_labels(tokens, [org, patient])
    assert extend(text, tokens, m, [org, patient], tags_p, 0.5, "both+") == []
    assert _next_to(tokens, tags, [org, town], "right+") == [2]
    text2, tokens2 = _toks(["cabinet", "Lemaire", "Kiné", "Plus"])
    person = (tokens2[1][1], tokens2[1][2], "PERSON")
    street = (tokens2[2][1], tokens2[3][2], "INSTITUTION")
    m2 = [{"B-ORG": 0.9}, {"I-ORG": 0.9}, {"B-ORG": 0.9}, {"I-ORG": 0.9}]
    tags2 = rule_labels(tokens2, [person, street])
    # walking left from the rules' 'Kiné Plus': the PERSON span 'Lemaire' is absorbed whole, then 'cabinet' (B) opens
    # the name; without the '+' the walk stops at 'Lemaire'
    assert extend(text2, tokens2, m2, [person, street], tags2, 0.5, "left+") == [(0, tokens2[3][2], "INSTITUTION")]
    assert extend(text2, tokens2, m2, [person, street], tags2, 0.5, "left") == []


def test_extend_left_stops_at_a_capitalised_word_past_a_cue() -> None:
    # 'Résidente' opens the sentence: past 'de la' only a lower-case word or an organisation head may join
    text, tokens = _toks(["Résidente", "de", "la", "MRS", "Les", "Charmes"])
    rules = [(tokens[3][1], tokens[5][2], "INSTITUTION")]
    m = [{"B-ORG": 0.6}, {"I-ORG": 0.6}, {"I-ORG": 0.6}, {"B-ORG": 0.4, "I-ORG": 0.5}, {"I-ORG": 0.9}, {"I-ORG": 0.9}]
    assert extend(text, tokens, m, rules, rule_labels(tokens, rules), 0.3, "left") == []
    text2, tokens2 = _toks(["accueil", "de", "loisirs", "Les", "Pitchouns"])
    rules2 = [(tokens2[3][1], tokens2[4][2], "INSTITUTION")]
    m2 = [{"B-ORG": 0.7}, {"I-ORG": 0.7}, {"I-ORG": 0.7}, {"I-ORG": 0.9}, {"I-ORG": 0.9}]
    assert extend(text2, tokens2, m2, rules2, rule_labels(tokens2, rules2), 0.3, "left") == [
        (0, tokens2[4][2], "INSTITUTION")]


@pytest.mark.parametrize(("text", "word"), [
    ("Parti de Lille Sud-Est vers Paris.", "Sud-Est"),
    ("Il vit dans le Nord depuis 2010.", "Nord"),
])
def test_a_compass_point_alone_is_no_proposed_name(text: str, word: str) -> None:
    """Whatever a retrained CRF reads there (here: certain it is an organisation), a compass point alone is no name;
    the same marginals on a real word keep the span (the veto is the compass point's, not the gate's)."""
    tokens = tokenize(text)
    k = next(i for i, t in enumerate(tokens) if t[0] == word)
    marginals = [{"O": 1.0} for _ in tokens]
    marginals[k] = {"B-ORG": 1.0}
    assert propose(text, tokens, marginals, [], 0.5, ["INSTITUTION"], False) == []
    other = text.replace(word, "Ramsay")
    tokens = tokenize(other)
    marginals = [{"O": 1.0} for _ in tokens]
    marginals[k] = {"B-ORG": 1.0}
    assert [other[s:e] for s, e, _ in propose(other, tokens, marginals, [], 0.5, ["INSTITUTION"], False)] == ["Ramsay"]

"""The learned residual annotator (deduce_fr/learned.py, on by default): shipped model, gating, training script,
determinism, and that it only ever fills gaps between the rule layer's spans."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite")

from deduce_fr import Deidentifier  # noqa: E402
from deduce_fr.deidentifier import config_without  # noqa: E402
from deduce_fr.learned import DATA, LearnedAnnotator, LearnedModel, feature_lists, propose  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def learned_deid(deid_default: Deidentifier) -> Deidentifier:
    return deid_default


@pytest.fixture(scope="module")
def rules() -> Deidentifier:
    return Deidentifier(config=config_without(None, "learned"))


def _default_cfg() -> dict:
    from deduce_fr.deidentifier import load_config

    cfg, _ = load_config(None)
    assert cfg["annotators"][-1]["type"] == "learned"
    return cfg


def _spans(deid: Deidentifier, text: str) -> list[tuple[str, str]]:
    return [(s.text, s.tag) for s in deid.annotate(text).spans]


def test_on_by_default_and_left_out_by_config_without(rules: Deidentifier) -> None:
    assert _default_cfg()["annotators"][-1].get("enabled") is True
    assert not rules.learned  # nothing loaded, no hook after resolution
    assert not any(isinstance(a, LearnedAnnotator) for a in rules.annotators)  # nor an annotator among the rules
    off = Deidentifier(config={**_default_cfg(), "annotators": [*_default_cfg()["annotators"][:-1],
                                                                {"name": "learned", "type": "learned",
                                                                 "enabled": False}]})
    assert not off.learned


def test_runs_after_resolution_in_one_text_and_batch_paths_alike(learned_deid: Deidentifier,
                                                                 rules: Deidentifier) -> None:
    """The hook sits after resolution and head merging in annotate and in annotate_batch: the same spans (blocks
    smaller than the list, so a block edge falls between texts), sorted and disjoint, every rule span kept whole."""
    assert len(learned_deid.learned) == 1
    assert not any(isinstance(a, LearnedAnnotator) for a in learned_deid.annotators)
    texts = ["Echographie abdominale - Pôle Médical Ouest",
             "Employé chez Transvoirie Delmarcq depuis 2015, il habite Trévoux. Vu par Mme Ansiaux.",
             "Scanner thoracique : pas d'embolie. Compte rendu adressé au Dr Kerbrat.",
             "Il travaille chez Optique Vandermeulen à Namur, suivi au Centre Hospitalier de Dax."]
    one = [[(s.start_char, s.end_char, s.tag) for s in learned_deid.annotate(t).spans] for t in texts]
    batch = [[(s.start_char, s.end_char, s.tag) for s in d.spans] for d in learned_deid.annotate_batch(texts, batch_size=3)]
    assert one == batch
    for text, spans in zip(texts, one):
        assert spans == sorted(spans) and all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
        for s, e, t in ((x.start_char, x.end_char, x.tag) for x in rules.annotate(text).spans):
            assert (s, e, t) in spans or any(a <= s and e <= b for a, b, _ in spans)  # kept, or inside a widened span


def test_shipped_model_is_small_and_its_settings_name_its_training_sets() -> None:
    model = DATA / "learned_crf.model"
    settings = json.loads((DATA / "learned_crf.json").read_text(encoding="utf-8"))
    assert model.stat().st_size < 5_000_000
    assert settings["model_sha256"] == hashlib.sha256(model.read_bytes()).hexdigest()
    assert not any("heldout" in name for name in settings["trained_on"])
    assert 0.0 < settings["gate"]["threshold"] < 1.0


def test_model_stores_no_capitalised_word() -> None:
    """The features are shapes, list memberships, the rules' tags and lower-case vocabulary words: no name can
    sit in the weights (a model retrained on a hospital's reports must not hold its patients' names)."""
    info = LearnedModel(DATA / "learned_crf.model").tagger.info()
    lookups = Deidentifier().lookups
    heads, _ = feature_lists()
    kinds = set()
    for attr in info.state_features:
        name, _, value = re.sub(r"^-?\d:", "", attr[0]).partition("=")
        kinds.add(name)
        if name in ("w", "fw"):  # identities: public vocabulary in lower case only
            assert value == value.lower() and (lookups.is_common(value) or value in heads
                                               or value in lookups.function_words), attr
    assert kinds <= {"k", "r", "s", "len", "L", "p", "nlen", "w", "fw", "elided", "bol", "eol", "wide_before", "edge"}
    assert "w" in kinds and "r" in kinds


def test_finds_a_cue_less_organisation(learned_deid: Deidentifier, rules: Deidentifier) -> None:
    """A site named after an exam's title, with no head word the rules know: only the model sees it."""
    text = "Echographie abdominale - Pôle Médical Ouest"
    assert not any("Ouest" in t for t, _ in _spans(rules, text))
    assert ("Pôle Médical Ouest", "INSTITUTION") in _spans(learned_deid, text)


def test_hard_negative_medical_prose_untouched(learned_deid: Deidentifier, rules: Deidentifier) -> None:
    text = ("IRM Cérébrale : Absence de lésion ischémique récente. Séquence FLAIR normale.\n"
            "Conclusion : Examen Normal. Contrôle conseillé selon la Clinique.")
    assert _spans(learned_deid, text) == _spans(rules, text)


def test_annotator_is_deterministic(learned_deid: Deidentifier) -> None:
    text = "Employé chez Transvoirie Delmarcq depuis 2015, il habite Trévoux. Vu par Mme Ansiaux."
    first = _spans(learned_deid, text)
    assert all(_spans(learned_deid, text) == first for _ in range(3))


def test_propose_widens_an_organisation_only_over_name_spans() -> None:
    text = "garage Lemoine"
    tokens = [("garage", 0, 6, "word"), ("Lemoine", 7, 14, "word")]
    org = [{"B-ORG": 0.9}, {"I-ORG": 0.9}]
    assert propose(text, tokens, org, [(7, 14, "PERSON")], 0.5) == [(0, 14, "INSTITUTION")]
    assert propose(text, tokens, org, [(7, 14, "PATIENT")], 0.5) == []  # the patient's name is never swallowed
    assert propose(text, tokens, org, [(7, 14, "PERSON")], 0.5, widen=False) == []
    assert propose(text, tokens, org, [(7, 14, "PERSON")], 0.5, widen="lower") == [(0, 14, "INSTITUTION")]
    caps = [("Garage", 0, 6, "word"), ("Lemoine", 7, 14, "word")]
    assert propose("Garage Lemoine", caps, org, [(7, 14, "PERSON")], 0.5, widen="lower") == []
    assert propose(text, tokens, org, [(7, 14, "PERSON")], 0.95) == []  # under the threshold
    lower = [("garage", 0, 6, "word"), ("lemoine", 7, 14, "word")]
    assert propose("garage lemoine", lower, org, [], 0.5) == []  # a new span needs a capitalised word
    one = [("la", 0, 2, "word"), ("Clinique", 3, 11, "word")]
    assert propose("la Clinique", one, [{}, {"B-ORG": 0.9}], [], 0.5, is_common=lambda w: True) == []


def test_training_script_builds_a_working_model_bit_for_bit(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("train_learned", ROOT / "scripts" / "train_learned.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    args = ["--sets", "v6a_dev", "v7b_dev", "--limit", "12", "--max-iterations", "15"]
    with pytest.raises(SystemExit):
        mod.main(["--sets", "v6a_heldout", "--out", str(tmp_path / "x")])
    assert mod.main([*args, "--out", str(tmp_path / "a")]) == 0
    assert mod.main([*args, "--out", str(tmp_path / "b")]) == 0
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()
    ann = LearnedAnnotator(enabled=True, model=str(tmp_path / "a.model"), settings=str(tmp_path / "a.json"),
                           threshold=0.01)
    from deduce_fr.tokenizer import tokenize

    text = "Il travaille chez Optique Vandermeulen à Namur."
    out = ann.annotate_with(text, tokenize(text), [], Deidentifier().lookups)
    assert out and all(text[s:e].strip() and tag in {"PERSON", "LOCATION", "INSTITUTION"} for s, e, tag in out)


def test_hook_fills_gaps_widens_over_whole_spans_and_never_cuts_one() -> None:
    """The post-resolution merge, with a fake model at its boundary: a span in a gap is added, one that wholly
    contains rule spans replaces them (a widening gate), one that cuts a rule span is dropped."""

    class FixedModel:
        def annotate_with(self, text, tokens, rule_spans, lookups):
            assert rule_spans == [(8, 15, "PERSON"), (22, 28, "PERSON")]  # the resolved spans, as they are
            return [(0, 15, "INSTITUTION"), (19, 25, "LOCATION"), (33, 40, "LOCATION")]

    deid = Deidentifier()
    deid.learned = [FixedModel()]
    text = "garage Lemoine et  Jean Dupont  vers Belfort."
    out = deid._add_learned([(8, 15, "PERSON"), (22, 28, "PERSON")], text, None)
    assert out == [(0, 15, "INSTITUTION"), (22, 28, "PERSON"), (33, 40, "LOCATION")]
    deid.learned = []
    assert deid._add_learned([(8, 15, "PERSON")], text, None) == [(8, 15, "PERSON")]


def test_a_learned_organisation_takes_in_its_head_word() -> None:
    """The head merge runs before the learned layer: a name the model adds ('[Les Mouettes]' after 'centre
    aquatique') is then grown over its kind word by the same merger, and the rules' spans stay as they were."""
    text = "Noyade évitée au centre aquatique Les Mouettes, vu par le Dr Lambert."
    name = (text.index("Les Mouettes"), text.index("Les Mouettes") + len("Les Mouettes"), "INSTITUTION")
    doctor = (text.index("Lambert"), text.index("Lambert") + len("Lambert"), "PERSON")

    class FixedModel:
        def annotate_with(self, text, tokens, rule_spans, lookups):
            return [name]

    deid = Deidentifier()
    deid.learned = [FixedModel()]
    out = deid._add_learned([doctor], text, None)
    assert (text.index("centre aquatique"), name[1], "INSTITUTION") in out and doctor in out
    deid.learned = []
    assert deid._add_learned([doctor], text, None) == [doctor]

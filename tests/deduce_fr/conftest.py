"""Shared fixtures of the deduce_fr tests."""

import pytest

from deduce_fr import Deidentifier
from deduce_fr.deidentifier import config_without
from deduce_fr.tokenizer import tokenize


@pytest.fixture(scope="session")
def deid() -> Deidentifier:
    """One analyzer of the RULE layer (the default config without the learned residual annotator) for every
    regression module: each case there was written against one rule and pins it. The learned layer, on by
    default, only fills gaps after resolution; its own tests are in test_dfr_learned.py, its precision and
    recall are measured on the independent held-out halves (docs/benchmarks.md), and the pipeline's privacy
    tests run the default config. It holds no state between calls (surrogates are a pure function of seed,
    key and original), so sharing it changes no result."""
    return Deidentifier(config=config_without(None, "learned"))


@pytest.fixture(scope="session")
def deid_default() -> Deidentifier:
    """The default config as shipped: rules, then the learned residual annotator."""
    return Deidentifier()


@pytest.fixture(scope="session")
def learned_inputs(deid: Deidentifier, deid_default: Deidentifier):
    """What the learned layer's unit tests feed it, for a list of texts: the shipped learned annotator, the
    lookups, and per text (text, tokens, the rule layer's resolved spans as (start, end, tag))."""
    def build(texts: list[str]):
        items = [(text, tokenize(text), [(s.start_char, s.end_char, s.tag) for s in deid.annotate(text).spans])
                 for text in texts]
        return deid_default.learned[0], deid.lookups, items
    return build

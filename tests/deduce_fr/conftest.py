"""Shared fixtures of the deduce_fr tests."""

import pytest

from deduce_fr import Deidentifier


@pytest.fixture(scope="session")
def deid() -> Deidentifier:
    """One analyzer with the default config for every test module: it holds no state between calls
    (surrogates are a pure function of seed, key and original), so sharing it changes no result."""
    return Deidentifier()

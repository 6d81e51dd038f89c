"""Shared tiny fixtures: a tokenizer trained on toy reports and toy study records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import models
from models.synthetic import toy_records


@pytest.fixture(scope="session")
def records() -> list[dict[str, Any]]:
    return toy_records(32, seed=3, size=48)


@pytest.fixture(scope="session")
def tokenizer_dir(tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, Any]]) -> Path:
    out = tmp_path_factory.mktemp("tok") / "tokenizer"
    models.train_tokenizer([r["text"] for r in records] * 4, out, vocab_size=300)
    return out

"""The shipped French cases: every tag reaches recall >= 0.98 and precision >= 0.95; the CLI works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deduce_fr import TAGS, Deidentifier
from deduce_fr.cli import main
from deduce_fr.evaluate import DEFAULT_CASES, evaluate, load_cases


@pytest.fixture(scope="module")
def result(deid: Deidentifier):  # noqa: ANN201
    return evaluate(load_cases(DEFAULT_CASES), deid)


def test_case_file_is_large_and_well_formed() -> None:
    cases = load_cases(DEFAULT_CASES)
    assert len(cases) >= 300
    assert len({c["id"] for c in cases}) == len(cases)
    for case in cases:
        for ann in case["annotations"]:
            assert case["text"][ann["start_char"] : ann["end_char"]] == ann["text"]
            assert ann["tag"] in TAGS
    assert sum(not c["annotations"] for c in cases) >= 40  # hard negatives


@pytest.mark.parametrize("tag", TAGS)
def test_thresholds(result, tag: str) -> None:  # noqa: ANN001
    score = result.scores[tag]
    assert score.count >= 10
    assert score.recall >= 0.98, (tag, score)
    assert score.precision >= 0.95, (tag, score)


def test_cli_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cases = load_cases(DEFAULT_CASES)[:20]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    assert main(["evaluate", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["n_cases"] == 20 and set(data["tags"]) >= set(TAGS)
    assert main(["evaluate", str(path)]) == 0
    table = capsys.readouterr().out
    assert "PATIENT" in table and "F1" in table


def test_python_m_entry_point(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"id": "x", "text": "Vu par le Dr Martin.", "annotations": [
        {"text": "Martin", "start_char": 13, "end_char": 19, "tag": "PERSON"}]}]), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "deduce_fr", "evaluate", str(path), "--json"],
                         capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["tags"]["PERSON"]["recall"] == 1.0

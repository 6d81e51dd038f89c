"""bench/generate.py --quick runs the constrained and free ways side by side and reports their ratio."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def test_generate_bench_quick(capsys):
    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    summary = module.main(["--quick", "--json"])
    c, f = summary["ways"]["constrained"], summary["ways"]["free"]
    assert c["studies"] == f["studies"] == 2 and c["errors"] == f["errors"] == 0
    # The constraint only lets JSON of the schema through: what it finishes within the budget is valid.
    assert c["valid_share"] == c["json_share"] > f["valid_share"]
    assert f["tokens_per_study"] == 96  # a random model never stops by itself
    assert summary["ratios"]["tokens_per_study_free_over_constrained"] >= 1
    assert "constrained" in capsys.readouterr().out

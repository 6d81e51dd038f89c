"""bench/saliency.py --quick runs and reports the three methods side by side."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "saliency.py"


def test_bench_quick_reports_tis_rise_and_ig(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_saliency", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.main(["--quick", "--device", "cpu", "--out", str(tmp_path / "r.json")])
    assert set(result["images_per_s"]) == {"tis", "rise", "integrated_gradients"}
    assert all(v > 0 for v in result["images_per_s"].values())
    assert result["ratio_tis_over_rise"] == round(result["images_per_s"]["tis"] / result["images_per_s"]["rise"], 3)
    assert json.loads((tmp_path / "r.json").read_text())["masks"] == 64
    assert "TIS / RISE" in capsys.readouterr().out

"""bench/hostile.py --quick runs and reports zero crashes (the full run goes into docs/benchmarks.md)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_hostile_quick(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["hostile.py", "--quick"])
    monkeypatch.setattr(sys, "path", list(sys.path))  # the bench puts tests/hostile and the repo first
    runpy.run_path(str(REPO / "bench" / "hostile.py"), run_name="__main__")  # exits 1 if anything crashed
    out = capsys.readouterr().out
    assert "crashed 0" in out
    assert "time ratio child / in-process" in out

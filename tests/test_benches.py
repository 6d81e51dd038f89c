"""Every benchmark under bench/ runs in its --quick mode (tiny input, seconds), so none can rot unnoticed.

The scripts are discovered, not listed: a bench added later is run too, and one without ``--quick`` fails
here. Each quick run must exit 0 and print something; its figures are not checked (no timing thresholds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHES = sorted(p for p in (ROOT / "bench").glob("*.py") if not p.name.startswith("_"))


def test_benches_are_discovered() -> None:
    assert len(BENCHES) >= 3, "bench/ scripts not found"


@pytest.mark.parametrize("script", BENCHES, ids=[p.stem for p in BENCHES])
def test_bench_quick_mode_runs(script: Path, tmp_path: Path) -> None:
    assert "--quick" in script.read_text(encoding="utf-8"), f"{script.name} has no --quick mode"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TMPDIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, str(script), "--quick"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    tail = (proc.stdout + proc.stderr)[-3000:]
    assert proc.returncode == 0, f"{script.name} --quick failed (exit {proc.returncode}):\n{tail}"
    assert proc.stdout.strip(), f"{script.name} --quick printed nothing:\n{tail}"

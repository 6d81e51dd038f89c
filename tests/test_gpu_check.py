"""scripts/gpu_check.py (the GPU server's pre-flight check) runs its CPU subset, so it cannot rot unnoticed.

On this CPU-only machine it trains the tiny model in fp32 and in bf16 (LION, gradient cache, SigLIP), and
checks the gradient cache against the whole-batch step and a resumed run against an uninterrupted one;
the CUDA-only checks (fp16, GPU/CPU parity, loading onto the GPU) are what it adds on a GPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_gpu_check_quick_passes_on_cpu(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "TMPDIR": str(tmp_path),
           "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "gpu_check.py"), "--quick"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    checks = report["checks"]
    assert report["failed"] == [] and report["device"] == "cpu"
    assert {"gradient_cache_matches_whole_batch", "resume_matches_uninterrupted", "checkpoint_loads_and_embeds",
            "trains[mixed_precision=no]"} <= set(checks)
    assert any(name.startswith("trains[mixed_precision=bf16") for name in checks)
    assert checks["gradient_cache_matches_whole_batch"]["rel_diff"] < 2e-3
    assert checks["resume_matches_uninterrupted"]["rel_diff"] < 2e-3

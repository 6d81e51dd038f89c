"""Downstream evaluation: dataset readers, zero-shot, retrieval, probes, metrics, plots, reports.

The public entry points are imported lazily so that ``import eval`` stays cheap
for the CLI (torch and matplotlib load only when an evaluation runs).
"""

from __future__ import annotations

from typing import Any

__all__ = ["EvaluateSpec", "EvaluateOptions", "run_evaluation", "cli_evaluate", "summary_lines", "read_dataset", "EmbeddingCache"]

_WHERE = {
    "EvaluateSpec": "eval.spec",
    "EvaluateOptions": "eval.spec",
    "run_evaluation": "eval.runner",
    "cli_evaluate": "eval.runner",
    "summary_lines": "eval.report",
    "read_dataset": "eval.readers",
    "EmbeddingCache": "eval.embeddings",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'eval' has no attribute {name!r}")

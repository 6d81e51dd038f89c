"""Stage registry: the order of `pipeline run` and the module behind each `--stage NAME`."""

from __future__ import annotations

import importlib
from types import ModuleType

#: Stage name (CLI) -> module under pipeline.stages, in pipeline order.
STAGES: dict[str, str] = {
    "ingest": "ingest",
    "filter-images": "filter_images",
    "extract-reports": "extract_reports",
    "align": "align",
    "pseudonymize": "pseudonymize",
    "pseudo-label": "pseudo_label",
    "pretrain": "pretrain",
    "resize": "resize",
    "continue-pretrain": "continue_pretrain",
    "evaluate": "evaluate",
}


def stage_module(name: str) -> ModuleType:
    """Import lazily: `pipeline status` must not pay for torch, and a missing optional extra must only
    break the stage that needs it."""
    if name not in STAGES:
        raise KeyError(f"unknown stage {name!r}; stages: {', '.join(STAGES)}")
    return importlib.import_module(f"pipeline.stages.{STAGES[name]}")


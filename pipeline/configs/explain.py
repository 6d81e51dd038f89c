"""Configuration of the `explain` stage: which checkpoint, which ground-truth boxes, and how to explain.

The "how" (methods, mask counts, metrics...) is ``explain.spec.ExplainOptions``, shared with
``pipeline explain`` and ``explain.run_explain``; this section adds the stage's inputs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ConfigDict, Field

from explain.spec import ExplainOptions


class ExplainConfig(ExplainOptions):
    """Options of the `explain` stage (every explain option plus the stage's inputs)."""

    model_config = ConfigDict(extra="forbid")

    checkpoint: str = Field(
        "", description="Checkpoint folder to explain: a name under out/checkpoints or an absolute path. Empty: the "
        "first 'best' checkpoint found there (else the first checkpoint).",
    )
    boxes_file: Path | None = Field(
        None, description="JSONL of ground-truth boxes per de-identified image: image_id, kind (lesion, marker, cast, "
        "implant), box [x0, y0, x1, y1] as fractions of the image. Without it: no pointing game, and the audit sees only background.",
    )

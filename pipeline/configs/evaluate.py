"""Configuration of the `evaluate` stage: what to evaluate, on which data, and how.

The "how" (strategies, probe protocol, baselines, ...) is ``eval.spec.EvaluateOptions``,
shared with ``pipeline evaluate`` and ``eval.run_evaluation``; this section adds which
checkpoints of ``out/checkpoints`` and which downstream datasets the stage uses.
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from eval.spec import EvaluateOptions


class EvaluateConfig(EvaluateOptions):
    """Options of the `evaluate` stage (every evaluation option plus the stage's inputs)."""

    model_config = ConfigDict(extra="forbid")

    checkpoints: list[str] = Field(
        default_factory=list,
        description="Checkpoint folders to evaluate: names under out/checkpoints or absolute paths. Empty: every "
        "checkpoint found there, except 'last' when a 'best' exists. Several are compared in one table.",
    )
    own_data: bool = Field(True, description="Evaluate on our own held-out studies (labels split 'split').")
    own_tasks: list[str] = Field(
        default_factory=list, description="Pseudo-label tasks to evaluate on our data (empty: every task)."
    )
    datasets: list[str] = Field(
        default_factory=list,
        description="Downstream datasets as KIND:PATH (mura, fracatlas, oai_kl, oai_hka, boneage, generic).",
    )
    label_corrections: str | None = Field(
        None,
        description="CSV of hand-corrected test labels (columns study_id, task, label; the reference checked "
        "256): they replace the pseudo-labels of those test studies, and the dataset is reported as "
        "'ours+corrected'. Unusable rows go to the rejects.",
    )
    label_corrections_task: str | None = Field(
        None, description="Task of correction rows without a task column (e.g. fracture)."
    )

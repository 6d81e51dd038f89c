"""Configuration of the `vqa` stage: question bank, which structured reports to use."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class VqaConfig(BaseModel):
    """Question-answer pairs per study from its structured report, yes/no balanced per question type."""

    model_config = ConfigDict(extra="forbid")

    questions: str = Field(
        "vqa_questions", description="Built-in question bank name or path of a YAML question file (French)."
    )
    include_inconsistent: bool = Field(
        False, description="Also ask about structured reports flagged inconsistent with the pseudo-labels."
    )

"""Configuration of the `export` stage (and `pipeline export`): the Hugging Face dataset of VLM fine-tuning."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ExportConfig(BaseModel):
    """Images + structured report + Q&A turns per study as a `datasets` DatasetDict on disk, split by patient."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["hf"] = Field("hf", description="'hf': a datasets.DatasetDict saved with save_to_disk.")
    folder: str = Field("hf_dataset", description="Folder under out/ holding the exported dataset.")
    max_images_per_study: int = Field(6, ge=1, description="Images per study (the reference: up to 6).")
    include_inconsistent: bool = Field(
        False, description="Also export studies whose structured report disagrees with the pseudo-labels."
    )
    report_instruction: str = Field(
        "Rédigez le compte rendu structuré de ces radiographies (titre, observations, conclusion).",
        description="User turn asking for the report (first turn, with the images).",
    )
    studies_per_read: int = Field(128, ge=1, description="Studies whose images are read at once (memory bound).")

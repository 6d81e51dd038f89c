"""Configuration of the `resize` stage: higher-resolution checkpoints from a pretrained one."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ResizeTarget(BaseModel):
    """One resized checkpoint to write."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Output folder name under out/checkpoints/ (e.g. b24-336).")
    image_size: int = Field(ge=16, description="New input resolution in pixels.")
    patch_size: int | None = Field(
        None, ge=2, description="New patch size (FlexiViT pseudo-inverse resize); None keeps it and only "
        "interpolates the position embeddings."
    )


class ResizeConfig(BaseModel):
    """Options of the `resize` stage (models.resize.resize_checkpoint per target)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(
        "pretrain/best", description="Checkpoint to resize, relative to out/checkpoints/ (or an absolute path)."
    )
    targets: list[ResizeTarget] = Field(
        default_factory=lambda: [
            ResizeTarget(name="b16-336", image_size=336),
            ResizeTarget(name="b16-448", image_size=448),
            ResizeTarget(name="b24-336", image_size=336, patch_size=24),
            ResizeTarget(name="b32-448", image_size=448, patch_size=32),
        ],
        description="Checkpoints to write: the reference's B/16@336 and @448 (position-embedding interpolation) "
        "and B/24@336, B/32@448 (pseudo-inverse patch resize). Training continues from them (pretrain."
        "init_checkpoint, lr 1e-6).",
    )

"""Configuration of the `continue-pretrain` stage: the reference's second phase, CLIP training continued at
higher resolution from each checkpoint the `resize` stage wrote.

Only what differs from pretraining is set here (learning rate, batch size per target, length); every
other training setting is the `pretrain` section's (models.settings.TrainSettings: one definition).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ContinuePretrainConfig(BaseModel):
    """Options of the `continue-pretrain` stage (after `resize`, before `evaluate`)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(
        True, description="Continue pretraining every resized checkpoint; false: evaluate the resized ones as written."
    )
    targets: list[str] = Field(
        default_factory=list, description="Resize targets to continue (names under out/checkpoints/); empty: all "
        "of `resize.targets`."
    )
    batch_sizes: dict[str, int] = Field(
        default_factory=lambda: {"b16-336": 96, "b24-336": 64, "b32-448": 48, "b16-448": 32},
        description="Global batch per target: the reference's 96 / 64 / 48 for B/16@336, B/24@336, B/32@448 "
        "(B/16@448 was not continued in the reference; 32 is our choice for its 784 tokens per image).",
    )
    default_batch_size: int | None = Field(
        None, ge=2, description="Batch of a target not in `batch_sizes` (None: the pretrain section's)."
    )
    lr: float = Field(1e-6, gt=0, description="Learning rate of the continued training (the reference: 1e-6).")
    epochs: int | None = Field(None, ge=1, description="Epoch cap (None: the pretrain section's).")
    max_steps: int | None = Field(
        None, ge=1, description="Step cap per target (None: the pretrain section's); the demo sets a few steps."
    )
    run_subdir: str = Field(
        "continued", description="Output under out/checkpoints/<target>/<run_subdir>/{best,last}; `evaluate` "
        "then evaluates the continued checkpoint instead of the resized one."
    )

    def batch_size_for(self, target: str, fallback: int) -> int:
        """The global batch of ``target``."""
        return self.batch_sizes.get(target, self.default_batch_size or fallback)

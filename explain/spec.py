"""Options of an explain run: plain pydantic, no torch import (the pipeline config imports it)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Method = Literal["tis", "rise", "input_x_gradient", "integrated_gradients", "occlusion", "attention_rollout"]
ALL_METHODS: list[Method] = ["tis", "rise", "input_x_gradient", "integrated_gradients", "occlusion",
                             "attention_rollout"]
#: Ground-truth box kinds: the lesion, and the confounders the bias audit looks for.
CONFOUNDERS = ("marker", "cast", "implant")


class ExplainOptions(BaseModel):
    """How to explain: methods and their sizes, metrics, the explained prompt, devices."""

    model_config = ConfigDict(extra="forbid")

    methods: list[Method] = Field(default_factory=lambda: list(ALL_METHODS), description="Saliency methods, side by side.")
    task: str = Field("fracture", description="Task whose prompt pair (positive vs normal) is explained.")
    prompt_set: str = Field("ours", description="Prompt YAML of eval/prompts (or prompt_dir) holding the task.")
    split: str = Field("test", description="Split of our labelled studies whose images are explained.")
    max_images: int = Field(64, ge=1, description="Images explained (positives first, then the others; seeded).")
    n_masks: int = Field(1024, ge=1, description="TIS masks (N_m) and RISE masks: the same count for both.")
    keep_ratio: float = Field(0.5, gt=0, le=1, description="Share of tokens each TIS mask keeps (n_k / n_tokens).")
    ig_steps: int = Field(50, ge=1, description="Integrated-gradients steps.")
    rise_cells: int = Field(7, ge=2, description="RISE grid cells per side.")
    batch_size: int = Field(128, ge=1, description="Masked inputs scored per forward pass.")
    insertion_steps: int = Field(32, ge=2, description="Steps of the insertion / deletion curves.")
    sensitivity_samples: int = Field(
        0, ge=0, description="Noisy copies for max-sensitivity per image and method (0: skip, it re-runs each method)."
    )
    sensitivity_radius: float = Field(0.05, gt=0, description="Max-sensitivity noise bound (model input space).")
    positive_threshold: float = Field(0.5, ge=0, le=1, description="Score from which a prediction counts as positive.")
    overlays: bool = Field(True, description="Write PNG overlays and the HTML gallery.")
    device: str = Field("auto", description="'auto' (GPU when present), 'cpu', 'cuda', 'cuda:1'...")

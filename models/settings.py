"""The training settings, defined once: a pydantic model without torch, shared by YAML and Python.

``TrainSettings`` is every knob of the CLIP training loop a user may set. The pipeline's ``pretrain`` and
``continue_pretrain`` config sections extend it (plus their stage options), and ``models.train.TrainConfig``
extends it (plus what the caller supplies at run time: tokenizer folder, seed, progress bar), so a field
added here is settable from the YAML file and from Python with the same name, default, bounds and
description. Defaults are the reference's: ViT-B/16 + xlm-roberta-base, batch 96, 8-bit LION, lr 1e-5,
weight decay 1e-5, fp16, LR halved after 3 epochs without validation improvement, stop after 10.

This module imports no torch (``pipeline status`` and ``pipeline config`` must stay cheap).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Monitor = Literal["val_loss", "val_recall@1", "val_recall@5", "val_recall@10"]


class TrainSettings(BaseModel):
    """Options of CLIP training (models.train.train_clip), as set in the config file or from Python."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        "vit-b16-xlmr",
        description="Bundled model config name (models/model_configs, e.g. vit-b16-xlmr, tiny-vit-tiny-text) "
        "or path to a config JSON.",
    )
    init_checkpoint: str | None = Field(
        None,
        description="Continue from this checkpoint directory (e.g. a resized one) instead of building `model`; "
        "in the pipeline a bare name is looked up under out/checkpoints/.",
    )
    text_model_path: str | None = Field(
        None,
        description="Local directory of the text model (e.g. a copy of xlm-roberta-base, MLUKE, DrBERT or a "
        "SapBERT-aligned one); None uses the config's name from the Hugging Face cache (no download at run time).",
    )
    pretrained_image: bool = Field(True, description="Start the image tower from timm ImageNet weights (local cache).")
    pretrained_text: bool = Field(True, description="Start the text tower from the Hugging Face weights (local).")
    image_size: int | None = Field(None, ge=16, description="Override of the config's image size in pixels.")
    epochs: int = Field(100, ge=1, description="Maximum number of epochs (early stopping usually ends sooner).")
    max_steps: int | None = Field(
        None, ge=1, description="Stop after this many optimizer steps in all (the partial epoch is validated and "
        "checkpointed like a full one); None: no step cap. A fixed count, so the same seed gives the same model."
    )
    batch_size: int = Field(96, ge=2, description="Global contrastive batch (studies per step, all GPUs together).")
    chunk_size: int = Field(
        0, ge=0, description="Gradient-cache chunk (studies per forward/backward); 0 = whole batch at once."
    )
    lr: float = Field(1e-5, gt=0, description="Learning rate (the reference: 1e-5; 1e-6 after resizing).")
    weight_decay: float = Field(1e-5, ge=0, description="Weight decay of matrices (not of gains, biases, scale).")
    optimizer: Literal["lion", "adamw"] = Field("lion", description="LION (the reference) or AdamW.")
    use_8bit: bool = Field(
        True, description="8-bit LION through bitsandbytes on GPU (pip install 'hospital-vlp[gpu]'); asked for "
        "on a GPU without bitsandbytes it is an error, not a silent 32-bit fallback. Ignored on CPU."
    )
    mixed_precision: Literal["no", "fp16", "bf16"] = Field(
        "fp16", description="Autocast precision on GPU (fp16 falls back to fp32 on CPU)."
    )
    grad_checkpointing: bool = Field(False, description="Recompute activations in backward to save memory.")
    loss: Literal["clip", "siglip"] = Field("clip", description="CLIP softmax loss (reference) or SigLIP sigmoid loss.")
    lr_factor: float = Field(0.5, gt=0, lt=1, description="ReduceLROnPlateau factor on the monitored metric.")
    lr_patience: int = Field(3, ge=0, description="Epochs without validation improvement before the LR drops.")
    early_stop_patience: int = Field(10, ge=1, description="Epochs without validation improvement before stopping.")
    monitor: Monitor = Field(
        "val_loss", description="Validation metric behind LR plateau, early stopping and the best checkpoint."
    )
    max_grad_norm: float | None = Field(None, gt=0, description="Clip the gradient norm to this value (None: off).")
    num_workers: int = Field(4, ge=0, description="Data-loader worker processes.")
    crop_size: int = Field(
        512, ge=16, description="Working resolution of the augmentations (random resized crop size) before "
        "the resize to the model's size; the CPU demo uses ~1.25x the model size."
    )
    crop_scale_min: float = Field(0.6, gt=0, le=1, description="Smallest area share kept by the random resized crop.")
    group_share: float = Field(
        0.0, ge=0, le=1, description="Share of the batches drawn from one dataset group (hard negatives, e.g. one "
        "body part); 0 = every batch mixes groups at random."
    )
    checkpoint_every_steps: int = Field(500, ge=0, description="Refresh last/ every N steps for mid-epoch resume.")
    resume: bool = Field(True, description="Resume from last/ (mid-epoch, RNG included) when the run folder has one.")
    stop_after_steps: int | None = Field(
        None, ge=1, description="Preemption point: save last/ after this many steps and leave without validating "
        "(as a killed job would); a later run with resume continues exactly. For tests and job time limits."
    )
    time_budget_s: float | None = Field(
        None, gt=0, description="Opt-in wall-clock cap: stop cleanly after this many seconds of training. The "
        "result then depends on the machine's speed and load; prefer epochs/max_steps for reproducible runs."
    )
    recall_ks: tuple[int, ...] = Field((1, 5, 10), description="k of the validation image->text recall@k.")

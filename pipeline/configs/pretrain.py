"""Configuration of the `pretrain` stage: CLIP pretraining on the de-identified images and reports.

Defaults are the reference's: ViT-B/16 (ImageNet) + xlm-roberta-base, CLS tokens projected to 512,
batch 96, LION (8-bit where bitsandbytes is available), lr 1e-5, weight decay 1e-5, fp16, LR halved
after 3 epochs without validation improvement, stop after 10, 4096 validation studies. The demo
overrides them with the tiny CPU model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

_PARTS = ("de la main", "du poignet", "du coude", "de l'épaule", "de la hanche", "du genou", "de la cheville",
          "du pied", "du rachis")


class PretrainConfig(BaseModel):
    """Options of the `pretrain` stage (see models.train.TrainConfig for the training loop)."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        "vit-b16-xlmr",
        description="Bundled model config name (models/model_configs, e.g. vit-b16-xlmr, tiny-vit-tiny-text) "
        "or path to a config JSON.",
    )
    init_checkpoint: str | None = Field(
        None,
        description="Continue from this checkpoint directory (e.g. a resized one) instead of building `model`; "
        "a bare name is looked up under out/checkpoints/.",
    )
    run_name: str = Field("pretrain", description="Sub-folder of out/checkpoints/ holding best/, last/ and metrics.")
    text_model_path: str | None = Field(
        None,
        description="Local directory of the text model (e.g. a copy of xlm-roberta-base or SapBERT-XLMR); "
        "None uses the config's name from the Hugging Face cache (no download at run time).",
    )
    pretrained_image: bool = Field(True, description="Start the image tower from timm ImageNet weights (local cache).")
    pretrained_text: bool = Field(True, description="Start the text tower from the Hugging Face weights (local).")
    tokenizer_vocab_size: int = Field(
        4000, ge=100, description="Vocabulary of the tokenizer trained on the training reports (random-init text towers)."
    )
    image_size: int | None = Field(None, ge=16, description="Override of the config's image size in pixels.")
    epochs: int = Field(100, ge=1, description="Maximum number of epochs (early stopping usually ends sooner).")
    batch_size: int = Field(96, ge=2, description="Global contrastive batch (studies per step, all GPUs together).")
    chunk_size: int = Field(
        0, ge=0, description="Gradient-cache chunk (studies per forward/backward); 0 = whole batch at once."
    )
    lr: float = Field(1e-5, gt=0, description="Learning rate (the reference: 1e-5; 1e-6 after resizing).")
    weight_decay: float = Field(1e-5, ge=0, description="Weight decay of matrices (not of gains, biases, scale).")
    optimizer: Literal["lion", "adamw"] = Field("lion", description="LION (the reference) or AdamW.")
    use_8bit: bool = Field(True, description="8-bit LION through bitsandbytes when installed and on GPU.")
    mixed_precision: Literal["no", "fp16", "bf16"] = Field(
        "fp16", description="Autocast precision on GPU (fp16 falls back to fp32 on CPU)."
    )
    grad_checkpointing: bool = Field(False, description="Recompute activations in backward to save memory.")
    loss: Literal["clip", "siglip"] = Field("clip", description="CLIP softmax loss (reference) or SigLIP sigmoid loss.")
    lr_factor: float = Field(0.5, gt=0, lt=1, description="ReduceLROnPlateau factor on validation loss.")
    lr_patience: int = Field(3, ge=0, description="Epochs without validation improvement before the LR drops.")
    early_stop_patience: int = Field(10, ge=1, description="Epochs without validation improvement before stopping.")
    monitor: Literal["val_loss", "val_recall@1", "val_recall@5", "val_recall@10"] = Field(
        "val_loss", description="Validation metric behind LR plateau, early stopping and the best checkpoint."
    )
    num_workers: int = Field(4, ge=0, description="Data-loader worker processes.")
    torch_threads: int | None = Field(
        None,
        ge=1,
        description="torch intra-op threads of the training process (None: torch's default). On a small shared "
        "CPU, 1 avoids thread contention (measured on 2 busy cores: augmentations 4.5x faster than with 2).",
    )
    crop_size: int = Field(
        512, ge=16, description="Working resolution of the augmentations (random resized crop size) before "
        "the resize to the model's size; the CPU demo uses ~1.25x the model size."
    )
    crop_scale_min: float = Field(0.6, gt=0, le=1, description="Smallest area share kept by the random resized crop.")
    group_batches_by: Literal["body_part"] | None = Field(
        None,
        description="Hard-negative batches: cut a share of the batches (`group_share`) from studies of one "
        "body part (the `images` table's body_part), so the contrastive loss must tell the pairs apart by "
        "findings (e.g. fracture) rather than by anatomy; None = every batch mixes body parts at random.",
    )
    group_share: float = Field(
        0.5, ge=0, le=1, description="Share of the batches drawn from one group when `group_batches_by` is set."
    )
    val_max_studies: int = Field(
        4096, ge=2, description="Validation studies drawn from training studies when `labels` has no val split."
    )
    val_share: float = Field(0.1, gt=0, lt=1, description="Upper bound on that drawn share of the studies.")
    checkpoint_every_steps: int = Field(500, ge=0, description="Refresh last/ every N steps for mid-epoch resume.")
    time_budget_s: float | None = Field(
        None, gt=0, description="Stop cleanly (saving last/) after this many seconds of training (demo budget)."
    )
    eval_task: str = Field("fracture", description="Binary `labels` task used for the zero-shot AUROC in the report.")
    positive_prompts: list[str] = Field(
        default_factory=lambda: ["En conclusion, fracture récente.", "Trait de fracture visible."]
        + [f"En conclusion, fracture récente. Radiographie {p}." for p in _PARTS],
        description="Prompts of the positive class of `eval_task` (embeddings averaged: a prompt ensemble).",
    )
    negative_prompts: list[str] = Field(
        default_factory=lambda: ["En conclusion, pas de fracture.", "Absence de lésion osseuse traumatique."]
        + [f"En conclusion, pas de fracture. Radiographie {p}." for p in _PARTS],
        description="Prompts of the negative class of `eval_task` (embeddings averaged: a prompt ensemble).",
    )


#: What `pipeline demo` sets on top of the defaults: the tiny model on 2 CPU cores, training capped at 270 s
#: (early stopping usually ends it after ~90 s at ~140 img/s with one torch thread). Hard-negative batches
#: (half of them one body part), batches of 32. Measured by the pretrain stage alone on the demo's tables
#: (160 patients: 301 train studies once the 93 other studies of val/test patients are excluded, 16 val,
#: 40 test), seeds 0/1/2: held-out zero-shot fracture AUROC 0.94/0.83/0.92, recall@5 3.2/2.0/3.0x chance
#: (0.125). Without body-part batches: AUROC 0.87/0.77/0.79, recall@5 3.4/3.0/4.0x. recall@5 >= 5x chance is
#: NOT reached without the patient leak (the leaky runs had ~4x): ~300 studies are memorised within ~15 epochs.
DEMO_OVERRIDES: dict[str, object] = {
    "model": "tiny-vit-tiny-text",
    "pretrained_image": False,
    "pretrained_text": False,
    "tokenizer_vocab_size": 1000,
    "image_size": 64,
    "crop_size": 80,
    "crop_scale_min": 0.6,
    "batch_size": 32,
    "lr": 2e-3,
    "weight_decay": 0.05,
    "optimizer": "adamw",
    "mixed_precision": "no",
    "num_workers": 0,
    "torch_threads": 1,
    "checkpoint_every_steps": 0,
    "time_budget_s": 270.0,
    "monitor": "val_recall@5",
    "early_stop_patience": 30,
    "group_batches_by": "body_part",
    "group_share": 0.5,
}

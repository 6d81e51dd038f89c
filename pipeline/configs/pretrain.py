"""Configuration of the `pretrain` stage: CLIP pretraining on the de-identified images and reports.

Defaults are the reference's: ViT-B/16 (ImageNet) + xlm-roberta-base, CLS tokens projected to 512,
batch 96, LION (8-bit where bitsandbytes is available), lr 1e-5, weight decay 1e-5, fp16, LR halved
after 3 epochs without validation improvement, stop after 10, 4096 validation studies. The demo
overrides them with the tiny CPU model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from models.settings import TrainSettings

_PARTS = ("de la main", "du poignet", "du coude", "de l'épaule", "de la hanche", "du genou", "de la cheville",
          "du pied", "du rachis")


class PretrainConfig(TrainSettings):
    """Options of the `pretrain` stage: every training setting (models.settings.TrainSettings, defined once
    for YAML and Python) plus the stage's own options below."""

    model_config = ConfigDict(extra="forbid")

    run_name: str = Field("pretrain", description="Sub-folder of out/checkpoints/ holding best/, last/ and metrics.")
    tokenizer_vocab_size: int = Field(
        4000, ge=100, description="Vocabulary of the tokenizer trained on the training reports (random-init text towers)."
    )
    torch_threads: int | None = Field(
        None,
        ge=1,
        description="torch intra-op threads of the training process (None: torch's default). On a small shared "
        "CPU, 1 avoids thread contention (measured on 2 busy cores: augmentations 4.5x faster than with 2).",
    )
    group_batches_by: Literal["body_part"] | None = Field(
        None,
        description="Hard-negative batches: cut a share of the batches (`group_share`) from studies of one "
        "body part (the `images` table's body_part), so the contrastive loss must tell the pairs apart by "
        "findings (e.g. fracture) rather than by anatomy; None = every batch mixes body parts at random.",
    )
    group_share: float = Field(
        0.5, ge=0, le=1, description="Share of the batches drawn from one group when `group_batches_by` is set."
    )
    exclude_label_splits: bool = Field(
        True,
        description="Keep every study of the pseudo-label train/val/test splits (and the other studies of their "
        "patients) out of pretraining, as the reference did for its pseudo-label experiment (\"images never "
        "seen in VLP\"); validation is then drawn from the remaining studies. False: only val/test are held out "
        "and the labels' val split validates.",
    )
    val_max_studies: int = Field(
        4096, ge=2, description="Validation studies drawn from the pretraining studies when they are not the labels' "
        "val split (the reference: 4,096)."
    )
    val_share: float = Field(0.1, gt=0, lt=1, description="Upper bound on that drawn share of the studies.")
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


#: What `pipeline demo` sets on top of the defaults: the tiny model on 2 CPU cores, a fixed number of epochs
#: (never a wall-clock budget: the same seed gives the same checkpoint on any machine), hard-negative batches
#: (half of them one body part), batches of 32, one torch thread. The pseudo-label train studies are kept out
#: (``exclude_label_splits``, the default), so about 480 studies train (~15 steps per epoch) and a drawn tenth
#: validates; 40 epochs are ~600 steps (~2-3 min on 2 busy cores).
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
    "epochs": 40,
    "monitor": "val_recall@5",
    "early_stop_patience": 30,
    "group_batches_by": "body_part",
    "group_share": 0.5,
}

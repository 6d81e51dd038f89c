"""Options of an evaluation run: plain pydantic, no torch import (the pipeline config imports it).

``EvaluateOptions`` holds every knob of the evaluation; ``EvaluateSpec`` adds what
to evaluate (checkpoints, datasets) and where to write. The ``evaluate`` stage's
config section extends ``EvaluateOptions`` with its own fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from eval.probe import ProbeConfig

STRATEGIES = ("text_binary", "text_enumeration", "latent_min", "latent_mean")
RETRIEVAL_STRATEGIES = ("negation", "text_enumeration", "latent_mean")
Strategy = Literal["text_binary", "text_enumeration", "latent_min", "latent_mean"]
RetrievalStrategy = Literal["negation", "text_enumeration", "latent_mean", "text_binary", "latent_min"]
Task = Literal["zeroshot", "retrieval", "report_retrieval", "linear_probe", "finetune", "tsne"]
DEFAULT_TASKS: list[Task] = ["zeroshot", "retrieval", "report_retrieval", "linear_probe", "tsne"]


#: Presets: settings of a named protocol, applied unless the same key is set explicitly.
PRESETS: dict[str, dict[str, object]] = {
    # the reference study's data-efficiency curves (Tables 8.3-8.8): 6 train ratios x 8 seeds, 95% CI
    "thesis": {"ratios": [1.0, 0.5, 0.25, 0.125, 0.0625, 0.03], "seeds": 8},
}


class EvaluateOptions(BaseModel):
    """How to evaluate: strategies, metrics, probe protocol, baselines, devices."""

    model_config = ConfigDict(extra="forbid")

    preset: Literal["thesis"] | None = Field(
        None, description="Named protocol: thesis = the reference's train ratios 1, .5, .25, .125, .0625, .03 with "
        "8 seeds each (mean and 95% CI); keys set explicitly win over the preset."
    )

    @model_validator(mode="before")
    @classmethod
    def _apply_preset(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("preset"):
            preset = PRESETS.get(str(data["preset"]))
            if preset is not None:
                data = {**preset, **data}
        return data

    tasks: list[Task] = Field(default_factory=lambda: list(DEFAULT_TASKS), description="Which evaluations to run.")
    split: str = Field("test", description="Split used for zero-shot and retrieval.")
    strategies: list[Strategy] = Field(default_factory=lambda: list(STRATEGIES), description="Zero-shot prompt strategies.")
    retrieval_strategies: list[RetrievalStrategy] = Field(
        default_factory=lambda: list(RETRIEVAL_STRATEGIES),
        description="Retrieval queries, named as in the reference: negation (class prompt minus its negation), "
        "text_enumeration, latent_mean (text_binary/latent_min only with retrieval_ranking: contrast).",
    )
    retrieval_ranking: Literal["query", "contrast"] = Field(
        "query", description="query: images ranked by similarity to the query embedding (the reference); "
        "contrast: by the zero-shot positive-vs-normal probability (the earlier variant)."
    )
    retrieval_scope: Literal["dataset", "split"] = Field(
        "dataset", description="Images retrieved from: the whole evaluated dataset, all splits (the reference), "
        "or only the `split` used for zero-shot."
    )
    retrieval_ks: list[int] = Field(default_factory=lambda: [10, 50], description="k of precision@k.")
    retrieval_folds: int = Field(5, ge=1, description="Stratified folds of the retrieved images; P@k is averaged.")
    report_recall_ks: list[int] = Field(default_factory=lambda: [5], description="k of image->report recall@k.")
    bootstrap: int = Field(1000, ge=0, description="Bootstrap resamples for the AUROC 95% CI.")
    seeds: int = Field(3, ge=1, description="Seeds per trained evaluation (subset + init); mean and 95% CI.")
    ratios: list[float] = Field(
        default_factory=lambda: [0.01, 0.1, 1.0], description="Fractions of the train split for probes."
    )
    probe_max_epochs: int = Field(
        200, ge=1, description="Linear-probe epoch cap, a safety net: the validation-loss early stop ends first."
    )
    probe_min_epoch_steps: int = Field(
        500, ge=1, description="Fewest optimizer steps per epoch of the probe and of fine-tuning once unfrozen. At "
        "lr 1e-4 a pass over a small set moves the head too little for the 3/10-epoch patience to mean anything; "
        "no effect on sets of 32,000+ images."
    )
    probe_batch_size: int = Field(64, ge=1, description="Probe and fine-tune batch size.")
    probe_lr: float = Field(1e-4, gt=0, description="AdamW learning rate of the head.")
    probe_dropout: float = Field(
        0.0, ge=0, lt=1, description="Dropout on the features before the head (the reference's is 0.2: a penalty "
        "that grows with n and on few features shifts the weights' direction; docs/benchmarks.md)."
    )
    probe_l2: float = Field(
        1.0, ge=0, description="L2 on the head's weights, l2 * |W|^2 / (2 n_train): scikit-learn's C = 1/l2 in "
        "mean-loss form; a finite optimum on separable features, so the early stop ends the run."
    )
    probe_selection: Literal["best", "one_se"] = Field(
        "one_se", description="Checkpoint kept: best (lowest val loss, the reference) or one_se (the latest "
        "within one standard error of the lowest, SE from the per-image losses)."
    )
    probe_min_val_rows: int = Field(
        50, ge=0, description="Fewer validation images: a warning and cross-fitted validation (5 folds of "
        "train + val) instead of selecting on the too-small split."
    )
    probe_min_train: int = Field(
        10, ge=1, description="Fewest train-split images for the usual protocol; below, cross-validation is used."
    )
    probe_cv_folds: int = Field(
        5, ge=0, description="Patient-grouped folds over the evaluation split when there is no train split (0: skip)."
    )
    finetune_frozen_steps: int = Field(200, ge=0, description="Head-only steps before the encoder is unfrozen.")
    finetune_lr: float = Field(1e-6, gt=0, description="Encoder learning rate once unfrozen.")
    finetune_max_epochs: int = Field(
        50, ge=1, description="Fine-tuning epoch cap after the encoder is unfrozen (early stopping usually ends first)."
    )
    baselines: list[Literal["imagenet", "random"]] = Field(
        default_factory=list, description="timm ViT baselines for trained evaluations."
    )
    baseline_model: str = Field("vit_base_patch16_224", description="timm model name of the baselines.")
    baseline_image_size: int = Field(224, ge=16, description="Input size of the baselines.")
    imagenet_weights: Path | None = Field(None, description="Local ImageNet weights file (else the HF cache).")
    pad_to_square: list[str] = Field(
        default_factory=lambda: ["oai_hka"], description="Datasets whose images are padded to a square (aspect "
        "kept) before the model's preprocessing, as the reference did for the long HKA full-leg images."
    )
    prompt_dir: Path | None = Field(None, description="Folder of user prompt YAML files overriding eval/prompts.")
    device: str = Field("auto", description="Torch device for embedding and training: 'auto' (the first GPU when "
                        "present, else CPU), 'cpu', 'cuda', 'cuda:1'...")
    batch_size: int = Field(32, ge=1, description="Embedding batch size.")
    num_workers: int = Field(0, ge=0, description="DataLoader workers for image decoding.")
    max_tsne_points: int = Field(2000, ge=10, description="Images drawn in each t-SNE map.")
    torch_threads: int | None = Field(
        None, ge=1, description="CPU threads for torch during the run (None: leave torch's setting)."
    )
    seed: int = Field(0, description="Base seed (bootstrap, folds, subsets).")

    def probe_config(self) -> ProbeConfig:
        """The trained-evaluation hyper-parameters of these options."""
        from eval.probe import ProbeConfig

        return ProbeConfig(
            max_epochs=self.probe_max_epochs, batch_size=self.probe_batch_size, lr=self.probe_lr,
            dropout=self.probe_dropout, l2=self.probe_l2, selection=self.probe_selection,
            min_val_rows=self.probe_min_val_rows,
            min_epoch_steps=self.probe_min_epoch_steps,
            finetune_frozen_steps=self.finetune_frozen_steps, finetune_lr=self.finetune_lr,
            finetune_max_epochs=self.finetune_max_epochs, num_workers=self.num_workers,
        )


class EvaluateSpec(EvaluateOptions):
    """Everything one evaluation run needs: what to evaluate, on what, where to write, and how."""

    checkpoints: list[Path] = Field(default_factory=list, description="Our CLIP checkpoints (models.load_checkpoint).")
    datasets: list[str] = Field(
        default_factory=list,
        description="Datasets as KIND:PATH; KIND in mura, fracatlas, oai_kl, oai_hka, boneage, generic, ours.",
    )
    out_dir: Path = Field(description="Where results.json, predictions.parquet, plots/ and the report go.")
    cache_dir: Path | None = Field(None, description="Embedding cache folder; default <out_dir>/embedding_cache.")

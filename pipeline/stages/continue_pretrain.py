"""`continue-pretrain` stage: CLIP pretraining continued from each resized checkpoint (the reference's second
phase: lr 1e-6, batch 96 / 64 / 48 for B/16@336, B/24@336, B/32@448), so that the high-resolution checkpoints
`evaluate` compares are trained ones, not just resized ones.

One item per resize target; each is the `pretrain` stage's training run on the same studies, splits and
held-out metrics with the pretrain section's settings except ``init_checkpoint`` (the resized checkpoint),
``lr``, ``batch_size`` and the length set in the `continue_pretrain` section. It writes
``out/checkpoints/<target>/continued/{best,last}/``, ``metrics.csv`` and ``final_metrics.json``. A target
whose resized checkpoint is missing is a reject with its reason; the others still train.

The training code path is pipeline.pretraining's shard function, shared with the pretrain stage: one implementation of the
data loading and splits, not a copy that could drift from it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from pipeline.configs.continue_pretrain import ContinuePretrainConfig
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageReport,
    fingerprint_paths,
    run_sharded,
)

log = logging.getLogger("pipeline")
STAGE = "continue-pretrain"
CHECKPOINT_CONFIG = "open_clip_config.json"


def targets(cfg) -> list[str]:
    """Names of the resized checkpoints to continue, sorted (the configured ones, else every resize target)."""
    section: ContinuePretrainConfig = cfg.continue_pretrain
    if not section.enabled:
        return []
    return sorted(section.targets or [t.name for t in cfg.resize.targets])


def run(ctx: StageContext) -> StageReport:
    """Continue pretraining every resized checkpoint (one shard; skipped when nothing changed)."""
    items = targets(ctx.cfg)
    root = ctx.store.out_dir / "checkpoints"
    files = [f for name in items for f in (root / name).glob("*") if f.is_file()]
    return run_sharded(
        ctx,
        STAGE,
        inputs=["images", "image_filter", "reports", "labels"],
        outputs=[],
        items=items,
        process=process_shard,
        config_section={"continue_pretrain": ctx.cfg.continue_pretrain.model_dump(mode="json"),
                        "pretrain": ctx.cfg.pretrain.model_dump(mode="json")},
        external_fingerprint=fingerprint_paths(files),
        shard_size=max(1, len(items)),
        job_context={"progress": ctx.progress},
    )


def continued_config(cfg, target: str):
    """The whole pipeline config with the pretrain section set up to continue ``target``."""
    section: ContinuePretrainConfig = cfg.continue_pretrain
    pre = cfg.pretrain
    update = {
        "init_checkpoint": target,
        "run_name": f"{target}/{section.run_subdir}",
        "lr": section.lr,
        "batch_size": section.batch_size_for(target, pre.batch_size),
    }
    sizes = {t.name: t.image_size for t in cfg.resize.targets}
    if target in sizes:
        # the resized checkpoint's resolution, not the pretraining override; augmentations scaled with it
        old = pre.image_size or sizes[target]
        update["image_size"] = None
        update["crop_size"] = max(pre.crop_size, round(pre.crop_size * sizes[target] / old))
    if section.epochs is not None:
        update["epochs"] = section.epochs
    if section.max_steps is not None:
        update["max_steps"] = section.max_steps
    return cfg.model_copy(update={"pretrain": pre.model_copy(update=update)})


def process_shard(job: ShardJob) -> ShardOutput:
    """Train each target in turn; a missing resized checkpoint is a reject."""
    from pipeline.pretraining import process_shard as train_on_studies

    root: Path = job.store.artifact_dir("checkpoints")
    rejects: list[Reject] = []
    stats: dict = {"targets_trained": 0}
    for name in job.items:
        if not (root / name / CHECKPOINT_CONFIG).is_file():
            rejects.append(Reject(name, "resized checkpoint missing", f"run resize first: no {name} checkpoint"))
            continue
        out = train_on_studies(replace(job, cfg=continued_config(job.cfg, name)))
        rejects += [r for r in out.rejects if r.item == "pretrain"]  # per-study rejects: already the pretrain's
        stats["targets_trained"] += 1
        for key in ("steps", "stopped", "recall@5", "zero_shot_auroc_" + job.cfg.pretrain.eval_task):
            if key in out.stats:
                stats[f"{name}.{key}"] = out.stats[key]
        log.info("continue-pretrain: %s done (%s)", name, out.stats.get("stopped"))
    return ShardOutput(rejects=rejects, stats=stats)

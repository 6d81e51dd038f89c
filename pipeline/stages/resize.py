"""`resize` stage: write higher-resolution checkpoints (models.resize) from the pretrained one.

Each target of ``resize.targets`` is one item: ``out/checkpoints/<name>/`` gets the source checkpoint
resized to ``image_size`` (and ``patch_size``: FlexiViT pseudo-inverse), loadable by open_clip. A target
that cannot be made (missing source, size not a multiple of the patch) is a reject with its reason.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.configs.resize import ResizeConfig
from pipeline.store import Reject, ShardJob, ShardOutput, StageContext, StageReport, run_sharded

STAGE = "resize"


def source_dir(store_root: Path, source: str) -> Path:
    """Absolute checkpoint path of ``source`` (relative names live under out/checkpoints/)."""
    path = Path(source)
    return path if path.is_absolute() else store_root / path


def run(ctx: StageContext) -> StageReport:
    """Resize the source checkpoint once per target (one shard)."""
    cfg: ResizeConfig = ctx.cfg.resize
    items = sorted(t.name for t in cfg.targets)
    src = source_dir(ctx.store.out_dir / "checkpoints", cfg.source)
    weights = src / "open_clip_model.safetensors"
    external = f"{weights}:{weights.stat().st_mtime_ns}" if weights.is_file() else "missing"
    return run_sharded(
        ctx,
        STAGE,
        inputs=[],
        outputs=[],
        items=items,
        process=process_shard,
        config_section=cfg,
        external_fingerprint=external,
        shard_size=max(1, len(items)),
    )


def process_shard(job: ShardJob) -> ShardOutput:
    """Write each target checkpoint; unusable targets become rejects."""
    from models.resize import resize_checkpoint

    cfg: ResizeConfig = job.cfg.resize
    root = job.store.artifact_dir("checkpoints")
    src = source_dir(root, cfg.source)
    targets = {t.name: t for t in cfg.targets}
    rejects: list[Reject] = []
    done = 0
    for name in job.items:
        target = targets[name]
        if not (src / "open_clip_config.json").is_file():
            rejects.append(Reject(name, "source checkpoint missing", str(cfg.source)))
            continue
        try:
            resize_checkpoint(src, root / name, image_size=target.image_size, patch_size=target.patch_size)
        except ValueError as exc:
            rejects.append(Reject(name, "cannot resize to this size", str(exc)))
            continue
        done += 1
    return ShardOutput(rejects=rejects, stats={"checkpoints_written": done})

"""explain: a pretrained checkpoint + held-out images -> saliency maps, metrics, bias audit, gallery.

Reads the checkpoint under ``out/checkpoints``, our own ``labels`` split joined to ``images`` and
the optional ground-truth boxes file; writes ``out/eval/explain_*`` (Parquet + JSON tables, HTML
gallery) and ``out/eval/explain/`` (per-image results and PNG overlays). One global shard; inside
it every image is written as soon as it is explained, so a killed run resumes image by image.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageFailed,
    StageReport,
    fingerprint_paths,
    run_sharded,
)

log = logging.getLogger("pipeline")

STAGE = "explain"
INPUTS = ("images", "image_filter", "labels")
CHECKPOINT_CONFIG = "open_clip_config.json"


def find_checkpoint(root: Path, wanted: str) -> Path:
    """The configured checkpoint, or the first 'best' under ``root`` (else the first one found)."""
    if wanted:
        path = Path(wanted) if Path(wanted).is_absolute() else root / wanted
        if not (path / CHECKPOINT_CONFIG).is_file():
            raise StageFailed(f"explain: configured checkpoint not found: {path}")
        return path
    found = sorted(p.parent for p in root.glob(f"**/{CHECKPOINT_CONFIG}") if not p.parent.name.startswith("."))
    if not found:
        raise StageFailed(f"explain: no checkpoint under {root} (run pretrain first, or set explain.checkpoint)")
    best = [p for p in found if p.name == "best"]
    return (best or found)[0]


def process_shard(job: ShardJob) -> ShardOutput:
    """Explain the selected held-out images with the checkpoint (the one item of the global shard)."""
    from eval.readers import DatasetError, read_ours
    from explain.runner import run_explain, summary_lines
    from explain.sources import load_target, read_boxes, select_items
    from explain.spec import ExplainOptions

    cfg = job.cfg.explain
    options = ExplainOptions(**cfg.model_dump(exclude={"checkpoint", "boxes_file"}))
    store = job.store
    try:
        datasets = read_ours(store.out_dir, tasks=[options.task], splits=(options.split,))
    except DatasetError as exc:
        return ShardOutput(tables={}, rejects=[Reject(item="ours", reason="dataset could not be read", detail=str(exc))],
                           stats={})
    try:
        target, preprocess, name, fingerprint = load_target(Path(job.items[0]), options)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        return ShardOutput(tables={}, rejects=[Reject(item=Path(job.items[0]).name, reason="checkpoint could not be loaded",
                                                      detail=str(exc))], stats={})
    items = select_items(datasets[0], options, read_boxes(cfg.boxes_file), seed=job.cfg.run.seed)
    results = run_explain(target, preprocess, items, options, store.artifact_dir("eval"), model_name=name,
                          model_fingerprint=fingerprint, progress=True)
    rejects = [Reject(item=r["item"], reason=r["reason"], detail=r["detail"]) for r in results["rejects"]]
    stats: dict = {"images": results["n_images"], "gallery": "eval/explain_gallery.html",
                   "summary": summary_lines(results)}
    for m in results["metrics"]:
        if m["pointing_game"] is not None:
            stats[f"pointing_game_{m['method']}"] = round(m["pointing_game"], 4)
    return ShardOutput(tables={}, rejects=rejects, stats=stats)


def run(ctx: StageContext) -> StageReport:
    """Explain the checkpoint; skipped when config, inputs, boxes and checkpoint are unchanged."""
    cfg = ctx.cfg.explain
    checkpoint = find_checkpoint(ctx.store.artifact_dir("checkpoints"), cfg.checkpoint)
    if not ctx.store.has_table("labels"):
        raise StageFailed("explain: the labels table is missing (run pseudo-label first)")
    files = [f for f in checkpoint.iterdir() if f.is_file()]
    if cfg.boxes_file is not None:
        files.append(Path(cfg.boxes_file))
    log.info("explain: checkpoint %s", checkpoint.name)
    return run_sharded(
        ctx, STAGE, inputs=list(INPUTS), outputs=[], items=[str(checkpoint)], process=process_shard,
        config_section=cfg, external_fingerprint=fingerprint_paths(files), shard_size=1,
    )

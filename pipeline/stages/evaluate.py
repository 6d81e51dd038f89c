"""evaluate: pretrained checkpoint(s) -> zero-shot, retrieval and probe results on held-out data.

Reads the checkpoints under ``out/checkpoints`` (pretrain / resize outputs), our own
``labels`` test split joined to ``images`` and ``reports``, and any downstream dataset
listed in the config; writes ``out/eval/`` (results.json, predictions.parquet, plots/,
report.md/.html, embedding_cache/). One global shard: the fingerprint covers the
config, the input tables and the checkpoint files, so an unchanged run is skipped.
Images that cannot be decoded and datasets or checkpoints that cannot be read go to
the stage's rejects with a fixed reason; the run goes on.
"""

from __future__ import annotations

import logging
import math
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

STAGE = "evaluate"
INPUTS = ("images", "image_filter", "reports", "labels")
CHECKPOINT_CONFIG = "open_clip_config.json"


def find_checkpoints(root: Path, wanted: list[str]) -> list[Path]:
    """Checkpoint folders to evaluate: the configured ones, or every one under ``root`` (but 'last' if 'best')."""
    if wanted:
        paths = [Path(w) if Path(w).is_absolute() else root / w for w in wanted]
        missing = [str(p) for p in paths if not (p / CHECKPOINT_CONFIG).is_file()]
        if missing:
            raise StageFailed(f"evaluate: configured checkpoint(s) not found: {', '.join(missing)}")
        return paths
    found = sorted({p.parent for p in root.glob(f"**/{CHECKPOINT_CONFIG}") if not p.parent.name.startswith(".")})
    found = [p for p in found if not (p.name == "last" and (p.parent / "best" / CHECKPOINT_CONFIG).is_file())]
    # a resized checkpoint whose continued pretraining exists is replaced by the trained one
    return [p for p in found if not any(q != p and p in q.parents for q in found)]


def _checkpoint_label(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


def _reason(raw: str) -> str:
    """Fixed phrase for the rejects table (manifests count reasons; details stay in the vault)."""
    text = raw.lower()
    if text.startswith("checkpoint"):
        return "checkpoint could not be loaded"
    if "imagenet weights" in text or "baseline" in text:
        return "baseline weights unavailable"
    if "layout" in text or "missing file" in text or "column" in text or "dataset" in text:
        return "dataset could not be read"
    return "image could not be decoded"


def _corrected(own: list, path: str, task: str | None, split: str, notes: list[str]) -> tuple[list, list[Reject]]:
    """Our datasets with the hand-corrected ``split`` labels in place (renamed ``ours+corrected``)."""
    from eval.corrections import CorrectionsError, apply_corrections, read_corrections, unused_corrections

    try:
        corrections = read_corrections(path, task)
    except CorrectionsError as exc:
        raise StageFailed(f"evaluate: {exc}") from None
    rejects = [Reject(item=where, reason="label correction unusable", detail=why) for where, why in corrections.rejects]
    rejects += [Reject(item=key, reason="label correction matches no test study")
                for key in unused_corrections(own, corrections, split)]
    out = []
    for ds in own:
        fixed, n = apply_corrections(ds, corrections, split)
        if n:
            notes.append(f"{fixed.key}: {n} {split} labels corrected by hand ({Path(path).name}), "
                         "the other labels are pseudo-labels")
        out.append(fixed)
    return out, rejects


def process_shard(job: ShardJob) -> ShardOutput:
    """Run the whole evaluation (one global shard) and return its headline numbers as stats."""
    from eval.readers import DatasetError, read_ours
    from eval.report import summary_lines
    from eval.runner import run_evaluation
    from eval.spec import EvaluateSpec

    cfg = job.cfg.evaluate
    store = job.store
    out_dir = store.artifact_dir("eval")
    options = cfg.model_dump(exclude={"checkpoints", "own_data", "own_tasks", "datasets", "label_corrections",
                                      "label_corrections_task"})
    spec = EvaluateSpec(
        **options, checkpoints=[Path(p) for p in job.items], datasets=list(cfg.datasets), out_dir=out_dir,
        cache_dir=out_dir / "embedding_cache",
    )
    own, rejects, notes = [], [], []
    if cfg.own_data:
        try:
            own = read_ours(store.out_dir, tasks=cfg.own_tasks or None)
        except DatasetError as exc:
            rejects.append(Reject(item="ours", reason="dataset could not be read", detail=str(exc)))
    if cfg.label_corrections and own:
        own, more = _corrected(own, cfg.label_corrections, cfg.label_corrections_task, cfg.split, notes)
        rejects += more
    results = run_evaluation(spec, datasets=own, notes=notes)
    for r in results.rejects:
        rejects.append(Reject(item=str(r.item), reason=_reason(str(r.reason)), detail=str(r.reason)))
    stats: dict = {
        "checkpoints": len(results.models),
        "dataset_tasks": len(results.datasets),
        "report": "eval/report.md",
        "summary": summary_lines(results.to_json()),
    }
    test_counts = [d.counts.get("test", 0) for d in results.datasets if d.key.startswith("ours")]
    if test_counts:
        stats["own_test_images"] = max(test_counts)
    zs = [r for r in results.zeroshot if not math.isnan(r.auroc)]
    if zs:
        best = max(zs, key=lambda r: r.auroc)
        stats["best_zeroshot_auroc"] = round(best.auroc, 4)
        stats["best_zeroshot"] = f"{best.dataset_task} {best.strategy}"
    for r in results.report_retrieval:
        if "recall@5" in r.metrics:
            stats["image_report_recall@5"] = round(r.metrics["recall@5"], 4)
            stats["image_report_chance@5"] = round(r.metrics["chance@5"], 4)
    probes = [r for r in results.probe if not math.isnan(r.mean) and r.metric != "mae" and r.ratio >= 1.0]
    if probes:
        stats["linear_probe_auroc_all"] = round(max(r.mean for r in probes), 4)
    return ShardOutput(tables={}, rejects=rejects, stats=stats)


def run(ctx: StageContext) -> StageReport:
    """Evaluate the pretrained checkpoint(s); skipped when config, inputs and checkpoints are unchanged."""
    cfg = ctx.cfg.evaluate
    ckpt_root = ctx.store.artifact_dir("checkpoints")
    checkpoints = find_checkpoints(ckpt_root, cfg.checkpoints)
    if not checkpoints:
        raise StageFailed(f"evaluate: no checkpoint under {ckpt_root} (run pretrain first, or set evaluate.checkpoints)")
    if cfg.own_data and not ctx.store.has_table("labels"):
        raise StageFailed("evaluate: the labels table is missing (run pseudo-label first, or set evaluate.own_data: false)")
    files = [f for p in checkpoints for f in p.iterdir() if f.is_file()]
    if cfg.label_corrections:
        files.append(Path(cfg.label_corrections))
    for arg in cfg.datasets:
        path = Path(arg.partition(":")[2])
        files += [f for f in path.rglob("*.csv")] if path.is_dir() else [path]
    log.info("evaluate: %d checkpoint(s): %s", len(checkpoints), ", ".join(_checkpoint_label(p, ckpt_root)
                                                                        for p in checkpoints))
    return run_sharded(
        ctx, STAGE, inputs=list(INPUTS) if cfg.own_data else [], outputs=[],
        items=[str(p) for p in checkpoints], process=process_shard, config_section=cfg,
        external_fingerprint=fingerprint_paths(files), shard_size=max(1, len(checkpoints)),
    )

"""export: images + structured reports + Q&A -> a Hugging Face DatasetDict on disk (out/<folder>).

The input of VLM fine-tuning (`pipeline finetune-vlm`); loadable with `datasets.load_from_disk`.
One item: the dataset is written whole to a temporary folder and renamed, so a killed export leaves
either the previous dataset or the new one, never half of one.
"""

from __future__ import annotations

import dataclasses

from pipeline.store import ShardJob, ShardOutput, StageContext, StageFailed, StageReport, run_sharded
from pipeline.vlm.export import export_hf

STAGE = "export"


def run(ctx: StageContext) -> StageReport:
    cfg = ctx.cfg.export
    for name in ("images", "structured_reports", "vqa", "labels"):
        if not ctx.store.has_table(name):
            raise StageFailed(f"export needs the `{name}` table: run the stages before it first")
    if not (ctx.store.out_dir / cfg.folder).is_dir():
        ctx = dataclasses.replace(ctx, force=True)  # the dataset folder was removed: the manifest alone is stale
    return run_sharded(ctx, STAGE, inputs=("images", "structured_reports", "vqa", "labels"), outputs=(),
                       items=[cfg.format], process=process, config_section=cfg)


def process(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.export
    target = job.store.out_dir / cfg.folder
    stats = export_hf(job.store, cfg, job.seed, target)
    return ShardOutput(stats=stats)

"""`pretrain` stage: CLIP pretraining (models.train) on `images` x `reports` from out/.

Global stage (one shard). Studies of the `labels` val/test splits are held out, and every other study of
a val/test patient is used nowhere (no patient leak); the val split (or, when absent, a seeded share of the
studies) validates; each study contributes one random kept image per epoch. With ``group_batches_by:
body_part`` a share of the batches holds one body part (hard negatives: findings, not anatomy).
Writes ``out/checkpoints/<run_name>/{best,last}/`` (open_clip checkpoints), ``metrics.csv`` and
``final_metrics.json``: retrieval recall@k on held-out studies (test split, else validation) next to
chance, and the zero-shot AUROC of ``eval_task`` with the configured prompts. A killed run resumes from
``last/`` mid-epoch. Logs never contain report text.
"""

from __future__ import annotations

from pipeline.pretraining import process_shard
from pipeline.store import StageContext, StageReport, run_sharded

STAGE = "pretrain"


def run(ctx: StageContext) -> StageReport:
    """Train on the whole de-identified dataset (one global shard; items = the study ids)."""
    store = ctx.store
    studies: set[str] = set()
    for name in ("images", "reports"):
        if store.has_table(name):
            studies.update(s for s in store.read_table(name, columns=["study_id"]).column("study_id").to_pylist() if s)
    items = sorted(studies)
    return run_sharded(
        ctx,
        STAGE,
        inputs=["images", "image_filter", "reports", "labels"],
        outputs=[],
        items=items,
        process=process_shard,
        config_section=ctx.cfg.pretrain,
        shard_size=max(1, len(items)),
        job_context={"progress": ctx.progress},
    )

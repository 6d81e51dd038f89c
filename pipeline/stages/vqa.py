"""vqa: structured reports -> question-answer pairs, yes/no balanced per question type and wording.

One shard: balancing needs every study's candidates at once (a few small rows per study, so this
fits in memory at hospital scale). Counts per question type and answer go to the manifest.
"""

from __future__ import annotations

from collections import Counter

from pydantic import ValidationError

from pipeline.store import Reject, ShardJob, ShardOutput, StageContext, StageFailed, StageReport, run_sharded
from pipeline.vlm.prompt_files import PromptError
from pipeline.vlm.vqa import QAPair, balance, candidates, load_question_bank

STAGE = "vqa"
COLUMNS = ["study_id", "patient_pseudo_id", "title", "observations", "conclusion", "findings", "consistent"]


def run(ctx: StageContext) -> StageReport:
    cfg = ctx.cfg.vqa
    try:
        bank = load_question_bank(cfg.questions)
    except PromptError as err:
        raise StageFailed(f"vqa: {err}") from None
    if not ctx.store.has_table("structured_reports"):
        raise StageFailed("vqa needs the `structured_reports` table: run the structure-reports stage first")
    return run_sharded(ctx, STAGE, inputs=("structured_reports",), outputs=("vqa",), items=["all"],
                       process=process_all, config_section=cfg, external_fingerprint=bank.model_dump_json())


def process_all(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.vqa
    bank = load_question_bank(cfg.questions)
    reports = job.store.read_table("structured_reports", columns=COLUMNS).to_pylist()
    stats: Counter[str] = Counter()
    pairs = []
    for report in sorted(reports, key=lambda r: r["study_id"]):
        if not report["consistent"] and not cfg.include_inconsistent:
            stats["studies_skipped_inconsistent"] += 1
            continue
        stats["studies"] += 1
        pairs.extend(candidates(report, bank, job.seed))
    balanced, dropped = balance(pairs, job.seed)
    kept, rejects = [], []
    for pair in balanced:
        try:
            kept.append(QAPair.model_validate(pair).model_dump())
        except ValidationError as err:
            first = err.errors()[0]
            rejects.append(Reject(pair["qa_id"], f"Q&A pair fails the schema at {first['loc'][0]}", first["msg"]))
    for pair in kept:
        stats[f"{pair['question_type']}.{pair['answer_kind']}"] += 1
        stats[f"answers.{pair['answer_kind']}"] += 1
    for qtype, n in dropped.items():
        stats[f"{qtype}.dropped_for_balance"] += n
    return ShardOutput(tables={"vqa": kept}, rejects=rejects, stats=dict(stats))

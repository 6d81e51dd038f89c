"""structure-reports: pseudonymised reports -> structured reports (title, observations, conclusion, findings).

Per study: the report goes to the configured LLM backend with the French prompt, output constrained
to the JSON schema where the backend can (vLLM guided_json, OpenAI structured outputs, transformers +
lm-format-enforcer) and validated with pydantic always; an invalid output is retried with a new
seed, then the study is rejected with the reason. Valid ones pass the guards (prior studies, dates,
clinical context and PHI removed and counted) and are checked against the study's kept pseudo-label
votes; a disagreement is flagged (`consistent` false) and counted per task, never silently kept.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter

from pipeline import llm
from pipeline.configs.structure_reports import StructureReportsConfig
from pipeline.labeling.tasks import Task, TaskError, load_tasks
from pipeline.llm import BackendConfigError, ChatRequest, JsonSchema, SamplingSpec
from pipeline.store import Reject, ShardJob, ShardOutput, StageContext, StageFailed, StageReport, run_sharded
from pipeline.vlm.data import kept_votes, study_items, study_texts
from pipeline.vlm.guards import apply_guards, check_consistency
from pipeline.vlm.offline_structurer import structure_report
from pipeline.vlm.prompt_files import PromptError, load_structure_prompt
from pipeline.vlm.schema import json_schema, parse_report, render_text

log = logging.getLogger("pipeline")

STAGE = "structure-reports"
_SINGLE_PROCESS = ("transformers", "vllm")


def run(ctx: StageContext) -> StageReport:
    cfg = ctx.cfg.structure_reports
    try:
        prompt = load_structure_prompt(cfg.prompt)
        tasks = load_tasks(cfg.tasks)
        llm.check_backend_config(cfg, "structure_reports")
    except (PromptError, TaskError, BackendConfigError) as err:
        raise StageFailed(f"structure-reports: {err}") from None
    for name in ("reports", "label_votes"):
        if not ctx.store.has_table(name):
            raise StageFailed(f"structure-reports needs the `{name}` table: run pseudonymize and pseudo-label first")
    items, orphans = study_items(ctx.store)
    stage_ctx = dataclasses.replace(ctx, workers=1) if cfg.backend in _SINGLE_PROCESS else ctx
    report = run_sharded(
        stage_ctx, STAGE, inputs=("reports", "label_votes"), outputs=("structured_reports",), items=items,
        process=process_shard, config_section=cfg, shard_size=cfg.shard_size,
        external_fingerprint=f"{prompt.prompt_hash}:" + ";".join(f"{t.name}:{t.rules_hash}" for t in tasks),
    )
    report.stats["reports_without_study"] = orphans
    return report


def sampling(cfg: StructureReportsConfig, seed: int) -> SamplingSpec:
    return SamplingSpec(k=1, temperature=cfg.temperature, top_p=cfg.top_p, max_new_tokens=cfg.max_new_tokens,
                        seed=seed, restrict=cfg.guided)


def requests_for(studies: list[tuple[str, str]], attempt: int, prompt_messages: dict[str, tuple],
                 texts: dict[str, str], constraint: JsonSchema, tasks: list[Task],
                 max_observations: int = 12) -> list[ChatRequest]:
    """One request per study; the attempt number is part of the purpose, so a retry draws a new sample."""
    return [ChatRequest(key=study, messages=prompt_messages[study], constraint=constraint,
                        purpose=f"structure_report#{attempt}", source=texts[study],
                        offline=lambda text: structure_report(text, tasks, max_observations))
            for study, _ in studies]


def process_shard(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.structure_reports
    prompt = load_structure_prompt(cfg.prompt)
    tasks = load_tasks(cfg.tasks)
    by_name = {t.name: t for t in tasks}
    names = tuple(t.name for t in tasks)
    bounds = (cfg.max_observations, cfg.sentence_chars)
    schema = json_schema(names, *bounds)
    constraint = JsonSchema.of(schema, "structured_report")
    backend = llm.build_backend(cfg, job.seed, section="structure_reports")
    spec = sampling(cfg, job.seed)
    studies = {study for study, _ in job.items}
    texts = study_texts(job.store, studies)
    votes = kept_votes(job.store, studies)
    out = ShardOutput(tables={"structured_reports": []})
    stats: Counter[str] = Counter()
    todo: list[tuple[str, str]] = []
    for study, patient in job.items:
        text = texts.get(study, "")
        if not text.strip():
            out.rejects.append(Reject(study, "report text is empty"))
            continue
        if len(text) > cfg.max_report_chars:
            stats["reports_truncated"] += 1
            texts[study] = text[: cfg.max_report_chars]
        todo.append((study, patient))
    messages = {study: prompt.messages(texts[study], names, schema) for study, _ in todo}
    errors: dict[str, str] = {}
    valid: dict[str, tuple[dict, int, int]] = {}
    tokens: Counter[str] = Counter()
    pending = todo
    for attempt in range(cfg.max_attempts):
        if not pending:
            break
        if attempt:
            stats["retries"] += len(pending)
        still: list[tuple[str, str]] = []
        for start in range(0, len(pending), cfg.batch_size):
            chunk = pending[start : start + cfg.batch_size]
            requests = requests_for(chunk, attempt, messages, texts, constraint, tasks, cfg.max_observations)
            results = backend.chat(requests, spec)
            for (study, patient), result in zip(chunk, results):
                if isinstance(result, Exception):
                    errors[study] = f"backend failed: {type(result).__name__}: {result}"
                    still.append((study, patient))
                    continue
                tokens[study] += result.tokens
                data, why = parse_report(result.texts[0] if result.texts else None, names, *bounds)
                if data is None:
                    errors[study] = why
                    still.append((study, patient))
                    stats["invalid_outputs"] += 1
                else:
                    valid[study] = (data, attempt + 1, tokens[study])
        pending = still
    for study, _ in pending:
        out.rejects.append(Reject(study, f"no valid structured report after {cfg.max_attempts} attempts",
                                  errors.get(study, "")))
    for study, patient in todo:
        if study not in valid:
            continue
        data, attempts, n_tokens = valid[study]
        guarded = apply_guards(data)
        stats["prior_sentences_removed"] += guarded.prior_removed
        stats["phi_spans_removed"] += guarded.phi_spans
        for tag in guarded.phi_tags:
            stats[f"phi.{tag}"] += 1
        if guarded.empty:
            out.rejects.append(Reject(study, f"structured report has no {guarded.empty} left after the guards"))
            continue
        report = guarded.report
        text = render_text(report)
        checked, disagree = check_consistency(report, text, votes.get(study, {}), by_name)
        stats["valid"] += 1
        stats["flagged_inconsistent"] += int(bool(disagree))
        stats["unchecked"] += int(not checked)
        for name in disagree:
            stats[f"inconsistent.{name}"] += 1
        stats["generated_tokens"] += n_tokens
        out.tables["structured_reports"].append({
            "study_id": study,
            "patient_pseudo_id": patient,
            "title": report["title"],
            "observations": report["observations"],
            "conclusion": report["conclusion"],
            "findings": [{"task": k, "status": v} for k, v in report["findings"].items()],
            "text": text,
            "consistent": not disagree,
            "checked_tasks": checked,
            "inconsistent_tasks": disagree,
            "prior_sentences_removed": guarded.prior_removed,
            "phi_spans_removed": guarded.phi_spans,
            "attempts": attempts,
            "generated_tokens": n_tokens,
            "backend": backend.name,
            "model": backend.model,
            "prompt_hash": prompt.prompt_hash,
        })
    out.stats = dict(stats)
    return out

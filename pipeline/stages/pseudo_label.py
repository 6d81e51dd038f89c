"""pseudo-label: pseudonymised reports -> label_votes (every study, every task) -> labels (split by patient).

Two passes, like ingest: `pseudo-label` labels each (study, task) item in shards (k samples, vote,
keep the unanimous ones by default) and `pseudo-label.split` (one shard) keeps one labelled study per
patient and assigns each patient to train/val/test. The pretrain stage reads `labels` to hold the
val/test studies out of pretraining; evaluate reads the test split.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter, defaultdict

from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.labeling.backends import (
    BackendConfigError,
    ReportInput,
    build_backend,
    check_backend_config,
    sampling_spec,
)
from pipeline.labeling.split import choose_study_per_patient, split_patients, study_items
from pipeline.labeling.tasks import Task, TaskError, load_tasks
from pipeline.labeling.voting import vote
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageFailed,
    StageReport,
    read_where,
    run_sharded,
)

log = logging.getLogger("pipeline")

STAGE = "pseudo-label"
SPLIT_STAGE = "pseudo-label.split"
#: Backends that hold a model in memory: one process, the engine batches internally.
_SINGLE_PROCESS = ("transformers", "vllm")


def primary_task(cfg: PseudoLabelConfig, tasks: list[Task]) -> str:
    name = cfg.primary_task or tasks[0].name
    if name not in {t.name for t in tasks}:
        raise StageFailed(f"pseudo_label.primary_task {name!r} is not one of the configured tasks")
    return name


def list_items(ctx: StageContext, tasks: list[Task]) -> tuple[list[tuple[str, str, str]], int]:
    """(study_id, patient_pseudo_id, task) for every study with a report, and the reports without a study."""
    pairs, orphans = study_items(ctx.store)
    studies = dict(pairs)
    items = [(study, studies[study], t.name) for study in sorted(studies) for t in tasks]
    return items, orphans


def run(ctx: StageContext) -> StageReport:
    cfg = ctx.cfg.pseudo_label
    try:
        tasks = load_tasks(cfg.tasks)
        check_backend_config(cfg)
    except (TaskError, BackendConfigError) as err:
        raise StageFailed(f"pseudo-label: {err}") from None
    main_task = primary_task(cfg, tasks)
    if cfg.backend == "rules":
        no_rules = [t.name for t in tasks if t.rules is None]
        if no_rules:
            raise StageFailed(f"pseudo-label: tasks {no_rules} have no 'rules' section; use an LLM backend for them")
    if not ctx.store.has_table("reports"):
        raise StageFailed("pseudo-label needs the `reports` table: run the pseudonymize stage first")
    items, orphans = list_items(ctx, tasks)
    label_ctx = dataclasses.replace(ctx, workers=1) if cfg.backend in _SINGLE_PROCESS else ctx
    report = run_sharded(
        label_ctx,
        STAGE,
        inputs=("reports",),
        outputs=("label_votes",),
        items=items,
        process=process_shard,
        config_section=cfg.model_copy(update={"test_size": 0, "val_size": 0}),
        shard_size=cfg.shard_size,
        external_fingerprint=";".join(f"{t.name}:{t.prompt_hash}:{t.rules_hash}" for t in tasks),
    )
    report.stats["reports_without_study"] = orphans
    if report.status == "partial":  # other array tasks still label: the split waits for every shard
        return report
    split = run_sharded(
        ctx,
        SPLIT_STAGE,
        inputs=("label_votes",),
        outputs=("labels",),
        items=["split"],
        process=build_labels,
        config_section={"primary_task": main_task, "test_size": cfg.test_size, "val_size": cfg.val_size},
        job_context={"primary_task": main_task},
    )
    report.rows_out["labels"] = split.rows_out.get("labels", 0)
    if split.status == "done":
        report.status = "done"  # the split was redone (e.g. new sizes) even if the labels were not
    report.stats.update({k: v for k, v in split.stats.items()})
    return report


def _read_texts(job: ShardJob, studies: set[str]) -> dict[str, str]:
    """Report text per study (several reports of one study joined in report order), this shard only."""
    rows = read_where(job.store, "reports", "study_id", sorted(studies), ["study_id", "report_id", "text"])
    parts: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        parts[row["study_id"]].append((row["report_id"] or "", row["text"] or ""))
    return {study: "\n\n".join(t for _, t in sorted(v) if t.strip()) for study, v in parts.items()}


def process_shard(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.pseudo_label
    tasks = {t.name: t for t in load_tasks(cfg.tasks)}
    backend = build_backend(cfg, job.seed)
    sampling = sampling_spec(cfg, job.seed)
    texts = _read_texts(job, {study for study, _, _ in job.items})
    out = ShardOutput(tables={"label_votes": []})
    stats: Counter[str] = Counter()
    by_task: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for study, patient, task_name in job.items:
        text = texts.get(study, "")
        if not text.strip():
            out.rejects.append(Reject(f"{study}/{task_name}", "report text is empty"))
            continue
        by_task[task_name].append((study, patient))
    for task_name, entries in by_task.items():
        task = tasks[task_name]
        prompt_hash = backend.prompt_hash(task)
        for start in range(0, len(entries), cfg.batch_size):
            chunk = entries[start : start + cfg.batch_size]
            inputs = []
            for study, _ in chunk:
                text = texts[study]
                if len(text) > cfg.max_report_chars:
                    stats["reports_truncated"] += 1
                    text = text[: cfg.max_report_chars]
                inputs.append(ReportInput(key=study, text=text))
            results = backend.sample(task, inputs, sampling)
            for (study, patient), samples in zip(chunk, results):
                if samples.error is not None:
                    out.rejects.append(Reject(f"{study}/{task_name}", "labeling backend failed on this report",
                                              samples.error))
                    continue
                v = vote(samples.votes, task.answers, cfg.min_agreement)
                stats[f"{task_name}.labelled"] += 1
                stats[f"{task_name}.kept"] += int(v.kept)
                if v.kept and v.label is not None:
                    stats[f"{task_name}.kept.{v.label}"] += 1
                stats["abstentions"] += v.n_abstain
                stats["malformed_answers"] += samples.malformed
                stats["generated_tokens"] += samples.generated_tokens
                out.tables["label_votes"].append({
                    "study_id": study,
                    "patient_pseudo_id": patient,
                    "task": task_name,
                    "label": v.label,
                    "votes": v.votes,
                    "agreement": v.agreement,
                    "n_abstain": v.n_abstain,
                    "kept": v.kept,
                    "backend": backend.name,
                    "model": backend.model,
                    "prompt_hash": prompt_hash,
                })
    out.stats = dict(stats)
    return out


def build_labels(job: ShardJob) -> ShardOutput:
    """One kept study per patient (for the primary task), every task's row of it, and the patient's split."""
    cfg = job.cfg.pseudo_label
    main_task = job.context["primary_task"]
    rows = job.store.read_table("label_votes").to_pylist()
    candidates = [(r["patient_pseudo_id"], r["study_id"]) for r in rows if r["task"] == main_task and r["kept"]]
    chosen = choose_study_per_patient(candidates, job.seed)
    splits = split_patients(chosen, job.seed, cfg.test_size, cfg.val_size)
    chosen_studies = {study: patient for patient, study in chosen.items()}
    labels = []
    for r in sorted(rows, key=lambda r: (r["study_id"], r["task"])):
        patient = chosen_studies.get(r["study_id"])
        if patient is None:
            continue
        labels.append({**r, "split": splits[patient]})
    stats: dict[str, int | float] = {}
    labelled: Counter[str] = Counter(r["task"] for r in rows)
    kept: Counter[str] = Counter(r["task"] for r in rows if r["kept"])
    for task, n in sorted(labelled.items()):
        stats[f"coverage.{task}"] = round(kept[task] / n, 4) if n else 0.0
    split_counts = Counter(splits.values())
    for name in ("train", "val", "test"):
        stats[f"patients.{name}"] = split_counts.get(name, 0)
        for value, n in Counter(r["label"] for r in labels if r["task"] == main_task and r["split"] == name).items():
            stats[f"{name}.{main_task}.{value}"] = n
    stats["patients_with_kept_label"] = len(chosen)
    stats["patients"] = len({r["patient_pseudo_id"] for r in rows})
    if split_counts.get("test", 0) < cfg.test_size or split_counts.get("val", 0) < cfg.val_size:
        log.warning("pseudo-label: only %d patients with a kept label; test/val smaller than configured",
                    len(chosen))
    return ShardOutput(tables={"labels": labels}, stats=stats)

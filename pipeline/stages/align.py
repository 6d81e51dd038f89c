"""align: pair each radiology report with its study, by patient and original date.

Rules (the reference pipeline's): a report and a study of the same patient on
the same day are a pair; when a day holds several studies and as many
reports, they pair in chronological order (study time vs report time); when
the counts differ the day is ambiguous and dropped, and counted. An accession
number given by the report manifest, when it matches a study, pairs first.
Only radiology reports take part (type from the manifest, else the title).

Every report is an item: it ends up in `pairs` or in rejects with the reason,
so the manifest accounts for each one; unpaired studies are counted in stats.
One global shard: pairing needs all of a patient's studies and reports.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.configs.align import AlignConfig
from pipeline.store import Reject, ShardJob, ShardOutput, StageContext, StageFailed, StageReport, run_sharded

STAGE = "align"

REASON_NOT_RADIOLOGY = "not a radiology report"
REASON_NO_DATE = "report without a date"
REASON_NO_STUDY = "no study of the patient on the report's day"
REASON_AMBIGUOUS = "ambiguous day (study and report counts differ)"
REASON_ORDER = "ambiguous day (a report predates its study)"


@dataclass(frozen=True)
class Study:
    study_id: str
    patient: str
    when: str  # ISO datetime, original (not shifted)
    accession: str


@dataclass(frozen=True)
class Report:
    report_id: str
    patient: str
    when: str
    report_type: str
    accession: str
    title: str


def run(ctx: StageContext) -> StageReport:
    store = ctx.store
    for table in ("studies", "report_text"):
        if not store.has_table(table):
            raise StageFailed(f"align needs the {table} table: run ingest and extract-reports first")
    ids = sorted(store.read_table("report_text", columns=["report_id"]).column("report_id").to_pylist())
    return run_sharded(
        ctx,
        STAGE,
        inputs=("studies", "report_text", "raw_reports"),
        outputs=("pairs",),
        items=ids,
        process=process_shard,
        config_section=ctx.cfg.align,
        shard_size=max(1, len(ids)),
    )


def is_radiology(report: Report, cfg: AlignConfig) -> bool:
    kind = report.report_type.strip().casefold()
    if kind:
        return kind in {t.casefold() for t in cfg.radiology_types}
    return re.search(cfg.radiology_title_regex, report.title, re.IGNORECASE) is not None


def _load(job: ShardJob) -> tuple[list[Study], list[Report]]:
    store = job.store
    studies = [
        Study(r["study_id"], r["patient_pseudo_id"], r["study_datetime"] or "", r["accession_number"] or "")
        for r in store.read_table("studies", columns=["study_id", "patient_pseudo_id", "study_datetime",
                                                      "accession_number"]).to_pylist()
    ]
    accessions = {
        r["report_id"]: r["accession_number"] or ""
        for r in store.read_table("raw_reports", columns=["report_id", "accession_number"]).to_pylist()
    }
    wanted = set(job.items)
    reports = []
    columns = ["report_id", "patient_pseudo_id", "report_datetime", "report_type", "text"]
    for batch in store.iter_batches("report_text", columns=columns, batch_size=4096):  # texts: keep titles only
        for r in batch.to_pylist():
            if r["report_id"] in wanted:
                title = (r["text"] or "").split("\n", 1)[0][:200]
                reports.append(Report(r["report_id"], r["patient_pseudo_id"], r["report_datetime"] or "",
                                      r["report_type"] or "", accessions.get(r["report_id"], ""), title))
    return studies, reports


def pair(studies: list[Study], reports: list[Report], cfg: AlignConfig) -> tuple[list[dict], list[Reject], dict]:
    """The pairing itself, on plain records (tested directly)."""
    pairs: list[dict] = []
    rejects: list[Reject] = []
    stats = {"paired": 0, "paired_by_accession": 0, "paired_same_day_order": 0, "ambiguous_days": 0,
             "ambiguous_reports": 0, "ambiguous_studies": 0, "unpaired_studies": 0, "unpaired_reports": 0,
             "non_radiology_reports": 0, "reports_without_date": 0, "studies_without_date": 0}
    radiology = []
    for rep in sorted(reports, key=lambda r: r.report_id):
        if not is_radiology(rep, cfg):
            rejects.append(Reject(rep.report_id, REASON_NOT_RADIOLOGY))
            stats["non_radiology_reports"] += 1
        elif len(rep.when) < 10:
            rejects.append(Reject(rep.report_id, REASON_NO_DATE))
            stats["reports_without_date"] += 1
        else:
            radiology.append(rep)

    def add(rep: Report, study: Study, match: str) -> None:
        pairs.append({"report_id": rep.report_id, "study_id": study.study_id, "patient_pseudo_id": rep.patient,
                      "match": match})
        stats["paired"] += 1

    used: set[str] = set()
    if cfg.use_accession:
        by_acc = {(s.patient, s.accession): s for s in studies if s.accession}
        rest = []
        for rep in radiology:
            study = by_acc.get((rep.patient, rep.accession)) if rep.accession else None
            if study is not None and study.study_id not in used:
                used.add(study.study_id)
                add(rep, study, "accession")
                stats["paired_by_accession"] += 1
            else:
                rest.append(rep)
        radiology = rest

    days_s: dict[tuple[str, str], list[Study]] = defaultdict(list)
    for s in studies:
        if s.study_id in used:
            continue
        if len(s.when) < 10:
            stats["studies_without_date"] += 1
            stats["unpaired_studies"] += 1
            continue
        days_s[(s.patient, s.when[:10])].append(s)
    days_r: dict[tuple[str, str], list[Report]] = defaultdict(list)
    for rep in radiology:
        days_r[(rep.patient, rep.when[:10])].append(rep)

    for day in sorted(set(days_s) | set(days_r)):
        ss = sorted(days_s.get(day, []), key=lambda s: (s.when, s.study_id))
        rr = sorted(days_r.get(day, []), key=lambda r: (r.when, r.report_id))
        if not rr:
            stats["unpaired_studies"] += len(ss)
            continue
        if not ss:
            for rep in rr:
                rejects.append(Reject(rep.report_id, REASON_NO_STUDY))
            stats["unpaired_reports"] += len(rr)
            continue
        reason = None
        if len(ss) != len(rr):
            reason = REASON_AMBIGUOUS
        elif cfg.check_order and len(ss) > 1 and any(r.when < s.when for s, r in zip(ss, rr)):
            reason = REASON_ORDER
        if reason:
            stats["ambiguous_days"] += 1
            stats["ambiguous_reports"] += len(rr)
            stats["ambiguous_studies"] += len(ss)
            rejects.extend(Reject(rep.report_id, reason) for rep in rr)
            continue
        for s, rep in zip(ss, rr):
            add(rep, s, "date" if len(ss) == 1 else "date-order")
            if len(ss) > 1:
                stats["paired_same_day_order"] += 1
    return pairs, rejects, stats


def process_shard(job: ShardJob) -> ShardOutput:
    studies, reports = _load(job)
    pairs, rejects, stats = pair(studies, reports, job.cfg.align)
    return ShardOutput(tables={"pairs": pairs}, rejects=rejects, stats=stats)

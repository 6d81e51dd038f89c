"""pseudonymize: report text + patient identity (vault) -> de-identified `reports` (out) and date shifts (vault).

deduce_fr finds the PHI (using the patient's names, birth date and ids from
`patients`) and replaces it with surrogates that are consistent per patient:
the surrogate key is the patient's pseudo-id, and the seed mixes the run seed
with the vault's secret id key, so whoever holds out/ alone cannot recompute
the date offsets. Offsets go to vault/date_shift only.

Items are the paired reports, sorted by (patient, report) so a patient's
reports usually share a shard; each report ends up in `reports` or in
rejects. The date_shift row of a patient is written by the shard holding the
patient's first report, so the table has one row per patient. A patient's
offset is the first of a deterministic sequence that moves none of the
patient's real dates (birth, studies, reports, dates in any of the patient's
reports) onto another real one, and no name or place surrogate reuses a word
of the patient's real names, doctors, places or institutions (gathered over
all of the patient's reports): every shard computes the same choices.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from deduce_fr import Deidentifier, Patient
from deduce_fr.deidentifier import BATCH_SIZE
from deduce_fr.types import Document
from pipeline.ids import load_or_create_key
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageFailed,
    StageReport,
    Store,
    read_where,
    run_sharded,
)

STAGE = "pseudonymize"
INPUTS = ("report_text", "patients", "studies", "pairs")
OUTPUTS = ("reports", "date_shift")

REASON_NO_TEXT = "report text missing (not extracted)"
REASON_EMPTY = "report text empty"
REASON_TOO_LONG = "report text longer than pseudonymize.max_chars"
REASON_FAILED = "de-identification failed"


@dataclass(frozen=True)
class Item:
    """One paired report; `first` marks the patient's first report (it writes the date_shift row)."""

    patient_pseudo_id: str
    report_id: str
    study_id: str
    first: bool


def run(ctx: StageContext) -> StageReport:
    store = ctx.store
    for table in INPUTS:
        if not store.has_table(table):
            raise StageFailed(f"pseudonymize needs the {table} table: run ingest, extract-reports and align first")
    pairs = store.read_table("pairs", columns=["report_id", "study_id", "patient_pseudo_id"]).to_pylist()
    rows = sorted({(p["patient_pseudo_id"] or "", p["report_id"], p["study_id"] or "") for p in pairs})
    items, previous = [], None
    for patient, report_id, study_id in rows:
        items.append(Item(patient, report_id, study_id, patient != previous))
        previous = patient
    return run_sharded(
        ctx,
        STAGE,
        inputs=INPUTS,
        outputs=OUTPUTS,
        items=items,
        process=process_shard,
        config_section=ctx.cfg.pseudonymize,
        job_context={"real_days": _real_days(store)},
    )


def _real_days(store: Store) -> list[str]:
    """Every exam, report and birth day of the hospital (vault columns, no text): offsets are chosen
    so shifted dates avoid them where possible. A small hospital leaves room; a large one has a real
    date every day and the rule then simply keeps the key's last candidate."""
    days: set[str] = set()
    for table, column in (("studies", "study_datetime"), ("report_text", "report_datetime"),
                          ("patients", "birth_date")):
        for value in store.read_table(table, columns=[column]).column(column).to_pylist():
            day = _day(value)
            if day:
                days.add(day.isoformat())
    return sorted(days)


def _read_where(job: ShardJob, table: str, column: str, values: list[str], columns: list[str]) -> list[dict]:
    return read_where(job.store, table, column, values, columns)  # only the row groups holding the shard's ids


def surrogate_seed(job: ShardJob) -> str:
    """Run seed + secret vault key: surrogates and offsets are unguessable from out/ alone."""
    key = load_or_create_key(job.store.vault_dir)
    return hashlib.sha256(key + f"pseudonymize:{job.seed}".encode()).hexdigest()


def _day(value: str | None) -> dt.date | None:
    """Calendar day of an ISO date/datetime string from the vault, None when absent or odd."""
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _patient(row: dict[str, Any] | None) -> Patient | None:
    if row is None:
        return None
    ids = [i for i in [row.get("original_patient_id"), *(row.get("other_ids") or [])] if i]
    return Patient(first_names=list(row.get("first_names") or []), surname=row.get("surname"),
                   birth_date=row.get("birth_date"), ids=ids, sex=row.get("sex"))


def _analyse(deid: Deidentifier, rows: list[dict[str, Any]], people: dict[str, Patient | None], max_chars: int
             ) -> tuple[dict[str, Document], dict[str, str]]:
    """Every usable report of the shard's patients analysed once: {report_id: Document}, {report_id: error type}.

    Why once: the date offset and the surrogates' avoided words of a patient come from the PHI of all their
    reports, and each report's output from its own PHI; both read the same analysis (one pass instead of two).
    Why in blocks (``annotate_batch``): annotator-major order runs about a third faster than one report at a
    time, with the same spans. A report that breaks an annotator breaks its block: the block is then analysed
    report by report, so that only that report is rejected."""
    todo = [r for r in rows if r["text"] and len(r["text"]) <= max_chars]
    docs: dict[str, Document] = {}
    failed: dict[str, str] = {}
    for b in range(0, len(todo), BATCH_SIZE):
        block = todo[b : b + BATCH_SIZE]
        try:
            found = deid.annotate_batch([r["text"] for r in block], [people.get(r["patient_pseudo_id"]) for r in block])
            docs.update((r["report_id"], doc) for r, doc in zip(block, found))
            continue
        except Exception:  # noqa: BLE001 - find the report that broke the block, below
            pass
        for row in block:
            try:
                docs[row["report_id"]] = deid.annotate(row["text"], people.get(row["patient_pseudo_id"]))
            except Exception as err:  # noqa: BLE001 - one bad report must not stop the run; detail stays in vault
                failed[row["report_id"]] = type(err).__name__
    return docs, failed


def process_shard(job: ShardJob) -> ShardOutput:
    cfg = job.cfg.pseudonymize
    items: list[Item] = job.items
    out = ShardOutput(tables={name: [] for name in OUTPUTS})
    deid = Deidentifier(config=cfg.deduce_config, seed=surrogate_seed(job))
    # every report of the shard's patients (not only the shard's): the date offset of a patient is
    # chosen so that no shifted date lands on one of the patient's real dates, whichever shard runs
    keys = sorted({i.patient_pseudo_id for i in items})
    all_texts = _read_where(job, "report_text", "patient_pseudo_id", keys,
                            ["report_id", "patient_pseudo_id", "report_datetime", "text"])
    study_days = _read_where(job, "studies", "patient_pseudo_id", keys, ["patient_pseudo_id", "study_datetime"])
    texts = {r["report_id"]: r["text"] for r in all_texts}
    patients = {r["patient_pseudo_id"]: r for r in _read_where(
        job, "patients", "patient_pseudo_id", sorted({i.patient_pseudo_id for i in items}),
        ["patient_pseudo_id", "original_patient_id", "first_names", "surname", "birth_date", "sex", "other_ids"])}
    landing = {dt.date.fromisoformat(d) for d in job.context.get("real_days", [])}
    people = {key: _patient(patients.get(key)) for key in keys}
    docs, failed = _analyse(deid, all_texts, people, cfg.max_chars)
    shifts: dict[str, int] = {}
    avoid_words: dict[str, frozenset[str]] = {}
    for key in keys:
        patient = people[key]
        real: set[dt.date] = {d for d in [patient.birth() if patient else None] if d}
        real |= {d for r in study_days if r["patient_pseudo_id"] == key for d in [_day(r["study_datetime"])] if d}
        words: set[str] = set()
        for row in all_texts:
            if row["patient_pseudo_id"] == key:
                real |= {d for d in [_day(row["report_datetime"])] if d}
                if row["report_id"] in docs:
                    dates, found = deid.profile_document(docs[row["report_id"]])
                    real |= dates
                    words |= found
        shifts[key] = deid.date_shift(key, avoid=real, landing=landing)
        avoid_words[key] = frozenset(words)
    stats = {"spans": 0, "patients_without_identity": 0}
    for item in items:
        key = item.patient_pseudo_id
        if item.first:
            out.tables["date_shift"].append({"patient_pseudo_id": key, "offset_days": shifts[key]})
            stats["patients_without_identity"] += key not in patients
        text = texts.get(item.report_id)
        if text is None:
            out.rejects.append(Reject(item.report_id, REASON_NO_TEXT))
            continue
        if len(text.strip()) < max(cfg.min_chars, 1):
            out.rejects.append(Reject(item.report_id, REASON_EMPTY))
            continue
        if len(text) > cfg.max_chars:
            out.rejects.append(Reject(item.report_id, REASON_TOO_LONG, f"{len(text)} characters"))
            continue
        if item.report_id in failed:
            out.rejects.append(Reject(item.report_id, REASON_FAILED, failed[item.report_id]))
            continue
        try:
            doc = docs[item.report_id]
            if cfg.mode == "redact":
                result = deid.redact_document(doc)
            else:
                result = deid.pseudonymize_document(doc, key=key, date_shift=shifts[key], avoid_words=avoid_words[key])
            new_text = result.text
            spans = [{"start": s.start_char, "end": s.end_char, "tag": s.tag} for s in result.spans]
        except Exception as err:  # noqa: BLE001 - one bad report must not stop the run; detail stays in vault
            out.rejects.append(Reject(item.report_id, REASON_FAILED, f"{type(err).__name__}"))
            continue
        stats["spans"] += len(spans)
        out.tables["reports"].append({"report_id": item.report_id, "study_id": item.study_id or None,
                                      "patient_pseudo_id": key, "text": new_text, "spans": spans})
    out.stats = stats
    return out

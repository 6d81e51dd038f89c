"""extract-reports: report PDFs -> body text without the hospital's letterhead.

Two steps. `auto` mode first learns the letterhead over the hospital's reports
(a pass over every PDF's line positions, in parallel, up to `learn_sample`
reports), stores it in the vault (header lines hold addresses) and reuses it
while the inputs and settings stay the same. Then the sharded extraction
applies it: pdfminer layout, boilerplate lines dropped, paragraphs rebuilt.
Encrypted, corrupt, empty and scanned PDFs go to rejects with the reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
from collections import Counter
from pathlib import Path

from pipeline.configs.extract_reports import ExtractReportsConfig
from pipeline.isolation import ItemFailed, close_shared_workers, shared_worker
from pipeline.reports import (
    DocSignature,
    PdfProblem,
    Template,
    assemble,
    learn_template,
    read_layout,
    signature,
)
from pipeline.reports.text import report_words
from pipeline.store import (
    VAULT_FILE_MODE,
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageFailed,
    StageReport,
    Store,
    atomic_write_bytes,
    read_rows,
    run_sharded,
    table_rows,
    worker_pool,
)

log = logging.getLogger("pipeline")

STAGE = "extract-reports"
OUTPUTS = ("report_text",)
TEMPLATE_FILE = "template.json"
WORDS_FILE = "corpus_words.json"
META_COLUMNS = ("report_id", "patient_pseudo_id", "report_datetime", "report_type")


def run(ctx: StageContext) -> StageReport:
    store = ctx.store
    if not store.has_table("raw_reports"):
        raise StageFailed("extract-reports needs the raw_reports table: run the ingest stage first")
    cfg = ctx.cfg.extract_reports
    items = table_rows(store, "raw_reports", "report_id")
    template, words = Template(), []
    if cfg.header_footer == "auto" and cfg.template_file is not None:
        template = reviewed_template(cfg.template_file)
    elif cfg.header_footer == "auto":
        template, words = learned_template(ctx, items)
    template_json = template.to_json()
    fingerprint = hashlib.sha256(template_json.encode() + "\n".join(words).encode()).hexdigest()[:32]
    report = run_sharded(
        ctx,
        STAGE,
        inputs=("raw_reports",),
        outputs=OUTPUTS,
        items=items,
        process=process_shard,
        config_section=cfg,
        external_fingerprint=fingerprint,
        job_context={"template": template_json, "words": words},
    )
    close_shared_workers()  # no child outlives the stage
    report.stats["template_reports"] = template.n_reports
    report.stats["template_lines"] = template.n_learned
    report.stats["template_clusters"] = len(template.clusters)
    report.stats["corpus_words"] = len(words)
    return report


# ---- learning -------------------------------------------------------------------------------------------

def _learn_key(ctx: StageContext, sample: list[tuple[str, int, str]]) -> str:
    cfg = ctx.cfg.extract_reports
    data = {
        "inputs": ctx.store.producer_fingerprint("raw_reports"),
        "sample": hashlib.sha256(repr(sample).encode()).hexdigest(),
        "settings": [cfg.position_tolerance_mm, cfg.min_share, cfg.min_reports, cfg.contested_ratio,
                     cfg.header_zone_mm, cfg.footer_zone_mm, cfg.max_pages, cfg.max_inflated_mb, 2],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]


def reviewed_template(path: Path) -> Template:
    """A template file given in config: the vault file as written (with its key) or its `template` part."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Template.from_json(json.dumps(data.get("template", data)))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StageFailed(f"extract_reports.template_file {path}: not a template file ({type(err).__name__})") from None


def template_path(store: Store) -> Path:
    return store.artifact_dir("report_template", location="vault") / TEMPLATE_FILE


def learned_template(ctx: StageContext, items: list[tuple[str, int, str]]) -> tuple[Template, list[str]]:
    """Learn (or reuse) the letterhead and the corpus words over the hospital's reports; stored in the vault.

    The template file is meant for review (clusters, lines, shares); the words (printed whole in at least
    two reports) go to a second file, as they are report text.
    """
    cfg = ctx.cfg.extract_reports
    sample = items
    if len(items) > cfg.learn_sample:
        rng = random.Random(ctx.cfg.run.seed)
        sample = sorted(rng.sample(items, cfg.learn_sample))
    key = _learn_key(ctx, sample)
    path = template_path(ctx.store)
    words_path = path.with_name(WORDS_FILE)
    if path.exists() and words_path.exists():
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored_words = json.loads(words_path.read_text(encoding="utf-8"))
        if stored.get("key") == key and stored_words.get("key") == key:
            return Template.from_json(json.dumps(stored["template"])), stored_words["words"]
    chunks = _chunks(sample, max(1, ctx.workers) * 4)
    jobs = [(ctx.store.out_dir, ctx.store.vault_dir, chunk, cfg) for chunk in chunks]
    if ctx.workers > 1 and len(jobs) > 1:
        with worker_pool(ctx.workers) as pool:
            parts = list(pool.map(_signatures, jobs))
    else:
        parts = [_signatures(job) for job in jobs]
    sigs = [sig for part in parts for sig in part[0]]
    counts: Counter[str] = Counter()
    for part in parts:
        counts.update(part[1])
    words = sorted(w for w, n in counts.items() if n >= 2)
    template = learn_template(sigs, tolerance_mm=cfg.position_tolerance_mm, min_share=cfg.min_share,
                              min_reports=cfg.min_reports, contested_ratio=cfg.contested_ratio,
                              header_zone_mm=cfg.header_zone_mm, footer_zone_mm=cfg.footer_zone_mm)
    log.info("extract-reports: letterhead learned from %d report(s): %d cluster(s), %d line(s); review %s",
             len(sigs), len(template.clusters), template.n_learned, path)
    if template.n_learned == 0:
        log.warning("extract-reports: no letterhead learned from %d readable report(s); set "
                    "extract_reports.header_mm/footer_mm or boilerplate_regexes if the reports have one", len(sigs))
    for file, payload in ((words_path, {"key": key, "words": words}),
                          (path, {"key": key, "template": json.loads(template.to_json())})):
        atomic_write_bytes(file, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
        os.chmod(file, VAULT_FILE_MODE)
    return template, words


def _chunks(items: list, n: int) -> list[list]:
    size = max(1, -(-len(items) // n))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _signatures(job: tuple[Path, Path, list[tuple[str, int, str]], ExtractReportsConfig]
                ) -> tuple[list[DocSignature], Counter[str]]:
    """Worker: line positions and whole words of some reports (unreadable ones are rejected later)."""
    out_dir, vault_dir, chunk, cfg = job
    store = Store(Path(out_dir), Path(vault_dir))
    sigs, words = [], Counter()
    for row in read_rows(store, "raw_reports", chunk, ("pdf",)):
        try:
            layout = read_layout(row["pdf"] or b"", **limits(cfg))
        except Exception:  # noqa: BLE001 - any failure is rejected, with its reason, by the extraction pass
            continue
        sigs.append(signature(layout, cfg.position_tolerance_mm, cfg.header_zone_mm, cfg.footer_zone_mm))
        words.update(w for w in report_words(layout.lines) if len(w) >= 5)
    return sigs, words


def limits(cfg: ExtractReportsConfig) -> dict[str, int]:
    return {"max_pages": cfg.max_pages, "max_inflated_bytes": cfg.max_inflated_mb * 2**20}


# ---- extraction -----------------------------------------------------------------------------------------

def configured_template(cfg: ExtractReportsConfig, learned: Template) -> Template:
    if cfg.header_footer == "none":
        return Template()
    if cfg.header_footer == "template":
        learned = Template()
    return learned.with_rules(cfg.header_mm, cfg.footer_mm, cfg.boilerplate_regexes,
                              page_labels=cfg.remove_page_labels, label_zone_mm=cfg.label_zone_mm)


def process_shard(job: ShardJob) -> ShardOutput:
    cfg: ExtractReportsConfig = job.cfg.extract_reports
    template = configured_template(cfg, Template.from_json(job.context["template"]))
    words = frozenset(job.context.get("words", ()))
    out = ShardOutput(tables={"report_text": []})
    rows = read_rows(job.store, "raw_reports", job.items, (*META_COLUMNS, "pdf"))
    # Parsing runs in a limited child (memory, wall clock): a PDF that defeats the page and inflate checks
    # (a content stream that loops, a font that explodes) costs one reject, not the stage.
    worker = shared_worker(cfg.max_item_memory_mb, cfg.max_item_seconds)
    for row in rows:
        args = (row["pdf"] or b"", template, cfg, words)
        try:
            extracted = worker.call(_extract_item, *args) if worker is not None else _extract_item(*args)
        except ItemFailed as err:
            out.rejects.append(Reject(row["report_id"], err.reason, err.detail))
            continue
        if extracted is None:
            out.rejects.append(Reject(row["report_id"], "no body text left after header/footer removal"))
            continue
        text, n_pages, n_boilerplate = extracted
        out.tables["report_text"].append({
            **{k: row[k] for k in META_COLUMNS}, "text": text, "n_pages": n_pages,
            "n_boilerplate_lines": n_boilerplate,
        })
        out.stats["pages"] = out.stats.get("pages", 0) + n_pages
        out.stats["boilerplate_lines"] = out.stats.get("boilerplate_lines", 0) + n_boilerplate
    return out


def _extract_item(data: bytes, template: Template, cfg: ExtractReportsConfig,
                  words: frozenset[str] = frozenset()) -> tuple[str, int, int] | None:
    """extract_one with every failure as ItemFailed: the same reasons in the limited child and in-process."""
    try:
        return extract_one(data, template, cfg, words)
    except PdfProblem as err:
        raise ItemFailed(err.reason, err.detail) from None
    except Exception as err:  # noqa: BLE001 - one bad PDF never stops the stage
        # The type and a fixed phrase only: a message may quote the PDF's text (the detail stays in the vault).
        raise ItemFailed(f"cannot extract text ({type(err).__name__})", str(err)[:200]) from None


def extract_one(data: bytes, template: Template, cfg: ExtractReportsConfig,
                words: frozenset[str] = frozenset()) -> tuple[str, int, int] | None:
    """(text, pages, boilerplate lines removed) of one PDF, or None when nothing but letterhead is left."""
    layout = read_layout(data, **limits(cfg))
    body, n_boilerplate = template.split(layout)
    text = assemble(body, gap_ratio=cfg.paragraph_gap, rulings=layout.rulings, corpus_words=words)
    if not text.strip():
        return None
    return text, layout.n_pages, n_boilerplate

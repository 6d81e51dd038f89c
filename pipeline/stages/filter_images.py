"""filter-images: drop radiographs with burned-in text (names, dates, dose reports, scanned forms).

Order of work, cheapest first: DICOM rules (BurnedInAnnotation=YES,
secondary-capture / 'other' / dose-report modalities, screen-capture shapes)
decide without decoding pixels; the rest is downscaled and read by the OCR
engine, and an image with more than `max_chars` letters+digits is dropped.
Decisions and counts go to out/image_filter; the recognised text, which may
be a name, only to vault/ocr_text. Ingest writes every converted image to
vault/ingested_images; each shard here reads one of its parts and writes each
image once: kept ones to out/images, the others (dropped, or rejected as
undecodable) to vault/dropped_images, so pixels showing a name never reach
out/. Once the shard is committed the executor releases the ingested part
(`pipeline.handover`): every image is then stored once. A re-run with another
threshold restores the part first; `keep_ingested_images: true` keeps the
vault copy of every image (stored twice, the behaviour before the hand-over).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import UnidentifiedImageError

from pipeline.configs.filter_images import FilterImagesConfig
from pipeline.executor import hand_over_items
from pipeline.ocr import (
    OcrEngine,
    OcrResult,
    OcrUnavailable,
    count_chars,
    downscale,
    make_engine,
    pick_device,
    visible_gpus,
    worker_index,
)
from pipeline.ocr.cascade import CascadeEngine
from pipeline.store import (
    Reject,
    ShardJob,
    ShardOutput,
    StageContext,
    StageFailed,
    StageReport,
    read_rows,
    run_sharded,
)

STAGE = "filter-images"
OUTPUTS = ("image_filter", "ocr_text", "images", "dropped_images")
SOURCE = "ingested_images"

REASON_KEPT = "kept"
REASON_TEXT = "burned-in text above the character threshold"
REASON_FLAG = "DICOM BurnedInAnnotation=YES"
REASON_TRUSTED_NO = "kept without OCR: DICOM BurnedInAnnotation=NO (trust_burned_in_no)"
REASON_SCREEN = "screen-capture size"

_ENGINES: dict[tuple, OcrEngine] = {}


def run(ctx: StageContext) -> StageReport:
    listing = hand_over_items(ctx.store, STAGE)  # the hand-over declared in pipeline/stages
    if listing is None:
        raise StageFailed("filter-images needs the ingested_images table: run the ingest stage first")
    items, sizes = listing
    cfg = ctx.cfg.filter_images
    threads = cfg.threads or 1  # one OCR thread per worker: more threads cost more CPU per image
    return run_sharded(
        ctx,
        STAGE,
        inputs=(SOURCE,),
        outputs=OUTPUTS,
        items=items,
        shard_sizes=sizes,  # one shard per ingested part: its commit releases exactly that part
        process=process_shard,
        config_section=hashed_config(cfg),
        job_context={"threads": threads},
        keep_inputs=cfg.keep_ingested_images,
    )


def hashed_config(cfg: FilterImagesConfig) -> dict:
    """The section as fingerprinted: where the pixels are kept does not change a decision, so toggling
    keep_ingested_images never re-runs the OCR (the executor releases or restores the parts)."""
    return cfg.model_dump(mode="json", exclude={"keep_ingested_images"})


def engine_label(cfg: FilterImagesConfig) -> str:
    label = f"{cfg.engine}@{cfg.ocr_longest_side}px" if cfg.ocr_longest_side else cfg.engine
    return f"{label}+cascade@{cfg.cascade_detect_side}px" if cfg.cascade_detect_side else label


def get_engine(cfg: FilterImagesConfig, threads: int) -> OcrEngine:
    """One engine per worker process (loading models costs more than reading a small image); on GPU
    servers worker k uses GPU k mod the number of visible GPUs."""
    device = pick_device(cfg.device, worker_index(), visible_gpus()) if cfg.device != "cpu" else "cpu"
    if cfg.engine == "rapidocr" and not cfg.rapidocr_gpu:
        device = "cpu"
    key = (cfg.engine, threads, cfg.min_score, cfg.batch_size, str(cfg.easyocr_model_dir),
           tuple(cfg.easyocr_langs), device, cfg.cascade_detect_side)
    if key not in _ENGINES:
        engine = make_engine(cfg.engine, threads=threads, min_score=cfg.min_score, batch_size=cfg.batch_size,
                             model_dir=cfg.easyocr_model_dir, langs=cfg.easyocr_langs,
                             gpu=device if device != "cpu" else False)
        _ENGINES[key] = CascadeEngine(engine, cfg.cascade_detect_side) if cfg.cascade_detect_side else engine
    return _ENGINES[key]


def _is_screen_size(width: int, height: int, bits: int | None, sizes: Sequence[tuple[int, int]]) -> bool:
    """Screenshots are 8-bit at a monitor resolution; ingest may have scaled them down keeping the aspect."""
    if bits != 8 or not width or not height:  # unknown depth (plain PNG exports) is not evidence
        return False
    for sw, sh in sizes:
        if (width, height) == (sw, sh):
            return True
        scale = max(width, height) / max(sw, sh)
        if scale < 1 and abs(sw * scale - width) <= 1 and abs(sh * scale - height) <= 1:
            return True
    return False


def cheap_rule(row: dict, cfg: FilterImagesConfig) -> str | None:
    """Reason to drop the image from its header alone, or None when OCR must decide."""
    if cfg.drop_burned_in_flag and str(row.get("burned_in_annotation") or "").strip().upper() == "YES":
        return REASON_FLAG
    modality = str(row.get("modality") or "").strip().upper()
    if modality and modality in {m.upper() for m in cfg.drop_modalities}:
        return f"non-radiograph modality {modality}"
    if _is_screen_size(row.get("width") or 0, row.get("height") or 0, row.get("bits_stored"), cfg.screen_sizes):
        return REASON_SCREEN
    return None


def trusted_no(row: dict, cfg: FilterImagesConfig) -> bool:
    """The hospital chose to trust its DICOM tag: BurnedInAnnotation=NO skips OCR (off by default)."""
    return cfg.trust_burned_in_no and str(row.get("burned_in_annotation") or "").strip().upper() == "NO"


def _shared_decoder():  # type: ignore[no-untyped-def]
    """models/decode.py, the one decoder training and evaluation use, loaded by file.

    ``import models.decode`` would run models/__init__ (torch, open_clip, timm: ~6 s and ~0.9 GB per OCR
    worker); the decoder needs only PIL and numpy.
    """
    name = "_hospital_vlp_decode"
    if name not in sys.modules:
        path = Path(__file__).resolve().parents[2] / "models" / "decode.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


def decode(png: bytes, reduce_to: int | None = None) -> np.ndarray:
    """Stored PNG -> grayscale uint8 (what every engine takes); 16-bit images min-max scaled like in
    training and evaluation. ``reduce_to``: decode at about that shorter side (integer reduction)."""
    return _shared_decoder().decode_gray(png, reduce_to)


def _read_batch(engine: OcrEngine, batch: list[tuple[str, np.ndarray]],
                rejects: list[Reject]) -> list[tuple[str, OcrResult]]:
    """OCR a batch; if the engine fails on it, retry image by image so that only the bad image is rejected."""
    try:
        return list(zip([i for i, _ in batch], engine.read([px for _, px in batch])))
    except OcrUnavailable:
        raise
    except Exception as err:  # noqa: BLE001 - engines raise their own types (onnxruntime, cv2, torch)
        if len(batch) == 1:
            rejects.append(Reject(batch[0][0], "OCR engine failed on the image", f"{type(err).__name__}: {err}"))
            return []
    return [pair for item in batch for pair in _read_batch(engine, [item], rejects)]


def process_shard(job: ShardJob) -> ShardOutput:
    cfg: FilterImagesConfig = job.cfg.filter_images
    out = ShardOutput(tables={name: [] for name in OUTPUTS})
    stats = out.stats
    label = engine_label(cfg)
    pending: list[tuple[str, np.ndarray]] = []
    kept_ids: set[str] = set()
    engine: OcrEngine | None = None

    def flush() -> None:
        nonlocal engine
        if not pending:
            return
        engine = engine or get_engine(cfg, int(job.context.get("threads", 1)))
        started = time.perf_counter()
        results = _read_batch(engine, pending, out.rejects)
        stats["ocr_ms"] = stats.get("ocr_ms", 0) + round(1000 * (time.perf_counter() - started))
        for image_id, result in results:
            n = count_chars(result.text)
            kept = n <= cfg.max_chars
            out.tables["image_filter"].append({
                "image_id": image_id, "kept": kept, "n_chars": n,
                "reason": REASON_KEPT if kept else REASON_TEXT, "engine": label,
            })
            if result.text:
                out.tables["ocr_text"].append({"image_id": image_id, "text": result.text})
            if kept:
                kept_ids.add(image_id)
            stats["kept" if kept else "dropped_ocr"] = stats.get("kept" if kept else "dropped_ocr", 0) + 1
        stats["ocr_images"] = stats.get("ocr_images", 0) + len(pending)
        pending.clear()

    rows = read_rows(job.store, SOURCE, job.items, None)
    for row in rows:
        image_id = row["image_id"]
        rule = cheap_rule(row, cfg)
        if rule is not None:
            out.tables["image_filter"].append(
                {"image_id": image_id, "kept": False, "n_chars": None, "reason": rule, "engine": "rules"})
            stats["dropped_rules"] = stats.get("dropped_rules", 0) + 1
            continue
        try:
            pixels = downscale(decode((row["image"] or {}).get("bytes") or b""), cfg.ocr_longest_side)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
            out.rejects.append(Reject(image_id, "stored image could not be decoded", f"{type(err).__name__}: {err}"))
            continue
        if trusted_no(row, cfg):  # decoded first: an undecodable image is rejected, never kept unseen
            out.tables["image_filter"].append(
                {"image_id": image_id, "kept": True, "n_chars": None, "reason": REASON_TRUSTED_NO, "engine": "rules"})
            kept_ids.add(image_id)
            stats["kept_trusted_tag"] = stats.get("kept_trusted_tag", 0) + 1
            continue
        pending.append((image_id, pixels))
        if len(pending) >= cfg.batch_size:
            flush()
    flush()
    # Every row once, in the part's order: kept ones to out/, the rest (dropped, rejected) to the vault.
    out.tables["images"] = [row for row in rows if row["image_id"] in kept_ids]
    out.tables["dropped_images"] = [row for row in rows if row["image_id"] not in kept_ids]
    return out

"""Configuration of the `filter-images` stage (burned-in text filter)."""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: Common monitor resolutions (width, height): images of exactly these shapes are screenshots, not radiographs.
SCREEN_SIZES = [
    (640, 480), (800, 600), (1024, 768), (1152, 864), (1280, 720), (1280, 800), (1280, 1024), (1366, 768),
    (1440, 900), (1600, 900), (1600, 1200), (1680, 1050), (1920, 1080), (1920, 1200), (2560, 1440), (2560, 1600),
]


class FilterImagesConfig(BaseModel):
    """Drop images with burned-in text: cheap DICOM rules first, then OCR with a character threshold."""

    model_config = ConfigDict(extra="forbid")

    engine: Literal["rapidocr", "easyocr"] = Field(
        "rapidocr",
        description="OCR engine: 'rapidocr' (offline, models in the PyPI wheel, CPU) or 'easyocr' (the reference "
        "pipeline's engine, GPU; optional extra [ocr], weights from easyocr_model_dir, never downloaded).",
    )
    max_chars: int = Field(
        35, ge=0, description="Images with more recognised letters+digits than this are dropped (reference: 35)."
    )
    ocr_longest_side: int | None = Field(
        1024, ge=64,
        description="Downscale so the longest side is at most this before OCR (null: OCR at stored size). "
        "Cost grows with area, recall needs text >= ~10 px tall after downscaling (bench/ocr_filter.py: "
        "synthetic text of ~65 px at 1024 is still all found at 160 px, half lost at 128 px).",
    )
    batch_size: int = Field(16, ge=1, description="Images per OCR call (fills GPU batches; pools recognition crops).")
    min_score: float = Field(
        0.3, ge=0, le=1, description="Recognised text lines below this confidence are not counted."
    )
    threads: int = Field(
        0, ge=0, description="Threads per worker for the OCR runtime (0: one; parallelism comes from --workers, "
        "and more threads per image cost more CPU per image)."
    )
    drop_burned_in_flag: bool = Field(
        True, description="Drop images whose DICOM BurnedInAnnotation is YES without running OCR."
    )
    trust_burned_in_no: bool = Field(
        False, description="Keep images whose DICOM BurnedInAnnotation is NO without running OCR. Off by default: "
        "vendors and modality worklists often write NO on images that do carry text, so this trades recall for "
        "OCR time; turn it on only for sources whose tag was checked against OCR on a sample."
    )
    drop_modalities: list[str] = Field(
        ["SC", "OT", "SR"],
        description="Modalities dropped without OCR: secondary captures, 'other' and dose/structured reports.",
    )
    screen_sizes: list[tuple[int, int]] = Field(
        SCREEN_SIZES,
        description="(width, height) of screen captures: an image with BitsStored 8 of one of these shapes (exact, or scaled "
        "down by ingest with the same aspect ratio) is dropped without OCR.",
    )
    easyocr_model_dir: Path = Field(
        Path("~/.EasyOCR/model"), description="Folder holding EasyOCR weights (craft_mlt_25k.pth, latin_g2.pth)."
    )
    easyocr_langs: list[str] = Field(["fr", "en"], description="EasyOCR languages.")
    device: Literal["auto", "cpu", "cuda"] = Field(
        "auto", description="OCR device ('auto': CUDA when available); worker k uses GPU k mod the visible GPUs. "
        "RapidOCR uses it only with rapidocr_gpu."
    )
    rapidocr_gpu: bool = Field(
        False, description="Run RapidOCR's ONNX sessions on CUDA (needs onnxruntime-gpu: extra [ocr-gpu])."
    )
    keep_ingested_images: bool = Field(
        False, description="Keep every image in vault/ingested_images after the filter (each image then stored "
        "twice: kept ones in out/images too, dropped ones in vault/dropped_images too). Default false: once a shard is committed its ingested part is released "
        "and each image is stored once, kept ones in out/images, the others in vault/dropped_images; a re-run "
        "with another threshold restores the part first. Changing it re-runs no OCR.",
    )
    cascade_detect_side: int | None = Field(
        None, ge=64,
        description="Cascade: detect text at this longest side first and run the full OCR only on images with a "
        "box (null: off). Cheaper per image, but small text shrinks below the detector: bench/ocr_filter.py "
        "reports recall by text height for both.",
    )

"""OCR engines behind one small interface (see `base.OcrEngine`), chosen by name from the config."""

from __future__ import annotations

from pathlib import Path

from pipeline.ocr.base import (
    OcrEngine,
    OcrResult,
    OcrUnavailable,
    count_chars,
    downscale,
    pick_device,
    visible_gpus,
    worker_index,
)

ENGINES = ("rapidocr", "easyocr")


def make_engine(name: str, *, threads: int = 1, min_score: float = 0.3, batch_size: int = 16,
                model_dir: Path | None = None, langs: list[str] | None = None, gpu: bool | str = "auto",
                use_angle_cls: bool = False) -> OcrEngine:
    """Build the engine named in `filter_images.engine`; raises OcrUnavailable with a fix-it message.

    ``gpu``: False/"cpu", True/"cuda" (this process's first GPU), "cuda:i", or "auto" (RapidOCR: CPU;
    EasyOCR: CUDA when available). A worker picks its "cuda:i" with :func:`pick_device`.
    """
    if name == "rapidocr":
        from pipeline.ocr.rapid import RapidOcrEngine

        device = gpu if isinstance(gpu, str) and gpu.startswith("cuda") else ("cuda:0" if gpu is True else "cpu")
        return RapidOcrEngine(threads=threads, min_score=min_score, use_angle_cls=use_angle_cls, device=device)
    if name == "easyocr":
        from pipeline.ocr.easy import EasyOcrEngine

        return EasyOcrEngine(model_dir or Path("~/.EasyOCR/model"), langs or ["fr", "en"], gpu=gpu,
                             batch_size=batch_size, min_score=min_score)
    raise OcrUnavailable(f"unknown OCR engine {name!r}; choose one of {', '.join(ENGINES)}")


__all__ = ["ENGINES", "OcrEngine", "OcrResult", "OcrUnavailable", "count_chars", "downscale", "make_engine",
           "pick_device", "visible_gpus", "worker_index"]

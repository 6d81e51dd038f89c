"""Cascade: a cheap text detection at low resolution first, the full OCR only where it finds text.

Why: most radiographs hold no text, and the detector at 1024 px is most of the filter's cost. Detecting
at ``detect_side`` (e.g. 512 px, a quarter of the pixels) and reading only the images with a box keeps
the per-image cost near one small detector pass. The risk is small text, which shrinks below what the
detector sees: bench/ocr_filter.py reports recall by text height for the cascade next to the plain engine.
"""

from __future__ import annotations

import numpy as np

from pipeline.ocr.base import OcrEngine, OcrResult, downscale


class CascadeEngine:
    """Wraps an engine with a ``detect(pixels) -> n_boxes`` method (RapidOCR's)."""

    def __init__(self, engine: OcrEngine, detect_side: int) -> None:
        if not hasattr(engine, "detect"):
            raise ValueError(f"engine {getattr(engine, 'name', engine)!r} has no cheap detect pass for a cascade")
        self.engine = engine
        self.detect_side = detect_side
        self.name = f"{getattr(engine, 'name', 'ocr')}+cascade@{detect_side}px"
        self.skipped = 0

    def read(self, images: list[np.ndarray]) -> list[OcrResult]:
        found = [self.engine.detect(downscale(px, self.detect_side)) > 0 for px in images]  # type: ignore[attr-defined]
        todo = [px for px, f in zip(images, found) if f]
        read = iter(self.engine.read(todo) if todo else [])
        self.skipped += len(images) - len(todo)
        return [next(read) if f else OcrResult(lines=[], n_boxes=0) for f in found]

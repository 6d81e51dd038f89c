"""One decoder for stored radiographs: bytes -> 8-bit grayscale (or RGB) PIL image, optionally reduced.

Why one helper: filter-images (OCR), training and evaluation must see the same pixels. 16-bit PNGs
(12-16 bits stored) are min-max scaled to 8 bits: dividing by 256 would leave a 12-bit image almost black
for OCR, and PIL's own ``convert`` clips. ``reduce_to`` decodes at the needed resolution: JPEG through
``draft`` (the codec skips DCT coefficients), PNG through ``Image.reduce`` (box filter, integer factor) so
everything after decoding works on fewer pixels. Only PIL and numpy: the OCR workers need no torch.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

HIGH_DEPTH_MODES = ("I;16", "I;16B", "I;16L", "I", "F")


def to_8bit(img: Image.Image) -> Image.Image:
    """A high bit-depth image min-max scaled to mode L; 8-bit images unchanged."""
    if img.mode not in HIGH_DEPTH_MODES:
        return img
    arr = np.asarray(img, dtype=np.float32)
    lo, hi = float(arr.min()), float(arr.max())
    scaled = np.zeros_like(arr) if hi <= lo else (arr - lo) * (255.0 / (hi - lo))
    return Image.fromarray(np.clip(scaled + 0.5, 0, 255).astype(np.uint8), mode="L")


def decode_image(source: bytes | str | Path, reduce_to: int | None = None, mode: str | None = "L") -> Image.Image:
    """Decode fully (raises on corrupt data) to 8 bits; ``mode`` "L", "RGB" or None (keep gray/colour).

    With ``reduce_to`` the shorter side is brought down by the largest integer factor that keeps it
    >= ``reduce_to`` (never upscales), before any conversion.
    """
    img = Image.open(io.BytesIO(source)) if isinstance(source, bytes) else Image.open(Path(source))
    if reduce_to and img.format == "JPEG":
        img.draft(img.mode if img.mode in ("L", "RGB") else "L", (reduce_to, reduce_to))
    img.load()
    if reduce_to:
        factor = min(img.size) // reduce_to
        if factor >= 2:
            img = img.reduce(factor) if img.mode not in ("I;16", "I;16B", "I;16L") else _reduce_16(img, factor)
    img = to_8bit(img)
    if mode is None:
        return img if img.mode in ("L", "RGB") else img.convert("RGB")
    return img if img.mode == mode else img.convert(mode)


def _reduce_16(img: Image.Image, factor: int) -> Image.Image:
    """``Image.reduce`` does not take I;16: reduce its 32-bit copy instead (same box filter)."""
    return img.convert("I").reduce(factor)


def decode_gray(source: bytes | str | Path, reduce_to: int | None = None) -> np.ndarray:
    """Grayscale uint8 array (what the OCR engines take)."""
    return np.asarray(decode_image(source, reduce_to, mode="L"))

"""OCR engine interface shared by the burned-in text filter and its benchmark.

Engines take grayscale uint8 arrays (what ingest stores) and return the text
they recognised per image. The filter only needs a character count and the
text for the vault, so the interface is deliberately that small: any engine
(RapidOCR on CPU, EasyOCR on GPU, a fake in tests) plugs in behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
from PIL import Image


class OcrUnavailable(RuntimeError):
    """The engine cannot start (package or weights missing); the message says how to fix it."""


@dataclass
class OcrResult:
    """Text found in one image: one entry per detected text line, top to bottom."""

    lines: list[str] = field(default_factory=list)
    n_boxes: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line)

    @property
    def n_chars(self) -> int:
        return count_chars(self.text)


@runtime_checkable
class OcrEngine(Protocol):
    """A loaded OCR model. `read` is batched so GPU engines can fill their batches."""

    name: str

    def read(self, images: list[np.ndarray]) -> list[OcrResult]:
        """One result per input image (grayscale uint8 HxW), in order."""
        ...


def count_chars(text: str) -> int:
    """Letters and digits only: punctuation and box-drawing noise are not identifying text."""
    return sum(1 for ch in text if ch.isalnum())


def downscale(pixels: np.ndarray, longest_side: int | None) -> np.ndarray:
    """Shrink so the longest side is at most `longest_side` (never enlarge): OCR cost grows with area."""
    if not longest_side or max(pixels.shape[:2]) <= longest_side:
        return pixels
    h, w = pixels.shape[:2]
    scale = longest_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(pixels).resize(size, Image.Resampling.BILINEAR))


def worker_index() -> int:
    """0-based index of this pool worker process (0 in the main process): spreads workers over GPUs."""
    import multiprocessing

    identity = multiprocessing.current_process()._identity  # (k,) for the k-th pool worker, 1-based
    return identity[0] - 1 if identity else 0


def visible_gpus() -> int:
    """CUDA devices this process sees (0 without torch or CUDA)."""
    try:
        import torch
    except ImportError:
        return 0
    return int(torch.cuda.device_count()) if torch.cuda.is_available() else 0


def pick_device(device: str, worker: int, n_gpus: int) -> str:
    """'cpu' or 'cuda:i' for a worker: workers go round-robin over the visible GPUs.

    ``device`` is the config's "auto" (GPU when there is one), "cpu" or "cuda" (a GPU is required).
    """
    if device == "cpu" or (device == "auto" and n_gpus == 0):
        return "cpu"
    if n_gpus == 0:
        raise OcrUnavailable("filter_images.device is 'cuda' but no CUDA device is visible")
    return f"cuda:{worker % n_gpus}"

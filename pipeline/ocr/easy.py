"""EasyOCR: the production engine of the reference pipeline (GPU, batched).

Optional extra (`pip install hospital-vlp[ocr]`), imported only when chosen,
and never allowed to download: hospital servers have no internet, so missing
weights must fail early with a message saying which files go where.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.ocr.base import OcrResult, OcrUnavailable

#: Weight files EasyOCR looks for in `model_storage_directory` (detector + the Latin-script recogniser
#: that serves French and English).
EASYOCR_FILES = {"detector": "craft_mlt_25k.pth", "recognizer (latin: fr, en)": "latin_g2.pth"}
EASYOCR_HUB = "https://www.jaided.ai/easyocr/modelhub/"


def missing_weights_message(model_dir: Path, langs: list[str], error: str = "") -> str:
    files = ", ".join(f"{name} ({role})" for role, name in EASYOCR_FILES.items())
    cause = f" (EasyOCR said: {error})" if error else ""
    return (
        f"EasyOCR weights for languages {langs} are not in {model_dir}{cause}. Copy {files} from "
        f"{EASYOCR_HUB} (or from ~/.EasyOCR/model on a machine with internet) into {model_dir}, "
        "or set filter_images.easyocr_model_dir to the folder that holds them."
    )


def _pad_batch(images: list[np.ndarray]) -> list[np.ndarray]:
    """EasyOCR's batched reader wants one size per batch: pad with black, which holds no text."""
    h = max(im.shape[0] for im in images)
    w = max(im.shape[1] for im in images)
    out = []
    for im in images:
        if im.shape[:2] == (h, w):
            out.append(im)
            continue
        canvas = np.zeros((h, w), dtype=im.dtype)
        canvas[: im.shape[0], : im.shape[1]] = im
        out.append(canvas)
    return out


class EasyOcrEngine:
    """EasyOCR Reader with downloads disabled; GPU when `gpu` is True or 'auto' finds CUDA."""

    name = "easyocr"

    def __init__(self, model_dir: Path, langs: list[str], gpu: bool | str = "auto", batch_size: int = 16,
                 min_score: float = 0.3) -> None:
        try:
            import easyocr
        except ImportError as err:
            raise OcrUnavailable(
                "EasyOCR is not installed: `pip install 'hospital-vlp[ocr]'` (or `pip install easyocr`), "
                "or use filter_images.engine: rapidocr"
            ) from err
        if gpu == "auto":
            try:
                import torch

                gpu = bool(torch.cuda.is_available())
            except ImportError:
                gpu = False
        # a worker's own device ("cuda:1"): EasyOCR takes a device string for gpu
        device: bool | str = gpu if isinstance(gpu, str) and gpu.startswith("cuda") else bool(gpu)
        self.device = device if isinstance(device, str) else ("cuda" if device else "cpu")
        model_dir = Path(model_dir).expanduser()
        if not model_dir.is_dir():
            raise OcrUnavailable(missing_weights_message(model_dir, langs, "folder does not exist"))
        try:
            self._reader = easyocr.Reader(
                langs, gpu=device, model_storage_directory=str(model_dir), download_enabled=False, verbose=False
            )
        except FileNotFoundError as err:
            raise OcrUnavailable(missing_weights_message(model_dir, langs, str(err))) from err
        self.batch_size = batch_size
        self.min_score = min_score

    def read(self, images: list[np.ndarray]) -> list[OcrResult]:
        if not images:
            return []
        raw = self._reader.readtext_batched(_pad_batch(images), batch_size=self.batch_size, detail=1)
        results = []
        for found in raw:
            lines = [str(text) for _box, text, score in found if float(score) >= self.min_score and str(text).strip()]
            results.append(OcrResult(lines=lines, n_boxes=len(found)))
        return results

"""In-memory description of one downstream evaluation task (one dataset, one label).

Every reader returns :class:`EvalDataset` objects so that embedding, zero-shot,
retrieval and probing code never needs to know which download layout the images
came from.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image

from models.decode import decode_image

TaskKind = Literal["binary", "multiclass", "regression"]


@dataclass(frozen=True)
class ParquetImage:
    """An image that stays in a Parquet part file (row ``row`` of its ``image`` column) until it is decoded.

    Why: our own out/images holds hundreds of thousands of PNGs; an evaluation keeps these references
    (a few dozen bytes each) instead of a second copy of the bytes.
    """

    path: str
    row: int


ImageSource = str | bytes | ParquetImage
SPLITS = ("train", "val", "test")


@dataclass
class EvalDataset:
    """One task over one dataset, one row per image.

    Labels are stored per image; ``label_level == "study"`` says they were given per
    study (MURA, our own reports) so that scores are averaged over a study's images
    before the metric is computed.
    """

    name: str
    task: str
    kind: TaskKind
    class_names: list[str]
    image_ids: list[str]
    sources: list[ImageSource]
    study_ids: list[str]
    patient_ids: list[str]
    splits: list[str]
    labels: np.ndarray
    body_parts: list[str]
    sex: np.ndarray | None = None
    prompt_set: str | None = None
    label_level: Literal["image", "study"] = "image"
    report_texts: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        n = len(self.image_ids)
        self.labels = np.asarray(self.labels, dtype=np.float64)
        lengths = {
            "sources": len(self.sources),
            "study_ids": len(self.study_ids),
            "patient_ids": len(self.patient_ids),
            "splits": len(self.splits),
            "labels": len(self.labels),
            "body_parts": len(self.body_parts),
        }
        if self.sex is not None:
            self.sex = np.asarray(self.sex, dtype=np.float32)
            lengths["sex"] = len(self.sex)
        bad = {k: v for k, v in lengths.items() if v != n}
        if bad:
            raise ValueError(f"dataset {self.name}/{self.task}: column lengths {bad} differ from {n} images")
        bad_splits = sorted(set(self.splits) - set(SPLITS))
        if bad_splits:
            raise ValueError(f"dataset {self.name}/{self.task}: unknown split names {bad_splits}")

    def __len__(self) -> int:
        return len(self.image_ids)

    @property
    def key(self) -> str:
        """Name used in result tables: ``dataset/task``."""
        return f"{self.name}/{self.task}"

    def subset(self, index: np.ndarray | list[int]) -> EvalDataset:
        """Rows at ``index`` (or where a boolean mask is true), same metadata."""
        idx = np.asarray(index)
        if idx.dtype == bool:
            idx = np.flatnonzero(idx)
        idx = idx.astype(np.int64)

        def take(values: list) -> list:
            return [values[i] for i in idx]

        studies = set(take(self.study_ids))
        return replace(
            self,
            image_ids=take(self.image_ids),
            sources=take(self.sources),
            study_ids=take(self.study_ids),
            patient_ids=take(self.patient_ids),
            splits=take(self.splits),
            labels=self.labels[idx],
            body_parts=take(self.body_parts),
            sex=None if self.sex is None else self.sex[idx],
            report_texts={s: t for s, t in self.report_texts.items() if s in studies},
        )

    def split(self, name: str) -> EvalDataset:
        """Rows of one split (``train``, ``val`` or ``test``)."""
        return self.subset(np.array([s == name for s in self.splits], dtype=bool))

    def counts(self) -> dict[str, int]:
        """Number of images per split, for the report."""
        return {s: sum(1 for x in self.splits if x == s) for s in SPLITS}


def load_image(source: ImageSource) -> Image.Image:
    """Open an image from a path, encoded bytes or a Parquet reference, as 8 bits (L or RGB).

    Radiographs are often 16-bit PNGs: they are min-max scaled to 8 bits by the decoder training and the
    OCR filter share (models.decode), not clipped by PIL's conversion.
    """
    if isinstance(source, ParquetImage):
        data = parquet_image_bytes(source)
        if not data:
            raise ValueError(f"no image bytes in row {source.row} of {Path(source.path).name}")
        return decode_image(data, mode=None)
    return decode_image(source, mode=None)


def parquet_image_bytes(ref: ParquetImage) -> bytes | None:
    """The PNG bytes ``ref`` points at. The image columns of the part files read last are kept per
    process up to :data:`PART_CACHE_BYTES` (bounded memory; rows read in file order cost one read per
    part file, and a small dataset stays cached whole for shuffled fine-tuning)."""
    column = _part_images(ref.path)
    return column[ref.row].as_py() if ref.row < len(column) else None


#: bytes of Parquet image columns a process keeps (least recently used part files are dropped first)
PART_CACHE_BYTES = 256 * 2**20
_PARTS: OrderedDict[str, pa.Array] = OrderedDict()


def _part_images(path: str) -> pa.Array:
    if path in _PARTS:
        _PARTS.move_to_end(path)
        return _PARTS[path]
    col = pq.read_table(path, columns=["image"]).column("image").combine_chunks()
    column = col.field("bytes") if pa.types.is_struct(col.type) else col
    _PARTS[path] = column
    while len(_PARTS) > 1 and sum(c.nbytes for c in _PARTS.values()) > PART_CACHE_BYTES:
        _PARTS.popitem(last=False)
    return column


def stable_split(key: str, seed: int = 0, val: float = 0.1, test: float = 0.2) -> str:
    """Deterministic train/val/test assignment from a hash, for layouts without a split.

    Hashing the patient (not the image) id keeps all of a patient's images in one
    split, which avoids leakage between train and test.
    """
    import hashlib

    h = int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:8], "big") / 2**64
    if h < test:
        return "test"
    if h < test + val:
        return "val"
    return "train"

"""Study-level image-report datasets from in-memory records (no dependency on pipeline/).

A record is ``{"study_id": str, "images": [PNG/JPEG bytes, ...], "text": str}``. Training draws one
random image per study per epoch (seeded by ``(seed, epoch, index)``, so a resumed run sees the same
images and augmentations) and applies the reference augmentations: random resized crop to 512 px,
horizontal flip, affine +-20 degrees / +-10 % translation, brightness/contrast 0.8-1.2, Gaussian blur
sigma 0.1-3, resize to the model's size, normalise mean 0.5 std 0.25. ``crop_size`` (the working
resolution) is configurable so a CPU demo can work at 64-128 px; blur sigmas scale with it.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T

from models.tokenizer import clean_report_text, focus_report

MEAN = (0.5, 0.5, 0.5)
STD = (0.25, 0.25, 0.25)
Tokenizer = Callable[[list[str]], torch.Tensor]


@dataclass(frozen=True)
class AugmentConfig:
    """The reference augmentations; sizes in pixels of the working resolution."""

    crop_size: int = 512
    crop_scale: tuple[float, float] = (0.6, 1.0)
    hflip: float = 0.5
    degrees: float = 20.0
    translate: float = 0.1
    brightness: tuple[float, float] = (0.8, 1.2)
    contrast: tuple[float, float] = (0.8, 1.2)
    blur_sigma: tuple[float, float] = (0.1, 3.0)  # at 512 px; scaled by crop_size / 512


def train_transform(image_size: int, aug: AugmentConfig) -> Callable[[Image.Image], torch.Tensor]:
    """PIL (any mode) -> normalised 3xSxS tensor with the reference augmentations."""
    factor = aug.crop_size / 512.0
    sigma = (max(aug.blur_sigma[0] * factor, 1e-3), max(aug.blur_sigma[1] * factor, 2e-3))
    kernel = 2 * math.ceil(3 * sigma[1]) + 1
    return T.Compose(
        [
            T.Lambda(_to_rgb),
            T.RandomResizedCrop(aug.crop_size, scale=aug.crop_scale, antialias=True),
            T.RandomHorizontalFlip(aug.hflip),
            T.RandomAffine(degrees=aug.degrees, translate=(aug.translate, aug.translate)),
            T.ColorJitter(brightness=aug.brightness, contrast=aug.contrast),
            T.GaussianBlur(kernel, sigma=sigma),
            T.Resize(image_size, interpolation=T.InterpolationMode.BICUBIC, antialias=True),
            T.ToTensor(),
            T.Normalize(MEAN, STD),
        ]
    )


def eval_transform(image_size: int, resize_mode: str = "shortest") -> Callable[[Image.Image], torch.Tensor]:
    """Deterministic transform, identical to the checkpoint's open_clip val preprocess.

    ``resize_mode`` is the config's ``preprocess_cfg.resize_mode``: "shortest" (resize the short side, centre
    crop) or "squash" (whole image to a square, as the training random resized crop sees it).
    """
    if resize_mode == "squash":
        resize: list[Any] = [T.Resize((image_size, image_size), interpolation=T.InterpolationMode.BICUBIC, antialias=True)]
    elif resize_mode == "shortest":
        resize = [
            T.Resize(image_size, interpolation=T.InterpolationMode.BICUBIC, antialias=True),
            T.CenterCrop(image_size),
        ]
    else:
        raise ValueError(f"unsupported resize_mode {resize_mode!r}: expected 'shortest' or 'squash'")
    return T.Compose([T.Lambda(_to_rgb), *resize, T.ToTensor(), T.Normalize(MEAN, STD)])


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode in ("I;16", "I", "F"):
        arr = np.asarray(img, dtype=np.float32)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) / (hi - lo if hi > lo else 1.0) * 255.0
        img = Image.fromarray(arr.astype(np.uint8))
    return img.convert("RGB")


def decode_image(data: bytes) -> Image.Image:
    """Decode image bytes fully (raises on corrupt data)."""
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def validate_records(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Keep studies with a non-empty report and at least one decodable image; reasons for the others.

    Undecodable images are dropped from their study (and reported); returns ``(records, rejects)``. Other
    keys of a record (e.g. ``group``) are kept; the text is kept as it is (the dataset focuses it).
    """
    good: list[dict[str, Any]] = []
    rejects: list[dict[str, str]] = []
    for rec in records:
        sid = str(rec.get("study_id", ""))
        text = clean_report_text(rec.get("text"))
        if not text:
            rejects.append({"item_id": sid, "reason": "empty report text"})
            continue
        images = []
        for i, data in enumerate(rec.get("images") or []):
            try:
                decode_image(data)
            except (UnidentifiedImageError, OSError, ValueError, TypeError) as exc:
                rejects.append({"item_id": f"{sid}/{i}", "reason": f"undecodable image: {type(exc).__name__}"})
                continue
            images.append(data)
        if not images:
            rejects.append({"item_id": sid, "reason": "no decodable image"})
            continue
        # the raw text is kept: ``focus_report`` needs its paragraph breaks to drop administrative paragraphs
        # and put the conclusion first (cleaning first would join everything into one line)
        good.append({**rec, "study_id": sid, "images": images, "text": str(rec["text"])})
    return good, rejects


class StudyDataset(Dataset):
    """(image tensor, token tensor) per study; one image per study per epoch.

    ``train=True``: seeded random image + augmentations; ``train=False``: first image, val transform.
    ``text_fn`` turns a report into the text the model sees (default: :func:`focus_report`); ``transform``
    replaces the image transform (e.g. open_clip's own, for like-for-like benchmarks); ``resize_mode`` is
    the evaluation resize (the model config's ``preprocess_cfg.resize_mode``).
    """

    def __init__(
        self,
        records: Sequence[dict[str, Any]],
        tokenizer: Tokenizer,
        image_size: int,
        train: bool = True,
        augment: AugmentConfig | None = None,
        seed: int = 0,
        text_fn: Callable[[str], str] = focus_report,
        transform: Callable[[Image.Image], torch.Tensor] | None = None,
        resize_mode: str = "shortest",
    ) -> None:
        self.study_ids = [str(r["study_id"]) for r in records]
        #: optional batch-grouping key per study (e.g. the body part), read by :class:`GroupedEpochSampler`
        self.groups = [r.get("group") for r in records]
        self.images = [list(r["images"]) for r in records]
        self.tokens = tokenizer([text_fn(r["text"]) for r in records]) if records else torch.zeros(0)
        self.train = train
        self.seed = seed
        self.epoch = 0
        aug = augment or AugmentConfig()
        default = train_transform(image_size, aug) if train else eval_transform(image_size, resize_mode)
        self.transform = transform or default

    def set_epoch(self, epoch: int) -> None:
        """Select the epoch whose image choice and augmentations ``__getitem__`` reproduces."""
        self.epoch = epoch

    def __len__(self) -> int:
        return len(self.study_ids)

    def __getitem__(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        images = self.images[index]
        if not self.train:
            return self.transform(decode_image(images[0])), self.tokens[index]
        rng = np.random.default_rng([self.seed, self.epoch, index])
        choice = int(rng.integers(len(images)))
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(rng.integers(2**62)))
            image = self.transform(decode_image(images[choice]))
        return image, self.tokens[index]


class EpochSampler(torch.utils.data.Sampler[int]):
    """A seeded permutation per epoch, optionally starting part-way (mid-epoch resume)."""

    def __init__(self, n: int, seed: int, epoch: int, start: int = 0, shuffle: bool = True) -> None:
        order = np.random.default_rng([seed, epoch, 7]).permutation(n) if shuffle else np.arange(n)
        self.order = [int(i) for i in order[start:]]

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.order)


class GroupedEpochSampler(torch.utils.data.Sampler[int]):
    """Hard-negative batches: a share of the batches holds studies of one group (e.g. one body part).

    Yields a seeded order of all ``n`` indices whose consecutive chunks of ``batch_size`` are the batches
    (the trainer's loader cuts it with ``drop_last``). About ``share`` of the batches are cut from the
    studies sorted by group (groups in random order, shuffled within), so almost all of such a batch shares
    its group and the contrastive loss can only tell its pairs apart by findings, not anatomy; the other
    studies make ordinary mixed batches. Batch order is shuffled. ``start`` skips indices (mid-epoch resume).
    With several processes pass the *global* batch: accelerate gives consecutive local batches to the ranks.
    """

    def __init__(
        self,
        groups: Sequence[Any],
        batch_size: int,
        seed: int,
        epoch: int,
        share: float = 0.5,
        start: int = 0,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        rng = np.random.default_rng([seed, epoch, 11])
        n = len(groups)
        keys = sorted({str(g) for g in groups})
        by_group: dict[str, list[int]] = {k: [] for k in keys}
        for i, g in enumerate(groups):
            by_group[str(g)].append(i)
        grouped_order: list[int] = []
        for k in rng.permutation(len(keys)):
            members = by_group[keys[int(k)]]
            grouped_order += [members[int(j)] for j in rng.permutation(len(members))]
        chunks = [grouped_order[i : i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]
        n_grouped = min(len(chunks), int(round(max(0.0, min(1.0, share)) * (n // batch_size))))
        chosen = sorted(int(c) for c in rng.choice(len(chunks), size=n_grouped, replace=False)) if n_grouped else []
        used = {i for c in chosen for i in chunks[c]}
        rest = [i for i in range(n) if i not in used]
        rest = [rest[int(j)] for j in rng.permutation(len(rest))]
        batches = [chunks[c] for c in chosen] + [rest[i : i + batch_size] for i in range(0, len(rest), batch_size)]
        full = [b for b in batches if len(b) == batch_size]
        partial = [b for b in batches if len(b) < batch_size]
        order = [i for j in rng.permutation(len(full)) for i in full[int(j)]] + [i for b in partial for i in b]
        self.order = order[start:]
        self.n_grouped = n_grouped

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.order)


def make_loader(
    dataset: Dataset,
    batch_size: int,
    num_workers: int = 0,
    sampler: torch.utils.data.Sampler[int] | None = None,
    drop_last: bool = False,
    generator: torch.Generator | None = None,
) -> DataLoader:
    """DataLoader with the settings the trainer and the benchmark share."""
    return DataLoader(
        dataset,
        generator=generator,
        batch_size=batch_size,
        sampler=sampler,
        shuffle=False,
        num_workers=num_workers,
        drop_last=drop_last,
        pin_memory=torch.cuda.is_available(),
        persistent_workers=False,
        prefetch_factor=4 if num_workers > 0 else None,
    )

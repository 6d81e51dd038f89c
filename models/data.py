"""Study-level image-report datasets from in-memory records (no dependency on pipeline/).

A record is ``{"study_id": str, "images": [PNG/JPEG bytes, ...], "text": str}``. Training draws one
random image per study per epoch (seeded by ``(seed, epoch, index)``, so a resumed run sees the same
images and augmentations) and applies the reference augmentations: random resized crop to 512 px,
horizontal flip, affine +-20 degrees / +-10 % translation, brightness/contrast 0.8-1.2, Gaussian blur
sigma 0.1-3, resize to the model's size, normalise mean 0.5 std 0.25. ``crop_size`` (the working
resolution) is configurable so a CPU demo can work at 64-128 px; blur sigmas scale with it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms as T

from models.decode import decode_image as decode
from models.decode import to_8bit
from models.tokenizer import clean_report_text, focus_report

MEAN = (0.5, 0.5, 0.5)
STD = (0.25, 0.25, 0.25)
Tokenizer = Callable[[list[str]], torch.Tensor]
log = logging.getLogger(__name__)


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
    return to_8bit(img).convert("RGB")


def decode_image(data: bytes) -> Image.Image:
    """Decode image bytes fully (raises on corrupt data); 16-bit images min-max scaled to 8 bits."""
    return decode(data, mode=None)


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


def fast_train_transform(image_size: int, aug: AugmentConfig) -> Callable[[Image.Image], torch.Tensor]:
    """The reference augmentations on one 8-bit channel at the model's size: PIL "L" -> normalised 3xSxS.

    Why: the reference pipeline augments a 3-channel float image at 512 px and then resizes to the model's
    size; for a grayscale radiograph that is 3x the work on ~5x the pixels. Here the random resized crop goes
    straight to ``image_size``; flip, affine and brightness/contrast (torchvision.transforms.v2, PIL kernels
    on uint8) and the Gaussian blur (PIL, sigma scaled by ``image_size / 512``) run on one uint8 channel,
    repeated to 3 only as the last step. Same distribution of geometry and photometry; measured against
    v2 on uint8 tensors (affine and blur 3-4x slower there on one core) and today's path in bench/scale.py.
    """
    from PIL import ImageFilter
    from torchvision.transforms import v2

    factor = image_size / 512.0
    sigma = (max(aug.blur_sigma[0] * factor, 1e-3), max(aug.blur_sigma[1] * factor, 2e-3))
    geometry = v2.Compose(
        [
            v2.RandomResizedCrop(image_size, scale=aug.crop_scale, antialias=True),
            v2.RandomHorizontalFlip(aug.hflip),
            v2.RandomAffine(degrees=aug.degrees, translate=(aug.translate, aug.translate)),
            v2.ColorJitter(brightness=aug.brightness, contrast=aug.contrast),
        ]
    )
    mean, std = MEAN[0], STD[0]

    def apply(gray: Image.Image) -> torch.Tensor:
        img = geometry(gray if gray.mode == "L" else gray.convert("L"))
        radius = float(torch.empty(1).uniform_(sigma[0], sigma[1]))
        img = img.filter(ImageFilter.GaussianBlur(radius))
        out = v2.functional.pil_to_tensor(img).float().div_(255.0).sub_(mean).div_(std)
        return out.expand(3, -1, -1)

    return apply


def decode_size(image_size: int, aug: AugmentConfig) -> int:
    """Shorter side to decode at so that the smallest random crop is still not upsampled to ``image_size``."""
    return int(math.ceil(image_size / math.sqrt(aug.crop_scale[0] * 0.75)))


@dataclass
class StudyIndex:
    """Where each study's images live in Parquet part files, and its report tokens: no pixels.

    About 16 bytes per image plus the tokens per study, against ~80 KB of PNG per image: this is what a
    process holds instead of the images (hospital scale: 789k images -> ~13 MB of index).
    Images of study ``s`` are ``image_file[offsets[s]:offsets[s+1]]`` / ``image_row[...]``.
    """

    files: list[str]
    study_ids: list[str]
    offsets: np.ndarray
    image_file: np.ndarray
    image_row: np.ndarray
    tokens: torch.Tensor
    groups: list[Any]

    def __len__(self) -> int:
        return len(self.study_ids)

    def n_images(self, study: int) -> int:
        return int(self.offsets[study + 1] - self.offsets[study])

    def subset(self, keep: Sequence[int]) -> StudyIndex:
        """The studies at positions ``keep`` (in that order)."""
        keep = np.asarray(keep, dtype=np.int64)
        starts, ends = self.offsets[keep], self.offsets[keep + 1]
        take = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)]) if len(keep) else np.zeros(0, np.int64)
        return StudyIndex(
            files=self.files,
            study_ids=[self.study_ids[i] for i in keep],
            offsets=np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64),
            image_file=self.image_file[take],
            image_row=self.image_row[take],
            tokens=self.tokens[torch.as_tensor(keep)] if len(keep) else self.tokens[:0],
            groups=[self.groups[i] for i in keep],
        )

    @classmethod
    def from_parts(
        cls,
        files: Sequence[str],
        study_ids: Sequence[str],
        tokens: torch.Tensor,
        groups: Sequence[Any] | None = None,
        skip_image_ids: Sequence[str] = (),
    ) -> StudyIndex:
        """Index the images of ``study_ids`` in the Parquet ``files`` (columns image_id, study_id; the
        pixels are not read). Images whose id is in ``skip_image_ids`` are left out; studies keep their
        order, and a study without images keeps an empty range (drop it with :meth:`subset`)."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted = pa.array([str(s) for s in study_ids], pa.string())
        skip = pa.array(sorted({str(i) for i in skip_image_ids}), pa.string())
        pos_parts, file_parts, row_parts = [], [], []
        for k, path in enumerate(files):
            table = pq.read_table(path, columns=["image_id", "study_id"])
            pos = pc.index_in(table.column("study_id"), value_set=wanted)
            mask = pc.is_valid(pos)
            if len(skip):
                mask = pc.and_(mask, pc.invert(pc.is_in(table.column("image_id"), value_set=skip)))
            rows = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
            pos_parts.append(pos.to_numpy(zero_copy_only=False)[rows].astype(np.int64))
            file_parts.append(np.full(len(rows), k, np.int32))
            row_parts.append(rows.astype(np.int32))
        pos_all = np.concatenate(pos_parts) if pos_parts else np.zeros(0, np.int64)
        order = np.argsort(pos_all, kind="stable")
        counts = np.bincount(pos_all, minlength=len(study_ids))
        return cls(
            files=[str(f) for f in files],
            study_ids=[str(s) for s in study_ids],
            offsets=np.concatenate([[0], np.cumsum(counts)]).astype(np.int64),
            image_file=(np.concatenate(file_parts) if file_parts else np.zeros(0, np.int32))[order],
            image_row=(np.concatenate(row_parts) if row_parts else np.zeros(0, np.int32))[order],
            tokens=tokens,
            groups=list(groups) if groups is not None else [None] * len(study_ids),
        )


def plan_batches(
    sequence: np.ndarray, groups: np.ndarray, batch_size: int, buffer_size: int, share: float,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Cut ``sequence`` (study positions, in reading order) into batches through a shuffle buffer.

    The buffer holds ``buffer_size`` studies; each batch is drawn from it at random, and with probability
    ``share`` from one group only (hard negatives, e.g. one body part) when some group has a full batch in
    the buffer. A study leaves the buffer at most ``buffer_size`` positions after it entered, so a reader
    keeps only a window of the data. ``len(sequence)`` must be a multiple of ``batch_size``.
    """
    batches: list[np.ndarray] = []
    buffer: list[int] = []
    pos = 0
    n = len(sequence)
    while pos < n or buffer:
        while pos < n and len(buffer) < max(buffer_size, batch_size):
            buffer.append(int(sequence[pos]))
            pos += 1
        chosen: list[int] | None = None
        if share > 0 and rng.random() < share:
            codes = groups[buffer]
            values, counts = np.unique(codes[codes >= 0], return_counts=True)
            full = values[counts >= batch_size]
            if len(full):
                g = full[int(rng.integers(len(full)))]
                members = np.flatnonzero(codes == g)
                chosen = sorted(int(j) for j in rng.choice(members, size=batch_size, replace=False))
        if chosen is None:
            chosen = sorted(int(j) for j in rng.choice(len(buffer), size=batch_size, replace=False))
        batches.append(np.array([buffer[j] for j in chosen], dtype=np.int64))
        for j in reversed(chosen):
            buffer[j] = buffer[-1]
            buffer.pop()
    return batches


class StudyStream(torch.utils.data.IterableDataset):
    """Training studies streamed from Parquet part files: one random image per study per epoch.

    Memory does not grow with the data: a process holds the :class:`StudyIndex` and, per loader worker,
    the pixels of the studies inside the shuffle window. Each epoch (seeded by ``(seed, epoch)``):
    one image is drawn per study; studies are ordered by where their image lives (part files in random
    order, rows in order) so reading is sequential; the first ``len // (world * batch)`` batches'
    worth is split into contiguous blocks, one per rank; each rank's block goes through a shuffle buffer
    into batches (:func:`plan_batches`), and loader worker ``w`` builds batches ``w, w + W, ...``, which is
    exactly the round-robin order in which the DataLoader returns them. The order depends on the seed,
    epoch, rank, world and batch size only (not on the number of workers), so a run resumed after ``c``
    batches (``make_loader`` passes the sampler's start) yields the remaining batches of the same order.

    Images are validated lazily: an image that does not decode is replaced by another study of the same
    batch, counted in ``bad_images`` (this process), logged with its image id and, with ``report_dir``,
    appended to a file there by whichever process (loader worker) met it.
    ``groups`` is None: hard-negative batches are planned here (``group_share``), not by a sampler.
    With several processes the loader is already this rank's share: use it as it is (accelerate must not
    dispatch or re-shard it; move batches to the device). Each worker reads the image column of the part
    files its batches need (parts are read once per worker, mostly from the page cache).
    """

    groups = None

    def __init__(
        self,
        index: StudyIndex,
        image_size: int,
        augment: AugmentConfig | None = None,
        seed: int = 0,
        buffer_size: int = 1024,
        group_share: float = 0.0,
        rank: int | None = None,
        world: int | None = None,
        transform: Callable[[Image.Image], torch.Tensor] | None = None,
        report_dir: str | None = None,
    ) -> None:
        self.index = index
        #: where each process appends "study_id<TAB>image_id" of the images that did not decode
        self.report_dir = report_dir
        self.seed = seed
        self.epoch = 0
        self.buffer_size = buffer_size
        self.group_share = group_share
        aug = augment or AugmentConfig()
        self.reduce_to = decode_size(image_size, aug)
        #: a PIL transform (e.g. the reference one) replaces the uint8 fast path
        self.pil_transform = transform
        self.fast = fast_train_transform(image_size, aug)
        codes = {g: i for i, g in enumerate(sorted({str(g) for g in index.groups if g is not None}))}
        self.group_codes = np.array([codes[str(g)] if g is not None else -1 for g in index.groups], np.int64)
        self.rank, self.world = rank, world
        self.batch_size = 1
        self.start_batch = 0
        self.bad_images = 0

    def __len__(self) -> int:
        return len(self.index)

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def configure(self, batch_size: int, start_items: int = 0) -> None:
        """Batch size per rank and the number of studies (all ranks) already consumed this epoch."""
        rank, world = self._rank_world()
        self.rank, self.world = rank, world
        self.batch_size = batch_size
        self.start_batch = start_items // (batch_size * world)

    def _rank_world(self) -> tuple[int, int]:
        if self.rank is not None and self.world is not None:
            return self.rank, self.world
        if torch.distributed.is_available() and torch.distributed.is_initialized():
            return torch.distributed.get_rank(), torch.distributed.get_world_size()
        return 0, 1

    def rank_batches(self, epoch: int | None = None) -> list[np.ndarray]:
        """This rank's batches of the epoch (study positions), in the order the loader returns them."""
        epoch = self.epoch if epoch is None else epoch
        rank, world = self._rank_world()
        idx, batch = self.index, self.batch_size
        n = len(idx)
        rng = np.random.default_rng([self.seed, epoch, 7])
        counts = np.diff(idx.offsets)
        chosen = idx.offsets[:-1] + (rng.random(n) * np.maximum(counts, 1)).astype(np.int64)
        file_rank = rng.permutation(len(idx.files))
        has = np.flatnonzero(counts > 0)
        keys = file_rank[idx.image_file[chosen[has]]].astype(np.int64) * (1 << 32) + idx.image_row[chosen[has]]
        sequence = has[np.argsort(keys, kind="stable")]
        per_rank = len(sequence) // (world * batch) * batch
        block = sequence[rank * per_rank : (rank + 1) * per_rank]
        plan_rng = np.random.default_rng([self.seed, epoch, 13, rank])
        self._chosen = chosen
        return plan_batches(block, self.group_codes, batch, self.buffer_size, self.group_share, plan_rng)

    def __iter__(self):  # type: ignore[no-untyped-def]
        info = torch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        batches = self.rank_batches()[self.start_batch :]
        mine = batches[worker::workers]
        chosen = self._chosen
        needed: dict[int, set[int]] = {}
        for b in mine:
            for s in b:
                needed.setdefault(int(self.index.image_file[chosen[s]]), set()).add(int(self.index.image_row[chosen[s]]))
        cache: dict[int, dict[int, tuple[str, bytes]]] = {}
        for b in mine:
            samples: list[tuple[torch.Tensor, torch.Tensor] | None] = []
            for s in b:
                f, r = int(self.index.image_file[chosen[s]]), int(self.index.image_row[chosen[s]])
                if f not in cache:
                    cache[f] = _read_rows(self.index.files[f], sorted(needed.pop(f)))
                image_id, data = cache[f].pop(r)
                if not cache[f]:
                    del cache[f]
                sample = self._sample(int(s), image_id, data)
                if sample is None and self.report_dir:
                    path = Path(self.report_dir) / f"undecodable-r{self.rank or 0}-w{worker}.tsv"
                    with path.open("a", encoding="utf-8") as fh:
                        fh.write(f"{self.index.study_ids[int(s)]}\t{image_id}\n")
                samples.append(sample)
            good = [x for x in samples if x is not None]
            if not good:
                raise RuntimeError(f"no image of a batch of {len(b)} studies could be decoded")
            for k, x in enumerate(samples):
                yield x if x is not None else good[k % len(good)]

    def _sample(self, study: int, image_id: str, data: bytes) -> tuple[torch.Tensor, torch.Tensor] | None:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(np.random.default_rng([self.seed, self.epoch, study]).integers(2**62)))
            try:
                if self.pil_transform is not None:
                    image = self.pil_transform(decode(data, mode=None))
                else:
                    image = self.fast(decode(data, reduce_to=self.reduce_to, mode="L"))
            except (UnidentifiedImageError, OSError, ValueError, TypeError, SyntaxError) as exc:
                self.bad_images += 1
                log.warning("undecodable image %s skipped (%s)", image_id, type(exc).__name__)
                return None
        return image, self.index.tokens[study]


def _read_rows(path: str, rows: Sequence[int]) -> dict[int, tuple[str, bytes]]:
    """``{row: (image_id, png bytes)}`` of one part file (one read of its two columns, then only ``rows``)."""
    import pyarrow.parquet as pq

    table = pq.read_table(path, columns=["image_id", "image"]).take(list(rows))
    ids = table.column("image_id").to_pylist()
    col = table.column("image").combine_chunks()
    data = col.field("bytes").to_pylist() if hasattr(col, "field") else col.to_pylist()
    return {r: (i, d or b"") for r, i, d in zip(rows, ids, data)}


def make_loader(
    dataset: Dataset,
    batch_size: int,
    num_workers: int = 0,
    sampler: torch.utils.data.Sampler[int] | None = None,
    drop_last: bool = False,
    generator: torch.Generator | None = None,
) -> DataLoader:
    """DataLoader with the settings the trainer and the benchmark share.

    A :class:`StudyStream` batches itself: the sampler only tells where a resumed epoch starts (its
    length is what is left of the epoch) and is otherwise unused.
    """
    if isinstance(dataset, StudyStream):
        start = len(dataset) - len(sampler) if sampler is not None else 0  # type: ignore[arg-type]
        dataset.configure(batch_size, start)
        return DataLoader(
            dataset,
            batch_size=batch_size,
            num_workers=num_workers,
            pin_memory=torch.cuda.is_available(),
            prefetch_factor=4 if num_workers > 0 else None,
        )
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

"""Embed each image once per model and cache the result in Parquet.

Zero-shot (four strategies), retrieval, linear probes, t-SNE and the report all
read the same cached arrays; only fine-tuning needs pixels again. The cache lives
in ``<root>/<model fingerprint>/<dataset name>/part-*.parquet`` (one part per
call that found new images), so a second evaluation of the same checkpoint
reads instead of recomputing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import torch
from torch.utils.data import DataLoader, Dataset

from eval.data import EvalDataset, ImageSource, load_image
from eval.encoders import Encoder, Preprocess

log = logging.getLogger(__name__)


@dataclass
class ImageEmbeddings:
    """Per-row arrays aligned with an :class:`EvalDataset`; ``ok`` is False where the image failed."""

    features: np.ndarray
    embeddings: np.ndarray | None
    ok: np.ndarray
    errors: dict[int, str] = field(default_factory=dict)

    def subset(self, index: np.ndarray) -> ImageEmbeddings:
        """Rows at ``index`` (indices or boolean mask)."""
        idx = np.flatnonzero(index) if np.asarray(index).dtype == bool else np.asarray(index, dtype=np.int64)
        return ImageEmbeddings(
            features=self.features[idx],
            embeddings=None if self.embeddings is None else self.embeddings[idx],
            ok=self.ok[idx],
        )


class _Images(Dataset):
    """Decodes and preprocesses images; a broken file becomes a zero tensor plus its error text."""

    def __init__(self, sources: list[ImageSource], preprocess: Preprocess, size: int) -> None:
        self.sources = sources
        self.preprocess = preprocess
        self.size = size

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, str]:
        try:
            return self.preprocess(load_image(self.sources[i])), ""
        except Exception as exc:  # noqa: BLE001 - any decode error becomes a reject, never a crash
            return torch.zeros(3, self.size, self.size), f"{type(exc).__name__}: {exc}"[:200]


def compute_embeddings(
    encoder: Encoder, sources: list[ImageSource], batch_size: int = 32, num_workers: int = 0
) -> ImageEmbeddings:
    """Run the image tower over ``sources`` (no cache)."""
    loader = DataLoader(
        _Images(sources, encoder.preprocess, encoder.image_size), batch_size=batch_size, num_workers=num_workers
    )
    device = next(encoder.visual.parameters()).device
    feats, embs, errs = [], [], []
    for pixels, err in loader:
        f, e = encoder.image_features(pixels.to(device))
        feats.append(f.float().cpu())
        if e is not None:
            embs.append(torch.nn.functional.normalize(e.float(), dim=-1).cpu())
        errs.extend(err)
    n = len(sources)
    features = torch.cat(feats).numpy() if feats else np.zeros((0, 0), np.float32)
    embeddings = torch.cat(embs).numpy() if embs else None
    ok = np.array([not e for e in errs], dtype=bool) if n else np.zeros(0, bool)
    return ImageEmbeddings(features, embeddings, ok, {i: e for i, e in enumerate(errs) if e})


def _fixed_list(arr: np.ndarray) -> pa.Array:
    return pa.FixedSizeListArray.from_arrays(pa.array(arr.astype(np.float32).reshape(-1)), arr.shape[1])


def _to_numpy(col: pa.ChunkedArray) -> np.ndarray:
    arr = col.combine_chunks()
    width = arr.type.list_size
    return np.asarray(arr.flatten().to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, width)


class EmbeddingCache:
    """Embeddings per (model fingerprint, dataset), computed once and shared.

    ``enabled=False`` recomputes on every call: the benchmark uses it to measure
    what the cache saves.
    """

    def __init__(
        self, root: Path | None, batch_size: int = 32, num_workers: int = 0, enabled: bool = True
    ) -> None:
        self.root = Path(root) if root is not None else None
        self.batch_size = batch_size
        self.num_workers = num_workers
        self.enabled = enabled
        self._memory: dict[tuple[str, str], dict[str, tuple[np.ndarray, np.ndarray | None]]] = {}
        # Images that failed once are not decoded again in this process (they are not written to disk).
        self._failed: dict[tuple[str, str], dict[str, str]] = {}
        self.computed = 0
        self.reused = 0

    def _dir(self, encoder: Encoder, dataset_name: str) -> Path | None:
        return None if self.root is None else self.root / encoder.fingerprint / dataset_name

    def _load(self, encoder: Encoder, dataset_name: str) -> dict[str, tuple[np.ndarray, np.ndarray | None]]:
        key = (encoder.fingerprint, dataset_name)
        if key in self._memory:
            return self._memory[key]
        rows: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        folder = self._dir(encoder, dataset_name)
        if folder is not None and folder.is_dir():
            for part in sorted(folder.glob("part-*.parquet")):
                tab = pq.read_table(part)
                feats = _to_numpy(tab.column("feature"))
                embs = _to_numpy(tab.column("embedding")) if "embedding" in tab.column_names else None
                for i, iid in enumerate(tab.column("image_id").to_pylist()):
                    rows[iid] = (feats[i], None if embs is None else embs[i])
        self._memory[key] = rows
        return rows

    def _save(self, encoder: Encoder, dataset_name: str, ids: list[str], emb: ImageEmbeddings) -> None:
        folder = self._dir(encoder, dataset_name)
        if folder is None or not ids:
            return
        folder.mkdir(parents=True, exist_ok=True)
        cols = {"image_id": pa.array(ids), "feature": _fixed_list(emb.features)}
        if emb.embeddings is not None:
            cols["embedding"] = _fixed_list(emb.embeddings)
        index = len(list(folder.glob("part-*.parquet")))
        path = folder / f"part-{index:05d}.parquet"
        tmp = path.with_name(path.name + ".tmp")
        pq.write_table(pa.table(cols), tmp)
        tmp.replace(path)

    def get(self, encoder: Encoder, dataset: EvalDataset) -> ImageEmbeddings:
        """Arrays aligned with ``dataset``'s rows, computing only the images not yet cached."""
        if not self.enabled:
            self.computed += len(dataset)
            return compute_embeddings(encoder, dataset.sources, self.batch_size, self.num_workers)
        rows = self._load(encoder, dataset.name)
        errors = self._failed.setdefault((encoder.fingerprint, dataset.name), {})
        missing: dict[str, ImageSource] = {}
        for iid, src in zip(dataset.image_ids, dataset.sources):
            if iid not in rows and iid not in missing and iid not in errors:
                missing[iid] = src
        self.reused += sum(1 for iid in dataset.image_ids if iid in rows)
        if missing:
            ids = list(missing)
            fresh = compute_embeddings(encoder, list(missing.values()), self.batch_size, self.num_workers)
            good = [i for i in range(len(ids)) if fresh.ok[i]]
            for i, msg in fresh.errors.items():
                errors[ids[i]] = msg
            kept = fresh.subset(np.array(good, dtype=np.int64))
            self._save(encoder, dataset.name, [ids[i] for i in good], kept)
            for j, i in enumerate(good):
                rows[ids[i]] = (kept.features[j], None if kept.embeddings is None else kept.embeddings[j])
            self.computed += len(ids)
        return self._assemble(rows, dataset, errors)

    @staticmethod
    def _assemble(
        rows: dict[str, tuple[np.ndarray, np.ndarray | None]], dataset: EvalDataset, errors: dict[str, str]
    ) -> ImageEmbeddings:
        sample = next(iter(rows.values()), None)
        fdim = 0 if sample is None else sample[0].shape[0]
        edim = None if sample is None or sample[1] is None else sample[1].shape[0]
        n = len(dataset)
        feats = np.zeros((n, fdim), np.float32)
        embs = None if edim is None else np.zeros((n, edim), np.float32)
        ok = np.zeros(n, bool)
        errs: dict[int, str] = {}
        for i, iid in enumerate(dataset.image_ids):
            hit = rows.get(iid)
            if hit is None:
                errs[i] = errors.get(iid, "image could not be embedded")
                continue
            feats[i] = hit[0]
            if embs is not None and hit[1] is not None:
                embs[i] = hit[1]
            ok[i] = True
        return ImageEmbeddings(feats, embs, ok, errs)

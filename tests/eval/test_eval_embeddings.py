"""Embeddings are computed once per (model, dataset), cached in Parquet, and bad images become rejects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from eval_testkit import encoder_fixture, one_torch_thread_fixture, png_bytes, tiny_encoder  # noqa: F401 - fixtures, requested by name

from eval.data import EvalDataset, load_image
from eval.embeddings import EmbeddingCache, compute_embeddings


def make_ds(sources: list, name: str = "toy") -> EvalDataset:
    n = len(sources)
    return EvalDataset(
        name=name, task="t", kind="binary", class_names=["a", "b"], image_ids=[f"i{k}" for k in range(n)],
        sources=sources, study_ids=[f"s{k}" for k in range(n)], patient_ids=[f"p{k}" for k in range(n)],
        splits=["test"] * n, labels=np.arange(n) % 2, body_parts=["x"] * n,
    )


def test_features_and_embeddings_match_open_clip(encoder) -> None:
    sources = [png_bytes(v) for v in (10, 120, 240)]
    emb = compute_embeddings(encoder, sources, batch_size=2)
    px = torch.stack([encoder.preprocess(load_image(s)) for s in sources])
    with torch.no_grad():
        expected = torch.nn.functional.normalize(encoder.clip.encode_image(px), dim=-1).numpy()
    np.testing.assert_allclose(emb.embeddings, expected, atol=1e-5)
    assert emb.features.shape == (3, 32) and emb.ok.all()


def test_cache_computes_once_and_persists(encoder, tmp_path: Path) -> None:
    ds = make_ds([png_bytes(v) for v in range(0, 200, 25)])
    cache = EmbeddingCache(tmp_path)
    first = cache.get(encoder, ds)
    second = cache.get(encoder, ds.split("test").subset([1, 3]))
    assert cache.computed == 8 and cache.reused == 2
    np.testing.assert_allclose(second.embeddings, first.embeddings[[1, 3]])
    parts = list((tmp_path / encoder.fingerprint / "toy").glob("part-*.parquet"))
    assert len(parts) == 1
    fresh = EmbeddingCache(tmp_path)  # a new process reads the Parquet cache instead of recomputing
    again = fresh.get(encoder, ds)
    assert fresh.computed == 0 and fresh.reused == 8
    np.testing.assert_allclose(again.features, first.features, atol=1e-6)
    other = EmbeddingCache(tmp_path)
    other.get(tiny_encoder(seed=1), ds)  # another model: another fingerprint, recomputed
    assert other.computed == 8


def test_disabled_cache_recomputes(encoder, tmp_path: Path) -> None:
    ds = make_ds([png_bytes(v) for v in (1, 2, 3)])
    cache = EmbeddingCache(tmp_path, enabled=False)
    cache.get(encoder, ds)
    cache.get(encoder, ds)
    assert cache.computed == 6 and not any(tmp_path.iterdir())


def test_broken_image_is_reported_not_fatal(encoder, tmp_path: Path) -> None:
    ds = make_ds([png_bytes(5), b"not an image", str(tmp_path / "missing.png")])
    emb = EmbeddingCache(tmp_path).get(encoder, ds)
    assert emb.ok.tolist() == [True, False, False]
    assert set(emb.errors) == {1, 2} and all(emb.errors.values())


@pytest.mark.parametrize("mode", ["I;16", "L", "RGB"])
def test_load_image_handles_bit_depths(mode: str) -> None:
    import io

    from PIL import Image

    arr = (np.arange(64 * 64).reshape(64, 64) * 16).astype(np.uint16 if mode == "I;16" else np.uint8)
    img = Image.fromarray(arr) if mode != "RGB" else Image.fromarray(np.stack([arr] * 3, -1))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    out = load_image(buf.getvalue())
    assert out.mode in ("L", "RGB") and np.asarray(out).max() > 0

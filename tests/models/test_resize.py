"""FlexiViT pseudo-inverse patch resize and position-embedding interpolation."""

from __future__ import annotations

from pathlib import Path

import open_clip
import torch
import torch.nn.functional as F
from timm.layers import resample_patch_embed

import models
from models.factory import WEIGHTS_FILE
from models.resize import resize_checkpoint


def _resize_patches(x: torch.Tensor, old: int, new: int) -> torch.Tensor:
    """Resize every old x old patch of ``x`` to new x new (bicubic, antialias), as FlexiViT defines it."""
    b, c, h, w = x.shape
    gh, gw = h // old, w // old
    patches = x.reshape(b, c, gh, old, gw, old).permute(0, 2, 4, 1, 3, 5).reshape(-1, c, old, old)
    resized = F.interpolate(patches, size=(new, new), mode="bicubic", antialias=True, align_corners=False)
    resized = resized.reshape(b, gh, gw, c, new, new).permute(0, 3, 1, 4, 2, 5)
    return resized.reshape(b, c, gh * new, gw * new)


def test_pseudo_inverse_property() -> None:
    torch.manual_seed(0)
    kernel = torch.randn(16, 3, 8, 8, dtype=torch.float64)
    x = torch.randn(2, 3, 32, 32, dtype=torch.float64)
    tokens = F.conv2d(x, kernel, stride=8)
    for new in (12, 16):
        new_kernel = resample_patch_embed(kernel, [new, new])
        resized_tokens = F.conv2d(_resize_patches(x, 8, new), new_kernel, stride=new)
        torch.testing.assert_close(resized_tokens, tokens, rtol=0, atol=1e-4)


def _ckpt(tmp_path: Path, tokenizer_dir: Path, size: int) -> Path:
    torch.manual_seed(0)
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tokenizer_dir, image_size=size)
    return models.save_checkpoint(model, cfg, tmp_path / f"src{size}", train_state={"epoch": 2})


def test_flexivit_resize_keeps_tokens(tmp_path: Path, tokenizer_dir: Path) -> None:
    src = _ckpt(tmp_path, tokenizer_dir, 32)
    dst = resize_checkpoint(src, tmp_path / "p12", image_size=48, patch_size=12)
    a, b = models.load_checkpoint(src), models.load_checkpoint(dst)
    assert b.image_size == 48 and b.model.visual.trunk.patch_embed.patch_size == (12, 12)
    assert models.read_train_state(dst)["method"] == "flexivit_pinv"
    torch.manual_seed(1)
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        old_tokens = a.model.visual.trunk.patch_embed(x)
        new_tokens = b.model.visual.trunk.patch_embed(_resize_patches(x, 8, 12))
    torch.testing.assert_close(new_tokens, old_tokens, rtol=0, atol=1e-4)
    # same grid (4x4): position embeddings are carried over unchanged
    assert torch.equal(a.model.visual.trunk.pos_embed, b.model.visual.trunk.pos_embed)
    oc, _, _ = open_clip.create_model_and_transforms(models.register_checkpoint(dst), pretrained=str(dst / WEIGHTS_FILE))
    with torch.no_grad():
        assert oc.eval().encode_image(torch.randn(1, 3, 48, 48)).shape == (1, 128)


def test_pos_embed_interpolation(tmp_path: Path, tokenizer_dir: Path) -> None:
    src = _ckpt(tmp_path, tokenizer_dir, 32)
    same = resize_checkpoint(src, tmp_path / "same", image_size=32)
    bigger = resize_checkpoint(src, tmp_path / "bigger", image_size=64)
    a, s, b = (models.load_checkpoint(p) for p in (src, same, bigger))
    torch.manual_seed(2)
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        torch.testing.assert_close(s.model.encode_image(x), a.model.encode_image(x), rtol=0, atol=0)
        assert b.model.encode_image(torch.randn(2, 3, 64, 64)).shape == (2, 128)
    assert b.model.visual.trunk.pos_embed.shape[1] == 1 + 8 * 8
    assert models.read_train_state(bigger)["method"] == "pos_embed_interpolation"
    # the interpolated grid, sampled back at the old positions, is the old grid (smooth resample)
    old = a.model.visual.trunk.pos_embed[0, 1:].reshape(4, 4, -1)
    new = b.model.visual.trunk.pos_embed[0, 1:].reshape(8, 8, -1)
    assert torch.equal(b.model.visual.trunk.pos_embed[0, 0], a.model.visual.trunk.pos_embed[0, 0])
    assert (new.mean((0, 1)) - old.mean((0, 1))).abs().max() < 0.05

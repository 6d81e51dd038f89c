"""FlexiViT pseudo-inverse patch resize and position-embedding interpolation."""

from __future__ import annotations

from pathlib import Path

import open_clip
import torch
import torch.nn.functional as F

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


def test_resize_state_dict_is_the_flexivit_pseudo_inverse(tmp_path: Path, tokenizer_dir: Path) -> None:
    """Our resize_state_dict (not timm's function alone): the patch kernel it writes into the new model equals
    the FlexiViT pseudo-inverse computed here independently with numpy (B = the patch resize as a matrix,
    new = pinv(B^T) old), so tokens of the resized image equal the original tokens; the position embedding
    (same grid here) and every other tensor are copied unchanged."""
    import copy

    import numpy as np

    from models.resize import PATCH_KEY, POS_KEY, resize_state_dict

    torch.manual_seed(0)
    old_model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tokenizer_dir, image_size=32)
    state = old_model.state_dict()
    old_patch = int(old_model.visual.trunk.patch_embed.patch_size[0])
    new_patch = 12
    new_cfg = copy.deepcopy(cfg)
    from models.timm_archs import resized_arch_name

    vision = new_cfg["vision_cfg"]
    vision["timm_model_name"] = resized_arch_name(vision["timm_model_name"], 48, new_patch)
    vision["image_size"] = 48
    new_model = open_clip.CustomTextCLIP(**{k: v for k, v in new_cfg.items() if k in ("embed_dim", "vision_cfg", "text_cfg")})
    out = resize_state_dict(state, new_model, tuple(old_model.visual.trunk.patch_embed.grid_size))
    new_model.load_state_dict(out, strict=True)

    # B: (old*old) -> (new*new) resize of one patch, column by column on the unit basis
    eye = torch.eye(old_patch * old_patch, dtype=torch.float64).reshape(-1, 1, old_patch, old_patch)
    basis = F.interpolate(eye, size=(new_patch, new_patch), mode="bicubic", antialias=True, align_corners=False)
    b = basis.reshape(old_patch * old_patch, -1).T.numpy()  # (new^2, old^2)
    kernel = state[PATCH_KEY].double().numpy()
    flat = kernel.reshape(kernel.shape[0] * kernel.shape[1], -1)  # (out*in, old^2)
    expected = (np.linalg.pinv(b.T) @ flat.T).T.reshape(kernel.shape[0], kernel.shape[1], new_patch, new_patch)
    np.testing.assert_allclose(out[PATCH_KEY].double().numpy(), expected, atol=1e-4)

    x = torch.randn(2, 3, 32, 32, dtype=torch.float64)
    tokens = F.conv2d(x, state[PATCH_KEY].double(), stride=old_patch)
    resized = F.conv2d(_resize_patches(x, old_patch, new_patch), out[PATCH_KEY].double(), stride=new_patch)
    torch.testing.assert_close(resized, tokens, rtol=0, atol=1e-4)
    # 32/8 and 48/12: the same 4x4 grid, so the position embedding is copied like every other tensor
    assert POS_KEY in out
    for key in state:
        if key != PATCH_KEY:
            assert torch.equal(out[key], state[key]), key


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

"""Checkpoint resizing for higher resolution: FlexiViT patch resize or position-embedding interpolation.

- Patch size change (e.g. B/16@224 -> B/24@336, B/16 -> B/32@448): the patch-embedding kernel is
  resampled with timm's pseudo-inverse resize (``timm.layers.resample_patch_embed``, FlexiViT), so a
  patch resized by the patch ratio yields the same token as before; the position embeddings are
  interpolated to the new grid when it changes.
- Image size only (B/16@224 -> B/16@336 or 448): the position embeddings are interpolated
  (``timm.layers.resample_abs_pos_embed``, bicubic) to the larger grid.

The result is a new checkpoint directory (config + weights + tokenizer) that open_clip loads and that
training continues from (``TrainConfig.init_checkpoint``; the reference continues at lr 1e-6).
"""

from __future__ import annotations

import copy
from pathlib import Path

import open_clip
import torch
from open_clip.factory import load_state_dict
from timm.layers import resample_abs_pos_embed, resample_patch_embed

from models.factory import _localise, asdict_pp, read_train_state, save_checkpoint, weights_path
from models.timm_archs import resized_arch_name

PATCH_KEY = "visual.trunk.patch_embed.proj.weight"
POS_KEY = "visual.trunk.pos_embed"


def resize_state_dict(
    state: dict[str, torch.Tensor],
    model: torch.nn.Module,
    old_grid: tuple[int, int],
) -> dict[str, torch.Tensor]:
    """Adapt patch-embedding and position-embedding tensors of ``state`` to ``model``'s shapes."""
    state = dict(state)
    trunk = model.visual.trunk
    new_kernel = tuple(trunk.patch_embed.proj.weight.shape[-2:])
    if tuple(state[PATCH_KEY].shape[-2:]) != new_kernel:
        kernel = state[PATCH_KEY].float()
        state[PATCH_KEY] = resample_patch_embed(kernel, list(new_kernel)).to(state[PATCH_KEY].dtype)
    if POS_KEY in state:
        prefix = 0 if getattr(trunk, "no_embed_class", False) else int(getattr(trunk, "num_prefix_tokens", 1))
        new_grid = tuple(trunk.patch_embed.grid_size)
        if tuple(old_grid) != new_grid:
            pos = state[POS_KEY].float()
            state[POS_KEY] = resample_abs_pos_embed(
                pos, new_size=list(new_grid), old_size=list(old_grid), num_prefix_tokens=prefix
            ).to(state[POS_KEY].dtype)
    return state


def resize_checkpoint(
    src_dir: str | Path,
    dst_dir: str | Path,
    image_size: int,
    patch_size: int | None = None,
) -> Path:
    """Write ``dst_dir``: the ``src_dir`` checkpoint at ``image_size`` (and ``patch_size`` if given).

    ``patch_size=None`` keeps the patch size (position-embedding interpolation only).
    """
    src = Path(src_dir)
    data = _localise(src)
    model_cfg = copy.deepcopy(data["model_cfg"])
    vision = model_cfg["vision_cfg"]
    old_size = int(vision["image_size"] if isinstance(vision["image_size"], int) else vision["image_size"][0])
    old_model = open_clip.CustomTextCLIP(**copy.deepcopy(model_cfg))
    old_grid = tuple(old_model.visual.trunk.patch_embed.grid_size)
    old_patch = int(old_model.visual.trunk.patch_embed.patch_size[0])
    del old_model
    new_patch = patch_size or old_patch
    if image_size % new_patch:
        raise ValueError(f"image size {image_size} is not a multiple of patch size {new_patch}")
    vision["timm_model_name"] = resized_arch_name(vision["timm_model_name"], image_size, new_patch)
    vision["image_size"] = image_size
    model = open_clip.CustomTextCLIP(**copy.deepcopy(model_cfg))
    state = load_state_dict(str(weights_path(src)))
    model.load_state_dict(resize_state_dict(state, model, old_grid), strict=True)
    pp = asdict_pp({**(data.get("preprocess_cfg") or {}), "size": image_size})
    config = {**model_cfg, "preprocess_cfg": pp}
    train_state = {
        "resized_from": {
            "checkpoint": src.name,
            "image_size": old_size,
            "patch_size": old_patch,
            "train_state": read_train_state(src),
        },
        "image_size": image_size,
        "patch_size": new_patch,
        "method": "flexivit_pinv" if new_patch != old_patch else "pos_embed_interpolation",
    }
    return save_checkpoint(model, config, dst_dir, train_state=train_state)

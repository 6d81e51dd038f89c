"""ViT architectures at arbitrary (image size, patch size), registered in timm's model registry.

open_clip's timm adapter calls ``timm.create_model(timm_model_name, ...)`` without an image size, so a
ViT-B at 336 px, a FlexiViT-resized B/24 or the tiny CPU model each need a timm *name*. Names follow
``hvlp_vit_<variant>_patch<P>_<S>`` and are parsed on demand (:func:`ensure_timm_arch`), so a resized
checkpoint's config is always resolvable after ``import models``. Every variant delegates to a stock
timm ViT (same module structure, so ImageNet weights load, with timm itself resampling the patch and
position embeddings when they differ).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import timm
from timm.models import register_model

PREFIX = "hvlp_vit_"
_NAME_RE = re.compile(r"^hvlp_vit_(?P<variant>[a-z0-9]+)_patch(?P<patch>\d+)_(?P<size>\d+)$")


@dataclass(frozen=True)
class VitVariant:
    """A ViT width/depth family: the stock timm arch it is built from and its overrides."""

    base_arch: str
    overrides: dict[str, Any] = field(default_factory=dict)
    has_pretrained: bool = True


VARIANTS: dict[str, VitVariant] = {
    "base": VitVariant("vit_base_patch16_224"),
    "small": VitVariant("vit_small_patch16_224"),
    "tiny": VitVariant("vit_tiny_patch16_224"),
    # Random-init only: the CPU demo/test tower (a few hundred k parameters).
    "micro": VitVariant(
        "vit_tiny_patch16_224", {"embed_dim": 64, "depth": 3, "num_heads": 2, "mlp_ratio": 2.0}, False
    ),
    "nano": VitVariant(
        "vit_tiny_patch16_224", {"embed_dim": 48, "depth": 2, "num_heads": 2, "mlp_ratio": 2.0}, False
    ),
}


def arch_name(variant: str, patch_size: int, image_size: int) -> str:
    """The registered timm name for ``variant`` at the given patch and image size."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown ViT variant {variant!r}; known: {sorted(VARIANTS)}")
    return f"{PREFIX}{variant}_patch{patch_size}_{image_size}"


def parse_arch_name(name: str) -> tuple[str, int, int] | None:
    """(variant, patch size, image size) of one of our names, None for any other timm name."""
    m = _NAME_RE.match(name)
    if m is None or m.group("variant") not in VARIANTS:
        return None
    return m.group("variant"), int(m.group("patch")), int(m.group("size"))


def _make_entrypoint(name: str, variant: VitVariant, patch: int, size: int) -> Callable[..., Any]:
    def entrypoint(pretrained: bool = False, **kwargs: Any) -> Any:
        if pretrained and not variant.has_pretrained:
            raise ValueError(f"{name} is a random-init architecture; it has no pretrained weights")
        # timm passes these to every entrypoint; the delegated create_model resolves its own cfg.
        for key in ("pretrained_cfg", "pretrained_cfg_overlay"):
            if kwargs.get(key) is None:
                kwargs.pop(key, None)
        args = {**variant.overrides, "img_size": size, "patch_size": patch, **kwargs}
        return timm.create_model(variant.base_arch, pretrained=pretrained, **args)

    entrypoint.__name__ = name
    entrypoint.__qualname__ = name
    entrypoint.__module__ = __name__
    entrypoint.__doc__ = f"{variant.base_arch} at {size}px, patch {patch} ({variant.overrides or 'stock'})"
    return entrypoint


def ensure_timm_arch(name: str) -> str:
    """Register ``name`` in timm if it is one of ours and not yet known; return it unchanged."""
    parsed = parse_arch_name(name)
    if parsed is None or timm.is_model(name):
        return name
    variant, patch, size = parsed
    if size % patch:
        raise ValueError(f"{name}: image size {size} is not a multiple of patch size {patch}")
    fn = _make_entrypoint(name, VARIANTS[variant], patch, size)
    setattr(sys.modules[__name__], name, fn)
    register_model(fn)
    return name


def resized_arch_name(name: str, image_size: int, patch_size: int | None) -> str:
    """The timm name of ``name``'s architecture at a new image size (and optionally patch size)."""
    parsed = parse_arch_name(name)
    if parsed is not None:
        variant, patch, _ = parsed
    else:
        stock = re.match(r"^vit_(base|small|tiny)_patch(\d+)_(\d+)$", name)
        if stock is None:
            raise ValueError(f"cannot resize timm model {name!r}: not a plain ViT name we know")
        variant, patch = stock.group(1), int(stock.group(2))
    return ensure_timm_arch(arch_name(variant, patch_size or patch, image_size))

"""A thin adapter over the models we evaluate.

Evaluation needs two things from an image model: the pooled CLS feature before
the CLIP projection (input of linear probes, as in the reference) and, for CLIP
models, the projected embedding (zero-shot and retrieval). One forward pass gives
both. The adapter accepts ``models.load_checkpoint``'s ``LoadedClip``, a bare
open_clip ``CLIP`` (tests), or a timm ViT (ImageNet / random-init baselines).
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image
from torch import nn

Preprocess = Callable[[Image.Image], torch.Tensor]
Tokenizer = Callable[[list[str]], torch.Tensor]


@dataclass
class Encoder:
    """Image (and optionally text) encoder under evaluation."""

    name: str
    visual: nn.Module
    preprocess: Preprocess
    image_size: int
    clip: nn.Module | None = None
    tokenizer: Tokenizer | None = None
    is_timm_baseline: bool = False
    _fingerprint: str | None = None

    @property
    def has_text(self) -> bool:
        """Zero-shot and retrieval need a text tower."""
        return self.clip is not None and self.tokenizer is not None

    @property
    def logit_scale(self) -> float:
        """CLIP temperature used to turn similarities into probabilities."""
        if self.clip is not None and hasattr(self.clip, "logit_scale"):
            return float(self.clip.logit_scale.detach().exp().clamp(max=100.0))
        return 100.0

    @property
    def fingerprint(self) -> str:
        """Hash of the weights and preprocessing: the embedding cache key."""
        if self._fingerprint is None:
            h = hashlib.sha256()
            h.update(re.sub(r" at 0x[0-9a-f]+", "", repr(self.preprocess)).encode())
            h.update(getattr(self.preprocess, "__qualname__", "").encode())
            h.update(str(self.image_size).encode())
            module = self.clip if self.clip is not None else self.visual
            for key, tensor in sorted(module.state_dict().items()):
                h.update(key.encode())
                h.update(str(tuple(tensor.shape)).encode())
                h.update(tensor.detach().cpu().contiguous().view(-1).view(torch.uint8).numpy().tobytes())
            self._fingerprint = h.hexdigest()[:20]
        return self._fingerprint

    @torch.no_grad()
    def image_features(self, pixels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Pooled CLS feature (pre-projection) and CLIP embedding (None for baselines)."""
        return visual_features(self.visual, pixels, projected=not self.is_timm_baseline)

    @torch.no_grad()
    def encode_text(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalised text embeddings, one row per text."""
        if not self.has_text:
            raise ValueError(f"encoder {self.name} has no text tower: zero-shot and retrieval need a CLIP model")
        assert self.clip is not None and self.tokenizer is not None
        device = next(self.clip.parameters()).device
        out = []
        for i in range(0, len(texts), batch_size):
            tokens = self.tokenizer(texts[i : i + batch_size]).to(device)
            emb = self.clip.encode_text(tokens)
            out.append(torch.nn.functional.normalize(emb.float(), dim=-1).cpu())
        return torch.cat(out).numpy() if out else np.zeros((0, 0), dtype=np.float32)


def visual_features(
    visual: nn.Module, pixels: torch.Tensor, projected: bool = True
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Run an image tower once, returning (pre-projection feature, projected embedding).

    Handles open_clip's built-in ``VisionTransformer`` (projection is the ``proj``
    matrix), open_clip's ``TimmModel`` (timm trunk + ``head``) and a bare timm model
    (``num_classes=0``: its output is the pooled pre-logits feature).
    """
    from open_clip.timm_model import TimmModel
    from open_clip.transformer import VisionTransformer

    if isinstance(visual, VisionTransformer) and visual.proj is not None:
        proj = visual.proj
        try:
            visual.proj = None
            out = visual(pixels)
        finally:
            visual.proj = proj
        pooled = out[0] if isinstance(out, tuple) else out
        return pooled, pooled @ proj
    if isinstance(visual, TimmModel):
        trunk = visual.trunk
        feats = trunk.forward_head(trunk.forward_features(pixels), pre_logits=True)
        classifier = trunk.get_classifier()
        emb = visual.head(classifier(feats) if isinstance(classifier, nn.Module) else feats)
        if feats.ndim == 3:  # no pooling configured: the CLS token is the first one
            feats, emb = feats[:, 0], emb[:, 0]
        return feats, emb
    out = visual(pixels)
    pooled = out[0] if isinstance(out, tuple) else out
    return pooled, (pooled if projected else None)


def from_open_clip(
    name: str, model: nn.Module, tokenizer: Tokenizer | None, preprocess: Preprocess | None = None,
    image_size: int | None = None,
) -> Encoder:
    """Wrap a bare open_clip CLIP model (tests, demo) with open_clip's eval transform."""
    import open_clip

    model.eval()
    size = image_size or int(_size_of(model.visual))
    if preprocess is None:
        preprocess = open_clip.image_transform(size, is_train=False)
    return Encoder(name=name, visual=model.visual, preprocess=preprocess, image_size=size, clip=model, tokenizer=tokenizer)


def from_loaded(name: str, loaded: Any) -> Encoder:
    """Wrap ``models.load_checkpoint``'s LoadedClip (model, preprocess, tokenizer, image_size)."""
    model = loaded.model
    model.eval()
    return Encoder(
        name=name, visual=model.visual, preprocess=loaded.preprocess, image_size=int(loaded.image_size),
        clip=model, tokenizer=loaded.tokenizer,
    )


def load_checkpoint_encoder(path: Path, device: str = "cpu", name: str | None = None) -> Encoder:
    """Load one of our pretrained checkpoints through ``models.load_checkpoint``."""
    import models

    path = Path(path)
    loaded = models.load_checkpoint(path, device=device)
    # pretrain writes <run>/best and <run>/last, continue-pretrain <target>/continued/best: keep the run (and
    # target) name so that runs stay apart in tables
    parts = path.parts[-3:] if path.parent.name == "continued" else path.parts[-2:]
    default = "/".join(parts) if path.name in ("best", "last") else path.name
    return from_loaded(name or default, loaded)


def _size_of(visual: nn.Module) -> int:
    size = getattr(visual, "image_size", None)
    if size is None and hasattr(visual, "trunk"):
        size = getattr(visual.trunk, "patch_embed", None) and visual.trunk.patch_embed.img_size
    if isinstance(size, tuple | list):
        size = size[0]
    return int(size or 224)


def timm_baseline(
    model_name: str, init: str, image_size: int, weights: Path | None = None, seed: int = 0
) -> Encoder:
    """The reference's baselines: the same timm ViT from ImageNet weights or from random init.

    ImageNet weights are never downloaded: they come from ``weights`` (a local
    .safetensors/.bin/.pth file) or from the Hugging Face cache.
    """
    import timm
    from timm.data import create_transform, resolve_data_config

    if init not in ("imagenet", "random"):
        raise ValueError(f"baseline init must be 'imagenet' or 'random', not {init!r}")
    kwargs: dict[str, Any] = {"num_classes": 0, "img_size": image_size}
    if init == "imagenet":
        file = Path(weights) if weights else _hf_cached_weights(model_name)
        if file is None or not file.is_file():
            raise FileNotFoundError(
                f"ImageNet weights for {model_name} not found (looked at {weights or 'the Hugging Face cache'}). "
                f"Put them in the HF cache (e.g. `huggingface-cli download timm/{model_name}` on a machine with "
                f"internet, then copy ~/.cache/huggingface) or pass the local file path as imagenet_weights."
            )
        model = timm.create_model(model_name, pretrained=True, pretrained_cfg_overlay={"file": str(file)}, **kwargs)
    else:
        torch.manual_seed(seed)
        model = timm.create_model(model_name, pretrained=False, **kwargs)
    model.eval()
    cfg = resolve_data_config({}, model=model)
    cfg["input_size"] = (3, image_size, image_size)
    cfg["crop_pct"] = 1.0
    tf = create_transform(**cfg, is_training=False)

    def preprocess(img: Image.Image) -> torch.Tensor:
        return tf(img.convert("RGB"))

    preprocess.__qualname__ = f"timm_transform({cfg})"
    return Encoder(
        name=f"{model_name}-{init}", visual=model, preprocess=preprocess, image_size=image_size,
        is_timm_baseline=True,
    )


def _hf_cached_weights(model_name: str) -> Path | None:
    """Locate a timm model's weights in the local Hugging Face cache, without network access."""
    try:
        import timm
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    cfg = timm.models.get_pretrained_cfg(model_name)
    repo = getattr(cfg, "hf_hub_id", None) if cfg is not None else None
    if not repo:
        return None
    for fname in ("model.safetensors", "pytorch_model.bin", "open_clip_pytorch_model.bin"):
        hit = try_to_load_from_cache(repo.split(":")[0], fname)
        if isinstance(hit, str):
            return Path(hit)
    return None


def clone_visual(encoder: Encoder) -> nn.Module:
    """Deep copy of the image tower, so fine-tuning never alters the evaluated model."""
    return copy.deepcopy(encoder.visual)

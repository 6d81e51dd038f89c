"""What is explained: an image model turned into class logits, and where its ViT lives.

Every method of this package explains a :class:`ScoreModel`: a module mapping normalised pixels
``(B, 3, H, W)`` to class logits ``(B, C)`` with the explained class at ``target``. Two
constructions cover the project's uses:

- :func:`zero_shot_target`: a CLIP image tower and a prompt pair (positive, normal) from the
  evaluate prompt YAML; the logits are ``logit_scale * cos(image, prompt)``, so the softmax
  probability of class 0 is exactly evaluate's ``text_binary`` zero-shot score;
- :func:`probe_target`: an image tower's pooled feature followed by a trained linear probe.

TIS and attention rollout also need the ViT inside (:func:`find_vit`), to hook its token sequence
right after the position embedding and its attention maps.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class VitParts:
    """The pieces of a ViT that token-level methods hook, for timm and open_clip's own ViT."""

    module: nn.Module
    #: module whose forward output is the token sequence after patch projection + position embedding
    token_hook: nn.Module
    blocks: list[nn.Module]
    num_prefix_tokens: int
    patch_size: tuple[int, int]
    #: (attention module, submodule whose output is the softmax attention when not fused) per block
    attention: list[tuple[nn.Module, nn.Module | None]]

    def grid(self, height: int, width: int) -> tuple[int, int]:
        """Token grid of an input of that size."""
        return height // self.patch_size[0], width // self.patch_size[1]


def find_vit(model: nn.Module) -> VitParts:
    """Locate the (first) ViT inside ``model``: a timm VisionTransformer or open_clip's VisionTransformer."""
    from timm.models.vision_transformer import VisionTransformer as TimmViT

    for module in model.modules():
        if isinstance(module, TimmViT):
            ps = module.patch_embed.patch_size
            return VitParts(
                module=module, token_hook=module.pos_drop, blocks=list(module.blocks),
                num_prefix_tokens=int(module.num_prefix_tokens),
                patch_size=(int(ps[0]), int(ps[1])) if isinstance(ps, tuple | list) else (int(ps), int(ps)),
                attention=[(b.attn, getattr(b.attn, "attn_drop", None)) for b in module.blocks],
            )
    if not any(type(m).__module__.startswith("open_clip") for m in model.modules()):
        raise TypeError(f"{type(model).__name__} holds no timm or open_clip VisionTransformer: TIS and rollout need a ViT")
    from open_clip.transformer import (
        VisionTransformer as OpenClipViT,  # imported only when needed: it is slow
    )

    for module in model.modules():
        if isinstance(module, OpenClipViT):
            ps = module.patch_size
            blocks = list(module.transformer.resblocks)
            return VitParts(
                module=module, token_hook=module.patch_dropout, blocks=blocks, num_prefix_tokens=1,
                patch_size=(int(ps[0]), int(ps[1])) if isinstance(ps, tuple | list) else (int(ps), int(ps)),
                attention=[(b.attn, None) for b in blocks],
            )
    raise TypeError(f"{type(model).__name__} holds no timm or open_clip VisionTransformer: TIS and rollout need a ViT")


class ScoreModel(nn.Module):
    """Pixels -> class logits; ``target`` is the explained class, ``labels`` name the classes."""

    def __init__(self, net: nn.Module, target: int = 0, labels: tuple[str, ...] = ("positive", "negative")):
        super().__init__()
        self.net = net
        self.target = int(target)
        self.labels = tuple(labels)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.net(pixels)

    @torch.no_grad()
    def probability(self, pixels: torch.Tensor, batch_size: int = 64) -> torch.Tensor:
        """Softmax probability of the target class, batched; the score every perturbation method uses."""
        out = [torch.softmax(self.net(pixels[i:i + batch_size]).float(), dim=-1)[:, self.target]
               for i in range(0, pixels.shape[0], batch_size)]
        return torch.cat(out)


class _ZeroShotHead(nn.Module):
    """Image tower -> cosine similarity to fixed text embeddings, times the CLIP temperature."""

    def __init__(self, visual: nn.Module, text_embeddings: torch.Tensor, logit_scale: float):
        super().__init__()
        self.visual = visual
        self.register_buffer("text", nn.functional.normalize(text_embeddings.float(), dim=-1))
        self.logit_scale = float(logit_scale)

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        emb = self.visual(pixels)
        emb = emb[0] if isinstance(emb, tuple) else emb
        emb = nn.functional.normalize(emb.float(), dim=-1)
        return self.logit_scale * emb @ self.text.to(emb.device).T


def zero_shot_target(clip: nn.Module, tokenizer, positive: str, normal: str) -> ScoreModel:
    """A CLIP model and a prompt pair -> logits (positive, normal); target 0 is the positive prompt."""
    device = next(clip.parameters()).device
    with torch.no_grad():
        text = clip.encode_text(tokenizer([positive, normal]).to(device)).float()
    scale = float(clip.logit_scale.detach().exp().clamp(max=100.0)) if hasattr(clip, "logit_scale") else 100.0
    return ScoreModel(_ZeroShotHead(clip.visual, text, scale), target=0, labels=(positive, normal))


class _ProbeHead(nn.Module):
    """Pre-projection pooled feature of the image tower -> a linear probe; one output means a sigmoid probe."""

    def __init__(self, visual: nn.Module, probe: nn.Linear):
        super().__init__()
        self.visual = visual
        self.probe = probe

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        trunk = getattr(self.visual, "trunk", None)
        if trunk is not None:
            feats = trunk.forward_head(trunk.forward_features(pixels), pre_logits=True)
        else:
            feats = self.visual(pixels)
            feats = feats[0] if isinstance(feats, tuple) else feats
        logits = self.probe(feats.float())
        if logits.shape[-1] == 1:  # binary probe: softmax over (z, 0) is sigmoid(z)
            logits = torch.cat([logits, torch.zeros_like(logits)], dim=-1)
        return logits


def probe_target(visual: nn.Module, probe: nn.Linear, target: int = 0,
                 labels: tuple[str, ...] = ("positive", "negative")) -> ScoreModel:
    """A trained linear probe on the image tower's pooled feature; a 1-output probe explains its positive side."""
    return ScoreModel(_ProbeHead(visual, probe), target=target, labels=labels)

"""Contrastive losses over the *global* batch: CLIP (InfoNCE, one learnable temperature) and SigLIP.

The temperature is applied exactly once: the model returns ``logit_scale.exp()`` and the loss multiplies
the cosine similarities by it (no second fixed temperature). Multi-GPU/multi-node negatives come from
open_clip's losses with ``gather_with_grad=True``, so every rank back-propagates through the features
of all ranks (torch.distributed.nn.all_gather), which is what a single big batch would do.
"""

from __future__ import annotations

from typing import Literal

import torch
from open_clip.loss import ClipLoss, SigLipLoss

LossKind = Literal["clip", "siglip"]


class ContrastiveLoss(torch.nn.Module):
    """``loss(image_features, text_features, logit_scale, logit_bias=None) -> scalar`` (features normalised)."""

    def __init__(self, kind: LossKind = "clip", rank: int = 0, world_size: int = 1) -> None:
        super().__init__()
        self.kind = kind
        if kind == "clip":
            self.impl: torch.nn.Module = ClipLoss(
                local_loss=False, gather_with_grad=True, cache_labels=False, rank=rank, world_size=world_size
            )
        elif kind == "siglip":
            self.impl = SigLipLoss(cache_labels=False, rank=rank, world_size=world_size, dist_impl="gather")
        else:
            raise ValueError(f"unknown loss {kind!r}: expected 'clip' or 'siglip'")

    def forward(
        self,
        image_features: torch.Tensor,
        text_features: torch.Tensor,
        logit_scale: torch.Tensor,
        logit_bias: torch.Tensor | None = None,
    ) -> torch.Tensor:
        if self.kind == "siglip":
            if logit_bias is None:
                raise ValueError("SigLIP loss needs a model built with init_logit_bias (a learnable bias)")
            return self.impl(image_features, text_features, logit_scale, logit_bias)
        return self.impl(image_features, text_features, logit_scale)


def clip_loss_reference(image_features: torch.Tensor, text_features: torch.Tensor, logit_scale: torch.Tensor) -> torch.Tensor:
    """Single-process symmetric InfoNCE, written out: the ground truth the tests compare against."""
    logits = logit_scale * image_features @ text_features.T
    labels = torch.arange(len(logits), device=logits.device)
    return 0.5 * (
        torch.nn.functional.cross_entropy(logits, labels) + torch.nn.functional.cross_entropy(logits.T, labels)
    )

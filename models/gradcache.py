"""Gradient cache: the full-batch contrastive loss with a chunked forward/backward.

The contrastive batch (number of negatives) is decoupled from activation memory (Gao et al., 2021,
"Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup"):

1. forward every chunk without a graph and keep only the (small) embeddings;
2. compute the loss on the whole batch of embeddings and back-propagate to the embeddings only;
3. re-forward each chunk with a graph and back-propagate the cached embedding gradients.

The RNG state of each chunk is replayed in step 3 so dropout/drop-path masks match step 1 and the
gradients equal the full-batch ones exactly (up to float round-off). Every forward goes through the
(possibly DDP-wrapped) model's ``forward(image, text)`` so distributed gradient sync works; the
logit scale/bias gradients are spread evenly over the chunk re-forwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import torch

LossFn = Callable[..., torch.Tensor]


def _full(x: torch.Tensor) -> torch.Tensor:
    """Upcast half-precision outputs (autocast) for the loss; keep float32/float64 as they are."""
    return x.float() if x.dtype in (torch.float16, torch.bfloat16) else x


def _unpack(out: Any) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor | None]:
    if isinstance(out, dict):
        return out["image_features"], out["text_features"], out["logit_scale"], out.get("logit_bias")
    if len(out) == 4:
        return out[0], out[1], out[2], out[3]
    return out[0], out[1], out[2], None


def clip_forward_loss(model: torch.nn.Module, images: torch.Tensor, texts: torch.Tensor, loss_fn: LossFn) -> torch.Tensor:
    """One plain forward of the whole batch and its contrastive loss (graph kept)."""
    img, txt, scale, bias = _unpack(model(images, texts))
    return loss_fn(_full(img), _full(txt), _full(scale), None if bias is None else _full(bias))


class _RngCheckpoint:
    """CPU (+ current CUDA device) RNG state, to replay a chunk's dropout masks."""

    def __init__(self, device: torch.device) -> None:
        self.cpu = torch.get_rng_state()
        self.cuda = torch.cuda.get_rng_state(device) if device.type == "cuda" else None
        self.device = device

    def restore(self) -> None:
        torch.set_rng_state(self.cpu)
        if self.cuda is not None:
            torch.cuda.set_rng_state(self.cuda, self.device)


def _chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def gradcache_backward(
    model: torch.nn.Module,
    images: torch.Tensor,
    texts: torch.Tensor,
    loss_fn: LossFn,
    chunk_size: int,
    backward: Callable[[torch.Tensor], None] | None = None,
    no_sync: Callable[[], contextlib.AbstractContextManager[Any]] | None = None,
) -> torch.Tensor:
    """Accumulate into ``.grad`` the gradients of the full-batch loss, in chunks; return the loss (detached).

    ``backward`` runs the loss backward (pass ``accelerator.backward`` so fp16 loss scaling applies once;
    the chunk backwards then carry the already-scaled gradients). ``no_sync`` suppresses DDP gradient
    all-reduce for all but the last chunk (``lambda: accelerator.no_sync(model)``).
    """
    n = images.shape[0]
    if chunk_size <= 0 or chunk_size >= n:
        loss = clip_forward_loss(model, images, texts, loss_fn)
        (backward or torch.Tensor.backward)(loss)
        return loss.detach()
    slices = list(_chunks(n, chunk_size))
    states: list[_RngCheckpoint] = []
    img_parts, txt_parts = [], []
    scale = bias = None
    with torch.no_grad():
        for sl in slices:
            states.append(_RngCheckpoint(images.device))
            img, txt, scale, bias = _unpack(model(images[sl], texts[sl]))
            img_parts.append(_full(img))
            txt_parts.append(_full(txt))
    after = _RngCheckpoint(images.device)
    assert scale is not None
    img_all = torch.cat(img_parts).requires_grad_()
    txt_all = torch.cat(txt_parts).requires_grad_()
    scale_leaf = _full(scale.detach()).requires_grad_()
    bias_leaf = None if bias is None else _full(bias.detach()).requires_grad_()
    loss = loss_fn(img_all, txt_all, scale_leaf, bias_leaf)
    (backward or torch.Tensor.backward)(loss)
    assert img_all.grad is not None and txt_all.grad is not None and scale_leaf.grad is not None
    g_img, g_txt = img_all.grad, txt_all.grad
    g_scale = scale_leaf.grad / len(slices)
    g_bias = None if bias_leaf is None or bias_leaf.grad is None else bias_leaf.grad / len(slices)
    for i, (sl, state) in enumerate(zip(slices, states)):
        last = i == len(slices) - 1
        ctx = contextlib.nullcontext() if last or no_sync is None else no_sync()
        with ctx:
            state.restore()
            img, txt, sc, bi = _unpack(model(images[sl], texts[sl]))
            surrogate = (_full(img) * g_img[sl]).sum() + (_full(txt) * g_txt[sl]).sum()
            surrogate = surrogate + (_full(sc) * g_scale).sum()
            if bi is not None and g_bias is not None:
                surrogate = surrogate + (_full(bi) * g_bias).sum()
            surrogate.backward()
    after.restore()
    return loss.detach()

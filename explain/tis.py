"""Transformer Input Sampling (TIS): saliency for ViTs by scoring shorter token sequences.

As published (Englebert et al., "Explaining through Transformer Input Sampling", ICCV-W 2023):

1. one forward pass records every transformer block's output; concatenated along the feature
   axis and with the prefix (CLS/register) tokens removed, this is a matrix A of shape
   (n_tokens, n_blocks * width);
2. KMeans clusters the *columns* of A (each activation channel is a vector over the tokens) into
   N_m clusters; each centroid, a score per token, becomes a binary mask M_j keeping its n_k
   highest tokens (n_k = ratio * n_tokens: half, i.e. 98 of 196 at 224 px with patch 16);
3. each mask is applied to the token sequence right after patch projection + position embedding:
   the kept tokens (prefix tokens always kept) form a *shorter* sequence, which the rest of the
   network scores: w_j = softmax(logits)[target];
4. saliency = (sum_j w_j M_j) / (sum_j M_j): the score-weighted sum of masks normalised by how
   often each token was kept (coverage).

Because the sampled sequences are shorter than the full one, scoring N_m masks costs less than
N_m full forward passes (RISE's cost). Masks are scored in batches by a forward hook that replaces
the one-image token sequence with the batch of sampled sequences, so the method works on any
module that contains a timm or open_clip ViT (our CLIP towers, resized checkpoints included).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import nn

from explain.targets import ScoreModel, VitParts, find_vit


def kmeans(points: torch.Tensor, k: int, iters: int = 30, seed: int = 0) -> torch.Tensor:
    """Lloyd's KMeans on the points' device (GPU when the model is there); returns (k, dim) centroids.

    Initialised with k distinct points drawn with a seeded generator (k <= n required); an empty
    cluster keeps its previous centroid. Deterministic for a seed on a given device.
    """
    n = points.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"kmeans: need 1 <= k <= n points, got k={k}, n={n}")
    gen = torch.Generator(device="cpu").manual_seed(seed)
    x = points.float()
    centroids = x[torch.randperm(n, generator=gen)[:k].to(x.device)].clone()
    for _ in range(iters):
        assign = torch.cdist(x, centroids).argmin(dim=1)
        sums = torch.zeros_like(centroids).index_add_(0, assign, x)
        counts = torch.bincount(assign, minlength=k).to(x.dtype)
        filled = counts > 0
        new = centroids.clone()
        new[filled] = sums[filled] / counts[filled, None]
        if torch.equal(new, centroids):
            break
        centroids = new
    return centroids


def token_activations(score_model: ScoreModel, pixels: torch.Tensor, vit: VitParts | None = None) -> torch.Tensor:
    """Every block's output for one image, concatenated: (n_tokens, n_blocks * width), prefix tokens removed."""
    vit = vit or find_vit(score_model)
    outputs: list[torch.Tensor] = []

    def keep(_module: nn.Module, _inputs: tuple, output: torch.Tensor) -> None:
        outputs.append((output[0] if isinstance(output, tuple) else output).detach())

    hooks = [b.register_forward_hook(keep) for b in vit.blocks]
    try:
        with torch.no_grad():
            score_model(pixels)
    finally:
        for h in hooks:
            h.remove()
    acts = torch.cat(outputs, dim=-1)[0]
    return acts[vit.num_prefix_tokens:]


def tis_masks(activations: torch.Tensor, n_masks: int, keep_ratio: float = 0.5, seed: int = 0,
              kmeans_iters: int = 30) -> torch.Tensor:
    """Binary token masks (n_masks, n_tokens) from KMeans centroids of the activation channels.

    A tiny ViT can have fewer activation channels than masks: the clustering is then repeated with
    new seeds (each round at most half as many clusters as channels, so clusters stay clusters)
    until ``n_masks`` masks exist. A ViT-B at 224 px has 12 * 768 channels: one round.
    """
    channels = activations.T.contiguous()  # (n_channels, n_tokens): each channel is a point over tokens
    n_channels, n_tokens = channels.shape
    n_keep = max(1, int(keep_ratio * n_tokens))
    centroids, round_ = [], 0
    remaining = n_masks
    while remaining > 0:
        k = remaining if remaining <= n_channels and round_ == 0 else min(remaining, max(1, n_channels // 2))
        centroids.append(kmeans(channels, k, iters=kmeans_iters, seed=seed + round_))
        remaining -= k
        round_ += 1
    raw = torch.cat(centroids)
    # Ties (constant channels, e.g. in tiny or hand-built ViTs) would always keep the same tokens:
    # break them in a seeded random order, far below any real difference between centroid values.
    gen = torch.Generator(device="cpu").manual_seed(seed)
    spread = float(raw.abs().max().clamp(min=1e-12))
    raw = raw + 1e-6 * spread * torch.rand(raw.shape, generator=gen).to(raw.device)
    keep = raw.topk(n_keep, dim=1).indices
    return torch.zeros_like(raw).scatter_(1, keep, 1.0)


class _TokenSampler:
    """Forward hook: swap the one-image token sequence for a batch of sampled (shorter) sequences."""

    def __init__(self, num_prefix: int):
        self.num_prefix = num_prefix
        self.indices: torch.Tensor | None = None  # (batch, n_keep) token indices, prefix excluded

    def __call__(self, _module: nn.Module, _inputs: tuple, output: torch.Tensor) -> torch.Tensor | None:
        if self.indices is None:
            return None
        prefix, tokens = output[:, :self.num_prefix], output[:, self.num_prefix:]
        idx = self.indices.to(output.device)
        picked = tokens[0][idx]  # (batch, n_keep, width)
        return torch.cat([prefix.expand(idx.shape[0], -1, -1), picked], dim=1)


def score_token_masks(score_model: ScoreModel, pixels: torch.Tensor, masks: torch.Tensor, batch_size: int = 128,
                      vit: VitParts | None = None, progress: bool = False) -> torch.Tensor:
    """Target-class probability of the sampled token sequence of every mask (all masks keep n_k tokens)."""
    vit = vit or find_vit(score_model)
    counts = masks.sum(dim=1)
    if not torch.all(counts == counts[0]):
        raise ValueError("TIS masks must all keep the same number of tokens (one sequence length per batch)")
    order = masks.argsort(dim=1, descending=True, stable=True)[:, : int(counts[0])].sort(dim=1).values
    sampler = _TokenSampler(vit.num_prefix_tokens)
    hook = vit.token_hook.register_forward_hook(sampler)
    scores = []
    try:
        steps = range(0, masks.shape[0], batch_size)
        if progress:
            from tqdm import tqdm

            steps = tqdm(steps, desc="TIS masks", leave=False)
        with torch.no_grad():
            for start in steps:
                sampler.indices = order[start:start + batch_size]
                logits = score_model(pixels[:1]).float()
                scores.append(torch.softmax(logits, dim=-1)[:, score_model.target])
    finally:
        sampler.indices = None
        hook.remove()
    return torch.cat(scores)


def tis_saliency_from_scores(masks: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
    """(sum_j w_j M_j) / (sum_j M_j); a token that no mask kept gets 0."""
    coverage = masks.sum(dim=0)
    raw = scores.to(masks.dtype) @ masks
    return torch.where(coverage > 0, raw / coverage.clamp(min=1e-12), torch.zeros_like(raw))


def upsample(token_map: torch.Tensor, grid: tuple[int, int], size: tuple[int, int]) -> torch.Tensor:
    """Token-level map -> pixel map (bilinear), for metrics and overlays comparable across methods."""
    m = token_map.reshape(1, 1, *grid).float()
    return nn.functional.interpolate(m, size=size, mode="bilinear", align_corners=False)[0, 0]


def normalise(saliency: torch.Tensor) -> torch.Tensor:
    """Min-max to [0, 1] (a constant map becomes zeros)."""
    lo, hi = saliency.min(), saliency.max()
    return (saliency - lo) / (hi - lo) if hi > lo else torch.zeros_like(saliency)


@dataclass
class TIS:
    """Transformer Input Sampling for one score model; ``__call__(pixels)`` -> (H, W) map in [0, 1].

    Defaults are the published ones: 1024 masks, half of the tokens kept.
    """

    n_masks: int = 1024
    keep_ratio: float = 0.5
    batch_size: int = 128
    seed: int = 0
    kmeans_iters: int = 30
    progress: bool = False
    name: str = "tis"

    def token_map(self, score_model: ScoreModel, pixels: torch.Tensor) -> tuple[torch.Tensor, tuple[int, int]]:
        """Raw (unnormalised) token-level saliency of one image and its token grid."""
        if pixels.ndim == 3:
            pixels = pixels[None]
        vit = find_vit(score_model)
        acts = token_activations(score_model, pixels[:1], vit)
        masks = tis_masks(acts, self.n_masks, self.keep_ratio, seed=self.seed, kmeans_iters=self.kmeans_iters)
        scores = score_token_masks(score_model, pixels[:1], masks, self.batch_size, vit, progress=self.progress)
        grid = vit.grid(pixels.shape[-2], pixels.shape[-1])
        if math.prod(grid) != masks.shape[1]:
            raise ValueError(f"TIS: {masks.shape[1]} tokens do not fill the {grid} grid of a {tuple(pixels.shape[-2:])} input")
        return tis_saliency_from_scores(masks, scores), grid

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        if pixels.ndim == 3:
            pixels = pixels[None]
        token_map, grid = self.token_map(score_model, pixels)
        return normalise(upsample(token_map, grid, tuple(pixels.shape[-2:]))).cpu()

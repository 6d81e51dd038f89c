"""Saliency metrics with the literature's names; checked against Quantus in tests/explain.

- ``insertion_deletion``: Petsiuk et al. (RISE): pixels ordered by saliency are deleted from the
  image (replaced by the baseline: a blurred copy by default) or inserted into the baseline; the
  target probability is recorded after each step and the area under each curve (x in [0, 1]) is
  reported. High insertion and low deletion AUC mean a faithful map. Deletion with a constant
  baseline is Quantus' PixelFlipping.
- ``pointing_game``: the map's maximum falls inside the ground-truth region (Zhang et al.); ties
  count as a hit when any maximum is inside, as in Quantus.
- ``energy_in_box``: share of the (non-negative) saliency mass inside the region ("energy-based
  pointing game", Quantus' RelevanceMassAccuracy).
- ``sparseness``: Gini index of the map (Chalasani et al., Quantus' Sparseness).
- ``max_sensitivity``: max over uniform input noise in [-r, r] of ||e(x+d) - e(x)|| / ||e(x)||
  (Yeh et al., Quantus' MaxSensitivity).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from explain.targets import ScoreModel


def blurred(pixels: torch.Tensor, kernel: int = 11, sigma: float = 5.0) -> torch.Tensor:
    """The insertion/deletion baseline of RISE: a strong Gaussian blur of the image."""
    from torchvision.transforms.functional import gaussian_blur

    k = min(kernel, 2 * (min(pixels.shape[-2:]) // 2) - 1)
    return gaussian_blur(pixels, kernel_size=[k, k], sigma=[sigma, sigma])


@dataclass
class InsertionDeletion:
    """Both curves (n_steps + 1 points, 0 to 100 % of the pixels) and their AUCs."""

    insertion: np.ndarray
    deletion: np.ndarray

    @property
    def insertion_auc(self) -> float:
        return float(np.trapezoid(self.insertion, dx=1.0 / (len(self.insertion) - 1)))

    @property
    def deletion_auc(self) -> float:
        return float(np.trapezoid(self.deletion, dx=1.0 / (len(self.deletion) - 1)))


def _progressive(source: torch.Tensor, fill: torch.Tensor, order: torch.Tensor, n_steps: int) -> torch.Tensor:
    """(n_steps + 1, C, H, W): ``source`` with the first k/n_steps of ``order``'s pixels taken from ``fill``."""
    c, h, w = source.shape[-3:]
    n = h * w
    rank = torch.empty(n, dtype=torch.long, device=order.device)
    rank[order] = torch.arange(n, device=order.device)
    counts = torch.tensor([round(k * n / n_steps) for k in range(n_steps + 1)], device=order.device)
    replaced = (rank[None, :] < counts[:, None]).reshape(n_steps + 1, 1, h, w).to(source.dtype)
    return source[None] * (1 - replaced) + fill[None] * replaced


def insertion_deletion(score_model: ScoreModel, pixels: torch.Tensor, saliency: torch.Tensor, n_steps: int = 32,
                       baseline: str | float = "blur", batch_size: int = 64) -> InsertionDeletion:
    """Insertion and deletion curves of one image; ``baseline`` is 'blur' or a constant (model input space)."""
    x = (pixels if pixels.ndim == 4 else pixels[None])[0]
    base = blurred(x[None])[0] if baseline == "blur" else torch.full_like(x, float(baseline))
    sal = torch.as_tensor(saliency, dtype=torch.float32).to(x.device).flatten()
    order = torch.argsort(sal, descending=True, stable=True)
    deletion = score_model.probability(_progressive(x, base, order, n_steps), batch_size)
    insertion = score_model.probability(_progressive(base, x, order, n_steps), batch_size)
    return InsertionDeletion(insertion=insertion.cpu().numpy(), deletion=deletion.cpu().numpy())


def pointing_game(saliency: torch.Tensor | np.ndarray, region: torch.Tensor | np.ndarray) -> float:
    """1.0 when a maximum of the map lies in the region, 0.0 otherwise, NaN for an empty region."""
    a = np.asarray(saliency, dtype=np.float64).ravel()
    s = np.asarray(region, dtype=bool).ravel()
    if not s.any():
        return float("nan")
    return float(np.any(s & (a == a.max())))


def energy_in_box(saliency: torch.Tensor | np.ndarray, region: torch.Tensor | np.ndarray) -> float:
    """Share of the saliency mass inside the region (maps are non-negative); NaN for an empty region/map."""
    a = np.asarray(saliency, dtype=np.float64).ravel()
    s = np.asarray(region, dtype=bool).ravel()
    total = a.sum()
    if not s.any() or total <= 0:
        return float("nan")
    return float(a[s].sum() / total)


def sparseness(saliency: torch.Tensor | np.ndarray) -> float:
    """Gini index of |map|: 0 for a uniform map, towards 1 for a single hot pixel."""
    a = np.sort(np.abs(np.asarray(saliency, dtype=np.float64).ravel()) + 1e-7)
    n = a.size
    k = np.arange(1, n + 1)
    return float(((2 * k - n - 1) * a).sum() / (n * a.sum()))


def max_sensitivity(explain: Callable[[torch.Tensor], torch.Tensor], pixels: torch.Tensor, radius: float = 0.2,
                    n_samples: int = 10, seed: int = 0) -> float:
    """max_d ||e(x + d) - e(x)||_F / ||e(x)||_F over ``n_samples`` uniform perturbations in [-radius, radius]."""
    x = pixels if pixels.ndim == 4 else pixels[None]
    ref = torch.as_tensor(explain(x)).float().flatten()
    denom = float(ref.norm())
    gen = torch.Generator(device="cpu").manual_seed(seed)
    worst = 0.0
    for _ in range(n_samples):
        noise = (torch.rand(x.shape, generator=gen) * 2 - 1).to(x.device) * radius
        other = torch.as_tensor(explain(x + noise)).float().flatten().to(ref.device)
        worst = max(worst, float((other - ref).norm()) / max(denom, 1e-12))
    return worst

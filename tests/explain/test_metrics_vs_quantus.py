"""Our saliency metrics agree with Quantus (the reference implementations) on small cases."""

from __future__ import annotations

import numpy as np
import pytest
import quantus  # a dev dependency: the reference implementations
import torch

from explain.metrics import energy_in_box, insertion_deletion, max_sensitivity, pointing_game, sparseness
from explain.targets import ScoreModel

QUIET = {"disable_warnings": True, "display_progressbar": False}


def _cases(n: int = 6, size: int = 12, seed: int = 0):
    rng = np.random.default_rng(seed)
    maps = rng.random((n, 1, size, size))
    maps[1, 0, 3, 4] = 5.0  # a clear peak inside the box below
    maps[2, 0, 0, 0] = 5.0  # a clear peak outside
    maps[3] = np.round(maps[3] * 3) / 3  # ties
    boxes = np.zeros((n, 1, size, size))
    boxes[:, :, 2:6, 3:8] = 1
    boxes[4, :, :, 6:] = 1
    return maps, boxes


def test_pointing_game_energy_and_sparseness_match_quantus():
    maps, boxes = _cases()
    x = np.zeros((len(maps), 1, 12, 12), dtype=np.float32)
    y = np.zeros(len(maps), dtype=int)
    q_point = quantus.PointingGame(**QUIET)(model=None, x_batch=x, y_batch=y, a_batch=maps, s_batch=boxes)
    q_mass = quantus.RelevanceMassAccuracy(**QUIET)(model=None, x_batch=x, y_batch=y, a_batch=maps, s_batch=boxes)
    q_gini = quantus.Sparseness(normalise=False, abs=True, **QUIET)(model=None, x_batch=x, y_batch=y, a_batch=maps)
    ours_point = [pointing_game(m[0], b[0]) for m, b in zip(maps, boxes)]
    assert ours_point == [float(v) for v in q_point]
    assert ours_point[1] == 1.0 and ours_point[2] == 0.0
    np.testing.assert_allclose([energy_in_box(m[0], b[0]) for m, b in zip(maps, boxes)], q_mass, rtol=1e-6)
    np.testing.assert_allclose([sparseness(m[0]) for m in maps], q_gini, rtol=1e-6)


class _LinearOnGrey(torch.nn.Module):
    """A 1-channel softmax classifier whose logit is a fixed linear function of the pixels."""

    def __init__(self, size: int):
        super().__init__()
        self.w = torch.nn.Parameter(torch.randn(size * size, generator=torch.Generator().manual_seed(3)))

    def forward(self, x):
        z = x.flatten(1) @ self.w / x[0].numel() ** 0.5
        return torch.stack([z, -z], dim=1)


def test_deletion_curve_matches_quantus_pixel_flipping():
    size, steps = 8, 16
    net = _LinearOnGrey(size).eval()
    rng = np.random.default_rng(1)
    x = rng.random((1, 1, size, size)).astype(np.float32)
    a = rng.random((1, 1, size, size)).astype(np.float32)  # distinct values: one pixel order
    ours = insertion_deletion(ScoreModel(net), torch.from_numpy(x), torch.from_numpy(a[0, 0]), n_steps=steps,
                              baseline=0.0)
    metric = quantus.PixelFlipping(features_in_step=size * size // steps, perturb_baseline=0.0,
                                   abs=False, normalise=False, **QUIET)
    curve = metric(model=net, x_batch=x, y_batch=np.array([0]), a_batch=a, channel_first=True, softmax=True,
                   device="cpu")[0]
    np.testing.assert_allclose(ours.deletion[1:], curve, rtol=1e-5, atol=1e-6)
    assert abs(ours.deletion[0] - float(torch.softmax(net(torch.from_numpy(x)), -1)[0, 0].detach())) < 1e-6


def test_max_sensitivity_agrees_with_quantus():
    """Both estimate the same maximum by sampling (different noise draws): close, not equal."""
    size = 24
    rng = np.random.default_rng(2)
    x = (0.5 + rng.random((1, 1, size, size))).astype(np.float32)
    net = _LinearOnGrey(size).eval()

    def explain_np(model, inputs, targets, **kwargs):
        return np.asarray(inputs, dtype=np.float64) ** 2

    metric = quantus.MaxSensitivity(nr_samples=20, lower_bound=0.2, abs=False, normalise=False,
                                    return_nan_when_prediction_changes=False, **QUIET)
    theirs = metric(model=net, x_batch=x, y_batch=np.array([0]), explain_func=explain_np, channel_first=True,
                    device="cpu")[0]
    ours = max_sensitivity(lambda t: t ** 2, torch.from_numpy(x), radius=0.2, n_samples=20)
    assert ours == pytest.approx(theirs, rel=0.05)
    assert ours > 0.05


def test_insertion_beats_deletion_for_the_true_attribution():
    size = 8
    net = _LinearOnGrey(size).eval()
    x = torch.rand(1, 1, size, size, generator=torch.Generator().manual_seed(0))
    true_attr = (x.flatten() * net.w.detach()).reshape(size, size)  # exact contribution to the logit
    good = insertion_deletion(ScoreModel(net), x, true_attr, n_steps=16, baseline=0.0)
    bad = insertion_deletion(ScoreModel(net), x, -true_attr, n_steps=16, baseline=0.0)
    assert good.insertion_auc > bad.insertion_auc
    assert good.deletion_auc < bad.deletion_auc
    assert good.insertion[0] == pytest.approx(bad.insertion[0]) and good.insertion[-1] == pytest.approx(
        float(torch.softmax(net(x), -1)[0, 0].detach()), abs=1e-6)

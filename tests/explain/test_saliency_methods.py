"""Every saliency method finds the planted patches; TIS equals a direct transcription of its formula."""

from __future__ import annotations

import pytest
import torch
from explain_testkit import planted_box_mask, planted_image, planted_model

from explain.baselines import RISE, AttentionRollout, GradCAM, InputXGradient, IntegratedGradients, Occlusion
from explain.metrics import pointing_game
from explain.targets import ScoreModel, find_vit
from explain.tis import TIS, score_token_masks, tis_masks, tis_saliency_from_scores, token_activations

CASES = [(32, 8, (5, 10), 0), (32, 8, (3,), 1), (64, 8, (9, 50), 2)]
METHODS = [
    lambda: TIS(n_masks=256, batch_size=128),
    lambda: RISE(n_masks=2048, cell_size=8, batch_size=256),
    InputXGradient, lambda: IntegratedGradients(steps=50), Occlusion, AttentionRollout,
]


@pytest.mark.parametrize("make", METHODS, ids=["tis", "rise", "ixg", "ig", "occlusion", "rollout"])
def test_every_method_points_at_the_planted_patches(make):
    method = make()
    hits = []
    for size, patch, planted, seed in CASES:
        model = planted_model(size, patch, planted)
        saliency = method(model, planted_image(size, seed))
        assert saliency.shape == (size, size)
        assert 0.0 <= float(saliency.min()) and float(saliency.max()) <= 1.0
        hits.append(pointing_game(saliency, planted_box_mask(size, patch, planted)))
    assert hits == [1.0] * len(CASES), f"{method.name}: pointing game {hits}"


def test_planted_model_ignores_pixels_outside_the_planted_patches():
    model = planted_model(32, 8, (5, 10))
    x = planted_image(32)
    outside = x.clone()
    outside[..., ~planted_box_mask(32, 8, (5, 10))] = 0.0
    inside = x.clone()
    inside[..., planted_box_mask(32, 8, (5, 10))] = 0.0
    assert torch.allclose(model(outside), model(x), atol=1e-5)
    assert not torch.allclose(model(inside), model(x), atol=1e-2)


def _slow_tis(model: ScoreModel, x: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
    """TIS straight from the formula: one shortened sequence per mask, then sum_j w_j M_j / sum_j M_j."""
    vit = model.net.vit
    with torch.no_grad():
        tokens = vit._pos_embed(vit.patch_embed(x))  # after patch projection + position embedding
        weights = []
        for mask in masks:
            kept = [i for i in range(mask.numel()) if mask[i] == 1]
            seq = torch.cat([tokens[:, :1], tokens[:, 1:][:, kept]], dim=1)
            feats = vit.forward_head(vit.norm(vit.blocks(vit.norm_pre(seq))))
            weights.append(float(torch.softmax(model.net.head(feats), dim=-1)[0, model.target]))
    n_tokens = masks.shape[1]
    saliency = torch.zeros(n_tokens)
    for i in range(n_tokens):
        num = sum(w * float(masks[j, i]) for j, w in enumerate(weights))
        den = sum(float(masks[j, i]) for j in range(len(weights)))
        saliency[i] = num / den if den else 0.0
    return saliency


def test_tis_equals_the_formula_on_a_small_case():
    model = planted_model(32, 8, (5, 10))
    x = planted_image(32, seed=4)
    vit = find_vit(model)
    masks = tis_masks(token_activations(model, x, vit), n_masks=40, keep_ratio=0.5, seed=3)
    fast = tis_saliency_from_scores(masks, score_token_masks(model, x, masks, batch_size=16, vit=vit))
    assert torch.allclose(fast, _slow_tis(model, x, masks), atol=1e-5)
    token_map, grid = TIS(n_masks=40, seed=3, batch_size=7).token_map(model, x)
    assert grid == (4, 4)
    assert torch.allclose(token_map, fast, atol=1e-6)


def test_tis_masks_keep_half_of_the_tokens_as_published():
    acts = torch.randn(196, 12 * 16, generator=torch.Generator().manual_seed(0))  # 224 px / patch 16
    masks = tis_masks(acts, n_masks=64, keep_ratio=0.5, seed=0)
    assert masks.shape == (64, 196)
    assert torch.all(masks.sum(dim=1) == 98)
    assert set(masks.unique().tolist()) == {0.0, 1.0}
    assert torch.equal(masks, tis_masks(acts, n_masks=64, keep_ratio=0.5, seed=0))
    # fewer activation channels than masks (tiny ViTs): repeated clusterings still give every mask
    few = tis_masks(acts[:, :10], n_masks=32, seed=0)
    assert few.shape == (32, 196) and len({tuple(m.tolist()) for m in few}) > 16


def test_grad_cam_points_at_the_region_a_cnn_uses():
    class BrightSpotCNN(torch.nn.Module):
        """Patch-mean conv with a threshold, global average pooling: only patches brighter than 0.5 count."""

        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 1, 8, stride=8)
            self.head = torch.nn.Linear(1, 2)
            with torch.no_grad():
                self.conv.weight.fill_(1.0 / (3 * 64))
                self.conv.bias.fill_(-0.5)
                self.head.weight.copy_(torch.tensor([[8.0], [0.0]]))
                self.head.bias.zero_()

        def forward(self, x):
            return self.head(torch.relu(self.conv(x)).mean(dim=(2, 3)))

    x = 0.3 * torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    region = planted_box_mask(32, 8, (6,))
    x[..., region] = 0.9
    saliency = GradCAM(layer="net.conv")(ScoreModel(BrightSpotCNN().eval()), x)
    assert saliency.shape == (32, 32)
    assert pointing_game(saliency, region) == 1.0


def test_tis_also_runs_on_open_clips_own_vit_and_rollout_says_why_not():
    import sys
    from pathlib import Path

    import open_clip

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
    from eval_testkit import tiny_clip

    from explain.targets import zero_shot_target

    target = zero_shot_target(tiny_clip(), open_clip.tokenizer.SimpleTokenizer(context_length=24), "fracture", "normal")
    x = torch.randn(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    token_map, grid = TIS(n_masks=16).token_map(target, x)
    assert grid == (4, 4) and token_map.shape == (16,)
    assert float(token_map.min()) >= 0.0 and float(token_map.max()) <= 1.0  # averages of probabilities
    with pytest.raises(TypeError, match="timm attention"):
        AttentionRollout()(target, x)

"""Poly-CAM: finds the planted region at a finer resolution than Grad-CAM, equals its formula, picks the paper's layers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from explain_testkit import planted_box_mask
from torch import nn
from torch.nn import functional as F

from explain.baselines import GradCAM, PolyCAM, default_cam_layers, make_method
from explain.metrics import pointing_game
from explain.targets import ScoreModel


class PlantedCNN(nn.Module):
    """Three 2 x 2 stride-2 patch-mean convs (32 -> 16 -> 8 -> 4), the last thresholded at 0.5, then
    global average pooling: only 8 x 8 patches brighter than 0.5 raise the logit (the Grad-CAM test's
    bright-spot CNN, in three steps so that Poly-CAM has layers to refine through)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 1, 2, stride=2)
        self.conv2 = nn.Conv2d(1, 1, 2, stride=2)
        self.conv3 = nn.Conv2d(1, 1, 2, stride=2)
        self.head = nn.Linear(1, 2)
        with torch.no_grad():
            self.conv1.weight.fill_(1.0 / 12)
            self.conv2.weight.fill_(0.25)
            self.conv3.weight.fill_(0.25)
            for conv in (self.conv1, self.conv2):
                conv.bias.zero_()
            self.conv3.bias.fill_(-0.5)
            self.head.weight.copy_(torch.tensor([[8.0], [0.0]]))
            self.head.bias.zero_()

    def forward(self, x):
        a = torch.relu(self.conv3(torch.relu(self.conv2(torch.relu(self.conv1(x))))))
        return self.head(a.mean(dim=(2, 3)))


def planted_case(cell: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    x = 0.3 * torch.rand(1, 3, 32, 32, generator=gen)
    region = planted_box_mask(32, 8, (cell,))
    x[..., region] = 0.6 + 0.4 * torch.rand(3, int(region.sum()), generator=gen)
    return x, region


LAYERS = ("net.conv1", "net.conv2", "net.conv3")


@pytest.mark.parametrize("variant", ["p", "m", "pm"])
def test_poly_cam_points_at_the_planted_patch(variant):
    model = ScoreModel(PlantedCNN().eval())
    for cell, seed in [(6, 0), (0, 1), (13, 2)]:
        x, region = planted_case(cell, seed)
        saliency = PolyCAM(variant=variant, layers=LAYERS)(model, x)
        assert saliency.shape == (32, 32)
        assert 0.0 <= float(saliency.min()) and float(saliency.max()) <= 1.0
        assert pointing_game(saliency, region) == 1.0, (variant, cell)


def test_poly_cam_map_is_finer_than_grad_cams():
    """Two images with the same 8 x 8 patch means (so the same deepest activations and the same Grad-CAM)
    but the bright half of the planted patch on the left or on the right: only a map finer than the
    deepest layer can tell them apart, and Poly-CAM's mass follows the bright half."""
    model = ScoreModel(PlantedCNN().eval())
    x = 0.3 * torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(0))
    left, right = x.clone(), x.clone()
    left[..., 8:16, 16:20], left[..., 8:16, 20:24] = 1.0, 0.6
    right[..., 8:16, 16:20], right[..., 8:16, 20:24] = 0.6, 1.0
    poly = PolyCAM(layers=LAYERS)
    assert [tuple(c.shape) for c in poly.layer_cams(model, left)] == [(4, 4), (8, 8), (16, 16)]  # deepest first
    grads = [GradCAM(layer="net.conv3")(model, img) for img in (left, right)]
    assert torch.allclose(grads[0], grads[1], atol=1e-6)  # one 4 x 4 grid: blind inside the patch
    for img, brighter in ((left, 0), (right, 1)):
        sal = poly(model, img)
        halves = [float(sal[8:16, 16:20].sum()), float(sal[8:16, 20:24].sum())]
        assert halves[brighter] > 1.2 * halves[1 - brighter], halves
        assert pointing_game(sal, planted_box_mask(32, 8, (6,))) == 1.0
    # at input size Poly-CAM's map inside the patch has many more levels than Grad-CAM's bilinear 4 x 4 one
    region = planted_box_mask(32, 8, (6,))
    assert len(torch.unique(poly(model, left)[region].round(decimals=4))) > len(torch.unique(grads[0][region].round(decimals=4)))


def _slow_poly_cam(model: ScoreModel, x: torch.Tensor, layers: list[str], variant: str) -> torch.Tensor:
    """Poly-CAM straight from the formula: one forward per mask, numpy percentiles, loops over channels."""
    acts = {}
    hooks = [model.get_submodule(n).register_forward_hook(lambda _m, _i, o, n=n: acts.__setitem__(n, o.detach()))
             for n in layers]
    with torch.no_grad():
        s = lambda img: float(torch.softmax(model(img), dim=-1)[0, model.target])  # noqa: E731
        base = s(x)
        for h in hooks:
            h.remove()
        cam = None
        for name in reversed(layers):
            a = acts[name][0]
            layer_map = torch.zeros(a.shape[-2:])
            for k in range(a.shape[0]):
                lo, hi = np.percentile(a[k].numpy().ravel(), [0.1, 99.9])
                m = ((a[k] - float(lo)) / max(float(hi), 1e-12)).clamp(0, 1)
                m = F.interpolate(m[None, None], size=x.shape[-2:], mode="bilinear")[0]
                plus, minus = s(x * m), s(x * (1 - m))
                w = {"p": plus, "m": max(base - minus, 0.0), "pm": max(plus + base - minus, 0.0)}[variant]
                layer_map += w * a[k]
            layer_map = layer_map.clamp(min=0)[None, None]
            if cam is not None:
                coarse = F.interpolate(layer_map, size=cam.shape[-2:], mode="bilinear")
                layer_map = layer_map / F.interpolate(coarse, size=layer_map.shape[-2:], mode="bilinear").clamp(min=1e-12)
                layer_map = layer_map * F.interpolate(cam, size=layer_map.shape[-2:], mode="bilinear")
            cam = layer_map.clamp(min=0)
    return cam[0, 0]


@pytest.mark.parametrize("variant", ["p", "m", "pm"])
def test_poly_cam_equals_the_formula_on_a_small_case(variant):
    torch.manual_seed(6)  # a random CNN where all three variants give a non-zero map for class 1
    net = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(4, 5, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Conv2d(5, 3, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                        nn.Linear(3, 3)).eval()
    model = ScoreModel(net, target=1)
    x = torch.rand(1, 3, 16, 16, generator=torch.Generator().manual_seed(1))
    layers = default_cam_layers(model, x)
    assert layers == ["net.1", "net.4", "net.7"]  # the output before each change of size, up to the 1 x 1
    cams = PolyCAM(variant=variant, batch_size=2).layer_cams(model, x)
    slow = _slow_poly_cam(model, x, layers, variant)
    assert slow.shape == (16, 16) and float(slow.max()) > 0
    assert torch.allclose(cams[-1], slow, rtol=1e-4, atol=1e-6 * float(slow.max()))


def test_default_layers_are_the_papers_for_torchvision_resnet_and_vgg():
    from timm.models.resnet import BasicBlock
    from timm.models.resnet import ResNet as TimmResNet
    from torchvision.models import resnet18
    from torchvision.models.vgg import VGG, cfgs, make_layers

    x = torch.rand(1, 3, 64, 64, generator=torch.Generator().manual_seed(0))
    resnet = ScoreModel(resnet18(num_classes=2).eval())
    assert default_cam_layers(resnet, x) == ["net.relu", "net.layer1", "net.layer2", "net.layer3", "net.layer4"]
    with torch.device("meta"):  # VGG-16's 100M-weight classifier, never materialised
        vgg = ScoreModel(VGG(make_layers(cfgs["D"]), num_classes=2, init_weights=False))
    assert default_cam_layers(vgg, x) == [f"net.features.{i}" for i in (3, 8, 15, 22, 29)]
    # a narrow timm ResNet end to end through the registry, as the runner builds methods
    tiny = ScoreModel(TimmResNet(BasicBlock, [1, 1, 1, 1], num_classes=2, channels=(8, 16, 32, 64),
                                 stem_width=8).eval())
    assert default_cam_layers(tiny, x) == ["net.act1", "net.layer1", "net.layer2", "net.layer3", "net.layer4"]
    method = make_method("poly_cam", batch_size=64, n_masks=8)  # the runner's options; unknown ones ignored
    assert isinstance(method, PolyCAM) and method.variant == "pm" and method.layers is None
    saliency = method(tiny, x)
    assert saliency.shape == (64, 64) and 0.0 <= float(saliency.min()) and float(saliency.max()) <= 1.0
    assert [tuple(c.shape) for c in method.layer_cams(tiny, x)] == [(2, 2), (4, 4), (8, 8), (16, 16), (32, 32)]
    with pytest.raises(ValueError, match="variant"):
        PolyCAM(variant="x")

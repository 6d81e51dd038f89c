"""The chunked (gradient cache) loss has the gradients of the full-batch loss."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from open_clip.tokenizer import HFTokenizer

import models
from models.gradcache import clip_forward_loss, gradcache_backward
from models.losses import ContrastiveLoss, clip_loss_reference


def _grads(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.grad.detach().clone() for n, p in model.named_parameters() if p.grad is not None}


@pytest.mark.parametrize("kind", ["clip", "siglip"])
def test_chunked_gradients_equal_full_batch(kind: str, tokenizer_dir: Path) -> None:
    overrides = {"init_logit_bias": -10.0} if kind == "siglip" else None
    torch.manual_seed(0)
    model, _ = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tokenizer_dir, image_size=32,
                                  model_overrides=overrides)
    model = model.double().train()
    tok = HFTokenizer(str(tokenizer_dir), context_length=24)
    images = torch.randn(10, 3, 32, 32, dtype=torch.float64)
    texts = tok([f"Fracture numéro {i} du radius" if i % 2 else f"Genou {i} normal" for i in range(10)])
    loss_fn = ContrastiveLoss(kind)

    model.zero_grad()
    full = clip_forward_loss(model, images, texts, loss_fn)
    full.backward()
    expected = _grads(model)

    model.zero_grad()
    chunked = gradcache_backward(model, images, texts, loss_fn, chunk_size=3)
    got = _grads(model)

    assert float(chunked) == pytest.approx(float(full.detach()), abs=1e-10)
    assert set(got) == set(expected) and "logit_scale" in got
    for name, grad in expected.items():
        torch.testing.assert_close(got[name], grad, rtol=0, atol=1e-5, msg=name)
    assert any(g.abs().sum() > 0 for g in expected.values())


def test_clip_loss_single_temperature() -> None:
    torch.manual_seed(1)
    img = torch.nn.functional.normalize(torch.randn(6, 8), dim=-1)
    txt = torch.nn.functional.normalize(torch.randn(6, 8), dim=-1)
    scale = torch.tensor(7.0)
    torch.testing.assert_close(ContrastiveLoss("clip")(img, txt, scale), clip_loss_reference(img, txt, scale))
    perfect = ContrastiveLoss("clip")(img, img, torch.tensor(100.0))
    assert float(perfect) < 0.05
    with pytest.raises(ValueError):
        ContrastiveLoss("siglip")(img, txt, scale)
    with pytest.raises(ValueError):
        ContrastiveLoss("triplet")  # type: ignore[arg-type]

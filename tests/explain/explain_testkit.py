"""A ViT whose output depends only on a known set of patches (planted), for the saliency tests.

A one-block timm ViT, weights set by hand (no LayerNorm, one attention head):
- patch embedding: channel 0 = mean intensity of the patch;
- position embedding: channel 1 = 1 on the planted patches; the CLS token has channel 2 = 1;
- attention: only the CLS token queries; its key score is +30 on planted tokens, +15 on itself and
  0 elsewhere, so the CLS reads the mean intensity of the planted tokens present in the sequence
  (itself, value 0, when none is) into channel 3; the MLP adds nothing;
- channels 4.. carry random features of pixels and positions that nothing reads (so KMeans has
  varied activations to cluster);
- head: logits (4 * ch3 - 2, 0) on the CLS token.
Any pixel outside the planted patches changes the logit by less than exp(-15).
"""

from __future__ import annotations

import torch
from timm.models.vision_transformer import VisionTransformer
from torch import nn

from explain.targets import ScoreModel

WIDTH = 24


class PlantedNet(nn.Module):
    def __init__(self, image_size: int, patch: int, planted: list[int]):
        super().__init__()
        self.vit = VisionTransformer(img_size=image_size, patch_size=patch, embed_dim=WIDTH, depth=1, num_heads=1,
                                     mlp_ratio=1.0, num_classes=0, global_pool="token", class_token=True)
        v = self.vit
        blk = v.blocks[0]
        blk.norm1, blk.norm2, v.norm = nn.Identity(), nn.Identity(), nn.Identity()
        with torch.no_grad():
            for p in v.parameters():
                p.zero_()
            v.patch_embed.proj.weight[0] = 1.0 / (3 * patch * patch)
            # nuisance channels 4..: random features of the pixels and positions that nothing reads
            gen = torch.Generator().manual_seed(1)
            v.patch_embed.proj.weight[4:] = torch.randn(v.patch_embed.proj.weight[4:].shape, generator=gen) / patch
            v.pos_embed[0, :, 4:] = torch.randn(v.pos_embed[0, :, 4:].shape, generator=gen)
            v.cls_token[0, 0, 2] = 1.0
            for i in planted:
                v.pos_embed[0, 1 + i, 1] = 1.0
            scale = blk.attn.scale
            qkv = blk.attn.qkv.weight  # rows: q (0..W-1), k (W..2W-1), v (2W..3W-1)
            qkv[0, 2] = 1.0                      # q0 = CLS flag
            qkv[WIDTH + 0, 1] = 30.0 / scale     # k0 = 30 on planted tokens
            qkv[WIDTH + 0, 2] = 15.0 / scale     # k0 = 15 on the CLS itself
            qkv[2 * WIDTH + 0, 0] = 1.0          # v0 = intensity
            blk.attn.proj.weight[3, 0] = 1.0     # CLS ch3 = attention-weighted intensity
        self.head = nn.Linear(WIDTH, 2)
        with torch.no_grad():
            self.head.weight.zero_()
            self.head.bias.zero_()
            self.head.weight[0, 3] = 4.0
            self.head.bias[0] = -2.0

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return self.head(self.vit(pixels))


def planted_model(image_size: int = 32, patch: int = 8, planted: tuple[int, ...] = (5, 10)) -> ScoreModel:
    return ScoreModel(PlantedNet(image_size, patch, list(planted)).eval(), target=0)


def planted_image(image_size: int = 32, seed: int = 0) -> torch.Tensor:
    """Positive random intensities in the model's input space, so every planted patch raises the score."""
    gen = torch.Generator().manual_seed(seed)
    return 0.2 + 0.8 * torch.rand(1, 3, image_size, image_size, generator=gen)


def planted_box_mask(image_size: int, patch: int, planted: tuple[int, ...]) -> torch.Tensor:
    grid = image_size // patch
    mask = torch.zeros(image_size, image_size, dtype=torch.bool)
    for i in planted:
        r, c = divmod(i, grid)
        mask[r * patch:(r + 1) * patch, c * patch:(c + 1) * patch] = True
    return mask

"""Benchmark: images/s of TIS vs RISE (same number of masks) vs integrated gradients, in one run.

TIS scores N_m token subsets of half the sequence; RISE scores N_m full-size masked images; integrated
gradients runs ``--ig-steps`` forward+backward passes. All three explain the same random-init timm
ViT classifier (no download) on the same random images, on the GPU when present, with the same batch
size. Prints each method's images/s and the ratios, and writes them to ``--out`` (JSON) if given.

    python bench/saliency.py --vit small --masks 1024 --images 4
    python bench/saliency.py --quick            # a 32 px micro ViT, 64 masks: seconds
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explain.baselines import RISE, IntegratedGradients  # noqa: E402
from explain.targets import ScoreModel  # noqa: E402
from explain.tis import TIS  # noqa: E402

VITS = {
    "micro": dict(img_size=32, patch_size=8, embed_dim=32, depth=2, num_heads=2),
    "tiny": dict(img_size=224, patch_size=16, embed_dim=192, depth=12, num_heads=3),
    "small": dict(img_size=224, patch_size=16, embed_dim=384, depth=12, num_heads=6),
    "base": dict(img_size=224, patch_size=16, embed_dim=768, depth=12, num_heads=12),
}


def build(vit: str, device: torch.device) -> tuple[ScoreModel, int]:
    from timm.models.vision_transformer import VisionTransformer

    torch.manual_seed(0)
    net = VisionTransformer(num_classes=2, **VITS[vit]).eval().to(device)
    return ScoreModel(net), int(VITS[vit]["img_size"])


def images_per_second(methods: dict, model: ScoreModel, images: torch.Tensor, device: torch.device) -> dict[str, float]:
    """Each image goes through every method in turn (the order rotating), so that the load of a shared
    machine drifts over all methods alike; images/s = images / summed seconds, per method."""
    names = list(methods)
    for name in names:  # warm-up (kernels, caches)
        methods[name](model, images[:1])
    seconds = dict.fromkeys(names, 0.0)
    for i, x in enumerate(images):
        for name in names[i % len(names):] + names[: i % len(names)]:
            if device.type == "cuda":
                torch.cuda.synchronize()
            started = time.perf_counter()
            methods[name](model, x[None])
            if device.type == "cuda":
                torch.cuda.synchronize()
            seconds[name] += time.perf_counter() - started
    return {name: len(images) / seconds[name] for name in names}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vit", choices=sorted(VITS), default="tiny", help="random-init timm ViT (tiny/small/base: 224 px)")
    ap.add_argument("--masks", type=int, default=1024, help="N_m for both TIS and RISE (published default 1024)")
    ap.add_argument("--images", type=int, default=3)
    ap.add_argument("--ig-steps", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--quick", action="store_true", help="micro ViT at 32 px, 64 masks, 2 images")
    ap.add_argument("--out", type=Path, default=None, help="JSON file for the results")
    args = ap.parse_args(argv)
    if args.quick:
        args.vit, args.masks, args.images = "micro", 64, 2
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          ("cpu" if args.device == "auto" else args.device))
    model, size = build(args.vit, device)
    images = torch.randn(args.images, 3, size, size, generator=torch.Generator().manual_seed(0)).to(device)
    methods = {
        "tis": TIS(n_masks=args.masks, batch_size=args.batch_size),
        "rise": RISE(n_masks=args.masks, batch_size=args.batch_size),
        "integrated_gradients": IntegratedGradients(steps=args.ig_steps, internal_batch_size=args.batch_size),
    }
    speed = images_per_second(methods, model, images, device)
    result = {
        "vit": args.vit, "image_size": size, "masks": args.masks, "images": args.images, "ig_steps": args.ig_steps,
        "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device),
        "cpu": platform.processor() or platform.machine(), "torch_threads": torch.get_num_threads(),
        "images_per_s": {k: round(v, 4) for k, v in speed.items()},
        "ratio_tis_over_rise": round(speed["tis"] / speed["rise"], 3),
        "ratio_tis_over_ig": round(speed["tis"] / speed["integrated_gradients"], 3),
    }
    print(f"explain bench: ViT-{args.vit} {size}px, {args.masks} masks, {args.images} images on {result['device']}")
    for name, v in speed.items():
        print(f"  {name:<22}{v:10.3f} images/s")
    print(f"  TIS / RISE (same {args.masks} masks): {result['ratio_tis_over_rise']:.2f}x;  "
          f"TIS / IG ({args.ig_steps} steps): {result['ratio_tis_over_ig']:.2f}x")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    main()

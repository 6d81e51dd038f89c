"""Benchmark: evaluating one model with cached embeddings vs recomputing them per strategy.

One run builds a toy out/ folder (models.synthetic images, French reports, fracture
labels, train/val/test split) and a tiny checkpoint, then times the same evaluation
(4 zero-shot strategies x 3 retrieval strategies x image->report retrieval x linear
probe) twice: with the embedding cache (each image embedded once) and with the cache
disabled (each strategy and the probe embed the images themselves). Prints both wall
times and their ratio, and writes them to ``<out>/bench_evaluate.json``.

    python bench/evaluate.py --studies 200 --out /tmp/bench_eval
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import models  # noqa: E402
from eval.embeddings import EmbeddingCache  # noqa: E402
from eval.runner import EvaluateSpec, run_evaluation  # noqa: E402
from models.synthetic import toy_records  # noqa: E402


def write_toy_out(out: Path, n_studies: int, image_size: int, seed: int = 0) -> list[str]:
    """A toy copy of the pipeline's out/ tables (images, reports, labels); returns the report texts."""
    records = toy_records(n_studies, seed=seed, size=image_size)
    rng = np.random.default_rng(seed)
    images, reports, labels = [], [], []
    for r in records:
        sid = r["study_id"]
        split = str(rng.choice(["train", "val", "test"], p=[0.6, 0.1, 0.3]))
        for k, png in enumerate(r["images"]):
            images.append({"image_id": f"{sid}-{k}", "study_id": sid, "patient_pseudo_id": f"P{sid}",
                           "image": {"bytes": png, "path": f"{sid}-{k}.png"}, "body_part": r["body_part"]})
        reports.append({"report_id": f"R{sid}", "study_id": sid, "patient_pseudo_id": f"P{sid}", "text": r["text"]})
        labels.append({"study_id": sid, "patient_pseudo_id": f"P{sid}", "task": "fracture",
                       "label": str(r["label_fracture"]), "kept": True, "split": split})
    for name, rows in (("images", images), ("reports", reports), ("labels", labels)):
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), out / name / "part-00000.parquet")
    return [r["text"] for r in records]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--studies", type=int, default=200, help="toy studies (1-3 images each)")
    ap.add_argument("--config", default="tiny-vit-tiny-text", help="models/ config of the random-init checkpoint")
    ap.add_argument("--vision", choices=["config", "tiny", "small", "base"], default="config",
                    help="image tower: the config's own, or a random-init ViT-Ti/S/B 16 at 224 px (realistic cost)")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--quick", action="store_true", help="tiny input, seconds: the test suite runs it")
    args = ap.parse_args()
    if args.quick:
        args.studies, args.seeds = 24, 1
    root = args.out or Path(tempfile.mkdtemp(prefix="bench_eval_"))
    root.mkdir(parents=True, exist_ok=True)
    if args.threads:
        torch.set_num_threads(args.threads)

    texts = write_toy_out(root / "out", args.studies, image_size=128)
    tok = models.train_tokenizer(texts, root / "tokenizer", vocab_size=400)
    torch.manual_seed(0)
    if args.vision == "config":
        model, cfg = models.create_clip(args.config, tokenizer_dir=tok)
    else:
        vision = {"image_size": 224, "timm_model_name": f"hvlp_vit_{args.vision}_patch16_224",
                  "timm_model_pretrained": False, "timm_pool": "token", "timm_proj": "linear"}
        models.ensure_timm_arch(vision["timm_model_name"])
        model, cfg = models.create_clip(args.config, tokenizer_dir=tok, image_size=224,
                                        model_overrides={"vision_cfg": vision})
    ckpt = models.save_checkpoint(model, cfg, root / "checkpoint")

    timings: dict[str, dict] = {}
    for mode, enabled in (("cached", True), ("recompute", False)):
        spec = EvaluateSpec(
            checkpoints=[ckpt], datasets=[f"ours:{root / 'out'}"], out_dir=root / f"eval_{mode}",
            tasks=["zeroshot", "retrieval", "report_retrieval", "linear_probe"], seeds=args.seeds,
            ratios=[0.1, 1.0], probe_max_epochs=30, probe_min_epoch_steps=100, bootstrap=1000,
        )
        cache = EmbeddingCache(root / f"cache_{mode}", enabled=enabled)
        t0 = time.perf_counter()
        results = run_evaluation(spec, cache=cache)
        wall = time.perf_counter() - t0
        timings[mode] = {"wall_s": round(wall, 2), "images_embedded": cache.computed,
                         "zeroshot_rows": len(results["zeroshot"]), "probe_rows": len(results["probe"])}
        print(f"{mode:>10}: {wall:7.2f} s, {cache.computed} image embeddings computed")
    ratio = timings["recompute"]["wall_s"] / max(timings["cached"]["wall_s"], 1e-9)
    n_images = pq.read_table(root / "out" / "images").num_rows
    summary = {"studies": args.studies, "images": n_images, "config": args.config, "vision": args.vision,
               "torch_threads": torch.get_num_threads(), **timings, "ratio_recompute_over_cached": round(ratio, 2)}
    (root / "bench_evaluate.json").write_text(json.dumps(summary, indent=2))
    print(f"ratio recompute / cached: {ratio:.2f}x  ({n_images} images, {args.studies} studies, "
          f"config {args.config}, vision {args.vision})")
    print(f"details: {root / 'bench_evaluate.json'}")


if __name__ == "__main__":
    main()

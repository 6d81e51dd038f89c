"""Check the training and inference code paths on this machine's GPU before a long pretraining job.

The CPU test suite cannot reach what only runs on CUDA: accelerate's mixed precision (bf16 autocast, the
fp16 grad scaler), the gradient cache's CUDA RNG replay, LION, CUDA RNG state in a mid-epoch resume, and
loading a checkpoint onto a GPU. This script runs each of them for a few steps on the tiny library model
(random init, nothing downloaded) and compares the GPU against the CPU where the results must agree:

- every precision x optimizer x loss x gradient-cache combination trains with finite losses and metrics;
- fp32 training on the GPU follows the same loss curve as on the CPU (a subprocess with no GPU visible);
- the gradient cache (chunked forward/backward) gives the loss curve of the whole-batch step;
- a run stopped mid-epoch and resumed ends where an uninterrupted run ends;
- a checkpoint loaded on the GPU embeds images and texts as the same checkpoint loaded on the CPU.

Prints one JSON object (figures and a verdict per check) and exits 1 if a check fails. Without a GPU it runs
the same checks on the CPU (fp16 and the CPU/GPU comparisons are skipped), which is what the test suite does
with ``--quick``.

    python scripts/gpu_check.py            # on the GPU server, about a minute
    python scripts/gpu_check.py --quick    # CPU, seconds
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import torch

import models
from models.data import StudyDataset
from models.synthetic import toy_records
from models.tokenizer import focus_report
from models.train import TrainConfig, tokenizer_for, train_clip

MODEL = "tiny-vit-tiny-text"
# Relative tolerance between two loss curves that must agree (GPU vs CPU fp32, cached vs whole batch,
# resumed vs uninterrupted). TF32 convolutions and reduction order on the GPU stay far below it.
LOSS_RTOL = 2e-3


def _config(tok_dir: Path, args: argparse.Namespace, **overrides: Any) -> TrainConfig:
    values: dict[str, Any] = dict(
        model=MODEL, tokenizer_dir=str(tok_dir), pretrained_image=False, pretrained_text=False,
        image_size=args.image_size, crop_size=args.image_size + 16, epochs=args.epochs, batch_size=args.batch,
        lr=1e-3, optimizer="adamw", mixed_precision="no", num_workers=0, progress=False,
        checkpoint_every_steps=0, monitor="val_loss", seed=0,
    )
    values.update(overrides)
    return TrainConfig(**values)


def _datasets(records: list[dict[str, Any]], cfg: TrainConfig, n_val: int) -> tuple[StudyDataset, StudyDataset]:
    tokenizer = tokenizer_for(cfg)
    train = StudyDataset(records[n_val:], tokenizer, cfg.image_size, train=True, augment=cfg.augment)
    val = StudyDataset(records[:n_val], tokenizer, cfg.image_size, train=False)
    return train, val


def _train(records: list[dict[str, Any]], cfg: TrainConfig, out: Path, n_val: int) -> dict[str, Any]:
    train, val = _datasets(records, cfg, n_val)
    result = train_clip(cfg, train, val, out)
    losses = [row["train_loss"] for row in result.history]
    val_losses = [row.get("val_loss", math.nan) for row in result.history]
    return {"train_loss": losses, "val_loss": val_losses, "steps": result.global_step,
            "last_dir": str(result.last_dir), "stopped": result.stopped}


def _rel_diff(a: list[float], b: list[float]) -> float:
    if len(a) != len(b):
        return math.inf
    return max((abs(x - y) / max(abs(y), 1e-6) for x, y in zip(a, b)), default=0.0)


def _embed(checkpoint: str, records: list[dict[str, Any]], device: str) -> tuple[np.ndarray, np.ndarray]:
    """Normalised image and text embeddings of a checkpoint loaded on ``device`` (fp32, eval mode)."""
    import io

    from PIL import Image

    loaded = models.load_checkpoint(checkpoint, device=device)
    pixels = torch.stack([loaded.preprocess(Image.open(io.BytesIO(r["images"][0])).convert("RGB")) for r in records])
    tokens = loaded.tokenizer([focus_report(r["text"]) for r in records])
    with torch.no_grad():
        img = loaded.model.encode_image(pixels.to(device), normalize=True).float().cpu().numpy()
        txt = loaded.model.encode_text(tokens.to(device), normalize=True).float().cpu().numpy()
    return img, txt


def _worker(args: argparse.Namespace) -> None:
    """Training runs in this process, from a JSON spec {"work", "runs": [[out, overrides], ...]}.

    accelerate keeps one AcceleratorState (mixed precision included) per process, so the parent starts one
    process per precision; the CPU side of the parity check is a process that sees no GPU.
    """
    spec = json.loads(args.worker)
    work = Path(spec["work"])
    records = toy_records(args.studies, seed=5, size=args.image_size + 32, max_images=1)
    results = []
    for out, overrides in spec["runs"]:
        try:
            results.append(_train(records, _config(work / "tok", args, **overrides), work / out, args.val))
        except Exception as err:  # noqa: BLE001 - a failing combination is a finding, not a crash
            results.append({"error": f"{type(err).__name__}: {err}"})
    print(json.dumps(results))


def _run(args: argparse.Namespace, work: Path, runs: list[tuple[str, dict[str, Any]]], gpu: bool = True
         ) -> list[dict[str, Any]]:
    """Train ``runs`` (output folder, config overrides) in order in one child process (see :func:`_worker`)."""
    env = dict(os.environ) if gpu else {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    spec = json.dumps({"work": str(work), "runs": runs})
    cmd = [sys.executable, __file__, "--worker", spec, "--studies", str(args.studies), "--val", str(args.val),
           "--batch", str(args.batch), "--epochs", str(args.epochs), "--image-size", str(args.image_size)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        return [{"error": proc.stderr[-1500:]} for _ in runs]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _combos(cuda: bool, quick: bool) -> list[dict[str, Any]]:
    """The combinations trained beside the fp32 baseline (each with its mixed precision)."""
    if quick:
        return [{"mixed_precision": "bf16", "optimizer": "lion", "lr": 1e-4, "use_8bit": False, "chunk_size": 4,
                 "loss": "siglip"}]
    combos: list[dict[str, Any]] = [
        {"mixed_precision": "bf16"},
        {"mixed_precision": "bf16", "optimizer": "lion", "lr": 1e-4, "use_8bit": False},
        {"mixed_precision": "bf16", "chunk_size": 4},
        {"mixed_precision": "bf16", "loss": "siglip"},
        {"mixed_precision": "bf16", "grad_checkpointing": True},
    ]
    if cuda:
        combos += [{"mixed_precision": "fp16"}, {"mixed_precision": "fp16", "chunk_size": 4, "max_grad_norm": 1.0}]
    return combos


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--studies", type=int, default=96)
    parser.add_argument("--val", type=int, default=16)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--image-size", type=int, default=64)
    parser.add_argument("--quick", action="store_true", help="CPU-sized run (the test suite's)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.studies, args.val, args.batch, args.epochs, args.image_size = 24, 8, 8, 1, 32
    if args.worker:
        _worker(args)
        return
    cuda = torch.cuda.is_available()
    report: dict[str, Any] = {
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "torch": torch.__version__,
        "bf16_supported": bool(cuda and torch.cuda.is_bf16_supported()),
        "checks": {},
    }
    failed: list[str] = []

    def verdict(name: str, ok: bool, **figures: Any) -> None:
        report["checks"][name] = {"ok": bool(ok), **figures}
        if not ok:
            failed.append(name)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        records = toy_records(args.studies, seed=5, size=args.image_size + 32, max_images=1)
        models.train_tokenizer([focus_report(r["text"]) for r in records], work / "tok", vocab_size=400)

        # fp32: the baseline, the gradient cache, and a run stopped mid-epoch then resumed, in one process
        stop = max(1, (args.studies - args.val) // args.batch * args.epochs * 3 // 4)  # mid-epoch
        base, cached, first, second = _run(args, work, [
            ("base", {}), ("cached", {"chunk_size": max(2, args.batch // 4)}),
            ("resumed", {"stop_after_steps": stop}), ("resumed", {}),
        ])
        checked = [("mixed_precision=no", base)]
        by_precision: dict[str, list[dict[str, Any]]] = {}
        for combo in _combos(cuda, args.quick):
            by_precision.setdefault(combo["mixed_precision"], []).append(combo)
        for combos in by_precision.values():
            results = _run(args, work, [(f"combo{i}_{c['mixed_precision']}", c) for i, c in enumerate(combos)])
            checked += [("+".join(f"{k}={v}" for k, v in c.items()), r) for c, r in zip(combos, results)]
        for name, run in checked:
            if "error" in run:
                verdict(f"trains[{name}]", False, error=run["error"])
            else:
                values = run["train_loss"] + run["val_loss"]
                verdict(f"trains[{name}]", all(math.isfinite(v) for v in values), train_loss=run["train_loss"],
                        val_loss=run["val_loss"])

        if "error" not in base:
            diff = _rel_diff(cached.get("train_loss", []), base["train_loss"])
            verdict("gradient_cache_matches_whole_batch", diff <= LOSS_RTOL, rel_diff=diff)
            diff = _rel_diff(second.get("train_loss", []), base["train_loss"])
            verdict("resume_matches_uninterrupted", first.get("stopped") == "step_limit" and diff <= LOSS_RTOL,
                    stopped_at=stop, rel_diff=diff)
            if cuda:
                (cpu,) = _run(args, work, [("cpu_fp32", {})], gpu=False)
                diff = _rel_diff(base["train_loss"] + base["val_loss"],
                                 cpu.get("train_loss", []) + cpu.get("val_loss", []))
                verdict("gpu_fp32_matches_cpu", diff <= LOSS_RTOL, rel_diff=diff, cpu_train_loss=cpu.get("train_loss"))
                img_gpu, txt_gpu = _embed(base["last_dir"], records[: args.val], "cuda")
                img_cpu, txt_cpu = _embed(base["last_dir"], records[: args.val], "cpu")
                err = float(max(np.abs(img_gpu - img_cpu).max(), np.abs(txt_gpu - txt_cpu).max()))
                verdict("checkpoint_on_gpu_embeds_as_on_cpu", err <= 1e-3, max_abs_diff=err)
            else:
                img, txt = _embed(base["last_dir"], records[: args.val], "cpu")
                norms = np.linalg.norm(np.concatenate([img, txt]), axis=1)
                verdict("checkpoint_loads_and_embeds", bool(np.allclose(norms, 1.0, atol=1e-4)),
                        embeddings=int(len(norms)))

    report["failed"] = failed
    print(json.dumps(report, indent=2))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

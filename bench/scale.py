"""Scale: peak memory of the training data path and the evaluate reader at N and 4N images, and loader speed.

One run writes two de-identified out/ folders (N and 4N images, same per-image size: 8-bit PNGs at
`--size` px, a few images per study, a report and a label per study), then measures each path at each
size in its own subprocess (so each peak RSS is that path's own):

- `pretrain`: the stage's data path, streamed (load_study_records -> StudyIndex -> StudyStream, one epoch
  through the DataLoader: every drawn image decoded and augmented);
- `today`: the data path before streaming (every kept PNG held in memory, then a serial validation pass);
- `evaluate`: eval.readers.read_ours on out/ and one decode of every image of the first task.

It prints peak RSS at N and 4N and `rss_growth` = RSS(4N) / RSS(N) for each (target <= 1.25), then loader
images/s per core with the reference augmentations (crop `--crop` -> `--image-size`): today's loader
(PIL, 3 channels, at the crop size) next to ours (reduce on decode, one uint8 channel at the model
size, torchvision.transforms.v2 with PIL kernels), one process, one torch thread, and their ratio.

    python bench/scale.py                 # N = 192 images of 1024 px, crop 512 -> 224
    python bench/scale.py --quick         # seconds: N = 12 images of 192 px, all in one process (the
                                          # RSS figures are then not per path: only the code is exercised)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def synthetic_pngs(size: int, variants: int, seed: int = 0) -> list[bytes]:
    """Radiograph-like 8-bit PNGs (smooth bone-like shapes plus noise), ``size`` px on the long side."""
    rng = np.random.default_rng(seed)
    h, w = size, int(size * 0.82)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = []
    for _ in range(variants):
        img = np.full((h, w), 30.0, np.float32)
        for _ in range(4):
            cx, cy, rx, ry = rng.uniform(0.2, 0.8) * w, rng.uniform(0.1, 0.9) * h, rng.uniform(0.05, 0.15) * w, rng.uniform(0.2, 0.4) * h
            img += 140 * np.exp(-(((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2))
        img += rng.normal(0, 1.0, img.shape)  # quantum noise
        buf = io.BytesIO()
        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), mode="L").save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def write_out(folder: Path, n_images: int, pngs: list[bytes], per_study: int, shard: int = 64) -> dict[str, int]:
    """A de-identified out/ (images, reports, labels) of ``n_images`` images, written shard by shard."""
    from pipeline.store import Store

    store = Store(folder / "out", folder / "vault")
    store.ensure()
    n_studies = (n_images + per_study - 1) // per_study
    images, k, part = [], 0, 0
    for s in range(n_studies):
        for _ in range(min(per_study, n_images - k)):
            images.append({"image_id": f"I{k:07d}", "study_id": f"S{s:06d}", "patient_pseudo_id": f"P{s:06d}",
                           "image": {"bytes": pngs[k % len(pngs)], "path": None}, "body_part": ["HAND", "KNEE", "WRIST"][s % 3],
                           "modality": "DX", "bits_stored": 8})
            k += 1
            if len(images) == shard:
                store.write_shard("images", part, images)
                images, part = [], part + 1
    if images:
        store.write_shard("images", part, images)
    reports = [{"report_id": f"R{s:06d}", "study_id": f"S{s:06d}", "patient_pseudo_id": f"P{s:06d}",
                "text": f"Indication : douleur.\n\nConclusion : {'fracture' if s % 2 else 'pas de fracture'} du radius."}
               for s in range(n_studies)]
    labels = [{"study_id": f"S{s:06d}", "patient_pseudo_id": f"P{s:06d}", "task": "fracture",
               "label": "oui" if s % 2 else "non", "kept": True, "split": "test" if s % 5 == 0 else "train"}
              for s in range(n_studies)]
    for i in range(0, n_studies, shard):
        store.write_shard("reports", i // shard, reports[i : i + shard])
        store.write_shard("labels", i // shard, labels[i : i + shard])
    return {"images": n_images, "studies": n_studies}


# ---- measured paths (each in its own subprocess) --------------------------------------------------------
def measure_pretrain(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    import torch

    from models.data import AugmentConfig, StudyStream, make_loader
    from pipeline.pretraining import load_study_records, study_index
    from pipeline.store import Store

    store = Store(folder / "out", folder / "vault")
    records, _ = load_study_records(store)
    tokens = torch.zeros(len(records), 8, dtype=torch.long)  # the tokenizer is not what is measured here
    index = study_index(store, records, tokens)
    stream = StudyStream(index, args.image_size, AugmentConfig(crop_size=args.crop), seed=0, group_share=0.5,
                         buffer_size=args.buffer)
    n = 0
    for images, _ in make_loader(stream, args.batch, num_workers=0):
        n += len(images)
    return {"studies": len(records), "images_drawn": n}


def measure_today(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    """The data path before streaming: every kept PNG in memory, then decoded once serially."""
    from models.data import decode_image
    from pipeline.store import Store

    store = Store(folder / "out", folder / "vault")
    held: dict[str, list[bytes]] = {}
    for batch in store.iter_batches("images", columns=["study_id", "image"], batch_size=512):
        for row in batch.to_pylist():
            held.setdefault(row["study_id"], []).append(row["image"]["bytes"])
    n = 0
    for images in held.values():
        for data in images:
            decode_image(data)
            n += 1
    return {"studies": len(held), "images_held": n}


def measure_evaluate(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    import eval.data
    from eval.data import load_image
    from eval.readers import read_ours

    # the part-file cache is bounded (256 MB by default); below N's data here, so both sizes show the steady state
    eval.data.PART_CACHE_BYTES = 32 * 2**20

    tasks = read_ours(folder / "out")
    n = 0
    for src in tasks[0].sources:
        load_image(src)
        n += 1
    return {"images_decoded": n}


def measure_loader(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    """images/s on one core: today's StudyDataset (reference PIL transform) next to ours (StudyStream)."""
    import torch

    from models.data import AugmentConfig, StudyDataset, StudyStream, make_loader
    from pipeline.pretraining import load_study_records, study_index
    from pipeline.store import Store

    torch.set_num_threads(1)
    store = Store(folder / "out", folder / "vault")
    records, _ = load_study_records(store)
    records = records[: args.loader_studies]
    aug = AugmentConfig(crop_size=args.crop)
    tokens = torch.zeros(len(records), 8, dtype=torch.long)
    stream = StudyStream(study_index(store, records, tokens), args.image_size, aug, seed=0)
    # the same studies with their bytes in memory, as today's dataset takes them
    from models.data import _read_rows

    index = stream.index
    with_bytes = []
    for s, rec in enumerate(records):
        k = int(index.offsets[s])
        data = _read_rows(index.files[int(index.image_file[k])], [int(index.image_row[k])])
        with_bytes.append({"study_id": rec["study_id"], "images": [next(iter(data.values()))[1]], "text": rec["text"]})
    today = StudyDataset(with_bytes, lambda texts: torch.zeros(len(texts), 8, dtype=torch.long), args.image_size,
                         train=True, augment=aug)
    rates = {}
    for name, run in (
        ("today", lambda: [today[i] for i in range(len(today))]),
        ("ours", lambda: [x for x in make_loader(stream, 1, num_workers=0)]),
    ):
        run()  # warm-up
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            items = run()
            best = min(best, time.perf_counter() - start)
        rates[name] = len(items) / best
    return {"today_images_per_s_per_core": rates["today"], "ours_images_per_s_per_core": rates["ours"],
            "speedup": rates["ours"] / rates["today"], "studies": len(records)}


MEASURES = {"pretrain": measure_pretrain, "today": measure_today, "evaluate": measure_evaluate, "loader": measure_loader}


def run_measure(name: str, folder: Path, args: argparse.Namespace) -> dict[str, float]:
    """One measure in its own process (its own peak RSS); in --quick in this process (seconds, not RSS)."""
    if args.quick:
        started = time.perf_counter()
        result = MEASURES[name](folder, args)
        result["seconds"] = time.perf_counter() - started
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", name, "--folder", str(folder),
           "--size", str(args.size), "--crop", str(args.crop), "--image-size", str(args.image_size),
           "--batch", str(args.batch), "--buffer", str(args.buffer), "--repeats", str(args.repeats), "--loader-studies", str(args.loader_studies)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"measure {name} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=192, help="N (the second size is 4N)")
    ap.add_argument("--size", type=int, default=1024, help="longest side of the stored PNGs")
    ap.add_argument("--per-study", type=int, default=3, help="images per study (reference: 3.6)")
    ap.add_argument("--crop", type=int, default=512, help="reference random-resized-crop size")
    ap.add_argument("--image-size", type=int, default=224, help="model input size")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--loader-studies", type=int, default=32)
    ap.add_argument("--buffer", type=int, default=32,
                    help="shuffle buffer in studies (the stage's is 1024): smaller than N's studies, so both sizes "
                    "measure the steady state; the buffer's own memory is buffer x image bytes")
    ap.add_argument("--quick", action="store_true", help="tiny input (N = 12 images of 192 px): seconds")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        started = time.perf_counter()
        result = MEASURES[args.measure](args.folder, args)
        result["seconds"] = time.perf_counter() - started
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return
    if args.quick:
        args.images, args.size, args.crop, args.image_size = 12, 192, 64, 32
        args.batch, args.repeats, args.loader_studies, args.buffer = 2, 1, 4, 4
    pngs = synthetic_pngs(args.size, 16)
    summary: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "png_kb": round(float(np.mean([len(p) for p in pngs])) / 1024, 1),
        "size_px": args.size, "crop": args.crop, "image_size": args.image_size,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for factor in (1, 4):
            folders[factor] = Path(tmp) / f"x{factor}"
            summary[f"data_x{factor}"] = write_out(folders[factor], factor * args.images, pngs, args.per_study)
        for name in ("pretrain", "today", "evaluate"):
            at = {f: run_measure(name, folders[f], args) for f in (1, 4)}
            summary[name] = {
                "peak_rss_mb_N": round(at[1]["peak_rss_mb"], 1), "peak_rss_mb_4N": round(at[4]["peak_rss_mb"], 1),
                "rss_growth": round(at[4]["peak_rss_mb"] / at[1]["peak_rss_mb"], 3),
                "seconds_N": round(at[1]["seconds"], 2), "seconds_4N": round(at[4]["seconds"], 2),
            }
            print(f"{name:9s} peak RSS {at[1]['peak_rss_mb']:7.1f} MB at N={args.images}, "
                  f"{at[4]['peak_rss_mb']:7.1f} MB at 4N: rss_growth {summary[name]['rss_growth']:.3f}", flush=True)
        loader = run_measure("loader", folders[1], args)
        summary["loader"] = {k: round(v, 2) for k, v in loader.items()}
        print(f"loader    today {loader['today_images_per_s_per_core']:6.1f} images/s per core, "
              f"ours {loader['ours_images_per_s_per_core']:6.1f}: ratio {loader['speedup']:.2f}x "
              f"(crop {args.crop} -> {args.image_size}, {args.size} px PNGs)", flush=True)
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

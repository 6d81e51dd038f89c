"""Benchmark of the burned-in text filter: images/s per core and recall, at full size and downscaled.

One run: a synthetic hospital (with extra burned-in PHI images: text pages, and radiographs with small
corner annotations of 8-16 px at 1024 px, `--small-text-rate`) is generated and ingested at `--full` px,
then the default OCR engine reads the same images, single-threaded, at every size in `--sizes`, plain
and as a cascade (text detection at `--cascade-side` px first, full OCR only where a box is found); for
each it prints images/s per core, the recall of burned-in PHI images (among those the cheap DICOM rules
leave to OCR), the recall on small-text images by letter height (px at 1024), and the share of
laterality-marker images dropped; then the cascade's speed ratio over the plain engine.

    python bench/ocr_filter.py --patients 12 --full 1024 --sizes 1024 768 512 384
    python bench/ocr_filter.py --quick      # seconds: 2 patients at 384 px (what the test suite runs)

The images are read from vault/ingested_images (every converted image, before the filter): ingest no
longer writes out/images, which only the filter fills with the images it keeps.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from pipeline.config import config_from_dict
from pipeline.configs.filter_images import FilterImagesConfig
from pipeline.ocr import count_chars, downscale, make_engine
from pipeline.ocr.cascade import CascadeEngine
from pipeline.runner import run_stages
from pipeline.stages.filter_images import cheap_rule, decode
from pipeline.store import Store
from pipeline.synth import SynthOptions, generate_hospital


def _truth(store: Store, hospital: Path) -> dict[str, dict]:
    rows = [json.loads(x) for x in (hospital / "ground_truth" / "images.jsonl").read_text().splitlines() if x]
    by_path = {r["path"]: r for r in rows}
    links = store.read_table("image_ids", columns=["image_id", "source_path"]).to_pylist()
    return {r["image_id"]: by_path[str(Path(r["source_path"]).relative_to(hospital.resolve()))] for r in links}


def _scores(truth: dict[str, dict], counts: dict[str, int], max_chars: int, size: int, mode: str,
            rate: float) -> dict:
    """Recall of PHI images, recall on small text by letter height (px at 1024), marker false drops."""
    dropped = {i for i, n in counts.items() if n > max_chars}
    phi = [i for i in counts if truth[i]["burned_in"] == "phi"]
    small = [i for i in counts if truth[i]["burned_in"] == "phi_small"]
    markers = [i for i in counts if truth[i]["burned_in"] == "laterality"]
    by_height: dict[str, list[int]] = {}
    for i in small:
        px = truth[i]["text_px"] * 1024 / max(truth[i]["rows"], truth[i]["columns"])
        bucket = "8-10px" if px < 10.5 else ("11-13px" if px < 13.5 else "14-16px")
        by_height.setdefault(bucket, []).append(int(i in dropped))
    return {
        "longest_side": size, "mode": mode, "images": len(counts), "images_per_s_per_core": round(rate, 2),
        "phi_images_ocr": len(phi), "phi_recall": round(sum(i in dropped for i in phi) / max(1, len(phi)), 4),
        "small_text_images": len(small),
        "small_text_recall": round(sum(i in dropped for i in small) / max(1, len(small)), 4),
        "small_text_recall_by_height": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_height.items())},
        "marker_images": len(markers),
        "marker_false_drop": round(sum(i in dropped for i in markers) / max(1, len(markers)), 4),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=12)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--full", type=int, default=1024, help="ingest longest side (the stored 'full size')")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1024, 768, 512, 384])
    ap.add_argument("--phi-rate", type=float, default=0.3, help="share of studies with a burned-in PHI image")
    ap.add_argument("--small-text-rate", type=float, default=0.15, help="share of radiographs with small annotations")
    ap.add_argument("--cascade-side", type=int, default=512, help="detector size of the cascade's first pass")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--quick", action="store_true", help="tiny input (2 patients, 384 px, one size): seconds")
    args = ap.parse_args()
    if args.quick:
        args.patients, args.full, args.sizes, args.phi_rate, args.cascade_side = 2, 384, [384], 0.5, 256

    cfg_fi = FilterImagesConfig()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hospital = root / "hospital"
        generate_hospital(hospital, SynthOptions(n_patients=args.patients, seed=args.seed, image_size=args.full,
                                                 burned_phi_rate=args.phi_rate, small_text_rate=args.small_text_rate,
                                                 workers=2))
        cfg = config_from_dict({
            "paths": {"dicom_dir": str(hospital / "pacs"), "pdf_dir": str(hospital / "reports"),
                      "report_manifest": str(hospital / "report_manifest.csv"),
                      "out_dir": str(root / "out"), "vault_dir": str(root / "vault")},
            "ingest": {"longest_side": args.full},
        })
        run_stages(cfg, ["ingest"], workers=2, progress=False)
        store = Store(cfg.paths.out_dir, cfg.paths.vault_dir)
        truth = _truth(store, hospital)
        rows = store.read_table("ingested_images", columns=["image_id", "image", "modality", "burned_in_annotation",
                                                    "width", "height", "bits_stored"]).to_pylist()
        by_rule = {r["image_id"] for r in rows if cheap_rule(r, cfg_fi) is not None}
        todo = [(r["image_id"], decode(r["image"]["bytes"])) for r in rows if r["image_id"] not in by_rule]
        engine = make_engine("rapidocr", threads=1, min_score=cfg_fi.min_score)
        if not todo:
            raise SystemExit("no image left to OCR after the DICOM rules: use more --patients")
        engine.read([todo[0][1]])  # warm-up: session creation is not per-image cost
        results = []
        for size in args.sizes:
            images = [(i, downscale(px, size)) for i, px in todo]
            for mode in ("plain", "cascade"):
                reader = engine if mode == "plain" else CascadeEngine(engine, min(args.cascade_side, size))
                started = time.perf_counter()
                counts = {}
                for k in range(0, len(images), args.batch):
                    chunk = images[k : k + args.batch]
                    for (image_id, _), res in zip(chunk, reader.read([px for _, px in chunk])):
                        counts[image_id] = count_chars(res.text)
                wall = time.perf_counter() - started
                results.append(_scores(truth, counts, cfg_fi.max_chars, size, mode, len(images) / wall))
                print(json.dumps(results[-1]), flush=True)
        ratios = {r["longest_side"]: round(c["images_per_s_per_core"] / r["images_per_s_per_core"], 2)
                  for r, c in zip(results[::2], results[1::2])}
        print(json.dumps({"cascade_speed_ratio_by_size": ratios}), flush=True)
        summary = {"engine": "rapidocr-onnxruntime", "threads": 1, "full_size": args.full,
                   "cascade_side": args.cascade_side, "cascade_speed_ratio_by_size": ratios,
                   "phi_images_by_rules": sum(truth[i]["burned_in"] == "phi" for i in by_rule), "results": results}
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

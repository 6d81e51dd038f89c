"""Benchmark of the burned-in text filter: images/s per core and recall, at full size and downscaled.

One run: a synthetic hospital (with extra burned-in PHI images) is generated
and ingested at `--full` px, then the default OCR engine reads the same
images, single-threaded, at every size in `--sizes`; for each size it prints
images/s per core, the recall of burned-in PHI images (among those the cheap
DICOM rules leave to OCR) and the share of laterality-marker images dropped.

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
from pipeline.runner import run_stages
from pipeline.stages.filter_images import cheap_rule, decode
from pipeline.store import Store
from pipeline.synth import SynthOptions, generate_hospital


def _truth(store: Store, hospital: Path) -> dict[str, str]:
    rows = [json.loads(x) for x in (hospital / "ground_truth" / "images.jsonl").read_text().splitlines() if x]
    by_path = {r["path"]: r["burned_in"] for r in rows}
    links = store.read_table("image_ids", columns=["image_id", "source_path"]).to_pylist()
    return {r["image_id"]: by_path[str(Path(r["source_path"]).relative_to(hospital.resolve()))] for r in links}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=12)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--full", type=int, default=1024, help="ingest longest side (the stored 'full size')")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1024, 768, 512, 384])
    ap.add_argument("--phi-rate", type=float, default=0.3, help="share of studies with a burned-in PHI image")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--quick", action="store_true", help="tiny input (2 patients, 384 px, one size): seconds")
    args = ap.parse_args()
    if args.quick:
        args.patients, args.full, args.sizes, args.phi_rate = 2, 384, [384], 0.5

    cfg_fi = FilterImagesConfig()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        hospital = root / "hospital"
        generate_hospital(hospital, SynthOptions(n_patients=args.patients, seed=args.seed, image_size=args.full,
                                                 burned_phi_rate=args.phi_rate, workers=2))
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
            started = time.perf_counter()
            counts = {}
            for k in range(0, len(images), args.batch):
                chunk = images[k : k + args.batch]
                for (image_id, _), res in zip(chunk, engine.read([px for _, px in chunk])):
                    counts[image_id] = count_chars(res.text)
            wall = time.perf_counter() - started
            dropped = {i for i, n in counts.items() if n > cfg_fi.max_chars}
            phi = [i for i in counts if truth[i] == "phi"]
            markers = [i for i in counts if truth[i] == "laterality"]
            results.append({
                "longest_side": size, "images": len(images), "images_per_s_per_core": round(len(images) / wall, 2),
                "phi_images_ocr": len(phi), "phi_recall": round(sum(i in dropped for i in phi) / max(1, len(phi)), 4),
                "marker_images": len(markers),
                "marker_false_drop": round(sum(i in dropped for i in markers) / max(1, len(markers)), 4),
            })
            print(json.dumps(results[-1]), flush=True)
        summary = {"engine": "rapidocr-onnxruntime", "threads": 1, "full_size": args.full,
                   "phi_images_by_rules": sum(truth[i] == "phi" for i in by_rule), "results": results}
    print(json.dumps(summary, indent=1))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()

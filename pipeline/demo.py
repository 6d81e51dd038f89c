"""`pipeline demo`: a synthetic hospital through every stage, on CPU, in minutes.

The demo uses the production code paths with small settings (tiny models,
offline OCR and labeling engines); only the sizes differ.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from pipeline.config import config_from_dict
from pipeline.runner import print_table, run_stages, summary_table

log = logging.getLogger("pipeline")

DEMO_PATIENTS = 400
#: Studies have 1-3 images in the demo: enough views per study, fewer images to OCR on 2 cores.
DEMO_MAX_IMAGES = 3
#: Plaster casts on 60% of fracture images and 5% of the others: a confounder the explain stage's audit must see.
DEMO_CAST_RATES = {"cast_rate_fracture": 0.6, "cast_rate_normal": 0.05}
DEMO_BOXES = "explain_boxes.jsonl"


def demo_overrides(n_patients: int) -> dict[str, Any]:
    """Section overrides that make every stage small enough for 2 CPU cores (same code paths)."""
    from pipeline.configs.pretrain import DEMO_OVERRIDES as PRETRAIN_DEMO

    return {
        "ingest": {"longest_side": 384},
        # A quarter of the patients for the test split, a tenth for validation (the defaults are sized for
        # a hospital: 256 test studies).
        "pseudo_label": {"test_size": max(4, n_patients // 4), "val_size": max(2, n_patients // 10)},
        "pretrain": dict(PRETRAIN_DEMO),
        # The tiny model is 64 px with patch 8: one position-embedding interpolation and one FlexiViT
        # patch resize, both to 96 px, instead of the reference's four ViT-B targets.
        "resize": {"targets": [{"name": "tiny-96", "image_size": 96},
                               {"name": "tiny-96-p12", "image_size": 96, "patch_size": 12}]},
        # The reference's second phase on each resized checkpoint (lr 1e-6), a few steps only on 2 cores.
        "continue_pretrain": {"max_steps": 6},
        # Probe epochs of 100 steps, at most 60 (6,000 steps, seconds a run) instead of the default 500-step
        # epochs: on the demo's almost separable features this already gives AUROC 0.99+, and the default's
        # longer runs (up to 30,000 steps) would add minutes on 2 cores for 18 probe runs.
        "evaluate": {"seeds": 3, "ratios": [0.1, 1.0], "probe_max_epochs": 60, "probe_min_epoch_steps": 100,
                     "bootstrap": 500},
        # 16 held-out images, 128 masks for TIS and RISE (the published default is 1024): seconds on 2 cores.
        "explain": {"max_images": 16, "n_masks": 128, "insertion_steps": 16},
    }


def demo_config(root: Path, seed: int, workers: int, n_patients: int = DEMO_PATIENTS) -> dict[str, Any]:
    hospital = root / "hospital"
    cfg: dict[str, Any] = {
        "paths": {
            "dicom_dir": str(hospital / "pacs"),
            "pdf_dir": str(hospital / "reports"),
            "report_manifest": str(hospital / "report_manifest.csv"),
            "out_dir": str(root / "out"),
            "vault_dir": str(root / "vault"),
        },
        "run": {"workers": workers, "shard_size": 64, "seed": seed},
    }
    cfg.update(json.loads(json.dumps(demo_overrides(n_patients))))
    cfg["explain"]["boxes_file"] = str(root / DEMO_BOXES)
    return cfg


def write_demo_key(vault_dir: Path, seed: int) -> None:
    """The demo's id key derives from its seed, so two demos give the same ids, splits and numbers.

    Only for the synthetic hospital: a real run gets a random key (pipeline.ids), which is what keeps its
    new ids from being recomputed from the originals."""
    from pipeline.ids import KEY_FILE

    vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = vault_dir / KEY_FILE
    if path.exists():
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(hashlib.sha256(f"hospital-vlp synthetic demo, seed {seed}".encode()).digest())


def run_demo(root: Path, patients: int | None = None, seed: int = 0, workers: int = 2) -> bool:
    from pipeline.synth import SynthOptions, generate_hospital

    started = time.perf_counter()
    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    hospital = root / "hospital"
    n_patients = patients or DEMO_PATIENTS
    options = SynthOptions(n_patients=n_patients, seed=seed, max_images=DEMO_MAX_IMAGES, workers=workers,
                           **DEMO_CAST_RATES)
    stamp = hospital / ".synth_options.json"
    wanted = options.model_copy(update={"workers": 1}).model_dump_json()  # output does not depend on workers
    if not stamp.exists() or stamp.read_text() != wanted:
        log.info("writing the synthetic hospital to %s", hospital)
        generate_hospital(hospital, options)
        stamp.write_text(wanted)
    raw = demo_config(root, seed, workers, n_patients)
    (root / "config.yaml").write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
    cfg = config_from_dict(raw, base=root)
    write_demo_key(cfg.paths.vault_dir, seed)
    from pipeline.stages import STAGES

    order = list(STAGES)
    cut = order.index("explain")  # explain needs the boxes, joined to image ids once ingest has run
    reports = run_stages(cfg, order[:cut], workers=workers)
    if all(r.status in ("done", "skipped") for r in reports):
        write_demo_boxes(hospital, cfg, root / DEMO_BOXES)
        reports += run_stages(cfg, order[cut:], workers=workers)
    console = Console(width=160)
    print_table(summary_table(reports, title=f"demo: {root}"))
    for report in reports:
        lines = report.stats.get("summary")
        if isinstance(lines, list) and lines:
            console.print(f"[bold]{report.stage}[/bold]")
            for line in lines:
                console.print(f"  {line}", highlight=False, markup=False)
    from pipeline.vlm.summary import vlm_summary

    for line in vlm_summary(reports):
        console.print(f"  {line}", highlight=False, markup=False)
    console.print(f"demo finished in {time.perf_counter() - started:.0f} s; config: {root / 'config.yaml'}; "
                  f"inspect with `pipeline status --config {root / 'config.yaml'}`")
    return all(r.status in ("done", "skipped") for r in reports)


def write_demo_boxes(hospital: Path, cfg: Any, dest: Path) -> int:
    """The generator's ground-truth boxes keyed by the pipeline's de-identified image ids (via the vault link).

    Only the demo can do this join (it owns both the synthetic ground truth and the vault); the file holds
    image ids and boxes, nothing identifying. Returns the number of boxes written.
    """
    from pipeline.store import Store

    truth: dict[str, list[dict]] = {}
    for line in (hospital / "ground_truth" / "images.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("boxes"):
            truth[str((hospital / row["path"]).resolve())] = row["boxes"]
    links = Store.from_config(cfg).read_table("image_ids", columns=["image_id", "source_path"]).to_pylist()
    lines = []
    for link in sorted(links, key=lambda r: r["image_id"]):
        for box in truth.get(str(Path(link["source_path"]).resolve()), []):
            lines.append(json.dumps({"image_id": link["image_id"], "kind": box["kind"], "box": box["box"]}))
    dest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return len(lines)

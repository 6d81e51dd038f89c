"""Explain a batch of images: saliency per method, metrics, bias audit, overlays, gallery, tables.

:func:`run_explain` is the library entry (any :class:`ScoreModel` + its preprocessing); the
``explain`` stage and ``pipeline explain`` call it. Each image's result is written at once to
``<out>/explain/items/<image_id>.json`` (atomic) with a key of the model and options, so a killed
run resumes where it stopped and a finished image is never recomputed. The tables
(``explain_per_image.parquet``, ``explain_summary.json``) and ``explain_gallery.html`` are rebuilt
from the item files at the end.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, ImageDraw

from explain.metrics import energy_in_box, insertion_deletion, max_sensitivity, pointing_game, sparseness
from explain.spec import CONFOUNDERS, ExplainOptions
from explain.targets import ScoreModel

log = logging.getLogger("explain")
KINDS = ("lesion", *CONFOUNDERS)
BOX_COLOURS = {"lesion": (255, 60, 60), "marker": (80, 160, 255), "cast": (255, 220, 0), "implant": (0, 230, 200)}


@dataclass
class ExplainItem:
    """One image to explain; ``boxes`` are ``{"kind", "box": [x0, y0, x1, y1]}`` in fractions of the image."""

    image_id: str
    source: str | bytes
    body_part: str = "unknown"
    label: float | None = None
    study_id: str = ""
    boxes: list[dict] = field(default_factory=list)


def resolve_device(name: str) -> torch.device:
    """'auto' -> the first GPU when present, else CPU."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(name)


def region_masks(image: Image.Image, boxes: Sequence[dict], preprocess: Callable[[Image.Image], torch.Tensor]
                 ) -> dict[str, torch.Tensor]:
    """Boolean masks (H, W) per box kind in the model's input frame.

    The box is drawn on a blank image of the original size and sent through the same
    preprocessing as the radiograph (resize, crop...), so any geometric transform is followed
    exactly; the normalisation is monotone, so a threshold halfway between black and white recovers it.
    """
    if not boxes:
        return {}
    w, h = image.size
    black = preprocess(Image.new("RGB", (w, h), 0))[0]
    white = preprocess(Image.new("RGB", (w, h), (255, 255, 255)))[0]
    out: dict[str, torch.Tensor] = {}
    for kind in sorted({b["kind"] for b in boxes}):
        canvas = Image.new("RGB", (w, h), 0)
        draw = ImageDraw.Draw(canvas)
        for b in boxes:
            if b["kind"] == kind:
                x0, y0, x1, y1 = b["box"]
                draw.rectangle([x0 * w, y0 * h, max(x0 * w, x1 * w - 1), max(y0 * h, y1 * h - 1)], fill=(255, 255, 255))
        mask = preprocess(canvas)[0] > (black + white) / 2
        if mask.any():
            out[kind] = mask
    return out


def build_methods(options: ExplainOptions, patch_size: int | None = None) -> list[Any]:
    """The configured methods with the run's sizes (TIS and RISE share the mask count)."""
    from explain.baselines import make_method

    sizes = {"n_masks": options.n_masks, "keep_ratio": options.keep_ratio, "batch_size": options.batch_size,
             "steps": options.ig_steps, "cells": options.rise_cells, "seed": 0}
    return [make_method(name, **sizes) for name in options.methods]


def top_element(saliency: torch.Tensor, regions: dict[str, torch.Tensor]) -> str:
    """Which ground-truth element holds the map's maximum (the smallest box when boxes overlap), else 'background'."""
    flat = saliency.flatten()
    peak = flat == flat.max()
    hits = [(int(m.sum()), kind) for kind, m in regions.items() if bool((m.flatten() & peak).any())]
    return min(hits)[1] if hits else "background"


def explain_image(score_model: ScoreModel, pixels: torch.Tensor, methods: Sequence[Any],
                  regions: dict[str, torch.Tensor], options: ExplainOptions
                  ) -> tuple[float, list[dict], dict[str, np.ndarray]]:
    """Score, one metrics row per method and the maps of one preprocessed image (1, 3, H, W)."""
    score = float(score_model.probability(pixels)[0])
    rows, maps = [], {}
    for method in methods:
        started = time.perf_counter()
        sal = method(score_model, pixels).float().cpu()
        seconds = time.perf_counter() - started
        curves = insertion_deletion(score_model, pixels, sal, n_steps=options.insertion_steps,
                                    batch_size=options.batch_size)
        row: dict[str, Any] = {
            "method": method.name, "seconds": round(seconds, 4),
            "insertion_auc": curves.insertion_auc, "deletion_auc": curves.deletion_auc,
            "sparseness": sparseness(sal.numpy()),
            "pointing_game": pointing_game(sal, regions["lesion"]) if "lesion" in regions else None,
            "top_element": top_element(sal, regions),
        }
        for kind in KINDS:
            row[f"energy_{kind}"] = energy_in_box(sal, regions[kind]) if kind in regions else None
        if options.sensitivity_samples:
            row["max_sensitivity"] = max_sensitivity(lambda x, m=method: m(score_model, x), pixels,
                                                     radius=options.sensitivity_radius,
                                                     n_samples=options.sensitivity_samples)
        rows.append(row)
        maps[method.name] = sal.numpy()
    return score, rows, maps


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _display(pixels: torch.Tensor) -> np.ndarray:
    """The model's input as an 8-bit grey image (first channel, min-max)."""
    a = pixels[0, 0].detach().float().cpu().numpy()
    lo, hi = float(a.min()), float(a.max())
    return ((a - lo) / (hi - lo) * 255 if hi > lo else np.zeros_like(a)).astype(np.uint8)


def overlay_png(grey: np.ndarray, saliency: np.ndarray | None, regions: dict[str, torch.Tensor],
                alpha: float = 0.45) -> bytes:
    """PNG of the radiograph with the saliency as a 'jet' colormap and the ground-truth boxes outlined."""
    import io

    from matplotlib import colormaps

    base = np.repeat(grey[..., None].astype(np.float32) / 255.0, 3, axis=2)
    if saliency is not None:
        heat = colormaps["jet"](np.clip(saliency, 0, 1))[..., :3].astype(np.float32)
        base = (1 - alpha) * base + alpha * heat
    img = Image.fromarray((base * 255).clip(0, 255).astype(np.uint8))
    scale = max(1, 224 // max(img.size))
    img = img.resize((img.size[0] * scale, img.size[1] * scale), Image.Resampling.NEAREST)
    draw = ImageDraw.Draw(img)
    for kind, mask in regions.items():
        ys, xs = np.nonzero(mask.numpy())
        draw.rectangle([xs.min() * scale, ys.min() * scale, (xs.max() + 1) * scale - 1, (ys.max() + 1) * scale - 1],
                       outline=BOX_COLOURS.get(kind, (255, 255, 255)))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def run_key(model_fingerprint: str, options: ExplainOptions, prompt: str) -> str:
    """What a finished item must match to be reused: model, options (sizes, methods) and prompt."""
    payload = json.dumps({"model": model_fingerprint, "options": options.model_dump(mode="json"), "prompt": prompt},
                         sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def run_explain(score_model: ScoreModel, preprocess: Callable[[Image.Image], torch.Tensor], items: Sequence[ExplainItem],
                options: ExplainOptions, out_dir: Path, model_name: str = "model", model_fingerprint: str = "",
                progress: bool = True) -> dict[str, Any]:
    """Explain every item (resuming finished ones), then write tables, audit and gallery under ``out_dir``."""
    from eval.data import load_image

    out_dir = Path(out_dir)
    root = out_dir / "explain"
    device = resolve_device(options.device)
    score_model = score_model.to(device).eval()
    prompt = " vs ".join(score_model.labels[:2])
    key = run_key(model_fingerprint or model_name, options, prompt)
    methods = build_methods(options)
    rejects: list[dict] = []
    records: list[dict] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), desc="explain", unit="img")
    for item in items:
        path = root / "items" / f"{item.image_id}.json"
        if path.is_file():
            done = json.loads(path.read_text())
            if done.get("key") == key:
                records.append(done)
                if bar:
                    bar.update(1)
                continue
        try:
            image = load_image(item.source)
            rgb = image.convert("RGB")
            pixels = preprocess(rgb)[None].to(device)
            regions = region_masks(rgb, item.boxes, preprocess)
        except Exception as exc:  # one unreadable image is a reject, never the end of the run
            rejects.append({"item": item.image_id, "reason": "image could not be decoded", "detail": str(exc)[:200]})
            if bar:
                bar.update(1)
            continue
        score, rows, maps = explain_image(score_model, pixels, methods, regions, options)
        record = {"key": key, "image_id": item.image_id, "study_id": item.study_id, "body_part": item.body_part,
                  "label": item.label, "score": score, "kinds": sorted(regions), "rows": rows}
        if options.overlays:
            grey = _display(pixels)
            _atomic_write(root / "overlays" / f"{item.image_id}_input.png", overlay_png(grey, None, regions))
            for name, sal in maps.items():
                _atomic_write(root / "overlays" / f"{item.image_id}_{name}.png", overlay_png(grey, sal, regions))
        _atomic_write(path, json.dumps(record, default=float).encode())
        records.append(record)
        if bar:
            bar.update(1)
    if bar:
        bar.close()
    results = summarise(records, options, model_name, prompt)
    results["rejects"] = rejects
    write_outputs(results, records, options, out_dir)
    return results


def _mean(values: list) -> float | None:
    vals = [float(v) for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]
    return float(np.mean(vals)) if vals else None


def per_image_rows(records: Sequence[dict]) -> list[dict]:
    """Long table: one row per (image, method)."""
    out = []
    for r in records:
        for row in r["rows"]:
            out.append({"image_id": r["image_id"], "study_id": r["study_id"], "body_part": r["body_part"],
                        "label": r["label"], "score": r["score"], **row})
    return out


def summarise(records: Sequence[dict], options: ExplainOptions, model_name: str, prompt: str) -> dict[str, Any]:
    """Mean metrics per method and the bias audit among positive predictions (overall and per body part)."""
    rows = per_image_rows(records)
    methods = [m for m in options.methods if any(r["method"] == m for r in rows)]
    metrics = []
    for m in methods:
        mine = [r for r in rows if r["method"] == m]
        metrics.append({
            "method": m, "n_images": len(mine),
            "pointing_game": _mean([r["pointing_game"] for r in mine]),
            "n_with_lesion_box": sum(1 for r in mine if r["pointing_game"] is not None),
            "energy_lesion": _mean([r["energy_lesion"] for r in mine]),
            "insertion_auc": _mean([r["insertion_auc"] for r in mine]),
            "deletion_auc": _mean([r["deletion_auc"] for r in mine]),
            "sparseness": _mean([r["sparseness"] for r in mine]),
            "max_sensitivity": _mean([r.get("max_sensitivity") for r in mine]),
            "seconds_per_image": _mean([r["seconds"] for r in mine]),
        })
    return {"model": model_name, "prompt": prompt, "n_images": len(records), "metrics": metrics,
            "audit": bias_audit(rows, methods, options.positive_threshold)}


def bias_audit(rows: Sequence[dict], methods: Sequence[str], threshold: float) -> list[dict]:
    """Per method, group and body part: where the saliency of positive images went.

    Two groups: ``predicted`` (score >= threshold: the reference's "pathological predictions") and
    ``labelled`` (ground-truth positives, whatever the score: meaningful even when an uncalibrated
    zero-shot score never crosses the threshold). ``top_<kind>`` counts images whose map peaks on
    that element (the reference's "cast is the main salient element"); ``mass_<kind>`` is the mean
    share of saliency mass on it, over the images where the element is present.
    """
    out = []
    for m in methods:
        mine = [r for r in rows if r["method"] == m]
        chosen = {"predicted": [r for r in mine if r["score"] >= threshold],
                  "labelled": [r for r in mine if r["label"] is not None and r["label"] >= 0.5]}
        for group, positives in chosen.items():
            parts = {"all": positives}
            for r in positives:
                parts.setdefault(r["body_part"], []).append(r)
            for part, members in parts.items():
                entry: dict[str, Any] = {"method": m, "group": group, "body_part": part, "n_positive": len(members)}
                for kind in (*KINDS, "background"):
                    entry[f"top_{kind}"] = sum(1 for r in members if r["top_element"] == kind)
                for kind in KINDS:
                    entry[f"present_{kind}"] = sum(1 for r in members if r[f"energy_{kind}"] is not None)
                    entry[f"mass_{kind}"] = _mean([r[f"energy_{kind}"] for r in members])
                entry["top_confounder"] = sum(entry[f"top_{k}"] for k in CONFOUNDERS)
                out.append(entry)
    return out


def summary_lines(results: dict[str, Any]) -> list[str]:
    """Plain-text summary: metrics per method, then the audit of every method over all body parts."""
    def f(v: float | None, digits: int = 3) -> str:
        return "-" if v is None else f"{v:.{digits}f}"

    lines = [f"explain {results['model']}: {results['n_images']} images, prompt '{results['prompt']}'",
             f"  {'method':<22}{'pointing':>9}{'E(lesion)':>10}{'insert':>8}{'delete':>8}{'sparse':>8}{'s/img':>8}"]
    for r in results["metrics"]:
        lines.append(f"  {r['method']:<22}{f(r['pointing_game'], 2):>9}{f(r['energy_lesion']):>10}"
                     f"{f(r['insertion_auc']):>8}{f(r['deletion_auc']):>8}{f(r['sparseness']):>8}"
                     f"{f(r['seconds_per_image'], 2):>8}")
    for group, title in (("predicted", "predicted positive (score >= threshold)"),
                         ("labelled", "labelled positive")):
        lines.append(f"  bias audit, {title}: map peak on / mean saliency mass share on")
        for a in results["audit"]:
            if a["body_part"] != "all" or a["group"] != group:
                continue
            tops = ", ".join(f"{k} {a[f'top_{k}']}" for k in (*KINDS, "background") if a[f"top_{k}"])
            mass = ", ".join(f"{k} {f(a[f'mass_{k}'], 2)}" for k in KINDS if a[f"present_{k}"])
            lines.append(f"  {a['method']:<22}n={a['n_positive']}: peak on {tops or '-'}; confounder peak "
                         f"{a['top_confounder']}/{a['n_positive']}; mass {mass or '-'}")
    return lines


def write_outputs(results: dict[str, Any], records: Sequence[dict], options: ExplainOptions, out_dir: Path) -> None:
    """explain_per_image.parquet, explain_metrics.parquet, explain_audit.parquet, explain_summary.json, gallery."""
    import pyarrow as pa

    from eval.readers import write_parquet

    out_dir.mkdir(parents=True, exist_ok=True)
    rows = per_image_rows(records)
    if rows:
        write_parquet(pa.Table.from_pylist(rows), out_dir / "explain_per_image.parquet")
    if results["metrics"]:
        write_parquet(pa.Table.from_pylist(results["metrics"]), out_dir / "explain_metrics.parquet")
    if results["audit"]:
        write_parquet(pa.Table.from_pylist(results["audit"]), out_dir / "explain_audit.parquet")
    _atomic_write(out_dir / "explain_summary.json", json.dumps(results, indent=1, default=float).encode())
    if options.overlays:
        _atomic_write(out_dir / "explain_gallery.html", gallery_html(results, records).encode())
    from eval.report import add_report_section

    gallery = "\n\nOverlays, prompt and score per image: [explain_gallery.html](explain_gallery.html)" \
        if options.overlays else ""
    add_report_section(out_dir, "explain", "## Explanations (saliency maps, metrics, bias audit)\n\n```\n"
                       + "\n".join(summary_lines(results)) + "\n```" + gallery)


def gallery_html(results: dict[str, Any], records: Sequence[dict]) -> str:
    """One row per image: the input with its boxes, then every method's overlay; prompt, score, label, metrics."""
    methods = [m["method"] for m in results["metrics"]]
    e = html.escape
    head = "".join(f"<th>{e(m)}</th>" for m in methods)
    legend = " ".join(f"<span style='color:rgb{c}'>&#9633; {k}</span>" for k, c in BOX_COLOURS.items())
    body = []
    for r in sorted(records, key=lambda r: -r["score"]):
        by_method = {row["method"]: row for row in r["rows"]}
        cells = []
        for m in methods:
            row = by_method.get(m, {})
            pg = row.get("pointing_game")
            note = (f"ins {row.get('insertion_auc', 0):.2f} / del {row.get('deletion_auc', 0):.2f}"
                    + ("" if pg is None else f" / PG {pg:.0f}") + f"<br>peak: {e(str(row.get('top_element', '')))}")
            cells.append(f"<td><img src='explain/overlays/{e(r['image_id'])}_{e(m)}.png' width=160><br>"
                         f"<small>{note}</small></td>")
        label = "-" if r["label"] is None else f"{r['label']:.0f}"
        body.append(f"<tr><td><img src='explain/overlays/{e(r['image_id'])}_input.png' width=160><br><small>"
                    f"{e(r['image_id'])}<br>{e(r['body_part'])}<br>score {r['score']:.3f}, label {label}</small></td>"
                    + "".join(cells) + "</tr>")
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>explain</title>"
            f"<style>td{{vertical-align:top;text-align:center}}body{{font-family:sans-serif}}</style></head><body>"
            f"<h1>Saliency: {e(results['model'])}</h1><p>Explained: the probability of "
            f"<b>{e(results['prompt'])}</b> (softmax over the prompt pair). Boxes: {legend}</p>"
            f"<table><tr><th>input</th>{head}</tr>{''.join(body)}</table></body></html>")

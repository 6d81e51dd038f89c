"""The VLM fine-tuning set: one row per study, in the chat format VLM trainers (TRL, Idefics2) expect.

Row: `images` (up to N de-identified PNGs), `messages` (user: the images + "write the report";
assistant: the structured report; then one user/assistant turn per Q&A pair), plus ids, the
structured report and the split. The split is the patient's split in `labels` (pseudo-label's
patient-level split), so no patient crosses splits; patients without a kept label go to train, as
in pretraining. Images are read a few studies at a time through row pointers, not loaded whole.
"""

from __future__ import annotations

import hashlib
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.configs.export import ExportConfig
from pipeline.store import Store, read_rows

SPLITS = ("train", "val", "test")


def features() -> Any:
    from datasets import Features, Image, List, Value

    part = {"type": Value("string"), "text": Value("string")}
    return Features({
        "study_id": Value("string"),
        "patient_pseudo_id": Value("string"),
        "images": List(Image()),
        "messages": List({"role": Value("string"), "content": List(part)}),
        "report": Value("string"),
        "n_qa": Value("int32"),
    })


def image_pointers(store: Store, studies: set[str], limit: int) -> dict[str, list[tuple[str, int, str]]]:
    """study -> (part file, row, image_id) of its first `limit` images (by image id), without pixels."""
    found: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for path in store.table_files("images"):
        table = pq.read_table(path, columns=["image_id", "study_id"])
        for row, (image, study) in enumerate(zip(table.column("image_id").to_pylist(),
                                                 table.column("study_id").to_pylist())):
            if study in studies:
                found[study].append((path.name, row, image))
    return {s: sorted(v, key=lambda p: p[2])[:limit] for s, v in found.items()}


def _order(seed: int, *parts: str) -> str:
    return hashlib.sha256("|".join((str(seed), *parts)).encode()).hexdigest()


def conversation(report_text: str, n_images: int, qa: list[dict], instruction: str) -> list[dict]:
    """Chat turns: the images and the report request first, then the Q&A (text-only user turns)."""
    def text(t: str) -> dict:
        return {"type": "text", "text": t}

    turns = [{"role": "user", "content": [*({"type": "image", "text": None} for _ in range(n_images)),
                                           text(instruction)]},
             {"role": "assistant", "content": [text(report_text)]}]
    for pair in qa:
        turns += [{"role": "user", "content": [text(pair["question"])]},
                  {"role": "assistant", "content": [text(pair["answer"])]}]
    return turns


def export_hf(store: Store, cfg: ExportConfig, seed: int, target: Path) -> dict[str, int]:
    """Write the DatasetDict to `target` (atomically: a temporary folder renamed) and return counts."""
    from datasets import Dataset, DatasetDict

    reports = store.read_table("structured_reports", columns=["study_id", "patient_pseudo_id", "text",
                                                              "consistent"]).to_pylist()
    stats: dict[str, int] = defaultdict(int)
    chosen = []
    for r in reports:
        if r["consistent"] or cfg.include_inconsistent:
            chosen.append(r)
        else:
            stats["skipped_inconsistent"] += 1
    qa: dict[str, list[dict]] = defaultdict(list)
    if store.has_table("vqa"):
        for pair in store.read_table("vqa", columns=["study_id", "qa_id", "question", "answer"]).to_pylist():
            qa[pair["study_id"]].append(pair)
    split_of = {}
    if store.has_table("labels"):
        labels = store.read_table("labels", columns=["patient_pseudo_id", "split"]).to_pylist()
        split_of = {r["patient_pseudo_id"]: r["split"] for r in labels}
    pointers = image_pointers(store, {r["study_id"] for r in chosen}, cfg.max_images_per_study)
    by_split: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for r in sorted(chosen, key=lambda r: r["study_id"]):
        if not pointers.get(r["study_id"]):
            stats["skipped_without_image"] += 1
            continue
        by_split[split_of.get(r["patient_pseudo_id"], "train")].append(r)

    def rows(studies: list[dict]) -> Iterator[dict]:
        for start in range(0, len(studies), cfg.studies_per_read):
            chunk = studies[start : start + cfg.studies_per_read]
            wanted = [p for r in chunk for p in pointers[r["study_id"]]]
            images = {p[2]: row["image"] for p, row in zip(wanted, read_rows(store, "images", wanted, ["image"]))}
            for r in chunk:
                pairs = sorted(qa.get(r["study_id"], []), key=lambda p: _order(seed, p["qa_id"]))
                ims = [{"bytes": images[p[2]]["bytes"], "path": None} for p in pointers[r["study_id"]]]
                yield {"study_id": r["study_id"], "patient_pseudo_id": r["patient_pseudo_id"], "images": ims,
                       "messages": conversation(r["text"], len(ims), pairs, cfg.report_instruction),
                       "report": r["text"], "n_qa": len(pairs)}

    tmp = target.with_name(f".{target.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cache = target.with_name(f".{target.name}.cache")
    splits = {}
    for name, studies in by_split.items():
        if studies:
            splits[name] = Dataset.from_generator(rows, gen_kwargs={"studies": studies}, features=features(),
                                                  cache_dir=str(cache))
        else:
            splits[name] = Dataset.from_dict({k: [] for k in features()}, features=features())
        stats[f"studies.{name}"] = len(studies)
        stats[f"qa_turns.{name}"] = sum(len(qa.get(r["study_id"], [])) for r in studies)
        stats[f"images.{name}"] = sum(len(pointers[r["study_id"]]) for r in studies)
    DatasetDict(splits).save_to_disk(str(tmp))
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    shutil.rmtree(cache, ignore_errors=True)
    return dict(stats)

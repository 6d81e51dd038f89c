"""Where explain's inputs come from: a checkpoint -> score model, a dataset -> items, a boxes file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from explain.runner import ExplainItem
from explain.spec import ExplainOptions
from explain.targets import ScoreModel, probe_target, zero_shot_target


def load_target(checkpoint: Path, options: ExplainOptions, probe: Path | None = None) -> tuple[ScoreModel, Any, str, str]:
    """(score model, preprocess, display name, fingerprint) of a checkpoint and the task's prompt pair or a probe.

    A probe file is a torch ``{"weight": (C, D), "bias": (C,)}`` state dict of a linear head on the
    image tower's pooled feature (one output: a sigmoid probe).
    """
    import torch

    from eval.encoders import load_checkpoint_encoder
    from eval.prompts import prompts_for

    encoder = load_checkpoint_encoder(Path(checkpoint))
    if probe is not None:
        state = torch.load(probe, map_location="cpu", weights_only=True)
        head = torch.nn.Linear(state["weight"].shape[1], state["weight"].shape[0])
        head.load_state_dict(state)
        target = probe_target(encoder.visual, head, labels=(options.task, f"not {options.task}"))
    else:
        prompts = prompts_for(options.prompt_set, options.task)
        if prompts is None:
            raise ValueError(f"no prompts for task {options.task!r} in prompt set {options.prompt_set!r}")
        assert encoder.clip is not None and encoder.tokenizer is not None
        target = zero_shot_target(encoder.clip, encoder.tokenizer, prompts.positive, prompts.normal)
    fingerprint = encoder.fingerprint + ("" if probe is None else hashlib.sha256(Path(probe).read_bytes()).hexdigest()[:12])
    return target, encoder.preprocess, encoder.name, fingerprint


def read_boxes(path: Path | None) -> dict[str, list[dict]]:
    """Ground-truth boxes per image id from a JSONL file: ``{"image_id", "kind", "box": [x0, y0, x1, y1]}`` per line."""
    if path is None:
        return {}
    out: dict[str, list[dict]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.setdefault(str(row["image_id"]), []).append({"kind": row["kind"], "box": [float(v) for v in row["box"]]})
    return out


def select_items(dataset: Any, options: ExplainOptions, boxes: dict[str, list[dict]], seed: int = 0) -> list[ExplainItem]:
    """Up to ``max_images`` images of the split: labelled positives first, each group in a seeded hash order."""
    split = dataset.split(options.split) if options.split in set(dataset.splits) else dataset

    def order(i: int) -> tuple[float, str]:
        h = hashlib.sha256(f"{seed}:{split.image_ids[i]}".encode()).hexdigest()
        return (-float(split.labels[i]), h)

    chosen = sorted(range(len(split)), key=order)[: options.max_images]
    return [ExplainItem(image_id=split.image_ids[i], source=split.sources[i], body_part=split.body_parts[i],
                        label=float(split.labels[i]), study_id=split.study_ids[i],
                        boxes=boxes.get(split.image_ids[i], [])) for i in chosen]


def cli_explain(checkpoint: Path, dataset: str, out_dir: Path, boxes: Path | None = None, probe: Path | None = None,
                **options: Any) -> dict:
    """What ``pipeline explain --checkpoint C --dataset ours:/out --out DIR`` calls; prints the summary."""
    from eval.readers import read_dataset
    from explain.runner import run_explain, summary_lines

    opts = ExplainOptions(**options)
    tasks = [d for d in read_dataset(dataset) if d.task == opts.task] or read_dataset(dataset)[:1]
    target, preprocess, name, fingerprint = load_target(checkpoint, opts, probe)
    items = select_items(tasks[0], opts, read_boxes(boxes))
    results = run_explain(target, preprocess, items, opts, Path(out_dir), model_name=name, model_fingerprint=fingerprint)
    print("\n".join(summary_lines(results)))
    return results

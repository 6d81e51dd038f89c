"""CLIP pretraining on out/: the studies, their splits and held-out metrics (shared by `pretrain` and
`continue-pretrain`, which must train the same way; stages never import each other).

Studies of the `labels` val/test splits are held out, and every other study of a val/test patient is used
nowhere (no patient leak); the val split (or, when absent, a seeded share of the studies) validates; each
study contributes one random kept image per epoch. With ``group_batches_by: body_part`` a share of the
batches holds one body part (hard negatives: findings, not anatomy). Logs never contain report text.
"""

from __future__ import annotations

import json
import logging
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

import torch

from pipeline.configs.pretrain import PretrainConfig
from pipeline.store import Reject, ShardJob, ShardOutput

log = logging.getLogger(__name__)
STAGE = "pretrain"  # the stage whose rejects these are
POSITIVE = {"1", "yes", "oui", "true", "present", "positive", "positif"}
NEGATIVE = {"0", "no", "non", "false", "absent", "negative", "negatif", "négatif"}


def _held_out(store: Any, task: str) -> tuple[dict[str, str], dict[str, int], set[str]]:
    """study_id -> split for val/test studies, study_id -> 0/1 label of ``task`` (kept labels only), and the
    patient_pseudo_ids of the val/test patients (none of their studies may be trained on)."""
    splits: dict[str, str] = {}
    labels: dict[str, int] = {}
    patients: set[str] = set()
    if not store.has_table("labels"):
        return splits, labels, patients
    columns = ["study_id", "task", "label", "kept", "split"]
    if "patient_pseudo_id" in _columns(store, "labels"):
        columns.append("patient_pseudo_id")
    for row in store.read_table("labels", columns=columns).to_pylist():
        split = (row.get("split") or "").lower()
        if split in ("val", "test"):
            splits[row["study_id"]] = split
            if row.get("patient_pseudo_id"):
                patients.add(row["patient_pseudo_id"])
        if row.get("task") == task and row.get("kept"):
            value = str(row.get("label") or "").strip().lower()
            if value in POSITIVE:
                labels[row["study_id"]] = 1
            elif value in NEGATIVE:
                labels[row["study_id"]] = 0
    return splits, labels, patients


def _label_train_studies(store: Any) -> set[str]:
    """Studies of the `labels` train split (the pseudo-label experiment's training images)."""
    if not store.has_table("labels"):
        return set()
    rows = store.read_table("labels", columns=["study_id", "split"]).to_pylist()
    return {r["study_id"] for r in rows if (r.get("split") or "").lower() == "train"}


def _columns(store: Any, table: str) -> list[str]:
    """Column names of ``table`` (its declared schema: the store reads every part with it)."""
    from pipeline.schemas import table_spec

    return list(table_spec(table).schema.names)


def study_patients(store: Any) -> dict[str, str]:
    """study_id -> patient_pseudo_id from the `images`, `reports` and `labels` tables (where present)."""
    out: dict[str, str] = {}
    for name in ("labels", "reports", "images"):
        if store.has_table(name) and "patient_pseudo_id" in _columns(store, name):
            for row in store.read_table(name, columns=["study_id", "patient_pseudo_id"]).to_pylist():
                if row["study_id"] and row["patient_pseudo_id"]:
                    out.setdefault(row["study_id"], row["patient_pseudo_id"])
    return out


def _dropped_image_ids(store: Any) -> list[str]:
    """Images the filter did not keep (out/images holds only kept ones; this guards older layouts)."""
    if not store.has_table("image_filter"):
        return []
    table = store.read_table("image_filter", ["image_id", "kept"])
    return [i for i, k in zip(table.column("image_id").to_pylist(), table.column("kept").to_pylist()) if not k]


def load_study_records(store: Any) -> tuple[list[dict[str, Any]], list[Reject]]:
    """One record per study with kept images and a report: ``{study_id, text, group}``, no pixels.

    The pixels stay in the Parquet parts of out/images: :func:`study_index` says where, and training streams
    them (models.data.StudyStream), so memory does not grow with the number of images. ``group`` is the
    study's body part (most frequent over its kept images; None when unknown), the key of the hard-negative
    batches (``group_batches_by``).
    """
    from models.tokenizer import clean_report_text

    rejects: list[Reject] = []
    dropped = set(_dropped_image_ids(store))
    texts: dict[str, str] = {}
    for batch in store.iter_batches("reports", columns=["study_id", "text"], batch_size=4096):
        for sid, text in zip(batch.column("study_id").to_pylist(), batch.column("text").to_pylist()):
            if sid and text and sid not in texts:
                texts[sid] = text
    n_kept: dict[str, int] = defaultdict(int)
    parts: dict[str, dict[str, int]] = defaultdict(dict)
    seen_studies: set[str] = set()
    columns = ["image_id", "study_id"] + (["body_part"] if "body_part" in _columns(store, "images") else [])
    for batch in store.iter_batches("images", columns=columns, batch_size=8192):
        body = batch.column("body_part").to_pylist() if "body_part" in columns else [None] * batch.num_rows
        for iid, sid, part in zip(batch.column("image_id").to_pylist(), batch.column("study_id").to_pylist(), body):
            seen_studies.add(sid)
            if iid in dropped:
                continue
            n_kept[sid] += 1
            if part:
                key = str(part).upper()
                parts[sid][key] = parts[sid].get(key, 0) + 1
    records = []
    for sid in sorted(seen_studies | set(texts)):
        if sid not in texts:
            rejects.append(Reject(sid, "study without report"))
        elif not n_kept.get(sid):
            rejects.append(Reject(sid, "study without kept image"))
        elif not clean_report_text(texts[sid]):
            rejects.append(Reject(sid, "empty report text"))
        else:
            counts = parts.get(sid) or {}
            group = max(sorted(counts), key=counts.__getitem__) if counts else None
            records.append({"study_id": sid, "text": texts[sid], "group": group})
    return records, rejects


def study_index(store: Any, records: list[dict[str, Any]], tokens: torch.Tensor) -> Any:
    """models.data.StudyIndex of ``records`` over the out/images parts (kept images only)."""
    from models.data import StudyIndex

    files = [str(p) for p in store.table_files("images")]
    return StudyIndex.from_parts(files, [r["study_id"] for r in records], tokens,
                                 groups=[r.get("group") for r in records], skip_image_ids=_dropped_image_ids(store))


def with_first_images(store: Any, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``records`` with the bytes of each study's first kept image (evaluation sets only: small)."""
    from models.data import _read_rows

    index = study_index(store, records, torch.zeros(len(records), 1))
    wanted: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s in range(len(records)):
        if index.n_images(s):
            k = int(index.offsets[s])
            wanted[int(index.image_file[k])].append((s, int(index.image_row[k])))
    images: dict[int, bytes] = {}
    for f, pairs in wanted.items():
        rows = _read_rows(index.files[f], sorted({r for _, r in pairs}))
        images.update({s: rows[r][1] for s, r in pairs})
    return [{**r, "images": [images[s]]} for s, r in enumerate(records) if s in images]


def undecodable_rejects(folder: Path, index: Any) -> list[Reject]:
    """Rejects for the training images that did not decode when drawn (found lazily, by any loader worker),
    and for the studies none of whose kept images decoded."""
    bad: dict[str, set[str]] = defaultdict(set)
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            study, _, image = line.partition("\t")
            bad[study].add(image)
    position = {s: i for i, s in enumerate(index.study_ids)}
    out = [Reject(image, "undecodable image") for study in sorted(bad) for image in sorted(bad[study])]
    out += [Reject(s, "no decodable image") for s in sorted(bad) if len(bad[s]) >= index.n_images(position[s])]
    return out


def tokenize(tokenizer: Any, texts: list[str], chunk: int = 4096) -> torch.Tensor:
    """Token tensor of ``texts`` (focused like in training), built in chunks to keep the peak small."""
    from models.tokenizer import focus_report

    parts = [tokenizer([focus_report(t) for t in texts[i : i + chunk]]) for i in range(0, len(texts), chunk)]
    return torch.cat(parts) if parts else torch.zeros(0, 1, dtype=torch.long)


def split_records(
    records: list[dict[str, Any]],
    splits: dict[str, str],
    cfg: PretrainConfig,
    seed: int,
    excluded: set[str] | frozenset[str] = frozenset(),
    val_from_labels: bool = True,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, val, test): labels' val/test studies held out, ``excluded`` studies (the other studies of
    val/test patients) used nowhere; a seeded share for val when no val split (or not ``val_from_labels``)."""
    train = [r for r in records if r["study_id"] not in splits and r["study_id"] not in excluded]
    val = [r for r in records if splits.get(r["study_id"]) == "val"] if val_from_labels else []
    test = [r for r in records if splits.get(r["study_id"]) == "test"]
    if not val and len(train) > 4:
        n_val = max(2, min(cfg.val_max_studies, int(len(train) * cfg.val_share)))
        order = sorted(range(len(train)), key=lambda i: train[i]["study_id"])
        random.Random(seed).shuffle(order)
        chosen = set(order[:n_val])
        val = [train[i] for i in sorted(chosen)]
        train = [r for i, r in enumerate(train) if i not in chosen]
    return train, val, test


def train_config(cfg: PretrainConfig, ckpt_root: Path, tokenizer_dir: Path | None, seed: int, progress: bool) -> Any:
    """The models.train.TrainConfig of this stage config (the training settings are the same fields)."""
    from models.train import TrainConfig

    init = cfg.init_checkpoint
    if init and not Path(init).is_absolute() and not Path(init).exists():
        init = str(ckpt_root / init)
    return TrainConfig.from_settings(
        cfg,
        init_checkpoint=init,
        tokenizer_dir=str(tokenizer_dir) if tokenizer_dir else None,
        seed=seed,
        group_share=cfg.group_share if cfg.group_batches_by else 0.0,
        progress=progress,
    )


@torch.no_grad()
def held_out_metrics(
    ckpt: Path, records: list[dict[str, Any]], labels: dict[str, int], cfg: PretrainConfig
) -> dict[str, float]:
    """Retrieval recall@k (image->report) and zero-shot AUROC of ``cfg.eval_task`` on ``records``."""
    import models
    from models.data import StudyDataset
    from models.metrics import auroc, chance_recall_at_k, retrieval_recall_at_k, zero_shot_scores

    loaded = models.load_checkpoint(ckpt)
    mode = str(loaded.config.get("preprocess_cfg", {}).get("resize_mode", "shortest"))
    ds = StudyDataset(records, loaded.tokenizer, loaded.image_size, train=False, resize_mode=mode)
    img_parts, txt_parts = [], []
    for start in range(0, len(ds), 64):
        items = [ds[i] for i in range(start, min(start + 64, len(ds)))]
        img_parts.append(loaded.model.encode_image(torch.stack([x for x, _ in items]), normalize=True))
        txt_parts.append(loaded.model.encode_text(torch.stack([t for _, t in items]), normalize=True))
    img, txt = torch.cat(img_parts), torch.cat(txt_parts)
    out: dict[str, float] = {"n_studies": float(len(records))}
    for k in (1, 5, 10):
        out[f"recall@{k}"] = retrieval_recall_at_k(img, txt, k)
        out[f"chance@{k}"] = chance_recall_at_k(len(records), k)
    out["recall@5_over_chance"] = out["recall@5"] / out["chance@5"]
    pos = loaded.model.encode_text(loaded.tokenizer(cfg.positive_prompts), normalize=True)
    neg = loaded.model.encode_text(loaded.tokenizer(cfg.negative_prompts), normalize=True)
    scores = zero_shot_scores(img, pos, neg)
    ids = [r["study_id"] for r in records]
    pairs = [(labels[s], float(p)) for s, p in zip(ids, scores) if s in labels]
    if pairs:
        out[f"zero_shot_auroc_{cfg.eval_task}"] = auroc([y for y, _ in pairs], [p for _, p in pairs])
        out[f"zero_shot_n_{cfg.eval_task}"] = float(len(pairs))
    return out


def process_shard(job: ShardJob) -> ShardOutput:
    """Load the studies, train, evaluate on held-out studies; rejects carry readable reasons."""
    threads = torch.get_num_threads()
    if job.cfg.pretrain.torch_threads:
        torch.set_num_threads(job.cfg.pretrain.torch_threads)
    try:
        return _process_shard(job)
    finally:
        torch.set_num_threads(threads)  # later stages in this process keep torch's default


def _process_shard(job: ShardJob) -> ShardOutput:
    import models
    from models.data import StudyDataset, StudyStream, validate_records
    from models.tokenizer import focus_report
    from models.train import tokenizer_for, train_clip

    cfg: PretrainConfig = job.cfg.pretrain
    store = job.store
    good, rejects = load_study_records(store)
    splits, labels, held_patients = _held_out(store, cfg.eval_task)
    patient_of = study_patients(store)
    # every study of a val/test patient is out of training (not only the labelled one): no patient leak
    excluded = {s for s, p in patient_of.items() if p in held_patients and s not in splits}
    label_train = _label_train_studies(store) if cfg.exclude_label_splits else set()
    # the pseudo-label experiment trains on images never seen in VLP (the reference's protocol)
    excluded |= label_train
    train, val, test = split_records(good, splits, cfg, job.seed, excluded, not cfg.exclude_label_splits)
    stats: dict[str, Any] = {
        "studies_train": len(train),
        "studies_val": len(val),
        "studies_test": len(test),
        "studies_excluded_held_out_patients": sum(1 for r in good if r["study_id"] in excluded - label_train),
        "studies_excluded_label_train": sum(1 for r in good if r["study_id"] in label_train),
    }
    if len(train) < 2:
        rejects.append(Reject(STAGE, "fewer than two training studies"))
        return ShardOutput(rejects=rejects, stats=stats)

    root = store.artifact_dir("checkpoints") / cfg.run_name
    root.mkdir(parents=True, exist_ok=True)
    tokenizer_dir = None
    if cfg.init_checkpoint is None and "hf_text_config" in models.load_model_config(cfg.model):
        tokenizer_dir = root / "tokenizer_src"
        if not (tokenizer_dir / "tokenizer.json").is_file():
            models.train_tokenizer((focus_report(r["text"]) for r in train), tokenizer_dir, cfg.tokenizer_vocab_size)
    tcfg = train_config(cfg, store.artifact_dir("checkpoints"), tokenizer_dir, job.seed, job.context.get("progress", True))
    tokenizer = tokenizer_for(tcfg)
    size = tcfg.image_size or int(models.load_model_config(tcfg.init_checkpoint or tcfg.model)["vision_cfg"]["image_size"])
    share = cfg.group_share if cfg.group_batches_by is not None else 0.0
    # training streams the pixels from out/images (images validated lazily, as they are drawn)
    index = study_index(store, train, tokenize(tokenizer, [r["text"] for r in train]))
    for record in train:
        record.pop("text", None)  # tokenized: the report texts need not stay in memory while training
    bad_dir = root / "_undecodable"
    bad_dir.mkdir(exist_ok=True)
    for old in bad_dir.glob("*.tsv"):
        old.unlink()
    train_ds = StudyStream(index, size, augment=tcfg.augment, seed=job.seed, group_share=share, report_dir=str(bad_dir))
    # evaluation sets are small (val_max_studies, the test split): their first images are read and checked now
    val, bad_val = validate_records(with_first_images(store, val))
    test, bad_test = validate_records(with_first_images(store, test))
    rejects += [Reject(r["item_id"], r["reason"].split(":")[0]) for r in bad_val + bad_test]
    mode = str(models.load_model_config(tcfg.init_checkpoint or tcfg.model).get("preprocess_cfg", {}).get("resize_mode", "shortest"))
    val_ds = StudyDataset(val, tokenizer, size, train=False, resize_mode=mode) if len(val) > 1 else None
    result = train_clip(tcfg, train_ds, val_ds, root)
    best = result.best_dir or result.last_dir
    held = test if len(test) > 1 else val
    final: dict[str, Any] = {
        "stopped": result.stopped,
        "epochs": result.epochs_run,
        "steps": result.global_step,
        "best_epoch": result.best_epoch,
        "best_monitored": result.best_monitored,
        "train_images_per_s": result.train_images_per_s,
        "held_out_split": "test" if len(test) > 1 else "val",
        "checkpoint": str(best.relative_to(store.out_dir)),
    }
    if len(held) > 1:
        final.update(held_out_metrics(best, held, labels, cfg))
    rejects += undecodable_rejects(bad_dir, index)
    if result.history:
        final["last_epoch"] = result.history[-1]
    (root / "final_metrics.json").write_text(json.dumps(final, indent=2, default=float) + "\n")
    log.info("pretrain: %s after %d epochs; held-out metrics in %s", result.stopped, result.epochs_run, root)
    stats.update({k: v for k, v in final.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)})
    return ShardOutput(rejects=rejects, stats=stats)

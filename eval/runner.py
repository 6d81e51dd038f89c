"""Library entry point: evaluate one or more models on one or more datasets and write the report.

``run_evaluation`` embeds each image once per model (through the cache), then
runs zero-shot (four strategies), retrieval, image->report retrieval, linear
probes / fine-tuning on seeded train subsets, and writes ``results.json``,
``predictions.parquet``, PNG plots and ``report.md``/``report.html``.
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import torch

from eval.data import EvalDataset
from eval.embeddings import EmbeddingCache, ImageEmbeddings
from eval.encoders import Encoder, load_checkpoint_encoder, timm_baseline
from eval.metrics import mean_ci
from eval.plots import plot_efficiency, plot_roc, plot_tsne
from eval.probe import fine_tune, linear_probe, score, train_subset
from eval.prompts import prompts_for
from eval.readers import DatasetError, read_dataset, write_parquet
from eval.report import summary_lines, write_report
from eval.results import EvaluationResults, _clean
from eval.spec import DEFAULT_TASKS, EvaluateSpec
from eval.zeroshot import (
    TextBank,
    image_report_recall,
    retrieval,
    zero_shot,
)

log = logging.getLogger(__name__)


class _Run:
    """State of one evaluation: results, prediction rows, rejects."""

    def __init__(self, spec: EvaluateSpec, cache: EmbeddingCache) -> None:
        self.spec = spec
        self.cache = cache
        self.out = Path(spec.out_dir)
        self.results: dict = defaultdict(list)
        self.preds: dict[str, list] = defaultdict(list)
        self.rejects: list[dict] = []
        self.seen_rejects: set[tuple[str, str, str]] = set()
        self.plots: list[str] = []
        self.roc: dict[str, list] = defaultdict(list)
        self.curves: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
        self.padded: dict[int, Encoder] = {}

    def add_preds(
        self, model: str, ds: EvalDataset, method: str, variant: str, seed: int, ids: list[str],
        labels: np.ndarray, scores: np.ndarray,
    ) -> None:
        scores = np.asarray(scores)
        multi = scores.ndim == 2
        for i, sid in enumerate(ids):
            self.preds["model"].append(model)
            self.preds["dataset"].append(ds.name)
            self.preds["task"].append(ds.task)
            self.preds["method"].append(method)
            self.preds["variant"].append(variant)
            self.preds["seed"].append(seed)
            self.preds["sample_id"].append(sid)
            self.preds["label"].append(float(labels[i]))
            self.preds["score"].append(float(scores[i].argmax()) if multi else float(scores[i]))
            self.preds["scores"].append([float(x) for x in scores[i]] if multi else [float(scores[i])])

    def encoder_for(self, enc: Encoder, ds: EvalDataset) -> Encoder:
        """``enc``, or for datasets listed in ``pad_to_square`` (HKA) the same encoder whose preprocessing pads
        each image to a square first (its own cache key: the preprocessing is part of the fingerprint)."""
        if ds.name not in self.spec.pad_to_square:
            return enc
        if id(enc) not in self.padded:
            from torchvision import transforms as T

            from eval.transforms import PadToSquare

            self.padded[id(enc)] = replace(enc, preprocess=T.Compose([PadToSquare(), enc.preprocess]),
                                           _fingerprint=None)
        return self.padded[id(enc)]

    def embeddings(self, enc: Encoder, ds: EvalDataset) -> tuple[EvalDataset, ImageEmbeddings]:
        """Embeddings of ``ds`` (through the cache), with failed images moved to rejects."""
        emb = self.cache.get(self.encoder_for(enc, ds), ds)
        if emb.ok.all():
            return ds, emb
        for i, reason in emb.errors.items():
            key = (enc.name, ds.name, ds.image_ids[i])
            if key not in self.seen_rejects:
                self.seen_rejects.add(key)
                self.rejects.append({"model": enc.name, "dataset": ds.key, "item": ds.image_ids[i], "reason": reason})
        return ds.subset(emb.ok), emb.subset(emb.ok)


def _zero_shot(run: _Run, enc: Encoder, ds: EvalDataset) -> None:
    spec = run.spec
    prompts = prompts_for(ds.prompt_set, ds.task, spec.prompt_dir)
    if ds.kind != "binary" or prompts is None:
        run.results["notes"].append(f"{ds.key}: no zero-shot prompts for task {ds.task!r} ({ds.prompt_set}.yaml)")
        return
    test = ds.split(spec.split)
    if len(test) == 0:
        run.results["notes"].append(f"{ds.key}: empty {spec.split} split, no zero-shot")
        return
    bank = TextBank.encode(prompts, enc.encode_text)
    scale = enc.logit_scale
    if "zeroshot" in spec.tasks:
        for strategy in spec.strategies:
            test_ok, emb = run.embeddings(enc, test)
            if emb.embeddings is None or len(test_ok) == 0:
                run.results["notes"].append(f"{ds.key}: no image of the {spec.split} split could be embedded")
                return
            (res,) = zero_shot(
                emb.embeddings, test_ok.labels, test_ok.study_ids, bank, scale, (strategy,),
                per_study=ds.label_level == "study", n_boot=spec.bootstrap, seed=spec.seed,
            )
            run.results["zeroshot"].append({"model": enc.name, "dataset_task": ds.key, **res.as_dict()})
            run.add_preds(enc.name, ds, "zeroshot", strategy, 0, res.ids, res.labels, res.scores)
            run.roc[f"{enc.name} · {ds.key}"].append((strategy, res.labels, res.scores, res.auroc))
    if "retrieval" in spec.tasks:
        pool = ds if spec.retrieval_scope == "dataset" else test
        pool_ok, emb = run.embeddings(enc, pool)
        if emb.embeddings is None or len(pool_ok) == 0:
            run.results["notes"].append(f"{ds.key}: no image could be embedded for retrieval")
            return
        for strategy in spec.retrieval_strategies:
            if spec.retrieval_ranking == "query" and strategy in ("text_binary", "latent_min"):
                run.results["notes"].append(f"retrieval: {strategy} has no query embedding (use negation)")
                continue
            rows = retrieval(
                emb.embeddings, pool_ok.labels, bank, scale, (strategy,), tuple(spec.retrieval_ks),
                spec.retrieval_folds, spec.seed, ranking=spec.retrieval_ranking,
            )
            scope = "dataset" if spec.retrieval_scope == "dataset" else spec.split
            run.results["retrieval"] += [{"model": enc.name, "dataset_task": ds.key, "scope": scope, **r} for r in rows]


def _report_retrieval(run: _Run, enc: Encoder, ds: EvalDataset) -> None:
    test = ds.split(run.spec.split)
    studies = [s for s in dict.fromkeys(test.study_ids) if s in ds.report_texts]
    if not studies:
        return
    test_ok, emb = run.embeddings(enc, test)
    if emb.embeddings is None or len(test_ok) == 0:
        return
    report_emb = enc.encode_text([ds.report_texts[s] for s in studies], batch_size=run.spec.batch_size)
    res = image_report_recall(emb.embeddings, test_ok.study_ids, report_emb, studies, tuple(run.spec.report_recall_ks))
    run.results["report_retrieval"].append({"model": enc.name, "dataset": ds.name, **res})


def cv_splits(ds: EvalDataset, n_folds: int, seed: int) -> list[list[str]]:
    """Split assignments for patient-grouped k-fold cross-validation inside the evaluation split.

    Fold i is the test part, fold i+1 the validation part, the rest trains; used when a
    dataset has no train split (the demo labels only held-out studies).
    """
    from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

    groups = np.array(ds.patient_ids)
    k = max(2, min(n_folds, len(set(ds.patient_ids))))
    if ds.kind == "regression":
        folds = [test for _, test in GroupKFold(n_splits=k).split(ds.labels, groups=groups)]
    else:
        splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
        folds = [test for _, test in splitter.split(np.zeros(len(ds)), ds.labels.astype(int), groups)]
    out = []
    for i in range(k):
        splits = ["train"] * len(ds)
        for j in folds[i]:
            splits[j] = "test"
        for j in folds[(i + 1) % k] if k > 2 else []:
            splits[j] = "val"
        out.append(splits)
    return out


def _one_run(
    run: _Run, enc: Encoder, ds: EvalDataset, features: np.ndarray, method: str, ratio: float, seed: int,
    cv_folds: int,
) -> tuple[float, str, int, list[str], np.ndarray, np.ndarray]:
    """Train and score once (one seed): on the train split, or by cross-validation when there is none."""
    cfg = run.spec.probe_config()

    def fit(data: EvalDataset):
        idx = train_subset(data, ratio, seed)
        if method == "linear_probe":
            return linear_probe(data, features, idx, cfg, seed)
        return fine_tune(data, run.encoder_for(enc, data), idx, cfg, seed, features=features)

    if not cv_folds:
        out = fit(ds)
        return out.metric, out.metric_name, out.n_train, out.ids, out.labels, out.predictions
    ids: list[str] = []
    labels, preds, n_train, name = [], [], 0, ""
    for splits in cv_splits(ds, cv_folds, seed):
        out = fit(replace(ds, splits=splits))
        ids += out.ids
        labels.append(out.labels)
        preds.append(out.predictions)
        n_train, name = out.n_train, out.metric_name
    all_labels, all_preds = np.concatenate(labels), np.concatenate(preds)
    metric, name = score(ds.kind, all_labels, all_preds)
    return metric, name, n_train, ids, all_labels, all_preds


def _trained(run: _Run, enc: Encoder, ds: EvalDataset, method: str) -> None:
    spec = run.spec
    ds_ok, emb = run.embeddings(enc, ds)  # also drops undecodable images before fine-tuning
    has_train = sum(1 for s in ds_ok.splits if s == "train") >= spec.probe_min_train
    if has_train and any(s == "test" for s in ds_ok.splits):
        data, cv = ds_ok, 0
    else:
        held = np.array([s == spec.split for s in ds_ok.splits])
        if len(set(np.array(ds_ok.patient_ids)[held])) < 4 or spec.probe_cv_folds < 2:
            run.results["notes"].append(f"{ds.key}: {method} needs a train split or enough {spec.split} patients")
            return
        data, cv = ds_ok.subset(held), spec.probe_cv_folds
        run.results["notes"].append(
            f"{ds.key}: no train split, {method} by {cv}-fold cross-validation (grouped by patient) on {spec.split}"
        )
        emb = emb.subset(held)
    for ratio in spec.ratios:
        values, n_train, metric_name = [], 0, ""
        for k in range(spec.seeds):
            seed = spec.seed + k
            value, metric_name, n_train, ids, labels, preds = _one_run(
                run, enc, data, emb.features, method, ratio, seed, cv
            )
            values.append(value)
            run.add_preds(enc.name, ds, method, f"ratio={ratio:g}", seed, ids, labels, preds)
        m, lo, hi = mean_ci(values)
        if metric_name != "mae":  # a t-interval over few seeds can leave AUROC's range
            lo, hi = max(lo, 0.0), min(hi, 1.0)
        run.results["probe"].append({
            "model": enc.name, "dataset_task": ds.key, "method": method, "ratio": ratio, "n_train": n_train,
            "metric": metric_name, "mean": m, "ci_low": lo, "ci_high": hi, "seeds": values,
            "protocol": f"cv{cv}-{spec.split}" if cv else "train/val/test",
        })
        run.curves[(ds.key, method)][enc.name].append((n_train, m, lo, hi))


def _gains(results: dict, baseline_name: str | None) -> list[dict]:
    """Average AUROC gain of each model over the ImageNet baseline, per method (the reference's last column)."""
    if baseline_name is None:
        return []
    rows = [r for r in results.get("probe", []) if r["metric"] != "mae"]
    base = {(r["method"], r["dataset_task"], r["ratio"]): r["mean"] for r in rows if r["model"] == baseline_name}
    out = []
    for model in dict.fromkeys(r["model"] for r in rows):
        for method in ("linear_probe", "finetune"):
            diffs = [r["mean"] - base[(method, r["dataset_task"], r["ratio"])] for r in rows
                     if r["model"] == model and r["method"] == method
                     and (method, r["dataset_task"], r["ratio"]) in base and not math.isnan(r["mean"])]
            if diffs:
                out.append({"model": model, "baseline": baseline_name, "method": method,
                            "mean_gain": float(np.mean(diffs)), "n": len(diffs)})
    return out


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def resolve_device(name: str) -> str:
    """'auto' -> the first GPU when present, else the CPU (evaluation is hours on CPU at hospital scale)."""
    if name != "auto":
        return name
    return "cuda" if torch.cuda.is_available() else "cpu"


def run_evaluation(
    spec: EvaluateSpec, encoders: list[Encoder] | None = None, datasets: list[EvalDataset] | None = None,
    cache: EmbeddingCache | None = None, notes: list[str] | None = None,
) -> EvaluationResults:
    """Evaluate every model on every dataset task, write the outputs and return the typed results.

    ``encoders``/``datasets`` add already-built objects to those named in the spec
    (tests, the demo, the benchmark). Unreadable datasets and images are listed
    in ``results['rejects']`` instead of stopping the run.
    """
    before = torch.get_num_threads()
    if spec.torch_threads:
        torch.set_num_threads(spec.torch_threads)
    try:
        return _run_evaluation(spec, encoders, datasets, cache, list(notes or []))
    finally:
        torch.set_num_threads(before)


def _run_evaluation(
    spec: EvaluateSpec, encoders: list[Encoder] | None, datasets: list[EvalDataset] | None,
    cache: EmbeddingCache | None, notes: list[str],
) -> EvaluationResults:
    t0 = time.perf_counter()
    out = Path(spec.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cache = cache or EmbeddingCache(
        spec.cache_dir or out / "embedding_cache", batch_size=spec.batch_size, num_workers=spec.num_workers
    )
    run = _Run(spec, cache)
    run.results["notes"] += notes

    device = resolve_device(spec.device)
    models: list[Encoder] = list(encoders or [])
    for ckpt in spec.checkpoints:
        try:
            models.append(load_checkpoint_encoder(ckpt, device=device))
        except Exception as exc:  # noqa: BLE001 - a bad checkpoint is reported, the others still run
            run.rejects.append({"model": str(ckpt), "dataset": "-", "item": str(ckpt), "reason": f"checkpoint: {exc}"})
    trained_tasks = [t for t in ("linear_probe", "finetune") if t in spec.tasks]
    baseline_names: dict[str, str] = {}
    if trained_tasks:
        for init in spec.baselines:
            try:
                b = timm_baseline(spec.baseline_model, init, spec.baseline_image_size, spec.imagenet_weights, spec.seed)
                b.visual.to(device)
                models.append(b)
                baseline_names[init] = b.name
            except (FileNotFoundError, RuntimeError, ValueError) as exc:
                run.rejects.append({"model": f"baseline-{init}", "dataset": "-", "item": init, "reason": str(exc)})

    tasks_ds: list[EvalDataset] = list(datasets or [])
    for arg in spec.datasets:
        try:
            tasks_ds += read_dataset(arg)
        except (DatasetError, OSError) as exc:
            run.rejects.append({"model": "-", "dataset": arg, "item": arg, "reason": str(exc)})

    for enc in models:
        seen_reports: set[str] = set()
        for ds in tasks_ds:
            if enc.has_text and {"zeroshot", "retrieval"} & set(spec.tasks):
                _zero_shot(run, enc, ds)
            if enc.has_text and "report_retrieval" in spec.tasks and ds.report_texts and ds.name not in seen_reports:
                seen_reports.add(ds.name)
                _report_retrieval(run, enc, ds)
            for method in trained_tasks:
                _trained(run, enc, ds, method)
        if "tsne" in spec.tasks:
            for name in dict.fromkeys(d.name for d in tasks_ds):
                ds = next(d for d in tasks_ds if d.name == name).split(spec.split)
                if len(ds) < 5:
                    continue
                ds_ok, emb = run.embeddings(enc, ds)
                if len(ds_ok) < 5:
                    continue
                vectors = emb.embeddings if emb.embeddings is not None else emb.features
                p = plot_tsne(vectors, ds_ok.body_parts, ds_ok.labels, f"{enc.name} · {name} ({spec.split})",
                              out / "plots" / f"tsne_{_safe(enc.name)}_{_safe(name)}.png",
                              spec.max_tsne_points, spec.seed)
                if p:
                    run.plots.append(str(p.relative_to(out)))

    for key, curves in run.roc.items():
        p = plot_roc(curves, f"zero-shot ROC · {key}", out / "plots" / f"roc_{_safe(key)}.png")
        if p:
            run.plots.append(str(p.relative_to(out)))
    for (key, method), series in run.curves.items():
        metric = "MAE" if any(d.key == key and d.kind == "regression" for d in tasks_ds) else "AUROC"
        p = plot_efficiency(dict(series), metric, f"{method} data efficiency · {key}",
                            out / "plots" / f"efficiency_{method}_{_safe(key)}.png")
        if p:
            run.plots.append(str(p.relative_to(out)))

    results = {
        "models": [{"name": m.name, "fingerprint": m.fingerprint, "has_text": m.has_text} for m in models],
        "datasets": [{"key": d.key, "kind": d.kind, "label_level": d.label_level, "counts": d.counts()}
                     for d in tasks_ds],
        "zeroshot": run.results["zeroshot"],
        "retrieval": run.results["retrieval"],
        "report_retrieval": run.results["report_retrieval"],
        "probe": run.results["probe"],
        "gains": _gains(run.results, baseline_names.get("imagenet")),
        "notes": sorted(set(run.results["notes"])),
        "rejects": run.rejects,
        "plots": run.plots,
        "embedding_cache": {"computed": cache.computed, "reused": cache.reused, "enabled": cache.enabled},
        "spec": spec.model_dump(mode="json"),
    }
    if run.preds:
        write_parquet(pa.table(dict(run.preds)), out / "predictions.parquet")
    results["wall_time_s"] = time.perf_counter() - t0
    typed = EvaluationResults.from_json(_clean(results))  # type: ignore[arg-type]
    typed.save(out / "results.json")
    write_report(typed.to_json(), out)
    log.info("evaluation done: %d models, %d dataset tasks, %d rejects", len(models), len(tasks_ds), len(run.rejects))
    return typed


def cli_evaluate(
    checkpoints: list[Path], datasets: list[str], out_dir: Path, tasks: list[str] | None = None, seeds: int = 3,
    **options: object,
) -> EvaluationResults:
    """What ``pipeline evaluate --checkpoint C --dataset mura:/path ... --out DIR`` calls.

    Extra keyword options are EvaluateSpec fields (e.g. ``baselines=['imagenet']``).
    Prints the summary table and returns the typed results.
    """
    spec = EvaluateSpec(
        checkpoints=list(checkpoints), datasets=list(datasets), out_dir=Path(out_dir),
        tasks=list(tasks) if tasks else list(DEFAULT_TASKS), seeds=seeds, **options,
    )
    results = run_evaluation(spec)
    print("\n".join(summary_lines(results.to_json())))
    return results

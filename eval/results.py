"""Typed evaluation results: what ``run_evaluation`` returns and what ``results.json`` holds.

One dataclass per table row, so the contract between the evaluation and its readers (the evaluate stage,
the report, the benches) is declared once; ``EvaluationResults.to_json()`` is the exact content of
``results.json`` (NaN as null) and ``EvaluationResults.load`` reads it back. Dict-style read access
(``results["probe"]``) returns the JSON form, for scripts written against the file.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import numpy as np


def _clean(obj: object) -> object:
    """JSON-safe copy: NaN becomes null, numpy scalars become Python numbers, paths strings."""
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    if isinstance(obj, Path):
        return str(obj)
    return obj


def _num(value: Any) -> float:
    """A metric read back from JSON: null is NaN."""
    return float("nan") if value is None else float(value)


@dataclass
class ModelInfo:
    name: str
    fingerprint: str
    has_text: bool


@dataclass
class DatasetInfo:
    key: str
    kind: str
    label_level: str
    counts: dict[str, int]


@dataclass
class ZeroShotRow:
    """AUROC [95% bootstrap CI] and accuracy of one prompt strategy on one dataset task."""

    model: str
    dataset_task: str
    strategy: str
    auroc: float
    ci_low: float
    ci_high: float
    accuracy: float
    n: int
    n_pos: int


@dataclass
class RetrievalRow:
    """Precision@k of one retrieval query, mean and std over folds, with the prevalence as chance."""

    model: str
    dataset_task: str
    strategy: str
    k: int
    precision_mean: float
    precision_std: float
    chance: float
    folds: int
    fold_size: int
    n_images: int = 0
    ranking: str = "query"
    scope: str = "dataset"


@dataclass
class ReportRetrievalRow:
    """Image -> own report recall@k (``metrics``: ``recall@k`` and ``chance@k``)."""

    model: str
    dataset: str
    n_images: int
    n_reports: int
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass
class ProbeRow:
    """A trained evaluation (linear probe or fine-tune) at one train ratio: mean and 95% CI over seeds."""

    model: str
    dataset_task: str
    method: str
    ratio: float
    n_train: int
    metric: str
    mean: float
    ci_low: float
    ci_high: float
    seeds: list[float]
    protocol: str


@dataclass
class GainRow:
    """Mean AUROC gain of a model over the ImageNet baseline for one method."""

    model: str
    baseline: str
    method: str
    mean_gain: float
    n: int


@dataclass
class RejectRow:
    model: str
    dataset: str
    item: str
    reason: str


_ROWS = {
    "models": ModelInfo, "datasets": DatasetInfo, "zeroshot": ZeroShotRow, "retrieval": RetrievalRow,
    "probe": ProbeRow, "gains": GainRow, "rejects": RejectRow,
}
_METRICS = {"auroc", "ci_low", "ci_high", "accuracy", "precision_mean", "precision_std", "chance", "mean", "mean_gain"}


@dataclass
class EvaluationResults:
    """Everything one evaluation run produced (besides predictions.parquet and the plots)."""

    models: list[ModelInfo] = field(default_factory=list)
    datasets: list[DatasetInfo] = field(default_factory=list)
    zeroshot: list[ZeroShotRow] = field(default_factory=list)
    retrieval: list[RetrievalRow] = field(default_factory=list)
    report_retrieval: list[ReportRetrievalRow] = field(default_factory=list)
    probe: list[ProbeRow] = field(default_factory=list)
    gains: list[GainRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rejects: list[RejectRow] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)
    embedding_cache: dict[str, Any] = field(default_factory=dict)
    spec: dict[str, Any] = field(default_factory=dict)
    wall_time_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The ``results.json`` content (report-retrieval metrics flattened into their row)."""
        out = asdict(self)
        out["report_retrieval"] = [
            {k: v for k, v in r.items() if k != "metrics"} | r["metrics"] for r in out["report_retrieval"]
        ]
        return _clean(out)  # type: ignore[return-value]

    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def save(self, path: str | Path) -> Path:
        """Write ``results.json`` atomically."""
        path = Path(path)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return path

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvaluationResults:
        """Typed results from the JSON form (or the runner's row dicts); unknown keys are an error."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            if f.name in _ROWS:
                kwargs[f.name] = [_ROWS[f.name](**_metrics(r)) for r in value]
            elif f.name == "report_retrieval":
                base = {"model", "dataset", "n_images", "n_reports"}
                kwargs[f.name] = [
                    ReportRetrievalRow(r["model"], r["dataset"], int(r.get("n_images", 0)), int(r.get("n_reports", 0)),
                                       {k: _num(v) for k, v in r.items() if k not in base})
                    for r in value
                ]
            else:
                kwargs[f.name] = value
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"evaluation results: unknown keys {sorted(unknown)}")
        return cls(**kwargs)

    @classmethod
    def load(cls, path: str | Path) -> EvaluationResults:
        """Read a ``results.json``."""
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def _metrics(row: dict[str, Any]) -> dict[str, Any]:
    """Nulls of metric fields back to NaN; seed lists likewise."""
    out = dict(row)
    for key in _METRICS & set(out):
        out[key] = _num(out[key])
    if "seeds" in out:
        out["seeds"] = [_num(v) for v in out["seeds"]]
    return out

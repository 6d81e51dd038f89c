"""PNG figures of the report: ROC curves, data-efficiency curves with CI bands, t-SNE maps."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import roc_curve  # noqa: E402


def _save(fig: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.png")
    fig.savefig(tmp, dpi=110, bbox_inches="tight")
    plt.close(fig)
    tmp.replace(path)
    return path


def plot_roc(curves: list[tuple[str, np.ndarray, np.ndarray, float]], title: str, path: Path) -> Path | None:
    """One ROC curve per (name, labels, scores, auroc); skipped when a set has a single class."""
    usable = [c for c in curves if 0 < np.sum(c[1] > 0.5) < len(c[1])]
    if not usable:
        return None
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    for name, labels, scores, auc in usable:
        fpr, tpr, _ = roc_curve(labels > 0.5, scores)
        ax.plot(fpr, tpr, label=f"{name} (AUROC {auc:.3f})")
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=0.8)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7, loc="lower right")
    return _save(fig, path)


def plot_efficiency(
    series: dict[str, list[tuple[int, float, float, float]]], metric: str, title: str, path: Path
) -> Path | None:
    """Metric vs number of training images, one line per encoder with its 95% CI band."""
    if not any(series.values()):
        return None
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for name, pts in series.items():
        pts = sorted(p for p in pts if not np.isnan(p[1]))
        if not pts:
            continue
        x = np.array([p[0] for p in pts])
        m = np.array([p[1] for p in pts])
        lo = np.array([p[2] if not np.isnan(p[2]) else p[1] for p in pts])
        hi = np.array([p[3] if not np.isnan(p[3]) else p[1] for p in pts])
        ax.plot(x, m, marker="o", label=name)
        ax.fill_between(x, lo, hi, alpha=0.2)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xlabel("training images")
    ax.set_ylabel(metric)
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=7)
    return _save(fig, path)


def plot_tsne(
    embeddings: np.ndarray, body_parts: list[str], labels: np.ndarray, title: str, path: Path,
    max_points: int = 2000, seed: int = 0,
) -> Path | None:
    """2-D t-SNE of image embeddings, coloured by body part (left) and by label (right)."""
    from sklearn.manifold import TSNE
    from threadpoolctl import threadpool_limits

    n = embeddings.shape[0]
    if n < 5:
        return None
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=min(n, max_points), replace=False))
    perplexity = float(max(2, min(30, (idx.size - 1) // 3)))
    # One OpenMP thread: on a shared CPU the Barnes-Hut threads mostly wait on each other.
    with threadpool_limits(1):
        xy = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed).fit_transform(
            embeddings[idx].astype(np.float64)
        )
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.5))
    parts = np.array([body_parts[i] for i in idx])
    for part in sorted(set(parts)):
        sel = parts == part
        axes[0].scatter(xy[sel, 0], xy[sel, 1], s=8, label=part)
    axes[0].set_title("body part", fontsize=9)
    axes[0].legend(fontsize=6, markerscale=2)
    labs = labels[idx]
    for value in sorted(set(labs.tolist())):
        sel = labs == value
        axes[1].scatter(xy[sel, 0], xy[sel, 1], s=8, label=f"label {value:g}")
    axes[1].set_title("label", fontsize=9)
    axes[1].legend(fontsize=6, markerscale=2)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(title, fontsize=10)
    return _save(fig, path)

"""Retrieval and zero-shot metrics used by the trainer's validation and the pretrain stage report."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from sklearn.metrics import roc_auc_score


def retrieval_recall_at_k(image_emb: torch.Tensor, text_emb: torch.Tensor, k: int) -> float:
    """Image->text recall@k: share of images whose own report (same row) is in the top k by cosine."""
    if len(image_emb) == 0:
        return float("nan")
    img = torch.nn.functional.normalize(image_emb.float(), dim=-1)
    txt = torch.nn.functional.normalize(text_emb.float(), dim=-1)
    sims = img @ txt.T
    k = min(k, sims.shape[1])
    topk = sims.topk(k, dim=1).indices
    hits = (topk == torch.arange(len(sims)).unsqueeze(1)).any(dim=1)
    return float(hits.float().mean())


def chance_recall_at_k(n: int, k: int) -> float:
    """Expected recall@k of a random ranking over ``n`` candidates."""
    return min(k, n) / n if n else float("nan")


def zero_shot_scores(image_emb: torch.Tensor, positive_emb: torch.Tensor, negative_emb: torch.Tensor) -> np.ndarray:
    """P(positive) per image from a two-prompt softmax (prompt embeddings averaged per class)."""
    img = torch.nn.functional.normalize(image_emb.float(), dim=-1)
    pos = torch.nn.functional.normalize(positive_emb.float().reshape(-1, img.shape[1]).mean(0), dim=-1)
    neg = torch.nn.functional.normalize(negative_emb.float().reshape(-1, img.shape[1]).mean(0), dim=-1)
    logits = torch.stack([img @ neg, img @ pos], dim=1) * 100.0
    return logits.softmax(dim=1)[:, 1].numpy()


def auroc(labels: Sequence[int] | np.ndarray, scores: Sequence[float] | np.ndarray) -> float:
    """ROC AUC, NaN when only one class is present (nothing to rank)."""
    y = np.asarray(labels).astype(int)
    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, np.asarray(scores)))

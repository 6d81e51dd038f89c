"""SapBERT-style self-alignment of a text encoder on a synonym dictionary, before CLIP pretraining.

The reference compared each text tower (XLM-R, MLUKE, DrBERT) with and without this step: terms that name
the same concept (a UMLS/MeSH French export the hospital owns: CSV ``concept_id,term``) are pulled together
and other concepts pushed apart. Each step draws ``batch_concepts`` concepts with two synonyms each and
embeds them by the [CLS] token (SapBERT's choice). The default objective is SapBERT's (Liu et al., 2021,
and its released training code): pytorch-metric-learning's ``MultiSimilarityLoss(alpha=1, beta=60,
base=0.5)`` on cosine similarity, restricted to the hard pairs of an online ``TripletMarginMiner(margin=0.2,
type_of_triplets="all")``; AdamW lr 2e-5, weight decay 0.01, 256 pairs a batch, terms cut at 25 tokens.
``loss="info_nce"`` (the library's NT-Xent, SapBERT's other option) and ``miner="multi_similarity"`` or
``"none"`` are there to compare. The output is a Hugging Face model folder (weights + tokenizer) to give to
``pretrain.text_model_path``.
"""

from __future__ import annotations

import csv
import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import torch
import torch.nn.functional as F

log = logging.getLogger(__name__)

AlignLoss = Literal["multi_similarity", "info_nce"]
AlignMiner = Literal["triplet_margin", "multi_similarity", "none"]


class SynonymFileError(ValueError):
    """The synonym file cannot be used (missing, no concept_id/term columns, too few concepts)."""


@dataclass
class AlignConfig:
    """Hyper-parameters of the alignment; the defaults are SapBERT's released training script's."""

    steps: int = 1000
    batch_concepts: int = 256
    lr: float = 2e-5
    weight_decay: float = 0.01
    loss: AlignLoss = "multi_similarity"
    miner: AlignMiner = "triplet_margin"
    ms_alpha: float = 1.0
    ms_beta: float = 60.0
    ms_base: float = 0.5
    miner_margin: float = 0.2
    temperature: float = 0.07
    max_length: int = 25
    seed: int = 0


def read_synonyms(path: str | Path) -> tuple[dict[str, list[str]], list[tuple[int, str]]]:
    """concept_id -> distinct terms (concepts with one term are kept out: no pair), and skipped lines."""
    path = Path(path)
    if not path.is_file():
        raise SynonymFileError(f"synonyms: file not found: {path}")
    groups: dict[str, list[str]] = defaultdict(list)
    skipped: list[tuple[int, str]] = []
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        if not {"concept_id", "term"} <= {c.strip().lower() for c in reader.fieldnames or []}:
            raise SynonymFileError(f"synonyms: {path.name} needs concept_id and term columns")
        for i, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
            concept, term = row.get("concept_id", ""), " ".join(row.get("term", "").split())
            if not concept or not term:
                skipped.append((i, "empty concept_id or term"))
            elif term.lower() not in {t.lower() for t in groups[concept]}:
                groups[concept].append(term)
    usable = {c: terms for c, terms in groups.items() if len(terms) >= 2}
    if len(usable) < 2:
        raise SynonymFileError(f"synonyms: {path.name} has fewer than two concepts with two or more terms")
    return usable, skipped


def embed_terms(model: torch.nn.Module, tokenizer, terms: list[str], max_length: int = 25) -> torch.Tensor:
    """L2-normalised [CLS] embeddings of ``terms``."""
    batch = tokenizer(terms, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    return F.normalize(out.last_hidden_state[:, 0], dim=-1)


def build_objective(cfg: AlignConfig) -> tuple[torch.nn.Module, torch.nn.Module | None]:
    """The metric-learning loss and online miner of ``cfg`` (pytorch-metric-learning; labels = concept)."""
    from pytorch_metric_learning import losses, miners

    if cfg.loss == "multi_similarity":
        loss: torch.nn.Module = losses.MultiSimilarityLoss(alpha=cfg.ms_alpha, beta=cfg.ms_beta, base=cfg.ms_base)
    elif cfg.loss == "info_nce":
        loss = losses.NTXentLoss(temperature=cfg.temperature)
    else:
        raise ValueError(f"align-text: unknown loss {cfg.loss!r} (multi_similarity, info_nce)")
    if cfg.miner == "triplet_margin":
        miner: torch.nn.Module | None = miners.TripletMarginMiner(margin=cfg.miner_margin, type_of_triplets="all")
    elif cfg.miner == "multi_similarity":
        miner = miners.MultiSimilarityMiner()
    elif cfg.miner == "none":
        miner = None
    else:
        raise ValueError(f"align-text: unknown miner {cfg.miner!r} (triplet_margin, multi_similarity, none)")
    return loss, miner


def pair_loss(
    loss_fn: torch.nn.Module, miner: torch.nn.Module | None, a: torch.Tensor, b: torch.Tensor, labels: torch.Tensor
) -> torch.Tensor | None:
    """Loss of one batch: rows of ``a`` and ``b`` are two terms of the concept in ``labels`` (as SapBERT,
    both views are stacked and every same-label pair is a positive); with a miner, only its hard pairs.
    None when the miner finds no hard pair (nothing to learn from this batch)."""
    emb = torch.cat([a, b])
    both = torch.cat([labels, labels])
    if miner is None:
        return loss_fn(emb, both)
    mined = miner(emb, both)
    if all(len(t) == 0 for t in mined):
        return None
    return loss_fn(emb, both, mined)


def synonym_accuracy(model: torch.nn.Module, tokenizer, groups: dict[str, list[str]], max_length: int = 25) -> float:
    """Share of terms whose nearest other term (cosine) names the same concept: the alignment's metric."""
    terms = [(c, t) for c, ts in sorted(groups.items()) for t in ts]
    model.eval()
    with torch.no_grad():
        emb = embed_terms(model, tokenizer, [t for _, t in terms], max_length)
    sim = emb @ emb.T
    sim.fill_diagonal_(-2.0)
    nearest = sim.argmax(dim=1).tolist()
    return sum(terms[i][0] == terms[j][0] for i, j in enumerate(nearest)) / len(terms)


def align_text_encoder(
    model_dir: str | Path, synonyms: str | Path, out_dir: str | Path, cfg: AlignConfig | None = None
) -> dict[str, float]:
    """Align the encoder in ``model_dir`` (HF weights + tokenizer) on ``synonyms``; write it to ``out_dir``.

    Returns the synonym nearest-neighbour accuracy before and after, the last loss, the counts and the steps
    skipped because the miner found no hard pair. Same seed, same model (CPU).
    """
    from transformers import AutoModel, AutoTokenizer

    cfg = cfg or AlignConfig()
    groups, skipped = read_synonyms(synonyms)
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    torch.manual_seed(cfg.seed)
    model = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False)
    before = synonym_accuracy(model, tokenizer, groups, cfg.max_length)
    rng = random.Random(cfg.seed)
    concepts = sorted(groups)
    loss_fn, miner = build_objective(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    loss_value, idle = float("nan"), 0
    model.train()
    for step in range(cfg.steps):
        chosen = rng.sample(range(len(concepts)), min(cfg.batch_concepts, len(concepts)))
        pairs = [rng.sample(groups[concepts[c]], 2) for c in chosen]
        a = embed_terms(model, tokenizer, [p[0] for p in pairs], cfg.max_length)
        b = embed_terms(model, tokenizer, [p[1] for p in pairs], cfg.max_length)
        loss = pair_loss(loss_fn, miner, a, b, torch.tensor(chosen))
        if loss is None:  # every pair already within the margin: no step (as a zero loss would only decay)
            idle += 1
            continue
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_value = float(loss.detach())
        if step % 100 == 0:
            log.info("align-text: step %d loss %.4f", step, loss_value)
    after = synonym_accuracy(model, tokenizer, groups, cfg.max_length)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out))
    tokenizer.save_pretrained(str(out))
    return {"concepts": float(len(groups)), "terms": float(sum(len(t) for t in groups.values())),
            "skipped_lines": float(len(skipped)), "accuracy_before": before, "accuracy_after": after,
            "final_loss": loss_value, "steps_without_hard_pairs": float(idle)}

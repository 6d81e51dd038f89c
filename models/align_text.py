"""SapBERT-style self-alignment of a text encoder on a synonym dictionary, before CLIP pretraining.

The reference compared each text tower (XLM-R, MLUKE, DrBERT) with and without this step: terms that name
the same concept (a UMLS/MeSH French export the hospital owns: CSV ``concept_id,term``) are pulled together
and other concepts pushed apart. Each step draws ``batch_concepts`` concepts with two synonyms each and
minimises a symmetric InfoNCE over the batch (the other concepts' terms are the negatives; SapBERT's
multi-similarity loss is the other usual choice, InfoNCE is what SapBERT's follow-ups use), on the
[CLS] embedding (SapBERT's choice). The output is a Hugging Face model folder (weights + tokenizer) to
give to ``pretrain.text_model_path``.
"""

from __future__ import annotations

import csv
import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

log = logging.getLogger(__name__)


class SynonymFileError(ValueError):
    """The synonym file cannot be used (missing, no concept_id/term columns, too few concepts)."""


@dataclass
class AlignConfig:
    """Hyper-parameters of the alignment (SapBERT: lr 2e-5, batch of ~256 pairs, temperature 0.05)."""

    steps: int = 1000
    batch_concepts: int = 64
    lr: float = 2e-5
    temperature: float = 0.05
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


def info_nce(a: torch.Tensor, b: torch.Tensor, temperature: float) -> torch.Tensor:
    """Symmetric InfoNCE: row i of ``a`` and of ``b`` are synonyms, every other row a negative."""
    logits = a @ b.T / temperature
    target = torch.arange(a.shape[0])
    return (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target)) / 2


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

    Returns the synonym nearest-neighbour accuracy before and after, the final loss and the counts.
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
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr)
    loss_value = float("nan")
    model.train()
    for step in range(cfg.steps):
        chosen = rng.sample(concepts, min(cfg.batch_concepts, len(concepts)))
        pairs = [rng.sample(groups[c], 2) for c in chosen]
        a = embed_terms(model, tokenizer, [p[0] for p in pairs], cfg.max_length)
        b = embed_terms(model, tokenizer, [p[1] for p in pairs], cfg.max_length)
        loss = info_nce(a, b, cfg.temperature)
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
            "final_loss": loss_value}

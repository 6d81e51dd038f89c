"""SapBERT-style self-alignment of a text encoder on a small made-up synonym list."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from models.align_text import AlignConfig, SynonymFileError, align_text_encoder, info_nce, read_synonyms

SYNONYMS = {
    "C01": ["fracture", "trait de fracture", "solution de continuité osseuse"],
    "C02": ["luxation", "déboîtement articulaire", "perte de contact articulaire"],
    "C03": ["épanchement intra-articulaire", "hydarthrose", "liquide articulaire"],
    "C04": ["ostéosynthèse", "plaque vissée", "matériel métallique"],
    "C05": ["cal osseux", "consolidation", "fracture consolidée"],
    "C06": ["examen normal", "absence d'anomalie", "pas de lésion"],
    "C07": ["pseudarthrose", "défaut de consolidation", "non-union"],
    "C08": ["arthrodèse", "fusion articulaire", "blocage chirurgical"],
}


def _write_csv(path: Path) -> Path:
    lines = ["concept_id,term"] + [f'{c},"{t}"' for c, terms in SYNONYMS.items() for t in terms]
    lines += ["C09,ostéopénie", ",terme sans concept"]  # one term only (no pair), and an unusable line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _tiny_text_model(tmp_path: Path, tokenizer_dir: Path) -> Path:
    """A random-init tiny XLM-R encoder saved with the shared test tokenizer (a local HF model folder)."""
    import shutil

    from transformers import AutoConfig, AutoModel, AutoTokenizer

    model_dir = tmp_path / "text"
    shutil.copytree(tokenizer_dir, model_dir)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    conf = AutoConfig.for_model("xlm-roberta", vocab_size=len(tok), hidden_size=32, num_hidden_layers=2,
                                num_attention_heads=2, intermediate_size=64, max_position_embeddings=40,
                                pad_token_id=tok.pad_token_id, hidden_dropout_prob=0.0,
                                attention_probs_dropout_prob=0.0)
    torch.manual_seed(0)
    AutoModel.from_config(conf).save_pretrained(str(model_dir))
    return model_dir


def test_synonym_file_parsing(tmp_path: Path) -> None:
    groups, skipped = read_synonyms(_write_csv(tmp_path / "syn.csv"))
    assert set(groups) == set(SYNONYMS) and skipped == [(len(SYNONYMS) * 3 + 3, "empty concept_id or term")]
    bad = tmp_path / "bad.csv"
    bad.write_text("id,word\n1,a\n")
    with pytest.raises(SynonymFileError, match="concept_id and term"):
        read_synonyms(bad)


def test_info_nce_prefers_aligned_pairs() -> None:
    a = torch.nn.functional.normalize(torch.randn(6, 8), dim=-1)
    assert float(info_nce(a, a, 0.05)) < float(info_nce(a, a.roll(1, 0), 0.05))


def test_alignment_pulls_synonyms_together(tmp_path: Path, tokenizer_dir: Path) -> None:
    out = tmp_path / "aligned"
    stats = align_text_encoder(_tiny_text_model(tmp_path, tokenizer_dir), _write_csv(tmp_path / "syn.csv"), out,
                               AlignConfig(steps=50, batch_concepts=8, lr=1e-3))
    assert stats["concepts"] == 8 and stats["skipped_lines"] == 1
    assert stats["accuracy_after"] >= 0.9 and stats["accuracy_after"] > stats["accuracy_before"]
    # the output is a plain Hugging Face model folder, loadable as pretrain.text_model_path
    from transformers import AutoModel

    assert AutoModel.from_pretrained(str(out)).config.hidden_size == 32

"""SapBERT-style self-alignment of a text encoder on a small made-up synonym list."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from models.align_text import (
    AlignConfig,
    SynonymFileError,
    align_text_encoder,
    build_objective,
    pair_loss,
    read_synonyms,
)

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


def test_objectives_prefer_aligned_pairs_and_mine_only_hard_ones() -> None:
    """Both losses (pytorch-metric-learning's) are lower when each row's partner is its synonym; SapBERT's
    triplet-margin miner keeps no pair once every synonym is closer than every other concept by the margin."""
    torch.manual_seed(0)
    a = torch.nn.functional.normalize(torch.randn(6, 16), dim=-1)
    labels = torch.arange(6)
    for loss in ("multi_similarity", "info_nce"):
        loss_fn, _ = build_objective(AlignConfig(loss=loss, miner="none"))
        aligned = float(pair_loss(loss_fn, None, a, a, labels))
        shuffled = float(pair_loss(loss_fn, None, a, a.roll(1, 0), labels))
        assert aligned < shuffled, loss
    loss_fn, miner = build_objective(AlignConfig())
    separated = torch.eye(6, 16)  # synonyms identical, other concepts orthogonal: nothing is hard
    assert pair_loss(loss_fn, miner, separated, separated, labels) is None
    assert pair_loss(loss_fn, miner, a, a.roll(1, 0), labels) is not None
    with pytest.raises(ValueError, match="unknown loss"):
        build_objective(AlignConfig(loss="cosine"))  # type: ignore[arg-type]


def test_alignment_pulls_synonyms_together_deterministically(tmp_path: Path, tokenizer_dir: Path) -> None:
    """SapBERT's objective (multi-similarity loss on triplet-margin-mined pairs, the default) raises the synonym
    top-1 retrieval accuracy of a random-init tiny encoder; the same seed gives the same model and figures."""
    model_dir, csv_path = _tiny_text_model(tmp_path, tokenizer_dir), _write_csv(tmp_path / "syn.csv")
    cfg = AlignConfig(steps=100, batch_concepts=8, lr=1e-3, seed=3)
    assert (cfg.loss, cfg.miner) == ("multi_similarity", "triplet_margin")
    first = align_text_encoder(model_dir, csv_path, tmp_path / "a", cfg)
    assert first["concepts"] == 8 and first["skipped_lines"] == 1
    assert first["accuracy_before"] < 0.5 and first["accuracy_after"] >= 0.9, first
    second = align_text_encoder(model_dir, csv_path, tmp_path / "b", cfg)
    assert second == first
    # the output is a plain Hugging Face model folder, loadable as pretrain.text_model_path
    from transformers import AutoModel

    a, b = (AutoModel.from_pretrained(str(tmp_path / d), add_pooling_layer=False) for d in "ab")
    assert a.config.hidden_size == 32
    for (name, p), q in zip(a.state_dict().items(), b.state_dict().values()):
        torch.testing.assert_close(p, q, rtol=0, atol=0, msg=name)


def test_align_text_cli_reports_accuracy_and_rejects_bad_options(tmp_path: Path, tokenizer_dir: Path) -> None:
    from typer.testing import CliRunner

    from pipeline.cli import app

    model_dir, csv_path = _tiny_text_model(tmp_path, tokenizer_dir), _write_csv(tmp_path / "syn.csv")
    args = ["align-text", "--text-model", str(model_dir), "--synonyms", str(csv_path), "--out", str(tmp_path / "o"),
            "--steps", "5", "--batch-concepts", "4", "--lr", "1e-3"]
    ok = CliRunner().invoke(app, args)
    assert ok.exit_code == 0, ok.output
    assert "synonym nearest-neighbour accuracy" in ok.output and (tmp_path / "o" / "config.json").is_file()
    bad = CliRunner().invoke(app, [*args, "--loss", "cosine"])
    assert bad.exit_code == 2 and "unknown loss" in bad.output

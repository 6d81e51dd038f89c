"""Model construction, checkpoint save/load and the plain-open_clip round trip."""

from __future__ import annotations

import json
from pathlib import Path

import open_clip
import pytest
import torch
from transformers import AutoTokenizer

import models
from models.factory import CONFIG_FILE, TOKENIZER_DIR, WEIGHTS_FILE
from models.timm_archs import arch_name, parse_arch_name, resized_arch_name


def _inputs(tok, size: int = 32) -> tuple[torch.Tensor, torch.Tensor]:
    torch.manual_seed(0)
    return torch.randn(3, 3, size, size), tok(["Fracture du radius.", "Pas de fracture.", "Genou normal."])


def test_bundled_configs_are_open_clip_configs() -> None:
    names = models.list_configs()
    assert {"vit-b16-xlmr", "vit-b16-336-xlmr", "vit-b16-448-xlmr", "vit-b24-336-xlmr", "vit-b32-448-xlmr",
            "tiny-vit-tiny-text"} <= set(names)
    for name in names:
        cfg = models.load_model_config(name)
        assert {"embed_dim", "vision_cfg", "text_cfg"} <= set(cfg)
        vision = cfg["vision_cfg"]
        parsed = parse_arch_name(vision["timm_model_name"])
        if parsed is not None:
            assert parsed[2] == vision["image_size"]
    prod = models.load_model_config("vit-b16-xlmr")
    assert prod["embed_dim"] == 512
    assert prod["text_cfg"]["hf_model_name"] == "xlm-roberta-base"
    assert prod["text_cfg"]["hf_pooler_type"] == "cls_pooler"
    assert prod["vision_cfg"]["timm_pool"] == "token"


def test_arch_names_resolve_and_resize() -> None:
    assert resized_arch_name("vit_base_patch16_224", 336, 24) == arch_name("base", 24, 336)
    assert resized_arch_name(arch_name("micro", 8, 64), 96, None) == "hvlp_vit_micro_patch8_96"
    with pytest.raises(ValueError):
        resized_arch_name("resnet50", 224, None)
    import timm

    net = timm.create_model(models.ensure_timm_arch("hvlp_vit_nano_patch8_40"), num_classes=0)
    assert net(torch.randn(1, 3, 40, 40)).shape == (1, 48)


def test_tokenizer_is_xlmr_like(tokenizer_dir: Path) -> None:
    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    ids = tok("Fracture du poignet")["input_ids"]
    assert ids[0] == tok.bos_token_id == 0 and ids[-1] == tok.eos_token_id == 2 and tok.pad_token_id == 1


def test_checkpoint_round_trip_with_plain_open_clip(tmp_path: Path, tokenizer_dir: Path) -> None:
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tokenizer_dir, image_size=32)
    model.eval()
    ckpt = models.save_checkpoint(model, cfg, tmp_path / "ckpt", train_state={"epoch": 3, "step": 7})
    assert (ckpt / CONFIG_FILE).is_file() and (ckpt / WEIGHTS_FILE).is_file() and (ckpt / TOKENIZER_DIR).is_dir()
    stored = json.loads((ckpt / CONFIG_FILE).read_text())
    assert set(stored) == {"model_cfg", "preprocess_cfg"} and stored["preprocess_cfg"]["std"] == [0.25] * 3
    assert models.read_train_state(ckpt)["epoch"] == 3

    loaded = models.load_checkpoint(ckpt)
    x, tokens = _inputs(loaded.tokenizer)
    assert tokens.shape == (3, cfg["text_cfg"]["context_length"]) and loaded.image_size == 32
    with torch.no_grad():
        ref_img, ref_txt = model.encode_image(x), model.encode_text(tokens)
        assert torch.equal(loaded.model.encode_image(x), ref_img)
        assert torch.equal(loaded.model.encode_text(tokens), ref_txt)

    name = models.register_checkpoint(ckpt)
    oc_model, _, oc_preprocess = open_clip.create_model_and_transforms(name, pretrained=str(ckpt / WEIGHTS_FILE))
    oc_model.eval()
    oc_tok = open_clip.get_tokenizer(f"local-dir:{ckpt}")
    assert torch.equal(oc_tok(["Fracture du radius."]), tokens[:1])
    local, _, _ = open_clip.create_model_and_transforms(f"local-dir:{ckpt}")
    local.eval()
    with torch.no_grad():
        for m in (oc_model, local):
            torch.testing.assert_close(m.encode_image(x), ref_img, rtol=0, atol=1e-6)
            torch.testing.assert_close(m.encode_text(tokens), ref_txt, rtol=0, atol=1e-6)
    from PIL import Image

    assert oc_preprocess(Image.new("L", (50, 40))).shape == (3, 32, 32)
    assert loaded.preprocess(Image.new("L", (50, 40))).shape == (3, 32, 32)
    # pre-projection CLS/pooled feature for linear probes
    with torch.no_grad():
        feats = loaded.model.visual.trunk(x)
    assert feats.shape == (3, loaded.model.visual.trunk.num_features)


def test_checkpoint_survives_a_move(tmp_path: Path, tokenizer_dir: Path) -> None:
    model, cfg = models.create_clip("tiny-vit-tiny-text", tokenizer_dir=tokenizer_dir, image_size=32)
    ckpt = models.save_checkpoint(model, cfg, tmp_path / "a")
    moved = ckpt.rename(tmp_path / "b")
    loaded = models.load_checkpoint(moved)
    assert loaded.config["text_cfg"]["hf_model_name"] == str((moved / TOKENIZER_DIR).resolve())


def test_random_text_tower_needs_tokenizer() -> None:
    with pytest.raises(ValueError, match="tokenizer_dir"):
        models.create_clip("tiny-vit-tiny-text")

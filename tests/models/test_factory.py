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


@pytest.mark.parametrize(("config", "model_type"), [("tiny-vit-tiny-mluke", "luke"), ("tiny-vit-tiny-drbert", "roberta")])
def test_mluke_and_drbert_text_towers(tmp_path: Path, tokenizer_dir: Path, config: str, model_type: str) -> None:
    """The reference's other text towers: tiny random-init versions build, encode and survive a checkpoint."""
    import shutil

    tok_dir = tmp_path / "tok"
    shutil.copytree(tokenizer_dir, tok_dir)  # the tower's config.json is written next to the tokenizer
    model, cfg = models.create_clip(config, tokenizer_dir=tok_dir, image_size=32)
    assert model.text.transformer.config.model_type == model_type
    model.eval()
    loaded_tok = open_clip.tokenizer.HFTokenizer(str(tok_dir), context_length=cfg["text_cfg"]["context_length"])
    tokens = loaded_tok(["Fracture du radius.", "Pas de fracture."])
    with torch.no_grad():
        text = model.encode_text(tokens, normalize=True)
    assert text.shape == (2, cfg["embed_dim"])
    ckpt = models.save_checkpoint(model, cfg, tmp_path / "ckpt")
    again = models.load_checkpoint(ckpt)
    with torch.no_grad():
        torch.testing.assert_close(again.model.encode_text(again.tokenizer(["Fracture du radius.", "Pas de fracture."]),
                                                           normalize=True), text)


def test_real_mluke_config_loads_its_text_tower_from_a_local_path(tmp_path: Path, tokenizer_dir: Path) -> None:
    """vit-b16-mluke with text_model_path: the text weights are the local model's (no download)."""
    from transformers import AutoModel, LukeConfig

    local = tmp_path / "mluke-local"
    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    conf = LukeConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                      intermediate_size=64, entity_vocab_size=4, entity_emb_size=8, max_position_embeddings=130,
                      pad_token_id=tok.pad_token_id)
    torch.manual_seed(3)
    AutoModel.from_config(conf).save_pretrained(str(local))
    tok.save_pretrained(str(local))
    model, cfg = models.create_clip("vit-b16-mluke", text_model_path=local, pretrained_text=True)
    assert cfg["text_cfg"]["hf_model_name"] == str(local)
    saved = AutoModel.from_pretrained(str(local)).state_dict()
    ours = model.text.transformer.state_dict()
    key = "embeddings.word_embeddings.weight"
    torch.testing.assert_close(ours[key], saved[key])


def test_checkpoint_of_a_text_model_folder_with_a_separate_tokenizer_folder(tmp_path: Path, tokenizer_dir: Path) -> None:
    """``text_model_path`` (a text model folder: config.json, no tokenizer) beside ``tokenizer_dir`` (a tokenizer
    folder: no config.json) is how a real XLM-R is paired with a retrained tokenizer; saving used to read the
    model config from the tokenizer folder and failed at the first checkpoint, after an epoch of training."""
    from transformers import AutoConfig

    lib = models.load_model_config("tiny-vit-tiny-text")
    hf_text = dict(lib.pop("hf_text_config"))
    model_dir = tmp_path / "text_model"
    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir))
    AutoConfig.for_model(hf_text.pop("model_type"), vocab_size=len(tok), pad_token_id=tok.pad_token_id,
                         max_position_embeddings=lib["text_cfg"]["context_length"] + 2, **hf_text
                         ).save_pretrained(str(model_dir))
    tok_only = tmp_path / "tokenizer_only"
    tok.save_pretrained(str(tok_only))
    assert not (tok_only / "config.json").exists()
    config_path = tmp_path / "plain-text-tower.json"
    config_path.write_text(json.dumps(lib))

    model, cfg = models.create_clip(config_path, tokenizer_dir=tok_only, text_model_path=model_dir, image_size=32)
    model.eval()
    torch.manual_seed(0)
    images = torch.randn(3, 3, 32, 32)
    out = models.save_checkpoint(model, cfg, tmp_path / "ckpt")
    loaded = models.load_checkpoint(out)
    texts = loaded.tokenizer(["Fracture du radius.", "Pas de fracture."])
    with torch.no_grad():
        assert torch.allclose(model.encode_text(texts), loaded.model.encode_text(texts), atol=1e-6)
        assert torch.allclose(model.encode_image(images), loaded.model.encode_image(images), atol=1e-6)

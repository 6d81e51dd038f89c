"""finetune-vlm: reference defaults, the QLoRA plan on GPU, one LoRA step on a tiny local VLM (CPU)."""

from __future__ import annotations

import pytest
import torch
from test_export_hf import write_vlm_tables

from pipeline.config import config_from_dict
from pipeline.runner import run_stages
from pipeline.store import Store
from pipeline.vlm import finetune as ft
from pipeline.vlm.tiny_vlm import save_tiny_vlm

CORPUS = ["Radiographie du pied", "Observations :", "Pas de fracture.", "Y a-t-il une fracture ?", "Oui.", "Non.",
          "Peut-on exclure une fracture ?", "Rédigez le compte rendu structuré de ces radiographies."] * 10


@pytest.fixture(scope="module")
def tiny_setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("vlm")
    cfg = config_from_dict({"paths": {"out_dir": str(root / "out"), "vault_dir": str(root / "vault")}})
    write_vlm_tables(Store.from_config(cfg), n_patients=4)
    run_stages(cfg, ["export"], progress=False)
    return root / "out" / "hf_dataset", save_tiny_vlm(root / "model", CORPUS, image_size=32)


def test_reference_defaults_and_qlora_plan():
    cfg = ft.FinetuneConfig()
    assert (cfg.lora_rank, cfg.lora_alpha, cfg.lora_dropout, cfg.learning_rate) == (128, 128, 0.1, 1e-6)
    assert (cfg.studies_per_batch, cfg.max_images, cfg.image_size, cfg.epochs) == (32, 6, 512, 1)
    gpu = ft.make_plan(cfg, cuda=True, bitsandbytes=True)
    assert gpu.quantized and gpu.optimizer == "adamw_8bit" and gpu.mode.startswith("QLoRA")
    cpu = ft.make_plan(cfg, cuda=False, bitsandbytes=False)
    assert not cpu.quantized and cpu.optimizer == "adamw" and "not QLoRA" in cpu.mode
    with pytest.raises(ValueError, match="bitsandbytes"):
        ft.make_plan(ft.FinetuneConfig(quantization="nf4"), cuda=True, bitsandbytes=False)


def test_quantized_plan_loads_the_base_in_nf4(monkeypatch, tiny_setup):
    """The GPU path at its boundary: NF4 config handed to from_pretrained, k-bit preparation, adapters."""
    _, model_dir = tiny_setup
    seen = {}
    import peft

    from pipeline.vlm import tiny_vlm

    real = tiny_vlm.load_vlm
    monkeypatch.setattr(tiny_vlm, "load_vlm", lambda path, **kw: (seen.update(kw), real(path))[1])
    monkeypatch.setattr(peft, "prepare_model_for_kbit_training", lambda m, **kw: (seen.update(prepared=kw), m)[1])
    plan = ft.Plan(device="cuda", quantized=True, optimizer="adamw_8bit")
    model, _ = ft.build_lora_model(model_dir, ft.FinetuneConfig(lora_rank=4, lora_alpha=4), plan)
    q = seen["quantization_config"]
    assert q.load_in_4bit and q.bnb_4bit_quant_type == "nf4" and q.bnb_4bit_use_double_quant
    assert seen["prepared"] == {"use_gradient_checkpointing": True}
    assert model.peft_config["default"].r == 4


def test_one_lora_step_changes_only_adapter_weights(tiny_setup, tmp_path):
    from datasets import load_from_disk

    dataset, model_dir = tiny_setup
    cfg = ft.FinetuneConfig(lora_rank=8, lora_alpha=8, learning_rate=1e-3, studies_per_batch=4,
                            micro_batch_studies=2, image_size=32, max_steps=1)
    plan = ft.make_plan(cfg)
    model, processor = ft.build_lora_model(model_dir, cfg, plan)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    assert any("language_model" in n for n in trainable) and not any("vision_tower" in n for n in trainable)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    rows = [load_from_disk(str(dataset))["train"][i] for i in range(4)]
    micro = [ft.collate(rows[:2], processor, cfg), ft.collate(rows[2:], processor, cfg)]
    image_id = processor.tokenizer.convert_tokens_to_ids(processor.image_token)
    assert (micro[0]["input_ids"] == image_id).any() and not (micro[0]["labels"] == image_id).any()
    _assert_labels_are_the_assistant_turns(rows[:2], micro[0], processor)
    loss = ft.train_step(model, micro, ft.make_optimizer(model, cfg, plan))
    assert loss > 0
    changed = {n for n, p in model.named_parameters() if not torch.equal(p.detach(), before[n])}
    assert changed and changed <= trainable
    result = ft.finetune(dataset, model_dir, tmp_path / "adapter", cfg)
    assert result["steps"] == 1 and "not QLoRA" in result["mode"]
    assert (tmp_path / "adapter" / "adapter_model.safetensors").exists()
    assert (tmp_path / "adapter" / "metrics.json").exists()


def _assert_labels_are_the_assistant_turns(rows, batch, processor) -> None:
    """The tokens left in the labels decode to the assistant turns' text and to nothing of the user turns."""
    for i, row in enumerate(rows):
        kept = batch["labels"][i][batch["labels"][i] != -100]
        decoded = processor.tokenizer.decode(kept, skip_special_tokens=True)
        answers = [p["text"] for m in row["messages"] if m["role"] == "assistant" for p in m["content"] if p.get("text")]
        questions = [p["text"] for m in row["messages"] if m["role"] == "user" for p in m["content"] if p.get("text")]
        assert answers and kept.numel() > 0
        squeezed = "".join(decoded.split())
        for answer in answers:
            assert "".join(answer.split()) in squeezed, (answer, decoded)
        for question in questions:
            assert "".join(question.split()) not in squeezed, (question, decoded)

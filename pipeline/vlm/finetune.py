"""`pipeline finetune-vlm`: QLoRA fine-tuning of a vision-language model on the exported dataset.

Defaults are the reference's settings (Idefics2, QLoRA rank 128, alpha 128, dropout 0.1, NF4,
8-bit AdamW, lr 1e-6, batches of 32 studies of up to 6 images at 512 px, 1 epoch). On a GPU with
bitsandbytes the base model is loaded in 4-bit NF4 and the optimiser is bitsandbytes' AdamW8bit;
without them (a CPU, tests) the same code trains plain LoRA adapters on a full-precision base with
torch's AdamW, and says so in the log and the result: it is not QLoRA then.
Only the adapters train; the loss covers the assistant turns' tokens only (user turns, padding and image
tokens masked).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

log = logging.getLogger("pipeline")

#: LoRA on the language model, the connector and the resampler (the Idefics2 fine-tuning recipe);
#: the vision encoder stays frozen and unadapted.
DEFAULT_TARGETS = (r".*(text_model|language_model|modality_projection|perceiver_resampler|multi_modal_projector)"
                   r".*(down_proj|gate_proj|up_proj|k_proj|q_proj|v_proj|o_proj|linear_\d)$")


class FinetuneConfig(BaseModel):
    """QLoRA settings; the defaults are the reference's."""

    model_config = ConfigDict(extra="forbid")

    lora_rank: int = Field(128, ge=1)
    lora_alpha: int = Field(128, ge=1)
    lora_dropout: float = Field(0.1, ge=0, lt=1)
    target_modules: str = Field(DEFAULT_TARGETS, description="Regex of the module names that get adapters.")
    quantization: Literal["auto", "nf4", "none"] = Field(
        "auto", description="'auto': NF4 when a GPU and bitsandbytes are there, else none (plain LoRA)."
    )
    optimizer: Literal["auto", "adamw_8bit", "adamw"] = Field(
        "auto", description="'auto': bitsandbytes AdamW8bit on GPU, torch AdamW otherwise."
    )
    learning_rate: float = Field(1e-6, gt=0)
    weight_decay: float = Field(0.01, ge=0)
    studies_per_batch: int = Field(32, ge=1, description="Studies per optimiser step (the reference: 32).")
    micro_batch_studies: int = Field(4, ge=1, description="Studies per forward pass (gradient accumulation).")
    max_images: int = Field(6, ge=1, description="Images per study (the reference: up to 6).")
    image_size: int = Field(512, ge=16, description="Images are resized so their longest side is this (px).")
    epochs: int = Field(1, ge=1)
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimiser steps (smoke runs).")
    split: str = Field("train", description="Dataset split to train on.")
    gradient_checkpointing: bool = Field(True, description="On GPU: trade compute for activation memory.")
    seed: int = 0


def load_finetune_config(path: Path) -> FinetuneConfig:
    data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    return FinetuneConfig.model_validate(data.get("finetune_vlm", data))


@dataclass(frozen=True)
class Plan:
    """What will really run on this machine, stated in the log and the result."""

    device: str
    quantized: bool
    optimizer: str

    @property
    def mode(self) -> str:
        if self.quantized:
            return f"QLoRA (NF4 base, {self.optimizer}, {self.device})"
        return f"LoRA without quantization (full-precision base, {self.optimizer}, {self.device}): not QLoRA"


def make_plan(cfg: FinetuneConfig, cuda: bool | None = None, bitsandbytes: bool | None = None) -> Plan:
    """NF4 + AdamW8bit need a GPU and bitsandbytes; asking for them without is an error, 'auto' falls back."""
    import torch

    cuda = torch.cuda.is_available() if cuda is None else cuda
    bnb = importlib.util.find_spec("bitsandbytes") is not None if bitsandbytes is None else bitsandbytes
    can_quantize = cuda and bnb
    for wanted, what in ((cfg.quantization == "nf4", "NF4 quantization"), (cfg.optimizer == "adamw_8bit",
                                                                           "8-bit AdamW")):
        if wanted and not can_quantize:
            raise ValueError(f"{what} needs a CUDA GPU and bitsandbytes (pip install 'hospital-vlp[qlora]'); "
                             "use quantization/optimizer 'auto' to fall back to plain LoRA")
    quantized = cfg.quantization == "nf4" or (cfg.quantization == "auto" and can_quantize)
    eight_bit = cfg.optimizer == "adamw_8bit" or (cfg.optimizer == "auto" and can_quantize)
    return Plan(device="cuda" if cuda else "cpu", quantized=quantized, optimizer="adamw_8bit" if eight_bit
                else "adamw")


def build_lora_model(model_path: str | Path, cfg: FinetuneConfig, plan: Plan) -> tuple[Any, Any]:
    """(peft model with trainable adapters only, processor) from a local folder."""
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    from pipeline.vlm.tiny_vlm import load_vlm

    kwargs: dict[str, Any] = {}
    if plan.quantized:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16)
        kwargs["device_map"] = {"": 0}
        kwargs["dtype"] = torch.bfloat16
    model, processor = load_vlm(model_path, **kwargs)
    if plan.quantized:
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg.gradient_checkpointing)
    elif plan.device == "cuda":
        model = model.to("cuda")
    lora = LoraConfig(r=cfg.lora_rank, lora_alpha=cfg.lora_alpha, lora_dropout=cfg.lora_dropout,
                      target_modules=cfg.target_modules, init_lora_weights="gaussian")
    model = get_peft_model(model, lora)
    return model, processor


def make_optimizer(model: Any, cfg: FinetuneConfig, plan: Plan) -> Any:
    import torch

    params = [p for p in model.parameters() if p.requires_grad]
    if plan.optimizer == "adamw_8bit":
        import bitsandbytes as bnb

        return bnb.optim.AdamW8bit(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)
    return torch.optim.AdamW(params, lr=cfg.learning_rate, weight_decay=cfg.weight_decay)


def _resized(image: Any, size: int) -> Any:
    image = image.convert("RGB")
    scale = size / max(image.size)
    if scale < 1:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    return image


def collate(rows: list[dict], processor: Any, cfg: FinetuneConfig) -> dict[str, Any]:
    """Chat-templated texts + images -> model inputs; labels keep only the assistant turns' tokens.

    Why: the user turns (instructions, questions) are given, not predicted; training on them spends the
    adapters on copying prompts, and the image tokens carry no text target at all."""
    texts, images, conversations = [], [], []
    for row in rows:
        ims = [_resized(im, cfg.image_size) for im in row["images"][: cfg.max_images]]
        messages = _drop_extra_images(row["messages"], len(ims))
        texts.append(processor.apply_chat_template(messages, tokenize=False))
        images.append(ims)
        conversations.append(messages)
    batch = processor(text=texts, images=images, return_tensors="pt", padding=True)
    labels = batch["input_ids"].clone().fill_(-100)
    for i, messages in enumerate(conversations):
        start = int(batch["attention_mask"][i].nonzero()[0])  # left or right padding alike
        for begin, end in _assistant_token_ranges(messages, images[i], processor):
            labels[i, start + begin : start + end] = batch["input_ids"][i, start + begin : start + end]
    labels[batch["attention_mask"] == 0] = -100
    image_token = getattr(processor, "image_token", None)
    tokenizer = getattr(processor, "tokenizer", processor)
    for token in {image_token, "<fake_token_around_image>"} - {None}:
        token_id = tokenizer.convert_tokens_to_ids(token)
        if isinstance(token_id, int) and token_id != tokenizer.unk_token_id:
            labels[labels == token_id] = -100
    batch["labels"] = labels
    return dict(batch)


def _assistant_token_ranges(messages: list[dict], images: list[Any], processor: Any) -> list[tuple[int, int]]:
    """[begin, end) token offsets of each assistant turn in the templated conversation.

    Each turn's bounds are token counts of templated prefixes (the prompt up to the turn with the generation
    prompt, then up to the end of the turn), counted by the same processor with the images those prefixes
    hold, so expanded image tokens are counted as in the batch."""
    def n_tokens(prefix: list[dict], generation_prompt: bool) -> int:
        text = processor.apply_chat_template(prefix, tokenize=False, add_generation_prompt=generation_prompt)
        n_images = sum(part["type"] == "image" for m in prefix for part in m["content"])
        encoded = processor(text=[text], images=[images[:n_images]] if n_images else None, return_tensors="pt")
        return int(encoded["input_ids"].shape[1])

    ranges = []
    for k, message in enumerate(messages):
        if message["role"] == "assistant":
            ranges.append((n_tokens(messages[:k], True), n_tokens(messages[: k + 1], False)))
    return ranges


def _drop_extra_images(messages: list[dict], keep: int) -> list[dict]:
    out, seen = [], 0
    for m in messages:
        content = []
        for part in m["content"]:
            if part["type"] == "image":
                seen += 1
                if seen > keep:
                    continue
            content.append({k: v for k, v in part.items() if v is not None})
        out.append({"role": m["role"], "content": content})
    return out


def train_step(model: Any, micro_batches: list[dict[str, Any]], optimizer: Any) -> float:
    """One optimiser step over the micro-batches of one batch of studies (gradient accumulation)."""
    model.train()
    optimizer.zero_grad(set_to_none=True)
    total = 0.0
    device = next(p.device for p in model.parameters() if p.requires_grad)
    for batch in micro_batches:
        batch = {k: v.to(device) if hasattr(v, "to") else v for k, v in batch.items()}
        loss = model(**batch).loss / len(micro_batches)
        loss.backward()
        total += float(loss.detach())
    optimizer.step()
    return total


def finetune(dataset_path: Path, model_path: str | Path, out: Path, cfg: FinetuneConfig) -> dict[str, Any]:
    """Train LoRA adapters on the exported set; write the adapter, the processor and metrics.json."""
    import torch
    from datasets import load_from_disk

    if not Path(dataset_path).exists():
        raise FileNotFoundError(f"no exported dataset at {dataset_path}: run `pipeline export --format hf` first")
    data = load_from_disk(str(dataset_path))
    if cfg.split not in data or len(data[cfg.split]) == 0:
        raise ValueError(f"the dataset has no rows in split {cfg.split!r}")
    plan = make_plan(cfg)
    log.info("finetune-vlm: %s", plan.mode)
    torch.manual_seed(cfg.seed)
    model, processor = build_lora_model(model_path, cfg, plan)
    optimizer = make_optimizer(model, cfg, plan)
    train = data[cfg.split].shuffle(seed=cfg.seed)
    steps_per_epoch = math.ceil(len(train) / cfg.studies_per_batch)
    total_steps = steps_per_epoch * cfg.epochs if cfg.max_steps is None else min(cfg.max_steps,
                                                                                steps_per_epoch * cfg.epochs)
    started, losses, step = time.perf_counter(), [], 0
    while step < total_steps:
        for start in range(0, len(train), cfg.studies_per_batch):
            if step >= total_steps:
                break
            rows = train.select(range(start, min(start + cfg.studies_per_batch, len(train))))
            rows = [rows[i] for i in range(len(rows))]
            micro = [collate(rows[i : i + cfg.micro_batch_studies], processor, cfg)
                     for i in range(0, len(rows), cfg.micro_batch_studies)]
            losses.append(train_step(model, micro, optimizer))
            step += 1
            log.info("finetune-vlm: step %d/%d loss %.4f", step, total_steps, losses[-1])
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    processor.save_pretrained(out)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    result = {"mode": plan.mode, "steps": step, "studies": len(train), "first_loss": round(losses[0], 4),
              "last_loss": round(losses[-1], 4), "trainable_params": trainable,
              "seconds": round(time.perf_counter() - started, 1), "adapter": str(out)}
    (out / "metrics.json").write_text(json.dumps({**result, "config": cfg.model_dump()}, indent=2))
    return result

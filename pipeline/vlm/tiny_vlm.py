"""A tiny random-initialised LLaVA-style vision-language model saved from a local config (no download).

`pipeline finetune-vlm` loads any local VLM through the Auto classes; the tests and the CPU smoke run
need one that exists without a hub: a 2-layer CLIP vision tower and a 2-layer Llama with a byte-level
BPE tokenizer trained on the fly, saved with its processor like a downloaded checkpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

IMAGE_TOKEN = "<image>"
#: A chat template for list-of-parts messages (the format of the exported dataset).
VLM_CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n"
    "{% if m['content'] is string %}{{ m['content'] }}{% else %}{% for c in m['content'] %}"
    "{% if c['type'] == 'image' %}<image>{% else %}{{ c['text'] }}{% endif %}{% endfor %}{% endif %}<|end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def save_tiny_vlm(path: Path, texts: Iterable[str], seed: int = 0, image_size: int = 32, patch_size: int = 8,
                  hidden_size: int = 32) -> Path:
    """Write model + processor to `path`; loadable with AutoModelForImageTextToText / AutoProcessor."""
    import torch
    from transformers import (
        CLIPImageProcessor,
        CLIPVisionConfig,
        LlamaConfig,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
    )

    from pipeline.labeling.tiny_lm import train_tokenizer

    tokenizer = train_tokenizer(texts, vocab_size=400)
    tokenizer.add_tokens([IMAGE_TOKEN], special_tokens=True)
    tokenizer.chat_template = VLM_CHAT_TEMPLATE
    vision = CLIPVisionConfig(hidden_size=hidden_size, intermediate_size=hidden_size * 2, num_hidden_layers=2,
                              num_attention_heads=4, image_size=image_size, patch_size=patch_size, projection_dim=16)
    text = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=hidden_size * 2,
                       num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2,
                       max_position_embeddings=2048, pad_token_id=tokenizer.pad_token_id,
                       eos_token_id=tokenizer.eos_token_id, bos_token_id=None)
    config = LlavaConfig(vision_config=vision, text_config=text,
                         image_token_index=tokenizer.convert_tokens_to_ids(IMAGE_TOKEN),
                         vision_feature_select_strategy="full", vision_feature_layer=-1,
                         pad_token_id=tokenizer.pad_token_id)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = LlavaForConditionalGeneration(config)
    image_processor = CLIPImageProcessor(size={"shortest_edge": image_size},
                                         crop_size={"height": image_size, "width": image_size})
    processor = LlavaProcessor(image_processor=image_processor, tokenizer=tokenizer, patch_size=patch_size,
                               vision_feature_select_strategy="full", chat_template=VLM_CHAT_TEMPLATE,
                               image_token=IMAGE_TOKEN, num_additional_image_tokens=1)  # CLS
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    processor.save_pretrained(path)
    return path


def load_vlm(path: str | Path, **kwargs: Any) -> tuple[Any, Any]:
    """(model, processor) from a local folder only."""
    from transformers import AutoModelForImageTextToText, AutoProcessor

    processor = AutoProcessor.from_pretrained(str(path), local_files_only=True)
    model = AutoModelForImageTextToText.from_pretrained(str(path), local_files_only=True, **kwargs)
    return model, processor

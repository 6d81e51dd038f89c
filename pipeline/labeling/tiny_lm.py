"""A tiny random-initialised chat LM and a tokenizer trained on the fly, for tests, the bench and offline demos.

Nothing can be downloaded here, yet the `transformers` backend must run its real code path
(chat template, constrained sampling, k return sequences). A two-layer Llama with a byte-level BPE
tokenizer trained in a second on the reports themselves is enough: its answers are random, its
mechanics are those of a real model.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

SPECIAL_TOKENS = ["<pad>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]

#: A minimal chat template in the style of instruction-tuned models (role tags, end-of-turn token).
CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}<|end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def train_tokenizer(texts: Iterable[str], vocab_size: int = 512) -> Any:
    """Byte-level BPE trained on `texts`, wrapped as a transformers fast tokenizer with a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(list(texts), trainer=trainer)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|end|>", pad_token="<pad>",
                                   additional_special_tokens=SPECIAL_TOKENS[2:])
    fast.chat_template = CHAT_TEMPLATE
    return fast


def build_tiny_chat_model(texts: Iterable[str], seed: int = 0, vocab_size: int = 512, hidden_size: int = 32,
                          layers: int = 2) -> tuple[Any, Any]:
    """(model, tokenizer): a random-initialised Llama causal LM sized for CPU tests."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = train_tokenizer(texts, vocab_size)
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=hidden_size, intermediate_size=hidden_size * 2,
        num_hidden_layers=layers, num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
        eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, bos_token_id=None,
        tie_word_embeddings=True,
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = LlamaForCausalLM(config)
    return model.eval(), tokenizer


def save_tiny_chat_model(path: Path, texts: Iterable[str], seed: int = 0) -> Path:
    """Write a tiny model + tokenizer folder that `pseudo_label.model` can point at (offline demo, tests)."""
    model, tokenizer = build_tiny_chat_model(texts, seed)
    path.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path

"""`transformers` backend: a local causal LM (CPU or GPU), k samples per request in one `generate` call.

The k samples come from `num_return_sequences=k` with nucleus sampling over one shared prompt prefill
(the KV cache of each prompt is computed once and expanded k times). Output is constrained through
`prefix_allowed_tokens_fn`: a token trie of the allowed answers for a `Choice` (each sample costs the
answer's few tokens plus EOS and never needs re-asking), and lm-format-enforcer's JSON-schema parser
for a `JsonSchema` (the text can only be JSON of the schema, closed before EOS is allowed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from pipeline.llm.base import (
    Backend,
    ChatRequest,
    Choice,
    Completion,
    JsonSchema,
    SamplingSpec,
    group_by_constraint,
    request_seed,
)

#: Used only when a tokenizer ships without a chat template (base models).
FALLBACK_TEMPLATE = "{system}\n\n{user}\n\nRéponse :"


class AnswerTrie:
    """Token sequences of the allowed answers; `allowed(prefix)` lists the tokens that may come next."""

    def __init__(self, sequences: list[list[int]], eos_token_id: int) -> None:
        self.eos = eos_token_id
        self.root: dict[int, dict] = {}
        for seq in sequences:
            node = self.root
            for tok in seq:
                node = node.setdefault(tok, {})
            node[eos_token_id] = {}

    def allowed(self, prefix: Sequence[int]) -> list[int]:
        node = self.root
        for tok in prefix:
            if tok not in node:
                return [self.eos]  # finished (or padded) sequence: anything is masked out afterwards
            node = node[tok]
        return list(node) or [self.eos]


def chat_prompt(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    """The model's own chat template, or a plain layout for a model without one."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    parts = {m["role"]: m["content"] for m in messages}
    return FALLBACK_TEMPLATE.format(system=parts.get("system", ""), user=parts.get("user", ""))


class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, model: Any, tokenizer: Any, model_name: str, batch_size: int = 8,
                 samples_in_one_request: bool = True, share_prefill: bool = True) -> None:
        self.lm = model.eval()
        self.tokenizer = tokenizer
        self.model = model_name
        self.batch_size = max(1, batch_size)
        self.samples_in_one_request = samples_in_one_request
        self.share_prefill = share_prefill
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        tokenizer.padding_side = "left"  # decoder-only: generated tokens must follow the prompt directly
        self._tries: dict[tuple[str, ...], AnswerTrie] = {}
        self._enforcer_data: Any = None
        # Chat models may end a turn with another token than the tokenizer's EOS (Llama 3: <|eot_id|>).
        configured = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
        extra = configured if isinstance(configured, list) else [configured]
        self.eos_ids = [tokenizer.eos_token_id, *(e for e in extra if e is not None and e != tokenizer.eos_token_id)]

    @classmethod
    def from_pretrained(cls, path: str | Path, device: str = "auto", dtype: str = "auto", batch_size: int = 8,
                        samples_in_one_request: bool = True) -> TransformersBackend:
        """Load from a local folder or the HF cache only (`local_files_only`): no network at run time."""
        from transformers import AutoModelForCausalLM, AutoTokenizer

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        torch_dtype: Any = dtype if dtype == "auto" else getattr(torch, dtype)
        tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        model = AutoModelForCausalLM.from_pretrained(str(path), local_files_only=True, dtype=torch_dtype).to(device)
        name = Path(str(path)).name if Path(str(path)).is_dir() else str(path)  # folder name, or the hub id
        return cls(model, tokenizer, name, batch_size, samples_in_one_request)

    def _trie(self, answers: tuple[str, ...]) -> AnswerTrie:
        if answers not in self._tries:
            seqs = [self.tokenizer(a, add_special_tokens=False)["input_ids"] for a in answers]
            self._tries[answers] = AnswerTrie(seqs, self.tokenizer.eos_token_id)
        return self._tries[answers]

    def json_allowed_tokens(self, constraint: JsonSchema) -> Any:
        """A `prefix_allowed_tokens_fn` that only lets JSON valid against the schema through."""
        from lmformatenforcer import CharacterLevelParserConfig, JsonSchemaParser, TokenEnforcer

        if self._enforcer_data is None:
            self._enforcer_data = enforcer_tokenizer_data(self.tokenizer, self.eos_ids)
        # At most one whitespace between JSON tokens: indentation is tokens spent on nothing.
        parser = JsonSchemaParser(constraint.schema, CharacterLevelParserConfig(max_consecutive_whitespaces=1))
        enforcer = TokenEnforcer(self._enforcer_data, parser)
        return lambda _i, ids: enforcer.get_allowed_tokens(ids.tolist()).allowed_tokens

    def chat(self, requests: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion | Exception]:
        out: list[Completion | Exception | None] = [None] * len(requests)
        for group in group_by_constraint(requests):
            for start in range(0, len(group), self.batch_size):
                batch = group[start : start + self.batch_size]
                try:
                    results: list[Completion | Exception] = list(
                        self._generate_batch([requests[i] for i in batch], sampling))
                except (RuntimeError, ValueError) as err:  # e.g. out of memory on one long report: reject the batch
                    results = [err for _ in batch]
                for i, result in zip(batch, results):
                    out[i] = result
        return [r if r is not None else RuntimeError("not generated") for r in out]

    def _generate_batch(self, batch: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion]:
        prompts = [chat_prompt(self.tokenizer, list(r.messages)) for r in batch]
        enc = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
        enc = {k: v.to(self.lm.device) for k, v in enc.items()}
        prompt_len = enc["input_ids"].shape[1]
        kwargs: dict[str, Any] = {
            "do_sample": True,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "top_k": 0,
            "max_new_tokens": sampling.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": self.eos_ids,
        }
        constraint = batch[0].constraint
        if sampling.restrict and isinstance(constraint, Choice):
            trie = self._trie(constraint.answers)
            kwargs["prefix_allowed_tokens_fn"] = lambda _i, ids: trie.allowed(ids[prompt_len:].tolist())
            kwargs["max_new_tokens"] = max(len(n) for n in _depths(trie.root))
        elif sampling.restrict and isinstance(constraint, JsonSchema):
            kwargs["prefix_allowed_tokens_fn"] = self.json_allowed_tokens(constraint)
        seed = request_seed(sampling.seed, batch[0].key, batch[0].purpose)
        rounds = [(sampling.k, seed)] if self.samples_in_one_request else [(1, seed + i) for i in range(sampling.k)]
        texts: list[list[str | None]] = [[] for _ in batch]
        tokens = [0 for _ in batch]
        for n, round_seed in rounds:
            share = self.share_prefill and n > 1 and prompt_len > 1
            extra = {"past_key_values": self.shared_prefill(enc, n)} if share else {}
            with torch.random.fork_rng(devices=[self.lm.device] if self.lm.device.type == "cuda" else []):
                torch.manual_seed(round_seed)
                with torch.no_grad():
                    seqs = self.lm.generate(**enc, num_return_sequences=n, **kwargs, **extra)
            generated = seqs[:, prompt_len:]
            for row, ids in enumerate(generated.tolist()):
                i = row // n
                texts[i].append(self.tokenizer.decode(ids, skip_special_tokens=True))
                tokens[i] += _count_generated(ids, self.eos_ids, self.tokenizer.pad_token_id)
        return [Completion(t, n) for t, n in zip(texts, tokens)]

    def shared_prefill(self, enc: dict[str, torch.Tensor], n: int) -> Any:
        """Run the prompts once and copy their KV cache n times, so the k samples share one prefill.

        `generate` with `num_return_sequences=k` would repeat every prompt k times *before* the forward
        pass; here the prompt (all but its last token, which `generate` feeds itself) is encoded once,
        with the same left-padding-aware positions `generate` uses, and the cache is expanded to B*k rows.
        """
        ids, mask = enc["input_ids"], enc["attention_mask"]
        positions = (mask.long().cumsum(-1) - 1).clamp(min=0)
        with torch.no_grad():
            out = self.lm(input_ids=ids[:, :-1], attention_mask=mask[:, :-1], position_ids=positions[:, :-1],
                          use_cache=True)
        cache = out.past_key_values
        cache.batch_repeat_interleave(n)
        return cache


def _depths(node: dict, path: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """Every root-to-leaf path of the trie (its longest one bounds max_new_tokens)."""
    if not node:
        return [path]
    return [p for tok, child in node.items() for p in _depths(child, (*path, tok))]


def _count_generated(ids: list[int], eos: list[int], pad: int | None) -> int:
    """Tokens the model really produced: up to and including the first EOS, never the padding after it."""
    for i, tok in enumerate(ids):
        if tok in eos:
            return i + 1
    if pad is not None and pad not in eos:
        return sum(t != pad for t in ids)
    return len(ids)


def enforcer_tokenizer_data(tokenizer: Any, eos_ids: list[int]) -> Any:
    """lm-format-enforcer's view of the vocabulary: (id, text, starts a word) of every regular token.

    Built here from the tokenizer's own decode (what the library's transformers integration does), so
    it works with any transformers version. Byte-level tokens that decode to a partial UTF-8 character
    are left out: their text changes once the next byte arrives, which desynchronises the parser (it
    then gives up and allows EOS inside a string). So are newlines, tabs and runs of spaces: compact
    JSON needs none of them, and a model would otherwise spend its budget on indentation.
    """
    from lmformatenforcer import TokenEnforcerTokenizerData

    special = set(tokenizer.all_special_ids)
    zero = tokenizer.encode("0", add_special_tokens=False)[-1]
    regular = []
    for idx in range(len(tokenizer)):
        if idx in special:
            continue
        after_zero = tokenizer.decode([zero, idx], clean_up_tokenization_spaces=False)[1:]
        alone = tokenizer.decode([idx], clean_up_tokenization_spaces=False)
        if "\ufffd" in alone or not alone.replace(" ", "").isprintable() or (len(alone) > 1 and not alone.strip()):
            continue  # partial UTF-8 byte, control character (newline, tab) or run of spaces: not compact JSON
        regular.append((idx, after_zero, len(after_zero) > len(alone)))

    def decode(ids: list[int]) -> str:
        # No clean-up of spaces: the parser reads new characters as the growth of this decode.
        return tokenizer.decode(ids, clean_up_tokenization_spaces=False).rstrip("\ufffd")

    return TokenEnforcerTokenizerData(regular, decode, list(eos_ids), False, len(tokenizer))

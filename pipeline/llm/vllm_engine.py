"""`vllm` backend: offline `vllm.LLM` on the hospital's GPUs (tensor parallel, quantized checkpoints).

One `SamplingParams(n=k, ...)` per request, so the k samples share the prompt's prefill (prefix
caching), and structured output: a choice among the task's answers, or a JSON schema (guided_json). vllm is imported lazily:
it pins its own torch, lives in the `[llm]` extra / the docker image, and only this backend needs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from pipeline.llm.base import Backend, ChatRequest, Choice, Completion, JsonSchema, SamplingSpec, request_seed


class VllmUnavailable(RuntimeError):
    """vllm is not installed in this environment."""


def import_vllm() -> Any:
    try:
        return importlib.import_module("vllm")
    except ImportError as err:
        raise VllmUnavailable(
            "the vllm backend needs the [llm] extra (pip install 'hospital-vlp[llm]') or the docker image"
        ) from err


def choice_constraint(vllm: Any, answers: list[str]) -> dict[str, Any]:
    """SamplingParams keyword restricting the output to `answers`, for new (>=0.12) and older vllm."""
    return _structured(vllm, choice=list(answers))


def json_constraint(vllm: Any, schema: dict[str, Any]) -> dict[str, Any]:
    """SamplingParams keyword restricting the output to JSON valid against `schema` (guided_json)."""
    return _structured(vllm, json=schema)


def _structured(vllm: Any, **kwargs: Any) -> dict[str, Any]:
    sampling_mod = importlib.import_module(f"{vllm.__name__}.sampling_params")
    if hasattr(sampling_mod, "StructuredOutputsParams"):
        return {"structured_outputs": sampling_mod.StructuredOutputsParams(**kwargs)}
    return {"guided_decoding": sampling_mod.GuidedDecodingParams(**kwargs)}


class VllmBackend(Backend):
    name = "vllm"

    def __init__(
        self,
        model: str,
        *,
        tensor_parallel_size: int = 1,
        quantization: str | None = None,
        dtype: str = "auto",
        gpu_memory_utilization: float = 0.9,
        max_model_len: int | None = None,
        seed: int = 0,
        engine: Any = None,
    ) -> None:
        self.vllm = import_vllm()
        self.model = model
        if engine is None:
            kwargs: dict[str, Any] = {
                "model": model,
                "tensor_parallel_size": tensor_parallel_size,
                "dtype": dtype,
                "gpu_memory_utilization": gpu_memory_utilization,
                "seed": seed,
                "enable_prefix_caching": True,
            }
            if quantization:
                kwargs["quantization"] = quantization
            if max_model_len:
                kwargs["max_model_len"] = max_model_len
            engine = self.vllm.LLM(**kwargs)
        self.engine = engine

    def sampling_params(self, request: ChatRequest, sampling: SamplingSpec) -> Any:
        """`SamplingParams(n=k, temperature, top_p, seed, max_tokens[, constraint])` for one request."""
        kwargs: dict[str, Any] = {
            "n": sampling.k,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "seed": request_seed(sampling.seed, request.key, request.purpose),
            "max_tokens": sampling.max_new_tokens,
        }
        if sampling.restrict and isinstance(request.constraint, Choice):
            kwargs.update(choice_constraint(self.vllm, list(request.constraint.answers)))
        elif sampling.restrict and isinstance(request.constraint, JsonSchema):
            kwargs.update(json_constraint(self.vllm, request.constraint.schema))
        return self.vllm.SamplingParams(**kwargs)

    def chat(self, requests: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion | Exception]:
        conversations = [list(r.messages) for r in requests]
        params = [self.sampling_params(r, sampling) for r in requests]
        # LLM.chat applies the model's own chat template and batches every request of the shard at once.
        outputs = self.engine.chat(conversations, sampling_params=params, use_tqdm=False)
        results: list[Completion | Exception] = []
        for out in outputs:
            completions = list(out.outputs)
            texts: list[str | None] = [c.text for c in completions]
            tokens = sum(len(getattr(c, "token_ids", ()) or ()) for c in completions)
            results.append(Completion(texts, tokens))
        return results

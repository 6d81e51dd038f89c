"""LLM backends shared by pseudo-label, structure-reports and vqa: one interface, one host allow-list.

`build_backend(settings, seed)` takes any config section with the fields `backend`, `model`,
`transformers`, `openai` and `vllm` (the pseudo-label and structure-reports sections both have them).
Heavy backends are imported lazily (torch for `transformers`, vllm for `vllm`) and cached per
process, so a worker loads its model once for all the shards and stages it runs.
"""

from __future__ import annotations

from typing import Any, Protocol

from pipeline.llm.base import (
    Backend,
    ChatRequest,
    Choice,
    Completion,
    Constraint,
    JsonSchema,
    SamplingSpec,
    request_seed,
)
from pipeline.llm.hosts import HostNotAllowed, check_host

__all__ = ["Backend", "BackendConfigError", "ChatRequest", "Choice", "Completion", "Constraint", "HostNotAllowed",
           "JsonSchema", "LLMSettings", "SamplingSpec", "build_backend", "check_backend_config", "check_host",
           "clear_backends", "request_seed"]

#: Backend names that need no model (deterministic rule-based answers).
OFFLINE_NAMES = ("rules", "offline")

_CACHE: dict[str, Backend] = {}


class BackendConfigError(ValueError):
    """The backend cannot be used as configured (missing model, refused host, missing extra)."""


class LLMSettings(Protocol):
    """What a config section must hold to build a backend."""

    backend: str
    model: str
    transformers: Any
    openai: Any
    vllm: Any

    def model_dump_json(self, **kwargs: Any) -> str: ...


def check_backend_config(cfg: LLMSettings, section: str = "pseudo_label") -> None:
    """Fail before any shard runs (and before any connection) when the backend cannot work."""
    if cfg.backend not in OFFLINE_NAMES and not cfg.model:
        raise BackendConfigError(f"{section}.model is required with the {cfg.backend!r} backend")
    if cfg.backend == "openai":
        try:
            check_host(cfg.openai.base_url, cfg.openai.allowed_hosts, cfg.openai.allow_private,
                       setting=f"{section}.openai.allowed_hosts")
        except HostNotAllowed as err:
            raise BackendConfigError(str(err)) from None
    if cfg.backend == "vllm":
        from pipeline.llm.vllm_engine import VllmUnavailable, import_vllm

        try:
            import_vllm()
        except VllmUnavailable as err:
            raise BackendConfigError(str(err)) from None


def build_backend(cfg: LLMSettings, seed: int = 0, section: str = "pseudo_label") -> Backend:
    """The configured backend, built once per process and configuration."""
    key = f"{seed}|{cfg.model_dump_json(include={'backend', 'model', 'transformers', 'openai', 'vllm'})}"
    if key in _CACHE:
        return _CACHE[key]
    check_backend_config(cfg, section)
    backend: Backend
    if cfg.backend in OFFLINE_NAMES:
        from pipeline.llm.offline import OfflineBackend

        backend = OfflineBackend(name=cfg.backend)
    elif cfg.backend == "transformers":
        from pipeline.llm.hf import TransformersBackend

        t = cfg.transformers
        backend = TransformersBackend.from_pretrained(cfg.model, device=t.device, dtype=t.dtype,
                                                      batch_size=t.batch_size,
                                                      samples_in_one_request=t.samples_in_one_request)
    elif cfg.backend == "openai":
        from pipeline.llm.openai_api import OpenAIBackend

        o = cfg.openai
        backend = OpenAIBackend(o.base_url, cfg.model, allowed_hosts=o.allowed_hosts, allow_private=o.allow_private,
                                api_key_env=o.api_key_env, choice_param=o.choice_param, timeout_s=o.timeout_s,
                                concurrency=o.concurrency)
    else:
        from pipeline.llm.vllm_engine import VllmBackend

        v = cfg.vllm
        backend = VllmBackend(cfg.model, tensor_parallel_size=v.tensor_parallel_size, quantization=v.quantization,
                              dtype=v.dtype, gpu_memory_utilization=v.gpu_memory_utilization,
                              max_model_len=v.max_model_len, seed=seed)
    _CACHE[key] = backend
    return backend


def clear_backends() -> None:
    """Close and forget every cached backend (tests; long-lived processes switching models)."""
    for backend in _CACHE.values():
        backend.close()
    _CACHE.clear()

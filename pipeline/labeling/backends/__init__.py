"""Labeling backends behind one interface, built from the stage's config section.

Heavy backends are imported lazily (torch for `transformers`, vllm for `vllm`) and cached per
process, so a worker loads its model once for all the shards it runs.
"""

from __future__ import annotations

from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.labeling.backends.base import Backend, ReportInput, Samples, SamplingSpec, request_seed

__all__ = ["Backend", "BackendConfigError", "ReportInput", "Samples", "SamplingSpec", "build_backend",
           "check_backend_config", "clear_backends", "request_seed", "sampling_spec"]

_CACHE: dict[str, Backend] = {}


class BackendConfigError(ValueError):
    """The backend cannot be used as configured (missing model, refused host, missing extra)."""


def sampling_spec(cfg: PseudoLabelConfig, seed: int) -> SamplingSpec:
    return SamplingSpec(k=cfg.k, temperature=cfg.temperature, top_p=cfg.top_p, max_new_tokens=cfg.max_new_tokens,
                        seed=seed, restrict=cfg.restrict_output)


def check_backend_config(cfg: PseudoLabelConfig) -> None:
    """Fail before any shard runs (and before any connection) when the backend cannot work."""
    if cfg.backend != "rules" and not cfg.model:
        raise BackendConfigError(f"pseudo_label.model is required with the {cfg.backend!r} backend")
    if cfg.backend == "openai":
        from pipeline.labeling.backends.openai_api import HostNotAllowed, check_host

        try:
            check_host(cfg.openai.base_url, cfg.openai.allowed_hosts, cfg.openai.allow_private)
        except HostNotAllowed as err:
            raise BackendConfigError(str(err)) from None
    if cfg.backend == "vllm":
        from pipeline.labeling.backends.vllm_engine import VllmUnavailable, import_vllm

        try:
            import_vllm()
        except VllmUnavailable as err:
            raise BackendConfigError(str(err)) from None


def build_backend(cfg: PseudoLabelConfig, seed: int = 0) -> Backend:
    """The configured backend, built once per process and configuration."""
    key = f"{seed}|{cfg.model_dump_json(include={'backend', 'model', 'transformers', 'openai', 'vllm'})}"
    if key in _CACHE:
        return _CACHE[key]
    check_backend_config(cfg)
    backend: Backend
    if cfg.backend == "rules":
        from pipeline.labeling.backends.rules import RulesBackend

        backend = RulesBackend()
    elif cfg.backend == "transformers":
        from pipeline.labeling.backends.hf import TransformersBackend

        t = cfg.transformers
        backend = TransformersBackend.from_pretrained(cfg.model, device=t.device, dtype=t.dtype,
                                                      batch_size=t.batch_size,
                                                      samples_in_one_request=t.samples_in_one_request)
    elif cfg.backend == "openai":
        from pipeline.labeling.backends.openai_api import OpenAIBackend

        o = cfg.openai
        backend = OpenAIBackend(o.base_url, cfg.model, allowed_hosts=o.allowed_hosts, allow_private=o.allow_private,
                                api_key_env=o.api_key_env, choice_param=o.choice_param, timeout_s=o.timeout_s,
                                concurrency=o.concurrency)
    else:
        from pipeline.labeling.backends.vllm_engine import VllmBackend

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

"""Labeling backends: the shared LLM backends of `pipeline.llm` with the task-sampling layer on top.

One interface and one host allow-list for every stage that calls an LLM; this package only builds
the pseudo-label section's backend and adds `sample(task, reports)` to it.
"""

from __future__ import annotations

from pipeline import llm
from pipeline.configs.pseudo_label import PseudoLabelConfig
from pipeline.labeling.backends.base import (
    ReportInput,
    Samples,
    SamplingSpec,
    TaskLabeler,
    TaskSampling,
    request_seed,
)
from pipeline.llm import BackendConfigError, clear_backends

__all__ = ["BackendConfigError", "ReportInput", "Samples", "SamplingSpec", "TaskLabeler", "TaskSampling",
           "build_backend", "check_backend_config", "clear_backends", "request_seed", "sampling_spec"]


def sampling_spec(cfg: PseudoLabelConfig, seed: int) -> SamplingSpec:
    return SamplingSpec(k=cfg.k, temperature=cfg.temperature, top_p=cfg.top_p, max_new_tokens=cfg.max_new_tokens,
                        seed=seed, restrict=cfg.restrict_output)


def check_backend_config(cfg: PseudoLabelConfig) -> None:
    """Fail before any shard runs (and before any connection) when the backend cannot work."""
    llm.check_backend_config(cfg, "pseudo_label")


def build_backend(cfg: PseudoLabelConfig, seed: int = 0) -> TaskSampling:
    """The configured backend with the labeling layer (the model is built once per process)."""
    if cfg.backend == "rules":
        from pipeline.labeling.backends.rules import RulesBackend

        return RulesBackend()
    return TaskLabeler(llm.build_backend(cfg, seed, section="pseudo_label"))

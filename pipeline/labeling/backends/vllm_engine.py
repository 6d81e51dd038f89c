"""`vllm` labeling backend: the shared `pipeline.llm.vllm_engine` backend with `sample(task, reports)`."""

from __future__ import annotations

from pipeline.labeling.backends.base import TaskSampling
from pipeline.llm import vllm_engine
from pipeline.llm.vllm_engine import VllmUnavailable, choice_constraint, import_vllm

__all__ = ["VllmBackend", "VllmUnavailable", "choice_constraint", "import_vllm"]


class VllmBackend(TaskSampling, vllm_engine.VllmBackend):
    pass

"""`openai` labeling backend: the shared `pipeline.llm.openai_api` backend with `sample(task, reports)`."""

from __future__ import annotations

from pipeline.labeling.backends.base import TaskSampling
from pipeline.llm import openai_api
from pipeline.llm.hosts import HostNotAllowed, check_host

__all__ = ["HostNotAllowed", "OpenAIBackend", "check_host"]


class OpenAIBackend(TaskSampling, openai_api.OpenAIBackend):
    pass

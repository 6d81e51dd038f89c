"""`transformers` labeling backend: the shared `pipeline.llm.hf` backend with `sample(task, reports)`."""

from __future__ import annotations

from pipeline.labeling.backends.base import TaskSampling
from pipeline.llm import hf
from pipeline.llm.hf import AnswerTrie, chat_prompt

__all__ = ["AnswerTrie", "TransformersBackend", "chat_prompt"]


class TransformersBackend(TaskSampling, hf.TransformersBackend):
    pass

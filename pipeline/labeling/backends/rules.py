"""`rules` backend: the French negation-aware keyword labeler behind the shared offline backend.

It is deterministic, so it votes once per report (k identical copies would fake an agreement):
an uncertain report is one abstention and is never kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.labeling.backends.base import ReportInput, Samples, SamplingSpec, TaskSampling
from pipeline.labeling.rules import apply_rules
from pipeline.labeling.tasks import Task
from pipeline.llm.base import ChatRequest
from pipeline.llm.offline import OfflineBackend

RULES_VERSION = "rules-fr-1"


class RulesBackend(TaskSampling, OfflineBackend):
    def __init__(self) -> None:
        OfflineBackend.__init__(self, name="rules", model=RULES_VERSION)

    def prompt_hash(self, task: Task) -> str:
        return task.rules_hash

    def requests(self, task: Task, reports: Sequence[ReportInput]) -> list[ChatRequest]:
        spec = task.rules
        assert spec is not None
        return [replace(r, offline=lambda text: apply_rules(text, spec)) for r in super().requests(task, reports)]

    def sample(self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec) -> list[Samples]:
        if task.rules is None:
            raise ValueError(f"task {task.name!r} has no 'rules' section: the rules backend cannot label it")
        return super().sample(task, reports, replace(sampling, k=1))

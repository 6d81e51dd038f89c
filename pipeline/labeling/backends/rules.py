"""`rules` backend: the French negation-aware keyword labeler behind the backend interface.

It is deterministic, so it votes once per report (k identical copies would fake an agreement):
an uncertain report is one abstention and is never kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.labeling.backends.base import Backend, ReportInput, Samples, SamplingSpec
from pipeline.labeling.rules import apply_rules
from pipeline.labeling.tasks import Task

RULES_VERSION = "rules-fr-1"


class RulesBackend(Backend):
    name = "rules"
    model = RULES_VERSION

    def prompt_hash(self, task: Task) -> str:
        return task.rules_hash

    def sample(self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec) -> list[Samples]:
        if task.rules is None:
            raise ValueError(f"task {task.name!r} has no 'rules' section: the rules backend cannot label it")
        return [Samples(votes=[apply_rules(r.text, task.rules)]) for r in reports]

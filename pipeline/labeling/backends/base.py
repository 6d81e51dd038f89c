"""Labeling on top of the shared LLM backends: a task's prompt in, k parsed votes out.

The backends themselves live in `pipeline.llm` (shared with structure-reports and vqa). This layer
only turns a task and its reports into chat requests restricted to the task's answers, and parses
the k texts of each report into votes, so that every backend hands the same `Samples` to voting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.labeling.parse import parse_answer
from pipeline.labeling.tasks import Task
from pipeline.llm.base import Backend, ChatRequest, Choice, SamplingSpec, request_seed

__all__ = ["ReportInput", "Samples", "SamplingSpec", "TaskSampling", "request_seed"]


@dataclass(frozen=True)
class ReportInput:
    """One report to label: `key` (the study id) seeds its samples, so labels do not depend on batching."""

    key: str
    text: str


@dataclass
class Samples:
    """The k answers of one report: parsed votes (None = abstention), raw malformed count, cost."""

    votes: list[str | None] = field(default_factory=list)
    malformed: int = 0
    generated_tokens: int = 0
    error: str | None = None


class TaskSampling(Backend):
    """Adds `sample(task, reports)` to an LLM backend: requests restricted to the answers, parsed votes."""

    def prompt_hash(self, task: Task) -> str:
        return task.prompt_hash

    def requests(self, task: Task, reports: Sequence[ReportInput]) -> list[ChatRequest]:
        return [ChatRequest(key=r.key, messages=tuple(task.messages(r.text)), constraint=Choice(tuple(task.answers)),
                            purpose=task.name, source=r.text) for r in reports]

    def sample(self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec) -> list[Samples]:
        """One `Samples` per report, in order; a failure of one report is reported in its `error`."""
        out: list[Samples] = []
        for result in self.chat(self.requests(task, reports), sampling):
            if isinstance(result, Exception):
                out.append(Samples(error=f"{type(result).__name__}: {result}"))
                continue
            k = sampling.k
            texts = list(result.texts[:k]) + [""] * max(0, k - len(result.texts))  # missing = abstention
            votes = [parse_answer(t, task.answers, task.synonyms) for t in texts]
            malformed = sum(v is None for v in votes)
            out.append(Samples(votes=votes, malformed=malformed, generated_tokens=result.tokens))
        return out


class TaskLabeler(TaskSampling):
    """Any shared backend (as built by `pipeline.llm.build_backend`) with the labeling methods added."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.name = backend.name
        self.model = backend.model

    def chat(self, requests, sampling):  # type: ignore[no-untyped-def]
        return self.backend.chat(requests, sampling)

    def close(self) -> None:
        self.backend.close()

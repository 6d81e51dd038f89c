"""The one interface every labeling backend implements, and what the chat-model backends share.

A backend answers one task for a batch of reports with k samples each. LLM backends turn the task's
messages into text with the model's chat template, sample k answers per report in one request
(restricted to the allowed answers when the engine can), and the answers are parsed here, so that
`rules`, `transformers`, `openai` and `vllm` all hand the same `Samples` to the voting step.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.labeling.parse import parse_answer
from pipeline.labeling.tasks import Task


@dataclass(frozen=True)
class SamplingSpec:
    """How the k answers of one report are drawn (the reference: k=3, T=0.8, top_p=0.95)."""

    k: int = 3
    temperature: float = 0.8
    top_p: float = 0.95
    max_new_tokens: int = 8
    seed: int = 0
    restrict: bool = True


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


def request_seed(seed: int, key: str, task: str) -> int:
    """A per-(report, task) seed: same samples whatever the shard, batch or worker that draws them."""
    digest = hashlib.sha256(f"{seed}|{task}|{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


class Backend(ABC):
    """Labels reports for one task; `name`, `model` and `prompt_hash` are stored with every label."""

    name: str = ""
    model: str = ""

    def prompt_hash(self, task: Task) -> str:
        return task.prompt_hash

    @abstractmethod
    def sample(self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec) -> list[Samples]:
        """One `Samples` per report, in order; a failure of one report is reported in its `error`."""

    def close(self) -> None:
        """Release what the backend holds (connections, GPU memory)."""
        return None


class ChatBackend(Backend):
    """A backend that sends chat messages to a model and parses the k texts it returns."""

    @abstractmethod
    def complete(
        self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec
    ) -> list[tuple[list[str], int] | Exception]:
        """Per report: (k generated texts, generated tokens) or the exception that stopped it."""

    def sample(self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec) -> list[Samples]:
        out: list[Samples] = []
        for result in self.complete(task, reports, sampling):
            if isinstance(result, Exception):
                out.append(Samples(error=f"{type(result).__name__}: {result}"))
                continue
            texts, tokens = result
            texts = list(texts[: sampling.k]) + [""] * max(0, sampling.k - len(texts))  # missing = abstention
            votes = [parse_answer(t, task.answers, task.synonyms) for t in texts]
            malformed = sum(v is None for v in votes)
            out.append(Samples(votes=votes, malformed=malformed, generated_tokens=tokens))
        return out

"""`offline` backend: deterministic, no model; it answers each request with the caller's own rule-based function.

The demo and the tests need the stages to run end to end without a model, yet through the same
interface as the LLMs, so that parsing, validation, retries and the guards are exercised. Each
request carries `offline`, the stage's honest rule-based answer for its source text (the keyword
labeler for a vote, a sentence-picking structurer for a structured report); this backend calls it
once: repeating a deterministic answer k times would fake an agreement.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.llm.base import Backend, ChatRequest, Completion, SamplingSpec


class OfflineBackend(Backend):
    name = "offline"

    def __init__(self, name: str = "offline", model: str = "rules-fr-1") -> None:
        self.name = name
        self.model = model

    def chat(self, requests: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion | Exception]:
        out: list[Completion | Exception] = []
        for request in requests:
            if request.offline is None:
                out.append(ValueError(f"request {request.purpose!r} has no offline answer: use an LLM backend"))
                continue
            try:
                out.append(Completion([request.offline(request.source)]))
            except (ValueError, KeyError, TypeError, RecursionError) as err:
                out.append(err)
        return out

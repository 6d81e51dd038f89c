"""The one interface every LLM backend implements (pseudo-label, structure-reports and vqa share it).

A request is a chat (system + user messages) with an optional output constraint: a choice among a
few answers (pseudo-label votes) or a JSON schema (structured reports). Backends turn the messages
into text with the model's chat template, sample k texts per request in one call (restricted to the
constraint when the engine can), and return them untouched: parsing and validation belong to the
caller, so `offline`, `transformers`, `openai` and `vllm` all hand the same `Completion` back.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SamplingSpec:
    """How the k texts of one request are drawn (pseudo-label reference: k=3, T=0.8, top_p=0.95)."""

    k: int = 3
    temperature: float = 0.8
    top_p: float = 0.95
    max_new_tokens: int = 8
    seed: int = 0
    restrict: bool = True


@dataclass(frozen=True)
class Choice:
    """Output restricted to one of `answers` (a label vote)."""

    answers: tuple[str, ...]


@dataclass(frozen=True)
class JsonSchema:
    """Output restricted to JSON valid against `schema` (guided decoding where the engine supports it)."""

    schema_json: str
    name: str = "output"

    @classmethod
    def of(cls, schema: dict[str, Any], name: str = "output") -> JsonSchema:
        return cls(json.dumps(schema, sort_keys=True, ensure_ascii=False), name)

    @property
    def schema(self) -> dict[str, Any]:
        return json.loads(self.schema_json)


Constraint = Choice | JsonSchema | None


@dataclass(frozen=True)
class ChatRequest:
    """One chat to complete. `key` and `purpose` seed the samples (same text whatever the batching);
    `source` and `offline` are what the deterministic offline backend answers from: the caller's own
    rule-based function applied to the source text (None = an abstention)."""

    key: str
    messages: tuple[dict[str, str], ...]
    constraint: Constraint = None
    purpose: str = ""
    source: str = ""
    offline: Callable[[str], str | None] | None = field(default=None, compare=False, hash=False)


@dataclass
class Completion:
    """The k texts of one request (None: the offline function abstained) and the tokens generated."""

    texts: list[str | None]
    tokens: int = 0


def request_seed(seed: int, key: str, purpose: str) -> int:
    """A per-(item, purpose) seed: same samples whatever the shard, batch or worker that draws them."""
    digest = hashlib.sha256(f"{seed}|{purpose}|{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


class Backend(ABC):
    """Completes chat requests; `name` and `model` are recorded with every output row."""

    name: str = ""
    model: str = ""

    @abstractmethod
    def chat(self, requests: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion | Exception]:
        """One result per request, in order; a failure of one request is returned, never raised."""

    def close(self) -> None:
        """Release what the backend holds (connections, GPU memory)."""
        return None


def group_by_constraint(requests: Sequence[ChatRequest]) -> list[list[int]]:
    """Indices of requests sharing one constraint, in first-seen order (one engine call per group)."""
    groups: dict[Constraint, list[int]] = {}
    for i, request in enumerate(requests):
        groups.setdefault(request.constraint, []).append(i)
    return list(groups.values())

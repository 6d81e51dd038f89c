"""`openai` backend: any OpenAI-compatible chat endpoint inside the hospital (e.g. `vllm serve`).

Reports must not leave the hospital, so the endpoint's host is checked against the one allow-list
(`pipeline.llm.hosts`) before any connection. Proxies from the environment are ignored and redirects
are not followed, so a request can only reach the host that was checked.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from pipeline.llm.base import Backend, ChatRequest, Choice, Completion, JsonSchema, SamplingSpec, request_seed
from pipeline.llm.hosts import HostNotAllowed, check_host

__all__ = ["HostNotAllowed", "OpenAIBackend", "check_host"]


class OpenAIBackend(Backend):
    """Chat completions with `n=k` samples per request and the constraint passed as structured output."""
    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        allowed_hosts: Sequence[str] = (),
        allow_private: bool = True,
        api_key_env: str | None = None,
        choice_param: str = "structured_outputs",
        timeout_s: float = 120.0,
        concurrency: int = 8,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        check_host(base_url, allowed_hosts, allow_private)
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.choice_param = choice_param
        self.concurrency = max(1, concurrency)
        headers = {"Content-Type": "application/json"}
        key = os.environ.get(api_key_env) if api_key_env else None
        if key:
            headers["Authorization"] = f"Bearer {key}"
        self.client = httpx.Client(headers=headers, timeout=timeout_s, trust_env=False, follow_redirects=False,
                                   transport=transport or httpx.HTTPTransport(retries=2))

    def request_body(self, request: ChatRequest, sampling: SamplingSpec, n: int, attempt: int) -> dict:
        """The JSON sent for one request; the k samples share one request (and the server's prompt prefill)."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": list(request.messages),
            "n": n,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_new_tokens,
            "seed": request_seed(sampling.seed, request.key, request.purpose) + attempt,
        }
        constraint = request.constraint if sampling.restrict else None
        if isinstance(constraint, Choice):
            if self.choice_param == "structured_outputs":
                body["structured_outputs"] = {"choice": list(constraint.answers)}
            elif self.choice_param == "guided_choice":
                body["guided_choice"] = list(constraint.answers)
        elif isinstance(constraint, JsonSchema):
            # vLLM >= 0.12 reads `structured_outputs`; older vLLM `guided_json`; 'none': the OpenAI-standard
            # `response_format`, which other servers (llama.cpp, TGI) understand.
            if self.choice_param == "structured_outputs":
                body["structured_outputs"] = {"json": constraint.schema}
            elif self.choice_param == "guided_choice":
                body["guided_json"] = constraint.schema
            else:
                body["response_format"] = {"type": "json_schema",
                                           "json_schema": {"name": constraint.name, "schema": constraint.schema}}
        return body

    def _one(self, request: ChatRequest, sampling: SamplingSpec) -> Completion:
        texts: list[str | None] = []
        tokens = 0
        # Some servers ignore `n` and return one choice: ask again for the missing samples (k requests at most).
        for attempt in range(sampling.k):
            body = self.request_body(request, sampling, sampling.k - len(texts), attempt)
            response = self.client.post(self.url, json=body)
            response.raise_for_status()
            data = response.json()
            for choice in data.get("choices") or []:
                content = (choice.get("message") or {}).get("content")
                texts.append(content if isinstance(content, str) else "")
            usage = data.get("usage") or {}
            tokens += int(usage.get("completion_tokens") or 0)
            if len(texts) >= sampling.k:
                break
        if not texts:
            raise ValueError("the server returned no choices")
        return Completion(texts[: sampling.k], tokens)

    def chat(self, requests: Sequence[ChatRequest], sampling: SamplingSpec) -> list[Completion | Exception]:
        def run(request: ChatRequest) -> Completion | Exception:
            try:
                return self._one(request, sampling)
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as err:
                return err

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(run, requests))

    def close(self) -> None:
        self.client.close()

"""`openai` backend: any OpenAI-compatible chat endpoint inside the hospital (e.g. `vllm serve`).

Reports must not leave the hospital, so the endpoint's host is checked before any connection:
loopback and private addresses pass by default, anything else must be listed by name or network in
`allowed_hosts`. Proxies from the environment are ignored and redirects are not followed, so a
request can only reach the host that was checked.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx

from pipeline.labeling.backends.base import ChatBackend, ReportInput, SamplingSpec, request_seed
from pipeline.labeling.tasks import Task


class HostNotAllowed(ValueError):
    """The endpoint is outside the allow-list: nothing was sent."""


def _networks(allowed: Sequence[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for entry in allowed:
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue  # a host name, compared by name
    return nets


def check_host(url: str, allowed_hosts: Sequence[str] = (), allow_private: bool = True) -> str:
    """Return the URL's host if it may receive reports, else raise HostNotAllowed (before any connection).

    Allowed: loopback and private (RFC 1918 / ULA / link-local) IP literals when `allow_private`,
    'localhost', and every host name or network listed in `allowed_hosts`. Public names are not
    resolved: a name is trusted only when listed, so DNS cannot redirect reports outside.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise HostNotAllowed(f"endpoint {url!r}: only http(s) URLs are supported")
    host = (parts.hostname or "").lower()
    if not host:
        raise HostNotAllowed(f"endpoint {url!r} has no host")
    names = {h.lower() for h in allowed_hosts}
    if host in names:
        return host
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None:
        if allow_private and host == "localhost":
            return host
        raise HostNotAllowed(
            f"host {host!r} is not in pseudo_label.openai.allowed_hosts; reports never leave the hospital, "
            "so a named host must be listed explicitly"
        )
    if allow_private and (address.is_loopback or address.is_private or address.is_link_local):
        return host
    if any(address in net for net in _networks(allowed_hosts)):
        return host
    raise HostNotAllowed(
        f"address {host} is public and not in pseudo_label.openai.allowed_hosts; reports never leave the hospital"
    )


class OpenAIBackend(ChatBackend):
    """Chat completions with `n=k` samples per request and the answers passed as a structured choice."""

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

    def request_body(self, task: Task, report: ReportInput, sampling: SamplingSpec, n: int, attempt: int) -> dict:
        """The JSON sent for one report; the k samples share one request (and the server's prompt prefill)."""
        body: dict[str, Any] = {
            "model": self.model,
            "messages": task.messages(report.text),
            "n": n,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "max_tokens": sampling.max_new_tokens,
            "seed": request_seed(sampling.seed, report.key, task.name) + attempt,
        }
        if sampling.restrict and self.choice_param == "structured_outputs":
            body["structured_outputs"] = {"choice": list(task.answers)}
        elif sampling.restrict and self.choice_param == "guided_choice":
            body["guided_choice"] = list(task.answers)
        return body

    def _one(self, task: Task, report: ReportInput, sampling: SamplingSpec) -> tuple[list[str], int]:
        texts: list[str] = []
        tokens = 0
        # Some servers ignore `n` and return one choice: ask again for the missing samples (k requests at most).
        for attempt in range(sampling.k):
            body = self.request_body(task, report, sampling, sampling.k - len(texts), attempt)
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
        return texts[: sampling.k], tokens

    def complete(
        self, task: Task, reports: Sequence[ReportInput], sampling: SamplingSpec
    ) -> list[tuple[list[str], int] | Exception]:
        def run(report: ReportInput) -> tuple[list[str], int] | Exception:
            try:
                return self._one(task, report, sampling)
            except (httpx.HTTPError, ValueError, KeyError, TypeError) as err:
                return err

        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            return list(pool.map(run, reports))

    def close(self) -> None:
        self.client.close()

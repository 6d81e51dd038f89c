"""Helpers of the pseudo-label tests: short French reports, a tiny chat LM, an OpenAI-compatible stub server."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: (report, fracture label) pairs with the phrasings the rules must get right.
SHORT_REPORTS: list[tuple[str, str | None]] = [
    ("Indication : chute, suspicion de fracture.\nRésultat : Fracture du radius distal déplacée.\n"
     "Conclusion : fracture du radius distal.", "1"),
    ("Indication : suspicion de fracture du poignet.\nRésultat : Pas de fracture visible.\n"
     "Conclusion : absence de lésion osseuse post-traumatique.", "0"),
    ("Résultat : Pas de lésion osseuse post-traumatique décelable.", "0"),
    ("Conclusion : Fracture consolidée ancienne de la clavicule. Pas de fracture récente.", "0"),
    ("Conclusion : Suspicion de fissure du scaphoïde, à recontrôler à J10.", None),
    ("Résultat : trait de fracture non visible.\nConclusion : une fracture occulte ne peut être exclue.", None),
    ("Résultat : Pas de luxation, de fracture ou d'épanchement.", "0"),
    ("Résultat : Pas de luxation, fracture de la diaphyse fémorale.", "1"),
    ("Résultat : Arthrose fémoro-tibiale interne. Pas de fracture.", "0"),
    ("Résultat : Trait de fracture du col fémoral, en cours de consolidation.", "1"),
    ("En conclusion, fracture non déplacée de la malléole externe.", "1"),
    ("Résultat : Aucune lésion osseuse traumatique récente n'est mise en évidence.", "0"),
]


@lru_cache(maxsize=1)
def tiny_chat_lm() -> tuple[Any, Any]:
    """One tiny random Llama + on-the-fly tokenizer per test session (building it costs a second)."""
    from pipeline.labeling.tasks import BUILTIN_TASKS, load_task
    from pipeline.labeling.tiny_lm import build_tiny_chat_model

    corpus = [text for text, _ in SHORT_REPORTS]
    for name in BUILTIN_TASKS:
        task = load_task(name)
        corpus += [task.system, task.user, *task.answers]
    return build_tiny_chat_model(corpus * 3, seed=0, vocab_size=400)


class ChatStub:
    """A real HTTP server on 127.0.0.1 speaking POST /v1/chat/completions; it records every request body.

    `answer(body, i)` gives the content of choice i (None: answer HTTP 500); `honour_n=False` mimics servers that ignore `n`.
    """

    def __init__(self, answer: Callable[[dict, int], str | None], honour_n: bool = True) -> None:
        self.requests: list[dict] = []
        self.answer = answer
        self.honour_n = honour_n
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server API)
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                stub.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
                if self.path != "/v1/chat/completions":
                    self._send(404, {"error": "not found"})
                    return
                n = int(body.get("n", 1)) if stub.honour_n else 1
                contents = [stub.answer(body, i) for i in range(n)]
                if any(c is None for c in contents):  # the answer function asks for a server error
                    self._send(500, {"error": "engine failure"})
                    return
                choices = [{"index": i, "message": {"role": "assistant", "content": c}, "finish_reason": "stop"}
                           for i, c in enumerate(contents)]
                self._send(200, {"id": "x", "object": "chat.completion", "model": body.get("model"),
                                 "choices": choices, "usage": {"completion_tokens": 2 * n}})

            def _send(self, status: int, data: dict) -> None:
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> ChatStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

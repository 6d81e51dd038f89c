"""Per-document resource limits for pdfminer: a cap on inflated (FlateDecode) bytes.

pdfminer inflates every stream with `zlib.decompress`, all at once: a 6 MB PDF whose streams inflate to
6 GiB ends in a MemoryError that kills the worker. pdfminer offers no hook, so `pdfminer.pdftypes` gets a
zlib stand-in that counts inflated bytes against a budget. The budget is per document and per thread
(a context variable); outside `inflate_budget()` the stand-in is plain zlib, so other users of pdfminer in
the process see no change.
"""

from __future__ import annotations

import contextlib
import contextvars
import zlib
from collections.abc import Iterator

import pdfminer.pdftypes


class InflateLimitExceeded(Exception):
    """A document's streams inflate past the configured cap (a decompression bomb or a huge document)."""


class _Budget:
    def __init__(self, limit: int):
        self.limit = limit
        self.left = limit
        self.exceeded = False

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            self.exceeded = True
            raise InflateLimitExceeded(f"streams inflate past {self.limit // 2**20} MiB")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("pdf_inflate_budget", default=None)


class _CappedDecompressor:
    """`zlib.decompressobj()` whose output is counted against the budget (pdfminer's corrupted-stream path)."""

    def __init__(self, budget: _Budget, *args, **kwargs):
        self._inner = zlib.decompressobj(*args, **kwargs)
        self._budget = budget

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        cap = self._budget.left + 1 if max_length <= 0 else min(max_length, self._budget.left + 1)
        out = self._inner.decompress(data, max(cap, 1))
        self._budget.take(len(out))
        if self._inner.unconsumed_tail and max_length <= 0:
            self._budget.take(self._budget.left + 1)
        return out

    def flush(self, *args) -> bytes:
        out = self._inner.flush(*args)
        self._budget.take(len(out))
        return out

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


class _CappedZlib:
    """The part of the zlib module pdfminer uses, with output counted when a budget is active."""

    error = zlib.error

    def __getattr__(self, name: str):
        return getattr(zlib, name)

    def decompress(self, data: bytes, *args, **kwargs) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, *args, **kwargs)
        inflater = zlib.decompressobj(*args, **kwargs)
        out = inflater.decompress(data, budget.left + 1)
        budget.take(len(out))
        if inflater.unconsumed_tail:
            budget.take(budget.left + 1)  # more output would follow: over the cap
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args, **kwargs):
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompressobj(*args, **kwargs)
        return _CappedDecompressor(budget, *args, **kwargs)


pdfminer.pdftypes.zlib = _CappedZlib()  # type: ignore[assignment]


@contextlib.contextmanager
def inflate_budget(max_bytes: int) -> Iterator[_Budget]:
    """Within this block, pdfminer may inflate at most `max_bytes` in total (raises InflateLimitExceeded).

    The returned budget's `exceeded` flag stays set even where pdfminer swallowed the exception.
    """
    budget = _Budget(max_bytes)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)

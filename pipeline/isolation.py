"""Per-item isolation: one bad input never takes a stage down.

Two levels, both usable by any stage:

- `guarded(fn, *args)`: runs `fn` in this process and turns *any* exception
  (RecursionError, MemoryError, struct.error, decoder errors...) into
  `ItemFailed(reason, detail)`; only KeyboardInterrupt/SystemExit pass.
- `LimitedWorker`: a long-lived child process with an address-space cap
  (RLIMIT_AS) and a wall-clock cap per call. It is started once and reused
  for every item (a pipe round trip per item, not a fork), and replaced only
  when an item kills it (out of memory, a segfault in a C decoder) or runs
  past its time; that item becomes `ItemFailed("exceeded memory/time limit")`.

Why a child and not just limits on the worker itself: an item that exhausts
memory or hangs inside C code cannot be interrupted from Python; only the
process holding it can be killed, and the shard's other items must survive.

    with LimitedWorker(max_memory_mb=2048, timeout_s=60) as worker:
        for path in paths:
            try:
                result = worker.call(decode, path)   # decode: a module-level function
            except ItemFailed as err:
                rejects.append((path, err.reason, err.detail))
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

LIMIT_REASON = "exceeded memory/time limit"


class ItemFailed(Exception):
    """One item could not be processed. `reason` is a short fixed phrase (safe to count in manifests);
    `detail` names the exception type and its message (it may quote the input: keep it in the vault)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


def type_name(err: BaseException) -> str:
    """'RecursionError', 'struct.error', 'numpy.UFuncTypeError': the type, with its package unless builtin."""
    module = type(err).__module__.split(".")[0]
    return type(err).__qualname__ if module == "builtins" else f"{module}.{type(err).__qualname__}"


def describe(err: BaseException) -> str:
    """'TypeName: first line of the message', capped: enough to tell bugs from bad inputs."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type_name(err)}: {text[:300]}" if text else type_name(err)


def reason_for(err: BaseException) -> str:
    """A short reason naming the kind of failure; the caller may have a better one for known errors."""
    if isinstance(err, ItemFailed):
        return err.reason
    if isinstance(err, RecursionError):
        return "structure nested too deeply (RecursionError)"
    if isinstance(err, MemoryError):
        return f"{LIMIT_REASON} (MemoryError)"
    return f"unexpected error ({type_name(err)})"


def guarded(fn: Callable[..., Any], *args: Any) -> Any:
    """Call `fn(*args)`; any exception but KeyboardInterrupt/SystemExit becomes ItemFailed."""
    try:
        return fn(*args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except ItemFailed:
        raise
    except BaseException as err:  # noqa: BLE001 - the point of this module
        raise ItemFailed(reason_for(err), describe(err)) from None


def _address_space_bytes() -> int:
    """Current virtual size of this process (the cap is added on top of what is already mapped)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _close_inherited_fds(keep: int) -> None:
    """Drop every descriptor a fork inherited but the pipe and stdio: a long-lived child must not hold
    the parent's locks (flock is shared across fork), sockets or output files after the parent let go."""
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    limit = 65536 if limit == resource.RLIM_INFINITY else min(limit, 1 << 20)
    os.closerange(3, keep)
    os.closerange(keep + 1, limit)


def _child_main(conn: Connection, max_memory_bytes: int | None) -> None:
    _close_inherited_fds(conn.fileno())
    if max_memory_bytes:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _address_space_bytes() + max_memory_bytes
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        fn, args = message
        try:
            result = ("ok", fn(*args))
        except ItemFailed as err:
            result = ("failed", err.reason, err.detail)
        except BaseException as err:  # noqa: BLE001 - reported to the parent, which decides
            result = ("failed", reason_for(err), describe(err))
        try:
            conn.send(result)
        except (MemoryError, RecursionError) as err:
            conn.send(("failed", reason_for(err), describe(err)))


class LimitedWorker:
    """A reusable child process running one call at a time under a memory and a time cap.

    `fn` passed to `call` must be picklable (a module-level function) and so must its
    arguments and result. Under the 'fork' start method (Linux default here) the child
    starts in milliseconds and shares the parent's imported modules.
    """

    def __init__(self, max_memory_mb: float | None = 2048, timeout_s: float | None = 60,
                 start_method: str | None = None):
        self.max_memory_bytes = int(max_memory_mb * 1024 * 1024) if max_memory_mb else None
        self.timeout_s = timeout_s
        self._ctx = mp.get_context(start_method or ("fork" if "fork" in mp.get_all_start_methods() else "spawn"))
        self._proc: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.restarts = 0

    def _start(self) -> None:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=_child_main, args=(child, self.max_memory_bytes), daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent

    def _kill(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._proc, self._conn = None, None

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn(*args)` in the child; its result, or ItemFailed (the child is replaced if it died)."""
        if self._proc is None or not self._proc.is_alive():
            if self._proc is not None:
                self.restarts += 1
            self._kill()
            self._start()
        assert self._conn is not None and self._proc is not None
        try:
            self._conn.send((fn, args))
            ready = self._conn.poll(self.timeout_s)
            reply = self._conn.recv() if ready else None
        except (EOFError, OSError, BrokenPipeError):
            reply = None
            ready = True
        if reply is None:
            code = self._proc.exitcode
            self._kill()
            self.restarts += 1
            why = "time limit" if not ready else f"worker died (exit code {code})"
            raise ItemFailed(LIMIT_REASON, why)
        if reply[0] == "ok":
            return reply[1]
        raise ItemFailed(reply[1], reply[2])

    def close(self) -> None:
        if self._conn is not None and self._proc is not None and self._proc.is_alive():
            try:
                self._conn.send(None)
                self._proc.join(timeout=2)
            except (OSError, BrokenPipeError):
                pass
        self._kill()

    def __enter__(self) -> LimitedWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SHARED: dict[tuple[float, float | None], LimitedWorker] = {}


def shared_worker(max_memory_mb: float | None, timeout_s: float | None) -> LimitedWorker | None:
    """One long-lived limited child per process and limits, reused across shards and stages (None: no limit).

    A fork per item would cost more than the work on small files; one child per shard worker, replaced when
    an item kills it, costs nothing measurable (bench/ingest.py)."""
    if max_memory_mb is None:
        return None
    key = (max_memory_mb, timeout_s)
    if key not in _SHARED:
        _SHARED[key] = LimitedWorker(max_memory_mb, timeout_s)
    return _SHARED[key]


def close_shared_workers() -> None:
    """Stop every shared child: none outlives the pass that needed it."""
    while _SHARED:
        _SHARED.popitem()[1].close()

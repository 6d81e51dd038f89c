"""pipeline.isolation: a limited child survives items that exhaust memory, hang, crash or raise."""

from __future__ import annotations

import os
import signal
import struct
import sys
import time

import pytest

from pipeline.isolation import LIMIT_REASON, ItemFailed, LimitedWorker, guarded


def _allocate(mb: int) -> int:
    block = bytearray(mb * 1024 * 1024)
    return len(block)


def _pid() -> int:
    return os.getpid()


def _sleep(s: float) -> str:
    time.sleep(s)
    return "woke"


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # what the kernel OOM killer or a fatal decoder crash does


def _deep(n: int) -> int:
    return _deep(n + 1)


def _struct() -> tuple:
    return struct.unpack("<H", b"\x01")


def test_memory_cap_kills_the_item_not_the_worker():
    with LimitedWorker(max_memory_mb=256, timeout_s=30) as worker:
        first = worker.call(_pid)
        assert worker.call(_allocate, 16) == 16 * 1024 * 1024
        with pytest.raises(ItemFailed) as err:
            worker.call(_allocate, 2048)
        assert err.value.reason.startswith(LIMIT_REASON)
        assert worker.call(_pid) == first  # a MemoryError is caught in the child: it lives on
        assert worker.call(_pid) != os.getpid()


def test_time_limit_and_crash_replace_the_child():
    with LimitedWorker(max_memory_mb=256, timeout_s=1) as worker:
        first = worker.call(_pid)
        with pytest.raises(ItemFailed) as err:
            worker.call(_sleep, 30)
        assert err.value.reason == LIMIT_REASON and "time" in err.value.detail
        second = worker.call(_pid)
        assert second != first
        with pytest.raises(ItemFailed) as err:
            worker.call(_killed)
        assert err.value.reason == LIMIT_REASON and "died" in err.value.detail
        assert worker.call(_sleep, 0) == "woke"
        assert worker.restarts == 2


def test_exceptions_become_reasons_naming_the_type():
    limit = sys.getrecursionlimit()
    with LimitedWorker(max_memory_mb=256, timeout_s=30) as worker:
        with pytest.raises(ItemFailed) as err:
            worker.call(_deep, 0)
        assert "RecursionError" in err.value.reason
        with pytest.raises(ItemFailed) as err:
            worker.call(_struct)
        assert err.value.reason == "unexpected error (struct.error)"
    with pytest.raises(ItemFailed) as err:
        guarded(_struct)
    assert err.value.reason == "unexpected error (struct.error)"
    assert err.value.detail.startswith("struct.error: unpack requires")
    assert sys.getrecursionlimit() == limit


def test_reading_a_small_file_reserves_its_size_not_max_file_mb(tmp_path):
    """A 10 kB file read with a 1 GiB max_file_mb fits under a 64 MB per-item cap: the read asks for the file's
    size (BufferedReader.read(n) allocates n up front, which once made every item after a deep header fail)."""
    from pipeline.stages.ingest import UnusableFile, read_regular_file

    small, big = tmp_path / "small.dcm", tmp_path / "big.dcm"
    small.write_bytes(b"\x01" * 10_000)
    big.write_bytes(b"\x02" * 3_000)
    with LimitedWorker(max_memory_mb=64, timeout_s=30) as worker:
        assert worker.call(read_regular_file, str(small), 1024**3) == b"\x01" * 10_000
        with pytest.raises(ItemFailed, match="RecursionError"):
            worker.call(_deep, 0)  # grows the child's stack, as a deeply nested DICOM header does
        assert worker.call(read_regular_file, str(small), 1024**3) == b"\x01" * 10_000
    assert read_regular_file(str(big), 3_000) == b"\x02" * 3_000  # exactly at the limit: kept whole
    with pytest.raises(UnusableFile, match="max_file_mb"):
        read_regular_file(str(big), 2_999)

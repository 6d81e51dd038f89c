"""Checks made before any work, and the run lock.

Why up front: a run that starts writing and then fails leaves half a stage
behind, and a layout mistake (the vault inside out/) puts the id key and raw
report text in the tree that may leave the hospital. Every check raises
`UnsafeRun` with one line; the CLI prints it and exits 2.

Locking (fcntl.flock on `<dir>/.pipeline.lock`, in out/ and in the vault):
- a plain run takes an EXCLUSIVE lock: a second run of any kind on the same
  out/ or vault/ is refused (or waits with `--wait`);
- array tasks (`--shard i/n`) take a SHARED lock, so the tasks of one job array
  run together; the first task writes the array's key (a hash of the resolved
  config, the stages and n) beside the lock, and a task whose key differs (an
  array with another config, e.g. `mode: redact` against `mode: surrogate`) is
  refused. Shard files of one array are independent, so shared is safe there.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pipeline.config import ConfigError, PipelineConfig
from pipeline.stage import sha

LOCK_FILE = ".pipeline.lock"
ARRAY_KEY_FILE = ".pipeline.array.json"
#: Refuse to start with less free space than this on out/ or the vault.
MIN_FREE_BYTES = 64 * 1024 * 1024


#: Lock fds this process holds. A forked child (a per-item isolation worker, a fork-started pool) would
#: otherwise share them and keep the lock after this run ends; it closes its copies at fork.
_HELD_FDS: set[int] = set()


def _close_held_in_child() -> None:
    for fd in list(_HELD_FDS):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_FDS.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


class UnsafeRun(ConfigError):
    """A layout or state the pipeline refuses to run on (one line, exit 2)."""


class RunLocked(UnsafeRun):
    """Another run holds the out/ or vault/ lock."""


def _real(path: Path) -> Path:
    return Path(os.path.realpath(os.path.abspath(path)))


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


def check_layout(cfg: PipelineConfig) -> None:
    """out/ and the vault must be apart, and out/ apart from every input folder (symlinks and `..`
    resolved): what may leave the hospital must never contain the linkage or raw inputs."""
    paths = cfg.paths
    out, vault = _real(paths.out_dir), _real(paths.vault_dir)
    if _overlap(out, vault):
        raise UnsafeRun(f"unsafe layout: paths.out_dir ({out}) and paths.vault_dir ({vault}) overlap; "
                        "the vault (id key, PHI) must not be inside out/ or contain it")
    inputs = {"paths.dicom_dir": paths.dicom_dir, "paths.pdf_dir": paths.pdf_dir,
              "paths.report_manifest": paths.report_manifest, "paths.image_manifest": paths.image_manifest}
    for name, value in inputs.items():
        if value is None:
            continue
        src = _real(value)
        for target, where in ((out, "paths.out_dir"), (vault, "paths.vault_dir")):
            inside_input = target == src or target.is_relative_to(src)
            if inside_input or (where == "paths.out_dir" and src.is_relative_to(target)):
                raise UnsafeRun(f"unsafe layout: {where} ({target}) overlaps {name} ({src})")


def check_targets(cfg: PipelineConfig, stages: Sequence[str]) -> None:
    """out/ and the vault are creatable and writable with some free space; inputs exist if ingest runs."""
    for name, path in (("paths.out_dir", cfg.paths.out_dir), ("paths.vault_dir", cfg.paths.vault_dir)):
        path = Path(path)
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700 if name == "paths.vault_dir" else 0o777)
        except OSError as err:
            raise UnsafeRun(f"{name} {path} cannot be created: {err.strerror}") from None
        probe = path / f".write-test.{os.getpid()}"
        try:
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as err:
            raise UnsafeRun(f"{name} {path} is not writable: {err.strerror}") from None
        free = shutil.disk_usage(path).free
        if free < MIN_FREE_BYTES:
            raise UnsafeRun(f"{name} {path} has only {free // (1024 * 1024)} MiB free")
    if "ingest" in stages:
        for name in ("dicom_dir", "pdf_dir", "report_manifest", "image_manifest"):
            value = getattr(cfg.paths, name)
            if value is not None and not Path(value).exists():
                raise UnsafeRun(f"paths.{name} does not exist: {value}")


def check_vault(cfg: PipelineConfig, stages: Sequence[str], new_vault: bool = False) -> None:
    """An existing run (out/ has manifests) needs its vault's id key: without it new ids would be made
    silently and linkage to earlier exports lost (an unmounted vault looks like an empty folder).
    Only stages that use the key are concerned: a training server may hold out/ and no vault."""
    from pipeline.ids import KEY_FILE
    from pipeline.stages import DECLARATIONS

    if not any(DECLARATIONS[s].uses_vault_key for s in stages if s in DECLARATIONS):
        return
    out, vault = Path(cfg.paths.out_dir), Path(cfg.paths.vault_dir)
    has_run = any((out / "_stages").glob("*/_manifest.json")) if (out / "_stages").exists() else False
    if has_run and not (vault / KEY_FILE).is_file() and not new_vault:
        raise UnsafeRun(f"{out} holds an earlier run but the vault {vault} has no id key (not mounted?); "
                        "mount the vault, or pass --new-vault to start new ids (linkage to earlier exports is lost)")


def _try_lock(fd: int, mode: int, wait: bool) -> bool:
    try:
        fcntl.flock(fd, mode | (0 if wait else fcntl.LOCK_NB))
        return True
    except OSError as err:
        if err.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise


@contextmanager
def _dir_lock(folder: Path, array_key: str | None, wait: bool, poll_s: float) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    _HELD_FDS.add(fd)
    try:
        while True:
            if array_key is None:
                got = _try_lock(fd, fcntl.LOCK_EX, wait)
                problem = "another pipeline run is using it"
            else:
                got, problem = _join_array(folder, fd, array_key)
            if got:
                break
            if not wait:
                raise RunLocked(f"{folder} is locked: {problem} (use --wait to wait for it)")
            time.sleep(poll_s)
        yield
    finally:
        _HELD_FDS.discard(fd)
        os.close(fd)  # releases the lock


def _join_array(folder: Path, fd: int, key: str) -> tuple[bool, str]:
    """Shared lock for an array task; the first task of an array records its key, later ones must match."""
    meta = os.open(folder / (LOCK_FILE + ".meta"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(meta, fcntl.LOCK_EX)  # serialises joining, held briefly
        key_file = folder / ARRAY_KEY_FILE
        if _try_lock(fd, fcntl.LOCK_EX, False):  # nobody else: we open a new array
            key_file.write_text(json.dumps({"array": key}))
            fcntl.flock(fd, fcntl.LOCK_SH)
            return True, ""
        if not _try_lock(fd, fcntl.LOCK_SH, False):
            return False, "a run that is not an array task is using it"
        try:
            current = json.loads(key_file.read_text()).get("array")
        except (OSError, ValueError):
            current = None
        if current != key:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False, "array tasks of another configuration or stage list are running on it"
        return True, ""
    finally:
        os.close(meta)


@contextmanager
def run_lock(cfg: PipelineConfig, stages: Sequence[str], shard: tuple[int, int] | None = None, *,
             wait: bool = False, poll_s: float = 2.0) -> Iterator[None]:
    """Hold the out/ and vault/ locks for a run (see the module docstring for shared vs exclusive)."""
    key = None
    if shard is not None:
        key = sha({"config": cfg.model_dump(mode="json"), "stages": list(stages), "n": shard[1]})
    with ExitStack() as stack:
        for folder in (Path(cfg.paths.out_dir), Path(cfg.paths.vault_dir)):
            stack.enter_context(_dir_lock(folder, key, wait, poll_s))
        yield


def preflight(cfg: PipelineConfig, stages: Sequence[str], *, new_vault: bool = False) -> None:
    """Every check that needs no lock: layout, targets, vault key."""
    check_layout(cfg)
    check_targets(cfg, stages)
    check_vault(cfg, stages, new_vault)

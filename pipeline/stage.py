"""Stage declarations and what their fingerprint is made of.

Why a declaration apart from the stage's code: the executor, `pipeline status`
and the tests must know what a stage reads, writes and depends on without
running it (and without importing torch). A stage's fingerprint then hashes
the *content* of everything it depends on:

- its config section (as the stage sees it),
- every external file it reads (deduce_fr config and lookup lists, task/prompt
  YAML files, model weights folders), found through a function of the config,
- the *source* of the code it depends on: every file of a source package, or the
  RECORD (per-file sha256) of an installed distribution,
- the fingerprints of the stages that wrote its inputs.

Any change re-runs the stage; its new fingerprint then changes its outputs'
producer fingerprint, so everything downstream re-runs too.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

#: Files larger than this are fingerprinted by size + first and last MiB (model weights: GBs).
FULL_HASH_LIMIT = 64 * 1024 * 1024
_EDGE = 1024 * 1024
#: File name endings that a config value may point at (lookup lists, task files, configs).
_REFERENCED_SUFFIXES = (".txt", ".tsv", ".csv", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Pass:
    """An internal pass of a stage (e.g. `ingest.index`): its own manifest, tables and inputs."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]


@dataclass(frozen=True)
class HandOver:
    """A stage that takes over the rows of an input table, so that they are stored once.

    Each shard of the stage reads exactly one part of `source` and writes every one of its rows, whole, to
    exactly one of the `into` tables (filter-images: ingested_images -> images (kept, out/) or
    dropped_images (the rest, vault/)); `key` identifies a row. Once the shard is committed the part is
    released: its producer's shard marker records the receiving files, and the part file is deleted
    (`pipeline.handover`). The producer's marker still accepts the part, so the producer is not redone.
    """

    source: str
    into: tuple[str, ...]
    key: str


@dataclass(frozen=True)
class Stage:
    """What a stage reads, writes and depends on; declared once in `pipeline.stages.DECLARATIONS`.

    `files(cfg)` returns {label: path} of external files (or folders) whose content the stage's
    output depends on; the label is what `pipeline status` prints ("deduce_fr config changed").
    `code` lists importable package/module names (the stage module is always included).
    `config(cfg)` returns the config section as the stage hashes it (default: the section itself).
    """

    name: str
    module: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    config_section: str | None
    code: tuple[str, ...] = ()
    passes: tuple[Pass, ...] = ()
    files: Callable[[Any], dict[str, Path]] | None = None
    config: Callable[[Any], Any] | None = None
    #: Uses the vault's secret id key (new ids, surrogate seeds): a new key re-runs it, and a run of it
    #: on an out/ whose vault key is missing is refused.
    uses_vault_key: bool = False
    #: Takes over its input's rows (stored once, see `HandOver`).
    hands_over: HandOver | None = None
    notes: str = field(default="", compare=False)

    @property
    def code_modules(self) -> tuple[str, ...]:
        own = f"pipeline.stages.{self.module}"
        return (own, *[m for m in self.code if m != own])

    def section(self, cfg: Any) -> Any:
        if self.config is not None:
            return self.config(cfg)
        return getattr(cfg, self.config_section) if self.config_section else None

    def external_files(self, cfg: Any) -> dict[str, Path]:
        return dict(self.files(cfg)) if self.files else {}

    def pass_named(self, name: str) -> Pass | None:
        if name == self.name:
            return Pass(self.name, self.inputs, self.outputs)
        return next((p for p in self.passes if p.name == name), None)

    def all_outputs(self) -> tuple[str, ...]:
        return (*self.outputs, *[t for p in self.passes for t in p.outputs])


# ---- hashing ------------------------------------------------------------------------------------------

def sha(data: Any) -> str:
    """Short stable hash of JSON-able data."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def config_dump(section: BaseModel | dict | None) -> Any:
    if section is None:
        return None
    if isinstance(section, BaseModel):
        return section.model_dump(mode="json")
    return section


def file_digest(path: Path) -> str:
    """Content hash of a file; very large files (weights) by size + first and last MiB, so that a
    status check stays fast. A folder hashes its files' relative names and digests."""
    path = Path(path)
    if path.is_dir():
        entries = [(str(p.relative_to(path)), file_digest(p)) for p in sorted(path.rglob("*"))
                   if p.is_file() and not _ignored(p.relative_to(path))]
        return sha(entries)
    if not path.is_file():
        return "missing"
    size = path.stat().st_size
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        if size <= FULL_HASH_LIMIT:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        else:
            h.update(str(size).encode())
            h.update(fh.read(_EDGE))
            fh.seek(size - _EDGE)
            h.update(fh.read(_EDGE))
    return h.hexdigest()[:32]


def _ignored(rel: Path) -> bool:
    return any(part == "__pycache__" or part.startswith(".") for part in rel.parts) or rel.suffix in (".pyc", ".pyo")


def _installed(path: Path) -> bool:
    return any(part in ("site-packages", "dist-packages") for part in path.parts)


@cache
def _distribution_record(top: str) -> str | None:
    """RECORD of the installed distribution(s) providing top-level package `top` (file hashes)."""
    from importlib.metadata import PackageNotFoundError, distribution, packages_distributions

    try:  # the common case (pyarrow, pydicom, timm...): the distribution is named like the package
        names = [distribution(top).metadata["Name"]]
    except PackageNotFoundError:  # open_clip -> open_clip_torch, pdfminer -> pdfminer.six: scan all
        names = packages_distributions().get(top, [])
    texts = []
    for name in sorted(set(names)):
        dist = distribution(name)
        record = dist.read_text("RECORD")
        if record and any(line.startswith(f"{top}/") for line in record.splitlines()):
            texts.append(f"{name}=={dist.version}\n{record}")
    return sha(texts) if texts else None


def code_digest(module: str) -> str:
    """Hash of a module's source: the files of a source package (or module file), or the RECORD of the
    installed distribution that provides it. 'absent' when it cannot be imported here."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return "absent"
    if spec.submodule_search_locations:
        root = Path(next(iter(spec.submodule_search_locations)))
    elif spec.origin and spec.origin not in ("built-in", "frozen"):
        root = Path(spec.origin)
    else:
        return "builtin"
    if _installed(root):
        record = _distribution_record(module.split(".")[0])
        if record:
            return record
    if root.is_dir():
        entries = [(str(p.relative_to(root)), file_digest(p)) for p in sorted(root.rglob("*"))
                   if p.is_file() and not _ignored(p.relative_to(root))]
        return sha(entries)
    return file_digest(root)


def code_digests(modules: Iterable[str]) -> dict[str, str]:
    return {m: code_digest(m) for m in modules}


def files_digests(files: dict[str, Path]) -> dict[str, str]:
    return {label: file_digest(path) for label, path in sorted(files.items())}


def yaml_referenced_files(config: Path, search: Iterable[Path] = (), label: str = "") -> dict[str, Path]:
    """A YAML config and every file it names (lookup lists, task files): {label: path}.

    A string value ending in a known suffix is looked up next to the config, then in `search`
    (the way deduce_fr resolves its lookups). Files found only in a package folder are covered
    by that package's code digest anyway; listing them again is harmless.
    """
    config = Path(config)
    label = label or config.name
    found: dict[str, Path] = {label: config}
    if not config.is_file():
        return found
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return found
    for value in _strings(data):
        if not value.lower().endswith(_REFERENCED_SUFFIXES):
            continue
        for base in (config.parent, *search):
            candidate = Path(value) if Path(value).is_absolute() else Path(base) / value
            if candidate.is_file():
                found[f"{label} file {value}"] = candidate
                break
    return found


def _strings(data: Any) -> Iterable[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)

"""Reading the hospital's CSV manifests (paths.report_manifest, paths.image_manifest), validated up front.

Why up front: a manifest in the wrong encoding, with another delimiter or
without a `path` column does not make one bad row, it makes every file of the
run "without a row". Such problems stop the run before any work with one line
saying what to fix (a ConfigError: exit code 2 from the CLI), never a traceback.

Path rule (one rule, documented in PathsConfig and the README): a relative
`path` in a manifest is relative to the folder holding the manifest file; the
file it names must lie inside the tree the manifest describes (pdf_dir for
reports, dicom_dir for plain images). Rows naming a file elsewhere are
ignored and counted.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import ConfigError

DELIMITERS = (",", ";", "\t", "|")


@dataclass
class ManifestRows:
    """Rows keyed by the resolved path of the file they describe."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    conflicts: dict[str, str] = field(default_factory=dict)  # path -> reject reason
    stats: dict[str, int] = field(default_factory=dict)


def _decode(data: bytes, path: Path, encodings: list[str]) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict") if _utf8_ok(data[3:]) else _fail_decode(data, path, ["utf-8"])
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return _fail_decode(data, path, encodings)


def _utf8_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _fail_decode(data: bytes, path: Path, encodings: list[str]) -> str:
    try:
        data.decode("utf-8")
        where = ""
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        where = f" (byte 0x{data[err.start]:02x} on line {line})"
    raise ConfigError(
        f"manifest {path}: not readable as {' or '.join(encodings)}{where}; name its encoding in "
        f"ingest.manifest_encodings, e.g. ['utf-8', 'cp1252']"
    )


def _delimiter(header: str, path: Path, required: tuple[str, ...]) -> str:
    """The delimiter that makes the header hold the required columns (comma, semicolon, tab, pipe)."""
    best = None
    for delim in DELIMITERS:
        columns = [c.strip().lower() for c in next(csv.reader([header], delimiter=delim))]
        if all(r in columns for r in required):
            return delim
        if best is None and len(columns) > 1:
            best = columns
    shown = ", ".join(best or [header.strip()[:60]])
    raise ConfigError(
        f"manifest {path}: needs columns {', '.join(required)} (comma, semicolon or tab separated); "
        f"header has: {shown[:200]}"
    )


def read_manifest(path: Path | None, tree: Path | None, required: tuple[str, ...], *,
                  encodings: list[str], max_field_chars: int, conflicts: str) -> ManifestRows:
    """Validate and read one manifest. `tree`: the folder every listed file must lie in."""
    result = ManifestRows()
    if path is None:
        return result
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"manifest not found: {path} (paths.* in the config)")
    data = path.read_bytes()
    text = _decode(data, path, encodings)
    if not text.strip():
        raise ConfigError(f"manifest {path}: empty file (expected a header line with {', '.join(required)})")
    header = text.lstrip("\ufeff").splitlines()[0]
    delim = _delimiter(header, path, required)
    tree_real = Path(tree).resolve() if tree else None
    base = path.parent.resolve()
    seen: dict[str, tuple[int, str]] = {}
    clashes: list[tuple[int, int]] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max_field_chars)
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delim)
        reader.fieldnames = [(c or "").strip().lower() for c in (reader.fieldnames or [])]
        for row in reader:
            line = reader.line_num
            clean = {k: (v or "").strip() for k, v in row.items() if k and isinstance(v, str)}
            raw = clean.get("path", "")
            if not raw:
                result.stats["manifest_rows_without_path"] = result.stats.get("manifest_rows_without_path", 0) + 1
                continue
            target = Path(os.path.normpath(raw if os.path.isabs(raw) else base / raw))
            target = target.resolve() if target.exists() or target.is_symlink() else target
            if tree_real is not None and not target.is_relative_to(tree_real):
                result.stats["manifest_rows_outside_tree"] = result.stats.get("manifest_rows_outside_tree", 0) + 1
                continue
            key = str(target)
            if key in seen:
                first_line, patient = seen[key]
                if patient != clean.get("patient_id", ""):
                    clashes.append((first_line, line))
                    result.conflicts[key] = "manifest rows give different patient ids for this file"
                else:
                    result.stats["manifest_duplicate_rows"] = result.stats.get("manifest_duplicate_rows", 0) + 1
                continue
            seen[key] = (line, clean.get("patient_id", ""))
            result.rows[key] = clean
    except csv.Error as err:
        raise ConfigError(
            f"manifest {path}: line {reader.line_num}: {err} (ingest.manifest_max_field_chars={max_field_chars})"
        ) from None
    finally:
        csv.field_size_limit(old_limit)
    if clashes and conflicts == "error":
        shown = ", ".join(f"lines {a} and {b}" for a, b in clashes[:3])
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        raise ConfigError(
            f"manifest {path}: the same file is listed with different patient ids ({shown}{more}); "
            f"fix the export or set ingest.manifest_conflicts: reject"
        )
    for key in result.conflicts:
        result.rows.pop(key, None)
    return result

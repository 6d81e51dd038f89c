"""New identifiers: keyed hashes of the original ones.

Why keyed: ids must be the same for a patient seen in different shards,
processes and re-runs (no global pass, no lock), yet unlinkable to the
original without the key. The key is random, created once and kept only in
the vault; whoever holds out/ alone cannot recompute the mapping.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = "id_key.bin"


def load_or_create_key(vault_dir: Path) -> bytes:
    path = vault_dir / KEY_FILE
    if path.exists():
        return path.read_bytes()
    key = secrets.token_bytes(32)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    try:
        os.link(tmp, path)  # atomic "create if absent": two workers never end up with two keys
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_bytes()


def new_id(key: bytes, kind: str, original: str, length: int = 16) -> str:
    digest = hmac.new(key, f"{kind}\x00{original}".encode(), hashlib.sha256).hexdigest()
    return digest[:length]

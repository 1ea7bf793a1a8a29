"""Signing keys, each derived for one purpose from one shared secret.

``settings.secret_key`` may be empty; then every process shares a random key
file under the data directory.  Each user (mock login tokens, the admin's
session cookie …) derives its own sub-key, so a token from one is useless to
another.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

KEY_FILE_NAME = "secret.key"


def _read_or_create(path: Path) -> bytes:
    """Return the key file's bytes, creating it (mode 0600) if no process has yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be between create and write
            data = path.read_bytes().strip()
            if data:
                return data
            time.sleep(0.02)
        raise RuntimeError(f"secret key file {path} is empty") from None
    data = secrets.token_hex(32).encode()
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return data


def derived_key(purpose: bytes, secret_key: str, data_path: Path) -> bytes:
    """The HMAC key for ``purpose``, from the configured secret or the shared key file."""
    base = secret_key.encode() if secret_key else _read_or_create(data_path / KEY_FILE_NAME)
    return hmac.new(base, purpose, hashlib.sha256).digest()

"""The key that signs login tokens, derived so it never equals the shared secret.

``settings.secret_key`` may be empty; then every process shares a random key
file under the data directory.  The mock derives its own sub-key from either
source, so a token it issues is useless to the gateway and vice versa.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

KEY_FILE_NAME = "secret.key"
_PURPOSE = b"isz-mock-services/login-token/v1"


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


def token_key(secret_key: str | None = None, data_path: Path | None = None) -> bytes:
    """The HMAC key for mock login tokens, from the setting or the key file."""
    if secret_key is None or data_path is None:
        from bot.settings import settings

        secret_key = settings.secret_key if secret_key is None else secret_key
        data_path = settings.data_path if data_path is None else data_path
    base = secret_key.encode() if secret_key else _read_or_create(data_path / KEY_FILE_NAME)
    return hmac.new(base, _PURPOSE, hashlib.sha256).digest()

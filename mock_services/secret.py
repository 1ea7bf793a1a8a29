"""The key that signs mock login tokens (its own purpose: useless to other processes)."""
from __future__ import annotations

from pathlib import Path

from bot.secret_keys import KEY_FILE_NAME, derived_key

__all__ = ["KEY_FILE_NAME", "token_key"]
_PURPOSE = b"isz-mock-services/login-token/v1"


def token_key(secret_key: str | None = None, data_path: Path | None = None) -> bytes:
    """The HMAC key for mock login tokens, from the setting or the key file."""
    if secret_key is None or data_path is None:
        from bot.settings import settings

        secret_key = settings.secret_key if secret_key is None else secret_key
        data_path = settings.data_path if data_path is None else data_path
    return derived_key(_PURPOSE, secret_key, data_path)

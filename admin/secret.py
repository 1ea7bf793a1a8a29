"""The key that signs the admin's session cookie, derived so it equals no other process's key."""
from __future__ import annotations

from bot.secret_keys import derived_key
from bot.settings import Settings

_PURPOSE = b"isz-admin/session-cookie/v1"


def session_key(settings: Settings) -> bytes:
    return derived_key(_PURPOSE, settings.secret_key, settings.data_path)

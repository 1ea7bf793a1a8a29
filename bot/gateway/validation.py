"""Request validation for the chat API (limits from chat_api.md)."""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Optional

from aiohttp import web

from bot.gateway.errors import ApiError

MAX_BODY_BYTES = 8 * 1024
MAX_TEXT_CHARS = 500
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MODES = ("standard", "senior")


async def read_json(request: web.Request) -> dict[str, Any]:
    """The JSON object body, refusing bodies over 8 KiB before reading them whole."""
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(413, "too_large")
    raw = await request.content.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, "too_large")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ApiError(400, "invalid_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json")
    return body


def session_id_of(value: Any) -> str:
    if not isinstance(value, str) or not SESSION_ID.match(value):
        raise ApiError(400, "invalid_session")
    return value


def clean_text(value: Any) -> str:
    """Drop control and format characters (keep line breaks), trim, check 1-500 chars."""
    if not isinstance(value, str):
        raise ApiError(400, "empty_text")
    kept = "".join(ch for ch in value
                   if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    text = re.sub(r"[ \t]+", " ", kept).strip()
    if not text:
        raise ApiError(400, "empty_text")
    if len(text) > MAX_TEXT_CHARS:
        raise ApiError(400, "text_too_long")
    return text


def mode_of(value: Any) -> Optional[str]:
    if value is None:
        return None
    if value not in MODES:
        raise ApiError(400, "invalid_mode")
    return value

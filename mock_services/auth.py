"""Login tokens: HMAC-SHA256 signed, expiring, bound to one demo persona.

Format ``v1.<payload>.<signature>`` (both base64url), payload
``{"sub": persona_id, "iat": epoch, "exp": epoch}``.  Stateless on purpose: the
mock can restart without logging the widget out.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from aiohttp import web

from mock_services.errors import ApiError

VERSION = "v1"
_CHALLENGE = {"WWW-Authenticate": "Bearer"}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, message: str) -> str:
    return _b64(hmac.new(key, message.encode(), hashlib.sha256).digest())


def issue(key: bytes, persona_id: str, now: datetime, ttl_hours: float) -> tuple[str, datetime]:
    """A token for ``persona_id`` valid from ``now`` for ``ttl_hours``; returns (token, expires_at)."""
    expires = now + timedelta(hours=ttl_hours)
    payload = _b64(json.dumps({"sub": persona_id, "iat": int(now.timestamp()),
                               "exp": int(expires.timestamp())}, separators=(",", ":")).encode())
    body = f"{VERSION}.{payload}"
    return f"{body}.{_sign(key, body)}", expires


def unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers=_CHALLENGE)


def verify(key: bytes, token: str, now: datetime) -> str:
    """The persona id inside a valid token; 401 for a forged, malformed or expired one."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != VERSION:
        raise unauthorized("invalid_token", "登录凭证无效，请重新登录")
    body = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(key, body), parts[2]):
        raise unauthorized("invalid_token", "登录凭证无效，请重新登录")
    try:
        claims = json.loads(_unb64(parts[1]))
        subject, expires = str(claims["sub"]), int(claims["exp"])
    except (ValueError, KeyError, TypeError):
        raise unauthorized("invalid_token", "登录凭证无效，请重新登录") from None
    if now.timestamp() >= expires:
        raise unauthorized("token_expired", "登录已过期，请重新登录")
    return subject


def bearer_token(request: web.Request) -> str | None:
    """The token of an ``Authorization: Bearer …`` header; None when the header is absent."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("invalid_token", "登录凭证格式不正确，应为 Bearer 令牌")
    return token.strip()

"""Who may use a chat session: the client that started it.

The first reply issues a random client secret in an HttpOnly cookie (and the
``X-Session-Secret`` header for non-browser clients); a session id alone, sent
by anyone else, opens nothing.
"""
from __future__ import annotations

import asyncio
from typing import Optional

from aiohttp import web

from bot.gateway.errors import ApiError
from bot.gateway.ratelimit import SlidingWindowLimiter
from bot.gateway.store import ChatStore, Session, new_secret

COOKIE = "isz_client"
HEADER = "X-Session-Secret"


def client_secret(request: web.Request) -> Optional[str]:
    return request.headers.get(HEADER) or request.cookies.get(COOKIE)


def client_address(request: web.Request) -> str:
    return request.remote or "unknown"


class SessionGuard:
    def __init__(self, store_getter, per_session: int, per_address: int) -> None:  # noqa: ANN001
        self._store_getter = store_getter
        self.session_limiter = SlidingWindowLimiter(per_session)
        self.address_limiter = SlidingWindowLimiter(per_address)

    @property
    def store(self) -> ChatStore:
        return self._store_getter()

    def check_rate(self, request: web.Request, session_id: str) -> None:
        for limiter, key in ((self.address_limiter, client_address(request)),
                             (self.session_limiter, session_id)):
            wait = limiter.check(key)
            if wait is not None:
                raise ApiError(429, "rate_limited", retry_after=wait)

    async def existing(self, request: web.Request, session_id: str) -> Optional[Session]:
        _, session = await asyncio.to_thread(self.store.get_session, session_id, client_secret(request))
        return session

    async def open(self, request: web.Request, session_id: str,
                   mode: Optional[str]) -> tuple[Session, Optional[str]]:
        """The caller's session, created on first use; (session, secret to hand out)."""
        secret = client_secret(request)
        exists, session = await asyncio.to_thread(self.store.get_session, session_id, secret)
        if exists and session is None:
            raise ApiError(403, "forbidden")
        issued = None
        if session is None:
            issued = secret or new_secret()
            session = await asyncio.to_thread(self.store.create_session, session_id, issued, mode or "standard")
        elif mode and mode != session.mode:
            session.mode = mode
            await asyncio.to_thread(self.store.update_session, session_id, mode=mode)
        return session, issued

    @staticmethod
    def remember(response: web.Response, secret: Optional[str]) -> None:
        if secret:
            response.set_cookie(COOKIE, secret, httponly=True, samesite="Strict", path="/api",
                                max_age=30 * 24 * 3600)
            response.headers[HEADER] = secret

"""Demo login: the widget picks a persona of the mock government backend.

The gateway keeps the backend's token server-side in the chat session and
passes it to Rasa as message metadata, so the chat never needs an ID number.
"""
from __future__ import annotations

import asyncio
import logging

import aiohttp
from aiohttp import web

from bot.gateway.errors import ApiError, dumps
from bot.gateway.sessions import SessionGuard
from bot.gateway.validation import read_json, session_id_of

logger = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=3)


def _public(persona: dict) -> dict:
    """What the widget may show of a demo citizen (the backend already masks identities)."""
    return {"id": persona.get("id"), "name": persona.get("display_name") or persona.get("name"),
            "description": persona.get("description", "")}


class LoginHandlers:
    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.guard: SessionGuard = app["sessions"]
        self.backend = app["settings"].mock_url

    async def _backend(self, method: str, path: str, **kwargs) -> dict:  # noqa: ANN003
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as client:
                async with client.request(method, f"{self.backend}{path}", **kwargs) as response:
                    body = await response.json(content_type=None)
                    if response.status >= 400:
                        raise ApiError(404 if response.status == 404 else 503, "login_failed")
                    return body or {}
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            logger.warning("Mock backend unreachable for %s", path)
            raise ApiError(503, "login_failed") from None

    async def personas(self, _: web.Request) -> web.Response:
        body = await self._backend("GET", "/personas")
        return web.json_response({"personas": [_public(p) for p in body.get("personas", [])]}, dumps=dumps)

    async def login(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        persona_id = body.get("persona_id")
        if not isinstance(persona_id, str) or not persona_id:
            raise ApiError(400, "invalid_json")
        session, issued = await self.guard.open(request, session_id, None)
        result = await self._backend("POST", "/auth/login", json={"persona_id": persona_id})
        persona = _public(result.get("persona") or {"id": persona_id})
        await asyncio.to_thread(self.app["store"].update_session, session_id, persona_id=persona_id,
                                persona_name=persona["name"], login_token=result.get("token"))
        response = web.json_response({"persona": persona}, dumps=dumps)
        self.guard.remember(response, issued)
        return response

    async def logout(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        if await self.guard.existing(request, session_id) is None:
            raise ApiError(403, "forbidden")
        await asyncio.to_thread(self.app["store"].update_session, session_id, persona_id=None,
                                persona_name=None, login_token=None)
        return web.json_response({"ok": True})


def setup_routes(app: web.Application) -> None:
    handlers = LoginHandlers(app)
    app.router.add_get("/api/personas", handlers.personas)
    app.router.add_post("/api/login", handlers.login)
    app.router.add_post("/api/logout", handlers.logout)

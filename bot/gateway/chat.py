"""The chat API: POST /api/chat, GET /api/history, feedback, rating, reset.

One turn: validate → rate-limit → mask identifiers → store the user's line →
Rasa → store and return the bot's lines with ``meta``.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

from aiohttp import web

from bot.gateway.errors import ApiError, dumps, json_error
from bot.gateway.rasa_client import RasaUnavailable
from bot.gateway.sessions import SessionGuard
from bot.gateway.validation import clean_text, mode_of, read_json, session_id_of
from bot.masking import mask_pii

logger = logging.getLogger(__name__)

NOTICE_ACTIONS_DOWN = {
    "text": "抱歉，查询系统暂时没有响应，我现在无法回答这个问题。请稍后再试，或拨打12345政务服务便民热线。",
    "buttons": [{"title": "再试一次", "payload": "再说一遍"}],
    "meta": {"kind": "fallback", "category": None, "service_id": None},
}


def _public(message: dict[str, Any], message_id: int) -> dict[str, Any]:
    return {"id": message_id, "text": message["text"], "buttons": message.get("buttons") or [],
            "meta": message["meta"]}


def _displayed_user_text(text: str, last_bot: list[dict[str, Any]]) -> str:
    """A pressed button sends its payload; the transcript should show its title."""
    for message in last_bot:
        for button in message.get("buttons") or []:
            if button.get("payload") == text:
                return str(button.get("title") or text)
    return text


class ChatHandlers:
    def __init__(self, app: web.Application) -> None:
        self.app = app
        self.guard: SessionGuard = app["sessions"]

    @property
    def store(self):  # noqa: ANN201 - ChatStore, kept lazy for tests that swap it
        return self.app["store"]

    async def chat(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        text = clean_text(body.get("text"))
        mode = mode_of(body.get("mode"))
        self.guard.check_rate(request, session_id)
        session, new_secret = await self.guard.open(request, session_id, mode)

        masked = mask_pii(text)
        metadata = {"mode": session.mode, "login_token": session.login_token,
                    "persona": session.persona_name}
        try:
            replies = await self.app["rasa"].send(session_id, masked, metadata)
        except RasaUnavailable:
            # Nothing is stored: the widget puts the text back in the input to resend.
            error = json_error(503, "unavailable")
            self.guard.remember(error, new_secret)  # the retry must still own the session
            return error
        if not replies:
            replies = [NOTICE_ACTIONS_DOWN]
        history = await asyncio.to_thread(self.store.history, session_id, 10)
        last_bot = [m for m in history if m["role"] == "bot"][-3:]
        await asyncio.to_thread(self.store.add_message, session_id, "user",
                                _displayed_user_text(masked, last_bot))

        out = []
        for reply in replies:
            custom = reply.get("custom") or {}
            if custom.get("mode") in ("standard", "senior") and custom["mode"] != session.mode:
                session.mode = custom["mode"]
                await asyncio.to_thread(self.store.update_session, session_id, mode=session.mode)
            if not reply.get("text") and not reply.get("buttons"):
                continue
            reply = {**reply, "text": mask_pii(reply.get("text") or "")}
            message_id = await asyncio.to_thread(self.store.add_message, session_id, "bot", reply["text"],
                                                 reply.get("buttons"), reply["meta"])
            out.append(_public(reply, message_id))
        response = web.json_response({"session_id": session_id, "messages": out, "mode": session.mode},
                                     dumps=dumps)
        self.guard.remember(response, new_secret)
        return response

    async def history(self, request: web.Request) -> web.Response:
        session_id = session_id_of(request.query.get("session_id"))
        session = await self.guard.existing(request, session_id)
        if session is None:  # unknown or not this client's: reveal nothing
            return web.json_response({"session_id": session_id, "messages": [], "mode": "standard",
                                      "persona": None}, dumps=dumps)
        messages = await asyncio.to_thread(self.store.history, session_id)
        persona = {"id": session.persona_id, "name": session.persona_name} if session.persona_id else None
        return web.json_response({"session_id": session_id, "messages": messages, "mode": session.mode,
                                  "persona": persona}, dumps=dumps)

    async def reset(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        if await self.guard.existing(request, session_id) is not None:
            await asyncio.to_thread(self.store.delete_session, session_id)
        return web.json_response({"ok": True})

    async def feedback(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        value = body.get("value")
        message_id = body.get("message_id")
        if value not in ("up", "down") or not isinstance(message_id, int):
            raise ApiError(400, "invalid_json")
        if await self.guard.existing(request, session_id) is None:
            raise ApiError(403, "forbidden")
        message = await asyncio.to_thread(self.store.message, session_id, message_id)
        if message is None or message["role"] != "bot":
            raise ApiError(404, "not_found")
        await asyncio.to_thread(self.store.add_feedback, session_id, message_id, value,
                                message["question"], message["text"])
        return web.json_response({"ok": True, "message": "感谢您的反馈！"}, dumps=dumps)

    async def rating(self, request: web.Request) -> web.Response:
        body = await read_json(request)
        session_id = session_id_of(body.get("session_id"))
        score = body.get("score")
        comment: Optional[str] = body.get("comment")
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise ApiError(400, "invalid_json")
        if comment is not None:
            comment = mask_pii(clean_text(comment)) if str(comment).strip() else None
        if await self.guard.existing(request, session_id) is None:
            raise ApiError(403, "forbidden")
        await asyncio.to_thread(self.store.add_rating, session_id, score, comment)
        return web.json_response({"ok": True, "message": "感谢您的评价！"}, dumps=dumps)


def setup_routes(app: web.Application) -> None:
    handlers = ChatHandlers(app)
    app.router.add_post("/api/chat", handlers.chat)
    app.router.add_get("/api/history", handlers.history)
    app.router.add_post("/api/reset", handlers.reset)
    app.router.add_post("/api/feedback", handlers.feedback)
    app.router.add_post("/api/rating", handlers.rating)

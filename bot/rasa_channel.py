"""Rasa input channel used by the gateway (listed in credentials.yml).

Rasa's REST channel drops a response's metadata, so the chat API's ``meta``
(kind, category, service_id) would be lost.  This channel keeps one output
message per bot utterance with its ``meta`` and ``custom`` payload, and passes
the gateway's per-message metadata (mode, login token) into the tracker.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

DEFAULT_META = {"kind": "chitchat", "category": None, "service_id": None}


def message_meta(message: Dict[str, Any]) -> Dict[str, Any]:
    """The chat-API meta of one bot message: from a response's ``metadata.meta``
    (domain responses) or a custom action's ``meta`` keyword."""
    meta = message.get("meta") or (message.get("metadata") or {}).get("meta") or {}
    return {key: meta.get(key, default) for key, default in DEFAULT_META.items()}


class GatewayOutputChannel(CollectingOutputChannel):
    """Collects whole bot messages, keeping meta and custom data together."""

    @classmethod
    def name(cls) -> str:
        return "gateway"

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        out: Dict[str, Any] = {
            "text": message.get("text") or "",
            "buttons": message.get("buttons") or message.get("quick_replies") or [],
            "meta": message_meta(message),
        }
        if message.get("custom"):
            out["custom"] = message["custom"]
        if out["text"] or out["buttons"] or "custom" in out:
            await self._persist_message(out)


class GatewayInput(InputChannel):
    """``POST /webhooks/gateway/webhook`` with ``{sender, message, metadata}``."""

    @classmethod
    def name(cls) -> str:
        return "gateway"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("gateway_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.json or {}
            sender = str(body.get("sender") or "")
            text = str(body.get("message") or "")
            metadata: Optional[Dict[str, Any]] = body.get("metadata")
            if not sender or not text:
                return response.json({"error": "sender and message are required"}, status=400)
            collector = GatewayOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender,
                                                 input_channel=self.name(), metadata=metadata))
            except Exception:  # the gateway turns an empty reply into a Chinese notice
                logger.exception("Processing a gateway message failed (sender %s)", sender)
                return response.json({"messages": collector.messages, "error": "processing_failed"},
                                     status=500)
            messages: List[Dict[str, Any]] = collector.messages
            return response.json({"messages": messages})

        return hook

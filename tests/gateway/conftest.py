"""The gateway on the aiohttp test server, with a scripted Rasa in front of a real store and KB."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import pytest

from bot.gateway.app import create_app
from bot.gateway.rasa_client import RasaUnavailable
from bot.settings import Settings
from services_db import KnowledgeBase


class ScriptedRasa:
    """Stands in for Rasa's HTTP channel: records what it was sent, answers from a script."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, dict]] = []
        self.reply: Callable[[str], list[dict[str, Any]]] = lambda text: [
            {"text": f"收到：{text}", "buttons": [{"title": "需要多少钱", "payload": "/ask_aspect"}],
             "meta": {"kind": "answer", "category": "household_residence", "service_id": "residence_permit"}}]
        self.down = False

    async def send(self, sender: str, text: str, metadata: dict) -> list[dict[str, Any]]:
        if self.down:
            raise RasaUnavailable("scripted outage")
        self.received.append((sender, text, metadata))
        return self.reply(text)

    async def close(self) -> None:
        pass


@pytest.fixture()
def rasa() -> ScriptedRasa:
    return ScriptedRasa()


@pytest.fixture()
def make_gateway(aiohttp_client, tmp_path: Path, knowledge_base: KnowledgeBase, rasa: ScriptedRasa):  # noqa: ANN001
    async def make(**overrides: Any):  # noqa: ANN202
        settings = Settings(data_dir=str(tmp_path), **overrides)
        return await aiohttp_client(create_app(settings, kb=knowledge_base, rasa=rasa))
    return make


@pytest.fixture()
async def gateway(make_gateway):  # noqa: ANN001, ANN201
    return await make_gateway()


def chat_body(text: Optional[str] = "你好", session_id: str = "session-0001", **extra: Any) -> dict:
    body: dict[str, Any] = {"session_id": session_id, **extra}
    if text is not None:
        body["text"] = text
    return body

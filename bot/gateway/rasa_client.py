"""Talks to Rasa's gateway channel on 127.0.0.1 (bot/rasa_channel.py)."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Optional

import aiohttp

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa is down, too slow, or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.webhook = f"{base_url}/webhooks/gateway/webhook"
        self.base_url = base_url
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: Optional[aiohttp.ClientSession] = None

    async def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        return self._session

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """The bot's messages for one user message (possibly empty)."""
        client = await self._client()
        payload = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with client.post(self.webhook, json=payload) as response:
                body = await response.json(content_type=None)
                if response.status >= 500 and not (body or {}).get("messages"):
                    raise RasaUnavailable(f"rasa answered {response.status}")
                return list((body or {}).get("messages") or [])
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            logger.warning("Rasa unavailable: %s", type(exc).__name__)
            raise RasaUnavailable(str(exc)) from exc

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

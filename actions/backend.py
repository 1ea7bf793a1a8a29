"""The one HTTP client every transaction action uses to reach the (mock) i深圳 backend.

Why one module: every call needs the same guarantees, and they are easy to get
subtly wrong per action.

- A citizen hears back within 5 seconds: each call waits at most
  ``settings.backend_timeout`` (capped at 3 s) and all calls of one action run
  share a 4-second budget.
- Only idempotent GETs are retried (with backoff, inside the budget).
- Submissions carry an ``Idempotency-Key`` derived from the conversation and
  the submitted content, so a retried or double-clicked submission is replayed
  by the backend instead of booking or filing twice.
- Whatever goes wrong surfaces as one :class:`BackendError`, which the actions
  turn into Chinese (``actions/replies.py``).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Optional

import aiohttp
from rasa_sdk import Tracker

from bot.settings import settings

logger = logging.getLogger(__name__)

MAX_CALL_SECONDS = 3.0     # per call, whatever the setting says
BUDGET_SECONDS = 4.0       # all calls of one action run; leaves Rasa a second of the 5
MIN_ATTEMPT_SECONDS = 0.3  # not worth starting a call with less time than this
GET_ATTEMPTS = 3
BACKOFF_SECONDS = (0.2, 0.5)
REFERENCE_TTL_SECONDS = 600.0  # halls, services and ticket categories change only with a new deployment

# error kind by HTTP status; 5xx and network trouble are "unavailable"
_KIND_BY_STATUS = {400: "rejected", 401: "login", 403: "login", 404: "not_found", 409: "conflict", 422: "rejected"}


class BackendError(Exception):
    """A backend call gave no usable answer.

    ``kind`` is one of ``unavailable`` (down, refused, 5xx, garbage),
    ``timeout`` (slower than the budget), ``login`` (401), ``not_found``,
    ``conflict`` and ``rejected`` (400/422); ``code`` and ``message`` are the
    backend's stable English code and its Chinese explanation, when it sent one.
    """

    def __init__(self, kind: str, status: Optional[int] = None, code: Optional[str] = None,
                 message: Optional[str] = None) -> None:
        super().__init__(f"{kind} ({status} {code}): {message}")
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message

    @property
    def temporary(self) -> bool:
        """Trying again later may work (nothing was decided by the backend)."""
        return self.kind in ("unavailable", "timeout")


@dataclass(frozen=True)
class Reply:
    status: int
    body: dict[str, Any]
    replayed: bool = False  # the backend answered a submission it had already seen


def default_base_url() -> str:
    """Where the backend lives; tests point this at a server on a free port."""
    return settings.mock_url


def login_token(tracker: Tracker) -> Optional[str]:
    """The demo citizen's token that the gateway passes with every message, if logged in."""
    metadata = tracker.latest_message.get("metadata") or {}
    token = metadata.get("login_token")
    return str(token) if token else None


def idempotency_key(sender_id: str, what: str, content: dict[str, Any], attempt: int = 0) -> str:
    """Same conversation + same submission → same key, so the backend replays instead of repeating."""
    material = json.dumps([sender_id, what, content, attempt], sort_keys=True, ensure_ascii=False)
    return f"isz-{what}-{hashlib.sha256(material.encode()).hexdigest()[:48]}"


class Backend:
    """Calls for one action run; the time budget starts when it is created."""

    def __init__(self, token: Optional[str] = None, *, base_url: Optional[str] = None,
                 timeout: Optional[float] = None, budget: float = BUDGET_SECONDS) -> None:
        self.base_url = (base_url or default_base_url()).rstrip("/")
        self.timeout = min(timeout if timeout is not None else settings.backend_timeout, MAX_CALL_SECONDS)
        self.deadline = time.monotonic() + budget
        self.token = token

    @classmethod
    def for_tracker(cls, tracker: Tracker) -> Backend:
        """The client of this action run: the tracker object lives exactly as long as one run,
        so every call made for it (validations, checks) shares one time budget."""
        api = getattr(tracker, "_isz_backend", None)
        if api is None:
            api = cls(login_token(tracker))
            tracker._isz_backend = api  # type: ignore[attr-defined]
        return api

    @property
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    async def get(self, path: str, params: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        """GET, retried with backoff when the backend is unreachable or answers 5xx."""
        for attempt in range(GET_ATTEMPTS):
            try:
                return (await self._send("GET", path, params=params)).body
            except BackendError as error:
                last_try = attempt == GET_ATTEMPTS - 1
                pause = BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]
                if error.kind != "unavailable" or last_try or self.remaining - pause < MIN_ATTEMPT_SECONDS:
                    raise
                logger.info("GET %s failed (%s), retrying in %.1fs", path, error.kind, pause)
                await asyncio.sleep(pause)
        raise AssertionError("unreachable")

    async def post(self, path: str, body: Optional[dict[str, Any]] = None,
                   key: Optional[str] = None) -> Reply:
        """POST once: a submission is never repeated here; the key makes the citizen's own retry safe."""
        headers = {"Idempotency-Key": key} if key else {}
        return await self._send("POST", path, json_body=body if body is not None else {}, headers=headers)

    async def reference(self, path: str) -> dict[str, Any]:
        """GET for reference data (halls, services, categories), cached for a while."""
        cache_key = (self.base_url, path)
        cached = _REFERENCE_CACHE.get(cache_key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        body = await self.get(path)
        _REFERENCE_CACHE[cache_key] = (time.monotonic() + REFERENCE_TTL_SECONDS, body)
        return body

    async def _send(self, method: str, path: str, *, params: Optional[dict[str, Any]] = None,
                    json_body: Optional[dict[str, Any]] = None,
                    headers: Optional[dict[str, str]] = None) -> Reply:
        wait = min(self.timeout, self.remaining)
        if wait < MIN_ATTEMPT_SECONDS:
            raise BackendError("timeout", message="time budget used up")
        sent = dict(headers or {})
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        started = time.monotonic()
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=wait)) as session:
                async with session.request(method, self.base_url + path, params=params, json=json_body,
                                           headers=sent) as response:
                    try:
                        body = await response.json(content_type=None)
                    except ValueError:
                        body = None
                    replayed = response.headers.get("Idempotent-Replayed") == "true"
                    status = response.status
        except asyncio.TimeoutError:
            logger.warning("%s %s timed out after %.1fs", method, path, time.monotonic() - started)
            raise BackendError("timeout") from None
        except (aiohttp.ClientError, OSError) as error:
            logger.warning("%s %s failed: %s", method, path, error.__class__.__name__)
            raise BackendError("unavailable") from None
        if not isinstance(body, dict):
            raise BackendError("unavailable", status, message="answer is not a JSON object")
        if status >= 400:
            detail = body.get("error") or {}
            kind = "unavailable" if status >= 500 else _KIND_BY_STATUS.get(status, "rejected")
            raise BackendError(kind, status, detail.get("code"), detail.get("message"))
        return Reply(status, body, replayed)


_REFERENCE_CACHE: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}

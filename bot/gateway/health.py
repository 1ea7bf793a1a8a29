"""GET /healthz: the status of every component, 200 only when all are up."""
from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable

import aiohttp
from aiohttp import web

from bot.gateway.errors import dumps

PROBE_TIMEOUT = aiohttp.ClientTimeout(total=2)


async def _http_ok(session: aiohttp.ClientSession, url: str) -> bool:
    async with session.get(url) as response:
        return response.status == 200


async def _probe(check: Callable[[], Awaitable[bool]]) -> dict:
    started = time.perf_counter()
    try:
        ok = bool(await asyncio.wait_for(check(), timeout=3))
        error = None if ok else "unhealthy"
    except Exception as exc:  # any failure is "down", with its kind for operators
        ok, error = False, type(exc).__name__
    status = {"status": "up" if ok else "down", "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
    if error:
        status["error"] = error
    return status


async def healthz(request: web.Request) -> web.Response:
    app = request.app
    settings = app["settings"]
    kb = app["kb"]
    async with aiohttp.ClientSession(timeout=PROBE_TIMEOUT) as session:
        checks = {
            "rasa": lambda: _http_ok(session, f"{settings.rasa_url}/"),
            "action_server": lambda: _http_ok(session, f"{settings.actions_url}/health"),
            "mock_services": lambda: _http_ok(session, f"{settings.mock_url}/health"),
            "knowledge_base": lambda: asyncio.to_thread(kb.health),
            "gateway": lambda: asyncio.to_thread(app["store"].ping),
        }
        results = await asyncio.gather(*(_probe(check) for check in checks.values()))
    components = dict(zip(checks, results, strict=False))
    all_up = all(c["status"] == "up" for c in components.values())
    return web.json_response({"status": "up" if all_up else "degraded", "components": components},
                             status=200 if all_up else 503, dumps=dumps)

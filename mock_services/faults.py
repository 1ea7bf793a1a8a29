"""Fault injection: make business endpoints slow or fail, to test the actions' timeouts and retries.

Start values come from ISZ_MOCK_LATENCY_MS / ISZ_MOCK_ERROR_RATE; with
ISZ_MOCK_FAULTS_API=1 the ``/_faults`` endpoints change them at runtime.
``/health``, ``/openapi.json`` and ``/_faults`` are never slowed or failed, so
the launcher's health check and the test harness keep working.
"""
from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from mock_services.endpoints import Call, Routes
from mock_services.errors import ApiError
from mock_services.state import STATE

EXEMPT_PATHS = frozenset({"/health", "/openapi.json", "/_faults"})
FAULT_HEADER = "X-Mock-Fault"


@dataclass
class FaultState:
    latency_ms: int = 0
    error_rate: float = 0.0
    rng: random.Random = field(default_factory=random.Random)

    def as_dict(self) -> dict[str, Any]:
        return {"latency_ms": self.latency_ms, "error_rate": self.error_rate}


@web.middleware
async def fault_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Delay, then maybe fail, before the handler runs (so a failed call changed nothing)."""
    faults = request.app[STATE].faults
    if request.path not in EXEMPT_PATHS:
        if faults.latency_ms:
            await asyncio.sleep(faults.latency_ms / 1000)
        if faults.error_rate and faults.rng.random() < faults.error_rate:
            raise ApiError(500, "internal_error", "系统开小差了，请稍后再试", headers={FAULT_HEADER: "error"})
    return await handler(request)


routes = Routes("测试工具", "故障注入（仅在 ISZ_MOCK_FAULTS_API=1 时存在）。", schemas={
    "FaultSettings": {
        "type": "object", "additionalProperties": False,
        "properties": {
            "latency_ms": {"type": "integer", "minimum": 0, "maximum": 60000, "title": "延迟毫秒数"},
            "error_rate": {"type": "number", "minimum": 0, "maximum": 1, "title": "错误比例"},
        },
    },
})


@routes.get("/_faults", summary="查看当前故障注入设置", response="FaultSettings")
async def get_faults(call: Call) -> dict[str, Any]:
    """Lets a test confirm what it set."""
    return call.request.app[STATE].faults.as_dict()


@routes.post("/_faults", summary="修改故障注入设置", response="FaultSettings", body="FaultSettings")
async def set_faults(call: Call) -> dict[str, Any]:
    """Changes latency and/or error rate for every later business request; omitted fields stay."""
    faults = call.request.app[STATE].faults
    faults.latency_ms = call.body.get("latency_ms", faults.latency_ms)
    faults.error_rate = float(call.body.get("error_rate", faults.error_rate))
    return faults.as_dict()

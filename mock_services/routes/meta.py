"""Health check and the OpenAPI document."""
from __future__ import annotations

from typing import Any

from sqlalchemy import text

from mock_services.endpoints import STRING, Call, Routes, obj
from mock_services.state import STATE

routes = Routes("服务状态", "健康检查与接口描述。", schemas={
    "Health": obj({"status": {"type": "string", "enum": ["ok"]}}),
    "OpenApiDocument": {"type": "object", "required": ["openapi", "paths"],
                        "properties": {"openapi": STRING, "paths": {"type": "object"}}},
})


@routes.get("/health", summary="健康检查", response="Health")
async def health(call: Call) -> dict[str, Any]:
    """The launcher polls this; it also proves the database answers."""
    call.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@routes.get("/openapi.json", summary="OpenAPI 3.1 接口描述", response="OpenApiDocument")
async def openapi_document(call: Call) -> dict[str, Any]:
    """What the actions are written against; generated from the same declarations the app serves."""
    return call.request.app[STATE].spec

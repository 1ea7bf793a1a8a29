"""Public read API of the service guides: ``GET /api/services`` and ``GET /api/services/{id}``.

The gateway mounts these with :func:`setup_routes`; answers come from the
knowledge base's in-memory catalog (no database round trip per request), so
they follow published edits within about a second like the chat does.
"""
from __future__ import annotations

import json
from functools import partial
from typing import Any

from aiohttp import web

from services_db import KnowledgeBase

_dumps = partial(json.dumps, ensure_ascii=False)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


def _error(status: int, code: str, message: str) -> web.Response:
    return _json({"error": {"code": code, "message": message}}, status=status)


def setup_routes(app: web.Application, kb: KnowledgeBase) -> None:
    """Register the two read-only routes on ``app``, answering from ``kb``."""

    async def list_services(request: web.Request) -> web.Response:
        category = request.query.get("category") or None
        if category is not None and kb.category(category) is None:
            return _error(404, "not_found", f"没有找到分类“{category}”。去掉分类条件即可查看全部服务，"
                                            "或从全部服务的 category 字段中选择一个分类。")
        services = kb.list_services(category)
        return _json({"services": [{k: s[k] for k in ("id", "name", "category", "category_name", "summary")}
                                   for s in services], "count": len(services), "revision": kb.revision()})

    async def get_service(request: web.Request) -> web.Response:
        service_id = request.match_info["service_id"]
        guide = kb.get_service(service_id)
        if guide is None:
            return _error(404, "not_found", f"没有找到编号为“{service_id}”的办事指南。请打开 /api/services "
                                            "查看全部服务，或拨打12345政务服务便民热线咨询。")
        return _json(guide)

    app.router.add_get("/api/services", list_services, name="services_list")
    app.router.add_get("/api/services/{service_id}", get_service, name="services_detail")

"""One JSON error shape for every failure: ``{"error": {"code", "message"}}``.

Actions show ``message`` to citizens, so it is always natural Chinese; ``code``
is the stable English key they branch on.
"""
from __future__ import annotations

import functools
import json
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger("mock_services")


_dumps = functools.partial(json.dumps, ensure_ascii=False)


def json_response(payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with readable Chinese (no \\u escapes), as every answer is sent."""
    return web.json_response(payload, status=status, headers=headers, dumps=_dumps)


class ApiError(Exception):
    """An expected failure that becomes a JSON error response."""

    def __init__(self, status: int, code: str, message: str, *, details: list[dict[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers or {}


def error_body(code: str, message: str, details: list[dict[str, str]] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


def not_found(code: str, message: str) -> ApiError:
    return ApiError(404, code, message)


def conflict(code: str, message: str) -> ApiError:
    return ApiError(409, code, message)


def invalid(code: str, message: str, field: str | None = None) -> ApiError:
    details = [{"field": field, "message": message}] if field else None
    return ApiError(422, code, message, details=details)


_HTTP_MESSAGES = {
    404: ("not_found", "没有这个接口，请检查地址"),
    405: ("method_not_allowed", "该接口不支持这种请求方式"),
    413: ("payload_too_large", "提交的内容太大"),
}


@web.middleware
async def error_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Turn every exception into the JSON error shape; never leak a traceback."""
    try:
        return await handler(request)
    except ApiError as exc:
        return json_response(error_body(exc.code, exc.message, exc.details), exc.status, exc.headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code, message = _HTTP_MESSAGES.get(exc.status, ("bad_request", "请求有误"))
        return json_response(error_body(code, message), exc.status)
    except Exception:  # noqa: BLE001 - the citizen gets a calm 500, the log gets the traceback
        log.exception("unhandled error in %s %s", request.method, request.path)
        return json_response(error_body("internal_error", "系统开小差了，请稍后再试"), 500)

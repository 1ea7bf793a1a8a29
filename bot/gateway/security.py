"""Security headers, CORS for configured origins, and JSON/Chinese error pages."""
from __future__ import annotations

import logging
from typing import Awaitable, Callable

from aiohttp import web

from bot.gateway.errors import ApiError, json_error

logger = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def allowed_origins(raw: str) -> list[str]:
    return [o.strip().rstrip("/") for o in raw.split(",") if o.strip()]


def content_security_policy(origins: list[str]) -> str:
    frame_ancestors = " ".join(["'self'", *origins])
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            f"form-action 'self'; frame-ancestors {frame_ancestors}")


def security_middleware(origins: list[str]):  # noqa: ANN201 - aiohttp middleware
    csp = content_security_policy(origins)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin", "").rstrip("/")
        cors_ok = origin in origins and request.path.startswith("/api/")
        if request.method == "OPTIONS" and cors_ok:
            response: web.StreamResponse = web.Response(status=204)
        else:
            response = await _with_errors(request, handler)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if cors_ok:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, X-Session-Secret"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Vary"] = "Origin"
        return response

    return middleware


async def _with_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Errors never leave as a stack trace or an English HTML page."""
    json_path = request.path.startswith("/api/") or request.path == "/healthz"
    try:
        return await handler(request)
    except ApiError as error:
        return json_error(error.status, error.reason, error.retry_after)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        if json_path:
            reason = {404: "not_found", 405: "not_found", 413: "too_large"}.get(error.status, "internal")
            return json_error(error.status, reason)
        return web.Response(status=error.status, text="页面不存在。请返回首页，或拨打12345咨询。",
                            content_type="text/plain", charset="utf-8")
    except Exception:
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return json_error(500, "internal")

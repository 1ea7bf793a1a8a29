"""JSON errors with a Chinese message a citizen can act on (chat_api.md error table)."""
from __future__ import annotations

import json
from typing import Optional

from aiohttp import web

MESSAGES = {
    "invalid_json": "请求格式不正确，请刷新页面后重试。",
    "invalid_session": "会话编号无效，请刷新页面后重试。",
    "empty_text": "请输入您要咨询的内容。",
    "text_too_long": "消息太长了，请控制在500字以内，可以分几次发送。",
    "invalid_mode": "显示模式无效，只能是标准模式或长辈模式。",
    "too_large": "消息太长了，请控制在500字以内，可以分几次发送。",
    "rate_limited": "您发送得太快了，请稍等片刻再试。",
    "unavailable": "智能助手暂时无法回复，请稍后再试（可拨打12345）。",
    "forbidden": "无法访问这个会话，请刷新页面开始新的对话。",
    "not_found": "没有找到您要的内容，请返回首页重试，或拨打12345咨询。",
    "login_failed": "演示登录暂时不可用，请稍后再试（可拨打12345）。",
    "internal": "系统出了点问题，请稍后再试（可拨打12345）。",
}

STATUS_CODE = {400: "invalid_request", 403: "forbidden", 404: "not_found", 413: "too_large",
               429: "rate_limited", 503: "unavailable", 500: "internal"}


def json_error(status: int, reason: str, retry_after: Optional[int] = None) -> web.Response:
    """Build the error body; ``reason`` picks the Chinese message."""
    body = {"error": {"code": STATUS_CODE.get(status, "invalid_request"),
                      "message": MESSAGES.get(reason, MESSAGES["internal"])}}
    response = web.json_response(body, status=status, dumps=dumps)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


class ApiError(Exception):
    """Raised by handlers and validators; the error middleware renders it."""

    def __init__(self, status: int, reason: str, retry_after: Optional[int] = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.retry_after = status, reason, retry_after


def dumps(obj: object) -> str:
    """JSON with Chinese kept readable (no \\u escapes)."""
    return json.dumps(obj, ensure_ascii=False)

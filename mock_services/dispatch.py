"""Turns a documented :class:`Endpoint` into an aiohttp handler.

The order is the contract every endpoint shares: resolve "now", check
parameters, authenticate, check the body, then run the handler inside one
database transaction, replaying instead when the Idempotency-Key was seen.
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiohttp import web
from sqlalchemy.exc import IntegrityError

from mock_services import auth, idempotency
from mock_services.clock import CLOCK_HEADER, parse_instant, real_now
from mock_services.endpoints import Call, Endpoint, Param, Reply
from mock_services.errors import ApiError, json_response
from mock_services.models import Persona
from mock_services.state import STATE, AppState
from mock_services.validation import SchemaChecker

ANONYMOUS = "anonymous"


def resolve_now(request: web.Request, state: AppState) -> datetime:
    """The request's clock: X-Mock-Now header (if allowed), else ISZ_MOCK_NOW, else real time."""
    header = request.headers.get(CLOCK_HEADER)
    if header and state.config.clock_header:
        try:
            return parse_instant(header)
        except ValueError:
            raise ApiError(400, "invalid_clock", f"{CLOCK_HEADER} 不是有效的 ISO 时间") from None
    return state.config.now or real_now()


def _convert(param: Param, raw: str) -> Any:
    if param.schema.get("type") != "integer":
        return raw
    try:
        return int(raw)
    except ValueError:
        raise ApiError(400, "invalid_parameter", f"{param.schema.get('title', param.name)}应为整数") from None


def parse_params(request: web.Request, params: tuple[Param, ...], checker: SchemaChecker) -> dict[str, Any]:
    """Converted and validated path/query values; 400 on the first problem."""
    values: dict[str, Any] = {}
    for param in params:
        raw = request.match_info.get(param.name) if param.where == "path" else request.query.get(param.name)
        if raw is None or raw == "":
            if param.required:
                raise ApiError(400, "invalid_parameter", f"缺少参数：{param.schema.get('title', param.name)}")
            continue
        value = _convert(param, raw)
        problems = checker.problems(param.schema, value)
        if problems:
            raise ApiError(400, "invalid_parameter", problems[0]["message"],
                           details=[{"field": param.name, "message": problems[0]["message"]}])
        values[param.name] = value
    return values


async def parse_body(request: web.Request, schema_name: str, checker: SchemaChecker) -> dict[str, Any]:
    """The JSON object body; 400 if not JSON, 422 if it breaks the schema (every problem listed)."""
    text = await request.text()
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        raise ApiError(400, "invalid_json", "请求内容不是有效的 JSON") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "请求内容应为 JSON 对象")
    problems = checker.problems({"$ref": f"#/components/schemas/{schema_name}"}, data)
    if problems:
        raise ApiError(422, "validation_error", problems[0]["message"], details=problems)
    return data


def _authenticate(request: web.Request, endpoint: Endpoint, state: AppState, now: datetime) -> str | None:
    if endpoint.auth == "none":
        return None
    token = auth.bearer_token(request)
    if token is None:
        if endpoint.auth == "required":
            raise auth.unauthorized("auth_required", "请先登录 i深圳 后再办理")
        return None
    return auth.verify(state.token_key, token, now)


async def _run(call_args: dict[str, Any], endpoint: Endpoint, state: AppState, key: str | None,
               request_hash: str) -> Reply:
    scope = f"{endpoint.method} {endpoint.path}"
    owner = call_args["persona_id"] or ANONYMOUS
    with state.sessions() as session, session.begin():
        if call_args["persona_id"] and session.get(Persona, call_args["persona_id"]) is None:
            raise auth.unauthorized("invalid_token", "登录凭证无效，请重新登录")
        if key is not None:
            record = idempotency.find(session, scope, owner, key)
            if record is not None:
                return idempotency.replay(record, request_hash)
        result = await endpoint.handler(Call(session=session, **call_args))
        reply = result if isinstance(result, Reply) else Reply(result)
        if key is not None:
            idempotency.remember(session, scope=scope, owner=owner, key=key, request_hash=request_hash,
                                 reply=reply, now=call_args["now"])
    return reply


def _replay_after_race(state: AppState, endpoint: Endpoint, owner: str, key: str, request_hash: str) -> Reply:
    with state.sessions() as session:
        record = idempotency.find(session, f"{endpoint.method} {endpoint.path}", owner, key)
        if record is None:
            raise ApiError(409, "conflict", "提交冲突，请稍后重试")
        return idempotency.replay(record, request_hash)


def make_handler(endpoint: Endpoint) -> Any:
    """The aiohttp handler serving ``endpoint``."""
    async def handle(request: web.Request) -> web.Response:
        state = request.app[STATE]
        now = resolve_now(request, state)
        params = parse_params(request, endpoint.params, state.checker)
        persona_id = _authenticate(request, endpoint, state, now)
        body = await parse_body(request, endpoint.body, state.checker) if endpoint.body else {}
        key = idempotency.read_key(request) if endpoint.idempotent else None
        request_hash = idempotency.fingerprint(request.path, body)
        call_args = {"request": request, "now": now, "persona_id": persona_id, "params": params, "body": body}
        try:
            reply = await _run(call_args, endpoint, state, key, request_hash)
        except IntegrityError:
            if key is None:
                raise
            reply = _replay_after_race(state, endpoint, persona_id or ANONYMOUS, key, request_hash)
        return json_response(reply.payload, reply.status, reply.headers)

    handle.__name__ = endpoint.handler.__name__
    return handle

"""The OpenAPI 3.1 description, assembled from the declared endpoints and schemas.

Schemas are hand-written next to their handlers; this module adds the shared
error shape and turns each :class:`Endpoint` into an operation, so the document
always lists exactly the routes the app serves.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mock_services.clock import CLOCK_HEADER
from mock_services.endpoints import Endpoint, Routes, ref
from mock_services.idempotency import HEADER as IDEMPOTENCY_HEADER
from mock_services.idempotency import MAX_KEY_LENGTH, REPLAYED_HEADER

COMMON_SCHEMAS: dict[str, dict[str, Any]] = {
    "ErrorResponse": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "稳定的英文错误码，供程序判断"},
                "message": {"type": "string", "description": "可直接展示给市民的中文说明"},
                "details": {"type": "array", "items": {
                    "type": "object", "required": ["field", "message"],
                    "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}},
            },
        }},
    },
}

ERROR_DESCRIPTIONS = {
    400: "请求格式或参数有误",
    401: "未登录或登录凭证无效、已过期",
    404: "要找的对象不存在，或不属于当前登录居民",
    409: "与当前状态冲突",
    422: "提交的内容不符合要求",
    500: "服务内部错误（注入的故障带响应头 X-Mock-Fault: error）",
}

DESCRIPTION = f"""i深圳 政务服务的模拟后端，供对话机器人的 actions 调用；数据均为演示数据。

* 登录：`POST /auth/login` 取得令牌，之后在请求头带 `Authorization: Bearer <token>`（有效期默认 8 小时）。
* 幂等：提交类接口接受 `{IDEMPOTENCY_HEADER}` 请求头（1–{MAX_KEY_LENGTH} 个可见 ASCII 字符）；
  同一登录居民（或匿名）重复使用同一个键会得到第一次的结果，响应头带 `{REPLAYED_HEADER}: true`；
  同一个键用于内容不同的请求返回 422 idempotency_key_reused。
* 时间：所有时间为 Asia/Shanghai（+08:00）。测试可用 `{CLOCK_HEADER}` 请求头指定“现在”（ISO 时间）。
* 错误：一律为 `{{"error": {{"code": "...", "message": "中文说明"}}}}`。
"""


def _parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    params = [{"name": p.name, "in": p.where, "required": p.required or p.where == "path",
               "description": p.description, "schema": p.schema} for p in endpoint.params]
    if endpoint.idempotent:
        params.append({"name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
                       "description": "客户端生成的唯一键；重试时带同一个键不会重复提交",
                       "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH}})
    return params


def _security(endpoint: Endpoint) -> list[dict[str, list[str]]]:
    return {"none": [], "required": [{"bearerAuth": []}], "optional": [{}, {"bearerAuth": []}]}[endpoint.auth]


def _operation(endpoint: Endpoint) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, schema in endpoint.responses.items():
        response: dict[str, Any] = {"description": "成功",
                                    "content": {"application/json": {"schema": ref(schema)}}}
        if endpoint.idempotent:
            response["headers"] = {REPLAYED_HEADER: {"description": "为 true 时表示这是重放的第一次结果",
                                                     "schema": {"type": "string"}}}
        responses[str(status)] = response
    for status, codes in endpoint.error_codes().items():
        responses[str(status)] = {"description": f"{ERROR_DESCRIPTIONS[status]}。错误码：{codes}",
                                  "content": {"application/json": {"schema": ref("ErrorResponse")}}}
    operation: dict[str, Any] = {
        "operationId": endpoint.handler.__name__, "summary": endpoint.summary,
        "description": endpoint.description, "tags": [endpoint.tag], "security": _security(endpoint),
        "parameters": _parameters(endpoint), "responses": responses,
    }
    if endpoint.body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": ref(endpoint.body)}}}
    return operation


def all_schemas(route_groups: Iterable[Routes]) -> dict[str, dict[str, Any]]:
    """Every component schema; a name defined twice is a programming error."""
    schemas = dict(COMMON_SCHEMAS)
    for group in route_groups:
        for name, schema in group.schemas.items():
            if name in schemas:
                raise ValueError(f"schema {name} defined twice")
            schemas[name] = schema
    return schemas


def build_spec(route_groups: list[Routes], server_url: str) -> dict[str, Any]:
    """The complete OpenAPI document for the given endpoint groups."""
    paths: dict[str, dict[str, Any]] = {}
    for group in route_groups:
        for endpoint in group.endpoints:
            paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {
        "openapi": "3.1.0",
        "info": {"title": "i深圳 模拟政务服务", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": server_url}],
        "tags": [{"name": group.tag, "description": group.description} for group in route_groups],
        "paths": paths,
        "components": {
            "schemas": all_schemas(route_groups),
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "POST /auth/login 返回的令牌"}},
        },
    }

"""Declaring an endpoint once: its handler and its OpenAPI description together.

Each resource module fills a :class:`Routes`; the app registers every
:class:`Endpoint` and :mod:`mock_services.openapi` describes the very same list,
so a route cannot exist undocumented, and the declared parameters and body
schema are the ones requests are validated against.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from aiohttp import web
from sqlalchemy.orm import Session

from mock_services.errors import ApiError
from mock_services.models import Persona

Auth = Literal["none", "optional", "required"]


@dataclass(frozen=True)
class Param:
    """A query or path parameter; ``schema`` validates the (converted) value."""

    name: str
    where: Literal["query", "path"]
    schema: dict[str, Any]
    description: str
    required: bool = False


@dataclass
class Reply:
    """A handler's answer; a bare dict means 200."""

    payload: dict[str, Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """Everything a handler needs, already checked by the dispatcher."""

    request: web.Request
    session: Session
    now: datetime
    persona_id: str | None
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)

    def persona(self) -> Persona:
        """The logged-in citizen; call it only when ``persona_id`` is set (always so for auth "required")."""
        persona = self.session.get(Persona, self.persona_id) if self.persona_id else None
        if persona is None:  # the dispatcher has already checked the token and the persona
            raise ApiError(401, "auth_required", "请先登录 i深圳 后再办理")
        return persona


Handler = Callable[[Call], Awaitable["Reply | dict[str, Any]"]]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    handler: Handler
    summary: str
    description: str
    tag: str
    auth: Auth
    params: tuple[Param, ...]
    body: str | None  # name of a component schema
    responses: dict[int, str]  # success status → component schema name
    errors: dict[int, str]  # handler's own error status → its error codes, comma separated
    idempotent: bool

    def error_codes(self) -> dict[int, str]:
        """Every error status this endpoint can answer, with the codes it uses.

        The handler's own errors plus those the dispatcher produces for everyone.
        """
        codes = {400: "invalid_clock", 500: "internal_error"}  # X-Mock-Now and faults reach every endpoint
        if self.params or self.body:
            codes[400] = "invalid_parameter, invalid_json, invalid_clock" if self.body else \
                "invalid_parameter, invalid_clock"
        if self.idempotent:
            codes[400] += ", invalid_idempotency_key"
            codes[409] = "conflict"  # a concurrent duplicate whose first answer is not stored yet
        if self.auth != "none":
            codes[401] = "auth_required, invalid_token, token_expired"
        if self.body:
            codes[422] = "validation_error" + (", idempotency_key_reused" if self.idempotent else "")
        for status, own in self.errors.items():
            codes[status] = f"{codes[status]}, {own}" if status in codes else own
        return dict(sorted(codes.items()))


class Routes:
    """The documented endpoints of one resource (one OpenAPI tag)."""

    def __init__(self, tag: str, description: str, schemas: dict[str, dict[str, Any]] | None = None) -> None:
        self.tag, self.description = tag, description
        self.schemas: dict[str, dict[str, Any]] = schemas or {}
        self.endpoints: list[Endpoint] = []

    def route(self, method: str, path: str, *, summary: str, response: str, status: int = 200,
              description: str = "", auth: Auth = "none", params: tuple[Param, ...] = (),
              body: str | None = None, errors: dict[int, str] | None = None, idempotent: bool = False,
              also: dict[int, str] | None = None) -> Callable[[Handler], Handler]:
        """Decorator registering ``handler`` under ``method path`` with its documentation.

        ``errors`` lists the handler's own error codes by status; ``also``
        documents further success statuses (status → schema name).
        """
        def register(handler: Handler) -> Handler:
            self.endpoints.append(Endpoint(
                method=method, path=path, handler=handler, summary=summary,
                description=description or (handler.__doc__ or "").strip(), tag=self.tag, auth=auth,
                params=params, body=body, responses={status: response, **(also or {})}, errors=errors or {},
                idempotent=idempotent))
            return handler
        return register

    def get(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Callable[[Handler], Handler]:
        return self.route("POST", path, **kwargs)


def ref(name: str) -> dict[str, str]:
    """A JSON-Schema reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


# ---- schema shorthands (response objects are closed so the document lists every field) ----
STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}
NUMBER: dict[str, Any] = {"type": "number"}
BOOLEAN: dict[str, Any] = {"type": "boolean"}
DATE: dict[str, Any] = {"type": "string", "format": "date"}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null (JSON Schema 2020-12 style, as OpenAPI 3.1 uses)."""
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, dict[str, Any]], *, description: str = "") -> dict[str, Any]:
    """A closed object schema with every property required (answers always carry every key, maybe null)."""
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "required": list(properties), "properties": properties}
    if description:
        schema["description"] = description
    return schema


def page_of(item: str, key: str, description: str) -> dict[str, Any]:
    """Schema of ``{key: [item...], "count": n}``, the shape of every list answer."""
    return obj({key: {"type": "array", "items": ref(item)}, "count": INTEGER}, description=description)


def yuan(fen: int) -> float:
    """Fen (stored) → yuan (shown), two decimals."""
    return round(fen / 100, 2)

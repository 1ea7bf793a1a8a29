"""Demo citizens: the public list, login, and the logged-in profile."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mock_services import auth
from mock_services.clock import iso
from mock_services.endpoints import BOOLEAN, DATETIME, INTEGER, STRING, Call, Routes, obj, page_of, ref
from mock_services.errors import not_found
from mock_services.models import Persona
from mock_services.state import STATE

SENIOR_AGE = 60  # i深圳 offers 长者模式 from 60 (domain.md §0)

routes = Routes("登录与演示居民", "演示居民列表、登录与个人资料；身份信息一律脱敏。", schemas={
    "PersonaSummary": obj({
        "id": STRING, "display_name": STRING, "description": STRING, "age": INTEGER,
        "senior": {"type": "boolean", "description": "60 岁及以上，可建议切换长辈版"},
    }),
    "PersonaList": page_of("PersonaSummary", "personas", "可登录的演示居民（不含任何证件号码）"),
    "LoginRequest": {"type": "object", "additionalProperties": False, "required": ["persona_id"],
                     "properties": {"persona_id": {"type": "string", "title": "演示居民编号",
                                                   "minLength": 1, "maxLength": 32}}},
    "LoginResponse": obj({"token": STRING, "token_type": {"type": "string", "enum": ["Bearer"]},
                          "expires_at": DATETIME, "persona": ref("PersonaSummary")}),
    "Profile": obj({
        "id": STRING, "display_name": STRING, "masked_id_number": STRING, "masked_phone": STRING,
        "gender": STRING, "age": INTEGER, "district": STRING, "hukou": STRING, "senior": BOOLEAN,
    }),
})


def summary(persona: Persona) -> dict[str, Any]:
    return {"id": persona.id, "display_name": persona.display_name, "description": persona.description,
            "age": persona.age, "senior": persona.age >= SENIOR_AGE}


@routes.get("/personas", summary="演示居民列表", response="PersonaList")
async def list_personas(call: Call) -> dict[str, Any]:
    """The widget shows this list so a visitor can pick whom to log in as."""
    personas = call.session.execute(select(Persona).order_by(Persona.id)).scalars().all()
    return {"personas": [summary(p) for p in personas], "count": len(personas)}


@routes.post("/auth/login", summary="以演示居民身份登录", response="LoginResponse", body="LoginRequest",
             errors={404: "persona_not_found"})
async def login(call: Call) -> dict[str, Any]:
    """Stands in for i深圳 real-name login: returns a signed token for later calls."""
    persona = call.session.get(Persona, call.body["persona_id"])
    if persona is None:
        raise not_found("persona_not_found", "没有这位演示居民，请从列表中选择")
    state = call.request.app[STATE]
    token, expires = auth.issue(state.token_key, persona.id, call.now, state.config.token_ttl_hours)
    return {"token": token, "token_type": "Bearer", "expires_at": iso(expires), "persona": summary(persona)}


@routes.get("/me", summary="当前登录居民的资料（脱敏）", response="Profile", auth="required")
async def me(call: Call) -> dict[str, Any]:
    """Lets the bot greet the citizen and confirm masked details back ("尾号 1234 的身份证")."""
    persona = call.persona()
    return {
        "id": persona.id, "display_name": persona.display_name, "masked_id_number": persona.masked_id_number,
        "masked_phone": persona.masked_phone, "gender": persona.gender, "age": persona.age,
        "district": persona.district, "hukou": "深圳户籍" if persona.shenzhen_hukou else "非深圳户籍",
        "senior": persona.age >= SENIOR_AGE,
    }

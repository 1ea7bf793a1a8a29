"""Every failure is JSON with a stable code and a Chinese message."""
from __future__ import annotations

import re

from aiohttp import web

from mock_services.clock import CLOCK_HEADER

from .conftest import Api, build_app

CHINESE = re.compile(r"[\u4e00-\u9fff]")


async def error_of(response) -> dict:
    assert response.content_type == "application/json"
    return (await response.json())["error"]


async def test_unknown_route_and_wrong_method(api: Api) -> None:
    missing = await api.client.get("/no-such-thing")
    assert missing.status == 404 and CHINESE.search((await error_of(missing))["message"])
    wrong = await api.client.delete("/personas")
    assert wrong.status == 405 and (await error_of(wrong))["code"] == "method_not_allowed"


async def test_body_that_is_not_a_json_object(api: Api) -> None:
    broken = await api.post("/auth/login", data="{persona", headers={"Content-Type": "application/json"})
    assert (broken.status, broken.error_code) == (400, "invalid_json")
    array = await api.post("/auth/login", json=["zhang"])
    assert (array.status, array.body["error"]["message"]) == (400, "请求内容应为 JSON 对象")
    extra = await api.post("/auth/login", json={"persona_id": "zhang", "password": "x"})
    assert extra.status == 422 and "password" in extra.body["error"]["message"]


async def test_bad_clock_header_and_bad_idempotency_key(api: Api) -> None:
    clock = await api.get("/personas", headers={CLOCK_HEADER: "yesterday"})
    assert (clock.status, clock.error_code) == (400, "invalid_clock")
    key = await api.post("/tickets", headers={"Idempotency-Key": "x" * 201},
                         json={"category": "noise", "description": "晚上很吵很吵", "location": "福田区", "anonymous": True})
    assert (key.status, key.error_code) == (400, "invalid_idempotency_key")


async def test_unexpected_exception_is_a_calm_500(aiohttp_client, db_url, config) -> None:
    app = build_app(db_url, config)

    async def boom(_request: web.Request) -> web.Response:
        raise RuntimeError("secret internals 13812345678")

    app.router.add_get("/boom", boom)
    client = await aiohttp_client(app)
    response = await client.get("/boom")
    error = await error_of(response)
    assert (response.status, error["code"]) == (500, "internal_error")
    assert "internals" not in error["message"] and CHINESE.search(error["message"])


async def test_health(api: Api) -> None:
    assert (await api.get("/health")).body == {"status": "ok"}

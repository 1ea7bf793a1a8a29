"""The public read API of service guides, as a browser or app would call it."""
from __future__ import annotations

import pytest
from aiohttp import web

from bot.gateway.services_api import setup_routes
from services_db import KnowledgeBase

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def client(aiohttp_client, fixture_kb: KnowledgeBase):
    app = web.Application()
    setup_routes(app, fixture_kb)
    return await aiohttp_client(app)


async def test_list_services(client) -> None:
    response = await client.get("/api/services")
    assert response.status == 200 and response.content_type == "application/json"
    body = await response.json()
    assert body["count"] == 6 and len(body["services"]) == 6
    permit = next(s for s in body["services"] if s["id"] == "residence_permit")
    assert permit == {"id": "residence_permit", "name": "深圳经济特区居住证申领", "category": "household_residence",
                      "category_name": "户籍与居住", "summary": "在深圳居住并满足条件的非深户人员申领居住证。"}


async def test_list_services_of_one_category(client) -> None:
    body = await (await client.get("/api/services", params={"category": "exit_entry"})).json()
    assert {s["id"] for s in body["services"]} == {"hk_macao_permit", "hk_macao_endorsement"}


async def test_unknown_category_is_a_404_with_a_way_forward(client) -> None:
    response = await client.get("/api/services", params={"category": "weather"})
    assert response.status == 404
    error = (await response.json())["error"]
    assert error["code"] == "not_found" and "weather" in error["message"] and "全部服务" in error["message"]


async def test_service_guide_has_source_and_last_verified(client) -> None:
    response = await client.get("/api/services/hk_macao_permit")
    assert response.status == 200
    guide = await response.json()
    assert guide["name"] == "往来港澳通行证申领" and guide["fee"] == "每证60元"
    assert guide["source_url"] == "https://sz.gdga.gd.gov.cn/" and guide["last_verified"] == "2026-11-26"
    assert guide["materials"] == ["居民身份证", "出入境证件相片回执"] and guide["hotline"] == "12367"
    assert guide["unverified"] == [] and len(guide["faqs"]) == 3
    assert "往来港澳通行证申领" in await response.text()  # readable UTF-8, not \\u escapes


async def test_service_guide_quotes_the_articles_it_cites(client) -> None:
    guide = await (await client.get("/api/services/hk_macao_permit")).json()
    assert guide["legal_basis"][0] == "《中华人民共和国出境入境管理法》第十条"
    [article] = guide["legal_texts"]
    assert article["law"] == "中华人民共和国出境入境管理法" and article["article"] == "第十条"
    assert "应当依法申请办理通行证件" in article["text"] and article["source"].startswith("LawRefBook/Laws/")
    endorsement = await (await client.get("/api/services/hk_macao_endorsement")).json()
    assert endorsement["legal_texts"] == []  # it names the regulation without an article


async def test_unknown_service_is_a_404_json_error_in_chinese(client) -> None:
    response = await client.get("/api/services/no_such_service")
    assert response.status == 404
    body = await response.json()
    assert body["error"]["code"] == "not_found"
    assert "no_such_service" in body["error"]["message"]
    assert "/api/services" in body["error"]["message"] and "12345" in body["error"]["message"]

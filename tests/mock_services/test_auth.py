"""Logging in as a demo citizen, and the 401 every citizen endpoint gives without it."""
from __future__ import annotations

import json
import re

import pytest

from mock_services import auth
from mock_services.clock import parse_instant

from .conftest import NOW, Api

CITIZEN_ENDPOINTS = ("/me", "/social-insurance/records", "/social-insurance/summary", "/housing-fund/account",
                     "/housing-fund/rental-withdrawal/eligibility", "/applications", "/appointments", "/tickets",
                     "/vehicles", "/traffic/violations")


async def test_persona_list_is_public_and_carries_no_identifiers(api: Api) -> None:
    result = await api.get("/personas")
    assert result.status == 200
    assert 3 <= result.body["count"] == len(result.body["personas"]) <= 5
    assert any(p["age"] >= 70 and p["senior"] for p in result.body["personas"])
    text = json.dumps(result.body, ensure_ascii=False)
    assert not re.search(r"\d{4}\*+\d{4}|\d{3}\*{4}\d{4}|\d{11}", text)


async def test_login_gives_a_token_that_opens_the_masked_profile(api: Api) -> None:
    login = await api.post("/auth/login", json={"persona_id": "zhang"})
    assert login.body["token_type"] == "Bearer"
    assert login.body["expires_at"] == "2026-11-26T18:00:00+08:00"
    profile = await api.get("/me", token=login.body["token"])
    assert profile.body["display_name"] == "张**"
    assert re.fullmatch(r"4403\*{10}\d{4}", profile.body["masked_id_number"])
    assert re.fullmatch(r"1\d{2}\*{4}\d{4}", profile.body["masked_phone"])


@pytest.mark.parametrize("path", CITIZEN_ENDPOINTS)
async def test_citizen_endpoints_answer_401_without_login(api: Api, path: str) -> None:
    result = await api.get(path)
    assert result.status == 401
    assert result.error_code == "auth_required"
    assert "登录" in result.body["error"]["message"]
    assert result.headers["WWW-Authenticate"] == "Bearer"


async def test_tampered_malformed_and_foreign_tokens_are_rejected(api: Api) -> None:
    token = await api.login("zhang")
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    foreign, _ = auth.issue(b"another-key", "zhang", parse_instant(NOW), 8)
    for bad in (forged, "not-a-token", foreign):
        result = await api.get("/me", token=bad)
        assert (result.status, result.error_code) == (401, "invalid_token")
    basic = await api.get("/me", headers={"Authorization": "Basic emhhbmc6MTIz"})
    assert (basic.status, basic.error_code) == (401, "invalid_token")


async def test_token_expires_after_eight_hours(api: Api) -> None:
    token = await api.login("li")
    assert (await api.get("/me", token=token, now="2026-11-26T17:59:00+08:00")).status == 200
    late = await api.get("/me", token=token, now="2026-11-26T18:00:01+08:00")
    assert (late.status, late.error_code) == (401, "token_expired")


async def test_login_with_unknown_or_missing_persona(api: Api) -> None:
    unknown = await api.post("/auth/login", json={"persona_id": "nobody"})
    assert (unknown.status, unknown.error_code) == (404, "persona_not_found")
    missing = await api.post("/auth/login", json={})
    assert (missing.status, missing.error_code) == (422, "validation_error")
    assert missing.body["error"]["message"] == "缺少必填项：演示居民编号"

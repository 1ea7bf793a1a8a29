"""民生诉求 tickets: filing (named or anonymous), status history, views, idempotency."""
from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import create_engine, select

from mock_services.models import Ticket

from .conftest import Api

NOISE = {"category": "noise", "description": "楼上每天凌晨两点还在装修，电钻声很大。", "location": "南山区粤海街道某小区 5 栋"}


async def test_anonymous_filing_needs_no_login_and_keeps_no_contact(api: Api) -> None:
    result = await api.post("/tickets", json={**NOISE, "anonymous": True, "contact_phone": "13912345678"})
    assert result.status == 201
    assert re.fullmatch(r"MS20261126\d{4}", result.body["number"])
    assert (result.body["status_name"], result.body["kind_name"]) == ("已受理", "投诉")
    assert result.body["contact_phone"] is None and result.body["anonymous"] is True
    assert [h["status_name"] for h in result.body["history"]] == ["已受理"]


async def test_named_filing_requires_login(api: Api) -> None:
    result = await api.post("/tickets", json=NOISE)
    assert (result.status, result.error_code) == (401, "auth_required")
    assert "匿名" in result.body["error"]["message"]


async def test_phone_numbers_are_stored_and_shown_masked(api: Api, db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    token = await api.login("zhang")
    body = {**NOISE, "description": "噪音太大了，物业电话 13800001111 一直没人接。", "contact_phone": "13912345678"}
    result = await api.post("/tickets", token=token, json=body)
    assert result.body["contact_phone"] == "139****5678"
    assert "138****1111" in result.body["description"]
    engine = create_engine(db_url, future=True)
    with engine.connect() as connection:
        dump = " ".join(str(row) for row in connection.execute(select(Ticket.__table__)))
    engine.dispose()
    assert "13912345678" not in dump and "13800001111" not in dump
    assert "13912345678" not in caplog.text and "13800001111" not in caplog.text


async def test_contact_defaults_to_the_account_phone(api: Api) -> None:
    result = await api.post("/tickets", token=await api.login("li"), json={**NOISE, "kind": "求助"})
    assert result.body["contact_phone"] == "186****3321" and result.body["kind"] == "help"


async def test_status_moves_from_accepted_to_closed_over_time(api: Api) -> None:
    number = (await api.post("/tickets", json={**NOISE, "anonymous": True})).body["number"]
    expected = {
        "2026-11-26T11:59:00+08:00": ["已受理"],
        "2026-11-26T12:00:00+08:00": ["已受理", "已分拨"],
        "2026-11-27T10:00:00+08:00": ["已受理", "已分拨", "处理中"],
        "2026-11-28T10:00:00+08:00": ["已受理", "已分拨", "处理中", "已办结"],  # noise closes in 2 days
    }
    for now, statuses in expected.items():
        result = await api.get(f"/tickets/{number}", now=now)
        assert [h["status_name"] for h in result.body["history"]] == statuses
        assert result.body["status_name"] == statuses[-1]
    final = (await api.get(f"/tickets/{number}", now="2026-12-01T00:00:00+08:00")).body
    times = [h["at"] for h in final["history"]]
    assert times == sorted(times) and final["due_by"] == times[-1]
    assert "南山区街道办事处" in final["history"][1]["note"]


async def test_only_the_filer_sees_description_and_place(api: Api) -> None:
    number = (await api.post("/tickets", token=await api.login("wang"), json=NOISE)).body["number"]
    public = await api.get(f"/tickets/{number}")
    other = await api.get(f"/tickets/{number}", token=await api.login("li"))
    for view in (public.body, other.body):
        assert view["owner_view"] is False
        assert view["description"] is view["location"] is view["contact_phone"] is None
    owner = await api.get(f"/tickets/{number}", token=await api.login("wang"))
    assert owner.body["description"] == NOISE["description"] and owner.body["district"] == "南山区"


@pytest.mark.parametrize("login_as", [None, "zhang"])
async def test_same_idempotency_key_files_one_ticket(api: Api, login_as: str | None) -> None:
    token = await api.login(login_as) if login_as else None
    body = {**NOISE, "anonymous": True}
    headers = {"Idempotency-Key": "3f1c9a7e-ticket"}
    first = await api.post("/tickets", token=token, json=body, headers=headers)
    second = await api.post("/tickets", token=token, json=body, headers=headers)
    assert first.body["number"] == second.body["number"]
    assert second.headers["Idempotent-Replayed"] == "true"
    third = await api.post("/tickets", token=token, json=body)
    assert third.body["number"] == first.body["number"][:-4] + f"{int(first.body['number'][-4:]) + 1:04d}"


async def test_my_tickets_include_the_seeded_one_in_progress(api: Api) -> None:
    result = await api.get("/tickets", token=await api.login("chen"))
    assert result.body["count"] == 1
    ticket = result.body["tickets"][0]
    assert (ticket["category_name"], ticket["status_name"]) == ("物业管理", "处理中")
    assert ticket["department"] == "罗湖区住房和建设局"


async def test_categories_by_id_or_name_and_unknown_ones(api: Api) -> None:
    options = await api.get("/tickets/categories")
    names = {c["name"] for c in options.body["categories"]}
    assert {"噪音扰民", "劳动欠薪", "其他"} <= names
    by_name = await api.post("/tickets", json={**NOISE, "category": "劳动欠薪", "location": "某工地", "anonymous": True})
    assert by_name.body["category"] == "wage_arrears"
    assert by_name.body["department"] == "深圳市人力资源和社会保障局"  # no district in the location
    unknown = await api.post("/tickets", json={**NOISE, "category": "ufo", "anonymous": True})
    assert (unknown.status, unknown.error_code) == (422, "validation_error")
    assert unknown.body["error"]["message"].startswith("诉求分类的取值无效")


async def test_too_short_description_and_bad_phone(api: Api) -> None:
    result = await api.post("/tickets", json={**NOISE, "description": "吵", "contact_phone": "123", "anonymous": True})
    assert result.status == 422
    messages = {d["field"]: d["message"] for d in result.body["error"]["details"]}
    assert messages == {"description": "诉求描述至少需要 5 个字", "contact_phone": "联系电话应为 11 位手机号"}


async def test_lookup_of_a_malformed_or_unknown_ticket(api: Api) -> None:
    assert (await api.get("/tickets/MS1")).status == 400
    assert (await api.get("/tickets/MS209901010001")).error_code == "ticket_not_found"

"""The same backend on PostgreSQL (opt-in: set ISZ_MOCK_TEST_PG_URL, e.g.
postgresql://postgres@127.0.0.1:5432/test).  Runs in a throw-away schema."""
from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mock_services.config import MockConfig

from .conftest import Api, build_app

PG_URL = os.environ.get("ISZ_MOCK_TEST_PG_URL", "")
pytestmark = pytest.mark.skipif(not PG_URL, reason="ISZ_MOCK_TEST_PG_URL not set")


@pytest.fixture
def pg_url() -> Iterator[str]:
    schema = f"mock_services_test_{secrets.token_hex(4)}"
    admin = create_engine(PG_URL, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


async def test_booking_tickets_and_queue_on_postgres(aiohttp_client: Any, pg_url: str, config: MockConfig) -> None:
    api = Api(await aiohttp_client(build_app(pg_url, config)))
    booking = {"service": "residence_permit", "hall_id": "shenshan", "date": "2026-11-27", "slot": "09:00-10:00"}
    li = await api.login("li")
    first = await api.post("/appointments", token=li, json=booking, headers={"Idempotency-Key": "pg-1"})
    replay = await api.post("/appointments", token=li, json=booking, headers={"Idempotency-Key": "pg-1"})
    assert first.status == 201 and replay.body["number"] == first.body["number"]
    assert (await api.post("/appointments", token=await api.login("zhang"), json=booking)).status == 201
    full = await api.post("/appointments", token=await api.login("wang"), json=booking)
    assert full.error_code == "slot_full"
    assert (await api.post(f"/appointments/{first.body['number']}/cancel", token=li)).status == 200
    assert (await api.post("/appointments", token=await api.login("wang"), json=booking)).status == 201
    ticket = await api.post("/tickets", json={"category": "noise", "description": "夜里施工很吵闹",
                                              "location": "福田区", "anonymous": True})
    assert ticket.body["number"] == "MS202611260001"
    assert (await api.post("/agent-queue", json={})).body["position"] == 1
    summary = await api.get("/social-insurance/summary", token=await api.login("wang"))
    assert summary.body["arrears_months"] == ["2026-08", "2026-09"]

"""The human-agent queue: office hours, position and wait, leaving."""
from __future__ import annotations

import pytest

from .conftest import Api

THURSDAY_10 = "2026-11-26T10:00:00+08:00"


@pytest.mark.parametrize(("now", "is_open"), [
    ("2026-11-26T08:59:59+08:00", False),
    ("2026-11-26T09:00:00+08:00", True),
    ("2026-11-26T17:59:00+08:00", True),
    ("2026-11-26T18:00:00+08:00", False),
    ("2026-11-28T10:00:00+08:00", False),  # Saturday
    ("2026-11-26T02:00:00Z", True),  # 10:00 in Shenzhen
])
async def test_office_hours_are_working_days_nine_to_six_shenzhen_time(api: Api, now: str, is_open: bool) -> None:
    assert (await api.get("/agent-queue", now=now)).body["open"] is is_open


async def test_outside_hours_joining_suggests_12345_and_the_next_opening(api: Api) -> None:
    result = await api.post("/agent-queue", json={}, now="2026-11-27T18:30:00+08:00")  # Friday evening
    assert (result.status, result.body["open"], result.body["hotline"]) == (200, False, "12345")
    assert result.body["next_open_at"] == "2026-11-30T09:00:00+08:00"  # Monday
    assert "12345" in result.body["message"] and "工作日 9:00–18:00" in result.body["message"]


async def test_joining_gives_position_and_wait_and_the_queue_moves(api: Api) -> None:
    first = await api.post("/agent-queue", token=await api.login("chen"), json={"topic": "社保卡补办"})
    second = await api.post("/agent-queue", token=await api.login("li"), json={})
    assert (first.status, first.body["position"], first.body["estimated_wait_minutes"]) == (201, 1, 4)
    assert (second.body["position"], second.body["estimated_wait_minutes"]) == (2, 8)
    assert "前面还有 1 人" in second.body["message"]
    status = await api.get("/agent-queue")
    assert status.body["waiting"] == 2
    left = await api.post(f"/agent-queue/{first.body['queue_id']}/leave")
    assert left.body["status"] == "left"
    moved = await api.get(f"/agent-queue/{second.body['queue_id']}")
    assert (moved.body["position"], moved.body["estimated_wait_minutes"]) == (1, 4)
    assert moved.body["message"].startswith("下一位就是您")
    connected = await api.get(f"/agent-queue/{second.body['queue_id']}", now="2026-11-26T10:04:00+08:00")
    assert connected.body["status"] == "connected"
    again = await api.post(f"/agent-queue/{first.body['queue_id']}/leave")
    assert (again.status, again.error_code) == (409, "not_waiting")


async def test_after_the_wait_the_citizen_is_connected(api: Api) -> None:
    queue_id = (await api.post("/agent-queue", json={})).body["queue_id"]
    later = await api.get(f"/agent-queue/{queue_id}", now="2026-11-26T10:04:00+08:00")
    assert (later.body["status_name"], later.body["position"]) == ("已接通", 0)


async def test_joining_twice_keeps_one_place(api: Api) -> None:
    token = await api.login("zhang")
    first = await api.post("/agent-queue", token=token, json={})
    again = await api.post("/agent-queue", token=token, json={})
    assert again.status == 200 and again.body["queue_id"] == first.body["queue_id"]
    headers = {"Idempotency-Key": "handoff-1"}
    anonymous = await api.post("/agent-queue", json={}, headers=headers)
    replay = await api.post("/agent-queue", json={}, headers=headers)
    assert replay.body == anonymous.body and replay.headers["Idempotent-Replayed"] == "true"
    assert (await api.get("/agent-queue")).body["waiting"] == 2


async def test_unknown_queue_id(api: Api) -> None:
    assert (await api.get("/agent-queue/Q0000000000000000")).error_code == "queue_entry_not_found"
    assert (await api.get("/agent-queue/nope")).status == 400

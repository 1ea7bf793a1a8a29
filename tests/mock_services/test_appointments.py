"""Booking, listing and cancelling hall appointments; capacity and idempotency."""
from __future__ import annotations

import re

import pytest

from .conftest import Api

FRIDAY = "2026-11-27"


def booking(service: str = "residence_permit", hall: str = "shenshan", day: str = FRIDAY,
            slot: str = "09:00-10:00") -> dict[str, str]:
    return {"service": service, "hall_id": hall, "date": day, "slot": slot}


async def remaining(api: Api, hall: str, day: str, slot: str) -> int:
    result = await api.get(f"/halls/{hall}/slots", params={"date": day})
    return next(s["remaining"] for s in result.body["days"][0]["slots"] if s["slot"] == slot)


async def test_booking_takes_a_place_and_shows_in_my_list(api: Api) -> None:
    token = await api.login("li")
    result = await api.post("/appointments", token=token, json=booking(slot="9:00"))
    assert result.status == 201
    assert re.fullmatch(r"YY\d{10}", result.body["number"]) and result.body["number"].startswith("YY261126")
    assert (result.body["status_name"], result.body["slot"], result.body["weekday"]) == ("已预约", "09:00-10:00", "周五")
    assert await remaining(api, "shenshan", FRIDAY, "09:00-10:00") == 1
    mine = await api.get("/appointments", token=token)
    assert [a["number"] for a in mine.body["appointments"]] == [result.body["number"]]


async def test_cancelling_frees_the_slot_and_cannot_happen_twice(api: Api) -> None:
    token = await api.login("li")
    number = (await api.post("/appointments", token=token, json=booking())).body["number"]
    cancelled = await api.post(f"/appointments/{number}/cancel", token=token)
    assert (cancelled.body["status"], cancelled.body["cancelled_at"]) == ("cancelled", "2026-11-26T10:00:00+08:00")
    assert await remaining(api, "shenshan", FRIDAY, "09:00-10:00") == 2
    again = await api.post(f"/appointments/{number}/cancel", token=token)
    assert (again.status, again.error_code) == (409, "already_cancelled")
    booked_only = await api.get("/appointments", token=token, params={"status": "booked"})
    assert booked_only.body["count"] == 0


async def test_full_slot_is_409_with_other_times_suggested(api: Api) -> None:
    for persona in ("li", "zhang"):  # 深汕 has two places per slot
        assert (await api.post("/appointments", token=await api.login(persona), json=booking())).status == 201
    full = await api.post("/appointments", token=await api.login("wang"), json=booking())
    assert (full.status, full.error_code) == (409, "slot_full")
    assert "已约满" in full.body["error"]["message"] and "10:00-11:00" in full.body["error"]["message"]
    assert await remaining(api, "shenshan", FRIDAY, "09:00-10:00") == 0


async def test_same_idempotency_key_books_once(api: Api) -> None:
    token = await api.login("li")
    headers = {"Idempotency-Key": "chat-42-book-1"}
    first = await api.post("/appointments", token=token, json=booking(), headers=headers)
    replay = await api.post("/appointments", token=token, json=booking(), headers=headers)
    assert (first.status, replay.status) == (201, 201)
    assert replay.body == first.body and replay.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert (await api.get("/appointments", token=token)).body["count"] == 1
    assert await remaining(api, "shenshan", FRIDAY, "09:00-10:00") == 1
    reused = await api.post("/appointments", token=token, json=booking(slot="10:00-11:00"), headers=headers)
    assert (reused.status, reused.error_code) == (422, "idempotency_key_reused")


async def test_a_second_booking_without_key_is_a_duplicate(api: Api) -> None:
    token = await api.login("li")
    await api.post("/appointments", token=token, json=booking())
    second = await api.post("/appointments", token=token, json=booking(slot="14:00-15:00"))
    assert (second.status, second.error_code) == (409, "duplicate_appointment")


@pytest.mark.parametrize(("body", "code"), [
    (booking(day="2026-11-26", slot="09:00-10:00"), "slot_passed"),
    (booking(hall="nanshan", day="2026-11-28"), "hall_closed"),
    (booking(service="driver_licence"), "service_not_offered"),
    (booking(day="2026-12-20"), "date_out_of_window"),
    (booking(slot="12:00-13:00"), "invalid_slot"),
    (booking(service="teleport"), "unknown_service"),
    (booking(hall="atlantis"), "unknown_hall"),
    (booking(day="27/11/2026"), "validation_error"),
    ({"service": "residence_permit"}, "validation_error"),
])
async def test_bookings_that_cannot_be_served_say_why(api: Api, body: dict, code: str) -> None:
    result = await api.post("/appointments", token=await api.login("li"), json=body)
    assert (result.status, result.error_code) == (422, code)
    assert re.search(r"[\u4e00-\u9fff]", result.body["error"]["message"])


async def test_other_peoples_appointments_are_invisible(api: Api) -> None:
    zhang = await api.login("zhang")
    number = (await api.get("/appointments", token=zhang)).body["appointments"][0]["number"]
    li = await api.login("li")
    assert (await api.get(f"/appointments/{number}", token=li)).error_code == "appointment_not_found"
    assert (await api.post(f"/appointments/{number}/cancel", token=li)).status == 404
    assert (await api.get(f"/appointments/{number}", token=zhang)).body["hall"]["id"] == "nanshan"


async def test_an_appointment_that_has_started_cannot_be_cancelled(api: Api) -> None:
    late_now = "2026-11-27T10:05:00+08:00"
    token = await api.login("zhang", now=late_now)
    number = (await api.get("/appointments", token=token, now=late_now)).body["appointments"][0]["number"]
    late = await api.post(f"/appointments/{number}/cancel", token=token, now=late_now)
    assert (late.status, late.error_code) == (409, "appointment_passed")

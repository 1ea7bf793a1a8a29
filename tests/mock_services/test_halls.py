"""Service halls per district and their daily slots."""
from __future__ import annotations

from mock_services.catalogue import DISTRICTS, SLOTS

from .conftest import Api


async def test_every_district_and_shenshan_has_a_hall(api: Api) -> None:
    result = await api.get("/halls")
    assert {h["district"] for h in result.body["halls"]} == set(DISTRICTS)
    assert len(DISTRICTS) == 11


async def test_district_filter_accepts_short_names(api: Api) -> None:
    shenshan = await api.get("/halls", params={"district": "深汕"})
    assert [h["id"] for h in shenshan.body["halls"]] == ["shenshan"]
    nanshan = await api.get("/halls", params={"district": "南山"})
    assert {h["district"] for h in nanshan.body["halls"]} == {"南山区"}
    unknown = await api.get("/halls", params={"district": "火星区"})
    assert unknown.status == 400 and "火星区" in unknown.body["error"]["message"]


async def test_service_filter_lists_only_halls_that_handle_it(api: Api) -> None:
    result = await api.get("/halls", params={"service": "driver_licence"})
    assert 0 < result.body["count"] < 12
    for hall in result.body["halls"]:
        assert "driver_licence" in {s["code"] for s in hall["services"]}


async def test_slots_today_hide_the_past_and_show_capacity(api: Api) -> None:
    result = await api.get("/halls/nanshan/slots", params={"days": 1})
    day = result.body["days"][0]
    assert (day["date"], day["weekday"], day["open"]) == ("2026-11-26", "周四", True)
    available = {s["slot"]: s["available"] for s in day["slots"]}
    assert list(available) == list(SLOTS)
    assert available["09:00-10:00"] is False and available["10:00-11:00"] is False  # started at 10:00
    assert available["11:00-12:00"] is True
    assert all(s["capacity"] == 4 and s["remaining"] == 4 for s in day["slots"])


async def test_weekend_is_closed_except_at_the_citizen_center(api: Api) -> None:
    district = await api.get("/halls/nanshan/slots", params={"date": "2026-11-28"})
    assert district.body["days"][0]["open"] is False
    assert not any(s["available"] for s in district.body["days"][0]["slots"])
    city = await api.get("/halls/city/slots", params={"date": "2026-11-28"})
    assert city.body["days"][0]["open"] is True and all(s["available"] for s in city.body["days"][0]["slots"])


async def test_seeded_appointment_takes_a_place(api: Api) -> None:
    result = await api.get("/halls/nanshan/slots", params={"date": "2026-11-27"})
    slot = next(s for s in result.body["days"][0]["slots"] if s["slot"] == "10:00-11:00")
    assert (slot["booked"], slot["remaining"]) == (1, 3)


async def test_unknown_hall_and_dates_outside_the_window(api: Api) -> None:
    assert (await api.get("/halls/atlantis")).error_code == "hall_not_found"
    assert (await api.get("/halls/atlantis/slots")).status == 404
    too_late = await api.get("/halls/city/slots", params={"date": "2026-12-30"})
    assert too_late.status == 400 and "14 天" in too_late.body["error"]["message"]
    services = await api.get("/services")
    assert {"hk_macau_permit", "social_security_card"} <= {s["code"] for s in services.body["services"]}

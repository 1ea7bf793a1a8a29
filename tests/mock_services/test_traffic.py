"""Traffic violations of the logged-in citizen's own vehicles."""
from __future__ import annotations

from .conftest import Api


async def test_violations_of_my_plate_written_any_way(api: Api) -> None:
    token = await api.login("li")
    for written in ("粤BD12345", "粤b·d12345", "粤B D12345"):
        result = await api.get("/traffic/violations", token=token, params={"plate": written})
        assert result.status == 200
        assert [v["display_plate"] for v in result.body["violations"]] == ["粤B·D12345"]
    assert (result.body["unhandled_count"], result.body["unhandled_fine"]) == (1, 200)
    assert "交管12123" in result.body["message"]


async def test_someone_elses_plate_is_not_found(api: Api) -> None:
    result = await api.get("/traffic/violations", token=await api.login("li"), params={"plate": "粤B12345"})
    assert (result.status, result.error_code) == (404, "vehicle_not_found")
    assert "粤B·12345" in result.body["error"]["message"]


async def test_malformed_plate_is_400(api: Api) -> None:
    result = await api.get("/traffic/violations", token=await api.login("li"), params={"plate": "京A"})
    assert result.status == 400 and "粤B12345" in result.body["error"]["message"]


async def test_all_vehicles_and_status_filter(api: Api) -> None:
    token = await api.login("wang")
    vehicles = await api.get("/vehicles", token=token)
    assert {v["plate"] for v in vehicles.body["vehicles"]} == {"粤B88K66", "粤BF23456"}
    everything = await api.get("/traffic/violations", token=token)
    assert everything.body["count"] == 2
    handled = await api.get("/traffic/violations", token=token, params={"status": "handled"})
    assert [v["status_name"] for v in handled.body["violations"]] == ["已处理"]
    assert handled.body["unhandled_count"] == 1  # what is owed does not depend on the filter


async def test_citizen_without_vehicles(api: Api) -> None:
    token = await api.login("chen")
    assert (await api.get("/vehicles", token=token)).body["count"] == 0
    result = await api.get("/traffic/violations", token=token)
    assert result.body["count"] == 0 and result.body["message"] == "没有未处理的交通违法记录。"

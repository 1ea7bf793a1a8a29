"""The logged-in citizen's vehicles and their traffic violations (交通违法)."""
from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from mock_services.clock import iso
from mock_services.endpoints import BOOLEAN, DATE, DATETIME, INTEGER, STRING, Call, Param, Routes, obj, page_of, ref
from mock_services.errors import not_found
from mock_services.models import Vehicle, Violation

PLATE_PATTERN = r"^粤[A-Za-z]\s*[·・.]?\s*[A-Za-z0-9]{5,6}$"


def normalise_plate(text: str) -> str:
    """``粤b·d12345`` → ``粤BD12345`` (the stored form)."""
    return re.sub(r"[\s·・.]", "", text).upper()


def display_plate(plate: str) -> str:
    """``粤BD12345`` → ``粤B·D12345`` as printed on the plate."""
    return f"{plate[:2]}·{plate[2:]}"


routes = Routes("交通违法", "本人名下车辆与交通违法记录（需登录）。", schemas={
    "Vehicle": obj({"plate": STRING, "display_plate": STRING, "vehicle_type": STRING, "registered_on": DATE,
                    "unhandled_count": INTEGER, "unhandled_fine": INTEGER, "unhandled_points": INTEGER}),
    "VehicleList": page_of("Vehicle", "vehicles", "本人名下车辆"),
    "Violation": obj({"id": INTEGER, "plate": STRING, "display_plate": STRING, "occurred_at": DATETIME,
                      "location": STRING, "behaviour": STRING, "fine": {"type": "integer", "description": "罚款（元）"},
                      "points": {"type": "integer", "description": "记分"}, "handled": BOOLEAN,
                      "status_name": STRING}),
    "ViolationList": obj({
        "violations": {"type": "array", "items": ref("Violation")}, "count": INTEGER,
        "unhandled_count": INTEGER, "unhandled_fine": INTEGER, "unhandled_points": INTEGER, "message": STRING,
    }),
})


def _totals(violations: list[Violation]) -> dict[str, int]:
    open_ones = [v for v in violations if not v.handled]
    return {"unhandled_count": len(open_ones), "unhandled_fine": sum(v.fine_yuan for v in open_ones),
            "unhandled_points": sum(v.points for v in open_ones)}


@routes.get("/vehicles", summary="我名下的车辆", response="VehicleList", auth="required")
async def my_vehicles(call: Call) -> dict[str, Any]:
    """Plates bound to the account, each with what is still to be handled."""
    vehicles = call.session.execute(select(Vehicle).where(Vehicle.persona_id == call.persona().id)
                                    .order_by(Vehicle.plate)).scalars().all()
    items = []
    for vehicle in vehicles:
        violations = call.session.execute(select(Violation).where(Violation.plate == vehicle.plate)).scalars().all()
        items.append({"plate": vehicle.plate, "display_plate": display_plate(vehicle.plate),
                      "vehicle_type": vehicle.vehicle_type, "registered_on": vehicle.registered_on.isoformat(),
                      **_totals(violations)})
    return {"vehicles": items, "count": len(items)}


@routes.get("/traffic/violations", summary="交通违法查询", response="ViolationList", auth="required",
            errors={404: "vehicle_not_found"}, params=(
                Param("plate", "query", {"type": "string", "pattern": PLATE_PATTERN, "title": "车牌号",
                                         "x-message": "车牌号格式不正确，例如 粤B12345 或 粤B·D12345"},
                      "只查这辆车（须在本人名下）；不填查全部车辆"),
                Param("status", "query", {"type": "string", "enum": ["unhandled", "handled"], "title": "处理状态"},
                      "只看未处理（unhandled）或已处理（handled）"),
            ))
async def traffic_violations(call: Call) -> dict[str, Any]:
    """Violations of the citizen's own vehicles only: a plate of someone else is "not found"."""
    plates = list(call.session.execute(select(Vehicle.plate).where(Vehicle.persona_id == call.persona().id))
                  .scalars())
    if "plate" in call.params:
        wanted = normalise_plate(call.params["plate"])
        if wanted not in plates:
            raise not_found("vehicle_not_found", f"您名下没有车牌为 {display_plate(wanted)} 的车辆，请确认车牌号")
        plates = [wanted]
    every = call.session.execute(select(Violation).where(Violation.plate.in_(plates))
                                 .order_by(Violation.occurred_at.desc())).scalars().all()
    totals = _totals(every)  # what is owed, whatever the list is filtered to
    status = call.params.get("status")
    violations = [v for v in every if status is None or v.handled == (status == "handled")]
    message = (f"有 {totals['unhandled_count']} 条未处理的违法记录，共罚款 {totals['unhandled_fine']} 元、"
               f"记 {totals['unhandled_points']} 分，可在“交管12123”App 处理。" if totals["unhandled_count"]
               else "没有未处理的交通违法记录。")
    return {
        "violations": [{"id": v.id, "plate": v.plate, "display_plate": display_plate(v.plate),
                        "occurred_at": iso(v.occurred_at), "location": v.location, "behaviour": v.behaviour,
                        "fine": v.fine_yuan, "points": v.points, "handled": v.handled,
                        "status_name": "已处理" if v.handled else "未处理"} for v in violations],
        "count": len(violations), **totals, "message": message,
    }

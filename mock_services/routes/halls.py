"""Service halls per district, the services they handle, and their daily slots.

Also owns slot bookkeeping (:func:`reserve_slot`, :func:`release_slot`) so the
appointment module and the seed change capacity the same way.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mock_services.catalogue import BOOKING_WINDOW_DAYS, DISTRICTS, SLOTS, normalise_district
from mock_services.clock import WEEKDAY_NAMES, at
from mock_services.endpoints import (
    BOOLEAN,
    DATE,
    INTEGER,
    STRING,
    Call,
    Param,
    Routes,
    obj,
    page_of,
    ref,
)
from mock_services.errors import ApiError, conflict, not_found
from mock_services.models import BookableService, Hall, SlotUsage

SERVICE_CODE = {"type": "string", "pattern": r"^[a-z_]{2,32}$", "title": "办理事项"}
HALL_ID_PARAM = Param("hall_id", "path", {"type": "string", "pattern": r"^[a-z-]{2,32}$", "title": "大厅编号"},
                      "大厅编号，如 nanshan")

routes = Routes("办事大厅", "可预约的事项、各区办事大厅与每日号源。", schemas={
    "BookableService": obj({"code": STRING, "name": STRING, "category": STRING, "materials": STRING}),
    "ServiceList": page_of("BookableService", "services", "可预约到大厅办理的事项"),
    "HallService": obj({"code": STRING, "name": STRING}),
    "Hall": obj({
        "id": STRING, "name": STRING, "district": {"type": "string", "enum": list(DISTRICTS)},
        "address": STRING, "phone": STRING, "opening_hours": STRING,
        "slot_capacity": {"type": "integer", "description": "每个时段可预约人数"},
        "services": {"type": "array", "items": ref("HallService")},
    }),
    "HallList": page_of("Hall", "halls", "办事大厅"),
    "Slot": obj({"slot": {"type": "string", "enum": list(SLOTS)}, "capacity": INTEGER, "booked": INTEGER,
                 "remaining": INTEGER, "available": {"type": "boolean", "description": "现在还能预约"}}),
    "SlotDay": obj({"date": DATE, "weekday": STRING, "open": BOOLEAN,
                    "slots": {"type": "array", "items": ref("Slot")}}),
    "HallSlots": obj({"hall_id": STRING, "hall_name": STRING,
                      "days": {"type": "array", "items": ref("SlotDay")}}),
})


def services_of(hall: Hall) -> list[str]:
    return hall.service_codes.split(",")


def opening_hours(hall: Hall) -> str:
    days = "周一至周六" if "6" in hall.open_weekdays else "周一至周五"
    return f"{days} 9:00–12:00，14:00–18:00（法定节假日除外）"


def hall_view(hall: Hall, names: dict[str, str]) -> dict[str, Any]:
    return {"id": hall.id, "name": hall.name, "district": hall.district, "address": hall.address,
            "phone": hall.phone, "opening_hours": opening_hours(hall), "slot_capacity": hall.slot_capacity,
            "services": [{"code": code, "name": names[code]} for code in services_of(hall)]}


def service_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(BookableService.code, BookableService.name)).all())


def get_hall(session: Session, hall_id: str) -> Hall:
    hall = session.get(Hall, hall_id)
    if hall is None:
        raise not_found("hall_not_found", "没有这个办事大厅")
    return hall


def is_open(hall: Hall, day: date) -> bool:
    return str(day.isoweekday()) in hall.open_weekdays


def in_window(day: date, now: datetime) -> bool:
    """Appointments run from today to 14 days ahead."""
    return now.date() <= day <= now.date() + timedelta(days=BOOKING_WINDOW_DAYS)


def usage(session: Session, hall: Hall, day: date) -> dict[str, int]:
    rows = session.execute(select(SlotUsage.slot, SlotUsage.booked)
                           .where(SlotUsage.hall_id == hall.id, SlotUsage.day == day)).all()
    return dict(rows)


def slot_day(session: Session, hall: Hall, day: date, now: datetime) -> dict[str, Any]:
    """One day's slots with remaining capacity; a past or closed slot is not available."""
    booked = usage(session, hall, day)
    open_day = is_open(hall, day) and in_window(day, now)
    slots = []
    for slot in SLOTS:
        taken = booked.get(slot, 0)
        remaining = max(hall.slot_capacity - taken, 0)
        slots.append({"slot": slot, "capacity": hall.slot_capacity, "booked": taken, "remaining": remaining,
                      "available": open_day and remaining > 0 and at(day, slot[:5]) > now})
    return {"date": day.isoformat(), "weekday": WEEKDAY_NAMES[day.weekday()], "open": is_open(hall, day),
            "slots": slots}


def reserve_slot(session: Session, hall: Hall, day: date, slot: str, now: datetime) -> None:
    """Take one place, or 409 when full; a conditional UPDATE makes this safe under concurrency."""
    exists = session.execute(select(SlotUsage.id).where(
        SlotUsage.hall_id == hall.id, SlotUsage.day == day, SlotUsage.slot == slot)).first()
    if exists is None:
        session.add(SlotUsage(hall_id=hall.id, day=day, slot=slot, booked=0))
        session.flush()
    taken = session.execute(update(SlotUsage).where(
        SlotUsage.hall_id == hall.id, SlotUsage.day == day, SlotUsage.slot == slot,
        SlotUsage.booked < hall.slot_capacity).values(booked=SlotUsage.booked + 1))
    if not taken.rowcount:
        free = [s["slot"] for s in slot_day(session, hall, day, now)["slots"] if s["available"]]
        hint = f"当天还可预约：{'、'.join(free)}" if free else "当天已全部约满，请换一天"
        raise conflict("slot_full", f"{day.isoformat()} {slot} 已约满。{hint}")


def release_slot(session: Session, hall_id: str, day: date, slot: str) -> None:
    session.execute(update(SlotUsage).where(
        SlotUsage.hall_id == hall_id, SlotUsage.day == day, SlotUsage.slot == slot, SlotUsage.booked > 0,
    ).values(booked=SlotUsage.booked - 1))


@routes.get("/services", summary="可预约的办理事项", response="ServiceList")
async def list_services(call: Call) -> dict[str, Any]:
    """The codes accepted by ``POST /appointments``, with the materials to bring."""
    rows = call.session.execute(select(BookableService).order_by(BookableService.code)).scalars().all()
    return {"services": [{"code": s.code, "name": s.name, "category": s.category, "materials": s.materials}
                         for s in rows], "count": len(rows)}


@routes.get("/halls", summary="办事大厅列表", response="HallList", params=(
    Param("district", "query", {"type": "string", "maxLength": 16, "title": "区"},
          "区名，可写简称：南山、南山区、深汕"),
    Param("service", "query", SERVICE_CODE, "只列出能办理这个事项的大厅"),
))
async def list_halls(call: Call) -> dict[str, Any]:
    """Halls in the ten districts and 深汕, filterable by district and service."""
    halls = call.session.execute(select(Hall)).scalars().all()
    if "district" in call.params:
        district = normalise_district(call.params["district"])
        if district is None:
            raise ApiError(400, "invalid_parameter",
                           f"没有“{call.params['district']}”这个区，可选：{'、'.join(DISTRICTS)}")
        halls = [h for h in halls if h.district == district]
    if "service" in call.params:
        halls = [h for h in halls if call.params["service"] in services_of(h)]
    halls.sort(key=lambda h: (DISTRICTS.index(h.district), h.id != "city", h.id))
    names = service_names(call.session)
    return {"halls": [hall_view(h, names) for h in halls], "count": len(halls)}


@routes.get("/halls/{hall_id}", summary="办事大厅详情", response="Hall", params=(HALL_ID_PARAM,), errors={404: "hall_not_found"})
async def hall_detail(call: Call) -> dict[str, Any]:
    """Address, hours and services of one hall."""
    return hall_view(get_hall(call.session, call.params["hall_id"]), service_names(call.session))


@routes.get("/halls/{hall_id}/slots", summary="大厅号源", response="HallSlots", errors={404: "hall_not_found"}, params=(
    HALL_ID_PARAM,
    Param("date", "query", {**DATE, "title": "日期", "x-message": "日期格式应为 YYYY-MM-DD"},
          "只看这一天；默认从今天起"),
    Param("days", "query", {"type": "integer", "minimum": 1, "maximum": BOOKING_WINDOW_DAYS + 1,
                            "title": "天数"}, "从起始日期起看几天，默认 7"),
))
async def hall_slots(call: Call) -> dict[str, Any]:
    """Remaining places per slot, so the bot can offer only bookable times."""
    hall = get_hall(call.session, call.params["hall_id"])
    if "date" in call.params:
        first, count = date.fromisoformat(call.params["date"]), call.params.get("days", 1)
    else:
        first, count = call.now.date(), call.params.get("days", 7)
    if not in_window(first, call.now):
        raise ApiError(400, "invalid_parameter", f"只能查询今天起 {BOOKING_WINDOW_DAYS} 天内的号源")
    days = [first + timedelta(days=i) for i in range(count) if in_window(first + timedelta(days=i), call.now)]
    return {"hall_id": hall.id, "hall_name": hall.name,
            "days": [slot_day(call.session, hall, day, call.now) for day in days]}

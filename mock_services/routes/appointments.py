"""Hall appointments (预约取号): book, list mine, look up, cancel."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mock_services.catalogue import APPOINTMENT_STATUS, BOOKING_WINDOW_DAYS, SLOTS, normalise_slot
from mock_services.clock import WEEKDAY_NAMES, at, iso
from mock_services.endpoints import (
    DATE,
    DATETIME,
    STRING,
    Call,
    Param,
    Reply,
    Routes,
    nullable,
    obj,
    page_of,
)
from mock_services.errors import conflict, invalid, not_found
from mock_services.models import Appointment, BookableService, Hall
from mock_services.numbering import next_number
from mock_services.routes.halls import SERVICE_CODE, in_window, is_open, release_slot, reserve_slot, services_of

NUMBER_PARAM = Param("number", "path", {"type": "string", "pattern": r"^YY\d{10}$", "title": "预约号",
                                        "x-message": "预约号应为 YY 加 10 位数字"}, "预约号，如 YY2611260042")

routes = Routes("预约", "预约到办事大厅办理（需登录）；提交接受 Idempotency-Key。", schemas={
    "AppointmentRequest": {
        "type": "object", "additionalProperties": False, "required": ["service", "hall_id", "date", "slot"],
        "properties": {
            "service": {**SERVICE_CODE, "description": "GET /services 中的 code"},
            "hall_id": {"type": "string", "title": "办事大厅", "minLength": 2, "maxLength": 32},
            "date": {**DATE, "title": "预约日期", "x-message": "预约日期格式应为 YYYY-MM-DD"},
            "slot": {"type": "string", "title": "时段", "pattern": r"^\d{1,2}:\d{2}(-\d{1,2}:\d{2})?$",
                     "x-message": "时段格式应为 09:00 或 09:00-10:00", "description": f"可选：{'、'.join(SLOTS)}"},
        },
    },
    "Appointment": obj({
        "number": STRING, "status": {"type": "string", "enum": list(APPOINTMENT_STATUS)}, "status_name": STRING,
        "service": obj({"code": STRING, "name": STRING}),
        "hall": obj({"id": STRING, "name": STRING, "district": STRING, "address": STRING}),
        "date": DATE, "weekday": STRING, "slot": STRING, "materials": STRING, "notice": STRING,
        "created_at": DATETIME, "cancelled_at": nullable(DATETIME),
    }),
    "AppointmentList": page_of("Appointment", "appointments", "本人的预约，按预约时间先后"),
})


def view(appointment: Appointment, session: Session) -> dict[str, Any]:
    hall = session.get(Hall, appointment.hall_id)
    service = session.get(BookableService, appointment.service_code)
    notice = ("已取消，该时段已释放给其他市民。" if appointment.status == "cancelled" else
              f"请在 {appointment.slot} 内携带材料到{hall.name}取号办理；如不能前往，请提前取消预约。")
    return {
        "number": appointment.number, "status": appointment.status,
        "status_name": APPOINTMENT_STATUS[appointment.status],
        "service": {"code": service.code, "name": service.name},
        "hall": {"id": hall.id, "name": hall.name, "district": hall.district, "address": hall.address},
        "date": appointment.day.isoformat(), "weekday": WEEKDAY_NAMES[appointment.day.weekday()],
        "slot": appointment.slot, "materials": service.materials, "notice": notice,
        "created_at": iso(appointment.created_at), "cancelled_at": iso(appointment.cancelled_at),
    }


def create_appointment(session: Session, persona_id: str, hall: Hall, service_code: str, day: date, slot: str,
                       now: datetime) -> Appointment:
    """Take the place and write the appointment (also used by the seed)."""
    reserve_slot(session, hall, day, slot, now)
    appointment = Appointment(number=next_number(session, "YY", now), persona_id=persona_id, hall_id=hall.id,
                              service_code=service_code, day=day, slot=slot, status="booked", created_at=now)
    session.add(appointment)
    session.flush()
    return appointment


def _checked_request(call: Call) -> tuple[BookableService, Hall, date, str]:
    """The body's service, hall, day and slot, or the 422/409 a citizen can act on."""
    session, body = call.session, call.body
    service = session.get(BookableService, body["service"])
    if service is None:
        raise invalid("unknown_service", "没有这个可预约的办理事项", "service")
    hall = session.get(Hall, body["hall_id"])
    if hall is None:
        raise invalid("unknown_hall", "没有这个办事大厅", "hall_id")
    if service.code not in services_of(hall):
        others = [h.name for h in session.execute(select(Hall).where(Hall.district == hall.district)).scalars()
                  if service.code in services_of(h)]
        hint = f"同区可办理的大厅：{'、'.join(others)}" if others else "可到深圳市民中心行政服务大厅办理"
        raise invalid("service_not_offered", f"{hall.name}不办理{service.name}。{hint}", "service")
    day = date.fromisoformat(body["date"])
    if not in_window(day, call.now):
        raise invalid("date_out_of_window", f"只能预约今天起 {BOOKING_WINDOW_DAYS} 天内的日期", "date")
    if not is_open(hall, day):
        raise invalid("hall_closed", f"{day.isoformat()}（{WEEKDAY_NAMES[day.weekday()]}）{hall.name}不对外办公", "date")
    slot = normalise_slot(body["slot"])
    if slot is None:
        raise invalid("invalid_slot", f"没有这个时段，可选：{'、'.join(SLOTS)}", "slot")
    if at(day, slot[:5]) <= call.now:
        raise invalid("slot_passed", "这个时段已经开始或已过去，请选择之后的时段", "slot")
    return service, hall, day, slot


@routes.post("/appointments", summary="预约大厅办理", response="Appointment", status=201, auth="required",
             body="AppointmentRequest", idempotent=True, errors={
                 409: "slot_full, duplicate_appointment",
                 422: "unknown_service, unknown_hall, service_not_offered, date_out_of_window, hall_closed, "
                      "invalid_slot, slot_passed",
                 500: "number_exhausted"})
async def book_appointment(call: Call) -> Reply:
    """Books one place; 409 when the slot is full or the same service is already booked that day."""
    persona = call.persona()
    service, hall, day, slot = _checked_request(call)
    duplicate = call.session.execute(select(Appointment).where(
        Appointment.persona_id == persona.id, Appointment.service_code == service.code,
        Appointment.day == day, Appointment.status == "booked")).scalars().first()
    if duplicate is not None:
        raise conflict("duplicate_appointment",
                       f"您已预约 {day.isoformat()} {duplicate.slot} 办理{service.name}（{duplicate.number}），无需重复预约")
    appointment = create_appointment(call.session, persona.id, hall, service.code, day, slot, call.now)
    return Reply(view(appointment, call.session), 201)


@routes.get("/appointments", summary="我的预约", response="AppointmentList", auth="required", params=(
    Param("status", "query", {"type": "string", "enum": list(APPOINTMENT_STATUS), "title": "状态"},
          "只看已预约（booked）或已取消（cancelled）"),
))
async def my_appointments(call: Call) -> dict[str, Any]:
    """The citizen's appointments in time order, to answer "我约了哪天"."""
    query = select(Appointment).where(Appointment.persona_id == call.persona().id)
    if "status" in call.params:
        query = query.where(Appointment.status == call.params["status"])
    rows = call.session.execute(query.order_by(Appointment.day, Appointment.slot, Appointment.id)).scalars().all()
    return {"appointments": [view(a, call.session) for a in rows], "count": len(rows)}


def _mine(call: Call) -> Appointment:
    appointment = call.session.execute(select(Appointment).where(
        Appointment.number == call.params["number"], Appointment.persona_id == call.persona().id,
    )).scalar_one_or_none()
    if appointment is None:
        raise not_found("appointment_not_found", "没有查到您的这个预约，请核对预约号")
    return appointment


@routes.get("/appointments/{number}", summary="查看一个预约", response="Appointment", auth="required",
            params=(NUMBER_PARAM,), errors={404: "appointment_not_found"})
async def appointment_detail(call: Call) -> dict[str, Any]:
    """One of the citizen's own appointments."""
    return view(_mine(call), call.session)


@routes.post("/appointments/{number}/cancel", summary="取消预约", response="Appointment", auth="required",
             params=(NUMBER_PARAM,),
             errors={404: "appointment_not_found", 409: "already_cancelled, appointment_passed"})
async def cancel_appointment(call: Call) -> dict[str, Any]:
    """Cancels and frees the place; 409 if already cancelled or the time has passed."""
    appointment = _mine(call)
    if appointment.status == "cancelled":
        raise conflict("already_cancelled", f"预约 {appointment.number} 已经取消过了")
    if at(appointment.day, appointment.slot[:5]) <= call.now:
        raise conflict("appointment_passed", "预约时间已到或已过，不能再取消")
    appointment.status, appointment.cancelled_at = "cancelled", call.now
    release_slot(call.session, appointment.hall_id, appointment.day, appointment.slot)
    return view(appointment, call.session)

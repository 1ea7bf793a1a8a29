"""民生诉求 tickets (12345 / 民意速办): file, look up by number, list mine.

The status history is scheduled when the ticket is filed (已受理 → 已分拨 →
处理中 → 已办结) and each step becomes visible when its time comes, so progress
is deterministic and testable by moving "now".  No outcome is ever promised.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.masking import mask_pii
from mock_services.auth import unauthorized
from mock_services.catalogue import (
    TICKET_CATEGORIES,
    TICKET_CATEGORY_BY_ID,
    TICKET_KINDS,
    TICKET_STATUS,
    TicketCategory,
    district_in,
    find_ticket_category,
)
from mock_services.clock import iso
from mock_services.endpoints import (
    BOOLEAN,
    DATETIME,
    INTEGER,
    STRING,
    Call,
    Param,
    Reply,
    Routes,
    nullable,
    obj,
    page_of,
    ref,
)
from mock_services.errors import not_found
from mock_services.models import Ticket, TicketEvent
from mock_services.numbering import next_number

NUMBER_PARAM = Param("number", "path", {"type": "string", "pattern": r"^MS\d{12}$", "title": "工单号",
                                        "x-message": "工单号应为 MS 加 12 位数字"}, "工单号，如 MS202611260007")
_KIND_BY_NAME = {name: kind for kind, name in TICKET_KINDS.items()}

routes = Routes("民生诉求", "12345 民生诉求：提交、按工单号查询进度、我的诉求；提交接受 Idempotency-Key。", schemas={
    "TicketRequest": {
        "type": "object", "additionalProperties": False, "required": ["category", "description", "location"],
        "properties": {
            "kind": {"type": "string", "title": "诉求类型", "enum": [*TICKET_KINDS, *TICKET_KINDS.values()],
                     "description": "默认 complaint（投诉）；也可传中文名"},
            "category": {"type": "string", "title": "诉求分类",
                         "enum": [c.id for c in TICKET_CATEGORIES] + [c.name for c in TICKET_CATEGORIES],
                         "description": "GET /tickets/categories 中的 id（或中文名）"},
            "description": {"type": "string", "title": "诉求描述", "minLength": 5, "maxLength": 1000},
            "location": {"type": "string", "title": "发生地点", "minLength": 2, "maxLength": 200},
            "contact_phone": {"type": "string", "title": "联系电话", "pattern": r"^1[3-9]\d{9}$|^1\d{2}\*{4}\d{4}$",
                              "x-message": "联系电话应为 11 位手机号",
                              "description": "只保存脱敏后的号码；不填则用登录账号的手机号；匿名时不保存"},
            "anonymous": {"type": "boolean", "title": "匿名提交",
                          "description": "true 时不向承办单位提供联系方式，未登录也可提交"},
        },
    },
    "TicketEvent": obj({"status": {"type": "string", "enum": list(TICKET_STATUS)}, "status_name": STRING,
                        "at": DATETIME, "note": STRING}),
    "Ticket": obj({
        "number": STRING, "kind": {"type": "string", "enum": list(TICKET_KINDS)}, "kind_name": STRING,
        "category": STRING, "category_name": STRING,
        "status": {"type": "string", "enum": list(TICKET_STATUS)}, "status_name": STRING,
        "department": STRING, "created_at": DATETIME,
        "due_by": {"type": "string", "format": "date-time", "description": "承诺办结时限（不代表处理结果）"},
        "history": {"type": "array", "items": ref("TicketEvent")},
        "owner_view": {"type": "boolean", "description": "为 true 时包含描述、地点和联系方式（仅本人可见）"},
        "description": nullable(STRING), "location": nullable(STRING), "district": nullable(STRING),
        "contact_phone": nullable({"type": "string", "description": "脱敏手机号"}), "anonymous": nullable(BOOLEAN),
    }),
    "TicketList": page_of("Ticket", "tickets", "本人提交的诉求，最新在前"),
    "TicketCategory": obj({"id": STRING, "name": STRING,
                           "service_category": {"type": "string", "description": "categories.yml 中的服务分类"},
                           "days_to_close": INTEGER}),
    "TicketKind": obj({"id": STRING, "name": STRING}),
    "TicketOptions": obj({"categories": {"type": "array", "items": ref("TicketCategory")},
                          "kinds": {"type": "array", "items": ref("TicketKind")}}),
})


def _schedule(category: TicketCategory, department: str, number: str, filed: datetime) -> list[tuple]:
    """(status, at, note) of the whole flow, fixed at filing time."""
    return [
        ("accepted", filed, f"您的诉求已受理，工单号 {number}。"),
        ("dispatched", filed + timedelta(hours=2), f"已分拨至{department}。"),
        ("processing", filed + timedelta(days=1), f"{department}已接单，正在处理。"),
        ("closed", filed + timedelta(days=category.days_to_close),
         f"{department}已办结并答复；如对处理结果不满意，可在回访时提出。"),
    ]


def create_ticket(session: Session, *, persona_id: str | None, kind: str, category: TicketCategory,
                  description: str, location: str, contact: str | None, anonymous: bool, now: datetime) -> Ticket:
    """File a ticket with its scheduled history (also used by the seed)."""
    district = district_in(location)
    department = f"{district}{category.district_office}" if district else category.city_office
    number = next_number(session, "MS", now)
    ticket = Ticket(number=number, persona_id=persona_id, kind=kind, category=category.id,
                    description=mask_pii(description), location=mask_pii(location), district=district,
                    masked_contact_phone=None if anonymous or not contact else mask_pii(contact),
                    anonymous=anonymous, department=department, created_at=now)
    ticket.events = [TicketEvent(seq=i, status=status, at=when, note=note)
                     for i, (status, when, note) in enumerate(_schedule(category, department, number, now))]
    session.add(ticket)
    session.flush()
    return ticket


def view(ticket: Ticket, now: datetime, owner: bool) -> dict[str, Any]:
    """Progress for anyone with the number; description, place and contact only for the filer."""
    history = [e for e in ticket.events if e.seq == 0 or e.at <= now]
    category = TICKET_CATEGORY_BY_ID[ticket.category]
    return {
        "number": ticket.number, "kind": ticket.kind, "kind_name": TICKET_KINDS[ticket.kind],
        "category": ticket.category, "category_name": category.name,
        "status": history[-1].status, "status_name": TICKET_STATUS[history[-1].status],
        "department": ticket.department, "created_at": iso(ticket.created_at),
        "due_by": iso(ticket.events[-1].at),
        "history": [{"status": e.status, "status_name": TICKET_STATUS[e.status], "at": iso(e.at), "note": e.note}
                    for e in history],
        "owner_view": owner,
        "description": ticket.description if owner else None, "location": ticket.location if owner else None,
        "district": ticket.district if owner else None,
        "contact_phone": ticket.masked_contact_phone if owner else None,
        "anonymous": ticket.anonymous if owner else None,
    }


@routes.get("/tickets/categories", summary="诉求分类与类型", response="TicketOptions")
async def ticket_options(call: Call) -> dict[str, Any]:
    """The values ``POST /tickets`` accepts, with Chinese names for the bot's buttons."""
    return {"categories": [{"id": c.id, "name": c.name, "service_category": c.service_category,
                            "days_to_close": c.days_to_close} for c in TICKET_CATEGORIES],
            "kinds": [{"id": kind, "name": name} for kind, name in TICKET_KINDS.items()]}


@routes.post("/tickets", summary="提交民生诉求", response="Ticket", status=201, auth="optional",
             body="TicketRequest", idempotent=True,
             errors={500: "number_exhausted"})
async def file_ticket(call: Call) -> Reply:
    """Anonymous filing needs no login; a named one does (the contact must belong to someone)."""
    body = call.body
    anonymous = bool(body.get("anonymous", False))
    if not anonymous and call.persona_id is None:
        raise unauthorized("auth_required", "实名提交诉求请先登录；也可以选择匿名提交")
    persona = call.persona() if call.persona_id else None
    contact = None if anonymous else body.get("contact_phone") or persona.masked_phone
    kind = body.get("kind", "complaint")
    ticket = create_ticket(call.session, persona_id=call.persona_id, kind=_KIND_BY_NAME.get(kind, kind),
                           category=find_ticket_category(body["category"]), description=body["description"],
                           location=body["location"], contact=contact, anonymous=anonymous, now=call.now)
    return Reply(view(ticket, call.now, owner=True), 201)


@routes.get("/tickets", summary="我的诉求", response="TicketList", auth="required")
async def my_tickets(call: Call) -> dict[str, Any]:
    """Tickets filed while logged in (anonymous ones included: anonymity is towards the department)."""
    rows = call.session.execute(select(Ticket).where(Ticket.persona_id == call.persona().id)
                                .order_by(Ticket.created_at.desc(), Ticket.id.desc())).scalars().all()
    return {"tickets": [view(t, call.now, owner=True) for t in rows], "count": len(rows)}


@routes.get("/tickets/{number}", summary="按工单号查询诉求进度", response="Ticket", auth="optional",
            params=(NUMBER_PARAM,), errors={404: "ticket_not_found"})
async def ticket_by_number(call: Call) -> dict[str, Any]:
    """Anyone with the number sees progress (anonymous filers have nothing else); the filer sees details."""
    ticket = call.session.execute(select(Ticket).where(Ticket.number == call.params["number"])).scalar_one_or_none()
    if ticket is None:
        raise not_found("ticket_not_found", "没有查到这个工单号，请核对后再试")
    owner = call.persona_id is not None and call.persona_id == ticket.persona_id
    return view(ticket, call.now, owner)

"""The human-agent queue (转人工): office hours, joining, position, leaving.

Agents work 工作日 9:00–18:00 Shenzhen time.  Each citizen is expected to take
a few minutes, so an entry's pickup time is fixed when it joins (after everyone
already waiting) and position and wait follow from "now" without a worker.
"""
from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mock_services.catalogue import AGENT_HOURS, AGENT_HOURS_TEXT, AGENT_MINUTES_PER_CITIZEN, HOTLINE
from mock_services.clock import at, iso
from mock_services.endpoints import BOOLEAN, DATETIME, INTEGER, STRING, Call, Param, Reply, Routes, nullable, obj, ref
from mock_services.errors import conflict, not_found
from mock_services.models import QueueEntry

QUEUE_ID_PARAM = Param("queue_id", "path", {"type": "string", "pattern": r"^Q[0-9a-f]{16}$", "title": "排队号"},
                       "加入队列时返回的 queue_id")
ENTRY_STATUS = {"waiting": "排队中", "connected": "已接通", "left": "已离开"}

routes = Routes("人工客服", "人工客服排队：工作时间、加入队列、查询位置、离开。", schemas={
    "QueueStatus": obj({
        "open": BOOLEAN, "hours": STRING, "waiting": INTEGER, "estimated_wait_minutes": nullable(INTEGER),
        "next_open_at": nullable(DATETIME), "hotline": STRING, "message": STRING,
    }),
    "QueueJoinRequest": {"type": "object", "additionalProperties": False, "properties": {
        "topic": {"type": "string", "title": "咨询事项", "maxLength": 200, "description": "给人工客服看的简要说明"},
    }},
    "QueueEntry": obj({
        "open": {"type": "boolean", "const": True}, "queue_id": STRING,
        "status": {"type": "string", "enum": list(ENTRY_STATUS)}, "status_name": STRING,
        "position": {"type": "integer", "description": "前面还有 position-1 人；已接通或离开时为 0"},
        "estimated_wait_minutes": INTEGER, "joined_at": DATETIME, "hours": STRING, "message": STRING,
    }),
    "QueueClosed": obj({"open": {"type": "boolean", "const": False}, "hours": STRING, "next_open_at": DATETIME,
                        "hotline": STRING, "message": STRING}),
    "QueueJoinResult": {"oneOf": [ref("QueueEntry"), ref("QueueClosed")],
                        "description": "open 为 true 时是排队信息，为 false 时是非工作时间的提示"},
})


def is_open(now: datetime) -> bool:
    start, end = (at(now.date(), hhmm) for hhmm in AGENT_HOURS)
    return now.isoweekday() <= 5 and start <= now < end


def next_open(now: datetime) -> datetime:
    """The next moment agents start work (ignores public holidays)."""
    day = now.date()
    for _ in range(8):
        start = at(day, AGENT_HOURS[0])
        if day.isoweekday() <= 5 and start > now:
            return start
        day += timedelta(days=1)
    raise AssertionError("no working day within a week")


def closed_message(now: datetime) -> dict[str, Any]:
    opens = next_open(now)
    return {"open": False, "hours": AGENT_HOURS_TEXT, "next_open_at": iso(opens), "hotline": HOTLINE,
            "message": f"人工客服的服务时间是{AGENT_HOURS_TEXT}，现在不在服务时间。您可以拨打 {HOTLINE} 热线"
                       f"（7×24 小时）反映诉求，或在 {opens.month} 月 {opens.day} 日 9:00 以后再来找人工客服。"}


def _waiting(session: Session, now: datetime) -> list[QueueEntry]:
    return list(session.execute(select(QueueEntry).where(QueueEntry.left_at.is_(None), QueueEntry.pickup_at > now)
                                .order_by(QueueEntry.pickup_at)).scalars())


def _minutes_until(moment: datetime, now: datetime) -> int:
    return max(math.ceil((moment - now).total_seconds() / 60), 0)


def entry_view(session: Session, entry: QueueEntry, now: datetime) -> dict[str, Any]:
    if entry.left_at is not None:
        status = "left"
    else:
        status = "connected" if entry.pickup_at <= now else "waiting"
    position = sum(1 for e in _waiting(session, now) if e.pickup_at <= entry.pickup_at) if status == "waiting" else 0
    wait = _minutes_until(entry.pickup_at, now) if status == "waiting" else 0
    ahead = f"您前面还有 {position - 1} 人" if position > 1 else "下一位就是您"
    message = {"waiting": f"{ahead}，预计等待约 {wait} 分钟，请不要离开。",
               "connected": "已为您接通人工客服。", "left": "您已离开排队。"}[status]
    return {"open": True, "queue_id": entry.id, "status": status, "status_name": ENTRY_STATUS[status],
            "position": position, "estimated_wait_minutes": wait, "joined_at": iso(entry.joined_at),
            "hours": AGENT_HOURS_TEXT, "message": message}


@routes.get("/agent-queue", summary="人工客服状态", response="QueueStatus")
async def queue_status(call: Call) -> dict[str, Any]:
    """Whether agents are working now and how long the queue is, before offering 转人工."""
    if not is_open(call.now):
        return {**closed_message(call.now), "waiting": 0, "estimated_wait_minutes": None}
    waiting = _waiting(call.session, call.now)
    wait = _minutes_until(waiting[-1].pickup_at, call.now) + AGENT_MINUTES_PER_CITIZEN if waiting \
        else AGENT_MINUTES_PER_CITIZEN
    return {"open": True, "hours": AGENT_HOURS_TEXT, "waiting": len(waiting), "estimated_wait_minutes": wait,
            "next_open_at": None, "hotline": HOTLINE,
            "message": f"人工客服在线，目前有 {len(waiting)} 人排队，预计等待约 {wait} 分钟。"}


@routes.post("/agent-queue", summary="加入人工客服排队", response="QueueEntry", status=201, auth="optional",
             body="QueueJoinRequest", idempotent=True, also={200: "QueueJoinResult"})
async def join_queue(call: Call) -> Reply:
    """201 with position and wait; 200 ``open: false`` with the 12345 suggestion outside hours,
    or 200 with the existing entry if this citizen is already waiting."""
    if not is_open(call.now):
        return Reply(closed_message(call.now))
    waiting = _waiting(call.session, call.now)
    if call.persona_id:
        mine = next((e for e in waiting if e.persona_id == call.persona_id), None)
        if mine is not None:
            return Reply(entry_view(call.session, mine, call.now))
    start = max([call.now, *(e.pickup_at for e in waiting)])
    entry = QueueEntry(id="Q" + secrets.token_hex(8), persona_id=call.persona_id, topic=call.body.get("topic"),
                       joined_at=call.now, pickup_at=start + timedelta(minutes=AGENT_MINUTES_PER_CITIZEN))
    call.session.add(entry)
    call.session.flush()
    return Reply(entry_view(call.session, entry, call.now), 201)


def _entry(call: Call) -> QueueEntry:
    entry = call.session.get(QueueEntry, call.params["queue_id"])
    if entry is None:
        raise not_found("queue_entry_not_found", "没有找到这个排队号")
    return entry


@routes.get("/agent-queue/{queue_id}", summary="查询排队位置", response="QueueEntry", params=(QUEUE_ID_PARAM,),
            errors={404: "queue_entry_not_found"})
async def queue_entry(call: Call) -> dict[str, Any]:
    """Current position; the unguessable queue_id is the only credential needed."""
    return entry_view(call.session, _entry(call), call.now)


@routes.post("/agent-queue/{queue_id}/leave", summary="离开排队", response="QueueEntry", params=(QUEUE_ID_PARAM,),
             errors={404: "queue_entry_not_found", 409: "not_waiting"})
async def leave_queue(call: Call) -> dict[str, Any]:
    """Gives the place up so those behind move forward; 409 once connected or already left."""
    entry = _entry(call)
    view = entry_view(call.session, entry, call.now)
    if view["status"] != "waiting":
        raise conflict("not_waiting", "您已离开排队" if view["status"] == "left" else "已经接通人工客服，无需离开排队")
    for behind in _waiting(call.session, call.now):
        if behind.pickup_at > entry.pickup_at:
            behind.pickup_at -= timedelta(minutes=AGENT_MINUTES_PER_CITIZEN)
    entry.left_at = call.now
    call.session.flush()
    return entry_view(call.session, entry, call.now)

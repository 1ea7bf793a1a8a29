"""Applications (办件) and their progress steps: "我的办件" and lookup by number."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mock_services.catalogue import APPLICATION_STATUS, STEP_STATES
from mock_services.clock import iso
from mock_services.endpoints import (
    DATETIME,
    INTEGER,
    STRING,
    Call,
    Param,
    Routes,
    nullable,
    obj,
    page_of,
    ref,
)
from mock_services.errors import not_found
from mock_services.models import Application, Persona

NUMBER_PARAM = Param("number", "path", {"type": "string", "pattern": r"^SB\d{14}$", "title": "办件编号",
                                        "x-message": "办件编号应为 SB 加 14 位数字"}, "办件编号，如 SB20261120000123")

routes = Routes("办件进度", "我的办件与按编号查询办件进度。", schemas={
    "ApplicationStep": obj({"seq": INTEGER, "name": STRING, "state": {"type": "string", "enum": list(STEP_STATES)},
                            "state_name": STRING, "at": nullable(DATETIME), "note": nullable(STRING)}),
    "Application": obj({
        "number": STRING, "service_name": STRING, "category": STRING, "department": STRING,
        "status": {"type": "string", "enum": list(APPLICATION_STATUS)}, "status_name": STRING,
        "submitted_at": DATETIME, "current_step": nullable(STRING),
        "steps": {"type": "array", "items": ref("ApplicationStep")},
        "owner_view": {"type": "boolean", "description": "为 true 时包含申请人与备注（仅本人可见）"},
        "applicant": nullable(STRING), "note": nullable(STRING),
    }),
    "ApplicationList": page_of("Application", "applications", "本人的办件，按提交时间倒序"),
})


def view(application: Application, owner: Persona | None) -> dict[str, Any]:
    """Progress for anyone with the number; applicant and notes only for the owner."""
    current = next((s for s in application.steps if s.state == "current"), None)
    return {
        "number": application.number, "service_name": application.service_name,
        "category": application.category, "department": application.department,
        "status": application.status, "status_name": APPLICATION_STATUS[application.status],
        "submitted_at": iso(application.submitted_at), "current_step": current.name if current else None,
        "steps": [{"seq": s.seq, "name": s.name, "state": s.state, "state_name": STEP_STATES[s.state],
                   "at": iso(s.at), "note": s.note} for s in application.steps],
        "owner_view": owner is not None,
        "applicant": owner.display_name if owner else None, "note": application.note if owner else None,
    }


@routes.get("/applications", summary="我的办件", response="ApplicationList", auth="required")
async def my_applications(call: Call) -> dict[str, Any]:
    """All applications of the logged-in citizen, newest first."""
    persona = call.persona()
    rows = call.session.execute(select(Application).where(Application.persona_id == persona.id)
                                .order_by(Application.submitted_at.desc())).scalars().all()
    return {"applications": [view(a, persona) for a in rows], "count": len(rows)}


@routes.get("/applications/{number}", summary="按编号查询办件进度", response="Application", auth="optional",
            params=(NUMBER_PARAM,), errors={404: "application_not_found"})
async def application_by_number(call: Call) -> dict[str, Any]:
    """Like gdzwfw.gov.cn: the number alone shows progress; logging in as the owner shows more."""
    application = call.session.execute(
        select(Application).where(Application.number == call.params["number"])).scalar_one_or_none()
    if application is None:
        raise not_found("application_not_found", "没有查到这个办件编号，请核对后再试")
    owner = call.persona() if call.persona_id == application.persona_id else None
    return view(application, owner)

"""Social-insurance contribution records (参保缴费记录) and their summary."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

from mock_services.catalogue import CONTRIBUTION_STATUS, INSURANCE_TYPES
from mock_services.clock import month_add, month_of
from mock_services.endpoints import (
    DATE,
    INTEGER,
    NUMBER,
    STRING,
    Call,
    Param,
    Routes,
    nullable,
    obj,
    ref,
    yuan,
)
from mock_services.errors import ApiError
from mock_services.models import Contribution

MONTH = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "x-message": "月份格式应为 YYYY-MM，例如 2026-10"}
PAID = ("paid", "back_paid")

routes = Routes("社会保险", "参保缴费明细与汇总（需登录）。", schemas={
    "ContributionRecord": obj({
        "month": STRING, "insurance_type": {"type": "string", "enum": list(INSURANCE_TYPES)},
        "insurance_name": STRING, "employer": STRING, "base": NUMBER, "personal_amount": NUMBER,
        "employer_amount": NUMBER, "status": {"type": "string", "enum": list(CONTRIBUTION_STATUS)},
        "status_name": STRING,
    }),
    "ContributionList": obj({
        "records": {"type": "array", "items": ref("ContributionRecord")}, "count": INTEGER,
        "from": STRING, "to": STRING,
    }, description="按月份倒序"),
    "InsuranceTypeSummary": obj({
        "insurance_type": STRING, "insurance_name": STRING,
        "months_paid": {"type": "integer", "description": "累计缴费月数（含补缴）"},
        "continuous_months": {"type": "integer", "description": "截至最近一个月的连续缴费月数"},
        "latest_month": nullable(STRING), "latest_base": nullable(NUMBER),
    }),
    "SocialInsuranceSummary": obj({
        "status": STRING, "current_employer": nullable(STRING), "first_month": nullable(STRING),
        "latest_month": nullable(STRING), "types": {"type": "array", "items": ref("InsuranceTypeSummary")},
        "arrears_months": {"type": "array", "items": STRING}, "arrears_amount": NUMBER,
        "pension": nullable(obj({"retired_on": DATE, "monthly_amount": NUMBER})),
        "message": STRING,
    }),
})


def _record(row: Contribution) -> dict[str, Any]:
    return {
        "month": row.month, "insurance_type": row.insurance_type,
        "insurance_name": INSURANCE_TYPES[row.insurance_type], "employer": row.employer,
        "base": yuan(row.base_fen), "personal_amount": yuan(row.personal_fen),
        "employer_amount": yuan(row.employer_fen), "status": row.status,
        "status_name": CONTRIBUTION_STATUS[row.status],
    }


@routes.get("/social-insurance/records", summary="缴费明细", response="ContributionList", auth="required",
            params=(
                Param("type", "query", {"type": "string", "enum": list(INSURANCE_TYPES), "title": "险种"},
                      "只看一个险种"),
                Param("from", "query", {**MONTH, "title": "起始月份"}, "起始月份 YYYY-MM，默认 11 个月前"),
                Param("to", "query", {**MONTH, "title": "截止月份"}, "截止月份 YYYY-MM，默认本月"),
            ))
async def contribution_records(call: Call) -> dict[str, Any]:
    """Monthly rows per insurance type; the default window is the last 12 months."""
    to = call.params.get("to", month_of(call.now.date()))
    start = call.params.get("from", month_add(to, -11))
    if start > to:
        raise ApiError(400, "invalid_parameter", "起始月份不能晚于截止月份")
    query = select(Contribution).where(Contribution.persona_id == call.persona().id,
                                       Contribution.month >= start, Contribution.month <= to)
    if "type" in call.params:
        query = query.where(Contribution.insurance_type == call.params["type"])
    order = list(INSURANCE_TYPES)
    rows = sorted(call.session.execute(query).scalars(),
                  key=lambda r: (r.month, -order.index(r.insurance_type)), reverse=True)
    return {"records": [_record(r) for r in rows], "count": len(rows), "from": start, "to": to}


def _continuous(months: list[str]) -> int:
    """Length of the run of consecutive months ending at the latest one."""
    ordered = sorted(set(months), reverse=True)
    run = 0
    for offset, month in enumerate(ordered):
        if month != month_add(ordered[0], -offset):
            break
        run += 1
    return run


def _type_summary(kind: str, rows: list[Contribution]) -> dict[str, Any]:
    paid = [r for r in rows if r.status in PAID]
    latest = max(rows, key=lambda r: r.month) if rows else None
    return {
        "insurance_type": kind, "insurance_name": INSURANCE_TYPES[kind], "months_paid": len(paid),
        "continuous_months": _continuous([r.month for r in paid]) if latest and latest.status in PAID else 0,
        "latest_month": latest.month if latest else None,
        "latest_base": yuan(latest.base_fen) if latest else None,
    }


@routes.get("/social-insurance/summary", summary="参保汇总", response="SocialInsuranceSummary",
            auth="required")
async def contribution_summary(call: Call) -> dict[str, Any]:
    """What citizens usually ask: am I insured, for how long, anything owed, my pension."""
    persona = call.persona()
    rows = call.session.execute(select(Contribution).where(Contribution.persona_id == persona.id)).scalars().all()
    by_type: dict[str, list[Contribution]] = defaultdict(list)
    for row in rows:
        by_type[row.insurance_type].append(row)
    arrears = [r for r in rows if r.status == "arrears"]
    arrears_months = sorted({r.month for r in arrears})
    latest = max(rows, key=lambda r: r.month) if rows else None
    this_month = month_of(call.now.date())
    if persona.retired_on:
        status = "已退休，按月领取养老金"
    elif arrears_months:
        status = "参保中（有欠费）"
    elif latest and latest.month >= month_add(this_month, -2):
        status = "正常参保"
    else:
        status = "已停保" if rows else "未参保"
    arrears_amount = sum(r.personal_fen + r.employer_fen for r in arrears)
    message = f"参保状态：{status}。"
    if arrears_months:
        message += f"{'、'.join(arrears_months)} 有欠费，合计 {yuan(arrears_amount):.2f} 元，请联系单位或到社保窗口补缴。"
    return {
        "status": status, "current_employer": latest.employer if latest and not persona.retired_on else None,
        "first_month": min(r.month for r in rows) if rows else None,
        "latest_month": latest.month if latest else None,
        "types": [_type_summary(kind, by_type[kind]) for kind in INSURANCE_TYPES],
        "arrears_months": arrears_months, "arrears_amount": yuan(arrears_amount),
        "pension": {"retired_on": persona.retired_on.isoformat(),
                    "monthly_amount": yuan(persona.monthly_pension_fen or 0)} if persona.retired_on else None,
        "message": message,
    }

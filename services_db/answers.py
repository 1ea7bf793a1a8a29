"""Turning a service and an aspect into the text a citizen reads.

An FAQ answer written by staff wins; otherwise the text is composed from the
guide's fields.  Every answer ends with its source and the date it was
checked, and says so plainly when the facts it relies on are not verified.
"""
from __future__ import annotations

from services_db.aspects import ASPECT_FIELDS
from services_db.catalog import Catalog, FaqInfo, ServiceInfo
from services_db.law_citations import without_citations
from services_db.results import Answer

UNVERIFIED_MARK = "以官方办事指南为准"
SENIOR_ITEMS = 3


class UnknownServiceError(KeyError):
    """Raised for a service id that is not published."""


def _numbered(items: tuple[str, ...], limit: int | None = None) -> str:
    shown = items[:limit] if limit else items
    lines = [f"{i}. {item}" for i, item in enumerate(shown, 1)]
    if limit and len(items) > limit:
        lines.append("……（其余的可以在i深圳上查看）")
    return "\n".join(lines)


def _online(service: ServiceInfo) -> str:
    return service.channels.get("online", "")


def _fee(service: ServiceInfo, senior: bool) -> str:
    return f"{service.name}的收费：{service.fee or '暂无收费信息'}"


def _time(service: ServiceInfo, senior: bool) -> str:
    if senior:
        return f"一般要{service.promised_time_limit or service.statutory_time_limit}。"
    return (f"{service.name}的办理时限：\n法定时限：{service.statutory_time_limit or '暂无'}\n"
            f"承诺时限：{service.promised_time_limit or '暂无'}")


def _materials(service: ServiceInfo, senior: bool) -> str:
    return f"办理{service.name}需要准备：\n" + _numbered(service.materials, SENIOR_ITEMS if senior else None)


def _conditions(service: ServiceInfo, senior: bool) -> str:
    return f"申请{service.name}的条件：\n" + _numbered(service.conditions, SENIOR_ITEMS if senior else None)


def _how(service: ServiceInfo, senior: bool) -> str:
    return f"{service.name}的办理流程：\n" + _numbered(service.steps, SENIOR_ITEMS if senior else None)


def _where(service: ServiceInfo, senior: bool) -> str:
    places = "、".join(service.locations) or "各区政务服务中心"
    if senior:
        return f"可以去{places}办。" + ("也可以在手机上的i深圳办。" if _online(service) else "")
    lines = [f"办理地点：{places}"]
    if _online(service):
        lines.append(f"网上办理：{_online(service)}")
    if service.channels.get("window"):
        lines.append(f"办理窗口：{service.channels['window']}")
    return "\n".join(lines)


def _hotline(service: ServiceInfo, senior: bool) -> str:
    return f"咨询电话：{service.hotline}" + ("" if senior else f"（{service.authority}）")


def _general(service: ServiceInfo, senior: bool) -> str:
    if senior:
        return f"{service.summary}有问题可以打{service.hotline}问。"
    lines = [f"{service.name}：{service.summary}"]
    if _online(service):
        lines.append(f"网上办理：{_online(service)}")
    lines.append(f"咨询电话：{service.hotline}")
    return "\n".join(lines)


_COMPOSERS = {"fee": _fee, "time": _time, "materials": _materials, "conditions": _conditions,
              "how": _how, "where": _where, "hotline": _hotline, "general": _general}


def _faq_for(service: ServiceInfo, aspect: str, faq_id: int | None) -> FaqInfo | None:
    if faq_id is not None:
        for faq in service.faqs:
            if faq.id == faq_id:
                return faq
    return next((f for f in service.faqs if f.aspect == aspect), None)


def source_line(service: ServiceInfo, senior: bool) -> str:
    """Last line of every answer; seniors get the department without a long link."""
    source = service.authority or "官方办事指南"
    if service.source_url and not senior:
        source = f"{source}（{service.source_url}）"
    verified = service.last_verified.isoformat() if service.last_verified else "待核实"
    return f"信息来源：{source} ｜核实日期：{verified}"


def compose_answer(catalog: Catalog, service_id: str, aspect: str | None, senior: bool = False,
                   faq_id: int | None = None) -> Answer:
    """The answer about ``aspect`` of a published service (overview when aspect is None)."""
    service = catalog.services.get(service_id)
    if service is None:
        raise UnknownServiceError(service_id)
    faq = _faq_for(service, aspect or "general", faq_id)
    aspect = faq.aspect if faq is not None else (aspect if aspect in _COMPOSERS else "general")
    if faq is not None:
        body = (faq.senior_answer or faq.answer) if senior else faq.answer
    else:
        body = _COMPOSERS[aspect](service, senior)
        if senior:
            body = without_citations(body)
    unverified = any(field in service.unverified for field in ASPECT_FIELDS[aspect])
    lines = [body.strip()]
    if unverified and UNVERIFIED_MARK not in body:
        lines.append(f"（此项信息尚未核实，{UNVERIFIED_MARK}，可咨询 {service.hotline}）")
    lines.append(source_line(service, senior))
    return Answer(
        text="\n".join(lines), service_id=service.id, category=service.category_id,
        hotline=service.hotline, source_url=service.source_url,
        last_verified=service.last_verified.isoformat() if service.last_verified else None,
        unverified=unverified, service_name=service.name, aspect=aspect,
        faq_id=faq.id if faq is not None else None,
    )

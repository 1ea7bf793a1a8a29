"""JSON-ready views of the catalog for the API and the actions (plain dicts, ISO dates)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from services_db.catalog import Catalog, CategoryInfo, ServiceInfo
from services_db.law_citations import citations
from zhtext.numbers import chinese_numeral


def category_view(category: CategoryInfo) -> dict[str, Any]:
    return {"id": category.id, "name": category.name, "covers": category.covers,
            "department": category.department, "hotline": category.hotline}


def service_summary(catalog: Catalog, service: ServiceInfo) -> dict[str, Any]:
    category = catalog.categories.get(service.category_id)
    return {"id": service.id, "name": service.name, "category": service.category_id,
            "category_name": category.name if category else "", "summary": service.summary}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _guide_texts(service: ServiceInfo) -> list[str]:
    return [*service.legal_basis, service.statutory_time_limit, service.fee, *service.conditions,
            *service.materials, *service.steps]


def legal_texts(catalog: Catalog, service: ServiceInfo) -> list[dict[str, Any]]:
    """The quoted articles a guide cites, in the order it cites them, once each."""
    shown: dict[tuple[str, int], dict[str, Any]] = {}
    for text in _guide_texts(service):
        for _, key, number in citations(text):
            article = catalog.law_articles.get((key, number))
            if article is not None and (key, number) not in shown:
                shown[(key, number)] = {"law": article.law, "article": f"第{chinese_numeral(number)}条", "number": number,
                                        "text": article.text, "version": article.version,
                                        "source": article.source}
    return list(shown.values())


def service_guide(catalog: Catalog, service: ServiceInfo) -> dict[str, Any]:
    """The full 办事指南, with its source, verification date and unverified fields."""
    return {
        **service_summary(catalog, service),
        "aliases": list(service.aliases), "authority": service.authority,
        "applicant_type": service.applicant_type, "conditions": list(service.conditions),
        "materials": list(service.materials), "steps": list(service.steps), "fee": service.fee,
        "statutory_time_limit": service.statutory_time_limit,
        "promised_time_limit": service.promised_time_limit, "channels": dict(service.channels),
        "locations": list(service.locations), "hotline": service.hotline,
        "legal_basis": list(service.legal_basis), "source_url": service.source_url,
        "source_note": service.source_note, "effective_from": _iso(service.effective_from),
        "last_verified": _iso(service.last_verified), "unverified": sorted(service.unverified),
        "version": service.version, "legal_texts": legal_texts(catalog, service),
        "faqs": [{"id": f.id, "aspect": f.aspect, "questions": list(f.questions), "answer": f.answer,
                  "senior_answer": f.senior_answer} for f in service.faqs],
    }

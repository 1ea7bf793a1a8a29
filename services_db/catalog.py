"""The published content as immutable Python objects: what retrieval and answers read.

Loaded in a few Core queries (no ORM identity map: 50,000 FAQs load in a
fraction of a second) and swapped as a whole when the revision changes, so a
request never sees half of an edit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from services_db.law_citations import law_key
from services_db.models import Category, Department, DictionaryTerm, Faq, Hotline, LawArticle, Service, Synonym
from services_db.revision import current_revision

PUBLISHED = "published"


@dataclass(frozen=True)
class CategoryInfo:
    id: str
    name: str
    covers: str
    department: str
    hotline: str
    keywords: tuple[tuple[str, float], ...] = ()  # (word, weight): routes questions to the category


@dataclass(frozen=True)
class FaqInfo:
    id: int
    service_id: str
    position: int
    aspect: str
    questions: tuple[str, ...]
    answer: str
    senior_answer: str


@dataclass(frozen=True)
class ServiceInfo:
    id: str
    name: str
    aliases: tuple[str, ...]
    category_id: str
    authority: str
    applicant_type: str
    summary: str
    conditions: tuple[str, ...]
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    fee: str
    statutory_time_limit: str
    promised_time_limit: str
    channels: dict[str, str]
    locations: tuple[str, ...]
    hotline: str
    legal_basis: tuple[str, ...]
    source_url: str
    source_note: str
    effective_from: dt.date | None
    last_verified: dt.date | None
    unverified: frozenset[str]
    version: int
    faqs: tuple[FaqInfo, ...] = ()


@dataclass(frozen=True)
class LawArticleInfo:
    """One quoted article: shown under a guide that cites it, so a citizen can read the rule."""

    law: str
    number: int
    text: str
    version: str
    source: str


@dataclass(frozen=True)
class Catalog:
    revision: int
    categories: dict[str, CategoryInfo] = field(default_factory=dict)
    services: dict[str, ServiceInfo] = field(default_factory=dict)  # in category, then id order
    faqs: dict[int, FaqInfo] = field(default_factory=dict)
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    dictionary: tuple[str, ...] = ()
    law_articles: dict[tuple[str, int], LawArticleInfo] = field(default_factory=dict)  # (law_key, 第N条)
    # change stamps (version, updated_at) per service / FAQ and the reference tables as loaded:
    # the next load fetches only rows whose stamp moved
    stamps: dict[tuple[str, Any], tuple] = field(default_factory=dict, repr=False, compare=False)
    reference: tuple = field(default=(), repr=False, compare=False)


def _categories(conn: Connection) -> dict[str, CategoryInfo]:
    rows = conn.execute(
        select(Category.id, Category.name, Category.covers, Category.department_text, Hotline.number,
               Category.keywords)
        .outerjoin(Hotline, Category.hotline_id == Hotline.id).order_by(Category.position)
    )
    return {r.id: CategoryInfo(r.id, r.name, r.covers, r.department_text, r.number or "",
                               tuple((str(t), float(w)) for t, w in (r.keywords or {}).items()))
            for r in rows}


_CHUNK = 500  # ids per IN (...) query when fetching changed rows


def _chunks(ids: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _fetch_faqs(conn: Connection, ids: list[int] | None) -> dict[int, FaqInfo]:
    """Published FAQs by id: all of them (ids None) or only those listed."""
    query = select(Faq.id, Faq.service_id, Faq.position, Faq.aspect, Faq.questions, Faq.answer,
                   Faq.senior_answer).where(Faq.status == PUBLISHED)
    batches = [conn.execute(query)] if ids is None else (conn.execute(query.where(Faq.id.in_(c))) for c in _chunks(ids))
    return {r.id: FaqInfo(r.id, r.service_id, r.position, r.aspect, tuple(r.questions or ()), r.answer,
                          r.senior_answer) for rows in batches for r in rows}


def _fetch_services(conn: Connection, ids: list[str] | None, categories: dict[str, CategoryInfo]
                    ) -> dict[str, ServiceInfo]:
    """Published services (without their FAQs) by id: all of them or only those listed."""
    query = (select(*Service.__table__.c, Department.name.label("authority"),
                    Hotline.number.label("hotline_number"))
             .outerjoin(Department, Service.department_id == Department.id)
             .outerjoin(Hotline, Service.hotline_id == Hotline.id)
             .where(Service.status == PUBLISHED))
    batches = [conn.execute(query)] if ids is None else (conn.execute(query.where(Service.id.in_(c)))
                                                         for c in _chunks(ids))
    services = {}
    for rows in batches:
        for row in rows:
            fallback = categories.get(row.category_id)
            hotline = row.hotline_number or (fallback.hotline if fallback else "") or "12345"
            services[row.id] = _service(row, hotline)
    return services


def _service(row: Any, hotline: str) -> ServiceInfo:
    return ServiceInfo(
        id=row.id, name=row.name, aliases=tuple(row.aliases or ()), category_id=row.category_id,
        authority=row.authority or "", applicant_type=row.applicant_type, summary=row.summary,
        conditions=tuple(row.conditions or ()), materials=tuple(row.materials or ()),
        steps=tuple(row.steps or ()), fee=row.fee, statutory_time_limit=row.statutory_time_limit,
        promised_time_limit=row.promised_time_limit, channels=dict(row.channels or {}),
        locations=tuple(row.locations or ()), hotline=hotline, legal_basis=tuple(row.legal_basis or ()),
        source_url=row.source_url, source_note=row.source_note, effective_from=row.effective_from,
        last_verified=row.last_verified, unverified=frozenset(row.unverified or ()),
        version=row.version,
    )


def _reference(conn: Connection) -> tuple:
    """The small tables every service row depends on; when they change, everything reloads."""
    return tuple(tuple(conn.execute(select(*model.__table__.c).order_by(*model.__table__.primary_key)).all())
                 for model in (Category, Department, Hotline))


def load_catalog(conn: Connection, previous: Catalog | None = None) -> Catalog:
    """Everything published, as one consistent revision.

    With ``previous``, only services and FAQs whose (version, updated_at) stamp
    changed are fetched again; the rest is reused (a rebuild at 50,000
    entries stays well under a second of database work).
    """
    revision = current_revision(conn) or 0
    reference = _reference(conn)
    categories = _categories(conn)
    if previous is not None and previous.reference != reference:
        previous = None
    service_stamps = {(r.category_id, r.id): (r.version, r.updated_at) for r in conn.execute(
        select(Service.id, Service.category_id, Service.version, Service.updated_at)
        .where(Service.status == PUBLISHED).order_by(Service.category_id, Service.id))}
    faq_stamps = {r.id: (r.service_id, r.version, r.updated_at) for r in conn.execute(
        select(Faq.id, Faq.service_id, Faq.version, Faq.updated_at).where(Faq.status == PUBLISHED))}
    old = previous.stamps if previous is not None else {}
    stamps = {("s", sid): stamp for (_, sid), stamp in service_stamps.items()}
    stamps.update((("f", fid), stamp) for fid, stamp in faq_stamps.items())

    if previous is None:
        faqs = _fetch_faqs(conn, None)
        fetched = _fetch_services(conn, None, categories)
    else:
        changed_faqs = [fid for fid, stamp in faq_stamps.items()
                        if old.get(("f", fid)) != stamp or fid not in previous.faqs]
        unchanged = faq_stamps.keys() - set(changed_faqs)
        faqs = {fid: previous.faqs[fid] for fid in unchanged}
        faqs.update(_fetch_faqs(conn, changed_faqs))
        changed = [sid for (_, sid), stamp in service_stamps.items()
                   if old.get(("s", sid)) != stamp or sid not in previous.services]
        fetched = _fetch_services(conn, changed, categories)

    by_service: dict[str, list[FaqInfo]] = {}
    for faq in sorted(faqs.values(), key=lambda f: (f.service_id, f.position)):
        by_service.setdefault(faq.service_id, []).append(faq)
    services: dict[str, ServiceInfo] = {}
    for _, sid in service_stamps:
        base = fetched.get(sid) or previous.services[sid]
        own = tuple(by_service.get(sid, ()))
        services[sid] = base if base.faqs == own else replace(base, faqs=own)

    synonyms: dict[str, list[str]] = {}
    for canonical, variant in conn.execute(select(Synonym.canonical, Synonym.variant).order_by(Synonym.id)):
        synonyms.setdefault(canonical, []).append(variant)
    dictionary = tuple(conn.execute(select(DictionaryTerm.term).order_by(DictionaryTerm.id)).scalars())
    law_articles = {(law_key(r.law_title), r.number): LawArticleInfo(r.law_title, r.number, r.text, r.version, r.source)
                    for r in conn.execute(select(LawArticle.law_title, LawArticle.number, LawArticle.text,
                                                 LawArticle.version, LawArticle.source))}
    return Catalog(
        revision=revision, categories=categories, services=services,
        faqs={f.id: f for s in services.values() for f in s.faqs},
        synonyms={c: tuple(v) for c, v in synonyms.items()}, dictionary=dictionary, law_articles=law_articles,
        stamps=stamps, reference=reference,
    )

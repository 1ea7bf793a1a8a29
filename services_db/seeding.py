"""Loading the YAML seed into the database, idempotently.

Rows that came from the seed carry ``origin = "seed"``: re-seeding updates them
in place (same ids), retires seeded services/FAQs that left the files, and
never touches rows staff created in the admin.  The revision is bumped only
when something actually changed, so running ``seed`` twice is harmless.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from services_db.law_citations import parse_laws
from services_db.models import Category, Department, DictionaryTerm, Faq, Hotline, LawArticle, Service, Synonym
from services_db.revision import bump_revision, record_seed, stored_seed_hash
from services_db.seed_files import PACKAGE_SEED_DIR, SeedData, load_seed, seed_hash

SEED = "seed"
# seed key → model attribute, for the fields copied verbatim
_SERVICE_FIELDS = {
    "name": "name", "applicant_type": "applicant_type", "summary": "summary",
    "conditions": "conditions", "materials": "materials", "steps": "steps", "fee": "fee",
    "statutory_time_limit": "statutory_time_limit", "promised_time_limit": "promised_time_limit",
    "channels": "channels", "locations": "locations", "legal_basis": "legal_basis",
    "source_url": "source_url", "source_note": "source_note", "effective_from": "effective_from",
    "last_verified": "last_verified", "aliases": "aliases", "unverified": "unverified",
}
_LIST_FIELDS = {"conditions", "materials", "steps", "locations", "legal_basis", "aliases", "unverified"}
_TEXT_FIELDS = {"name", "applicant_type", "summary", "fee", "statutory_time_limit",
                "promised_time_limit", "source_url", "source_note"}
# categories.yml lists → keyword weights (a weak word routes only together with another one)
KEYWORD_WEIGHT, WEAK_KEYWORD_WEIGHT = 1.0, 0.5


@dataclass
class SeedReport:
    changed: bool
    services: int
    faqs: int
    revision: int | None


def _clean(key: str, value: Any) -> Any:
    if key in _LIST_FIELDS:
        return [str(v) for v in (value or [])]
    if key in _TEXT_FIELDS:
        return "" if value is None else str(value).strip()
    if key == "channels":
        return {str(k): str(v) for k, v in (value or {}).items()}
    return value


def _assign(row: Any, values: dict[str, Any]) -> None:
    """Set only differing attributes so unchanged rows stay clean (and keep their version)."""
    for attr, value in values.items():
        if getattr(row, attr) != value:
            setattr(row, attr, value)


class _Lookups:
    """Get-or-create for the small reference tables, cached for one seeding run."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.departments = {d.name: d for d in session.scalars(select(Department))}
        self.hotlines = {h.number: h for h in session.scalars(select(Hotline))}

    def department(self, name: str) -> Department | None:
        name = name.strip()
        if not name:
            return None
        if name not in self.departments:
            self.departments[name] = Department(name=name)
            self.session.add(self.departments[name])
        return self.departments[name]

    def hotline(self, number: Any) -> Hotline | None:
        number = str(number or "").strip()
        if not number:
            return None
        if number not in self.hotlines:
            self.hotlines[number] = Hotline(number=number)
            self.session.add(self.hotlines[number])
        return self.hotlines[number]


def category_keywords(item: dict[str, Any]) -> dict[str, float]:
    """``keywords`` and ``weak_keywords`` of a categories.yml entry as word → weight."""
    weights = {str(t).strip(): WEAK_KEYWORD_WEIGHT for t in item.get("weak_keywords") or []}
    weights.update({str(t).strip(): KEYWORD_WEIGHT for t in item.get("keywords") or []})
    return {term: weight for term, weight in weights.items() if term}


def _seed_categories(session: Session, lookups: _Lookups, categories: list[dict[str, Any]]) -> None:
    existing = {c.id: c for c in session.scalars(select(Category))}
    for position, item in enumerate(categories):
        category = existing.get(item["id"]) or Category(id=item["id"])
        department_text = str(item.get("department") or "")
        _assign(category, {
            "name": str(item.get("name") or item["id"]), "covers": str(item.get("covers") or ""),
            "department_text": department_text, "position": position,
            "hotline": lookups.hotline(item.get("hotline")), "keywords": category_keywords(item),
        })
        wanted = [d for d in (lookups.department(n) for n in department_text.split("/")) if d]
        if list(category.departments) != wanted:
            category.departments = wanted
        session.add(category)


def _seed_faqs(session: Session, service: Service, faqs: list[dict[str, Any]]) -> None:
    by_position = {f.position: f for f in service.faqs}
    for position, item in enumerate(faqs):
        faq = by_position.get(position)
        if faq is not None and faq.origin != SEED:
            continue  # staff took this slot over; leave their FAQ alone
        if faq is None:
            faq = Faq(position=position, origin=SEED)
            service.faqs.append(faq)
        _assign(faq, {
            "aspect": str(item.get("aspect") or "general"),
            "questions": [str(q) for q in item.get("questions") or []],
            "answer": str(item.get("answer") or "").strip(),
            "senior_answer": str(item.get("senior_answer") or "").strip(),
            "status": "published",
        })
    for position, faq in by_position.items():
        if position >= len(faqs) and faq.origin == SEED:
            _assign(faq, {"status": "retired"})


def _seed_services(session: Session, lookups: _Lookups, services: list[dict[str, Any]]) -> None:
    existing = {s.id: s for s in session.scalars(select(Service))}
    seen = set()
    for item in services:
        seen.add(item["id"])
        service = existing.get(item["id"])
        if service is not None and service.origin != SEED:
            continue  # created in the admin with the same id: staff own it
        if service is None:
            service = Service(id=item["id"], origin=SEED)
            session.add(service)
        values = {attr: _clean(key, item.get(key)) for key, attr in _SERVICE_FIELDS.items()}
        values.update(category_id=item["category"], status="published",
                      department=lookups.department(str(item.get("authority") or "")),
                      hotline=lookups.hotline(item.get("hotline")))
        _assign(service, values)
        _seed_faqs(session, service, item.get("faqs") or [])
    for sid, service in existing.items():
        if sid not in seen and service.origin == SEED:
            _assign(service, {"status": "retired"})


def _replace_seeded(session: Session, model: type, wanted: Iterable[tuple[str, ...]],
                    columns: tuple[str, ...]) -> None:
    """Make the seed-owned rows of ``model`` exactly ``wanted`` (tuples of ``columns``)."""
    wanted = set(wanted)
    rows = list(session.scalars(select(model)))
    present = {tuple(getattr(r, c) for c in columns) for r in rows}
    for row in rows:
        if row.origin == SEED and tuple(getattr(row, c) for c in columns) not in wanted:
            session.delete(row)
    for values in sorted(wanted - present):
        session.add(model(origin=SEED, **dict(zip(columns, values, strict=False))))


def _seed_law_articles(session: Session, data: SeedData) -> None:
    """One row per (law, article), updated in place: a corrected text must not collide with the old row."""
    laws, _ = parse_laws(data.laws)
    wanted = {(law.title, number): {"text": text, "version": law.version, "source": law.read_from}
              for law in laws.values() for number, text in law.articles.items()}
    existing = {(a.law_title, a.number): a for a in session.scalars(select(LawArticle))}
    for key, row in existing.items():
        if key not in wanted and row.origin == SEED:
            session.delete(row)
    for (title, number), values in wanted.items():
        row = existing.get((title, number))
        if row is None:
            session.add(LawArticle(law_title=title, number=number, origin=SEED, **values))
        elif row.origin == SEED:
            _assign(row, values)


def apply_seed(session: Session, data: SeedData) -> bool:
    """Write ``data`` into the session; True when anything in the database changed."""
    # No autoflush: every change stays pending until the end, where we can see it.
    with session.no_autoflush:
        lookups = _Lookups(session)
        _seed_categories(session, lookups, data.categories)
        _seed_services(session, lookups, data.services)
        _replace_seeded(session, Synonym,
                        ((c, v) for c, vs in data.synonyms.items() for v in vs if v != c),
                        ("canonical", "variant"))
        _replace_seeded(session, DictionaryTerm, ((t,) for t in data.dictionary), ("term",))
        _seed_law_articles(session, data)
    return bool(session.new or session.deleted or any(session.is_modified(o) for o in session.dirty))


def seed_database(engine: Engine, seed_dir: Path = PACKAGE_SEED_DIR) -> SeedReport:
    """Load the seed files into the database and bump the revision if anything changed."""
    data = load_seed(seed_dir)
    with Session(engine, future=True) as session, session.begin():
        changed = apply_seed(session, data)
        revision = bump_revision(session) if changed else None
        record_seed(session, seed_hash(seed_dir))
    faqs = sum(len(s.get("faqs") or []) for s in data.services)
    return SeedReport(changed=changed, services=len(data.services), faqs=faqs, revision=revision)


def seed_is_current(engine: Engine, seed_dir: Path = PACKAGE_SEED_DIR) -> bool:
    """True when the database was last seeded from exactly these files."""
    with Session(engine, future=True) as session:
        return stored_seed_hash(session) == seed_hash(seed_dir)

"""What staff can edit: the four kinds of entry, their fields, snapshots and checks.

Every other part of the admin (forms, drafts, history, diff, import and
export) works on an entry's *snapshot*: a flat, JSON-ready dict of its fields.
This module is the only place that knows how a snapshot maps to the rows of
``services_db.models`` (lists, the ``channels`` dict, department and hotline
rows), so a field added here shows up in the form, the diff and the files.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_db.models import ASPECTS, Category, Department, DictionaryTerm, Faq, Hotline, Service, Synonym

ASPECT_LABELS = {"general": "综合", "conditions": "办理条件", "materials": "所需材料", "fee": "收费",
                 "time": "办理时限", "where": "办理地点", "how": "办理方式", "hotline": "咨询电话"}
STATUS_LABELS = {"draft": "草稿（未发布）", "published": "已发布", "retired": "已停用"}
CHANNELS = (("online", "网上办理"), ("window", "窗口办理"), ("self_service", "自助办理"))
SERVICE_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


@dataclass(frozen=True)
class Field:
    """One editable field: ``kind`` is text, textarea, lines (one item a line), choice or date."""

    name: str
    label: str
    kind: str = "text"
    required: bool = False
    help: str = ""


@dataclass(frozen=True)
class Entity:
    """One kind of entry; ``versioned`` rows carry ``version`` and ``status`` columns."""

    name: str
    label: str
    model: type
    fields: tuple[Field, ...]
    title: Callable[[dict[str, Any]], str]
    versioned: bool = True

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


SERVICE = Entity("service", "办事指南", Service, (
    Field("id", "编号（英文小写，如 residence_permit）", required=True,
          help="新建后不能修改；助手和链接都用它找到这条指南。"),
    Field("name", "事项名称", required=True),
    Field("category_id", "所属类别", "choice", required=True),
    Field("aliases", "别名（每行一个）", "lines", help="市民常用的叫法，如“居住证”“居住正”。"),
    Field("department", "实施主体"),
    Field("applicant_type", "服务对象"),
    Field("summary", "简介", "textarea"),
    Field("conditions", "办理条件（每行一条）", "lines"),
    Field("materials", "所需材料（每行一项）", "lines"),
    Field("steps", "办理步骤（每行一步）", "lines"),
    Field("fee", "收费标准", "textarea"),
    Field("statutory_time_limit", "法定时限"),
    Field("promised_time_limit", "承诺时限"),
    *(Field(f"channel_{key}", label, "textarea") for key, label in CHANNELS),
    Field("locations", "办理地点（每行一个）", "lines"),
    Field("hotline", "咨询电话"),
    Field("legal_basis", "设定依据（每行一条）", "lines"),
    Field("source_url", "信息来源网址"),
    Field("source_note", "来源说明", "textarea"),
    Field("effective_from", "生效日期（如 2026-01-01）", "date"),
    Field("last_verified", "核实日期（如 2026-11-26）", "date"),
    Field("unverified", "尚未核实的字段（每行一个字段名）", "lines",
          help="列在这里的字段，助手回答时会提示“以官方办事指南为准”。"),
), title=lambda d: str(d.get("name") or d.get("id") or ""))

FAQ = Entity("faq", "常见问答", Faq, (
    Field("service_id", "所属办事指南", "choice", required=True),
    Field("aspect", "问题类型", "choice", required=True),
    Field("questions", "市民的问法（每行一个）", "lines", required=True,
          help="写出市民会怎么问，越多越容易被找到。"),
    Field("answer", "标准回答", "textarea", required=True),
    Field("senior_answer", "长辈模式回答（更短更口语）", "textarea",
          help="留空时，长辈模式使用标准回答。"),
), title=lambda d: (d.get("questions") or [""])[0])

SYNONYM = Entity("synonym", "同义词", Synonym, (
    Field("canonical", "标准词", required=True, help="如“社会保险”。"),
    Field("variant", "市民的说法", required=True, help="如“社保”。"),
), title=lambda d: f"{d.get('variant', '')} → {d.get('canonical', '')}", versioned=False)

TERM = Entity("term", "词典词条", DictionaryTerm, (
    Field("term", "词条", required=True, help="分词时必须保持完整的词，如“港澳通行证”。"),
), title=lambda d: str(d.get("term") or ""), versioned=False)

ENTITIES: dict[str, Entity] = {e.name: e for e in (SERVICE, FAQ, SYNONYM, TERM)}


# ---- snapshots ------------------------------------------------------------------------
def key_of(entity: Entity, row: Any) -> str:
    return str(row.id)


def snapshot(entity: Entity, row: Any) -> dict[str, Any]:
    """The entry as a flat JSON-ready dict (plus ``status`` for versioned entries)."""
    data: dict[str, Any] = {}
    for f in entity.fields:
        if f.name == "department":
            value: Any = row.department.name if row.department else ""
        elif f.name == "hotline":
            value = row.hotline.number if row.hotline else ""
        elif f.name.startswith("channel_"):
            value = (row.channels or {}).get(f.name[len("channel_"):], "")
        else:
            value = getattr(row, f.name)
        data[f.name] = _plain(f, value)
    if entity.versioned:
        data["status"] = row.status
    return data


def _plain(f: Field, value: Any) -> Any:
    if f.kind == "lines":
        return [str(v) for v in (value or [])]
    if f.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else (value or None)
    return "" if value is None else str(value)


def normalize(entity: Entity, raw: dict[str, Any]) -> dict[str, Any]:
    """Clean values as typed by staff or read from a file: strip, split lines, drop blanks."""
    data: dict[str, Any] = {}
    for f in entity.fields:
        value = raw.get(f.name)
        if f.kind == "lines":
            items = value if isinstance(value, list | tuple) else str(value or "").splitlines()
            data[f.name] = [s for s in (str(i).strip() for i in items) if s]
        elif f.kind == "date":
            text = value.isoformat() if isinstance(value, dt.date) else str(value or "").strip()
            data[f.name] = text[:10] or None
        else:
            text = "" if value is None else str(value)
            data[f.name] = text.strip() if f.kind != "textarea" else text.strip().replace("\r\n", "\n")
    if "status" in raw and entity.versioned:
        data["status"] = raw["status"]
    return data


# ---- checks ----------------------------------------------------------------------------
def validate(session: Session, entity: Entity, data: dict[str, Any], key: str | None) -> list[str]:
    """Chinese messages for everything that would make the entry wrong or unpublishable."""
    errors = [f"“{f.label}”不能为空" for f in entity.fields if f.required and not data.get(f.name)]
    for f in entity.fields:
        if f.kind == "date" and data.get(f.name):
            try:
                dt.date.fromisoformat(data[f.name])
            except ValueError:
                errors.append(f"“{f.label}”不是有效日期，请写成 2026-01-31 的格式")
    errors.extend(_CHECKS[entity.name](session, data, key))
    return errors


def _check_service(session: Session, data: dict[str, Any], key: str | None) -> list[str]:
    errors = []
    sid = data.get("id") or ""
    if key is None and sid:
        if not SERVICE_ID.match(sid):
            errors.append("编号只能用英文小写字母、数字和下划线，并以字母开头，如 residence_permit")
        elif session.get(Service, sid) is not None:
            errors.append(f"编号“{sid}”已被使用，请换一个")
    if key is not None and sid and sid != key:
        errors.append("办事指南的编号不能修改")
    if data.get("category_id") and session.get(Category, data["category_id"]) is None:
        errors.append(f"没有类别“{data['category_id']}”")
    return errors


def _check_faq(session: Session, data: dict[str, Any], key: str | None) -> list[str]:
    errors = []
    if data.get("service_id") and session.get(Service, data["service_id"]) is None:
        errors.append(f"没有编号为“{data['service_id']}”的办事指南")
    if data.get("aspect") and data["aspect"] not in ASPECTS:
        errors.append(f"问题类型“{data['aspect']}”无效，可用：{'、'.join(ASPECTS)}")
    return errors


def _check_synonym(session: Session, data: dict[str, Any], key: str | None) -> list[str]:
    canonical, variant = data.get("canonical"), data.get("variant")
    if canonical and canonical == variant:
        return ["标准词和市民的说法不能相同"]
    query = select(Synonym.id).where(Synonym.canonical == canonical, Synonym.variant == variant)
    found = session.scalar(query) if canonical and variant else None
    return [f"同义词“{variant} → {canonical}”已存在"] if found is not None and str(found) != key else []


def _check_term(session: Session, data: dict[str, Any], key: str | None) -> list[str]:
    found = session.scalar(select(DictionaryTerm.id).where(DictionaryTerm.term == data.get("term")))
    return [f"词条“{data.get('term')}”已存在"] if found is not None and str(found) != key else []


_CHECKS = {"service": _check_service, "faq": _check_faq, "synonym": _check_synonym, "term": _check_term}


# ---- writing ---------------------------------------------------------------------------
def load(session: Session, entity: Entity, key: str) -> Any:
    """The live row for ``key`` or None."""
    return session.get(entity.model, int(key) if entity.model is not Service else key)


def new_row(session: Session, entity: Entity, data: dict[str, Any]) -> Any:
    """A fresh row for a new entry (added to the session), owned by the admin."""
    row = entity.model(origin="admin")
    if entity is SERVICE:
        row.id = data["id"]
    if entity is FAQ:
        last = session.scalar(select(func.max(Faq.position)).where(Faq.service_id == data["service_id"]))
        row.position = 0 if last is None else last + 1
    session.add(row)
    return row


def apply(session: Session, entity: Entity, row: Any, data: dict[str, Any]) -> None:
    """Write a snapshot onto a row, touching only changed attributes (so versions move only on change)."""
    channels = dict(row.channels or {}) if entity is SERVICE else {}
    for f in entity.fields:
        if f.name not in data or (f.name == "id" and entity is SERVICE):
            continue
        value = data[f.name]
        if f.name == "department":
            _set(row, "department", _department(session, value))
        elif f.name == "hotline":
            _set(row, "hotline", _hotline(session, value))
        elif f.name.startswith("channel_"):
            channels = {k: v for k, v in channels.items() if k != f.name[len("channel_"):]}
            if value:
                channels[f.name[len("channel_"):]] = value
        elif f.kind == "date":
            _set(row, f.name, dt.date.fromisoformat(value) if value else None)
        else:
            _set(row, f.name, value)
    if entity is SERVICE and channels != (row.channels or {}):
        row.channels = channels
    if entity.versioned and data.get("status"):
        _set(row, "status", data["status"])
    if getattr(row, "origin", "admin") != "admin":
        row.origin = "admin"  # staff own it now: re-seeding must not overwrite the edit


def _set(row: Any, attr: str, value: Any) -> None:
    if getattr(row, attr) != value:
        setattr(row, attr, value)


def _department(session: Session, name: str) -> Department | None:
    if not name:
        return None
    found = session.scalar(select(Department).where(Department.name == name))
    if found is None:
        found = Department(name=name)
        session.add(found)
    return found


def _hotline(session: Session, number: str) -> Hotline | None:
    if not number:
        return None
    found = session.scalar(select(Hotline).where(Hotline.number == number))
    if found is None:
        found = Hotline(number=number)
        session.add(found)
    return found


def choices(session: Session, entity: Entity, field_name: str) -> list[tuple[str, str]]:
    """(value, label) options of a choice field."""
    if field_name == "category_id":
        return [(c.id, c.name) for c in session.scalars(select(Category).order_by(Category.position))]
    if field_name == "service_id":
        rows = session.execute(select(Service.id, Service.name).order_by(Service.category_id, Service.id))
        return [(sid, f"{name}（{sid}）") for sid, name in rows]
    if field_name == "aspect":
        return [(a, ASPECT_LABELS[a]) for a in ASPECTS]
    raise KeyError(field_name)

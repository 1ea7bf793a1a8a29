"""CSV and XLSX files of one kind of entry: export, read, check every row, then write all or nothing.

A file has one header row.  Headers are the field labels shown in the forms
(the English field names are accepted too), plus 编号 (empty = new entry),
状态 and 版本.  List fields hold one item per line inside the cell.  版本 is
the entry's version at export: a row whose entry changed since is refused,
so an old spreadsheet cannot overwrite a colleague's newer edit.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Iterable

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from admin import entities, workflow
from admin.entities import Entity
from admin.models import Draft

KEY, STATUS, VERSION = "编号", "状态", "版本"
FORMATS = ("csv", "xlsx")
MAX_ROWS = 5000


class FileError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, unknown columns)."""


@dataclass
class Row:
    line: int
    key: str | None
    data: dict[str, Any]
    version: int | None
    errors: list[str] = field(default_factory=list)
    change: str = ""  # 新增 / 修改 / 无变化 / 停用


@dataclass
class Plan:
    entity: Entity
    rows: list[Row]

    @property
    def errors(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def writes(self) -> list[Row]:
        return [r for r in self.rows if not r.errors and r.change != "无变化"]


def _headers(entity: Entity) -> list[str]:
    labels = [f.label for f in entity.fields if not (entity is entities.SERVICE and f.name == "id")]
    return [KEY, *labels, *([STATUS, VERSION] if entity.versioned else [])]


def _row_cells(entity: Entity, row: Any) -> list[Any]:
    data = entities.snapshot(entity, row)
    cells = [entities.key_of(entity, row)]
    for f in entity.fields:
        if entity is entities.SERVICE and f.name == "id":
            continue
        value = data[f.name]
        cells.append("\n".join(value) if isinstance(value, list) else (value or ""))
    if entity.versioned:
        cells += [data["status"], row.version]
    return cells


def export_rows(session: Session, entity: Entity) -> tuple[list[str], list[list[Any]]]:
    rows = session.scalars(select(entity.model).order_by(*entity.model.__table__.primary_key.columns)).all()
    return _headers(entity), [_row_cells(entity, r) for r in rows]


def to_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(headers: list[str], rows: Iterable[list[Any]], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers)
    for row in rows:
        sheet.append([_safe_cell(c) for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe_cell(value: Any) -> Any:
    """Text that starts like a formula is stored as text, never run by a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# ---- reading ----------------------------------------------------------------------------
def read_table(filename: str, content: bytes) -> list[list[str]]:
    """All rows of the first sheet as strings; raises FileError for what we cannot read."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = content.decode("gb18030")  # Excel on Chinese Windows saves CSV in GBK
            except UnicodeDecodeError:
                raise FileError("无法识别文件编码，请另存为“CSV UTF-8”后再上传。") from None
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a broken file
            raise FileError("无法打开这个 Excel 文件，请确认是 .xlsx 格式。") from None
        sheet = book.worksheets[0]
        return [["" if c is None else _unescape(str(c)).strip() for c in row]
                for row in sheet.iter_rows(values_only=True)]
    raise FileError("只支持 .csv 和 .xlsx 文件。")


def _unescape(text: str) -> str:
    return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def parse(entity: Entity, table: list[list[str]]) -> list[Row]:
    table = [r for r in table if any(c for c in r)]
    if not table:
        raise FileError("文件是空的。")
    if len(table) - 1 > MAX_ROWS:
        raise FileError(f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
    names = {f.label: f.name for f in entity.fields} | {f.name: f.name for f in entity.fields}
    names |= {KEY: "_key", "id": "_key", STATUS: "status", "status": "status", VERSION: "_version",
              "version": "_version"}
    header = table[0]
    unknown = [h for h in header if h and h not in names]
    if unknown:
        raise FileError(f"不认识的列：{'、'.join(unknown)}。请使用导出文件的表头。")
    columns = [names.get(h) for h in header]
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        raw = {c: v for c, v in zip(columns, cells, strict=False) if c}
        key = raw.pop("_key", "") or None
        version = raw.pop("_version", "") or None
        if entity is entities.SERVICE:
            raw["id"] = raw.get("id") or key or ""
        row = Row(line, key, raw, None)
        try:
            row.version = int(version) if version else None
        except ValueError:
            row.errors.append(f"版本“{version}”应为整数")
        rows.append(row)
    return rows


def plan(session: Session, entity: Entity, rows: list[Row]) -> Plan:
    """Check every row against the database and the rest of the file; nothing is written."""
    seen: dict[tuple, int] = {}
    for row in rows:
        status = row.data.pop("status", "") or None
        row.data = entities.normalize(entity, row.data)
        if status is not None:
            if status not in entities.STATUS_LABELS or status == "draft":
                row.errors.append(f"状态只能是 published 或 retired，而不是“{status}”")
            row.data["status"] = status
        live = _live(session, entity, row)
        if row.errors:
            continue
        if row.key is not None and live is None and entity is not entities.SERVICE:
            row.errors.append(f"没有编号为“{row.key}”的{entity.label}（新增时请把编号留空）")
            continue
        if live is not None and entity.versioned and row.version is not None and row.version != live.version:
            row.errors.append(f"导出后这条内容已被修改（现在是第 {live.version} 版，文件里是第 {row.version} 版），"
                              "请重新导出后再改")
        key = entities.key_of(entity, live) if live is not None else None
        row.key = key
        if row.data.get("status") != "retired":
            row.errors.extend(entities.validate(session, entity, row.data, key))
        identity = _identity(entity, row)
        if identity in seen:
            row.errors.append(f"与第 {seen[identity]} 行重复")
        seen.setdefault(identity, row.line)
        row.change = _change(entity, live, row.data)
    return Plan(entity, rows)


def _live(session: Session, entity: Entity, row: Row) -> Any:
    if entity is entities.SERVICE:
        return session.get(entity.model, row.data.get("id") or "")
    if row.key is None:
        return None
    if not row.key.isdigit():
        row.errors.append(f"编号“{row.key}”应为数字")
        return None
    return entities.load(session, entity, row.key)


def _identity(entity: Entity, row: Row) -> tuple:
    if entity is entities.SYNONYM:
        return (row.data.get("canonical"), row.data.get("variant"))
    if entity is entities.TERM:
        return (row.data.get("term"),)
    if entity is entities.SERVICE:
        return (row.data.get("id"),)
    return ("faq", row.key) if row.key else ("faq-new", row.line)


def _change(entity: Entity, live: Any, data: dict[str, Any]) -> str:
    if live is None:
        return "新增"
    current = entities.snapshot(entity, live)
    if data.get("status") == "retired" and current.get("status") != "retired":
        return "停用"
    wanted = {**current, **data}
    return "无变化" if wanted == current else "修改"


def apply(session: Session, actor: workflow.Actor, checked: Plan) -> int:
    """Write every changed row in the caller's transaction: published (reviewer) or as drafts (editor).

    Raises if anything is wrong; the caller rolls back, so nothing is written.
    """
    if checked.errors:
        raise workflow.Invalid([f"第 {r.line} 行：{e}" for r in checked.errors for e in r.errors])
    entity = checked.entity
    for row in checked.writes:
        data = {**row.data}
        if actor.can_publish:
            if entity.versioned and row.key is not None:
                live = entities.load(session, entity, row.key)
                data = {**entities.snapshot(entity, live), **data}
            workflow.publish_imported(session, actor, entity, row.key, data)
        else:
            _import_draft(session, actor, entity, row, data)
    return len(checked.writes)


def _import_draft(session: Session, actor: workflow.Actor, entity: Entity, row: Row, data: dict[str, Any]) -> None:
    live = entities.load(session, entity, row.key) if row.key is not None else None
    if live is not None:
        if session.scalar(select(Draft.id).where(Draft.entity == entity.name, Draft.key == row.key)):
            raise workflow.WorkflowError(f"第 {row.line} 行：这条内容已有待审核的草稿，请先处理该草稿。")
        data = {**entities.snapshot(entity, live), **data}
    lock = workflow.Lock(int(live.version) if live is not None and entity.versioned else 0)
    workflow.save_draft(session, actor, entity, row.key, data, lock, submit=True)

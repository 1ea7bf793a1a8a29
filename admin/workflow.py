"""Draft → review → publish, retire and rollback: the only code that changes live content.

Editors write drafts (``admin_drafts``); the live row stays as citizens see it
until a reviewer publishes.  A publish writes the row, a history entry (before
and after, for the diff and the rollback), an audit line and the revision bump
in the caller's ONE transaction, so the assistant picks the change up within
about a second and never sees half of it.

Lost updates are refused, never merged: every form carries a *lock* (the live
row's ``version`` and the draft's ``version`` it was opened with); saving
against anything newer raises :class:`EditConflict`, and the ORM's
``version_id_col`` catches the rest (a ``StaleDataError`` at flush).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from admin import entities
from admin.audit import record
from admin.entities import Entity
from admin.models import Draft, HistoryEntry
from services_db.revision import bump_revision

CONFLICT_MESSAGE = ("保存未成功：在您编辑期间，{by}已经修改了这条内容。您填写的内容仍保留在下方，没有丢失；"
                    "请先对照最新内容（可在新窗口打开本页查看），再决定是否重新保存。")


@dataclass(frozen=True)
class Actor:
    name: str
    role: str

    @property
    def can_publish(self) -> bool:
        return self.role == "reviewer"


class WorkflowError(Exception):
    """A refusal with a Chinese message for staff."""


class EditConflict(WorkflowError):
    pass


class Invalid(WorkflowError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors))
        self.errors = errors


class NotAllowed(WorkflowError):
    pass


@dataclass(frozen=True)
class Lock:
    """What a form was opened with: the live row's version and the draft's id and version."""

    row_version: int = 0
    draft_id: int = 0
    draft_version: int = 0

    def token(self) -> str:
        return f"{self.row_version}:{self.draft_id}:{self.draft_version}"

    @classmethod
    def parse(cls, token: str | None) -> Lock:
        try:
            row, draft, version = (int(p) for p in (token or "").split(":"))
        except ValueError:
            raise EditConflict("表单已过期，请刷新页面后重新填写。") from None
        return cls(row, draft, version)


@dataclass(frozen=True)
class WorkingCopy:
    """What an edit form shows: the pending draft if there is one, else the live entry."""

    data: dict[str, Any]
    live: dict[str, Any] | None
    draft: Draft | None
    lock: Lock


def find_draft(session: Session, entity: Entity, key: str | None, draft_id: int = 0) -> Draft | None:
    if draft_id:
        return session.get(Draft, draft_id)
    if key is None:
        return None
    return session.scalar(select(Draft).where(Draft.entity == entity.name, Draft.key == key))


def working_copy(session: Session, entity: Entity, key: str | None, draft_id: int = 0) -> WorkingCopy:
    row = entities.load(session, entity, key) if key is not None else None
    live = entities.snapshot(entity, row) if row is not None else None
    draft = find_draft(session, entity, key, draft_id)
    data = dict(draft.data) if draft is not None else dict(live or {})
    lock = Lock(_row_version(entity, row), draft.id if draft else 0, draft.version if draft else 0)
    return WorkingCopy(data, live, draft, lock)


def _row_version(entity: Entity, row: Any) -> int:
    return int(row.version) if row is not None and entity.versioned else 0


def _check_lock(session: Session, entity: Entity, key: str | None, lock: Lock) -> tuple[Any, Draft | None]:
    row = entities.load(session, entity, key) if key is not None else None
    if key is not None and row is None:
        raise WorkflowError("这条内容已不存在，可能已被删除。")
    draft = find_draft(session, entity, key, lock.draft_id)
    if _row_version(entity, row) != lock.row_version:
        raise EditConflict(CONFLICT_MESSAGE.format(by=_last_publisher(session, entity, key)))
    if (draft.version if draft else 0) != lock.draft_version or (draft and draft.id != lock.draft_id):
        raise EditConflict(CONFLICT_MESSAGE.format(by=f"{draft.author if draft else '其他同事'}（草稿）"))
    return row, draft


def _last_publisher(session: Session, entity: Entity, key: str | None) -> str:
    user = session.scalar(select(HistoryEntry.user).where(HistoryEntry.entity == entity.name,
                                                          HistoryEntry.key == key)
                          .order_by(HistoryEntry.id.desc()).limit(1))
    return user or "其他同事"


def _validated(session: Session, entity: Entity, data: dict[str, Any], key: str | None) -> dict[str, Any]:
    clean = entities.normalize(entity, data)
    if data.get("status") == "retired":
        return clean  # retiring needs no valid content
    errors = entities.validate(session, entity, clean, key)
    if errors:
        raise Invalid(errors)
    return clean


# ---- drafts -------------------------------------------------------------------------------
def save_draft(session: Session, actor: Actor, entity: Entity, key: str | None, data: dict[str, Any],
               lock: Lock, submit: bool = False) -> Draft:
    """Create or update the pending draft of an entry; ``submit`` sends it for review."""
    row, draft = _check_lock(session, entity, key, lock)
    clean = _validated(session, entity, data, key)
    if draft is None:
        draft = Draft(entity=entity.name, key=key, base_version=_row_version(entity, row), author=actor.name)
        session.add(draft)
    draft.data = clean
    draft.author = actor.name
    draft.state = "review" if submit else "draft"
    _flush(session, entity, key)
    record(session, actor.name, "提交审核" if submit else "保存草稿", entity.name, key or f"新建#{draft.id}",
           entity.title(clean))
    return draft


def propose_retire(session: Session, actor: Actor, entity: Entity, key: str, lock: Lock) -> Draft:
    """An editor's request to take an entry offline, for a reviewer to publish."""
    row, _ = _check_lock(session, entity, key, lock)
    data = {**entities.snapshot(entity, row), "status": "retired"}
    return save_draft(session, actor, entity, key, data, lock, submit=True)


def submit(session: Session, actor: Actor, draft: Draft) -> None:
    draft.state = "review"
    record(session, actor.name, "提交审核", draft.entity, draft.key or f"新建#{draft.id}",
           entities.ENTITIES[draft.entity].title(draft.data))


def reject(session: Session, actor: Actor, draft: Draft, note: str) -> None:
    _require_reviewer(actor)
    draft.state, draft.note = "draft", note.strip()
    record(session, actor.name, "退回修改", draft.entity, draft.key or f"新建#{draft.id}", note.strip())


def discard(session: Session, actor: Actor, draft: Draft) -> None:
    if actor.name != draft.author and not actor.can_publish:
        raise NotAllowed("只能删除自己的草稿。")
    record(session, actor.name, "删除草稿", draft.entity, draft.key or f"新建#{draft.id}",
           entities.ENTITIES[draft.entity].title(draft.data))
    session.delete(draft)


# ---- publishing ---------------------------------------------------------------------------
def publish_draft(session: Session, actor: Actor, draft: Draft, lock: Lock | None = None) -> HistoryEntry:
    """Publish a pending draft; refused when the live entry changed after the draft began."""
    _require_reviewer(actor)
    entity = entities.ENTITIES[draft.entity]
    if lock is not None and lock.draft_version != draft.version:
        raise EditConflict(CONFLICT_MESSAGE.format(by=f"{draft.author}（草稿）"))
    row = entities.load(session, entity, draft.key) if draft.key is not None else None
    if entity.versioned and row is not None and row.version != draft.base_version:
        raise EditConflict(f"这份草稿基于旧版本：之后{_last_publisher(session, entity, draft.key)}已发布了新的修改。"
                           "请打开草稿，对照最新内容重新保存后再发布。")
    data = _validated(session, entity, draft.data, draft.key)
    entry = _publish(session, actor, entity, draft.key, data, "publish")
    session.delete(draft)
    return entry


def publish_now(session: Session, actor: Actor, entity: Entity, key: str | None, data: dict[str, Any],
                lock: Lock) -> HistoryEntry:
    """A reviewer's "save and publish": the form's content goes live and replaces any draft."""
    _require_reviewer(actor)
    _, draft = _check_lock(session, entity, key, lock)
    entry = _publish(session, actor, entity, key, _validated(session, entity, data, key), "publish")
    if draft is not None:
        session.delete(draft)
    return entry


def retire(session: Session, actor: Actor, entity: Entity, key: str, lock: Lock) -> HistoryEntry:
    _require_reviewer(actor)
    row, _ = _check_lock(session, entity, key, lock)
    return _publish(session, actor, entity, key, {**entities.snapshot(entity, row), "status": "retired"}, "retire")


def rollback(session: Session, actor: Actor, entry: HistoryEntry) -> HistoryEntry:
    """Put the entry back the way it was before ``entry`` (one click, itself undoable)."""
    _require_reviewer(actor)
    entity = entities.ENTITIES[entry.entity]
    row = entities.load(session, entity, entry.key)
    if entry.before is None:  # it was created: roll back = take it offline
        if row is None:
            raise WorkflowError("这条内容已不存在，无需回滚。")
        data: dict[str, Any] | None = {**entities.snapshot(entity, row), "status": "retired"}
    else:
        data = dict(entry.before)
    key = entry.key if row is not None else None  # a removed synonym or term comes back as a new row
    return _publish(session, actor, entity, key, data, "rollback", note=f"回滚到第{entry.id}号修改之前")


def publish_imported(session: Session, actor: Actor, entity: Entity, key: str | None,
                     data: dict[str, Any]) -> HistoryEntry:
    """One imported row, already validated; the import wraps all rows in one transaction."""
    _require_reviewer(actor)
    return _publish(session, actor, entity, key, data, "import")


def _publish(session: Session, actor: Actor, entity: Entity, key: str | None, data: dict[str, Any],
             action: str, note: str = "") -> HistoryEntry:
    row = entities.load(session, entity, key) if key is not None else None
    before = entities.snapshot(entity, row) if row is not None else None
    retiring = data.get("status") == "retired"
    if row is None:
        row = entities.new_row(session, entity, data)
    if retiring and not entity.versioned:
        session.delete(row)  # synonyms and terms have no status: retiring removes them
    else:
        entities.apply(session, entity, row, {**data, "status": data.get("status") or "published"}
                       if entity.versioned else data)
    _flush(session, entity, key)
    key = key or entities.key_of(entity, row)
    after = None if retiring and not entity.versioned else entities.snapshot(entity, row)
    revision = bump_revision(session)
    entry = HistoryEntry(entity=entity.name, key=key, action="retire" if retiring and action == "publish"
                         else action, before=before, after=after, user=actor.name, kb_revision=revision)
    session.add(entry)
    session.flush()
    record(session, actor.name, _ACTION_LABELS[entry.action], entity.name, key,
           note or entity.title(after or before or {}))
    return entry


_ACTION_LABELS = {"publish": "发布", "retire": "停用", "rollback": "回滚", "import": "导入发布"}


def _flush(session: Session, entity: Entity, key: str | None) -> None:
    try:
        session.flush()
    except StaleDataError:  # saved by someone between our read and our write
        raise EditConflict(CONFLICT_MESSAGE.format(by="其他同事")) from None


def _require_reviewer(actor: Actor) -> None:
    if not actor.can_publish:
        raise NotAllowed("只有审核员可以发布、停用或回滚内容。请保存草稿并提交审核。")

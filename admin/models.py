"""The admin's own tables, stored in the knowledge-base database.

They live beside the content so that a publish, its history entry, its audit
line and the revision bump commit in ONE transaction.  They have their own
``MetaData`` (created with ``create_all`` at start-up): the knowledge base's
Alembic migrations and schema test stay about the content.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, Boolean, Column, DateTime, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base

ROLES = ("editor", "reviewer")
ROLE_LABELS = {"editor": "编辑（起草）", "reviewer": "审核员（发布）"}

metadata = MetaData()
AdminBase = declarative_base(metadata=metadata)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AdminUser(AdminBase):
    """A member of staff; ``password_hash`` is argon2id."""

    __tablename__ = "admin_users"
    id = Column(Integer, primary_key=True)
    name = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)
    role = Column(String(16), nullable=False, default="editor")
    active = Column(Boolean, nullable=False, default=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Draft(AdminBase):
    """A proposed change waiting to be published: the live row stays as it is until then.

    ``key`` is None for a new entry.  ``base_version`` is the live row's
    ``version`` the draft started from, so publishing over a newer live row is
    refused.  ``state`` is ``draft`` (being written) or ``review`` (submitted).
    """

    __tablename__ = "admin_drafts"
    id = Column(Integer, primary_key=True)
    entity = Column(String(16), nullable=False)
    key = Column(String(128))
    base_version = Column(Integer)
    data = Column(JSON, nullable=False)
    state = Column(String(16), nullable=False, default="draft")
    note = Column(Text, nullable=False, default="")
    author = Column(String(64), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)
    version = Column(Integer, nullable=False, default=1)

    __table_args__ = (UniqueConstraint("entity", "key", name="uq_admin_drafts_entity_key"),)
    __mapper_args__ = {"version_id_col": version}


class HistoryEntry(AdminBase):
    """One published change with the entry before and after it: the diff and the rollback."""

    __tablename__ = "admin_history"
    id = Column(Integer, primary_key=True)
    entity = Column(String(16), nullable=False, index=True)
    key = Column(String(128), nullable=False, index=True)
    action = Column(String(16), nullable=False)  # create / update / retire / rollback / import
    before = Column(JSON)
    after = Column(JSON)
    user = Column(String(64), nullable=False)
    kb_revision = Column(Integer, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class AuditEntry(AdminBase):
    """Who did what and when: logins, drafts, reviews, publishes, imports, accounts."""

    __tablename__ = "admin_audit"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    user = Column(String(64), nullable=False)
    action = Column(String(32), nullable=False)
    entity = Column(String(16))
    key = Column(String(128))
    detail = Column(Text, nullable=False, default="")


def create_tables(engine: Engine) -> None:
    """Create the admin tables that are missing (idempotent)."""
    metadata.create_all(engine)

"""The published revision: one integer in ``kb_meta`` that every published edit bumps.

Readers poll it (a single-row primary-key read) to know when to rebuild their
index; writers bump it in the same transaction as the edit, so a reader never
sees the new revision without the new content.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services_db.models import KbMeta

META_ID = 1


def _ensure_row(session: Session) -> KbMeta:
    meta = session.get(KbMeta, META_ID)
    if meta is None:
        meta = KbMeta(id=META_ID, revision=0)
        session.add(meta)
        session.flush()
    return meta


def current_revision(conn: Connection) -> int | None:
    """The published revision, or None when the schema has not been created yet."""
    return conn.execute(select(KbMeta.revision).where(KbMeta.id == META_ID)).scalar_one_or_none()


def bump_revision(session: Session) -> int:
    """Increment the revision inside the caller's transaction; returns the new value.

    Call it in the same transaction as the publish (the admin does this on save).
    """
    _ensure_row(session)
    session.execute(
        update(KbMeta).where(KbMeta.id == META_ID)
        .values(revision=KbMeta.revision + 1, updated_at=datetime.now(timezone.utc))
        .execution_options(synchronize_session=False)
    )
    return session.execute(select(KbMeta.revision).where(KbMeta.id == META_ID)).scalar_one()


def stored_seed_hash(session: Session) -> str | None:
    meta = session.get(KbMeta, META_ID)
    return meta.seed_hash if meta else None


def record_seed(session: Session, seed_hash: str) -> None:
    meta = _ensure_row(session)
    meta.seed_hash = seed_hash
    meta.seeded_at = datetime.now(timezone.utc)

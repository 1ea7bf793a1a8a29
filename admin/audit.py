"""The audit log: one line per thing staff did, written in the same transaction as the deed."""
from __future__ import annotations

from sqlalchemy.orm import Session

from admin.models import AuditEntry


def record(session: Session, user: str, action: str, entity: str | None = None, key: str | None = None,
           detail: str = "") -> None:
    """Add an audit line to the caller's transaction (so it commits or rolls back with the change)."""
    session.add(AuditEntry(user=user, action=action, entity=entity, key=key, detail=detail[:500]))

"""What the admin's views share: database sessions, the knowledge base, the gateway store, the user."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app, g
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session

from admin.throttle import LoginThrottle
from admin.workflow import Actor

EXTENSION = "isz_admin"


@dataclass
class AdminContext:
    """One per admin app; ``kb`` is the gateway's own KnowledgeBase when mounted there."""

    engine: Engine
    session: scoped_session
    kb: Any
    gateway_engine: Engine | None
    throttle: LoginThrottle
    upload_dir: Path  # uploaded import files between preview and confirm


def context() -> AdminContext:
    return current_app.extensions[EXTENSION]


def published() -> None:
    """Rebuild this process's knowledge base now rather than on its next lookup.

    The KnowledgeBase notices a new revision lazily (on a lookup at least a
    second after the previous check) and serves that lookup from the old
    index; without this, the first 试一试 or /api/services call after a
    publish would still show the old text.
    """
    kb = context().kb
    if kb is not None:
        threading.Thread(target=kb.refresh, name="admin-kb-refresh", daemon=True).start()


def db() -> Any:
    """The request's ORM session (a scoped_session, removed at the end of each request)."""
    return context().session


def actor() -> Actor | None:
    return getattr(g, "actor", None)


def require_actor() -> Actor:
    found = actor()
    if found is None:
        raise PermissionError("not logged in")
    return found

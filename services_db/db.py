"""Engines for the knowledge base: SQLite by default, PostgreSQL through one URL."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from bot.db import make_engine as _make_engine


def resolve_url(url: str | None) -> str:
    """The given URL, or the configured one (``ISZ_KB_URL`` / SQLite under var/data)."""
    if url:
        return url
    from bot.settings import settings

    return settings.kb_database_url


def make_engine(url: str | None = None) -> Engine:
    """The shared engine factory, on the given or the configured knowledge-base URL."""
    return _make_engine(resolve_url(url))

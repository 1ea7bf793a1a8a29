"""Engines for the knowledge base: SQLite by default, PostgreSQL through one URL."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url


def resolve_url(url: str | None) -> str:
    """The given URL, or the configured one (``ISZ_KB_URL`` / SQLite under var/data)."""
    if url:
        return url
    from bot.settings import settings

    return settings.kb_database_url


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """A 2.0-style engine; creates the SQLite file's folder and turns on FK checks."""
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # Readers (bot, gateway) and a writer (admin, seed) share the file: wait, don't fail.
        engine = create_engine(parsed, future=True, connect_args={"timeout": 30})
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    return create_engine(parsed, future=True, pool_pre_ping=True)

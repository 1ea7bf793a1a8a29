"""Engine and session factory for the mock's state (SQLite file or PostgreSQL)."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from mock_services.models import Base, Persona


def make_engine(db_url: str) -> Engine:
    """A 2.0-style engine; SQLite gets its folder created and foreign keys on."""
    url = make_url(db_url)
    kwargs: dict[str, Any] = {"future": True}
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, future=True, expire_on_commit=False)


def prepare(engine: Engine, seed_date: date, *, reset: bool = False) -> bool:
    """Create tables and seed demo data when empty (or always, after ``reset``).

    Returns True when demo data was (re)written.
    """
    from mock_services.seed import seed  # seed imports models; keep db importable alone

    if reset:
        Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with Session(engine, future=True) as session, session.begin():
        if session.execute(select(Persona.id).limit(1)).first() is not None:
            return False
        seed(session, seed_date)
    return True

"""Engine and session factory for the mock's state (SQLite file or PostgreSQL)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.db import make_engine as shared_make_engine
from mock_services.models import Base, Persona


def make_engine(db_url: str) -> Engine:
    """The shared engine factory (bot/db.py): folder, foreign keys, in-memory support."""
    return shared_make_engine(db_url)


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

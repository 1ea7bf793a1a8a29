"""Databases and knowledge bases for the services_db tests.

SQLite lives in pytest's tmp dir; PostgreSQL tests (127.0.0.1:5432, database
``test``) get a schema of their own that is dropped afterwards, so parallel
users of that database are not disturbed.  They are skipped only when the
server cannot be reached.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from services_db.db import make_engine
from services_db.knowledge_base import KnowledgeBase
from services_db.migrate import upgrade
from services_db.seeding import seed_database

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_DIR = FIXTURES / "seed"
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED_DIR


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    admin = create_engine(POSTGRES, future=True, connect_args={"connect_timeout": 3})
    schema = f"kb_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {error.orig}")
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue({"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param])


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded_engine(engine: Engine, seed_dir: Path) -> Engine:
    seed_database(engine, seed_dir)
    return engine


@pytest.fixture(scope="module")
def fixture_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """A read-only knowledge base over the fixture seed, shared by a test module."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}")
    upgrade(engine)
    seed_database(engine, SEED_DIR)
    kb = KnowledgeBase(engine)
    kb.refresh()
    yield kb
    kb.close()

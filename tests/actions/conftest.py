"""The real mock backend on a free port with a frozen clock, and conversations driven through the actions.

Rasa does not run the custom actions in ``rasa test``, so their logic is tested
here: each test gets a fresh copy of the seeded mock database, the backend
client is pointed at it, and "today" is the mock's frozen day.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from actions import appointments, backend, dates
from mock_services.app import create_app
from mock_services.clock import parse_instant
from mock_services.config import MockConfig
from mock_services.db import make_engine, prepare
from mock_services.state import STATE
from tests.actions.simulator import Conversation

SEED_DAY = date(2026, 11, 26)  # a Thursday
NOW = "2026-11-26T10:00:00+08:00"  # office hours
TEST_KEY = b"actions-test-key"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actions_mock") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    prepare(engine, SEED_DAY)
    engine.dispose()
    return path


@dataclass
class Mock:
    server: TestServer
    app: web.Application

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    def faults(self, latency_ms: int = 0, error_rate: float = 0.0) -> None:
        state = self.app[STATE].faults
        state.latency_ms, state.error_rate = latency_ms, error_rate

    async def login(self, persona: str) -> str:
        async with backend.aiohttp.ClientSession() as session:
            async with session.post(f"{self.url}/auth/login", json={"persona_id": persona}) as response:
                return (await response.json())["token"]

    async def get(self, path: str, token: str | None = None, **params: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with backend.aiohttp.ClientSession() as session:
            async with session.get(self.url + path, params=params, headers=headers) as response:
                return await response.json()


@pytest.fixture
async def mock(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, aiohttp_server: Any) -> Mock:
    db = tmp_path / "mock.db"
    shutil.copyfile(template_db, db)
    app = create_app(f"sqlite:///{db}", config=MockConfig(now=parse_instant(NOW), seed_date=SEED_DAY),
                     token_key=TEST_KEY, server_url="http://127.0.0.1:1")
    server = await aiohttp_server(app)
    running = Mock(server, app)
    monkeypatch.setattr(backend, "default_base_url", lambda: running.url)
    monkeypatch.setattr(dates, "today", lambda: SEED_DAY)
    monkeypatch.setattr(appointments, "today", lambda: SEED_DAY)
    backend._REFERENCE_CACHE.clear()
    return running


@pytest.fixture
def talk(mock: Mock) -> Callable[..., Conversation]:
    """A new conversation: ``talk(token=..., senior=True)``."""
    def start(token: str | None = None, senior: bool = False, sender: str = "citizen-1") -> Conversation:
        return Conversation(token=token, senior=senior, sender=sender)
    return start

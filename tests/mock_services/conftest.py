"""Fixtures: a seeded database per test (copied from one template), an app with a
frozen clock, and an ``api`` client that checks every answer against the
OpenAPI document, so each test also proves the description is accurate."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from mock_services.app import create_app
from mock_services.clock import CLOCK_HEADER, parse_instant
from mock_services.config import MockConfig
from mock_services.db import make_engine, prepare
from mock_services.state import STATE
from mock_services.validation import SchemaChecker

SEED_DAY = date(2026, 11, 26)  # a Thursday
NOW = "2026-11-26T10:00:00+08:00"  # inside office hours
TEST_KEY = b"test-signing-key"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seed once; each test gets a copy (seeding takes longer than copying)."""
    path = tmp_path_factory.mktemp("mock_template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    prepare(engine, SEED_DAY)
    engine.dispose()
    return path


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path) -> str:
    target = tmp_path / "mock_services.db"
    shutil.copyfile(template_db, target)
    return f"sqlite:///{target}"


@pytest.fixture
def config() -> MockConfig:
    return MockConfig(now=parse_instant(NOW), seed_date=SEED_DAY)


def build_app(db_url: str, config: MockConfig, **changes: Any) -> web.Application:
    return create_app(db_url, config=replace(config, **changes), token_key=TEST_KEY,
                      server_url="http://127.0.0.1:8081")


@dataclass
class Result:
    status: int
    body: dict[str, Any]
    headers: Any

    @property
    def error_code(self) -> str | None:
        return self.body.get("error", {}).get("code")


class Api:
    """Test client that validates status and body against the served OpenAPI document."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.spec = client.app[STATE].spec
        self._checker = SchemaChecker(self.spec["components"]["schemas"])
        templates = sorted(self.spec["paths"], key=lambda p: p.count("{"))
        self._routes = [(re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", t) + "$"), t) for t in templates]

    def operation(self, method: str, path: str) -> dict[str, Any]:
        template = next(t for pattern, t in self._routes if pattern.match(path))
        return self.spec["paths"][template][method.lower()]

    async def call(self, method: str, path: str, *, token: str | None = None, now: str | None = None,
                   headers: dict[str, str] | None = None, **kwargs: Any) -> Result:
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if now:
            sent[CLOCK_HEADER] = now
        response = await self.client.request(method, path, headers=sent, **kwargs)
        assert response.content_type == "application/json"
        body = await response.json()
        documented = self.operation(method, path)["responses"]
        assert str(response.status) in documented, f"{method} {path} answered undocumented {response.status}: {body}"
        schema = documented[str(response.status)]["content"]["application/json"]["schema"]
        problems = self._checker.problems(schema, body)
        assert not problems, f"{method} {path} {response.status} breaks its schema: {problems}"
        return Result(response.status, body, response.headers)

    async def get(self, path: str, **kwargs: Any) -> Result:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> Result:
        return await self.call("POST", path, **kwargs)

    async def login(self, persona_id: str, now: str | None = None) -> str:
        result = await self.post("/auth/login", json={"persona_id": persona_id}, now=now)
        assert result.status == 200, result.body
        return result.body["token"]


@pytest.fixture
async def api(aiohttp_client: Any, db_url: str, config: MockConfig) -> Api:
    return Api(await aiohttp_client(build_app(db_url, config)))


@pytest.fixture
def make_api(aiohttp_client: Any, db_url: str, config: MockConfig) -> Any:
    """For tests that need another config (faults, clock): ``await make_api(error_rate=1.0)``."""
    async def make(**changes: Any) -> Api:
        return Api(await aiohttp_client(build_app(db_url, config, **changes)))
    return make

"""An admin on its own copy of the real seeded knowledge base, with one editor and one reviewer.

The seed is loaded once per session into a template file; every test gets a
fresh copy of that file (a copy is much faster than seeding), its own gateway
store and its own KnowledgeBase reading the copy.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from admin.accounts import create_user
from admin.app import create_admin_app
from admin.models import create_tables
from bot.settings import Settings
from services_db import KnowledgeBase
from services_db.cli import main as kb_cli
from services_db.db import make_engine

PASSWORD = "correct horse battery"
EDITOR, REVIEWER = "王编辑", "李审核"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("admin-seed") / "kb.db"
    assert kb_cli(["--url", f"sqlite:///{path}", "setup"]) == 0
    engine = make_engine(f"sqlite:///{path}")
    create_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        create_user(session, EDITOR, PASSWORD, "editor")
        create_user(session, REVIEWER, PASSWORD, "reviewer")
    engine.dispose()
    return path


@pytest.fixture()
def settings(tmp_path: Path, seeded_template: Path) -> Settings:
    shutil.copy(seeded_template, tmp_path / "kb.db")
    return Settings(data_dir=str(tmp_path), kb_url=f"sqlite:///{tmp_path / 'kb.db'}",
                    gateway_db_url=f"sqlite:///{tmp_path / 'gateway.db'}", secret_key="admin-test-secret")


@pytest.fixture()
def kb(settings: Settings) -> Iterator[KnowledgeBase]:
    opened = KnowledgeBase.open(settings.kb_database_url)
    yield opened
    opened.close()


@pytest.fixture()
def app(settings: Settings, kb: KnowledgeBase) -> Flask:
    flask_app = create_admin_app(settings, kb=kb)
    flask_app.config["TESTING"] = True
    return flask_app


class Staff:
    """A logged-in member of staff: a Flask test client that sends the CSRF token like the forms do."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def get(self, url: str, **kwargs: Any) -> Any:
        response = self.client.get(url, **kwargs)
        found = CSRF.search(response.get_data(as_text=True)) if response.mimetype == "text/html" else None
        if found:
            self.token = found.group(1) or found.group(2)
        return response

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if not self.token:
            self.get("/")
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)


def log_in(app: Flask, name: str, password: str = PASSWORD) -> Staff:
    staff = Staff(app.test_client())
    staff.get("/login/")
    response = staff.post("/login/", {"name": name, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    staff.get("/")
    return staff


@pytest.fixture()
def editor(app: Flask) -> Staff:
    return log_in(app, EDITOR)


@pytest.fixture()
def reviewer(app: Flask) -> Staff:
    return log_in(app, REVIEWER)


QUESTION = "i深圳怎么注册"  # answered by FAQ 1 of the real seed


def faq_form(staff: Staff, faq_id: int) -> dict[str, str]:
    """The edit form of an FAQ as the browser would submit it (current values, lock included)."""
    html = staff.get(f"/faq/edit/?id={faq_id}").get_data(as_text=True)
    return form_fields(html)


def form_fields(html: str) -> dict[str, str]:
    """Input, textarea and selected option values of the page's admin form."""
    import html as html_lib

    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', html):
        fields[name] = html_lib.unescape(value)
    for name, value in re.findall(r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = html_lib.unescape(value.lstrip("\r\n"))
    for name, body in re.findall(r'<select[^>]*?name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        if chosen:
            fields[name] = html_lib.unescape(chosen.group(1) or chosen.group(2))
    return fields


def answer_text(kb: KnowledgeBase, question: str = QUESTION) -> str:
    """The answer's text, or "" when the knowledge base finds nothing."""
    result = kb.search(question)
    if not result.found:
        return ""
    return kb.answer(result.best.service_id, result.aspect, faq_id=result.best.faq_id).text


def wait_for_answer(kb: KnowledgeBase, expected: str, timeout: float = 2.0, question: str = QUESTION) -> float:
    """Seconds until the knowledge base answers ``question`` with ``expected`` in the text."""
    import time

    started = time.monotonic()
    while time.monotonic() - started < timeout + 1:
        if expected in answer_text(kb, question):
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not visible after {timeout + 1} s: {answer_text(kb, question)}")

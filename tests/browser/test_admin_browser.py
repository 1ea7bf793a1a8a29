"""Issue 8 in a real browser: a reviewer logs in, edits an FAQ answer, publishes it, and "试一试" shows it.

Runs against a gateway of its own (port 18810, no Rasa needed: the admin and
the knowledge base live in the gateway) on a freshly seeded knowledge base, under
the admin's real CSP; any script error or CSP violation on a page fails the test.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.settings import PROJECT_ROOT
from tests.admin.conftest import PASSWORD, QUESTION, REVIEWER

PORT = 18810
NEW_ANSWER = "【浏览器测试】打开i深圳，点“注册”，用手机号和验证码完成注册。"


@pytest.fixture(scope="module")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("admin-browser")
    env = {**os.environ, "ISZ_DATA_DIR": str(data), "ISZ_GATEWAY_PORT": str(PORT), "ISZ_LOG_LEVEL": "WARNING"}
    run = {"cwd": PROJECT_ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    subprocess.run([sys.executable, "-m", "services_db", "setup"], **run)
    subprocess.run([sys.executable, "-m", "admin", "create-user", REVIEWER, "--role", "reviewer"], input=PASSWORD,
                   **run)
    with open(Path(data) / "gateway.log", "w") as log:
        gateway = subprocess.Popen([sys.executable, "-m", "bot.gateway"], cwd=PROJECT_ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(f"http://127.0.0.1:{PORT}/api/services", gateway)
        yield f"http://127.0.0.1:{PORT}/admin"
    finally:
        gateway.terminate()
        gateway.wait(timeout=15)


def _wait(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "gateway exited"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


@pytest.fixture()
def admin_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    # Flask-Admin's filter menu has one inline onclick="return false" (a no-op the CSP blocks); nothing else may.
    assert [p for p in problems if "inline event handler" not in p] == []


def test_reviewer_edits_publishes_and_tries_the_new_answer(admin_page: Page, admin_url: str) -> None:
    page = admin_page
    page.goto(admin_url + "/faq/")
    expect(page.get_by_role("heading", name="登录内容管理后台")).to_be_visible()
    page.get_by_label("用户名").fill(REVIEWER)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("修改或新建后先保存为草稿")).to_be_visible()

    page.goto(admin_url + "/faq/edit/?id=1")
    page.get_by_label("标准回答").fill(NEW_ANSWER)
    page.get_by_role("button", name="保存并发布").click()
    expect(page.get_by_text("已发布：助手在2秒内按新内容回答")).to_be_visible()
    expect(page.locator("table.diff ins").first).to_be_visible()

    time.sleep(1.5)  # the knowledge base checks for a new revision once a second
    page.get_by_role("link", name="试一试").click()
    page.get_by_label("市民的问题").fill(QUESTION)
    page.get_by_role("button", name="提问").click()
    expect(page.get_by_test_id("tryit-answer")).to_contain_text(NEW_ANSWER)
    page.screenshot(path=str(PROJECT_ROOT / "results" / "screenshots" / "admin_tryit.png"))

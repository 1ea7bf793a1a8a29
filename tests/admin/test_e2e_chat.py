"""The whole assistant (mock services, actions, Rasa, gateway) on ports 18800-18803: a reviewer publishes
a new answer in /admin and the chat (POST /api/chat) answers with it, without retraining or a restart.

Needs the trained model for the current inputs in var/models (``make test`` trains it before pytest);
without it the test is skipped rather than training on a shared 2-core machine.
"""
from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from typing import Iterator

import pytest
import requests

from bot.settings import PROJECT_ROOT
from tests.admin.conftest import PASSWORD, QUESTION, REVIEWER, form_fields
from tests.e2e.conftest import ALL_PARTS
from tests.e2e.stack import Stack

PORT_BASE = 18800
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
NEW_ANSWER = "【端到端】打开i深圳，用手机号和验证码注册即可。"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from bot.training import model_path

    if not model_path().exists():
        pytest.skip(f"没有与当前训练数据对应的模型 {model_path().name}（make test 会先训练）")
    running = Stack(tmp_path_factory.mktemp("admin-stack"), port_base=PORT_BASE, rate_limit_address=1000)
    running.prepare()
    subprocess.run([sys.executable, "-m", "admin", "create-user", REVIEWER, "--role", "reviewer"], input=PASSWORD,
                   text=True, cwd=PROJECT_ROOT, env=running.env, check=True, capture_output=True)
    try:
        running.start(*ALL_PARTS)
        yield running
    finally:
        running.stop()


def _chat(base: str, text: str) -> str:
    response = requests.post(f"{base}/api/chat", json={"session_id": f"admin-e2e-{uuid.uuid4()}", "text": text},
                             timeout=60)
    response.raise_for_status()
    return "\n".join(m["text"] for m in response.json()["messages"])


def test_published_answer_is_what_the_chat_says(stack: Stack) -> None:
    base = stack.settings.gateway_url
    assert NEW_ANSWER not in _chat(base, QUESTION)
    staff = requests.Session()
    token = TOKEN.search(staff.get(f"{base}/admin/login/", timeout=10).text).group(1)
    staff.post(f"{base}/admin/login/", data={"csrf_token": token, "name": REVIEWER, "password": PASSWORD},
               timeout=10).raise_for_status()
    form = {**form_fields(staff.get(f"{base}/admin/faq/edit/?id=1", timeout=10).text), "answer": NEW_ANSWER,
            "_action": "publish"}
    assert staff.post(f"{base}/admin/faq/edit/?id=1", data=form, timeout=10, allow_redirects=False).status_code == 302
    published = time.monotonic()
    while NEW_ANSWER not in (reply := _chat(base, QUESTION)):
        assert time.monotonic() - published < 5, reply
        time.sleep(0.2)
    # the action server's knowledge base polls the revision once a second; allow the chat round trip on top
    assert time.monotonic() - published < 3.0

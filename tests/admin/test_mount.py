"""The admin inside the real aiohttp gateway at /admin: log-in, edit, publish, and the chat's KB answers."""
from __future__ import annotations

import asyncio
import re
import time

from bot.gateway.app import create_app
from tests.admin.conftest import EDITOR, PASSWORD, QUESTION, REVIEWER, answer_text, form_fields
from tests.gateway.conftest import ScriptedRasa

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


async def _log_in(client, name: str) -> str:  # noqa: ANN001 - aiohttp TestClient
    page = await (await client.get("/admin/login/")).text()
    token = TOKEN.search(page).group(1)
    response = await client.post("/admin/login/", data={"csrf_token": token, "name": name, "password": PASSWORD},
                                 allow_redirects=False)
    assert response.status == 302, await response.text()
    return token


async def test_gateway_serves_the_admin_and_a_publish_reaches_the_chat_kb(aiohttp_client, settings, kb) -> None:
    client = await aiohttp_client(create_app(settings, kb=kb, rasa=ScriptedRasa()))
    anonymous = await client.get("/admin/faq/", allow_redirects=False)
    assert anonymous.status == 302 and anonymous.headers["Location"].startswith("/admin/login/")
    assert (await client.get("/admin", allow_redirects=False)).headers["Location"] == "/admin/"

    await _log_in(client, REVIEWER)
    page = await (await client.get("/admin/faq/edit/?id=1")).text()
    assert "/admin/static/admin/" in page  # Flask-Admin's own assets, under the mount point
    form = {**form_fields(page), "answer": "【网关测试】新的注册说明。", "_action": "publish"}
    started = time.monotonic()
    response = await client.post("/admin/faq/edit/?id=1", data=form, allow_redirects=False)
    assert response.status == 302 and response.headers["Location"].startswith("/admin/history/")
    while "网关测试" not in answer_text(kb) and time.monotonic() - started < 3:
        await asyncio.sleep(0.05)
    assert time.monotonic() - started < 2.0
    services = await (await client.get("/api/services/isz_registration_login")).json()
    assert any("网关测试" in f["answer"] for f in services["faqs"])
    tried = await (await client.get(f"/admin/try/?q={QUESTION}")).text()
    assert "网关测试" in tried
    csp = (await client.get("/admin/")).headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "nonce-" in csp


async def test_chat_api_still_answers_while_the_admin_is_mounted(aiohttp_client, settings, kb) -> None:
    client = await aiohttp_client(create_app(settings, kb=kb, rasa=ScriptedRasa()))
    await _log_in(client, EDITOR)
    response = await client.post("/api/chat", json={"session_id": "s-admin-mount-1", "text": "你好"})
    assert response.status == 200 and (await response.json())["messages"]

"""Dead backends give a Chinese way forward; conversations survive a Rasa restart."""
from __future__ import annotations

import uuid
from typing import Iterator

import psycopg2
import pytest
import redis
import requests

from tests.e2e.stack import Stack

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/1"


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("faults"), port_base=18100)
    running.prepare()
    try:
        running.start("mock_services", "action_server", "rasa", "gateway")
        yield running
    finally:
        running.stop()


_browser = requests.Session()  # keeps the session cookie, like the widget


def _post(stack: Stack, text: str, session_id: str) -> requests.Response:
    return _browser.post(f"{stack.settings.gateway_url}/api/chat",
                         json={"session_id": session_id, "text": text}, timeout=60)


def test_action_server_down_gives_a_chinese_way_forward(fault_stack: Stack) -> None:
    fault_stack.stop("action_server")
    try:
        response = _post(fault_stack, "港澳通行证怎么办", f"down-{uuid.uuid4()}")
        assert response.status_code == 200
        text = " ".join(m["text"] for m in response.json()["messages"])
        assert "12345" in text and "Error" not in text
    finally:
        fault_stack.start("action_server")


def test_rasa_down_answers_503_in_chinese_and_gateway_keeps_serving(fault_stack: Stack) -> None:
    session_id = f"down-{uuid.uuid4()}"
    fault_stack.stop("rasa")
    try:
        response = _post(fault_stack, "你好", session_id)
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "unavailable"
        assert "12345" in response.json()["error"]["message"]
        health = requests.get(f"{fault_stack.settings.gateway_url}/healthz", timeout=10)
        assert health.status_code == 503
        assert health.json()["components"]["rasa"]["status"] == "down"
        assert requests.get(f"{fault_stack.settings.gateway_url}/", timeout=10).status_code == 200
    finally:
        fault_stack.start("rasa")
    assert _post(fault_stack, "你好", session_id).status_code == 200


def _postgres_and_redis_reachable() -> bool:
    try:
        psycopg2.connect(POSTGRES, connect_timeout=2).close()
        redis.Redis.from_url(REDIS, socket_timeout=2).ping()
    except Exception:
        return False
    return True


@pytest.mark.parametrize("stores", [
    pytest.param({}, id="sqlite-default"),
    pytest.param({"tracker_store_url": POSTGRES, "lock_store_url": REDIS}, id="postgresql-redis"),
])
def test_conversation_continues_after_rasa_restart(tmp_path_factory: pytest.TempPathFactory,
                                                   stores: dict) -> None:
    if stores and not _postgres_and_redis_reachable():
        pytest.fail("PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) must run for this test")
    stack = Stack(tmp_path_factory.mktemp("restart"), port_base=18200, **stores)
    stack.prepare()
    sender = f"restart-{uuid.uuid4()}"
    try:
        stack.start("mock_services", "action_server", "rasa")
        first = stack.rasa_say(sender, "居住证怎么办")
        assert first[0]["meta"]["service_id"] == "residence_permit"
        stack.stop("rasa")
        stack.start("rasa")
        follow_up = stack.rasa_say(sender, "那要多少钱？")
        assert follow_up[0]["meta"]["service_id"] == "residence_permit"
    finally:
        stack.stop()

"""One question through every hop: widget page → gateway → Rasa → actions → database."""
from __future__ import annotations

import sqlite3

import requests

from tests.e2e.stack import Stack


def test_widget_page_is_served_with_a_strict_policy(stack: Stack) -> None:
    response = requests.get(f"{stack.settings.gateway_url}/", timeout=10)
    assert response.status_code == 200
    assert "text/html" in response.headers["Content-Type"]
    assert '<script' in response.text and "/static/chat.js" in response.text
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_greeting_is_answered_by_rasa(chat) -> None:  # noqa: ANN001 - fixture
    body = chat("你好").json()
    first = body["messages"][0]
    assert "您好" in first["text"]
    assert first["meta"] == {"kind": "chitchat", "category": None, "service_id": None}


def test_service_question_is_answered_from_the_knowledge_base(chat) -> None:  # noqa: ANN001
    message = chat("深圳居住证怎么办理？").json()["messages"][0]
    assert message["meta"]["kind"] == "answer"
    assert message["meta"]["category"] == "household_residence"
    assert message["meta"]["service_id"] == "residence_permit"
    assert "居住证" in message["text"] and "核实日期" in message["text"]


def test_follow_up_questions_keep_the_service(chat) -> None:  # noqa: ANN001
    chat("居住证怎么办")
    fee = chat("那要多少钱？").json()["messages"][0]
    where = chat("在哪里办？").json()["messages"][0]
    assert fee["meta"]["service_id"] == "residence_permit"
    assert where["meta"]["service_id"] == "residence_permit"
    assert fee["text"] != where["text"]


def test_health_reports_every_component_up(stack: Stack) -> None:
    response = requests.get(f"{stack.settings.gateway_url}/healthz", timeout=10)
    body = response.json()
    assert response.status_code == 200, body
    assert set(body["components"]) == {"gateway", "rasa", "action_server", "mock_services", "knowledge_base"}
    assert all(c["status"] == "up" for c in body["components"].values())


def test_identifiers_never_reach_history_or_tracker_store(stack: Stack, chat) -> None:  # noqa: ANN001
    chat("我的手机号是13812345678，身份证440301199001011234，帮我查社保")
    history = chat.client.get(f"{stack.settings.gateway_url}/api/history",
                              params={"session_id": chat.session_id}, timeout=10).json()
    user_lines = [m["text"] for m in history["messages"] if m["role"] == "user"]
    assert user_lines == ["我的手机号是138****5678，身份证4403**********1234，帮我查社保"]
    with sqlite3.connect(stack.settings.data_path / "trackers.db") as db:
        stored = "".join(row[0] for row in db.execute("select data from events"))
    assert "13812345678" not in stored and "440301199001011234" not in stored
    assert "138****5678" in stored


def test_demo_login_through_the_gateway(stack: Stack, chat) -> None:  # noqa: ANN001
    base = stack.settings.gateway_url
    personas = chat.client.get(f"{base}/api/personas", timeout=10).json()["personas"]
    assert len(personas) >= 3 and all(p["name"] and "*" in p["name"] for p in personas)
    chat("你好")
    login = chat.client.post(f"{base}/api/login", json={"session_id": chat.session_id,
                                                        "persona_id": personas[0]["id"]}, timeout=10)
    assert login.status_code == 200 and login.json()["persona"]["name"] == personas[0]["name"]
    history = chat.client.get(f"{base}/api/history", params={"session_id": chat.session_id}, timeout=10).json()
    assert history["persona"]["id"] == personas[0]["id"]

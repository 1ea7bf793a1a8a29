"""The chat API contract (chat_api.md): replies, meta, errors in Chinese, limits, history."""
from __future__ import annotations

import pytest

from tests.gateway.conftest import chat_body


async def test_reply_carries_meta_and_an_id(gateway, rasa) -> None:  # noqa: ANN001
    response = await gateway.post("/api/chat", json=chat_body("居住证怎么办"))
    assert response.status == 200
    body = await response.json()
    assert body["session_id"] == "session-0001" and body["mode"] == "standard"
    [message] = body["messages"]
    assert message["text"] == "收到：居住证怎么办"
    assert message["meta"] == {"kind": "answer", "category": "household_residence", "service_id": "residence_permit"}
    assert isinstance(message["id"], int)


@pytest.mark.parametrize("body, message_part", [
    ({"session_id": "short", "text": "你好"}, "会话编号"),
    (chat_body("   "), "请输入"),
    (chat_body(None), "请输入"),
    (chat_body("字" * 501), "500字"),
    (chat_body("你好", mode="big"), "模式"),
])
async def test_invalid_requests_get_400_in_chinese(gateway, body, message_part) -> None:  # noqa: ANN001
    response = await gateway.post("/api/chat", json=body)
    assert response.status == 400
    error = (await response.json())["error"]
    assert error["code"] == "invalid_request" and message_part in error["message"]


async def test_body_that_is_not_json_gets_400(gateway) -> None:  # noqa: ANN001
    response = await gateway.post("/api/chat", data=b"<html>not json</html>")
    assert response.status == 400
    assert (await response.json())["error"]["code"] == "invalid_request"


async def test_ten_thousand_characters_get_413(gateway) -> None:  # noqa: ANN001
    response = await gateway.post("/api/chat", json=chat_body("长" * 10_000))
    assert response.status == 413
    error = (await response.json())["error"]
    assert error["code"] == "too_large" and "500字" in error["message"]


async def test_control_characters_and_emoji_are_cleaned_not_refused(gateway, rasa) -> None:  # noqa: ANN001
    response = await gateway.post("/api/chat", json=chat_body("居住证\x00\x07怎么办😀\u200b"))
    assert response.status == 200
    assert rasa.received[-1][1] == "居住证怎么办😀"


async def test_sql_and_html_fragments_are_just_text(gateway, rasa) -> None:  # noqa: ANN001
    text = "'; DROP TABLE chat_messages; -- <script>alert(1)</script>"
    assert (await gateway.post("/api/chat", json=chat_body(text))).status == 200
    history = await (await gateway.get("/api/history", params={"session_id": "session-0001"})).json()
    assert history["messages"][0]["text"] == text


async def test_rate_limit_per_session_answers_429_with_retry_after(make_gateway) -> None:  # noqa: ANN001
    client = await make_gateway(rate_limit_session=3)
    statuses = [(await client.post("/api/chat", json=chat_body(f"第{i}条"))).status for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = await client.post("/api/chat", json=chat_body("再来"))
    assert int(response.headers["Retry-After"]) >= 1
    assert (await response.json())["error"]["code"] == "rate_limited"


async def test_rasa_down_gives_503_in_chinese_and_loses_nothing(gateway, rasa) -> None:  # noqa: ANN001
    rasa.down = True
    response = await gateway.post("/api/chat", json=chat_body("你好"))
    assert response.status == 503
    error = (await response.json())["error"]
    assert error["code"] == "unavailable" and "12345" in error["message"]
    rasa.down = False  # the same client can retry its own session
    assert (await gateway.post("/api/chat", json=chat_body("你好"))).status == 200


async def test_empty_reply_from_rasa_becomes_a_chinese_way_forward(gateway, rasa) -> None:  # noqa: ANN001
    rasa.reply = lambda text: []
    [message] = (await (await gateway.post("/api/chat", json=chat_body("你好"))).json())["messages"]
    assert "12345" in message["text"] and message["meta"]["kind"] == "fallback"


async def test_identifiers_are_masked_before_rasa_and_in_history(gateway, rasa) -> None:  # noqa: ANN001
    await gateway.post("/api/chat", json=chat_body("电话13812345678 身份证440301199001011234"))
    assert rasa.received[-1][1] == "电话138****5678 身份证4403**********1234"
    history = await (await gateway.get("/api/history", params={"session_id": "session-0001"})).json()
    texts = " ".join(m["text"] for m in history["messages"])
    assert "13812345678" not in texts and "440301199001011234" not in texts


async def test_pressed_button_shows_its_title_in_history(gateway) -> None:  # noqa: ANN001
    await gateway.post("/api/chat", json=chat_body("居住证怎么办"))
    await gateway.post("/api/chat", json=chat_body("/ask_aspect"))
    history = await (await gateway.get("/api/history", params={"session_id": "session-0001"})).json()
    assert [m["text"] for m in history["messages"] if m["role"] == "user"] == ["居住证怎么办", "需要多少钱"]


async def test_another_client_cannot_read_or_write_a_session(gateway, aiohttp_client) -> None:  # noqa: ANN001
    await gateway.post("/api/chat", json=chat_body("我的秘密问题"))
    stranger = await aiohttp_client(gateway.server)  # same server, empty cookie jar
    history = await (await stranger.get("/api/history", params={"session_id": "session-0001"})).json()
    assert history["messages"] == []
    response = await stranger.post("/api/chat", json=chat_body("冒充"))
    assert response.status == 403
    assert "刷新" in (await response.json())["error"]["message"]


async def test_mode_is_kept_per_conversation(gateway, rasa) -> None:  # noqa: ANN001
    await gateway.post("/api/chat", json=chat_body("你好", mode="senior"))
    await gateway.post("/api/chat", json=chat_body("再说一遍"))
    assert [metadata["mode"] for _, _, metadata in rasa.received] == ["senior", "senior"]
    history = await (await gateway.get("/api/history", params={"session_id": "session-0001"})).json()
    assert history["mode"] == "senior"


async def test_mode_switch_from_the_bot_updates_the_session(gateway, rasa) -> None:  # noqa: ANN001
    rasa.reply = lambda text: [{"text": "已切换到长辈模式", "buttons": [], "custom": {"mode": "senior"},
                                "meta": {"kind": "mode_switch", "category": None, "service_id": None}}]
    body = await (await gateway.post("/api/chat", json=chat_body("字大一点"))).json()
    assert body["mode"] == "senior"
    assert "custom" not in body["messages"][0]


async def test_feedback_and_rating_are_stored(gateway) -> None:  # noqa: ANN001
    reply = await (await gateway.post("/api/chat", json=chat_body("居住证怎么办"))).json()
    message_id = reply["messages"][0]["id"]
    vote = await gateway.post("/api/feedback", json={"session_id": "session-0001", "message_id": message_id,
                                                     "value": "down"})
    assert vote.status == 200 and "感谢" in (await vote.json())["message"]
    rating = await gateway.post("/api/rating", json={"session_id": "session-0001", "score": 4})
    assert rating.status == 200
    store = gateway.server.app["store"]
    from bot.gateway.store import feedback, ratings
    assert store.count(feedback) == 1 and store.count(ratings) == 1
    bad = await gateway.post("/api/rating", json={"session_id": "session-0001", "score": 9})
    assert bad.status == 400


async def test_reset_forgets_the_conversation(gateway) -> None:  # noqa: ANN001
    await gateway.post("/api/chat", json=chat_body("你好"))
    assert (await gateway.post("/api/reset", json={"session_id": "session-0001"})).status == 200
    history = await (await gateway.get("/api/history", params={"session_id": "session-0001"})).json()
    assert history["messages"] == []


async def test_security_headers_and_unknown_api_paths(gateway) -> None:  # noqa: ANN001
    page = await gateway.get("/")
    assert page.status == 200
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    missing = await gateway.get("/api/nothing-here")
    assert missing.status == 404
    assert "12345" in (await missing.json())["error"]["message"]


async def test_cors_only_for_configured_origins(make_gateway) -> None:  # noqa: ANN001
    client = await make_gateway(allowed_origins="https://www.sz.gov.cn")
    allowed = await client.options("/api/chat", headers={"Origin": "https://www.sz.gov.cn"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://www.sz.gov.cn"
    other = await client.post("/api/chat", json=chat_body("你好"), headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers

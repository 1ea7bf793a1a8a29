"""A backend that is down, slow or failing: a Chinese answer with a way forward, within 5 seconds.

Each action gets at most one ``settings.backend_timeout`` (≤ 3 s) per call and
4 s in all, so the citizen hears back in time even when every call hangs.
"""
from __future__ import annotations

import asyncio
import socket
import time
from typing import Any, Callable

import pytest

from actions import backend
from actions.backend import Backend, BackendError
from tests.actions.conftest import Mock
from tests.actions.simulator import Conversation

LOOKUP = {"intent": "query_social_insurance", "action": "action_query_social_insurance"}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def chinese_way_forward(text: str) -> bool:
    return "暂时没有响应" in text and "12345" in text and "Error" not in text


async def test_backend_down(mock: Mock, talk: Callable[..., Conversation], monkeypatch: pytest.MonkeyPatch) -> None:
    token = await mock.login("wang")
    monkeypatch.setattr(backend, "default_base_url", lambda: f"http://127.0.0.1:{closed_port()}")
    turn = await talk(token=token).say("查我的社保", **LOOKUP)
    assert chinese_way_forward(turn.text) and turn.seconds < 2
    assert [b["title"] for b in turn.buttons] == ["再试一次", "转人工"]


async def test_backend_slow(mock: Mock, talk: Callable[..., Conversation]) -> None:
    token = await mock.login("wang")
    mock.faults(latency_ms=3500)
    turn = await talk(token=token).say("查我的社保", **LOOKUP)
    assert chinese_way_forward(turn.text) and 2.9 < turn.seconds < 3.5


async def test_backend_500_is_retried_then_explained(mock: Mock, talk: Callable[..., Conversation]) -> None:
    token = await mock.login("wang")
    mock.faults(error_rate=1.0)
    turn = await talk(token=token).say("查我的社保", **LOOKUP)
    assert chinese_way_forward(turn.text) and turn.seconds < 2
    mock.faults()
    again = await talk(token=token).say("查我的社保", **LOOKUP)
    assert "参保中" in again.text  # usable again as soon as the backend is


async def test_a_flaky_backend_is_hidden_by_the_get_retries(mock: Mock, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = Backend._send

    async def flaky(self: Backend, method: str, path: str, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) < 3:
            raise BackendError("unavailable", 500)
        return await real(self, method, path, **kwargs)

    monkeypatch.setattr(Backend, "_send", flaky)
    assert (await Backend().get("/halls"))["count"] == 12 and len(calls) == 3


async def test_posts_are_never_retried(mock: Mock) -> None:
    token = await mock.login("wang")
    mock.faults(error_rate=1.0)
    with pytest.raises(BackendError) as failure:
        await Backend(token).post("/agent-queue", {})
    assert failure.value.kind == "unavailable" and failure.value.status == 500


async def test_the_time_budget_covers_all_calls_of_an_action(mock: Mock, talk: Callable[..., Conversation]) -> None:
    token = await mock.login("zhang")
    mock.faults(latency_ms=2200)  # each call alone is in time; account + eligibility together are not
    turn = await talk(token=token).say("能不能提公积金交房租", "query_housing_fund", action="action_query_housing_fund")
    assert turn.seconds < 4.3
    assert "暂时没有响应" in turn.text


async def test_slow_at_confirmation_then_a_retry_books_once(mock: Mock, talk: Callable[..., Conversation]) -> None:
    wang = await mock.login("wang")
    chat = talk(token=wang)
    await chat.say("预约明天上午去南山办居住证", "book_appointment", action="appointment_form", service="居住证",
                   date="明天", time="上午", district="南山区")
    mock.faults(latency_ms=3500)
    turn = await chat.say("确认", "affirm")
    assert "暂时没有响应" in turn.text and turn.seconds < 4
    assert chat.active_loop == "appointment_form" and chat.slots["requested_slot"] == "appointment_confirm"
    await asyncio.sleep(1)  # the slow request still completes on the backend
    mock.faults()
    turn = await chat.say("确认", "affirm")  # the citizen tries again: same content, same key
    assert "预约成功" in turn.text
    assert len((await mock.get("/appointments", wang, status="booked"))["appointments"]) == 1


async def test_backend_down_in_the_middle_of_a_form(mock: Mock, talk: Callable[..., Conversation],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("我想预约办居住证", "book_appointment", action="appointment_form", service="居住证")
    monkeypatch.setattr(backend, "default_base_url", lambda: f"http://127.0.0.1:{closed_port()}")
    backend._REFERENCE_CACHE.clear()
    started = time.monotonic()
    turn = await chat.say("南山", district="南山区")
    assert chinese_way_forward(turn.text) and time.monotonic() - started < 2
    assert chat.active_loop is None and chat.slots["appointment_service"] is None  # ended, nothing half-kept


async def test_handoff_falls_back_to_12345_when_the_queue_is_down(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    mock.faults(error_rate=1.0)
    turn = await talk().say("转人工", "request_human", action="action_handoff")
    assert "12345" in turn.text and turn.messages[0]["meta"]["kind"] == "handoff"

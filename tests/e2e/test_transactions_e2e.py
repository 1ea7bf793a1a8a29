"""边聊边办 through every hop: POST /api/chat → gateway → Rasa → actions → mock backend.

Book then cancel, file then query, a backend that is down / slow / failing, and
a confirmation sent again after a timeout that still books only once.  The mock
runs on the real clock here, so the flows follow the buttons the bot offers.
"""
from __future__ import annotations

import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterator

import pytest
import requests

from tests.e2e.stack import Stack

FIVE_SECONDS = 5.0


@pytest.fixture(scope="module")
def tx_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("transactions"), port_base=18300, rate_limit_address=1000)
    running.env["ISZ_MOCK_FAULTS_API"] = "1"
    running.prepare()
    running.start("mock_services", "action_server", "rasa", "gateway")
    yield running
    running.stop()


class Citizen:
    """One browser session on the widget's API."""

    def __init__(self, stack: Stack, persona: str | None = None) -> None:
        self.stack = stack
        self.http = requests.Session()
        self.session_id = f"tx-{uuid.uuid4()}"
        self.last: list[dict[str, Any]] = []
        self.seconds = 0.0
        if persona:
            response = self.http.post(f"{stack.settings.gateway_url}/api/login",
                                      json={"session_id": self.session_id, "persona_id": persona}, timeout=30)
            assert response.status_code == 200, response.text

    def say(self, text: str) -> str:
        started = time.monotonic()
        response = self.http.post(f"{self.stack.settings.gateway_url}/api/chat",
                                  json={"session_id": self.session_id, "text": text}, timeout=60)
        self.seconds = time.monotonic() - started
        assert response.status_code == 200, response.text
        self.last = response.json()["messages"]
        return "\n".join(m["text"] for m in self.last)

    def press(self, match: Callable[[str], bool] | str) -> str:
        """Press the first offered button whose title matches."""
        check = match if callable(match) else (lambda title: match in title)
        button = next(b for m in self.last for b in m["buttons"] if check(b["title"]))
        return self.say(button["payload"])

    @property
    def kinds(self) -> set[str]:
        return {m["meta"]["kind"] for m in self.last}


def mock_url(stack: Stack, path: str) -> str:
    return f"{stack.settings.mock_url}{path}"


def mock_token(stack: Stack, persona: str) -> str:
    return requests.post(mock_url(stack, "/auth/login"), json={"persona_id": persona}, timeout=10).json()["token"]


def booked(stack: Stack, persona: str) -> list[dict[str, Any]]:
    token = mock_token(stack, persona)
    return requests.get(mock_url(stack, "/appointments"), params={"status": "booked"},
                        headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["appointments"]


def faults(stack: Stack, **values: float) -> None:
    response = requests.post(mock_url(stack, "/_faults"), json={"latency_ms": 0, "error_rate": 0, **values},
                             timeout=10)
    assert response.status_code == 200, response.text


def book_until_confirmation(citizen: Citizen) -> None:
    text = citizen.say("我想预约办居住证")
    assert "哪个区" in text, text
    text = citizen.press("南山区")
    assert "想约哪天" in text, text
    text = citizen.press(lambda title: True)  # the first open day
    assert "时段" in text, text
    text = citizen.press(lambda title: True)  # the first free slot
    assert "请确认预约信息" in text and "南山区政务服务中心" in text, text


def cancel(citizen: Citizen, number: str) -> None:
    """Clean up: cancel ``number`` (choosing it first when there are several)."""
    text = citizen.say("取消预约")
    if "要取消哪一个" in text:
        text = citizen.press(number)
    assert number in text, text
    assert "已为您取消预约" in citizen.press("确认取消")


def test_book_then_cancel(tx_stack: Stack) -> None:
    wang = Citizen(tx_stack, "wang")
    book_until_confirmation(wang)
    text = wang.press("确认预约")
    number = re.search(r"YY\d{10}", text)[0]
    assert "预约成功" in text and wang.kinds == {"transaction"}
    assert [a["number"] for a in booked(tx_stack, "wang")] == [number]

    text = wang.say("取消预约")
    assert "确定要取消这个预约吗" in text and number in text, text
    text = wang.press("确认取消")
    assert "已为您取消预约" in text
    assert booked(tx_stack, "wang") == []


def test_file_then_query(tx_stack: Stack) -> None:
    citizen = Citizen(tx_stack)  # anonymous filing needs no login
    text = citizen.say("晚上十二点了楼下烧烤摊还在吵")
    assert "事情发生在哪里" in text, text
    assert citizen.kinds == {"citizen_request"}
    text = citizen.say("南山区桃源街道平山村")
    assert "实名还是匿名" in text, text
    text = citizen.press("匿名提交")
    assert "请确认要提交的诉求" in text and "噪音扰民" in text, text
    text = citizen.press("确认提交")
    number = re.search(r"MS\d{12}", text)[0]
    assert "您的诉求已提交" in text
    text = citizen.say(f"查一下工单{number}")
    assert f"工单 {number}" in text and "当前状态：已受理" in text, text


def test_emergency_wins_inside_a_form_and_the_form_goes_on(tx_stack: Stack) -> None:
    citizen = Citizen(tx_stack)
    assert "说说遇到了什么问题" in citizen.say("我要投诉")
    text = citizen.say("着火了！")
    assert "119" in text and "emergency" in citizen.kinds
    assert "说说遇到了什么问题" in text  # and the question again
    assert "先不提交了" in citizen.say("算了")  # stop ends the form
    assert "您好" in citizen.say("你好")


def test_handoff_joins_the_queue_or_gives_12345(tx_stack: Stack) -> None:
    status = requests.get(mock_url(tx_stack, "/agent-queue"), timeout=10).json()
    text = Citizen(tx_stack).say("转人工")
    assert "12345" in text
    assert ("前面还有" in text) == status["open"], text


@pytest.mark.parametrize("fault", ["down", "slow", "error"])
def test_a_failing_backend_gets_a_chinese_answer_within_five_seconds(tx_stack: Stack, fault: str) -> None:
    zhang = Citizen(tx_stack, "zhang")  # log in while the backend still works
    try:
        if fault == "down":
            tx_stack.stop("mock_services")
        else:
            faults(tx_stack, **({"latency_ms": 3500} if fault == "slow" else {"error_rate": 1}))
        text = zhang.say("查我的社保缴费记录")
        assert zhang.seconds < FIVE_SECONDS, zhang.seconds
        assert "暂时没有响应" in text and "12345" in text, text
        zhang.say("你好")  # the conversation stays usable
        assert zhang.kinds == {"chitchat"}
    finally:
        if fault == "down":
            tx_stack.start("mock_services")
        else:
            faults(tx_stack)
    assert "参保" in zhang.say("查我的社保缴费记录")


def test_a_confirmation_sent_again_after_a_timeout_books_once(tx_stack: Stack) -> None:
    li = Citizen(tx_stack, "li")
    book_until_confirmation(li)
    faults(tx_stack, latency_ms=3500)  # longer than the actions' 3-second wait
    try:
        text = li.press("确认预约")
        assert "暂时没有响应" in text and li.seconds < FIVE_SECONDS, text
        assert "请确认预约信息" in text  # the form is back at the confirmation
        time.sleep(1.0)  # the slow booking still lands on the backend
    finally:
        faults(tx_stack)
    text = li.press("确认预约")
    number = re.search(r"YY\d{10}", text)[0]
    residence = [a for a in booked(tx_stack, "li") if a["service"]["code"] == "residence_permit"]
    assert [a["number"] for a in residence] == [number]
    cancel(li, number)


def test_a_double_clicked_confirmation_books_once(tx_stack: Stack) -> None:
    zhang = Citizen(tx_stack, "zhang")
    before = {a["number"] for a in booked(tx_stack, "zhang")}
    book_until_confirmation(zhang)
    payload = next(b["payload"] for m in zhang.last for b in m["buttons"] if b["title"] == "确认预约")
    with ThreadPoolExecutor(max_workers=2) as pool:  # two clicks at the same moment
        answers = list(pool.map(lambda _: zhang.http.post(
            f"{tx_stack.settings.gateway_url}/api/chat", json={"session_id": zhang.session_id, "text": payload},
            timeout=60), range(2)))
    assert [a.status_code for a in answers] == [200, 200]
    new = [a for a in booked(tx_stack, "zhang") if a["number"] not in before]
    assert len(new) == 1
    texts = [" ".join(m["text"] for m in a.json()["messages"]) for a in answers]
    assert sum("预约成功" in t for t in texts) == 1
    cancel(zhang, new[0]["number"])

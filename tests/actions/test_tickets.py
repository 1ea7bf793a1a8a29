"""Filing a 民生诉求 and following it up, through the actions, against the mock backend."""
from __future__ import annotations

import re
from typing import Callable

from actions.tickets import ActionSubmitTicket, guess_category, masked_phone
from tests.actions.conftest import Mock
from tests.actions.simulator import Conversation

FILE = {"intent": "file_request", "action": "ticket_form"}


def number_in(text: str) -> str:
    return re.search(r"MS\d{12}", text)[0]


async def test_anonymous_filing_without_login_then_progress(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk()
    turn = await chat.say("楼下烧烤店每天晚上十二点以后还很吵", **FILE)
    assert "事情发生在哪里" in turn.text  # the problem and its category came with the first message
    turn = await chat.say("南山区桃源街道平山村", district="南山区")
    assert "您现在还没有登录" in turn.text and [b["title"] for b in turn.buttons] == ["实名提交", "匿名提交"]
    turn = await chat.say("实名提交")
    assert "实名提交需要先登录" in turn.text
    turn = await chat.say("匿名提交")
    assert "请确认要提交的诉求" in turn.text and "投诉 · 噪音扰民" in turn.text and "匿名" in turn.text
    turn = await chat.say("确认", "affirm")
    assert "您的诉求已提交" in turn.text and "南山区街道办事处" in turn.text
    assert turn.messages[-1]["meta"] == {"kind": "citizen_request", "category": "citizen_requests",
                                         "service_id": "citizen_request_filing"}
    number = number_in(turn.text)
    progress = await chat.say(f"查一下工单{number}", "query_request", action="action_query_ticket", ticket_no=number)
    assert "当前状态：已受理" in progress.text and "南山区街道办事处" in progress.text


async def test_named_filing_uses_the_masked_phone_and_never_shows_a_full_number(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chen = await mock.login("chen")
    chat = talk(token=chen)
    turn = await chat.say("我要投诉", **FILE)
    assert "说说遇到了什么问题" in turn.text  # nothing to file yet
    turn = await chat.say("小区电梯坏了一个星期了，物业一直不修", "file_request")
    assert "事情发生在哪里" in turn.text
    await chat.say("罗湖区东门街道某小区3栋", district="罗湖区")
    turn = await chat.say("实名")
    assert "139****0021" in turn.text  # the account's phone, masked by the backend
    turn = await chat.say("打这个138****1234")  # the gateway already masked what the citizen typed
    assert "实名，联系电话 138****1234" in turn.text and "物业管理" in turn.text
    turn = await chat.say("确认提交", "affirm")
    number = number_in(turn.text)
    ticket = await mock.get(f"/tickets/{number}", chen)
    assert ticket["contact_phone"] == "138****1234" and ticket["department"] == "罗湖区住房和建设局"
    everything = " ".join(e.get("text") or "" for e in chat.events)
    assert not re.search(r"1[3-9]\d{9}", everything)


async def test_too_short_a_description_is_asked_for_again(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk()
    turn = await chat.say("路灯坏了", **FILE)
    assert "能再具体说说吗" in turn.text
    turn = await chat.say("小区门口的路灯坏了一个多月，晚上很黑", "file_request")
    assert "事情发生在哪里" in turn.text
    assert chat.slots["ticket_category"] == "public_facility"


async def test_corrections_and_category_choice(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("zhang"))
    await chat.say("我想反映一个问题", **FILE)
    turn = await chat.say("有个事情想反映一下，希望有人管管", "file_request")
    assert "这个问题属于哪一类" in turn.text  # nothing to guess it from
    turn = await chat.say(turn.payload("物业管理"))
    assert "事情发生在哪里" in turn.text
    await chat.say("南山区粤海街道某小区", district="南山区")
    turn = await chat.say("匿名提交")
    assert "请确认要提交的诉求" in turn.text
    turn = await chat.say("地点改成南山区科技园科苑路口")
    assert "地点：南山区科技园科苑路口" in turn.text
    turn = await chat.say("修改", "deny")
    assert "您想改哪一项" in turn.text and "改描述" in [b["title"] for b in turn.buttons]
    turn = await chat.say("改描述")
    assert "说说遇到了什么问题" in turn.text


async def test_the_same_filing_twice_makes_one_ticket(mock: Mock, talk: Callable[..., Conversation]) -> None:
    zhang = await mock.login("zhang")
    before = (await mock.get("/tickets", zhang))["count"]
    chat = talk(token=zhang)
    chat.slots.update(ticket_description="楼下商铺每晚大声放音乐", ticket_category="noise",
                      ticket_location="南山区南头街道", ticket_anonymous=False, ticket_phone="account",
                      ticket_confirm=True)
    chat.latest = chat._latest("确认", "affirm", {})
    _, first = await chat.run(ActionSubmitTicket())
    _, again = await chat.run(ActionSubmitTicket())
    assert number_in(first[0]["text"]) == number_in(again[0]["text"])
    assert "已经提交过了，不会重复提交" in again[0]["text"]
    assert (await mock.get("/tickets", zhang))["count"] == before + 1


async def test_my_tickets_and_unknown_numbers(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    mine = await chat.say("我的投诉怎么样了", "query_request", action="action_query_ticket")
    assert "噪音扰民：已办结" in mine.text
    unknown = await chat.say("MS202601010001", "inform", action="action_query_ticket")
    assert "没有查到工单 MS202601010001" in unknown.text
    anonymous = await talk().say("我的投诉怎么样了", "query_request", action="action_query_ticket")
    assert "请告诉我工单号" in anonymous.text


def test_category_and_phone_helpers() -> None:
    assert guess_category("老板拖欠我三个月工资了") == "wage_arrears"
    assert guess_category("隔壁装修太吵了") == "noise"
    assert masked_phone("电话13812345678") == "138****5678"
    assert masked_phone("138****5678") == "138****5678"
    assert masked_phone("1381234567") is None


async def test_the_offer_button_files_the_problem_already_told(mock: Mock, talk: Callable[..., Conversation]) -> None:
    """"提交民生诉求" under a reported problem (actions/kb_answer.py) does not ask for it again."""
    chat = talk()
    chat.slots["report_text"] = "小区门口的路灯坏了一个多月，晚上看不见路，多次反映无果"
    turn = await chat.say("/file_request", **FILE)
    assert "事情发生在哪里" in turn.text and chat.slots["report_text"] is None
    await chat.say("福田区香蜜湖街道某小区门口", district="福田区")
    turn = await chat.say("匿名提交")
    assert "请确认要提交的诉求" in turn.text and "路灯坏了一个多月" in turn.text


async def test_the_button_without_a_told_problem_asks_for_it(mock: Mock, talk: Callable[..., Conversation]) -> None:
    turn = await talk().say("/file_request", **FILE)
    assert "说说遇到了什么问题" in turn.text

"""Look-ups of the logged-in citizen's own records, application progress, and 转人工."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from mock_services.clock import parse_instant
from mock_services.state import STATE
from tests.actions.conftest import Mock
from tests.actions.simulator import Conversation


async def test_social_insurance_shows_arrears(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    turn = await chat.say("查我的社保", "query_social_insurance", action="action_query_social_insurance")
    assert "参保中（有欠费）" in turn.text and "2026-08、2026-09 有欠费" in turn.text
    assert turn.messages[0]["meta"] == {"kind": "transaction", "category": "social_insurance",
                                        "service_id": "social_insurance_record_query"}
    senior = await talk(token=await mock.login("chen"), senior=True).say(
        "查社保", "query_social_insurance", action="action_query_social_insurance")
    assert "养老金每月 4860.00 元" in senior.text


async def test_not_logged_in_is_told_how_to_log_in(mock: Mock, talk: Callable[..., Conversation]) -> None:
    for intent, action in (("query_social_insurance", "action_query_social_insurance"),
                           ("query_housing_fund", "action_query_housing_fund"),
                           ("query_traffic_violation", "action_query_traffic"),
                           ("list_appointments", "action_list_appointments")):
        turn = await talk().say("查一下", intent, action=action)
        assert "以演示身份登录" in turn.text, action
        assert turn.buttons[0]["payload"] == f"/{intent}"


async def test_housing_fund_balance_and_rental_withdrawal(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("zhang"))
    balance = await chat.say("公积金余额多少", "query_housing_fund", action="action_query_housing_fund")
    assert "余额：" in balance.text and balance.payload("交房租") == "我能不能提公积金交房租"
    rent = await chat.say("我能不能提公积金交房租", "query_housing_fund", action="action_query_housing_fund")
    assert "符合租房提取条件" in rent.text and "1,600.00" not in rent.text and "1600.00" in rent.text
    li = await talk(token=await mock.login("li")).say("能提公积金交房租吗", "query_housing_fund",
                                                      action="action_query_housing_fund")
    assert "暂不符合租房提取条件" in li.text and "✗" in li.text


async def test_traffic_by_plate_all_cars_and_someone_elses_plate(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("zhang"))
    own = await chat.say("粤B12345有没有罚单", "query_traffic_violation", action="action_query_traffic",
                         plate="粤B12345")
    assert "车辆 粤B12345有 1 条未处理的交通违法" in own.text
    every = await chat.say("查违章", "query_traffic_violation", action="action_query_traffic")
    assert "您名下的车辆有 1 条未处理" in every.text
    other = await chat.say("查一下粤B88K66", "query_traffic_violation", action="action_query_traffic",
                           plate="粤B88K66")
    assert "您名下没有车牌为" in other.text and [b["title"] for b in other.buttons] == ["粤B·12345"]


async def test_application_by_number_and_mine(mock: Mock, talk: Callable[..., Conversation]) -> None:
    li = await mock.login("li")
    number = (await mock.get("/applications", li))["applications"][0]["number"]
    anonymous = await talk().say(f"查办件进度 {number}", "query_application", action="action_query_application",
                                 application_no=number)
    assert f"办件 {number}" in anonymous.text and "待补正" in anonymous.text and "备注" not in anonymous.text
    mine = await talk(token=li).say("我的办件到哪一步了", "query_application", action="action_query_application")
    assert number in mine.text and "待补正" in mine.text
    ask = await talk().say("查办件进度", "query_application", action="action_query_application")
    assert "办件编号" in ask.text
    unknown = await talk().say("SB20260101000001", action="action_query_application")
    assert "没有查到办件 SB20260101000001" in unknown.text


async def test_handoff_in_office_hours_queues_once(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk()
    first = await chat.say("转人工", "request_human", action="action_handoff")
    assert "已为您转接人工客服" in first.text and "前面还有 0 人" in first.text
    assert first.messages[0]["meta"]["kind"] == "handoff"
    again = await chat.say("转人工", "request_human", action="action_handoff")
    assert "前面还有 0 人" in again.text
    other = await talk(sender="citizen-2").say("转人工", "request_human", action="action_handoff")
    assert "前面还有 1 人" in other.text


async def test_handoff_outside_office_hours_gives_12345(mock: Mock, talk: Callable[..., Conversation]) -> None:
    state = mock.app[STATE]
    state.config = replace(state.config, now=parse_instant("2026-11-26T21:00:00+08:00"))
    turn = await talk().say("转人工", "request_human", action="action_handoff")
    assert "12345" in turn.text and "11 月 27 日 9:00" in turn.text


async def test_handoff_inside_a_form_ends_the_form(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("我要预约办居住证", "book_appointment", action="appointment_form", service="居住证")
    turn = await chat.say("转人工", "request_human", action="action_handoff")
    assert "已为您转接人工客服" in turn.text
    assert chat.active_loop is None and chat.slots["appointment_service"] is None

"""Booking, listing and cancelling appointments through the actions, against the mock backend."""
from __future__ import annotations

import asyncio
from typing import Any, Callable

from actions.appointments import ActionSubmitAppointment
from actions.backend import Backend
from tests.actions.conftest import Mock
from tests.actions.simulator import Conversation

BOOK = {"intent": "book_appointment", "action": "appointment_form"}


async def booked(mock: Mock, token: str) -> list[dict[str, Any]]:
    return (await mock.get("/appointments", token, status="booked"))["appointments"]


async def test_booking_step_by_step(mock: Mock, talk: Callable[..., Conversation]) -> None:
    wang = await mock.login("wang")
    chat = talk(token=wang)
    turn = await chat.say("我想预约办居住证", service="居住证", **BOOK)
    assert "哪个区" in turn.text
    assert turn.buttons[0]["title"] == "龙岗区（您所在的区）"  # wang lives in 龙岗区
    turn = await chat.say("南山", district="南山区")
    assert "南山区政务服务中心最近可以预约的日期" in turn.text  # one hall there: chosen without asking
    turn = await chat.say("明天", date="明天")
    assert "明天 11月27日（周五）还可以预约这些时段" in turn.text
    turn = await chat.say("上午9点", time="上午9点")
    assert "请确认预约信息" in turn.text and "9:00-10:00" in turn.text and "深圳经济特区居住证" in turn.text
    assert [b["title"] for b in turn.buttons] == ["确认预约", "修改", "不办了"]
    turn = await chat.say("确认", "affirm")
    assert "预约成功" in turn.text and "YY261126" in turn.text
    assert turn.messages[-1]["meta"] == {"kind": "transaction", "category": "app_usage",
                                         "service_id": "appointment_booking"}
    [appointment] = await booked(mock, wang)
    assert (appointment["date"], appointment["slot"], appointment["hall"]["id"]) == (
        "2026-11-27", "09:00-10:00", "nanshan")
    assert chat.slots["appointment_service"] is None and chat.active_loop is None  # ready for the next task


async def test_everything_in_one_message_goes_straight_to_the_confirmation(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    turn = await chat.say("预约明天上午去南山办居住证", service="居住证", date="明天", time="上午", district="南山区",
                          **BOOK)
    assert "请确认预约信息" in turn.text and "11月27日（周五） 9:00-10:00" in turn.text
    assert len(turn.messages) == 1  # nothing asked twice


async def test_corrections_change_one_thing_and_keep_the_rest(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("预约明天上午去南山办居住证", service="居住证", date="明天", time="上午", district="南山区", **BOOK)
    turn = await chat.say("日期改成下周一", date="下周一")
    assert "11月30日（周一） 9:00-10:00" in turn.text and "南山区政务服务中心" in turn.text
    turn = await chat.say("换成下午", time="下午")
    assert "11月30日（周一） 14:00-15:00" in turn.text
    turn = await chat.say("改一下地点")
    assert "您想去哪个区" in turn.text
    turn = await chat.say("福田", district="福田区")
    assert "福田区有2个大厅可以办理" in turn.text  # 市民中心 and 福田区政务服务中心
    turn = await chat.say("市民中心")
    assert "请确认预约信息" in turn.text and "深圳市民中心行政服务大厅" in turn.text


async def test_a_closed_or_full_day_is_refused_with_the_reason(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("我要预约办身份证", service="身份证", district="南山区", **BOOK)
    turn = await chat.say("这周六", date="这周六")
    assert "11月28日（周六）南山区政务服务中心不对外办公" in turn.text
    assert "想约哪天" in turn.text  # asked again with the open days


async def test_senior_mode_numbers_the_choices_and_accepts_the_number(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chen = await mock.login("chen")
    chat = talk(token=chen, senior=True)
    turn = await chat.say("帮我约个号", **BOOK)
    assert turn.text.startswith("要办什么业务？\n1. 港澳通行证") and "请回复 1、2 或 3" in turn.text
    assert turn.buttons[0]["title"] == "1 港澳通行证"
    turn = await chat.say("3", "nlu_fallback")  # 3 = 居住证
    assert turn.text.startswith("想去哪个区办？\n1. 罗湖区（您所在的区）")
    turn = await chat.say("1")
    assert turn.text.startswith("想哪天去？\n1. 今天 11月26日（周四）")
    turn = await chat.say("第二个")
    assert "明天 11月27日（周五）几点去？" in turn.text
    turn = await chat.say("1")
    assert turn.text.startswith("请核对：\n深圳经济特区居住证\n罗湖区政务服务中心")
    assert "1. 确认预约\n2. 修改\n3. 不办了" in turn.text
    turn = await chat.say("1")
    assert turn.text.startswith("约好了！")


async def test_two_failed_answers_offer_continue_restart_or_a_human(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("我要预约办居住证", service="居住证", district="南山区", **BOOK)
    first = await chat.say("随便吧", "nlu_fallback")
    assert "这个日期我没看明白" in first.text and "转人工" not in first.text
    second = await chat.say("嗯嗯", "nlu_fallback")
    assert [b["title"] for b in second.buttons[:3]] == ["继续填写", "重新开始", "转人工"]
    assert second.payload("重新开始") == "/book_appointment"
    go_on = await chat.say("/affirm", "affirm")
    assert "想约哪天" in go_on.text and chat.slots["form_failures"] == 0
    restart = await chat.say("/book_appointment", "book_appointment")
    assert "从头开始" in restart.text and "哪项业务" in restart.text


async def test_not_logged_in_is_told_how_to_log_in(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk()
    turn = await chat.say("我要预约", **BOOK)
    assert "以演示身份登录" in turn.text and chat.active_loop is None
    assert turn.payload("再试一次") == "/book_appointment"


async def test_stop_keeps_nothing(mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("我想预约办居住证", service="居住证", **BOOK)
    assert (await chat.say("算了", "stop")).rejected
    turn = await chat.stop()
    assert "不预约了" in turn.text
    assert chat.active_loop is None and chat.slots["appointment_service"] is None


async def test_a_repeated_submission_books_once(mock: Mock, talk: Callable[..., Conversation]) -> None:
    wang = await mock.login("wang")
    chat = talk(token=wang)
    chat.slots.update(appointment_service="residence_permit", appointment_district="南山区",
                      appointment_hall="nanshan", appointment_date="2026-11-27", appointment_slot="14:00-15:00",
                      appointment_confirm=True)
    chat.latest = chat._latest("确认", "affirm", {})
    action = ActionSubmitAppointment()
    await chat.run(action)
    _, said = await chat.run(action)  # the same confirmation delivered again
    both = await asyncio.gather(chat.run(action), chat.run(action))  # and twice at the same moment
    assert all("预约成功" in m["text"] for _, messages in both for m in messages)
    [appointment] = await booked(mock, wang)
    assert appointment["number"] in said[0]["text"]


async def test_booking_the_same_again_after_cancelling_books_anew(mock: Mock) -> None:
    token = await mock.login("wang")
    body = {"service": "residence_permit", "hall_id": "nanshan", "date": "2026-11-27", "slot": "15:00-16:00"}
    api = Backend(token)
    first = await ActionSubmitAppointment.book(api, "citizen-1", body)
    await api.post(f"/appointments/{first['number']}/cancel")
    again = await ActionSubmitAppointment.book(Backend(token), "citizen-1", body)
    assert again["number"] != first["number"] and again["status"] == "booked"


async def test_a_slot_taken_meanwhile_goes_back_to_the_time_question(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    chat = talk(token=await mock.login("wang"))
    await chat.say("预约明天上午去南山办居住证", service="居住证", date="明天", time="上午", district="南山区", **BOOK)
    taken = [("zhang", "id_card"), ("chen", "id_card"), ("li", "id_card"), ("zhang", "passport")]
    for persona, service in taken:  # the hall's 4 places at 9:00 go while wang is confirming
        await Backend(await mock.login(persona)).post("/appointments", {
            "service": service, "hall_id": "nanshan", "date": "2026-11-27", "slot": "09:00-10:00"})
    turn = await chat.say("确认", "affirm")
    assert "已约满" in turn.text and "还可以预约这些时段" in turn.text
    assert chat.active_loop == "appointment_form" and chat.slots["appointment_slot"] is None


async def test_list_and_cancel(mock: Mock, talk: Callable[..., Conversation]) -> None:
    zhang = await mock.login("zhang")
    chat = talk(token=zhang)
    listed = await chat.say("我的预约", "list_appointments", action="action_list_appointments")
    assert "南山区政务服务中心" in listed.text and "往来港澳通行证及签注" in listed.text
    number = (await booked(mock, zhang))[0]["number"]
    assert listed.payload("取消") == f'/cancel_appointment{{"appointment_no": "{number}"}}'
    turn = await chat.say("取消预约", "cancel_appointment", action="cancel_appointment_form")
    assert "确定要取消这个预约吗" in turn.text and number in turn.text  # only one: nothing to choose
    turn = await chat.say("确认取消", "affirm")
    assert "已为您取消预约" in turn.text
    assert await booked(mock, zhang) == []
    none_left = await chat.say("取消预约", "cancel_appointment", action="cancel_appointment_form")
    assert "没有可以取消的预约" in none_left.text and chat.active_loop is None


async def test_cancel_can_be_called_off(mock: Mock, talk: Callable[..., Conversation]) -> None:
    zhang = await mock.login("zhang")
    chat = talk(token=zhang)
    await chat.say("取消预约", "cancel_appointment", action="cancel_appointment_form")
    turn = await chat.say("不", "deny")
    assert "预约保留不变" in turn.text and chat.active_loop is None
    assert len(await booked(mock, zhang)) == 1

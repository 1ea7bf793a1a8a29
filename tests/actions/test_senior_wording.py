"""长辈模式 (issue 7): what the actions say to a senior, flow by flow, against the mock backend.

Every message a senior sees must be plain Chinese (no English; the numbers a
citizen needs, such as YY…, MS… or a plate, are kept), show at most three items
and three buttons, and keep its sentences short.  Each flow is also played in
standard mode: the senior flow must be at most 60% as long, the issue's target
for answers (the numbered choices are not counted: standard mode shows them as
buttons).  A booking asks five questions, and each senior question adds its
"请回复 1、2 或 3" line, so booking flows are held to 70%.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.appointments import senior_materials
from actions.repeat import ActionRepeat, ActionRepeatSlowly
from actions.replies import SENIOR_MAX_ITEMS
from actions.tickets import ActionQueryTicket
from mock_services.clock import parse_instant
from mock_services.state import STATE
from tests.actions.conftest import NOW, Mock
from tests.actions.simulator import Conversation, Turn

_NOT_ENGLISH = re.compile(r"i深圳|(?:YY|MS|SB)\d+|粤[A-Z]·?[A-Z0-9]{5,6}")
_ITEM = re.compile(r"(?m)^\s*(?:\d+[.、．]|[①②③④⑤⑥⑦⑧⑨]|[-•·✓✗→○])")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
MAX_SENTENCE_CHARS = 30  # a hall's full name or a date with its slot fits; a standard sentence does not

Step = tuple[str, str, dict[str, str]]   # what the citizen says, the intent, entities and the rule's action
BOOK = {"action": "appointment_form"}


def booking(day: str) -> list[Step]:
    """By numbers: 居住证, the first district, the ``day``-th open day, the first slot, confirm."""
    return [("帮我约个号", "book_appointment", BOOK), ("3", "inform", {}), ("1", "inform", {}),
            (day, "inform", {}), ("1", "inform", {}), ("1", "inform", {})]


FLOWS: dict[str, tuple[Optional[str], list[Step], list[Step]]] = {
    # name: (persona, standard steps, senior steps); the two differ only where the backend
    # would refuse the same booking twice
    "booking": ("chen", booking("第二个"), booking("第三个")),
    "booking with two unusable answers": ("wang", *[[
        ("我要预约办居住证", "book_appointment", {"service": "居住证", "district": "南山区", **BOOK}),
        ("随便吧", "nlu_fallback", {}), ("嗯嗯", "nlu_fallback", {}), ("算了", "stop", {"action": "action_stop_form"}),
    ]] * 2),
    "民生诉求 without login": (None, *[[
        ("小区门口的路灯坏了一个多月了", "file_request", {"action": "ticket_form"}),
        ("福田区莲花街道景田小区", "inform", {"district": "福田区"}), ("实名提交", "inform", {}),
        ("匿名提交", "inform", {}), ("确认提交", "affirm", {}),
    ]] * 2),
    "look-ups": ("chen", *[[
        ("我的预约", "list_appointments", {"action": "action_list_appointments"}),
        ("我的诉求", "query_request", {"action": "action_query_ticket"}),
        ("我的办件", "query_application", {"action": "action_query_application"}),
        ("查社保", "query_social_insurance", {"action": "action_query_social_insurance"}),
        ("公积金能提吗", "query_housing_fund", {"action": "action_query_housing_fund"}),
        ("查违章粤B88K66", "query_traffic_violation", {"action": "action_query_traffic", "plate": "粤B88K66"}),
        ("转人工", "request_human", {"action": "action_handoff"}),
    ]] * 2),
}


def tracker(text: str, intent: str, senior: bool) -> Any:
    chat = Conversation(senior=senior)
    chat.latest = chat._latest(text, intent, {})
    return chat.tracker()


SHARE = {"booking": 0.7, "booking with two unusable answers": 0.7, "民生诉求 without login": 0.6, "look-ups": 0.6}


async def play(mock: Mock, talk: Callable[..., Conversation], persona: Optional[str], steps: list[Step],
               senior: bool) -> list[dict[str, Any]]:
    chat = talk(token=await mock.login(persona) if persona else None, senior=senior, sender=f"senior-{senior}")
    messages = []
    for text, intent, extra in steps:
        entities = {k: v for k, v in extra.items() if k != "action"}
        messages += (await chat.say(text, intent, action=extra.get("action"), **entities)).messages
    return messages


def spoken_chars(message: dict[str, Any]) -> int:
    """Characters of ``message`` without the lines that repeat its buttons ("1. 居住证" for "1 居住证")."""
    choices = {f"{b['title'].replace(' ', '. ', 1)}" for b in message.get("buttons") or []}
    return sum(len(line) for line in message["text"].splitlines() if line not in choices)


def problems(message: dict[str, Any]) -> list[str]:
    """What makes ``message`` unfit for 长辈模式."""
    text, found = message["text"], []
    if re.search(r"[A-Za-z]", _NOT_ENGLISH.sub("", text)):
        found.append("English")
    if len(_ITEM.findall(text)) > SENIOR_MAX_ITEMS or len(message.get("buttons") or []) > SENIOR_MAX_ITEMS:
        found.append("more than three items")
    found += [f"long sentence {s!r}" for s in _SENTENCE.findall(text) if len(s) > MAX_SENTENCE_CHARS]
    return found


@pytest.mark.parametrize("flow", sorted(FLOWS))
async def test_senior_messages_are_short_plain_chinese(
        flow: str, mock: Mock, talk: Callable[..., Conversation]) -> None:
    persona, standard_steps, senior_steps = FLOWS[flow]
    senior = await play(mock, talk, persona, senior_steps, senior=True)
    assert senior
    unfit = {m["text"]: problems(m) for m in senior if problems(m)}
    assert not unfit, unfit
    standard = await play(mock, talk, persona, standard_steps, senior=False)
    senior_chars, standard_chars = (sum(map(spoken_chars, said)) for said in (senior, standard))
    assert senior_chars <= SHARE[flow] * standard_chars, (senior_chars, standard_chars)


@pytest.mark.parametrize("senior, shown", [(False, 5), (True, 3)])
def test_a_long_list_shows_three_entries_to_a_senior_and_says_how_many_more(senior: bool, shown: int) -> None:
    tickets = [{"number": f"MS2026112000{i:02d}", "category_name": "物业管理", "status": "processing",
                "status_name": "处理中", "department": "罗湖区住房和建设局"} for i in range(1, 6)]
    dispatcher = CollectingDispatcher()
    ActionQueryTicket.list_mine(dispatcher, tracker("我的诉求", "query_request", senior), tickets)
    [message] = dispatcher.messages
    assert len(re.findall(r"(?m)^\d+\. ", message["text"])) == shown
    assert ("还有 2 条没列出" in message["text"]) is senior
    assert len(message["buttons"]) == 3


def test_repeat_with_nothing_said_yet_is_short_for_a_senior() -> None:
    said = {}
    for senior in (False, True):
        dispatcher = CollectingDispatcher()
        ActionRepeat().run(dispatcher, tracker("再说一遍", "repeat", senior), {})
        [said[senior]] = dispatcher.messages
    assert not problems(said[True]) and len(said[True]["text"]) < len(said[False]["text"])
    assert said[True]["text"].endswith("您想办什么事？")


# ---- answers built from the backend's own records and explanations --------------------------------
# The backend writes its Chinese for the standard screen: ISO dates, its status names and reasons.
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")  # 2026-09, 2026-11-27: a senior says 2026年9月
_JARGON = ("待补正", "办理时限", "环节", "无需", "自有住房", "足额", "暂不符合", "参保状态")
_NEXT_STEP = re.compile(r"请|可以|就能|再来问|说“")


def unfit_answer(message: dict[str, Any]) -> list[str]:
    """What makes an answer unfit for 长辈模式: the general problems, more than three lines of
    facts, an ISO date, office words, or no next step (a sentence saying what to do, or a button)."""
    text = message["text"]
    found = problems(message)
    if len([line for line in text.splitlines() if line.strip()]) > SENIOR_MAX_ITEMS:
        found.append("more than three lines")
    if _ISO_MONTH.search(text):
        found.append("ISO date")
    found += [f"jargon {word}" for word in _JARGON if word in text]
    if not (_NEXT_STEP.search(text) or message.get("buttons")):
        found.append("no next step")
    return found


LOOK_UPS = {  # name: (persona, what the citizen says, intent, action and entities)
    "社保 with arrears": ("wang", "查社保", "query_social_insurance", {"action": "action_query_social_insurance"}),
    "社保 of a pensioner": ("chen", "查社保", "query_social_insurance", {"action": "action_query_social_insurance"}),
    "公积金 rent, owns a home": ("chen", "公积金能提吗", "query_housing_fund", {"action": "action_query_housing_fund"}),
    "公积金 rent, paid too short": ("li", "公积金能提吗", "query_housing_fund", {"action": "action_query_housing_fund"}),
    "公积金 rent, eligible": ("zhang", "公积金能提吗", "query_housing_fund", {"action": "action_query_housing_fund"}),
    "办件 missing a document": ("li", "查办件 SB20261120000001", "query_application",
                            {"action": "action_query_application", "application_no": "SB20261120000001"}),
}


@pytest.mark.parametrize("case", sorted(LOOK_UPS))
async def test_a_look_up_gives_a_senior_at_most_three_plain_lines_and_what_to_do(
        case: str, mock: Mock, talk: Callable[..., Conversation]) -> None:
    persona, text, intent, extra = LOOK_UPS[case]
    senior = await play(mock, talk, persona, [(text, intent, extra)], senior=True)
    unfit = {m["text"]: unfit_answer(m) for m in senior[-1:] if unfit_answer(m)}
    unfit.update({m["text"]: problems(m) for m in senior if problems(m)})
    assert not unfit, unfit
    standard = await play(mock, talk, persona, [(text, intent, extra)], senior=False)
    senior_chars, standard_chars = (sum(map(spoken_chars, said)) for said in (senior, standard))
    assert senior_chars <= 0.6 * standard_chars, (senior_chars, standard_chars)


async def test_a_booking_the_backend_refuses_is_explained_to_a_senior_in_short_lines(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    """The same service on the same day again (another hour): the backend refuses a second booking."""
    said = {}
    for senior, day in ((True, "第二个"), (False, "第三个")):
        first = booking(day)
        again = [*first[:4], ("2", "inform", {}), ("1", "inform", {})]
        said[senior] = (await play(mock, talk, "chen", first + again, senior=senior))[-1]
    assert "YY" in said[False]["text"]  # a standard citizen is told which booking they already have
    assert not unfit_answer(said[True]), said[True]["text"]
    assert len(said[True]["text"]) < len(said[False]["text"])


async def test_saying_it_slowly_starts_with_a_shorter_line_for_a_senior(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    token = await mock.login("chen")
    said = {}
    for senior in (True, False):
        chat = talk(token=token, senior=senior, sender=f"slowly-{senior}")
        await chat.say("查社保", "query_social_insurance", action="action_query_social_insurance")
        chat.latest = chat._latest("说慢一点", "slower", {})
        chat.events += [{"event": "action", "name": "action_listen"},
                        {"event": "user", "text": "说慢一点", "parse_data": chat.latest}]
        dispatcher = CollectingDispatcher()
        ActionRepeatSlowly().run(dispatcher, chat.tracker(), {})
        said[senior] = dispatcher.messages
    assert not {m["text"]: problems(m) for m in said[True] if problems(m)}
    intro = {senior: re.sub(r"\d+", "", said[senior][0]["text"]) for senior in said}  # the step counts differ
    assert len(intro[True]) <= 0.6 * len(intro[False]), intro
    assert all(m["text"].startswith("第") for m in said[True][1:])


# ---- the booking confirmation -----------------------------------------------------------------------
def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


BOOKINGS = {  # name: (persona, the first message's entities, the backend's materials)
    "居住证: three things to bring": ("chen", {"service": "居住证", "district": "罗湖区"},
                                 "居民身份证、数码相片回执、居住证明"),
    "港澳通行证: one more for non-locals": ("li", {"service": "港澳通行证", "district": "宝安区"},
                                   "居民身份证；非深户还需深圳居住证"),
    "护照: one thing to bring": ("chen", {"service": "护照", "district": "南山区"}, "居民身份证"),
}


async def book(mock: Mock, talk: Callable[..., Conversation], persona: str, named: dict[str, str],
               senior: bool) -> tuple[Conversation, Turn]:
    """Book the first open slot of the second open day, naming the service and district at once: the
    conversation and the confirmation."""
    chat = talk(token=await mock.login(persona), senior=senior, sender=f"book-{senior}")
    await chat.say("我要预约", "book_appointment", **named, **BOOK)
    for answer in ("第二个", "1", "1"):
        turn = await chat.say(answer)
    return chat, turn


@pytest.mark.parametrize("case", sorted(BOOKINGS))
async def test_a_senior_booking_confirmation_is_what_when_where_and_one_next_step(
        case: str, mock: Mock, talk: Callable[..., Conversation]) -> None:
    persona, named, materials = BOOKINGS[case]
    _, booked = await book(mock, talk, persona, named, senior=True)
    [said] = booked.messages
    text = said["text"]
    assert text.startswith("约好了！") and len(lines(text)) <= 3, text
    assert not unfit_answer(said), (text, unfit_answer(said))
    assert named["service"] in text and "政务服务中心" in text and re.search(r"\d+月\d+日（周.）上午9点到10点", text)
    assert "YY" not in text and "办理" not in text  # no booking number, no office words
    titles = [b["title"] for b in said["buttons"]]
    if "、" in materials or "；" in materials:  # a list of materials is one button away, not on the screen
        assert "数码相片回执" not in text and "非深户" not in text
        assert "“要带什么”" in lines(text)[-1] and titles[0] == "要带什么" and len(titles) <= SENIOR_MAX_ITEMS
    else:
        assert lines(text)[-1] == "记得带身份证。" and "要带什么" not in titles


async def test_the_materials_button_tells_a_senior_what_the_backend_asks_for(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    for case in ("居住证: three things to bring", "港澳通行证: one more for non-locals"):
        persona, named, materials = BOOKINGS[case]
        chat, booked = await book(mock, talk, persona, named, senior=True)
        payload = booked.payload("要带什么")
        number = re.search(r"YY\d+", payload)[0]
        turn = await chat.say(payload, "list_appointments", action="action_list_appointments", appointment_no=number)
        [said] = turn.messages
        assert not unfit_answer(said), (said["text"], unfit_answer(said))
        for thing in re.split(r"[、；]", materials.replace("非深户还需", "").replace("居民身份证", "身份证")):
            assert thing in said["text"], (thing, said["text"])
        assert said["text"].startswith(f"办{named['service']}要带：身份证")
        assert said["text"].endswith("政务服务中心。")  # when and where to take them


async def test_the_standard_booking_confirmation_keeps_its_details(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    persona, named, materials = BOOKINGS["居住证: three things to bring"]
    _, booked = await book(mock, talk, persona, named, senior=False)
    assert booked.text.startswith("预约成功！预约号：YY") and f"请带上：{materials}。" in booked.text
    assert [b["title"] for b in booked.buttons] == ["查看我的预约", "取消这个预约"]


# ---- 民生诉求: the backend's status names -------------------------------------------------------------
_TICKET_JARGON = ("已受理", "已分拨", "分拨", "处理中", "已办结", "办结", "状态", "时限")


def unfit_ticket_answer(message: dict[str, Any]) -> list[str]:
    return unfit_answer(message) + [f"status word {word}" for word in _TICKET_JARGON if word in message["text"]]


FILE_NOISE = [("楼下烧烤店每天晚上十二点以后还很吵", "file_request", {"action": "ticket_form"}),
              ("南山区桃源街道平山村", "inform", {"district": "南山区"}), ("匿名提交", "inform", {}),
              ("确认提交", "affirm", {})]


async def test_a_filed_ticket_tells_a_senior_who_handles_it_in_plain_words(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    said = (await play(mock, talk, None, FILE_NOISE, senior=True))[-1]
    assert not unfit_ticket_answer(said), (said["text"], unfit_ticket_answer(said))
    assert re.search(r"MS\d{12}", said["text"])  # the number is what an anonymous citizen asks with later
    assert "会转给南山区街道办事处" in said["text"] and "“查询进度”" in said["text"]
    assert [b["title"] for b in said["buttons"]] == ["查询进度"]
    standard = (await play(mock, talk, None, FILE_NOISE, senior=False))[-1]
    assert "当前状态：已受理" in standard["text"]  # the standard screen keeps the backend's words


async def ticket_answers(mock: Mock, talk: Callable[..., Conversation], senior: bool) -> dict[str, dict[str, Any]]:
    """The progress answer in each status the backend knows: a fresh noise ticket, then later."""
    state = mock.app[STATE]
    state.config = replace(state.config, now=parse_instant(NOW))
    chat = talk(senior=senior, sender=f"progress-{senior}")
    for text, intent, extra in FILE_NOISE:
        entities = {k: v for k, v in extra.items() if k != "action"}
        turn = await chat.say(text, intent, action=extra.get("action"), **entities)
    number = re.search(r"MS\d{12}", turn.text)[0]
    answers = {}
    for status, now in (("accepted", "2026-11-26T10:30:00+08:00"), ("dispatched", "2026-11-26T13:00:00+08:00"),
                        ("processing", "2026-11-27T10:00:00+08:00"), ("closed", "2026-11-28T11:00:00+08:00")):
        state.config = replace(state.config, now=parse_instant(now))
        [answers[status]] = (await chat.say(f"查工单{number}", "query_request", action="action_query_ticket",
                                            ticket_no=number)).messages
    return answers


async def test_ticket_progress_gives_a_senior_plain_status_words_and_what_to_do(
        mock: Mock, talk: Callable[..., Conversation]) -> None:
    senior = await ticket_answers(mock, talk, senior=True)
    unfit = {status: (m["text"], unfit_ticket_answer(m)) for status, m in senior.items() if unfit_ticket_answer(m)}
    assert not unfit, unfit
    assert "已经转给南山区街道办事处了" in senior["dispatched"]["text"]
    assert "11月28日前" in senior["processing"]["text"] and "再来问我" in senior["processing"]["text"]
    assert "已经办完了" in senior["closed"]["text"] and "12345" in senior["closed"]["text"]
    standard = await ticket_answers(mock, talk, senior=False)
    assert "当前状态：已分拨" in standard["dispatched"]["text"]


async def test_my_tickets_show_a_senior_plain_status_words(mock: Mock, talk: Callable[..., Conversation]) -> None:
    for persona, plain in (("chen", "物业管理：正在处理"), ("wang", "噪音扰民：已经办完")):
        [said] = await play(mock, talk, persona, [("我的诉求", "query_request", {"action": "action_query_ticket"})],
                            senior=True)
        assert plain in said["text"], said["text"]
        assert not [word for word in _TICKET_JARGON if word in said["text"]] and said["buttons"]


def test_a_long_materials_list_reaches_a_senior_in_lines_of_three() -> None:
    item = {"service": {"code": "household_register", "name": "户口迁入"}, "date": "2026-11-27",
            "hall": {"name": "福田区政务服务中心"},
            "materials": "居民身份证、户口簿、结婚证、照片、申请表；非深户还需深圳居住证"}
    text = senior_materials(item)
    for thing in ("身份证", "户口簿", "结婚证", "照片", "申请表", "深圳居住证"):
        assert thing in text, thing
    assert all(line.count("、") < SENIOR_MAX_ITEMS for line in lines(text)), text
    assert lines(text)[:2] == ["办户口迁入要带：身份证、户口簿、结婚证，", "还有照片、申请表。"]

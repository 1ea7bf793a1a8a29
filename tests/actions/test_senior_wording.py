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
from typing import Any, Callable, Optional

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.repeat import ActionRepeat, ActionRepeatSlowly
from actions.replies import SENIOR_MAX_ITEMS
from actions.tickets import ActionQueryTicket
from tests.actions.conftest import Mock
from tests.actions.simulator import Conversation

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
    tickets = [{"number": f"MS2026112000{i:02d}", "category_name": "物业管理", "status_name": "处理中"}
               for i in range(1, 6)]
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

"""The knowledge-base, mode and repeat actions, run as Rasa would run them."""
from __future__ import annotations

from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import kb_answer
from actions.kb_answer import ActionClarify, ActionKbAnswer
from actions.repeat import ActionRepeat, ActionRepeatSlowly
from actions.session import ActionSetSeniorMode, ActionSyncSession


@pytest.fixture(autouse=True)
def _real_kb(monkeypatch: pytest.MonkeyPatch, knowledge_base) -> None:  # noqa: ANN001
    monkeypatch.setattr(kb_answer, "knowledge_base", lambda: knowledge_base)


def tracker(text: str, intent: str = "ask_service", slots: Optional[dict] = None,
            entities: Optional[list] = None, events: Optional[list] = None,
            metadata: Optional[dict] = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
              "metadata": metadata or {}}
    return Tracker("citizen-1", slots or {}, latest, events or [], False, None, {}, "action_listen")


def run(action: Any, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    return dispatcher.messages, events


def slot(events: list[dict], name: str) -> Any:
    return next(e["value"] for e in events if e.get("event") == "slot" and e["name"] == name)


def test_service_question_gets_a_sourced_answer_and_remembers_the_service() -> None:
    [message], events = run(ActionKbAnswer(), tracker("深圳居住证怎么办理"))
    assert message["meta"] == {"kind": "answer", "category": "household_residence", "service_id": "residence_permit"}
    assert "核实日期" in message["text"]
    assert slot(events, "service_id") == "residence_permit" and slot(events, "miss_count") == 0
    assert 1 <= len(message["buttons"]) <= 3


def test_follow_up_uses_the_service_from_context() -> None:
    t = tracker("那要多少钱？", intent="ask_aspect", slots={"service_id": "hk_macao_permit"},
                entities=[{"entity": "aspect", "value": "fee"}])
    [message], _ = run(ActionKbAnswer(), t)
    assert message["meta"]["service_id"] == "hk_macao_permit"
    assert "60" in message["text"]


def test_aspect_button_payload_answers_without_searching() -> None:
    t = tracker('/ask_aspect{"aspect": "where"}', intent="ask_aspect", slots={"service_id": "residence_permit"})
    [message], _ = run(ActionKbAnswer(), t)
    assert message["meta"]["service_id"] == "residence_permit" and "地点" in message["text"]


def test_senior_answer_is_shorter_and_has_no_extra_buttons() -> None:
    standard, _ = run(ActionKbAnswer(), tracker("居住证要什么材料"))
    senior, _ = run(ActionKbAnswer(), tracker("居住证要什么材料", slots={"senior_mode": True}))
    assert len(senior[0]["text"]) < len(standard[0]["text"])
    assert senior[0]["buttons"] == []


def test_unknown_question_asks_back_then_offers_a_human_on_the_second_miss() -> None:
    first, events = run(ActionClarify(), tracker("今天股票涨了没有", intent="nlu_fallback"))
    assert first[0]["meta"]["kind"] in ("fallback", "clarify")
    assert len(first[0]["buttons"]) <= 3
    second, events = run(ActionClarify(), tracker("还是股票", intent="nlu_fallback",
                                                  slots={"miss_count": slot(events, "miss_count")}))
    assert second[0]["meta"]["kind"] == "handoff" and "12345" in second[0]["text"]
    assert [b["payload"] for b in second[0]["buttons"]][0] == "/request_human"


def test_sync_session_copies_mode_and_login_from_metadata() -> None:
    _, events = run(ActionSyncSession(), tracker("你好", metadata={"mode": "senior", "login_token": "t"}))
    assert slot(events, "senior_mode") is True and slot(events, "logged_in") is True
    _, unchanged = run(ActionSyncSession(), tracker("你好", slots={"senior_mode": True, "logged_in": True},
                                                    metadata={"mode": "senior", "login_token": "t"}))
    assert unchanged == []


def test_senior_mode_switch_tells_the_gateway() -> None:
    [message], events = run(ActionSetSeniorMode(), tracker("字大一点", intent="senior_mode_on"))
    assert message["custom"] == {"mode": "senior"} and message["meta"]["kind"] == "mode_switch"
    assert slot(events, "senior_mode") is True


def _answered(text: str) -> list[dict]:
    return [{"event": "user", "text": "居住证要什么材料"},
            {"event": "bot", "text": text, "data": {"buttons": []},
             "metadata": {"meta": {"kind": "answer", "category": "household_residence",
                                   "service_id": "residence_permit"}}},
            {"event": "user", "text": "再说一遍"}]


def test_repeat_says_the_last_answer_again_with_its_meta() -> None:
    [message], _ = run(ActionRepeat(), tracker("再说一遍", intent="repeat", events=_answered("1. 身份证\n2. 照片")))
    assert message["text"] == "1. 身份证\n2. 照片" and message["meta"]["service_id"] == "residence_permit"


def test_slower_gives_one_step_per_message_without_the_source_line() -> None:
    text = "1. 身份证\n2. 照片回执\n信息来源：深圳市公安局 ｜核实日期：2026-11-26"
    messages, _ = run(ActionRepeatSlowly(), tracker("说慢一点", intent="slower", events=_answered(text)))
    assert [m["text"] for m in messages] == ["好的，我一步一步说，一共2条：", "第1条：1. 身份证", "第2条：2. 照片回执"]


@pytest.mark.parametrize("text, intent, senior", [
    ("字大一点", "senior_mode_on", True),
    ("关闭关怀模式", "senior_mode_on", False),   # the NLU's known confusion: 关怀 vs 关闭
    ("退出长辈模式", "senior_mode_on", False),
    ("恢复正常模式吧", "senior_mode_off", False),
    ("打开关怀模式", "senior_mode_on", True),
])
def test_leaving_words_decide_the_mode(text: str, intent: str, senior: bool) -> None:
    _, events = run(ActionSetSeniorMode(), tracker(text, intent=intent))
    assert slot(events, "senior_mode") is senior


def test_out_of_scope_prediction_still_answers_a_clear_service_question() -> None:
    from actions.kb_answer import ActionOutOfScope
    [message], _ = run(ActionOutOfScope(), tracker("港澳通行证办理费用多少", intent="out_of_scope"))
    assert message["meta"]["service_id"] == "hk_macao_permit"
    [reply], _ = run(ActionOutOfScope(), tracker("帮我写一首关于春天的诗", intent="out_of_scope"))
    assert reply.get("response") == "utter_out_of_scope"

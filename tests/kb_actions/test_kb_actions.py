"""The knowledge-base, mode and repeat actions, run as Rasa would run them."""
from __future__ import annotations

import asyncio
from typing import Any, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import kb_answer
from actions.applications import ActionQueryApplication
from actions.kb_answer import ActionAnythingElse, ActionChitchat, ActionClarify, ActionKbAnswer, ActionOutOfScope
from actions.repeat import ActionRepeat, ActionRepeatSlowly
from actions.session import ActionSetSeniorMode, ActionSyncSession
from actions.social_insurance import ActionQuerySocialInsurance


@pytest.fixture(autouse=True)
def _real_kb(monkeypatch: pytest.MonkeyPatch, knowledge_base) -> None:  # noqa: ANN001
    monkeypatch.setattr(kb_answer, "knowledge_base", lambda: knowledge_base)


def tracker(text: str, intent: str = "ask_service", slots: Optional[dict] = None,
            entities: Optional[list] = None, events: Optional[list] = None,
            metadata: Optional[dict] = None, ranking: Optional[list] = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or [],
              "metadata": metadata or {}, "intent_ranking": ranking or []}
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


REPORT = "我们村口那条路的路灯坏了一个多月，晚上黑漆漆的，多次反映无果，请相关部门尽快处理"


@pytest.mark.parametrize("action", [ActionClarify(), ActionOutOfScope()])
def test_a_problem_no_guide_answers_is_offered_a_ticket_that_keeps_the_story(action: Any) -> None:
    [message], events = run(action, tracker(REPORT, intent="inform"))
    assert message["meta"] == {"kind": "citizen_request", "category": "citizen_requests", "service_id": None}
    assert "民生诉求" in message["text"] and "12345" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/file_request", "/request_human"]
    assert slot(events, "report_text") == REPORT


def test_the_nlu_leaning_to_a_report_is_enough_without_report_words() -> None:
    text = "楼下早餐店每天凌晨四点开始剁肉，整栋楼都听得见"
    plain, _ = run(ActionClarify(), tracker(text, intent="inform", ranking=[{"name": "inform", "confidence": 0.95}]))
    leaning, _ = run(ActionClarify(), tracker(text, intent="inform", ranking=[
        {"name": "inform", "confidence": 0.7}, {"name": "file_request", "confidence": 0.25}]))
    assert plain[0]["meta"]["kind"] != "citizen_request"
    assert leaning[0]["meta"]["kind"] == "citizen_request"


def test_a_question_with_a_clear_category_gets_its_department_even_with_report_words() -> None:
    [message], _ = run(ActionClarify(), tracker("公司拖欠劳动报酬，仲裁时效怎么规定", intent="nlu_fallback"))
    assert message["meta"]["category"] == "employment" and "12333" in message["text"]


def test_small_talk_about_the_assistant_gets_the_small_talk_reply() -> None:
    dispatcher = CollectingDispatcher()
    ActionChitchat().run(dispatcher, tracker("你是机器人吗", intent="chitchat"), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_chitchat"]


def test_a_question_taken_for_small_talk_gets_the_knowledge_base() -> None:
    [message], _ = run(ActionChitchat(), tracker("集体合同的期限？", intent="chitchat"))
    assert message["meta"]["category"] == "employment" and "12333" in message["text"]


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


@pytest.mark.parametrize(("action", "text", "category"), [
    (ActionQuerySocialInsurance(), "网约车驾驶员证怎么申请", {"transport"}),
    (ActionQueryApplication(), "用人单位的工伤保险费率如何确定", {"social_insurance", "employment"}),
])
def test_a_look_up_the_message_never_names_yields_to_the_knowledge_base(action: Any, text: str,
                                                                         category: set[str]) -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(text, intent="query_social_insurance"), {}))
    [message] = dispatcher.messages
    assert message["meta"]["category"] in category and message["meta"]["kind"] != "transaction"


def test_a_look_up_that_names_its_subject_runs() -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionQuerySocialInsurance().run(dispatcher, tracker("查一下我的社保缴费记录"), {}))
    assert "登录" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize("text", ["好的", "不用了谢谢", "/deny"])
def test_yes_no_and_stop_outside_a_task_ask_whether_there_is_anything_else(text: str) -> None:
    dispatcher = CollectingDispatcher()
    ActionAnythingElse().run(dispatcher, tracker(text, intent="deny"), {})
    assert [m.get("response") for m in dispatcher.messages] == ["utter_anything_else"]


def test_a_long_question_taken_for_stop_gets_the_knowledge_base() -> None:
    [message], _ = run(ActionAnythingElse(), tracker("如何修改医保家庭共济账户的使用顺序？", intent="stop"))
    assert message["meta"]["category"] == "medical_insurance"


def test_a_question_needs_more_than_a_hint_of_a_report() -> None:
    """"皮卡车可以加装后盖吗？" asks something: a little file_request weight does not make it a report."""
    ranking = [{"name": "ask_service", "confidence": 0.7}, {"name": "file_request", "confidence": 0.2}]
    asked, _ = run(ActionClarify(), tracker("充电宝可以带上飞机吗？", intent="nlu_fallback", ranking=ranking))
    told, _ = run(ActionClarify(), tracker("充电宝被机场没收了也不给说法", intent="nlu_fallback", ranking=ranking))
    assert "听起来您遇到了" not in asked[0]["text"] and "听起来您遇到了" in told[0]["text"]

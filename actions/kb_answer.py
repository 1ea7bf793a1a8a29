"""Answers about services from the knowledge base, and the did-you-mean path.

``action_kb_answer`` runs for ask_service / ask_aspect; ``action_clarify`` for
NLU fallbacks, where the knowledge base gets a second opinion before the
citizen is asked back.  A second miss in a row offers 12345 and a human.
"""
from __future__ import annotations

import json
import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge_base import knowledge_base
from actions.latest_message import entity, is_payload, text_of
from actions.messages import button, pick, say, senior
from actions.report_cues import reads_like_report
from zhtext import normalize

ASPECT_BUTTONS = {
    "materials": "需要什么材料",
    "conditions": "需要什么条件",
    "fee": "要多少钱",
    "time": "多久能办好",
    "where": "在哪里办",
    "how": "怎么办理",
}
MAX_CHOICES = 3
TICKET_CATEGORY = "citizen_requests"  # its "department" is 12345 itself: a problem there gets a ticket offer
ASPECTS = frozenset({"materials", "conditions", "fee", "time", "where", "how", "hotline"})


def _aspect(tracker: Tracker) -> Optional[str]:
    """The NLU's aspect when it is one the knowledge base knows (DIET may return raw text)."""
    aspect = entity(tracker, "aspect")
    return aspect if aspect in ASPECTS else None


def _payload_entities(text: str) -> Optional[dict[str, Any]]:
    """Entities of a button payload such as ``/ask_service{"service": "居住证"}``."""
    if not text.startswith("/"):
        return None
    start = text.find("{")
    if start < 0:
        return {}
    try:
        return json.loads(text[start:])
    except ValueError:
        return {}


def refer_to_department(dispatcher: CollectingDispatcher, tracker: Tracker, info: dict[str, Any]) -> None:
    """A question in a category the knowledge base has no guide for: who can answer it."""
    say(dispatcher, pick(tracker,
                         f"这个问题我暂时没有准确答案。它属于“{info['name']}”，"
                         f"建议咨询{info['department']}，电话{info['hotline']}；也可以拨打12345。",
                         f"这个问题请问{info['department']}。\n电话：{info['hotline']}。"),
        "handoff", info["id"])


def offer_ticket(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """A problem to report: offer a 民生诉求 ticket that starts from what the citizen wrote."""
    say(dispatcher, pick(tracker,
                         "听起来您遇到了需要有关部门处理的问题。我可以帮您把刚才说的内容提交为民生诉求"
                         "（12345 民意速办），由负责的部门处理并答复您；也可以直接拨打12345。",
                         "这件事可以交给政府部门处理。\n要帮您提交民生诉求吗？"),
        "citizen_request", TICKET_CATEGORY,
        buttons=[button("提交民生诉求", "/file_request"), button("转人工", "/request_human")])
    return [SlotSet("report_text", text_of(tracker) or None)]


def wants_ticket(tracker: Tracker, category: Optional[str]) -> bool:
    """The latest message tells of a problem to fix (see :mod:`actions.report_cues`) and no
    department other than 12345's is clear: a ticket serves it better than a referral."""
    return category in (None, TICKET_CATEGORY) and reads_like_report(
        normalize(text_of(tracker)), tracker.latest_message.get("intent_ranking") or [])


def answer_from_kb(dispatcher: CollectingDispatcher, tracker: Tracker, service_id: str,
                   aspect: Optional[str], faq_id: Optional[int] = None) -> list[dict[str, Any]]:
    """Answer with the FAQ that matched when there is one, else the aspect of the guide."""
    answer = knowledge_base().answer(service_id, aspect, senior=senior(tracker), faq_id=faq_id)
    buttons = [] if senior(tracker) else follow_up_buttons(aspect)
    say(dispatcher, answer.text, "answer", answer.category, answer.service_id, buttons)
    return [SlotSet("service_id", answer.service_id), SlotSet("category", answer.category),
            SlotSet("aspect", aspect), SlotSet("miss_count", 0)]


def second_opinion(dispatcher: CollectingDispatcher, tracker: Tracker,
                   offer_tickets: bool = True) -> Optional[list[dict[str, Any]]]:
    """What the knowledge base makes of a message the NLU gave another intent.

    An answer, a 民生诉求 offer for a reported problem (``offer_tickets``), or the
    department of a clear category; None when it knows nothing, and the
    intent's own reply stands.
    """
    result = knowledge_base().search(text_of(tracker))
    if result.found and result.best is not None:
        return answer_from_kb(dispatcher, tracker, result.best.service_id, result.aspect, result.best.faq_id)
    if offer_tickets and wants_ticket(tracker, result.category):
        return offer_ticket(dispatcher, tracker)
    if result.category is not None:
        refer_to_department(dispatcher, tracker, knowledge_base().category(result.category))
        return []
    return None


def follow_up_buttons(aspect: Optional[str]) -> list[dict[str, str]]:
    return [button(title, f'/ask_aspect{{"aspect": "{key}"}}')
            for key, title in ASPECT_BUTTONS.items() if key != aspect][:MAX_CHOICES]


class ActionKbAnswer(Action):
    def name(self) -> str:
        return "action_kb_answer"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        kb = knowledge_base()
        text = text_of(tracker)
        hint = tracker.get_slot("service_id")
        aspect = _aspect(tracker)
        payload = _payload_entities(text)
        if payload is not None:  # a button press: no need to search
            named = payload.get("service") or entity(tracker, "service")
            service_id = kb.resolve_service(named) if named else hint
            aspect = payload.get("aspect") or aspect
            if service_id:
                return answer_from_kb(dispatcher, tracker, service_id, aspect)
            return self.miss(dispatcher, tracker, None)
        result = kb.search(text, service_hint=hint)
        if result.found and result.best is not None:
            return answer_from_kb(dispatcher, tracker, result.best.service_id, aspect or result.aspect,
                                  faq_id=result.best.faq_id)
        return self.miss(dispatcher, tracker, result)

    def miss(self, dispatcher: CollectingDispatcher, tracker: Tracker, result: Any) -> list[dict[str, Any]]:
        kb = knowledge_base()
        misses = int(tracker.get_slot("miss_count") or 0) + 1
        category = getattr(result, "category", None)
        alternatives = list(getattr(result, "alternatives", None) or [])[:MAX_CHOICES]
        if result is not None and result.best is not None and result.best not in alternatives:
            alternatives = [result.best, *alternatives][:MAX_CHOICES]
        if wants_ticket(tracker, category):
            return [*offer_ticket(dispatcher, tracker), SlotSet("miss_count", misses)]
        if misses >= 2:
            say(dispatcher, pick(tracker, "抱歉，我还是没能找到您要的答案。您可以拨打12345政务服务便民热线"
                                 "（7×24小时人工服务），或者转人工客服。",
                                 "对不起，我没找到。\n请拨打12345，\n或者点“转人工”。"), "handoff", category,
                buttons=[button("转人工", "/request_human"), button("换个问题", "/help")])
            return [SlotSet("miss_count", 0)]
        if alternatives:
            # The category is the knowledge base's own guess: a list of maybes
            # spanning several categories belongs to none of them.
            say(dispatcher, pick(tracker, "我不太确定您问的是哪一项，您是想了解：", "您想问哪一项？\n请点一下："),
                "clarify", category,
                buttons=[button(hit.service_name, f'/ask_service{{"service": "{hit.service_name}"}}')
                         for hit in alternatives])
        elif category:
            refer_to_department(dispatcher, tracker, kb.category(category))
        else:
            # No guide and no category: it may be a problem to report, which is
            # exactly what a 民生诉求 ticket (12345) is for.
            say(dispatcher, pick(tracker, "抱歉，我没有找到相关的办事指南。您可以换个说法再问，比如“居住证怎么办”；"
                                 "如果您是要反映问题、投诉或求助，我可以帮您提交民生诉求，也可以拨打12345。",
                                 "对不起，我没找到。\n可以换个说法再问。\n要反映问题，请点“提交民生诉求”。"),
                "citizen_request", TICKET_CATEGORY,
                buttons=[button("提交民生诉求", "/file_request"), button("转人工", "/request_human")])
        return [SlotSet("miss_count", misses), SlotSet("report_text", None)]


class ActionClarify(ActionKbAnswer):
    """NLU was unsure: let the knowledge base try before asking back."""

    def name(self) -> str:
        return "action_clarify"


class ActionOutOfScope(Action):
    """The NLU says out of scope; a knowledge-base match, or a clear category, still wins."""

    fallback_response = "utter_out_of_scope"

    def name(self) -> str:
        return "action_out_of_scope"

    def wants_second_opinion(self, tracker: Tracker) -> bool:
        return True

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        events = None
        if self.wants_second_opinion(tracker):
            events = second_opinion(dispatcher, tracker)
        if events is None:
            dispatcher.utter_message(response=self.fallback_response)
        return events or []


# Small talk is about the assistant ("你是机器人吗"); a short question that addresses
# nobody ("集体合同的期限？") only looks like small talk to the NLU.
_ADDRESSES_THE_ASSISTANT = re.compile(r"你|您|机器人|小i|人工智能|\bai\b|\bbot\b|哈哈|呵呵|嘻嘻", re.IGNORECASE)


class ActionChitchat(ActionOutOfScope):
    """Small talk gets a friendly reply; a question the NLU took for small talk gets the knowledge base."""

    fallback_response = "utter_chitchat"

    def name(self) -> str:
        return "action_chitchat"

    def wants_second_opinion(self, tracker: Tracker) -> bool:
        return not _ADDRESSES_THE_ASSISTANT.search(text_of(tracker))


# "好的", "不用了", "算了" are short; a long message the NLU took for one of them is a question.
SHORT_REPLY = 8  # characters


class ActionAnythingElse(ActionOutOfScope):
    """Yes, no or stop outside a task: "anything else?" — unless it was really a question."""

    fallback_response = "utter_anything_else"

    def name(self) -> str:
        return "action_anything_else"

    def wants_second_opinion(self, tracker: Tracker) -> bool:
        return not is_payload(tracker) and len(normalize(text_of(tracker))) >= SHORT_REPLY

"""转人工: join the backend's agent queue in office hours, or get 12345 outside them.

Asked inside a form, the form ends first (a person takes over).  When the
queue cannot be reached, the domain's ``utter_handoff`` (12345) still answers.
"""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend import Backend, BackendError, idempotency_key
from actions.forms import TransactionForm, reset
from actions.latest_message import text_of
from actions.messages import button, pick, say

KIND, CATEGORY = "handoff", "citizen_requests"


def left_form(tracker: Tracker) -> Optional[str]:
    """The form the citizen was in: the rules deactivate it just before this action runs."""
    if tracker.active_loop_name:
        return tracker.active_loop_name
    deactivated = False
    for event in reversed(tracker.events):
        if event.get("event") == "user" and not deactivated:
            return None
        if event.get("event") == "active_loop":
            if event.get("name") is None:
                deactivated = True
            elif deactivated:
                return str(event["name"])
    return None


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events: list[EventType] = []
        form = left_form(tracker)
        topic = text_of(tracker)[:120]
        if form in TransactionForm.registry:
            events = reset(domain, form)
            topic = f"{TransactionForm.registry[form].what}：{topic}"
        try:
            entry = await self.join(Backend.for_tracker(tracker), tracker.sender_id, topic)
        except BackendError:
            dispatcher.utter_message(response="utter_handoff")
            return events
        if entry.get("open"):
            self.queued(dispatcher, tracker, entry)
        else:
            say(dispatcher, pick(tracker, entry["message"], "现在人工客服下班了。\n请打 12345，24小时有人接。"),
                KIND, CATEGORY, buttons=[button("在线反映问题", "/file_request")])
        return events

    @staticmethod
    async def join(api: Backend, sender_id: str, topic: str) -> dict[str, Any]:
        """Join once per conversation and topic; asking again shows the current place in the queue."""
        body = {"topic": topic}
        for attempt in range(3):
            reply = await api.post("/agent-queue", body, key=idempotency_key(sender_id, "agent-queue", body, attempt))
            entry = reply.body
            if not (reply.replayed and entry.get("queue_id")):
                return entry
            entry = await api.get(f"/agent-queue/{entry['queue_id']}")
            if entry["status"] == "waiting":
                return entry
        return entry

    @staticmethod
    def queued(dispatcher: CollectingDispatcher, tracker: Tracker, entry: dict[str, Any]) -> None:
        wait = entry.get("estimated_wait_minutes") or 0
        ahead = max(int(entry.get("position") or 1) - 1, 0)
        if entry.get("status") == "connected":
            text = pick(tracker, "人工客服已接通，请稍候，工作人员马上回复您。", "人工客服接通了，\n请稍等。")
        else:
            text = pick(tracker,
                        f"已为您转接人工客服，正在排队：您前面还有 {ahead} 人，预计等待约 {wait} 分钟，请不要离开。\n"
                        f"人工服务时间：{entry['hours']}；着急的话也可以拨打12345热线。",
                        f"正在帮您转人工。\n前面还有 {ahead} 人，\n大约等 {wait} 分钟。\n也可以打 12345。")
        say(dispatcher, text, KIND, CATEGORY)

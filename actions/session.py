"""Conversation-wide state that comes from the gateway or the citizen: mode and login."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.latest_message import intent_of, text_of
from actions.messages import button, say


class ActionSyncSession(Action):
    """Custom slot mapping run on every message: copy the gateway's mode and login state."""

    def name(self) -> str:
        return "action_sync_session"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        metadata = tracker.latest_message.get("metadata") or {}
        events = []
        if metadata.get("mode") in ("standard", "senior"):
            senior = metadata["mode"] == "senior"
            if senior != bool(tracker.get_slot("senior_mode")):
                events.append(SlotSet("senior_mode", senior))
        logged_in = bool(metadata.get("login_token"))
        if logged_in != bool(tracker.get_slot("logged_in")):
            events.append(SlotSet("logged_in", logged_in))
        return events


# "关闭关怀模式" shares 关 with 关怀: words that clearly mean "leave" decide over the intent.
_LEAVE = re.compile(r"(退出|关闭|关掉|取消|不要|不用|恢复|回到|切回).{0,4}(长辈|关怀|老人|大字|长者|普通|标准|正常)"
                    r"|字(小|正常)一?点")


def wants_senior_mode(intent: str, text: str) -> bool:
    return not (intent == "senior_mode_off" or _LEAVE.search(text))


class ActionSetSeniorMode(Action):
    """Enter or leave 长辈模式 when the citizen asks in words."""

    def name(self) -> str:
        return "action_set_senior_mode"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        senior = wants_senior_mode(intent_of(tracker), text_of(tracker))
        if senior:
            say(dispatcher, "已为您切换到长辈模式：字更大，话更短。\n想回到普通模式，说“退出长辈模式”就行。",
                "mode_switch", custom={"mode": "senior"},
                buttons=[button("问办事", "/help"), button("找人工", "/request_human")])
        else:
            say(dispatcher, "已切换回标准模式。需要时说“长辈模式”即可再次切换。", "mode_switch",
                custom={"mode": "standard"})
        return [SlotSet("senior_mode", senior)]

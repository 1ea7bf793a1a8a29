"""再说一遍 / 说慢一点: repeat the last answer whole, or one step per message."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say

# Steps start at line breaks, at "1." / "1、" / "①" markers, or after 。；
_STEP_SPLIT = re.compile(r"\n+|(?<=[。；;])|(?=(?:\d+[.、．]|[①②③④⑤⑥⑦⑧⑨]))")


def last_bot_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The bot messages that answered the citizen's previous message."""
    turns: list[list[dict[str, Any]]] = [[]]
    for event in tracker.events[:-1]:  # skip the repeat request itself
        if event.get("event") == "user":
            turns.append([])
        elif event.get("event") == "bot" and event.get("text"):
            turns[-1].append(event)
    for turn in reversed(turns):
        if turn:
            return turn
    return []


def _meta_of(event: dict[str, Any]) -> dict[str, Any]:
    metadata = event.get("metadata") or {}
    return metadata.get("meta") or (metadata.get("metadata") or {}).get("meta") or {}


def split_steps(text: str) -> list[str]:
    """The answer's steps, without the source line (it is not something to do)."""
    parts = [part.strip() for part in _STEP_SPLIT.split(text) if part and part.strip()]
    return [part for part in parts if not part.startswith("信息来源")]


class ActionRepeat(Action):
    def name(self) -> str:
        return "action_repeat"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        previous = last_bot_turn(tracker)
        if not previous:
            say(dispatcher, "我们还没开始聊呢。请问有什么可以帮您？", "chitchat")
            return []
        for event in previous:
            m = _meta_of(event)
            say(dispatcher, event["text"], m.get("kind", "chitchat"), m.get("category"), m.get("service_id"),
                buttons=(event.get("data") or {}).get("buttons"))
        return []


class ActionRepeatSlowly(Action):
    def name(self) -> str:
        return "action_repeat_slowly"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        previous = last_bot_turn(tracker)
        if not previous:
            say(dispatcher, "我们还没开始聊呢。请问有什么可以帮您？", "chitchat")
            return []
        steps = [step for event in previous for step in split_steps(event["text"])]
        m = _meta_of(previous[-1])
        say(dispatcher, f"好的，我一步一步说，一共{len(steps)}条：", m.get("kind", "chitchat"),
            m.get("category"), m.get("service_id"))
        for number, step in enumerate(steps, start=1):
            say(dispatcher, f"第{number}条：{step}", m.get("kind", "chitchat"), m.get("category"),
                m.get("service_id"))
        return []

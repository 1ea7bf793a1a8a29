"""再说一遍 / 说慢一点: repeat the last answer whole, or one step per message."""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import pick, say

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


class _RepeatAction(Action, ABC):
    """Shared by both: find the last answer, or say there is none yet (abstract: not registered)."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        previous = last_bot_turn(tracker)
        if not previous:
            say(dispatcher, pick(tracker, "我们还没开始聊呢。请问有什么可以帮您？", "我们还没聊呢。\n您想办什么事？"),
                "chitchat")
        else:
            self.repeat(dispatcher, tracker, previous)
        return []

    @abstractmethod
    def repeat(self, dispatcher: CollectingDispatcher, tracker: Tracker, previous: list[dict[str, Any]]) -> None:
        """Say the earlier bot messages ``previous`` again, in this action's way."""


def _say_like(dispatcher: CollectingDispatcher, event: dict[str, Any], text: str,
              buttons: Optional[list] = None) -> None:
    """Say ``text`` with the meta of the earlier bot message ``event``."""
    m = _meta_of(event)
    say(dispatcher, text, m.get("kind", "chitchat"), m.get("category"), m.get("service_id"), buttons=buttons)


class ActionRepeat(_RepeatAction):
    def name(self) -> str:
        return "action_repeat"

    def repeat(self, dispatcher: CollectingDispatcher, tracker: Tracker, previous: list[dict[str, Any]]) -> None:
        for event in previous:
            _say_like(dispatcher, event, event["text"], (event.get("data") or {}).get("buttons"))


class ActionRepeatSlowly(_RepeatAction):
    def name(self) -> str:
        return "action_repeat_slowly"

    def repeat(self, dispatcher: CollectingDispatcher, tracker: Tracker, previous: list[dict[str, Any]]) -> None:
        steps = [step for event in previous for step in split_steps(event["text"])]
        _say_like(dispatcher, previous[-1], pick(tracker, f"好的，我一步一步说，一共{len(steps)}条：",
                                                 f"好，一共{len(steps)}条："))
        for number, step in enumerate(steps, start=1):
            _say_like(dispatcher, previous[-1], f"第{number}条：{step}")

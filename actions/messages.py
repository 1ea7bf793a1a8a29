"""Uttering with the chat API's ``meta`` attached (kind, category, service_id)."""
from __future__ import annotations

from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def senior(tracker: Tracker) -> bool:
    return bool(tracker.get_slot("senior_mode"))


def pick(tracker: Tracker, standard: str, elder: str) -> str:
    """The 长辈模式 wording when the mode is on."""
    return elder if senior(tracker) else standard


def meta(kind: str, category: Optional[str] = None, service_id: Optional[str] = None) -> dict[str, Any]:
    return {"kind": kind, "category": category, "service_id": service_id}


def say(dispatcher: CollectingDispatcher, text: str, kind: str, category: Optional[str] = None,
        service_id: Optional[str] = None, buttons: Optional[list[dict[str, str]]] = None,
        custom: Optional[dict[str, Any]] = None) -> None:
    """One bot message; the gateway channel reads ``meta`` and ``custom`` from it."""
    extra: dict[str, Any] = {"meta": meta(kind, category, service_id)}
    if custom:
        extra["custom"] = custom
    dispatcher.utter_message(text=text, buttons=buttons or [], **extra)


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}

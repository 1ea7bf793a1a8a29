"""What the citizen's latest message says: its text, intent, entities, and whether it was a button."""
from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker


def text_of(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "").strip()


def intent_of(tracker: Tracker) -> str:
    return str((tracker.latest_message.get("intent") or {}).get("name") or "")


def entity(tracker: Tracker, name: str) -> Optional[str]:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


def is_payload(tracker: Tracker) -> bool:
    """A button press: the widget sends its payload (``/intent{...}``) as the text."""
    return text_of(tracker).startswith("/")

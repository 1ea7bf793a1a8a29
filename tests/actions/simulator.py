"""Drive the custom actions the way Rasa does, without a trained model.

``Conversation.say`` plays one citizen message: if a form is active it runs the
form's validation action, then the question for the next slot (an
``action_ask_*`` action or the domain's ``utter_ask_*`` response) or, when the
form is done, the submit action — as Rasa's FormAction and rules do.  Outside a
form the caller names the action that the rules would pick.
"""
from __future__ import annotations

import importlib
import pkgutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions
from actions import appointments, tickets
from actions.forms import REQUESTED, ActionStopForm

for _module in pkgutil.iter_modules(actions.__path__):  # every action, as rasa_sdk loads them
    importlib.import_module(f"actions.{_module.name}")

DOMAIN: dict[str, Any] = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())
SUBMIT = {"appointment_form": appointments.ActionSubmitAppointment(),
          "cancel_appointment_form": appointments.ActionSubmitCancelAppointment(),
          "ticket_form": tickets.ActionSubmitTicket()}
VALIDATE = {"appointment_form": appointments.ValidateAppointmentForm(),
            "cancel_appointment_form": appointments.ValidateCancelAppointmentForm(),
            "ticket_form": tickets.ValidateTicketForm()}


def _all_actions() -> dict[str, Action]:
    found: dict[str, Action] = {}
    stack = list(Action.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("actions.") and not getattr(cls, "__abstractmethods__", None):
            try:
                found[cls().name()] = cls()
            except (NotImplementedError, TypeError):
                pass
    return found


ACTIONS = _all_actions()


def response_variant(name: str, slots: dict[str, Any]) -> dict[str, Any]:
    """The domain response variant Rasa would pick for these slot values."""
    variants = DOMAIN["responses"][name]
    for variant in variants:
        conditions = variant.get("condition") or []
        if conditions and all(slots.get(c["name"]) == c["value"] for c in conditions):
            return variant
    return next(v for v in variants if not v.get("condition"))


@dataclass
class Turn:
    messages: list[dict[str, Any]]
    rejected: bool = False   # the form did not take the message: the rules answer it
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.messages)

    @property
    def buttons(self) -> list[dict[str, str]]:
        return [b for m in self.messages for b in m.get("buttons") or []]

    def payload(self, title_part: str) -> str:
        return next(b["payload"] for b in self.buttons if title_part in b["title"])


@dataclass
class Conversation:
    token: Optional[str] = None
    senior: bool = False
    sender: str = "citizen-1"
    slots: dict[str, Any] = field(default_factory=dict)
    active_loop: Optional[str] = None
    events: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.slots = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}
        self.slots.update({REQUESTED: None, "senior_mode": self.senior, "logged_in": bool(self.token)})

    # ---- building trackers ---------------------------------------------------
    def _latest(self, text: str, intent: str, entities: dict[str, str]) -> dict[str, Any]:
        return {"text": text, "intent": {"name": intent, "confidence": 0.95},
                "entities": [{"entity": k, "value": v} for k, v in entities.items()],
                "metadata": {"login_token": self.token, "mode": "senior" if self.senior else "standard"}}

    def tracker(self, extra_events: Optional[list[dict[str, Any]]] = None) -> Tracker:
        loop = {"name": self.active_loop} if self.active_loop else {}
        return Tracker(self.sender, dict(self.slots), self.latest, self.events + (extra_events or []), False, None,
                       loop, self.events[-1].get("name") if self.events else None)

    def apply(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
            elif event.get("event") == "active_loop":
                self.active_loop = event.get("name")
        self.events.extend(events)

    async def run(self, action: Action, extra_events: Optional[list[dict[str, Any]]] = None) -> tuple[
            list[dict[str, Any]], list[dict[str, Any]]]:
        dispatcher = CollectingDispatcher()
        events = await action.run(dispatcher, self.tracker(extra_events), DOMAIN)
        for message in dispatcher.messages:
            if message.get("response"):
                variant = response_variant(message["response"], self.slots)
                message.update(text=variant["text"], buttons=variant.get("buttons", []),
                               meta=variant["metadata"]["meta"])
        self.events.append({"event": "action", "name": action.name()})
        self.events.extend({"event": "bot", "text": m.get("text")} for m in dispatcher.messages)
        return events, dispatcher.messages

    # ---- one citizen message --------------------------------------------------
    async def say(self, text: str, intent: str = "inform", action: Optional[str] = None,
                  **entities: str) -> Turn:
        """The citizen says ``text``; ``action`` is what the rules run when no form takes it."""
        started = time.monotonic()
        self.latest = self._latest(text, intent, entities)
        self.events += [{"event": "action", "name": "action_listen"},
                        {"event": "user", "text": text, "parse_data": self.latest}]
        messages: list[dict[str, Any]] = []
        form = self.active_loop or (action if action in VALIDATE else None)
        if form:
            rejected = await self._form_turn(form, messages)
            if not rejected:
                return Turn(messages, seconds=time.monotonic() - started)
            if action is None:
                return Turn(messages, rejected=True, seconds=time.monotonic() - started)
            if action == "action_handoff":  # the rule deactivates the form first
                self.apply([{"event": "active_loop", "name": None}])
        if action:
            events, said = await self.run(ACTIONS[action])
            messages += said
            self.apply(events)
            if self.active_loop and any(e.get("event") == "active_loop" for e in events):
                await self._form_turn(self.active_loop, messages, resumed=True)
        return Turn(messages, seconds=time.monotonic() - started)

    async def _form_turn(self, form: str, messages: list[dict[str, Any]], resumed: bool = False) -> bool:
        """One run of the form action; True when the form rejected the message."""
        activating = self.active_loop != form
        if activating:
            self.apply([{"event": "active_loop", "name": form}])
            self.slots[REQUESTED] = None
        marker = [{"event": "slot", "name": REQUESTED, "value": self.slots[REQUESTED]},
                  {"event": "action", "name": form}]
        events, said = await self.run(VALIDATE[form], marker)
        if not events and not activating and not resumed:
            self.events = self.events[:-1 - len(said)]
            return True  # ActionExecutionRejection: the rules take over
        messages += said
        self.apply(events)
        requested = next((e["value"] for e in reversed(events) if e.get("name") == REQUESTED), "unset")
        if requested == "unset":
            requested = next((s for s in DOMAIN["forms"][form]["required_slots"] if self.slots.get(s) is None), None)
        self.slots[REQUESTED] = requested
        if requested is None:
            self.active_loop = None
            events, said = await self.run(SUBMIT[form])
            messages += said
            self.apply(events)
            if self.active_loop:  # the submission asked to go back into the form
                await self._form_turn(self.active_loop, messages, resumed=True)
            return False
        ask = ACTIONS.get(f"action_ask_{requested}")
        if ask is not None:
            events, said = await self.run(ask)
            messages += said
            self.apply(events)
            if any(e.get("name") == REQUESTED and e["value"] is None for e in events):
                self.active_loop = None
                events, said = await self.run(SUBMIT[form])
                messages += said
                self.apply(events)
        else:
            variant = response_variant(f"utter_ask_{requested}", self.slots)
            messages.append({"text": variant["text"], "buttons": variant.get("buttons", []),
                             "meta": variant["metadata"]["meta"]})
        return False

    async def stop(self) -> Turn:
        """"算了" inside a form: the rule runs action_stop_form."""
        self.latest = self._latest("算了", "stop", {})
        events, said = await self.run(ActionStopForm())
        self.apply(events)
        return Turn(said)

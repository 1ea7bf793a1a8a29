"""What every transaction form shares: choices, corrections, interruptions, failures, stopping.

Each form (appointment, 民生诉求, cancelling an appointment) only says which
slots it has and how to read and check each answer.  This module makes all of
them behave alike:

- answers are read from the entities, the words, or the number of an offered
  choice ("回复 1、2 或 3" in 长辈模式, or the buttons);
- a correction such as "日期改成周五" or "改一下地点" changes one slot and the
  form asks only for what is missing again — nothing already given is re-asked;
- stop, emergency, human and mode switches are left to the rules (the form is
  rejected), small talk too when the message answered nothing;
- an answer that cannot be used gets a specific Chinese re-prompt, and after
  two in a row the citizen is offered to continue, restart or reach a human;
- a form that has to end (stopped, login missing, backend down) resets its
  slots, so the next task starts clean.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar, Optional

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend import Backend, BackendError, login_token
from actions.latest_message import intent_of, is_payload, text_of
from actions.messages import button, pick, say, senior
from actions.replies import SENIOR_MAX_ITEMS, backend_failed, need_login
from zhtext import normalize

REQUESTED = "requested_slot"
FAILURES = "form_failures"
CHOICES = "form_choices"
SENIOR_MAX_CHOICES = SENIOR_MAX_ITEMS  # "请回复 1、2 或 3"

#: Intents that always win over an answer: the rules handle them (stop, 110/119/120, a human, the mode).
TAKE_OVER = frozenset({"stop", "emergency", "request_human", "senior_mode_on", "senior_mode_off"})
#: Intents the rules answer when the message filled nothing (the form then waits for the answer).
ASIDES = frozenset({"greet", "goodbye", "thank", "chitchat", "help", "repeat", "slower", "out_of_scope",
                    "mention_age", "ask_service", "ask_aspect"})
_NUMBER = re.compile(r"^(?:选|选择|第|回复)?\s*([1-9]|[一二三四五六七八九])\s*(?:个|项|条|种)?\s*[。.!！]?$")
_RESTART = re.compile(r"^(?:我要|我想)?(?:重新(?:开始|来|填|填写|预约|提交|反映|办)|从头(?:开始|来|再来))")
_CHANGE = re.compile(r"(?:改|换|更改|修改|变更|调整)")


@dataclass(frozen=True)
class Choice:
    """One offered answer: shown as ``title``, stored as ``value``; pressing it sends ``payload``."""

    title: str
    value: Any
    payload: Optional[str] = None


# ---------------------------------------------------------------------------
# reading the citizen's answer
def user_just_answered(tracker: Tracker) -> bool:
    """True when the form runs right after a citizen's message (not when it resumes after
    an interruption or a failed submission, where there is nothing new to read)."""
    events = list(tracker.events)
    if events and events[-1].get("event") == "action":
        events = events[:-1]  # the form's own run, added for the validation action
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            return True
        if kind == "bot":
            return False
        if kind == "action" and event.get("name") not in ("action_listen", "action_extract_slots",
                                                          tracker.active_loop_name):
            return False
    return False


def number_in(text: str) -> Optional[int]:
    """``2`` / ``第二个`` / ``选2`` → 2; anything else → None."""
    match = _NUMBER.match(normalize(text))
    if not match:
        return None
    digit = match[1]
    return int(digit) if digit.isdigit() else "一二三四五六七八九".index(digit) + 1


def chosen(tracker: Tracker, slot: str, static: Optional[list[Choice]] = None) -> Any:
    """The offered choice the answer names (by number, title or payload), if ``slot`` is being asked."""
    if tracker.get_slot(REQUESTED) != slot:
        return None
    offered = tracker.get_slot(CHOICES) or {}
    options = offered.get("options") if offered.get("slot") == slot else None
    if options is None:
        options = [{"title": c.title, "value": c.value, "payload": c.payload} for c in static or []]
    text = text_of(tracker)
    number = number_in(text)
    if number is not None:
        return options[number - 1]["value"] if 0 < number <= len(options) else None
    for option in options:
        if text in (option["title"], option.get("payload")) or normalize(text) == normalize(option["title"]):
            return option["value"]
    return None


# ---------------------------------------------------------------------------
# asking
def offer(dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, question: str,
          choices: list[Choice], kind: str, category: Optional[str] = None,
          service_id: Optional[str] = None, senior_question: Optional[str] = None,
          more_hint: str = "") -> list[EventType]:
    """Ask with choices: buttons, and in 长辈模式 a short numbered list ("回复 1、2 或 3").

    The choices are remembered so that a reply with only a number picks one.
    """
    if senior(tracker):
        shown = choices[:SENIOR_MAX_CHOICES]
        lines = [senior_question or question, *(f"{i}. {c.title}" for i, c in enumerate(shown, start=1))]
        digits = [str(i) for i in range(1, len(shown) + 1)]
        numbers = f"{'、'.join(digits[:-1])} 或 {digits[-1]}" if len(digits) > 1 else digits[0]
        lines.append(f"请回复 {numbers}。")
        if len(choices) > len(shown) and more_hint:
            lines.append(f"{more_hint}。")  # its own line: one short sentence each
        buttons = [button(f"{i} {c.title}", c.payload or c.title) for i, c in enumerate(shown, start=1)]
        say(dispatcher, "\n".join(lines), kind, category, service_id, buttons)
    else:
        shown = choices
        text = question if not more_hint else f"{question}{more_hint}。"
        say(dispatcher, text, kind, category, service_id,
            [button(c.title, c.payload or c.title) for c in shown])
    options = [{"title": c.title, "value": c.value, "payload": c.payload} for c in shown]
    return [SlotSet(CHOICES, {"slot": slot, "options": options})]


CONFIRM_CHOICES = [Choice("确认", True, "/affirm"), Choice("修改", "change", "/deny"), Choice("不办了", "stop", "/stop")]
CONTINUE_BUTTONS = ("继续填写", "/affirm"), ("重新开始", None), ("转人工", "/request_human")


def form_slots(domain: DomainDict, form: str) -> list[str]:
    return list((domain.get("forms", {}).get(form) or {}).get("required_slots") or [])


def reset(domain: DomainDict, form: str) -> list[EventType]:
    """Forget everything the form collected, so the next task starts clean."""
    return [SlotSet(slot, None) for slot in form_slots(domain, form)] + [
        SlotSet(FAILURES, 0), SlotSet(CHOICES, None), SlotSet(REQUESTED, None)]


# ---------------------------------------------------------------------------
# the shared validation action
class TransactionForm(FormValidationAction, ABC):
    """Base of ``validate_<form>``: see the module docstring for what it adds."""

    form: ClassVar[str]
    what: ClassVar[str]                     # the task in Chinese, e.g. "预约"
    kind: ClassVar[str] = "transaction"     # chat API meta kind of its messages
    category: ClassVar[Optional[str]] = None
    service_id: ClassVar[Optional[str]] = None
    trigger_intent: ClassVar[str]
    needs_login: ClassVar[bool] = False
    confirm_slot: ClassVar[str]
    free_text_slots: ClassVar[frozenset[str]] = frozenset()
    also_take_over: ClassVar[frozenset[str]] = frozenset()
    #: slot → (standard, 长辈模式) re-prompt when an answer could not be read at all
    hints: ClassVar[dict[str, tuple[str, str]]] = {}
    #: "改<word>" without a new value clears these slots, so the form asks them again
    changes: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()
    #: the closing words when the citizen stops
    stop_text: ClassVar[tuple[str, str]] = ("好的，这次先不办了，您填的内容不会提交。需要时随时找我。",
                                            "好的，先不办了。\n需要时再找我。")

    registry: ClassVar[dict[str, type[TransactionForm]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "form" in cls.__dict__:
            TransactionForm.registry[cls.form] = cls

    def name(self) -> str:
        return f"validate_{self.form}"

    @abstractmethod
    async def check(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    api: Backend, changed: set[str]) -> list[EventType]:
        """Cross-slot checks once the answers are read (availability, consistency); ``changed``
        names the slots this message set, so a bare confirmation costs no backend call."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if not user_just_answered(tracker):  # resuming: nothing new to read, ask what is missing
            return [await self.next_slot(dispatcher, tracker, domain)]
        slots = form_slots(domain, self.form)
        requested = tracker.get_slot(REQUESTED) if tracker.get_slot(REQUESTED) in slots else None
        if self.needs_login and not login_token(tracker):
            need_login(dispatcher, tracker, self.what, self.kind, self.category, self.service_id,
                       f"/{self.trigger_intent}")
            return reset(domain, self.form)
        if self.wants_restart(tracker, requested):
            say(dispatcher, pick(tracker, "好的，我们从头开始。", "好的，从头来。"), self.kind, self.category,
                self.service_id)
            cleared = [SlotSet(s, None) for s in slots] + [SlotSet(FAILURES, 0)]
            tracker.add_slots(cleared)
            return cleared + [await self.next_slot(dispatcher, tracker, domain)]
        intent = intent_of(tracker)
        if requested == self.confirm_slot and chosen(tracker, self.confirm_slot, CONFIRM_CHOICES) == "stop":
            say(dispatcher, pick(tracker, *self.stop_text), self.kind, self.category, self.service_id)
            return reset(domain, self.form)
        if self.takes_over(tracker, requested):
            return []
        if intent in ("repeat", "slower") and requested:  # "再说一遍": the question again, no failure counted
            return [SlotSet(FAILURES, tracker.get_slot(FAILURES) or 0), await self.next_slot(dispatcher, tracker, domain)]

        before = len(dispatcher.messages)
        try:
            events = await self.read(dispatcher, tracker, domain)
        except BackendError as error:
            del dispatcher.messages[before:]
            backend_failed(dispatcher, tracker, error, self.what, self.kind, self.category, self.service_id,
                           f"/{self.trigger_intent}")
            return reset(domain, self.form)
        if any(e.get("event") == "slot" and e["name"] == REQUESTED and e["value"] is None for e in events):
            return events  # a validation or check ended the form (nothing to do, or kept as it was)
        changed = [e for e in events if e.get("event") == "slot" and e["name"] in slots]
        answered = any(e["value"] is not None or e["name"] != requested for e in changed)
        if answered or requested is None:
            return events + [SlotSet(FAILURES, 0), await self.next_slot(dispatcher, tracker, domain)]
        if intent in ASIDES and len(dispatcher.messages) == before:
            return []  # small talk that answered nothing: let the rules reply, the form waits
        return events + await self.failed(dispatcher, tracker, domain, requested, intent, before)

    async def read(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                   domain: DomainDict) -> list[EventType]:
        """Extract and validate every slot the message speaks to, apply "改…", then the cross-slot checks."""
        events = await super().run(dispatcher, tracker, domain)
        cleared = self.clear_changed(tracker, events)
        tracker.add_slots(cleared)
        changed = {e["name"] for e in events + cleared if e.get("event") == "slot"}
        checked = await self.check(dispatcher, tracker, domain, Backend.for_tracker(tracker), changed)
        tracker.add_slots(checked)
        return events + cleared + checked

    async def failed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                     requested: Optional[str], intent: str, before: int) -> list[EventType]:
        """Count an answer that could not be used; the second in a row offers a way out."""
        failures = int(tracker.get_slot(FAILURES) or 0)
        if intent == "affirm" and failures >= 2:  # "继续填写"
            return [SlotSet(FAILURES, 0), await self.next_slot(dispatcher, tracker, domain)]
        failures += 1
        if len(dispatcher.messages) == before:
            standard, elder = self.hints.get(requested or "", ("抱歉，我没听明白。", "没听明白。"))
            say(dispatcher, pick(tracker, standard, elder), self.kind, self.category, self.service_id)
        if failures >= 2:
            message = dispatcher.messages[-1]
            message["text"] += pick(tracker, "\n如果不方便回答，您也可以选择重新开始，或转人工客服。",
                                    "\n也可以说“重新开始”，或说“转人工”。")
            message["buttons"] = [button(title, payload or f"/{self.trigger_intent}")
                                  for title, payload in CONTINUE_BUTTONS]
        return [SlotSet(FAILURES, failures), await self.next_slot(dispatcher, tracker, domain)]

    async def next_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                        domain: DomainDict) -> EventType:
        """The first slot still missing (forms with optional slots override ``required_slots``)."""
        needed = await self.required_slots(form_slots(domain, self.form), dispatcher, tracker, domain)
        return SlotSet(REQUESTED, next((s for s in needed if tracker.get_slot(s) is None), None))

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Optional[EventType]:
        return None  # ``run`` decides, after the cross-slot checks

    # ---- what the citizen's message means for the form ----------------------
    def wants_restart(self, tracker: Tracker, requested: Optional[str]) -> bool:
        text = text_of(tracker)
        if requested is None:
            return False
        if text.startswith(f"/{self.trigger_intent}"):
            return True
        return len(text) <= 10 and bool(_RESTART.match(normalize(text)))

    def takes_over(self, tracker: Tracker, requested: Optional[str]) -> bool:
        """Stop, emergency, a human or the mode win — unless a long free-text answer was misread."""
        intent = intent_of(tracker)
        if intent not in TAKE_OVER | self.also_take_over:
            return False
        long_answer = requested in self.free_text_slots and len(text_of(tracker)) > 8 and not is_payload(tracker)
        return intent == "emergency" or not long_answer

    def clear_changed(self, tracker: Tracker, events: list[EventType]) -> list[EventType]:
        """"改一下日期" names a slot but gives no new value: clear it so the form asks it again."""
        text = normalize(text_of(tracker))
        if not _CHANGE.search(text):
            return []
        newly_set = {e["name"] for e in events if e.get("event") == "slot" and e["value"] is not None}
        for pattern, targets in self.changes:
            if re.search(pattern, text) and not newly_set.intersection(targets):
                return [SlotSet(slot, None) for slot in targets] + [SlotSet(self.confirm_slot, None)]
        return []

    # ---- the confirmation step, the same for every form ----------------------
    def confirmation(self, tracker: Tracker) -> dict[str, Any]:
        if tracker.get_slot(REQUESTED) != self.confirm_slot:
            return {}
        value = chosen(tracker, self.confirm_slot, CONFIRM_CHOICES)
        if value is None:
            text = normalize(text_of(tracker))
            intent = intent_of(tracker)
            if intent == "affirm" or re.fullmatch(r"(确认|确定|提交|没问题|对|好|可以)(提交|预约|取消)?[的了吧。!！]*", text):
                value = True
            elif intent == "deny" or re.fullmatch(r"(要)?(修改|改一下|改|不对)[。]?", text):
                value = "change"
        return {self.confirm_slot: value} if value is not None else {}

    def confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        if value is True:
            return {self.confirm_slot: True}
        if value == "change":
            buttons = [button(f"改{word}", f"改{word}") for word in self.change_words()]
            say(dispatcher, pick(tracker, "好的，您想改哪一项？可以直接告诉我新的内容，比如“日期改成周五”。",
                                 "好的，要改哪一项？\n直接说新的就行。"), self.kind, self.category, self.service_id,
                buttons)
        return {self.confirm_slot: None}

    def change_words(self) -> list[str]:
        """Button words for "改…" at the confirmation step (the first word of each change pattern)."""
        return [pattern.split("|")[0] for pattern, _ in self.changes]

    def problem(self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str, standard: str,
                elder: str) -> dict[str, Any]:
        """Reject one answer with a specific re-prompt (``elder``: the 长辈模式 wording)."""
        say(dispatcher, pick(tracker, standard, elder), self.kind, self.category, self.service_id)
        return {slot: None}


# ---------------------------------------------------------------------------
# asking one slot (action_ask_<slot>)
class AskSlot(Action, ABC):
    """``action_ask_<slot>``: questions built from live data; a backend failure ends the form kindly."""

    slot: ClassVar[str]
    form: ClassVar[str]

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @property
    def spec(self) -> type[TransactionForm]:
        return TransactionForm.registry[self.form]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            return await self.ask(dispatcher, tracker, Backend.for_tracker(tracker))
        except BackendError as error:
            spec = self.spec
            backend_failed(dispatcher, tracker, error, spec.what, spec.kind, spec.category, spec.service_id,
                           f"/{spec.trigger_intent}")
            return reset(domain, self.form)

    @abstractmethod
    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        """Say the question (usually with :func:`offer`) and return its events."""

    def say(self, dispatcher: CollectingDispatcher, text: str,
            buttons: Optional[list[dict[str, str]]] = None) -> None:
        spec = self.spec
        say(dispatcher, text, spec.kind, spec.category, spec.service_id, buttons)

    def offer(self, dispatcher: CollectingDispatcher, tracker: Tracker, question: str, choices: list[Choice],
              senior_question: Optional[str] = None, more_hint: str = "") -> list[EventType]:
        spec = self.spec
        return offer(dispatcher, tracker, self.slot, question, choices, spec.kind, spec.category,
                     spec.service_id, senior_question, more_hint)

    def confirm(self, dispatcher: CollectingDispatcher, tracker: Tracker, summary: str,
                senior_summary: str, confirm_title: str) -> list[EventType]:
        """The summary before submitting, with 确认 / 修改 / 不办了."""
        choices = [Choice(confirm_title, True, "/affirm"), *CONFIRM_CHOICES[1:]]
        return self.offer(dispatcher, tracker, summary, choices, senior_question=senior_summary)


class ActionStopForm(Action):
    """The citizen said 算了 inside a form: end it, keep nothing, say so."""

    def name(self) -> str:
        return "action_stop_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        form = tracker.active_loop_name
        spec = TransactionForm.registry.get(form or "")
        if spec is None:
            say(dispatcher, pick(tracker, "好的。还有什么可以帮您？", "好的。还有别的事吗？"), "chitchat")
            return [ActiveLoop(None), SlotSet(REQUESTED, None)]
        say(dispatcher, pick(tracker, *spec.stop_text), spec.kind, spec.category, spec.service_id)
        return [ActiveLoop(None), *reset(domain, form)]

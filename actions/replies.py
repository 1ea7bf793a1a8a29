"""What every transaction says when it cannot go ahead: not logged in, or the backend failed.

Kept in one place so that a citizen hears the same clear wording and the same
way forward (try again, 12345, a human) from every flow, in both modes.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend, BackendError, login_token
from actions.kb_answer import second_opinion
from actions.latest_message import is_payload, text_of
from actions.messages import button, pick, say, senior

HOTLINE = "12345"


#: 长辈模式 shows at most this many items (choices, list entries) in one message
SENIOR_MAX_ITEMS = 3


def numbered_list(tracker: Tracker, title: tuple[str, str], standard: list[str], elder: list[str]) -> str:
    """A numbered list under ``title`` (standard, 长辈模式); in 长辈模式 only the first three short
    lines, and how many more there are."""
    if not senior(tracker):
        return "\n".join([title[0], *(f"{i}. {line}" for i, line in enumerate(standard, start=1))])
    shown = elder[:SENIOR_MAX_ITEMS]
    lines = [title[1], *(f"{i}. {line}" for i, line in enumerate(shown, start=1))]
    if len(elder) > len(shown):
        lines.append(f"还有 {len(elder) - len(shown)} 条没列出。")
    return "\n".join(lines)


def need_login(dispatcher: CollectingDispatcher, tracker: Tracker, what: str, kind: str,
               category: Optional[str] = None, service_id: Optional[str] = None,
               retry_payload: Optional[str] = None) -> None:
    """``what`` needs the citizen's identity: explain the demo login picker."""
    text = pick(tracker,
                f"{what}需要先登录。请点击页面上的“以演示身份登录”，选择一位演示市民登录后，再跟我说一次就可以了。",
                f"{what}要先登录。\n请点页面上的“以演示身份登录”，登录后再跟我说。")
    buttons = [button("我已登录，再试一次", retry_payload)] if retry_payload else []
    say(dispatcher, text, kind, category, service_id, buttons)


def backend_failed(dispatcher: CollectingDispatcher, tracker: Tracker, error: BackendError, what: str,
                   kind: str, category: Optional[str] = None, service_id: Optional[str] = None,
                   retry_payload: Optional[str] = None) -> None:
    """Tell the citizen in Chinese what happened and what they can do now."""
    buttons = []
    if error.temporary:
        text = pick(tracker,
                    f"抱歉，系统暂时没有响应，{what}这次没能完成。您可以稍后再试，"
                    f"或拨打{HOTLINE}政务服务便民热线（7×24小时）。",
                    f"系统现在有点忙，{what}没办成。\n请过一会儿再试，或打 {HOTLINE}。")
        if retry_payload:
            buttons.append(button("再试一次", retry_payload))
        buttons.append(button("转人工", "/request_human"))
    elif error.kind == "login":
        text = pick(tracker,
                    "您的登录已过期。请点击页面上的“以演示身份登录”重新登录，然后再试一次。",
                    "登录过期了。\n请点“以演示身份登录”重新登录，再试一次。")
    else:
        text = refused(tracker, error, what)
    say(dispatcher, text, kind, category, service_id, buttons)


#: 长辈模式 wording for what the backend decided, by its error code: the backend's own Chinese
#: is written for the standard screen (dates in ISO form, hall lists, "无需重复预约"), so seniors
#: get these fixed short sentences, each ending with one thing to do next
SENIOR_REFUSALS: dict[str, str] = {
    "slot_full": "这个时间已经约满了。\n请换一个时间。",
    "slot_passed": "这个时间已经过了。\n请换一个时间。",
    "invalid_slot": "没有这个时间。\n请换一个时间。",
    "replayed": "这个时间您约过又取消了几次。\n请换一个时间。",
    "hall_closed": "那天大厅不开门。\n请换一天。",
    "date_out_of_window": "只能约两周以内的日子。\n请换一天。",
    "service_not_offered": "这个大厅不办这项业务。\n请换一个大厅。",
    "unknown_service": "这项业务约不了。\n可以打 12345 问问。",
    "unknown_hall": "没有这个大厅。\n请换一个大厅。",
    "duplicate_appointment": "那天您已经约过这项业务了，不用再约。\n说“我的预约”就能看到。",
    "appointment_not_found": "没查到这个预约。\n说“我的预约”可以看看。",
    "appointment_passed": "预约时间已经到了，不能取消了。\n有事请打 12345。",
    "no_housing_fund_account": "没查到您的公积金账户。\n可以打 12345 问问。",
    "conflict": "刚才的提交还在处理。\n请过一会儿再试。",
}

#: error codes whose backend message is about the request itself (keys, JSON), not for citizens
_TECHNICAL_CODES = frozenset({"invalid_json", "invalid_idempotency_key", "idempotency_key_reused", "invalid_clock"})


def refused(tracker: Tracker, error: BackendError, what: str, standard: Optional[str] = None) -> str:
    """What the citizen hears when the backend decided against the request: its own explanation in
    standard mode (``standard`` when it sent none), a fixed short sentence by error code in 长辈模式."""
    if error.message and error.code not in _TECHNICAL_CODES:
        standard = error.message
    return pick(tracker, standard or f"{what}没有办成，请核对后再试，或拨打{HOTLINE}咨询。",
                SENIOR_REFUSALS.get(error.code or "", f"{what}没办成。\n可以打 {HOTLINE} 问问。"))


class CitizenLookup(Action, ABC):
    """A read-only look-up for the citizen: login check and Chinese error handling in one place."""

    what: ClassVar[str]                 # the subject in Chinese, e.g. "社保记录查询"
    kind: ClassVar[str] = "transaction"
    category: ClassVar[Optional[str]] = None
    service_id: ClassVar[Optional[str]] = None
    retry: ClassVar[str]                # payload that asks again, e.g. "/query_social_insurance"
    needs_login: ClassVar[bool] = True
    topic: ClassVar[re.Pattern[str]]    # words a request for this look-up names (社保, 违章 …)

    def meant(self, tracker: Tracker) -> bool:
        """A button, an entity (a number, a plate) or the look-up's subject in the words."""
        return (is_payload(tracker) or bool(tracker.latest_message.get("entities"))
                or bool(self.topic.search(text_of(tracker))))

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: dict[str, Any]) -> list[dict[str, Any]]:
        if not self.meant(tracker):  # "如何办理文物出境审核手续" is no request for my 办件 list
            events = second_opinion(dispatcher, tracker, offer_tickets=False)
            if events is not None:
                return events
        if self.needs_login and not login_token(tracker):
            need_login(dispatcher, tracker, self.what, self.kind, self.category, self.service_id, self.retry)
            return []
        try:
            await self.answer(dispatcher, tracker, Backend.for_tracker(tracker))
        except BackendError as error:
            backend_failed(dispatcher, tracker, error, self.what, self.kind, self.category, self.service_id,
                           self.retry)
        return []

    @abstractmethod
    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        """Fetch and say the answer; raise BackendError for anything the citizen should hear about."""

    def say(self, dispatcher: CollectingDispatcher, tracker: Tracker, standard: str, elder: str,
            buttons: Optional[list[dict[str, str]]] = None) -> None:
        say(dispatcher, pick(tracker, standard, elder), self.kind, self.category, self.service_id, buttons)

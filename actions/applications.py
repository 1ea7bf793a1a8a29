"""Application (办件) progress: by number (SB + 14 digits, no login needed) or the citizen's own list."""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend, BackendError, login_token
from actions.dates import describe_time
from actions.latest_message import entity, text_of
from actions.messages import button
from actions.replies import CitizenLookup, numbered_list

_APPLICATION_NO = re.compile(r"(?<![A-Za-z])[Ss][Bb]\d{14}(?!\d)")
_MARK = {"done": "✓", "current": "→", "pending": "○"}
_AGAIN = "过几天再问我进度就行。"
#: 长辈模式 by the backend's status code: (in a list, in a sentence, what to do next), instead of
#: its status names (待补正, 不予受理) and notes (补正后重新计算办理时限)
SENIOR_STATUS: dict[str, tuple[str, str, str]] = {
    "submitted": ("等受理", "已经交上去了，还在等受理。", _AGAIN),
    "accepted": ("在办理", "已经收下了，正在办。", _AGAIN),
    "reviewing": ("在审核", "正在审核。", _AGAIN),
    "needs_supplement": ("要补材料", "还缺材料，要补交。", "请在 i深圳“我的办件”里补交。"),
    "producing": ("在做证", "证件正在制作。", _AGAIN),
    "delivering": ("已寄出", "证件已经寄出了。", "请留意快递，记得签收。"),
    "completed": ("办好了", "已经办好了。", "有问题可以打 12345。"),
    "rejected": ("没通过", "没有通过。", "想知道原因，请打 12345。"),
}


def senior_status(item: dict[str, Any]) -> tuple[str, str, str]:
    return SENIOR_STATUS.get(item["status"], (item["status_name"], f"现在：{item['status_name']}。", _AGAIN))


def application_number(tracker: Tracker) -> Optional[str]:
    match = _APPLICATION_NO.search(entity(tracker, "application_no") or text_of(tracker))
    return match[0].upper() if match else None


class ActionQueryApplication(CitizenLookup):
    what = "办件进度查询"
    category, service_id = "app_usage", "application_progress_query"
    retry = "/query_application"
    topic = re.compile(r"办件|进度|到哪|审批|受理|结果|状态|办好|办到|[Ss][Bb]\d")
    needs_login = False  # the number alone shows progress, like the provincial portal

    def name(self) -> str:
        return "action_query_application"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        number = application_number(tracker)
        if number:
            try:
                self.show(dispatcher, tracker, await api.get(f"/applications/{number}"))
            except BackendError as error:
                if error.kind not in ("not_found", "rejected"):
                    raise
                self.say(dispatcher, tracker, f"没有查到办件 {number}，请核对编号（SB 加 14 位数字）后再试。",
                         "没查到这个办件。\n请核对编号。")
        elif login_token(tracker):
            self.list_mine(dispatcher, tracker, (await api.get("/applications"))["applications"])
        else:
            self.say(dispatcher, tracker, "请告诉我办件编号（SB 开头，后面 14 位数字），我帮您查进度；"
                     "登录后也可以直接查看“我的办件”。", "请说一下办件编号。\nSB 开头的那个。")

    def show(self, dispatcher: CollectingDispatcher, tracker: Tracker, item: dict[str, Any]) -> None:
        now = f"，正在“{item['current_step']}”环节" if item.get("current_step") else ""
        steps = "\n".join(
            f"{_MARK.get(s['state'], '·')} {s['name']}" + (f"（{describe_time(s['at'])}）" if s.get("at") else "")
            + (f"：{s['note']}" if s.get("note") else "") for s in item["steps"])
        note = f"\n备注：{item['note']}" if item.get("note") else ""
        self.say(dispatcher, tracker,
                 f"办件 {item['number']}：{item['service_name']}\n当前状态：{item['status_name']}{now}\n"
                 f"办理部门：{item['department']}\n办理进度：\n{steps}{note}",
                 "\n".join([item["service_name"], *senior_status(item)[1:]]))

    def list_mine(self, dispatcher: CollectingDispatcher, tracker: Tracker, items: list[dict[str, Any]]) -> None:
        if not items:
            self.say(dispatcher, tracker, "您目前没有办件记录。", "您现在没有办件。")
            return
        lines = [f"{a['number']} {a['service_name']}：{a['status_name']}"
                 + (f"（{a['current_step']}）" if a.get("current_step") else "") for a in items]
        text = numbered_list(tracker, ("您的办件：", "您的办件："), lines,
                             [f"{a['service_name']}：{senior_status(a)[0]}" for a in items])
        self.say(dispatcher, tracker, text, text,
                 [button(f"查看{a['number']}", f'/query_application{{"application_no": "{a["number"]}"}}')
                  for a in items[:3]])

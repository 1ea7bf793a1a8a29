"""The logged-in citizen's social-insurance record (参保状态, months paid, arrears, pension)."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend
from actions.dates import spoken_month
from actions.messages import button
from actions.replies import CitizenLookup


class ActionQuerySocialInsurance(CitizenLookup):
    what = "社保记录查询"
    category, service_id = "social_insurance", "social_insurance_record_query"
    retry = "/query_social_insurance"
    topic = re.compile(r"社保|社会保险|養老|养老|医保|医疗保险|缴费|繳費|参保|五险|失业保险|工伤保险")

    def name(self) -> str:
        return "action_query_social_insurance"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        summary = await api.get("/social-insurance/summary")
        types = summary.get("types") or []
        lines = [f"{t['insurance_name']}：累计缴费 {t['months_paid']} 个月，连续 {t['continuous_months']} 个月，"
                 f"最近缴至 {t['latest_month']}" for t in types]
        pension = summary.get("pension")
        if pension:
            lines.append(f"养老金：每月 {pension['monthly_amount']:.2f} 元（{pension['retired_on']} 起领取）")
        arrears = summary.get("arrears_months") or []
        tail = f"\n{summary['message']}" if arrears else ""
        employer = f"\n参保单位：{summary['current_employer']}" if summary.get("current_employer") else ""
        self.say(dispatcher, tracker,
                 f"您的社保参保状态：{summary['status']}{employer}\n" + "\n".join(lines) + tail,
                 "\n".join(senior_lines(summary)),
                 [button("社保卡怎么补办", "社保卡丢了怎么补办")] if not arrears else [button("转人工", "/request_human")])


def senior_lines(summary: dict[str, Any]) -> list[str]:
    """长辈模式: at most three lines: the state (with the pension when retired), the months of
    pension insurance paid, and any arrears with what to do about them."""
    pension = summary.get("pension")
    arrears = summary.get("arrears_months") or []
    if pension:
        lines = [f"您已退休，养老金每月 {pension['monthly_amount']:.2f} 元。"]
    elif arrears:
        lines = ["您的社保有欠费。"]
    else:
        lines = [f"您的社保：{summary['status']}。"]
    paid = next((t for t in summary.get("types") or [] if t["insurance_type"] == "pension"), None)
    if paid and paid.get("latest_month"):
        lines.append(f"养老保险交了 {paid['months_paid']} 个月，最近交到 {spoken_month(paid['latest_month'])}。")
    if len(arrears) > 2:
        lines.append(f"有 {len(arrears)} 个月没交。请找单位补缴。")
    elif arrears:
        lines.append(f"{'、'.join(map(spoken_month, arrears))}没交。请找单位补缴。")
    return lines

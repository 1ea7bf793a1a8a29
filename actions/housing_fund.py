"""The logged-in citizen's housing fund: balance, and whether rent can be paid from it (租房提取)."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend, BackendError
from actions.latest_message import text_of
from actions.messages import button
from actions.replies import CitizenLookup, refused

_RENT = re.compile(r"租|提取|提公积金|能不能提|可以提|能提|提多少")
RENT_QUESTION = "我能不能提公积金交房租"


class ActionQueryHousingFund(CitizenLookup):
    what = "公积金查询"
    category, service_id = "housing_fund", "housing_fund_account_query"
    retry = "/query_housing_fund"
    topic = re.compile(r"公积金|公積金|gjj")

    def name(self) -> str:
        return "action_query_housing_fund"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        try:
            account = await api.get("/housing-fund/account")
        except BackendError as error:
            if error.kind != "not_found":
                raise
            text = refused(tracker, error, self.what, "没有查到您的住房公积金账户。")
            self.say(dispatcher, tracker, text, text)
            return
        self.say(dispatcher, tracker,
                 f"您的公积金账户 {account['masked_account_no']}（{account['status_name']}）\n"
                 f"余额：{account['balance']:,.2f} 元\n月缴存额：{account['monthly_deposit']:,.2f} 元"
                 f"（个人 {account['personal_rate_pct']}% + 单位 {account['employer_rate_pct']}%）\n"
                 f"已缴存 {account['deposited_months']} 个月，最近缴至 {account['last_deposit_month']}",
                 f"公积金余额：{account['balance']:,.2f} 元\n账户状态：{account['status_name']}",
                 [] if _RENT.search(text_of(tracker)) else [button("能不能提取交房租", RENT_QUESTION)])
        if _RENT.search(text_of(tracker)):
            await self.rental(dispatcher, tracker, api)

    async def rental(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        result = await api.get("/housing-fund/rental-withdrawal/eligibility")
        checks = "\n".join(f"{'✓' if c['passed'] else '✗'} {c['name']}：{c['detail']}" for c in result["checks"])
        self.say(dispatcher, tracker, f"租房提取资格：\n{checks}\n{result['message']}", senior_rental(result))


#: 长辈模式: why rent cannot be paid from the fund, by the backend's check code
_NOT_ELIGIBLE_BECAUSE = {
    "no_home_in_shenzhen": "因为您在深圳有自己的房子。",
    "account_normal": "因为您的公积金账户现在停缴了。",
}


def senior_rental(result: dict[str, Any]) -> str:
    """The eligibility in three short lines: can or cannot, the amount or the first reason, what to do."""
    if result["eligible"]:
        return (f"可以提公积金交房租。\n每月最多提 {result['max_monthly_amount']:.2f} 元。\n"
                "在 i深圳 搜“公积金租房提取”就能申请。")
    failed = next((c for c in result["checks"] if not c["passed"]), {"code": "", "name": ""})
    if failed["code"] in _NOT_ELIGIBLE_BECAUSE:
        return f"现在还不能提公积金交房租，\n{_NOT_ELIGIBLE_BECAUSE[failed['code']]}\n有疑问请打 12345。"
    months = re.search(r"\d+", failed["name"]) if failed["code"] == "deposit_months" else None
    if months:  # "连续足额缴存满 3 个月"
        return f"现在还不能提公积金交房租，\n因为公积金交的时间还不够。\n连续交满 {months[0]} 个月后再来问我。"
    return "现在还不能提公积金交房租。\n具体原因请打 12345 问问。"

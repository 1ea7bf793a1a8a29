"""The logged-in citizen's housing fund: balance, and whether rent can be paid from it (租房提取)."""
from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend, BackendError
from actions.forms import text_of
from actions.messages import button
from actions.replies import CitizenLookup

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
            self.say(dispatcher, tracker, error.message or "没有查到您的住房公积金账户。", "没查到您的公积金账户。")
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
        self.say(dispatcher, tracker, f"租房提取资格：\n{checks}\n{result['message']}", result["message"])

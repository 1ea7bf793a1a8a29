"""Transactions whose backend conversations are not built yet (issue 5).

Says so honestly, with the real way to get it done today, instead of pretending.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import say

# intent -> (category, what to tell the citizen)
ROUTES: dict[str, tuple[str, str]] = {
    "book_appointment": ("app_usage", "在线预约功能正在接入中。您现在可以登录i深圳，搜索“预约取号”预约政务服务大厅，或拨打12345咨询。"),
    "cancel_appointment": ("app_usage", "取消预约功能正在接入中。您可以在i深圳“我的预约”里取消，或拨打12345咨询。"),
    "list_appointments": ("app_usage", "查询预约功能正在接入中。您可以在i深圳“我的预约”里查看。"),
    "file_request": ("citizen_requests", "您反映的问题可以通过12345热线或i深圳“@深圳-民意速办”提交，会有专人分拨处理。在线提交功能正在接入中。"),
    "query_request": ("citizen_requests", "诉求进度查询正在接入中。您可以在“@深圳-民意速办”查看进度，或拨打12345查询。"),
    "query_application": ("app_usage", "办件进度查询正在接入中。您可以登录i深圳，在“我的办件”里查看进度。"),
    "query_social_insurance": ("social_insurance", "社保记录查询正在接入中。您可以登录i深圳搜索“社保缴费记录”，或拨打12333。"),
    "query_housing_fund": ("housing_fund", "公积金查询正在接入中。您可以登录i深圳搜索“公积金”，或拨打0755-12329。"),
    "query_traffic_violation": ("traffic_police", "交通违法查询正在接入中。您可以使用“交管12123”App查询，或拨打122。"),
}


class ActionNotAvailableYet(Action):
    def name(self) -> str:
        return "action_not_available_yet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name", "")
        category, text = ROUTES.get(intent, ("app_usage", "这项功能正在接入中，您可以拨打12345咨询。"))
        kind = "citizen_request" if category == "citizen_requests" else "transaction"
        say(dispatcher, text, kind, category)
        return []

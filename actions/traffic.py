"""Traffic violations of the logged-in citizen's own vehicles (one plate, or all of them)."""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.backend import Backend, BackendError
from actions.dates import describe_time
from actions.latest_message import entity, text_of
from actions.messages import button
from actions.replies import CitizenLookup

_PLATE = re.compile(r"粤[A-Za-z]·?[A-Za-z0-9]{5,6}(?![A-Za-z0-9])")


def plate_in(tracker: Tracker) -> Optional[str]:
    match = _PLATE.search(entity(tracker, "plate") or text_of(tracker))
    return match[0].upper() if match else None


class ActionQueryTraffic(CitizenLookup):
    what = "交通违法查询"
    category, service_id = "traffic_police", "traffic_violation_handling"
    retry = "/query_traffic_violation"
    topic = re.compile(r"违章|違章|违法|違法|罚单|罰單|罚款|扣分|记分|违停|电子眼|超速|闯红灯|车牌|車牌|粤[A-Za-z]")

    def name(self) -> str:
        return "action_query_traffic"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> None:
        plate = plate_in(tracker)
        try:
            result = await api.get("/traffic/violations", {"plate": plate} if plate else None)
        except BackendError as error:
            if error.kind not in ("not_found", "rejected"):
                raise
            await self.wrong_plate(dispatcher, tracker, api, error)
            return
        self.show(dispatcher, tracker, plate, result)

    def show(self, dispatcher: CollectingDispatcher, tracker: Tracker, plate: Optional[str],
             result: dict[str, Any]) -> None:
        whose = f"车辆 {plate}" if plate else "您名下的车辆"
        open_ones = [v for v in result["violations"] if not v["handled"]]
        if not open_ones:
            self.say(dispatcher, tracker, f"{whose}没有未处理的交通违法记录。", "没有未处理的违章。")
            return
        lines = "\n".join(f"· {v['display_plate']} {describe_time(v['occurred_at'])} {v['location']}：{v['behaviour']}，"
                          f"罚款 {v['fine']} 元，记 {v['points']} 分" for v in open_ones)
        self.say(dispatcher, tracker,
                 f"{whose}有 {result['unhandled_count']} 条未处理的交通违法，共罚款 {result['unhandled_fine']} 元、"
                 f"记 {result['unhandled_points']} 分：\n{lines}\n可以在“交管12123”App 处理，或到交警窗口办理。",
                 f"有 {result['unhandled_count']} 条违章没处理，\n罚款 {result['unhandled_fine']} 元。\n"
                 "可以用“交管12123”处理。")

    async def wrong_plate(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend,
                          error: BackendError) -> None:
        """Not one of the citizen's plates (or not a plate): offer the plates they do have."""
        vehicles = (await api.get("/vehicles"))["vehicles"]
        elder = "没查到这个车牌。\n请点下面您的车牌。" if vehicles else "没查到这个车牌。\n请核对后再说一次。"
        self.say(dispatcher, tracker, error.message or "车牌号格式不正确，例如 粤B12345 或 粤B·D12345。", elder,
                 [button(v["display_plate"], f'/query_traffic_violation{{"plate": "{v["plate"]}"}}')
                  for v in vehicles[:3]])

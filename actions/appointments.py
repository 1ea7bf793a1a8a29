"""Service-hall appointments (预约取号): book, list and cancel, against the backend's halls and slots.

Booking is ``appointment_form`` (service → district → hall → date → time slot →
confirm); dates and slots are offered from the hall's real availability and
re-checked whenever the citizen changes one of them.  Cancelling is
``cancel_appointment_form`` (which appointment → confirm).  Both need the demo
login.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend import Backend, BackendError, idempotency_key, login_token
from actions.dates import (
    AFTERNOON,
    MORNING,
    SLOTS,
    describe_day,
    in_half_day,
    month_day,
    parse_date,
    parse_time,
    short_slot,
    spoken_slot,
    today,
)
from actions.forms import (
    REQUESTED,
    AskSlot,
    Choice,
    TransactionForm,
    chosen,
    reset,
)
from actions.latest_message import entity, text_of
from actions.messages import button, pick, say, senior
from actions.replies import SENIOR_MAX_ITEMS, backend_failed, need_login, numbered_list
from zhtext import normalize

FORM = "appointment_form"
CANCEL_FORM = "cancel_appointment_form"
KIND, CATEGORY, SERVICE_ID = "transaction", "app_usage", "appointment_booking"
WINDOW_DAYS = 14
DISTRICTS = ("福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区",
             "深汕特别合作区")
_DISTRICT_ALIASES = {"深汕": "深汕特别合作区", "深汕合作区": "深汕特别合作区", "大鹏": "大鹏新区"}
CITY_HALL_WORDS = ("市民中心", "市政务大厅", "市行政服务大厅")
_APPOINTMENT_NO = re.compile(r"(?<![A-Za-z])[Yy]{2}\d{10}(?!\d)")

# the backend's bookable services: how citizens name them, and a short title for buttons
SERVICE_WORDS: tuple[tuple[str, str, str], ...] = (
    ("hk_macau_permit", "港澳通行证", r"港澳|通行证|签注"),
    ("passport", "护照", r"护照"),
    ("residence_permit", "居住证", r"居住证"),
    ("id_card", "身份证", r"身份证"),
    ("social_security_card", "社保卡", r"社保卡|社会保障卡"),
    ("housing_fund", "公积金业务", r"公积金"),
    ("driver_licence", "驾驶证业务", r"驾驶证|驾照|驾驶执照"),
    ("business_registration", "企业登记", r"营业执照|开公司|办公司|企业|公司注册|个体户|工商"),
    ("marriage_registration", "婚姻登记", r"结婚|离婚|婚姻"),
)
SHORT_NAME = {code: title for code, title, _ in SERVICE_WORDS}
#: knowledge-base service ids (slot service_id) that name a bookable service
KB_SERVICES = {
    "hk_macao_permit": "hk_macau_permit", "hk_macao_endorsement": "hk_macau_permit",
    "hk_multiple_entry_endorsement": "hk_macau_permit", "ordinary_passport": "passport",
    "residence_permit": "residence_permit", "residence_registration": "residence_permit",
    "id_card_renewal_replacement": "id_card", "social_security_card_apply": "social_security_card",
    "social_security_card_loss_replacement": "social_security_card", "housing_fund_account_query": "housing_fund",
    "driving_licence_renewal": "driver_licence", "driving_licence_replacement": "driver_licence",
    "company_establishment": "business_registration", "company_change_registration": "business_registration",
    "individual_business_registration": "business_registration", "marriage_registration": "marriage_registration",
    "divorce_registration": "marriage_registration",
}


def service_in(text: str) -> Optional[str]:
    value = normalize(text)
    if value in SHORT_NAME:
        return value
    return next((code for code, _, words in SERVICE_WORDS if re.search(words, value)), None)


def district_in(text: str) -> Optional[str]:
    value = normalize(text)
    for district in DISTRICTS:
        if district in value:
            return district
    for alias, district in _DISTRICT_ALIASES.items():
        if alias in value:
            return district
    return next((d for d in DISTRICTS if d[:2] in value), None)


def appointment_line(item: dict[str, Any]) -> str:
    return (f"{month_day(date.fromisoformat(item['date']))}（{item['weekday']}）{short_slot(item['slot'])}，{item['hall']['name']}，"
            f"办理{item['service']['name']}（预约号 {item['number']}）")


def appointment_short(item: dict[str, Any]) -> str:
    """长辈模式: when and where, without the number."""
    return f"{month_day(date.fromisoformat(item['date']))} {short_slot(item['slot'])}，{item['hall']['name']}"


#: 长辈模式: the backend's words for materials, said the way a senior says them
_PLAIN_MATERIALS = (("居民身份证", "身份证"), ("非深户还需", "不是深圳户口的，还要带"), ("及", "、"))


def plain_materials(materials: str) -> list[str]:
    """The backend's materials in plain words: what everyone brings, then each condition as its own
    sentence ("居民身份证；非深户还需深圳居住证" → ["身份证", "不是深圳户口的，还要带深圳居住证"])."""
    for word, plain in _PLAIN_MATERIALS:
        materials = materials.replace(word, plain)
    return [part.strip() for part in re.split(r"[；;]", materials) if part.strip()]


def senior_when(item: dict[str, Any]) -> str:
    """长辈模式: ``明天 11月27日（周五）上午9点到10点``."""
    return f"{describe_day(date.fromisoformat(item['date']))}{spoken_slot(item['slot'])}"


def senior_booked(item: dict[str, Any]) -> tuple[str, bool]:
    """长辈模式 confirmation in three lines (what and when, where, what to bring), and whether the
    materials are left to the "要带什么" button: one thing to bring is said, a list is not."""
    what = SHORT_NAME.get(item["service"]["code"], item["service"]["name"])
    materials = plain_materials(item["materials"])
    one_thing = len(materials) == 1 and "、" not in materials[0]
    bring = f"记得带{materials[0]}。" if one_thing else "要带的材料，点下面的“要带什么”我告诉您。"
    return f"约好了！{senior_when(item)}，办{what}。\n地点：{item['hall']['name']}。\n{bring}", not one_thing


def senior_materials(item: dict[str, Any]) -> str:
    """长辈模式: what to bring for one appointment, each condition on its own line, and when to go."""
    what = SHORT_NAME.get(item["service"]["code"], item["service"]["name"])
    everyone, *conditions = plain_materials(item["materials"])
    things = everyone.split("、")
    groups = ["、".join(things[i:i + SENIOR_MAX_ITEMS]) for i in range(0, len(things), SENIOR_MAX_ITEMS)]
    first, *more = groups  # at most three things a line: a long list reads as short lines
    return "\n".join([f"办{what}要带：{first}{'，' if more else '。'}", *(f"还有{g}。" for g in more),
                      *(f"{c}。" for c in conditions),
                      f"{month_day(date.fromisoformat(item['date']))}带上，去{item['hall']['name']}。"])


# ---- backend look-ups -------------------------------------------------------
async def services(api: Backend) -> dict[str, dict[str, Any]]:
    return {s["code"]: s for s in (await api.reference("/services"))["services"]}


async def halls(api: Backend) -> list[dict[str, Any]]:
    return list((await api.reference("/halls"))["halls"])


async def hall(api: Backend, hall_id: str) -> dict[str, Any]:
    return next(h for h in await halls(api) if h["id"] == hall_id)


async def halls_for(api: Backend, service: str, district: Optional[str] = None) -> list[dict[str, Any]]:
    return [h for h in await halls(api) if any(s["code"] == service for s in h["services"])
            and (district is None or h["district"] == district)]


async def slot_day(api: Backend, hall_id: str, day: str) -> dict[str, Any]:
    return (await api.get(f"/halls/{hall_id}/slots", {"date": day}))["days"][0]


def free(day: dict[str, Any]) -> list[str]:
    return [s["slot"] for s in day["slots"] if s["available"]]


# ---- the booking form ---------------------------------------------------------
class ValidateAppointmentForm(TransactionForm):
    form = FORM
    what = "预约"
    kind, category, service_id = KIND, CATEGORY, SERVICE_ID
    trigger_intent = "book_appointment"
    needs_login = True
    confirm_slot = "appointment_confirm"
    also_take_over = frozenset({"cancel_appointment"})
    hints = {
        "appointment_service": ("请告诉我要办理的业务，比如“居住证”“港澳通行证”，也可以点下面的按钮。",
                                "要办什么业务？\n说“居住证”这样的就行。"),
        "appointment_district": ("请告诉我想去哪个区办理，比如“南山区”“福田区”。", "想去哪个区办？\n说区名就行，比如“南山”。"),
        "appointment_hall": ("请从下面的大厅里选一个，回复序号或大厅名称都可以。", "请回复大厅前面的数字。"),
        "appointment_date": ("这个日期我没看明白，请说“明天”“周五”或“11月28日”这样的日期。", "没听清是哪天。\n请说“明天”或“周五”。"),
        "appointment_slot": ("请选一个时段，比如“上午9点”“下午3点”，或点下面的按钮。", "请说几点，比如“上午9点”。"),
        "appointment_confirm": ("请回复“确认”提交预约，或告诉我要修改的内容；不办了请说“算了”。",
                                "请回复 1 确认，2 修改，3 不办了。"),
    }
    changes = (
        (r"业务|事项|办什么", ("appointment_service",)),
        (r"地点|地方|大厅|区", ("appointment_district", "appointment_hall")),
        (r"日期|哪天|日子|号", ("appointment_date",)),
        (r"时间|时段|几点|点钟", ("appointment_slot",)),
    )
    stop_text = ("好的，这次先不预约了，您选的内容不会提交。需要时说“预约”就可以重新开始。",
                 "好的，先不约了。\n要约的时候再跟我说。")

    def _may_change(self, tracker: Tracker, slot: str) -> bool:
        """Words such as 身份证 in a later answer ("带身份证去") must not change the service."""
        requested = tracker.get_slot(REQUESTED)
        return requested in (None, slot) or bool(re.search(r"改|换", text_of(tracker)))

    # service
    async def extract_appointment_service(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "appointment_service")
        if value is None and self._may_change(tracker, "appointment_service"):
            named = entity(tracker, "service")
            value = (service_in(named) if named else None) or service_in(text_of(tracker))
        if value is None and tracker.get_slot(REQUESTED) is None:
            value = KB_SERVICES.get(tracker.get_slot("service_id") or "")
        return {"appointment_service": value} if value and value != tracker.get_slot("appointment_service") else {}

    async def validate_appointment_service(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: DomainDict) -> dict[str, Any]:
        if value not in await services(Backend.for_tracker(tracker)):
            names = "、".join(SHORT_NAME.values())
            return self.problem(dispatcher, tracker, "appointment_service",
                                f"这项业务暂时不能在线预约。可以预约的有：{names}。",
                                "这个业务约不了。\n可以约居住证、身份证、社保卡这些。")
        return {"appointment_service": value}

    # district and hall
    async def extract_appointment_district(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: DomainDict) -> dict[str, Any]:
        text = text_of(tracker)
        if any(word in text for word in CITY_HALL_WORDS):
            return {"appointment_district": "福田区", "appointment_hall": "city"}
        value = chosen(tracker, "appointment_district") or entity(tracker, "district")
        if value is None and tracker.get_slot(REQUESTED) == "appointment_district":
            value = district_in(text)
        return {"appointment_district": value} if value and value != tracker.get_slot("appointment_district") else {}

    async def validate_appointment_district(self, value: Any, dispatcher: CollectingDispatcher,
                                            tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        district = district_in(str(value))
        if district is None:
            return self.problem(dispatcher, tracker, "appointment_district",
                                f"深圳没有“{value}”这个区。请说福田区、罗湖区、南山区、宝安区、龙岗区这样的区名。",
                                "没有这个区。\n请说“南山”“福田”这样的区名。")
        return {"appointment_district": district}

    async def extract_appointment_hall(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "appointment_hall")
        if value is None and tracker.get_slot(REQUESTED) == "appointment_hall":
            text = normalize(text_of(tracker))
            value = next((h["id"] for h in await halls(Backend.for_tracker(tracker))
                          if h["name"] in text or (h["id"] == "city" and "市民中心" in text)), None)
        return {"appointment_hall": value} if value and value != tracker.get_slot("appointment_hall") else {}

    async def validate_appointment_hall(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        known = {h["id"] for h in await halls(Backend.for_tracker(tracker))}
        if value not in known:
            return self.problem(dispatcher, tracker, "appointment_hall", "没有找到这个大厅，请从列出的大厅里选一个。",
                                "没找到这个大厅。\n请回复数字。")
        return {"appointment_hall": value}

    # date and time
    async def extract_appointment_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "appointment_date")
        if value is None:
            named = entity(tracker, "date")
            if named is None and tracker.get_slot(REQUESTED) in ("appointment_date", "appointment_confirm"):
                named = text_of(tracker)
            day = parse_date(named) if named else None
            value = day.isoformat() if day else None
        return {"appointment_date": value} if value and value != tracker.get_slot("appointment_date") else {}

    async def validate_appointment_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return self.problem(dispatcher, tracker, "appointment_date", *self.hints["appointment_date"])
        first = today()
        if day < first:
            return self.problem(dispatcher, tracker, "appointment_date",
                                f"{month_day(day)}已经过去了，请选今天以后的日期。", "这天已经过去了。\n请换一天。")
        if day > first + timedelta(days=WINDOW_DAYS):
            return self.problem(dispatcher, tracker, "appointment_date",
                                f"只能预约今天起{WINDOW_DAYS}天以内的日期，请换一天。", "只能约两周以内的日子。\n请换一天。")
        return {"appointment_date": day.isoformat()}

    async def extract_appointment_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "appointment_slot")
        if value is None:
            named = entity(tracker, "time")
            value = parse_time(named) if named else None
            if value is None and tracker.get_slot(REQUESTED) in ("appointment_slot", "appointment_confirm"):
                value = parse_time(text_of(tracker))
            if value is None and named and tracker.get_slot(REQUESTED) == "appointment_slot":
                value = named  # said a time the halls do not keep: explained by the validation
        return {"appointment_slot": value} if value and value != tracker.get_slot("appointment_slot") else {}

    async def validate_appointment_slot(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        if value in SLOTS or value in (MORNING, AFTERNOON):
            return {"appointment_slot": value}
        return self.problem(dispatcher, tracker, "appointment_slot",
                            f"“{value}”不在办公时间内。大厅上午 9:00–12:00、下午 14:00–18:00 办理，请换个时间。",
                            "这个时间不办公。\n上午9点到12点，下午2点到6点。")

    # confirmation
    async def extract_appointment_confirm(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        return self.confirmation(tracker)

    async def validate_appointment_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: DomainDict) -> dict[str, Any]:
        return self.confirmed(value, dispatcher, tracker)

    # cross-slot checks against the backend
    async def check(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    api: Backend, changed: set[str]) -> list[EventType]:
        if not changed & {"appointment_service", "appointment_district", "appointment_hall", "appointment_date",
                          "appointment_slot"}:
            return []
        service, district = tracker.get_slot("appointment_service"), tracker.get_slot("appointment_district")
        hall_id = tracker.get_slot("appointment_hall")
        events: list[EventType] = []
        if service and district:
            here = await halls_for(api, service, district)
            if hall_id and hall_id not in {h["id"] for h in here}:
                hall_id = None
                events.append(SlotSet("appointment_hall", None))
            if not here:
                elsewhere = "、".join(dict.fromkeys(h["district"] for h in await halls_for(api, service)))
                name = SHORT_NAME.get(service, service)
                self.problem(dispatcher, tracker, "appointment_district",
                             f"{district}的政务服务中心不办理{name}。可以去这些区办理：{elsewhere}。",
                             f"{district}办不了{name}。\n可以去：{elsewhere}。")
                return events + [SlotSet("appointment_district", None), SlotSet("appointment_hall", None)]
            if hall_id is None and len(here) == 1:
                hall_id = here[0]["id"]
                events.append(SlotSet("appointment_hall", hall_id))
        day_text, slot = tracker.get_slot("appointment_date"), tracker.get_slot("appointment_slot")
        if not (hall_id and day_text):
            return events
        return events + await self._check_day(dispatcher, tracker, api, hall_id, day_text, slot)

    async def _check_day(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend, hall_id: str,
                         day_text: str, slot: Optional[str]) -> list[EventType]:
        """The chosen day must be open with places left, and the chosen slot still free."""
        info = await hall(api, hall_id)
        day = await slot_day(api, hall_id, day_text)
        when = describe_day(date.fromisoformat(day_text))
        available = free(day)
        if not day["open"]:
            self.problem(dispatcher, tracker, "appointment_date", f"{when}{info['name']}不对外办公，请换一天。",
                         f"{when}不办公。\n请换一天。")
            return [SlotSet("appointment_date", None)]
        if not available:
            self.problem(dispatcher, tracker, "appointment_date", f"{when}{info['name']}已经没有可预约的时段了，请换一天。",
                         f"{when}约满了。\n请换一天。")
            return [SlotSet("appointment_date", None)]
        if slot in (MORNING, AFTERNOON):
            same_half = [s for s in available if in_half_day(s, slot)]
            if same_half:
                return [SlotSet("appointment_slot", same_half[0])]
            self.problem(dispatcher, tracker, "appointment_slot", f"{when}{slot}已经约满了，其他时段还可以预约。",
                         f"{when}{slot}约满了。\n请选别的时间。")
            return [SlotSet("appointment_slot", None)]
        if slot and slot not in available:
            self.problem(dispatcher, tracker, "appointment_slot",
                         f"{when} {short_slot(slot)} 已约满或已过时，还可以预约：{'、'.join(map(short_slot, available))}。",
                         f"{short_slot(slot)} 约不了了。\n请选别的时间。")
            return [SlotSet("appointment_slot", None)]
        return []


class ActionAskAppointmentService(AskSlot):
    slot, form = "appointment_service", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        codes = list(await services(api))
        choices = [Choice(SHORT_NAME.get(code, code), code) for code, _, _ in SERVICE_WORDS if code in codes]
        return self.offer(dispatcher, tracker, "好的，帮您预约政务服务大厅。请问您要办理哪项业务？", choices,
                          senior_question="要办什么业务？", more_hint="也可以直接说业务名称")


class ActionAskAppointmentDistrict(AskSlot):
    slot, form = "appointment_district", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        service = tracker.get_slot("appointment_service")
        districts = list(dict.fromkeys(h["district"] for h in await halls_for(api, service)))
        try:
            home = (await api.get("/me")).get("district")
        except BackendError:
            home = None  # only an ordering hint
        if home in districts:
            districts.remove(home)
            districts.insert(0, home)
        name = SHORT_NAME.get(service, "这项业务")
        choices = [Choice(d + ("（您所在的区）" if d == home else ""), d, d) for d in districts]
        return self.offer(dispatcher, tracker, f"{name}可以在这些区的政务服务中心办理，您想去哪个区？", choices,
                          senior_question="想去哪个区办？", more_hint="也可以直接说区名")


class ActionAskAppointmentHall(AskSlot):
    slot, form = "appointment_hall", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        district = tracker.get_slot("appointment_district")
        here = await halls_for(api, tracker.get_slot("appointment_service"), district)
        choices = [Choice(h["name"], h["id"]) for h in here]
        return self.offer(dispatcher, tracker, f"{district}有{len(here)}个大厅可以办理，您想去哪一个？", choices,
                          senior_question="去哪个大厅？")


class ActionAskAppointmentDate(AskSlot):
    slot, form = "appointment_date", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        hall_id = tracker.get_slot("appointment_hall")
        info = await hall(api, hall_id)
        days = (await api.get(f"/halls/{hall_id}/slots", {"days": WINDOW_DAYS + 1}))["days"]
        base = date.fromisoformat(days[0]["date"]) if days else today()
        open_days = [d for d in days if free(d)]
        if not open_days:
            self.say(dispatcher, pick(tracker, f"{info['name']}最近两周都约满了。您可以换一个区的大厅，或拨打12345咨询。",
                                      "这个大厅两周内都约满了。\n可以换个区，或打 12345。"),
                     [button("换个地点", "改地点")])
            return [SlotSet("appointment_district", None), SlotSet("appointment_hall", None)]
        choices = [Choice(describe_day(date.fromisoformat(d["date"]), base), d["date"]) for d in open_days[:5]]
        return self.offer(dispatcher, tracker, f"{info['name']}最近可以预约的日期如下，您想约哪天？", choices,
                          senior_question="想哪天去？", more_hint="也可以直接说日期，比如“下周一”")


class ActionAskAppointmentSlot(AskSlot):
    slot, form = "appointment_slot", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        day_text = tracker.get_slot("appointment_date")
        day = await slot_day(api, tracker.get_slot("appointment_hall"), day_text)
        when = describe_day(date.fromisoformat(day_text))
        choices = [Choice(short_slot(s), s) for s in free(day)]
        return self.offer(dispatcher, tracker, f"{when}还可以预约这些时段，您选哪个？", choices,
                          senior_question=f"{when}几点去？", more_hint="也可以直接说几点")


class ActionAskAppointmentConfirm(AskSlot):
    slot, form = "appointment_confirm", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        service = (await services(api))[tracker.get_slot("appointment_service")]
        info = await hall(api, tracker.get_slot("appointment_hall"))
        when = f"{describe_day(date.fromisoformat(tracker.get_slot('appointment_date')))} " \
               f"{short_slot(tracker.get_slot('appointment_slot'))}"
        summary = (f"请确认预约信息：\n业务：{service['name']}\n地点：{info['name']}（{info['address']}）\n"
                   f"时间：{when}\n需带材料：{service['materials']}\n确认无误就提交预约。")
        elder = f"请核对：\n{service['name']}\n{info['name']}\n{when}"
        return self.confirm(dispatcher, tracker, summary, elder, "确认预约")


class ActionSubmitAppointment(Action):
    """After the form: book (same content → same key, so a retry never books twice)."""

    def name(self) -> str:
        return "action_submit_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("appointment_confirm") is not True:
            return reset(domain, FORM)  # the form ended without a confirmation: nothing to book
        body = {"service": tracker.get_slot("appointment_service"), "hall_id": tracker.get_slot("appointment_hall"),
                "date": tracker.get_slot("appointment_date"), "slot": tracker.get_slot("appointment_slot")}
        api = Backend.for_tracker(tracker)
        try:
            booked = await self.book(api, tracker.sender_id, body)
        except BackendError as error:
            return self.failed(dispatcher, tracker, domain, error)
        elder, ask_materials = senior_booked(booked)
        buttons = [button("查看我的预约", "/list_appointments"),
                   button("取消这个预约", cancel_payload(booked["number"]))]
        if senior(tracker) and ask_materials:
            buttons.insert(0, button("要带什么", materials_payload(booked["number"])))
        say(dispatcher, pick(tracker, self.booked_text(booked), elder), KIND, CATEGORY, SERVICE_ID, buttons)
        return reset(domain, FORM)

    @staticmethod
    async def book(api: Backend, sender_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Book; a replay of an appointment cancelled since then books anew with the next key."""
        for attempt in range(3):
            reply = await api.post("/appointments", body, key=idempotency_key(sender_id, "appointments", body, attempt))
            if not reply.replayed:
                return reply.body
            current = await api.get(f"/appointments/{reply.body['number']}")
            if current["status"] == "booked":
                return current
        raise BackendError("conflict", 409, "replayed", "这个时段您已经预约并取消过多次，请换一个时段。")

    @staticmethod
    def booked_text(booked: dict[str, Any]) -> str:
        when = f"{month_day(date.fromisoformat(booked['date']))}（{booked['weekday']}）{short_slot(booked['slot'])}"
        return (f"预约成功！预约号：{booked['number']}\n业务：{booked['service']['name']}\n"
                f"地点：{booked['hall']['name']}（{booked['hall']['address']}）\n时间：{when}\n"
                f"请带上：{booked['materials']}。\n{booked['notice']}")

    @staticmethod
    def failed(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
               error: BackendError) -> list[EventType]:
        """Temporary trouble or a taken slot: back to the form so one answer fixes it; else stop."""
        backend_failed(dispatcher, tracker, error, "预约", KIND, CATEGORY, SERVICE_ID)
        again = {"slot_full": "appointment_slot", "slot_passed": "appointment_slot", "invalid_slot": "appointment_slot",
                 "hall_closed": "appointment_date", "date_out_of_window": "appointment_date"}
        if error.temporary:
            return [ActiveLoop(FORM), SlotSet("appointment_confirm", None), SlotSet(REQUESTED, None)]
        if error.code in again:
            return [ActiveLoop(FORM), SlotSet(again[error.code], None), SlotSet("appointment_confirm", None),
                    SlotSet(REQUESTED, None)]
        return reset(domain, FORM)


def cancel_payload(number: str) -> str:
    return f'/cancel_appointment{{"appointment_no": "{number}"}}'


def materials_payload(number: str) -> str:
    """The "要带什么" button: this one appointment, shown by ``action_list_appointments``."""
    return f'/list_appointments{{"appointment_no": "{number}"}}'


class ActionListAppointments(Action):
    """The citizen's booked appointments; with a number (the "要带什么" button), that one and its materials."""

    def name(self) -> str:
        return "action_list_appointments"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        number = entity(tracker, "appointment_no")
        retry = materials_payload(number) if number else "/list_appointments"
        if not login_token(tracker):
            need_login(dispatcher, tracker, "查看预约", KIND, CATEGORY, SERVICE_ID, retry)
            return []
        api = Backend.for_tracker(tracker)
        try:
            if number:
                self.show(dispatcher, tracker, await api.get(f"/appointments/{number.upper()}"))
                return []
            items = (await api.get("/appointments", {"status": "booked"}))["appointments"]
        except BackendError as error:
            backend_failed(dispatcher, tracker, error, "预约", KIND, CATEGORY, SERVICE_ID, retry)
            return []
        if not items:
            say(dispatcher, pick(tracker, "您目前没有待办理的预约。需要的话跟我说“预约”就可以。",
                                 "您现在没有预约。\n要约的话，说“预约”就行。"),
                KIND, CATEGORY, SERVICE_ID, [button("预约办事", "/book_appointment")])
            return []
        text = numbered_list(tracker, ("您有以下预约：", "您的预约："), [appointment_line(a) for a in items],
                             [appointment_short(a) for a in items])
        say(dispatcher, text, KIND, CATEGORY, SERVICE_ID,
            [button(f"取消{a['number']}", cancel_payload(a["number"])) for a in items[:3]])
        return []

    @staticmethod
    def show(dispatcher: CollectingDispatcher, tracker: Tracker, item: dict[str, Any]) -> None:
        if item["status"] != "booked":
            say(dispatcher, pick(tracker, f"预约 {item['number']} 已经取消了。需要的话跟我说“预约”就可以重新预约。",
                                 "这个预约已经取消了。\n要约的话，说“预约”就行。"),
                KIND, CATEGORY, SERVICE_ID, [button("预约办事", "/book_appointment")])
            return
        say(dispatcher, pick(tracker, f"{appointment_line(item)}\n请带上：{item['materials']}。\n{item['notice']}",
                             senior_materials(item)),
            KIND, CATEGORY, SERVICE_ID,
            [button("取消这个预约", cancel_payload(item["number"]))])


# ---- the cancelling form -------------------------------------------------------
class ValidateCancelAppointmentForm(TransactionForm):
    form = CANCEL_FORM
    what = "取消预约"
    kind, category, service_id = KIND, CATEGORY, SERVICE_ID
    trigger_intent = "cancel_appointment"
    needs_login = True
    confirm_slot = "cancel_confirm"
    hints = {
        "cancel_appointment_no": ("请告诉我要取消哪个预约：回复序号，或输入以 YY 开头的预约号。", "要取消哪个？\n请回复数字。"),
        "cancel_confirm": ("请回复“确认取消”，或说“算了”保留预约。", "请回复 1 确认取消，3 不取消。"),
    }
    changes = ((r"预约|哪个|号", ("cancel_appointment_no",)),)
    stop_text = ("好的，预约保留不变。", "好的，预约不取消。")

    async def extract_cancel_appointment_no(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                            domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "cancel_appointment_no") or entity(tracker, "appointment_no")
        if value is None and (match := _APPOINTMENT_NO.search(text_of(tracker))):
            value = match[0]
        value = value.upper() if isinstance(value, str) else value
        return {"cancel_appointment_no": value} if value and value != tracker.get_slot("cancel_appointment_no") else {}

    async def validate_cancel_appointment_no(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                             domain: DomainDict) -> dict[str, Any]:
        try:
            item = await Backend.for_tracker(tracker).get(f"/appointments/{value}")
        except BackendError as error:
            if error.kind not in ("not_found", "rejected"):
                raise
            return self.problem(dispatcher, tracker, "cancel_appointment_no",
                                f"没有查到您名下的预约 {value}，请核对预约号。", "没查到这个预约。\n请核对一下。")
        if item["status"] != "booked":
            return self.problem(dispatcher, tracker, "cancel_appointment_no", f"预约 {value} 已经取消过了。",
                                "这个预约已经取消了。")
        return {"cancel_appointment_no": value}

    async def extract_cancel_confirm(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self.confirmation(tracker)

    async def validate_cancel_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        if value == "change":  # "不" to "确定取消吗？" keeps the appointment
            say(dispatcher, pick(tracker, *self.stop_text), self.kind, self.category, self.service_id)
            return {"cancel_appointment_no": None, REQUESTED: None}
        return self.confirmed(value, dispatcher, tracker)

    async def check(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    api: Backend, changed: set[str]) -> list[EventType]:
        """With only one appointment there is nothing to choose; with none there is nothing to cancel."""
        if tracker.get_slot("cancel_appointment_no") or tracker.get_slot(REQUESTED):
            return []
        items = (await api.get("/appointments", {"status": "booked"}))["appointments"]
        if len(items) == 1:
            return [SlotSet("cancel_appointment_no", items[0]["number"])]
        if not items:
            say(dispatcher, pick(tracker, "您目前没有可以取消的预约。", "您现在没有预约。"), KIND, CATEGORY, SERVICE_ID)
            return reset(domain, CANCEL_FORM)
        return []


class ActionAskCancelAppointmentNo(AskSlot):
    slot, form = "cancel_appointment_no", CANCEL_FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        items = (await api.get("/appointments", {"status": "booked"}))["appointments"]
        choices = [Choice(appointment_line(a), a["number"], a["number"]) for a in items]
        return self.offer(dispatcher, tracker, "您有以下预约，要取消哪一个？", choices, senior_question="要取消哪个预约？")


class ActionAskCancelConfirm(AskSlot):
    slot, form = "cancel_confirm", CANCEL_FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        item = await api.get(f"/appointments/{tracker.get_slot('cancel_appointment_no')}")
        line = appointment_line(item)
        return self.confirm(dispatcher, tracker, f"确定要取消这个预约吗？\n{line}", f"要取消这个预约吗？\n{line}", "确认取消")


class ActionSubmitCancelAppointment(Action):
    def name(self) -> str:
        return "action_submit_cancel_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        number = tracker.get_slot("cancel_appointment_no")
        if tracker.get_slot("cancel_confirm") is not True or not number:
            return reset(domain, CANCEL_FORM)
        try:
            item = (await Backend.for_tracker(tracker).post(f"/appointments/{number}/cancel")).body
        except BackendError as error:
            if error.code == "already_cancelled":  # a retry after a lost answer: it is done
                say(dispatcher, f"预约 {number} 已经取消了。", KIND, CATEGORY, SERVICE_ID)
                return reset(domain, CANCEL_FORM)
            backend_failed(dispatcher, tracker, error, "取消预约", KIND, CATEGORY, SERVICE_ID)
            if error.temporary:
                return [ActiveLoop(CANCEL_FORM), SlotSet("cancel_confirm", None), SlotSet(REQUESTED, None)]
            return reset(domain, CANCEL_FORM)
        say(dispatcher, pick(tracker, f"已为您取消预约：{appointment_line(item)}。这个时段已经释放给其他市民。",
                             f"已经取消了。\n预约号：{number}"), KIND, CATEGORY, SERVICE_ID,
            [button("重新预约", "/book_appointment")])
        return reset(domain, CANCEL_FORM)

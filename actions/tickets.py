"""民生诉求 (12345 tickets): file one with ``ticket_form`` and look up its progress.

The form reads the problem from the citizen's first message when it already
describes one ("楼下烧烤摊每晚吵到一点"), guesses its category and kind, then
asks only for what is missing: where, named or anonymous, a contact phone
(named only; the gateway has already masked it, and only the mask is passed on
and shown), and a confirmation.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.backend import Backend, BackendError, idempotency_key, login_token
from actions.dates import describe_time, spoken_date
from actions.forms import (
    REQUESTED,
    AskSlot,
    Choice,
    TransactionForm,
    chosen,
    reset,
)
from actions.latest_message import entity, intent_of, is_payload, text_of
from actions.messages import button, pick, say
from actions.replies import backend_failed, numbered_list
from zhtext import normalize

FORM = "ticket_form"
KIND, CATEGORY = "citizen_request", "citizen_requests"
FILING, PROGRESS = "citizen_request_filing", "citizen_request_progress"
ACCOUNT_PHONE = "account"  # use the phone of the logged-in account
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)(?:\d{4}|\*{4})(\d{4})(?!\d)")
_TICKET_NO = re.compile(r"(?<![A-Za-z])[Mm][Ss]\d{12}(?!\d)")
_GENERIC = re.compile(r"^(?:你好|您好)?[，,\s]*(?:我|我们)?(?:要|想|想要)?(?:打12345)?(?:投诉|举报|反映|求助|建议|提(?:个|一个)?建议|"
                      r"提交(?:一个)?(?:诉求|工单)|报料)(?:一下|一个问题|一件事|情况)?[，,：:\s]*")
#: (backend category id, words that suggest it), most specific first
CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("wage_arrears", r"工资|欠薪|拖欠|跑路|加班费|劳动合同|辞退|不给交社保|不交社保|农民工"),
    ("property", r"物业|电梯|业委会|停车费|小区管理"),
    ("rental", r"租房|房东|押金|租金|中介|租赁|二房东"),
    ("noise", r"噪音|噪声|吵|扰民|音响|广场舞|喇叭|打桩|电钻"),
    ("environment", r"垃圾|卫生|油烟|污水|排污|臭|老鼠|蟑螂|脏|死鱼|烟尘"),
    ("public_facility", r"路灯|井盖|坑|路面|红绿灯|信号灯|护栏|积水|下水道|公交站|人行道|设施|雨棚|树"),
    ("traffic", r"违停|乱停|停车|交通|拥堵|占道|电动车|红绿灯时间"),
    ("consumer", r"消费|商家|退款|假货|维权|价格|欺诈|商店|店家|预付卡"),
    ("education", r"学校|学位|老师|幼儿园|培训|教育"),
    ("healthcare", r"医院|医生|看病|医疗|药店|药品"),
    ("elderly_welfare", r"老人|养老|救助|低保|残疾"),
)
KIND_WORDS = (("report", r"举报|报料"), ("suggestion", r"建议"), ("help", r"求助|帮帮|救助"),
              ("consultation", r"咨询|请问"))
KIND_NAMES = {"complaint": "投诉", "report": "举报", "suggestion": "建议", "help": "求助", "consultation": "咨询"}
#: the choices of utter_ask_ticket_anonymous, in the order the response numbers them
ANONYMOUS_CHOICES = [Choice("实名提交", False), Choice("匿名提交", True)]


#: 长辈模式 by the backend's status code: (in a list, in a sentence with the department), instead of
#: its status names (已分拨, 已办结)
SENIOR_STATUS: dict[str, tuple[str, str]] = {
    "accepted": ("已经收到", "已经收到了，会转给{department}。"),
    "dispatched": ("已经转给负责的部门", "已经转给{department}了。"),
    "processing": ("正在处理", "{department}正在处理。"),
    "closed": ("已经办完", "{department}已经办完了。"),
}


def senior_status(ticket: dict[str, Any]) -> tuple[str, str]:
    word, sentence = SENIOR_STATUS.get(ticket["status"], (ticket["status_name"], f"现在：{ticket['status_name']}。"))
    return word, sentence.format(department=ticket["department"])


def senior_next(ticket: dict[str, Any]) -> str:
    """长辈模式: what to do next about a ticket: wait until its time limit, or call 12345 once it is closed."""
    if ticket["status"] == "closed":
        return "对结果不满意，可以打 12345。"
    return f"按规定{spoken_date(ticket['due_by'])}前办完，到时候再来问我就行。"


def guess_category(text: str) -> Optional[str]:
    value = normalize(text)
    return next((category for category, words in CATEGORY_WORDS if re.search(words, value)), None)


def guess_kind(text: str) -> str:
    value = normalize(text)
    return next((kind for kind, words in KIND_WORDS if re.search(words, value)), "complaint")


def masked_phone(text: str) -> Optional[str]:
    """A phone number in ``text`` as ``138****5678``: the full number is never kept or shown."""
    match = _PHONE.search(text)
    return f"{match[1]}****{match[2]}" if match else None


def ticket_number(tracker: Tracker) -> Optional[str]:
    named = entity(tracker, "ticket_no")
    match = _TICKET_NO.search(named or text_of(tracker))
    return match[0].upper() if match else None


async def categories(api: Backend) -> dict[str, str]:
    """Backend category id → Chinese name."""
    return {c["id"]: c["name"] for c in (await api.reference("/tickets/categories"))["categories"]}


class ValidateTicketForm(TransactionForm):
    form = FORM
    what = "诉求提交"
    kind, category, service_id = KIND, CATEGORY, FILING
    trigger_intent = "file_request"
    confirm_slot = "ticket_confirm"
    free_text_slots = frozenset({"ticket_description", "ticket_location"})
    hints = {
        "ticket_description": ("请用一两句话说说遇到了什么问题，比如“楼下烧烤店每晚十二点后还很吵”。",
                               "请说说遇到了什么事。"),
        "ticket_category": ("请从下面选一个最接近的分类，回复序号或分类名称都可以。", "请回复分类前面的数字。"),
        "ticket_location": ("请告诉我事情发生的地点，最好包括区和街道、小区或路口。", "在哪里发生的？\n说个地址就行。"),
        "ticket_anonymous": ("请回复“实名提交”或“匿名提交”。", "请回复 1 实名，2 匿名。"),
        "ticket_phone": ("请输入11位手机号，或回复“用账号手机号”。", "请说手机号。"),
        "ticket_confirm": ("请回复“确认”提交诉求，或告诉我要修改的内容；不提交了请说“算了”。",
                           "请回复 1 提交，2 修改，3 不提交。"),
    }
    changes = (
        (r"描述|内容|问题", ("ticket_description",)),
        (r"分类|类别|类型", ("ticket_category",)),
        (r"地点|地址|位置|地方", ("ticket_location",)),
        (r"匿名|实名", ("ticket_anonymous", "ticket_phone")),
        (r"电话|手机|号码", ("ticket_phone",)),
    )
    stop_text = ("好的，这条诉求先不提交了，您说的内容不会保存。需要时随时可以再找我。", "好的，先不提交了。")

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        """An anonymous filing leaves no contact, so the phone is not asked."""
        if tracker.get_slot("ticket_anonymous") is True:
            return [slot for slot in domain_slots if slot != "ticket_phone"]
        return domain_slots

    def _corrected(self, tracker: Tracker, words: str) -> Optional[str]:
        """"地点改成南山区科技园" → "南山区科技园"."""
        match = re.search(rf"(?:{words})(?:改成|改为|换成|应该是|是)[：:\s]*(.+)$", text_of(tracker))
        return match[1].strip() if match else None

    def _free_text(self, tracker: Tracker, slot: str) -> Optional[str]:
        if tracker.get_slot(REQUESTED) != slot or is_payload(tracker) or intent_of(tracker) == "emergency":
            return None
        return text_of(tracker) or None

    async def extract_ticket_description(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict[str, Any]:
        value = self._free_text(tracker, "ticket_description") or self._corrected(tracker, "描述|内容")
        if value is None and tracker.get_slot(REQUESTED) is None:
            if is_payload(tracker):  # "提交民生诉求" under the problem the citizen just told
                value = tracker.get_slot("report_text")
            else:
                text = text_of(tracker)
                value = text if len(_GENERIC.sub("", normalize(text))) >= 4 else None
        return {"ticket_description": value} if value else {}

    async def validate_ticket_description(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict[str, Any]:
        text = str(value).strip()
        found: dict[str, Any] = {"ticket_description": text, "report_text": None}
        if tracker.get_slot("ticket_category") is None and (category := guess_category(text)):
            found["ticket_category"] = category  # shown at the confirmation, where it can be changed
        if len(normalize(text)) < 5:
            found.update(self.problem(dispatcher, tracker, "ticket_description",
                                      "能再具体说说吗？比如是什么问题、持续多久了，这样工作人员能更快处理。",
                                      "请再多说一点。\n比如什么问题、多久了。"))
        elif len(text) > 1000:
            found.update(self.problem(dispatcher, tracker, "ticket_description", "描述有点长，请控制在1000字以内。",
                                      "说得太长了。\n请挑要紧的说。"))
        return found

    async def extract_ticket_category(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "ticket_category")
        named = self._corrected(tracker, "分类|类别|类型") or (
            text_of(tracker) if tracker.get_slot(REQUESTED) == "ticket_category" else None)
        if value is None and named:
            names = await categories(Backend.for_tracker(tracker))
            value = next((cid for cid, name in names.items() if name in named or named in name), None)
            value = value or guess_category(named)
        return {"ticket_category": value} if value else {}

    async def validate_ticket_category(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        if value not in await categories(Backend.for_tracker(tracker)):
            return self.problem(dispatcher, tracker, "ticket_category", *self.hints["ticket_category"])
        return {"ticket_category": value}

    async def extract_ticket_location(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        value = self._free_text(tracker, "ticket_location") or self._corrected(tracker, "地点|地址|位置")
        return {"ticket_location": value} if value else {}

    async def validate_ticket_location(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        text = str(value).strip()
        if len(text) < 4 and not entity(tracker, "district"):
            return self.problem(dispatcher, tracker, "ticket_location",
                                "地点能再具体一点吗？最好包括区和街道、小区或路口，比如“南山区桃源街道平山村”。",
                                "请说具体一点。\n比如哪个区、哪条街。")
        if len(text) > 200:
            return self.problem(dispatcher, tracker, "ticket_location", "地点请控制在200字以内。",
                                "地址太长了。\n说到哪个区、哪条街就行。")
        return {"ticket_location": text}

    async def extract_ticket_anonymous(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                       domain: DomainDict) -> dict[str, Any]:
        value = chosen(tracker, "ticket_anonymous", ANONYMOUS_CHOICES)
        asked = tracker.get_slot(REQUESTED) == "ticket_anonymous"
        text = normalize(text_of(tracker))
        if value is None and (asked or re.search(r"改|换", text)):
            if re.search(r"不(用|要|需要)?匿名|实名|留名|留我的名|可以留", text):
                value = False
            elif "匿名" in text:
                value = True
            elif asked and intent_of(tracker) in ("affirm", "deny"):
                value = intent_of(tracker) == "affirm"  # "需要匿名提交吗？"
        return {"ticket_anonymous": value} if value is not None else {}

    async def validate_ticket_anonymous(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> dict[str, Any]:
        if value is False and not login_token(tracker):
            return self.problem(dispatcher, tracker, "ticket_anonymous",
                                "实名提交需要先登录：请点页面上的“以演示身份登录”，登录后回复“实名提交”；"
                                "不想登录的话，可以回复“匿名提交”。",
                                "实名要先登录。\n请点“以演示身份登录”；\n或回复 2 匿名提交。")
        return {"ticket_anonymous": bool(value)}

    async def extract_ticket_phone(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        text = text_of(tracker)
        asked = tracker.get_slot(REQUESTED) == "ticket_phone"
        if not asked and not re.search(r"(电话|手机|号码).*(改|换)|(改|换).*(电话|手机|号码)", text):
            return {}
        value = chosen(tracker, "ticket_phone") or masked_phone(text)
        if value is None and asked and (intent_of(tracker) == "affirm" or re.search(r"账号|默认|登录|就用|原来", text)):
            value = ACCOUNT_PHONE
        if value is None and asked and re.search(r"\d{5,}", text):
            value = "invalid"
        return {"ticket_phone": value} if value else {}

    async def validate_ticket_phone(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict[str, Any]:
        if value == ACCOUNT_PHONE or masked_phone(str(value)):
            return {"ticket_phone": value}
        return self.problem(dispatcher, tracker, "ticket_phone", "手机号好像不对，请输入11位手机号码。",
                            "手机号不对。\n请说11位的手机号。")

    async def extract_ticket_confirm(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self.confirmation(tracker)

    async def validate_ticket_confirm(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict[str, Any]:
        return self.confirmed(value, dispatcher, tracker)

    async def check(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict,
                    api: Backend, changed: set[str]) -> list[EventType]:
        if tracker.get_slot("ticket_anonymous") is True and tracker.get_slot("ticket_phone") is not None:
            return [SlotSet("ticket_phone", None)]  # anonymous: no contact is kept
        return []


class ActionAskTicketCategory(AskSlot):
    slot, form = "ticket_category", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        choices = [Choice(name, cid) for cid, name in (await categories(api)).items()]
        return self.offer(dispatcher, tracker, "这个问题属于哪一类？请选一个最接近的：", choices,
                          senior_question="是哪方面的问题？", more_hint="也可以直接说，比如“物业管理”")


class ActionAskTicketPhone(AskSlot):
    slot, form = "ticket_phone", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        phone = (await api.get("/me")).get("masked_phone") if login_token(tracker) else None
        if not phone:
            self.say(dispatcher, pick(tracker, "请留一个联系电话（11位手机号），方便工作人员联系您。", "请说个手机号。"))
            return []
        return self.offer(dispatcher, tracker,
                          f"工作人员可能需要联系您。联系电话用您账号绑定的 {phone} 吗？也可以直接输入其他手机号。",
                          [Choice(f"用 {phone}", ACCOUNT_PHONE, "/affirm")],
                          senior_question=f"联系电话用 {phone} 吗？\n要换号码就直接说。")


class ActionAskTicketConfirm(AskSlot):
    slot, form = "ticket_confirm", FORM

    async def ask(self, dispatcher: CollectingDispatcher, tracker: Tracker, api: Backend) -> list[EventType]:
        description = tracker.get_slot("ticket_description")
        category = (await categories(api)).get(tracker.get_slot("ticket_category"), "其他")
        kind = KIND_NAMES[guess_kind(description)]
        location = tracker.get_slot("ticket_location")
        if tracker.get_slot("ticket_anonymous"):
            how = "匿名（不留联系方式，无法回访）"
        else:
            phone = tracker.get_slot("ticket_phone")
            how = "实名，联系电话" + ("用账号绑定的手机号" if phone == ACCOUNT_PHONE else f" {phone}")
        short = description if len(description) <= 80 else description[:80] + "…"
        summary = (f"请确认要提交的诉求：\n类型：{kind} · {category}\n描述：{short}\n地点：{location}\n提交方式：{how}\n"
                   "确认无误就提交，提交后会有专人分拨处理。")
        elder = f"请核对：\n{category}：{short[:40]}\n{location}\n{how.split('（')[0]}"
        return self.confirm(dispatcher, tracker, summary, elder, "确认提交")


class ActionSubmitTicket(Action):
    """After the form: file (the same content in this conversation is filed once, whatever the retries)."""

    def name(self) -> str:
        return "action_submit_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("ticket_confirm") is not True:
            return reset(domain, FORM)
        description = tracker.get_slot("ticket_description")
        anonymous = bool(tracker.get_slot("ticket_anonymous"))
        body: dict[str, Any] = {"category": tracker.get_slot("ticket_category"), "description": description,
                                "location": tracker.get_slot("ticket_location"), "kind": guess_kind(description),
                                "anonymous": anonymous}
        phone = tracker.get_slot("ticket_phone")
        if not anonymous and phone and phone != ACCOUNT_PHONE:
            body["contact_phone"] = phone
        try:
            reply = await Backend.for_tracker(tracker).post(
                "/tickets", body, key=idempotency_key(tracker.sender_id, "tickets", body))
        except BackendError as error:
            backend_failed(dispatcher, tracker, error, "诉求提交", KIND, CATEGORY, FILING)
            if error.temporary:
                return [ActiveLoop(FORM), SlotSet("ticket_confirm", None), SlotSet(REQUESTED, None)]
            if error.kind == "login":  # a named filing lost its login: ask named or anonymous again
                return [ActiveLoop(FORM), SlotSet("ticket_anonymous", None), SlotSet("ticket_phone", None),
                        SlotSet("ticket_confirm", None), SlotSet(REQUESTED, None)]
            return reset(domain, FORM)
        ticket = reply.body
        number = ticket["number"]
        due = describe_time(ticket["due_by"])
        first = pick(tracker, "这条诉求刚才已经提交过了，不会重复提交。" if reply.replayed else "您的诉求已提交！",
                     "已经提交过了，不会重复提交。" if reply.replayed else "提交好了！")
        text = pick(tracker,
                    f"{first}\n工单号：{number}\n当前状态：{ticket['status_name']}，将分拨至{ticket['department']}处理，"
                    f"办结时限为 {due} 前（不代表处理结果）。\n之后可以随时跟我说“查工单 {number}”查看进度。",
                    f"{first}工单号 {number}。\n{senior_status(ticket)[1]}\n想问进度，点下面的“查询进度”就行。")
        say(dispatcher, text, KIND, CATEGORY, FILING,
            [button("查询进度", f'/query_request{{"ticket_no": "{number}"}}')])
        return reset(domain, FORM)


class ActionQueryTicket(Action):
    """Progress of a 民生诉求 by its number, or the citizen's own list when logged in."""

    def name(self) -> str:
        return "action_query_ticket"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        number = ticket_number(tracker)
        api = Backend.for_tracker(tracker)
        try:
            if number:
                self.show(dispatcher, tracker, await api.get(f"/tickets/{number}"))
            elif login_token(tracker):
                self.list_mine(dispatcher, tracker, (await api.get("/tickets"))["tickets"])
            else:
                say(dispatcher, pick(tracker, "请告诉我工单号（MS 开头，后面 12 位数字），我帮您查进度。"
                                     "登录后也可以直接查看您提交过的诉求。", "请说一下工单号。\nMS 开头的那个。"),
                    KIND, CATEGORY, PROGRESS)
        except BackendError as error:
            if error.kind in ("not_found", "rejected"):
                say(dispatcher, pick(tracker, f"没有查到工单 {number}，请核对工单号（MS 加 12 位数字）后再试。",
                                     "没查到这个工单。\n请核对一下。"), KIND, CATEGORY, PROGRESS)
            else:
                backend_failed(dispatcher, tracker, error, "诉求查询", KIND, CATEGORY, PROGRESS, text_of(tracker))
        return []

    @staticmethod
    def show(dispatcher: CollectingDispatcher, tracker: Tracker, ticket: dict[str, Any]) -> None:
        steps = "\n".join(f"· {describe_time(h['at'])} {h['status_name']}：{h['note']}" for h in ticket["history"])
        text = pick(tracker,
                    f"工单 {ticket['number']}（{ticket['kind_name']} · {ticket['category_name']}）\n"
                    f"当前状态：{ticket['status_name']}\n承办单位：{ticket['department']}\n"
                    f"办结时限：{describe_time(ticket['due_by'])}\n办理进展：\n{steps}",
                    f"工单 {ticket['number']}：{ticket['category_name']}。\n{senior_status(ticket)[1]}\n"
                    f"{senior_next(ticket)}")
        say(dispatcher, text, KIND, CATEGORY, PROGRESS)

    @staticmethod
    def list_mine(dispatcher: CollectingDispatcher, tracker: Tracker, tickets: list[dict[str, Any]]) -> None:
        if not tickets:
            say(dispatcher, pick(tracker, "您还没有提交过诉求。遇到问题可以直接跟我说，我帮您提交。",
                                 "您还没有提交过诉求。\n遇到问题直接跟我说。"),
                KIND, CATEGORY, PROGRESS, [button("反映问题", "/file_request")])
            return
        text = numbered_list(tracker, ("您提交过的诉求：", "您的诉求："),
                             [f"{t['number']} {t['category_name']}：{t['status_name']}" for t in tickets[:5]],
                             [f"{t['category_name']}：{senior_status(t)[0]}" for t in tickets])
        say(dispatcher, text, KIND, CATEGORY, PROGRESS,
            [button(f"查看{t['number']}", f'/query_request{{"ticket_no": "{t["number"]}"}}') for t in tickets[:3]])

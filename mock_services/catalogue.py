"""Fixed reference data: districts, labels, ticket categories, halls and slots.

Validation and seeding both read these, so an id means the same thing in the
database, in the OpenAPI enums and in every Chinese label shown to citizens.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The ten districts and the 深汕特别合作区, in the order halls are listed.
DISTRICTS: tuple[str, ...] = (
    "福田区", "罗湖区", "南山区", "盐田区", "宝安区", "龙岗区", "龙华区", "坪山区", "光明区", "大鹏新区",
    "深汕特别合作区",
)
_DISTRICT_ALIASES = {"深汕": "深汕特别合作区", "深汕合作区": "深汕特别合作区", "大鹏": "大鹏新区"}


def normalise_district(text: str) -> str | None:
    """``南山`` / ``南山区`` / ``深汕`` → the official district name, else None."""
    value = text.strip()
    if value in DISTRICTS:
        return value
    if value in _DISTRICT_ALIASES:
        return _DISTRICT_ALIASES[value]
    return value + "区" if value + "区" in DISTRICTS else None


def district_in(text: str) -> str | None:
    """The first district a free-text location mentions, if any."""
    for district in DISTRICTS:
        if district in text:
            return district
    for alias, district in _DISTRICT_ALIASES.items():
        if alias in text:
            return district
    for district in DISTRICTS:
        if district[:2] in text:
            return district
    return None


INSURANCE_TYPES: dict[str, str] = {
    "pension": "养老保险",
    "medical": "医疗保险",
    "unemployment": "失业保险",
    "injury": "工伤保险",
}
#: (personal %, employer %) per type; demo values, not a statement of current rates.
INSURANCE_RATES: dict[str, tuple[float, float]] = {
    "pension": (8.0, 16.0), "medical": (2.0, 5.0), "unemployment": (0.3, 0.7), "injury": (0.0, 0.2),
}
CONTRIBUTION_STATUS: dict[str, str] = {"paid": "已缴费", "arrears": "欠费", "back_paid": "已补缴"}
FUND_STATUS: dict[str, str] = {"normal": "正常", "sealed": "封存"}
APPLICATION_STATUS: dict[str, str] = {
    "submitted": "已提交", "accepted": "已受理", "reviewing": "审核中", "needs_supplement": "待补正",
    "producing": "制证中", "delivering": "寄递中", "completed": "已办结", "rejected": "不予受理",
}
STEP_STATES: dict[str, str] = {"done": "已完成", "current": "进行中", "pending": "未开始"}
APPOINTMENT_STATUS: dict[str, str] = {"booked": "已预约", "cancelled": "已取消"}

#: Ticket status flow of 民生诉求 (domain.md §1.5), in order.
TICKET_STATUS: dict[str, str] = {
    "accepted": "已受理", "dispatched": "已分拨", "processing": "处理中", "closed": "已办结",
}
TICKET_KINDS: dict[str, str] = {
    "complaint": "投诉", "report": "举报", "help": "求助", "suggestion": "建议", "consultation": "咨询",
}


@dataclass(frozen=True)
class TicketCategory:
    """Where a 民生诉求 goes: the district office, or the city bureau if no district is known."""

    id: str
    name: str
    service_category: str  # id in services_db/seed/categories.yml
    district_office: str  # appended to the district name
    city_office: str
    days_to_close: int


TICKET_CATEGORIES: tuple[TicketCategory, ...] = (
    TicketCategory("noise", "噪音扰民", "citizen_requests", "街道办事处", "深圳市生态环境局", 2),
    TicketCategory("environment", "市容环境卫生", "citizen_requests", "城市管理和综合执法局",
                   "深圳市城市管理和综合执法局", 3),
    TicketCategory("public_facility", "公共设施损坏", "citizen_requests", "城市管理和综合执法局",
                   "深圳市城市管理和综合执法局", 3),
    TicketCategory("property", "物业管理", "housing_property", "住房和建设局", "深圳市住房和建设局", 5),
    TicketCategory("rental", "房屋租赁", "housing_property", "住房和建设局", "深圳市住房和建设局", 5),
    TicketCategory("traffic", "交通与停车", "traffic_police", "交警大队", "深圳市公安局交通警察局", 3),
    TicketCategory("wage_arrears", "劳动欠薪", "employment", "人力资源局", "深圳市人力资源和社会保障局", 7),
    TicketCategory("consumer", "消费维权", "business", "市场监督管理局", "深圳市市场监督管理局", 5),
    TicketCategory("education", "教育", "education", "教育局", "深圳市教育局", 5),
    TicketCategory("healthcare", "医疗卫生", "healthcare", "卫生健康局", "深圳市卫生健康委员会", 5),
    TicketCategory("elderly_welfare", "养老与社会救助", "elderly_civil", "民政局", "深圳市民政局", 5),
    TicketCategory("other", "其他", "citizen_requests", "政务服务和数据管理局", "深圳市政务服务和数据管理局", 5),
)
TICKET_CATEGORY_BY_ID = {c.id: c for c in TICKET_CATEGORIES}


def find_ticket_category(value: str) -> TicketCategory | None:
    """Accept the id or the Chinese name, as an action may pass either."""
    for category in TICKET_CATEGORIES:
        if value in (category.id, category.name):
            return category
    return None


#: Daily appointment slots of every hall.
SLOTS: tuple[str, ...] = (
    "09:00-10:00", "10:00-11:00", "11:00-12:00", "14:00-15:00", "15:00-16:00", "16:00-17:00", "17:00-18:00",
)
BOOKING_WINDOW_DAYS = 14


def normalise_slot(value: str) -> str | None:
    """``9:00``, ``09:00`` or ``09:00-10:00`` → the canonical slot, else None."""
    start, _, end = value.strip().replace("：", ":").partition("-")
    for slot in SLOTS:
        slot_start, slot_end = slot.split("-")
        if start.strip().zfill(5) == slot_start and (not end or end.strip().zfill(5) == slot_end):
            return slot
    return None


#: Human agents (人工客服): working days 09:00–18:00 Shenzhen time.
AGENT_HOURS = ("09:00", "18:00")
AGENT_HOURS_TEXT = "工作日 9:00–18:00"
AGENT_MINUTES_PER_CITIZEN = 4
HOTLINE = "12345"

"""Dates and times the way citizens say them: 明天, 周五, 下周一, 11月28号, 下午3点, 十点半.

The NLU only marks the words (entities ``date`` and ``time``); turning them into
a calendar day and one of the halls' hour slots needs "today", so it happens here.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

from zhtext import normalize
from zhtext.numbers import chinese_number

SHENZHEN = ZoneInfo("Asia/Shanghai")
WEEKDAYS = "一二三四五六日"
WEEKDAY_NAMES = tuple(f"周{c}" for c in WEEKDAYS)
#: The hall slots (mock_services: 09:00–12:00 and 14:00–18:00, one hour each).
SLOTS = ("09:00-10:00", "10:00-11:00", "11:00-12:00", "14:00-15:00", "15:00-16:00", "16:00-17:00",
         "17:00-18:00")
MORNING, AFTERNOON = "上午", "下午"

_WEEKDAY_WORD = r"(?:周|星期|礼拜)([一二三四五六日天1-7])"
_ISO = re.compile(r"(20\d\d)-(\d{1,2})-(\d{1,2})")
_MONTH_DAY = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]?")
_DAY_ONLY = re.compile(r"(?<![月\d])(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]")
_RELATIVE = {"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "後天": 2, "大后天": 3}
_CLOCK = re.compile(r"(\d{1,2})[:：](\d{2})")
_HOUR = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:点|點|时)(半|30|三十)?")


def today() -> date:
    """Today in Shenzhen (tests replace this to match the mock's frozen clock)."""
    return datetime.now(SHENZHEN).date()


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def month_day(day: date) -> str:
    """``11月27日``."""
    return f"{day.month}月{day.day}日"


def describe_day(day: date, base: Optional[date] = None) -> str:
    """``11月27日（周五）``, with 今天/明天/后天 in front when that helps."""
    base = base or today()
    relative = {0: "今天", 1: "明天", 2: "后天"}.get((day - base).days)
    text = f"{month_day(day)}（{weekday_name(day)}）"
    return f"{relative} {text}" if relative else text


def parse_date(text: str, base: Optional[date] = None) -> Optional[date]:
    """The day ``text`` names, relative to ``base`` (today); None when it names none."""
    base = base or today()
    value = normalize(text)
    if match := _ISO.search(value):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    for word, offset in sorted(_RELATIVE.items(), key=lambda item: -len(item[0])):
        if word in value:
            return base + timedelta(days=offset)
    if match := re.search(r"(下下|下|这|本|今)?个?" + _WEEKDAY_WORD, value):
        prefix, day_char = match[1] or "", match[2]
        weekday = "一二三四五六".find(day_char) if day_char in "一二三四五六" else (
            int(day_char) - 1 if day_char.isdigit() else 6)
        monday = base - timedelta(days=base.weekday())
        if prefix in ("下",):
            return monday + timedelta(days=7 + weekday)
        if prefix == "下下":
            return monday + timedelta(days=14 + weekday)
        this_week = monday + timedelta(days=weekday)
        if prefix in ("这", "本", "今"):
            return this_week
        return this_week if this_week >= base else this_week + timedelta(days=7)
    if match := _MONTH_DAY.search(value):
        month, day = chinese_number(match[1]), chinese_number(match[2])
        return _next_occurrence(base, month, day)
    if match := _DAY_ONLY.search(value):
        day = chinese_number(match[1])
        if day is None:
            return None
        month_day = _next_occurrence(base, base.month, day)
        if month_day is None or month_day >= base:
            return month_day
        return _next_occurrence(base, base.month % 12 + 1, day)
    return None


def _next_occurrence(base: date, month: Optional[int], day: Optional[int]) -> Optional[date]:
    """Month/day in this year, or next year when that day has passed by more than a month."""
    if not month or not day:
        return None
    for year in (base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate >= base - timedelta(days=31):
            return candidate
    return None


def parse_time(text: str) -> Optional[str]:
    """The hall slot ``text`` names (``09:00-10:00``), a half day (上午/下午), or None."""
    value = normalize(text)
    for slot in SLOTS:
        if slot in value.replace(" ", "").replace("～", "-").replace("~", "-").replace("至", "-").replace("到", "-"):
            return slot
    afternoon = any(word in value for word in ("下午", "下昼", "晏昼", "午后"))
    morning = any(word in value for word in ("上午", "上昼", "早上", "早晨", "上班"))
    hour: Optional[int] = None
    minute = 0
    if match := _CLOCK.search(value):
        hour, minute = int(match[1]), int(match[2])
    elif match := _HOUR.search(value):
        hour = chinese_number(match[1])
        minute = 30 if match[2] else 0
    if hour is not None:
        if afternoon and hour < 12:
            hour += 12
        elif not morning and 1 <= hour <= 6:  # 三点 at a service hall means 15:00
            hour += 12
        return slot_at(hour, minute)
    if afternoon:
        return AFTERNOON
    if morning:
        return MORNING
    return None


def slot_at(hour: int, minute: int = 0) -> Optional[str]:
    """The slot that contains ``hour:minute``, if the halls are open then."""
    for slot in SLOTS:
        start, end = (int(part[:2]) for part in slot.split("-"))
        if start <= hour < end and 0 <= minute < 60:
            return slot
    return None


def in_half_day(slot: str, half: str) -> bool:
    return (int(slot[:2]) < 12) == (half == MORNING)


def short_slot(slot: str) -> str:
    """``09:00-10:00`` → ``9:00-10:00`` (easier to read aloud)."""
    start, end = slot.split("-")
    return f"{start.lstrip('0')}-{end.lstrip('0')}"


def spoken_slot(slot: str) -> str:
    """长辈模式: ``14:00-15:00`` → ``下午2点到3点``."""
    start, end = (int(part.split(":")[0]) for part in slot.split("-"))
    half = MORNING if start < 12 else AFTERNOON
    return f"{half}{start if start <= 12 else start - 12}点到{end if end <= 12 else end - 12}点"


def spoken_date(iso: str) -> str:
    """长辈模式: ``2026-11-28T10:00:00+08:00`` → ``11月28日`` (Shenzhen time, no clock)."""
    return month_day(datetime.fromisoformat(iso).astimezone(SHENZHEN))


def spoken_month(month: str) -> str:
    """长辈模式: ``2026-09`` → ``2026年9月``."""
    year, _, number = month.partition("-")
    return f"{year}年{int(number)}月" if number.isdigit() else month


def describe_time(iso: str) -> str:
    """``2026-11-26T10:00:00+08:00`` → ``11月26日 10:00`` (Shenzhen time)."""
    moment = datetime.fromisoformat(iso).astimezone(SHENZHEN)
    return f"{month_day(moment)} {moment.hour:02d}:{moment.minute:02d}"

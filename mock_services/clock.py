"""Time in Shenzhen, and the injectable "now" that makes hours and dates testable.

China has no daylight saving, so a fixed +08:00 zone is exact and needs no tz
database.  Every datetime the package handles is timezone-aware.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
CLOCK_HEADER = "X-Mock-Now"
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def parse_instant(text: str) -> datetime:
    """Parse an ISO date-time; a value without offset is Shenzhen local time."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def real_now() -> datetime:
    return datetime.now(SHANGHAI)


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)


def at(day: date, hhmm: str) -> datetime:
    """The Shenzhen instant of ``HH:MM`` on ``day``."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return local_midnight(day).replace(hour=hour, minute=minute)


def iso(value: datetime | None) -> str | None:
    """ISO text in Shenzhen time, to the second, as every response shows it."""
    return None if value is None else value.astimezone(SHANGHAI).isoformat(timespec="seconds")


def month_add(month: str, delta: int) -> str:
    """``"2026-11"`` plus ``delta`` months."""
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"

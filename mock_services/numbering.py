"""MS/SB/YY numbers in the formats of docs/conventions.md, from per-day counters.

The counter row is bumped with an UPDATE inside the caller's transaction, so
two concurrent submissions never share a number (the row lock serialises them).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mock_services.errors import ApiError
from mock_services.models import Counter

#: prefix → (strftime of the day part, digits of the sequence)
FORMATS: dict[str, tuple[str, int]] = {
    "MS": ("%Y%m%d", 4),  # 民生诉求 ticket: MS + 12 digits
    "SB": ("%Y%m%d", 6),  # application: SB + 14 digits
    "YY": ("%y%m%d", 4),  # appointment: YY + 10 digits
}


def next_number(session: Session, prefix: str, when: datetime) -> str:
    """The next free number of ``prefix`` for the Shenzhen day of ``when``."""
    day_format, digits = FORMATS[prefix]
    day = when.strftime(day_format)
    condition = (Counter.name == prefix, Counter.day == day)
    bumped = session.execute(update(Counter).where(*condition).values(value=Counter.value + 1))
    if bumped.rowcount:
        value = session.execute(select(Counter.value).where(*condition)).scalar_one()
    else:
        session.add(Counter(name=prefix, day=day, value=1))
        session.flush()
        value = 1
    if value >= 10 ** digits:
        raise ApiError(500, "number_exhausted", "今天的编号已用完，请明天再试")
    return f"{prefix}{day}{value:0{digits}d}"

"""Chinese numerals as citizens and laws write them: ``十二``, ``二十八``, ``一千零七十六``, ``六十``.

Shared by the actions (dates and times a citizen types) and the knowledge base
(article numbers and time limits in law texts), so both read numbers alike.
"""
from __future__ import annotations

from typing import Optional

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Every character a Chinese numeral up to 9999 is written with (for regexes).
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def chinese_number(text: str) -> Optional[int]:
    """``12`` / ``十二`` / ``一百二十`` / ``一千零七十六`` → int; None for anything else."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    total, digit, last_unit = 0, None, 10_000
    for char in text:
        if char in _DIGITS:
            if digit and _DIGITS[char]:
                return None                      # two digits in a row: 二三 is not a number (零七 is)
            digit = _DIGITS[char]
            continue
        unit = _UNITS[char]
        if unit >= last_unit:
            return None                          # 十百, 百百
        total += (1 if digit is None else digit) * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def chinese_numeral(number: int) -> str:
    """12 → 十二, 1076 → 一千零七十六: how a law numbers its articles (第十二条)."""
    if number == 0:
        return "零"
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if pending_zero and parts:
                parts.append("零")
            parts.append(("" if unit == 10 and digit == 1 and not parts else digits[digit]) + name)
            pending_zero = False
        else:
            pending_zero = True
    return "".join(parts)

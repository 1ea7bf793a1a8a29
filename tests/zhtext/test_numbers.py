"""Chinese numerals as citizens type them and as laws print article numbers and periods."""
from __future__ import annotations

import pytest

from zhtext.numbers import chinese_number, chinese_numeral


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), ("十", 10), ("十二", 12), ("二十八", 28), ("两", 2), ("六十", 60), ("一百零九", 109),
    ("一千零七十六", 1076), ("两百", 200), ("零", 0),
])
def test_numerals_read_as_written(text: str, number: int) -> None:
    assert chinese_number(text) == number


@pytest.mark.parametrize("text", ["", "二三", "十百", "百百", "十二a", "１２"])
def test_what_is_not_a_numeral_is_none(text: str) -> None:
    assert chinese_number(text) is None


@pytest.mark.parametrize(("number", "text"), [(10, "十"), (12, "十二"), (110, "一百一十"), (281, "二百八十一"),
                                              (1076, "一千零七十六"), (1100, "一千一百")])
def test_article_numbers_are_written_as_laws_write_them(number: int, text: str) -> None:
    assert chinese_numeral(number) == text and chinese_number(text) == number

"""Identifiers are masked before anything is stored or logged."""
import io
import logging

import pytest

from bot.logging_setup import MaskingFilter
from bot.masking import mask_pii


@pytest.mark.parametrize("raw, masked", [
    ("我身份证号440301199001011234，帮我查下社保", "我身份证号4403**********1234，帮我查下社保"),
    ("身份证44030119900101123X", "身份证4403**********123X"),
    ("老身份证440301900101123", "老身份证4403*******1123"),
    ("手机13812345678", "手机138****5678"),
    ("电话 +86 138-1234-5678 找我", "电话 138****5678 找我"),
    ("卡号6222021234567890123", "卡号6222***********0123"),
    ("卡号 6222 0212 3456 7890", "卡号 6222********7890"),
    ("护照E12345678", "护照E******78"),
])
def test_identifiers_are_masked(raw: str, masked: str) -> None:
    assert mask_pii(raw) == masked


@pytest.mark.parametrize("text", [
    "查一下工单MS202611260007", "办件号SB20261120000123", "预约号YY2611260042",
    "公积金热线0755-12329", "粤B12345有违章吗", "我想在12月1号办", "居住证怎么办",
])
def test_service_numbers_and_plain_text_are_left_alone(text: str) -> None:
    assert mask_pii(text) == text


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.masking")
    logger.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO, logger="test.masking"):
        logger.info("user said %s", "我的手机是13812345678")
    assert "13812345678" not in caplog.text
    assert "138****5678" in caplog.text


def test_tracebacks_are_masked_too() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskingFilter())
    logger = logging.getLogger("test.masking.traceback")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("bad phone 13812345678")
        except ValueError:
            logger.exception("failed for %s", "440301199001011234")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "13812345678" not in output and "440301199001011234" not in output
    assert "138****5678" in output and "ValueError" in output

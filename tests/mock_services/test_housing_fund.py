"""Housing-fund account and the rental-withdrawal rule (80% of the monthly deposit from 2025-11-01)."""
from __future__ import annotations

from datetime import date

import pytest

from mock_services.routes.housing_fund import rental_ratio

from .conftest import Api


def failed(result_body: dict) -> set[str]:
    return {c["code"] for c in result_body["checks"] if not c["passed"]}


async def test_account_shows_balance_and_monthly_deposit(api: Api) -> None:
    result = await api.get("/housing-fund/account", token=await api.login("zhang"))
    assert result.body["status_name"] == "正常"
    assert result.body["monthly_deposit"] == 2000.0  # base 20000 × (5% + 5%)
    assert result.body["balance"] == 86420.5
    assert result.body["masked_account_no"].count("*") >= 4


async def test_renter_with_normal_account_may_withdraw_80_percent(api: Api) -> None:
    result = await api.get("/housing-fund/rental-withdrawal/eligibility", token=await api.login("zhang"))
    assert result.body["eligible"] is True and failed(result.body) == set()
    assert result.body["ratio"] == 0.8
    assert result.body["max_monthly_amount"] == 1600.0
    assert "1600.00 元" in result.body["message"]


@pytest.mark.parametrize(("persona", "reasons", "detail"), [
    ("li", {"deposit_months"}, "已连续缴存 2 个月"),
    ("wang", {"no_home_in_shenzhen"}, "名下在深圳有自有住房"),
    ("chen", {"no_home_in_shenzhen", "account_normal"}, "账户状态：封存"),
])
async def test_each_condition_can_make_a_citizen_ineligible(api: Api, persona: str, reasons: set[str],
                                                            detail: str) -> None:
    result = await api.get("/housing-fund/rental-withdrawal/eligibility", token=await api.login(persona))
    assert result.body["eligible"] is False
    assert failed(result.body) == reasons
    assert result.body["max_monthly_amount"] == 0
    assert detail in result.body["message"]


async def test_the_ratio_follows_the_date_of_the_request(api: Api) -> None:
    token = await api.login("zhang")
    before = await api.get("/housing-fund/rental-withdrawal/eligibility", token=token, now="2025-10-31T12:00:00+08:00")
    assert (before.body["ratio"], before.body["max_monthly_amount"]) == (1.0, 2000.0)


@pytest.mark.parametrize(("day", "ratio"), [
    (date(2017, 11, 1), 0.65), (date(2023, 10, 31), 0.65), (date(2023, 11, 1), 1.0), (date(2025, 10, 31), 1.0),
    (date(2025, 11, 1), 0.8), (date(2027, 10, 31), 0.8),
])
def test_rental_ratio_periods(day: date, ratio: float) -> None:
    assert rental_ratio(day).ratio == ratio

"""Housing-fund account (公积金) and the rental-withdrawal eligibility check."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mock_services.catalogue import FUND_STATUS
from mock_services.clock import month_add
from mock_services.endpoints import BOOLEAN, DATE, INTEGER, NUMBER, STRING, Call, Routes, nullable, obj, ref, yuan
from mock_services.errors import not_found
from mock_services.models import HousingFundAccount, Persona

MIN_DEPOSIT_MONTHS = 3


@dataclass(frozen=True)
class RentalRatio:
    """Share of the monthly deposit withdrawable for rent, by period (domain.md §1.4 #7)."""

    effective_from: date
    effective_to: date | None
    ratio: float


RENTAL_RATIOS = (  # newest first
    RentalRatio(date(2025, 11, 1), date(2027, 10, 31), 0.80),
    RentalRatio(date(2023, 11, 1), date(2025, 10, 31), 1.00),
    RentalRatio(date(2017, 11, 1), date(2023, 10, 31), 0.65),
)


def rental_ratio(today: date) -> RentalRatio:
    """The rule in force on ``today`` (the newest one if its period has run out)."""
    return next((rule for rule in RENTAL_RATIOS if rule.effective_from <= today), RENTAL_RATIOS[-1])


routes = Routes("住房公积金", "公积金账户与租房提取资格（需登录）。", schemas={
    "HousingFundAccount": obj({
        "masked_account_no": STRING, "status": {"type": "string", "enum": list(FUND_STATUS)},
        "status_name": STRING, "employer": STRING, "base": NUMBER, "personal_rate_pct": INTEGER,
        "employer_rate_pct": INTEGER, "monthly_deposit": {"type": "number", "description": "个人+单位月缴存额"},
        "balance": NUMBER, "opened_on": DATE, "first_deposit_month": STRING, "last_deposit_month": STRING,
        "deposited_months": {"type": "integer", "description": "连续缴存月数"},
    }),
    "EligibilityCheck": obj({"code": {"type": "string", "enum": ["no_home_in_shenzhen", "account_normal",
                                                                 "deposit_months"]},
                             "name": STRING, "passed": BOOLEAN, "detail": STRING}),
    "RentalWithdrawalEligibility": obj({
        "eligible": BOOLEAN, "checks": {"type": "array", "items": ref("EligibilityCheck")},
        "ratio": {"type": "number", "description": "可提取额占月缴存额的比例"},
        "monthly_deposit": NUMBER,
        "max_monthly_amount": {"type": "number", "description": "符合条件时每月最多可提取的金额"},
        "rule": obj({"effective_from": DATE, "effective_to": nullable(DATE), "ratio": NUMBER}),
        "message": STRING,
    }),
})


def _account(call: Call) -> tuple[Persona, HousingFundAccount]:
    persona = call.persona()
    account = call.session.get(HousingFundAccount, persona.id)
    if account is None:
        raise not_found("no_housing_fund_account", "没有查到您的住房公积金账户")
    return persona, account


def _monthly_deposit_fen(account: HousingFundAccount) -> int:
    return round(account.base_fen * (account.personal_rate_pct + account.employer_rate_pct) / 100)


def _deposited_months(account: HousingFundAccount) -> int:
    months, month = 1, account.first_deposit_month
    while month < account.last_deposit_month:
        month, months = month_add(month, 1), months + 1
    return months


@routes.get("/housing-fund/account", summary="公积金账户", response="HousingFundAccount", auth="required",
            errors={404: "no_housing_fund_account"})
async def housing_fund_account(call: Call) -> dict[str, Any]:
    """Balance, monthly deposit and status, as the 公积金 app shows them."""
    _, account = _account(call)
    return {
        "masked_account_no": account.masked_account_no, "status": account.status,
        "status_name": FUND_STATUS[account.status], "employer": account.employer, "base": yuan(account.base_fen),
        "personal_rate_pct": account.personal_rate_pct, "employer_rate_pct": account.employer_rate_pct,
        "monthly_deposit": yuan(_monthly_deposit_fen(account)), "balance": yuan(account.balance_fen),
        "opened_on": account.opened_on.isoformat(), "first_deposit_month": account.first_deposit_month,
        "last_deposit_month": account.last_deposit_month, "deposited_months": _deposited_months(account),
    }


@routes.get("/housing-fund/rental-withdrawal/eligibility", summary="租房提取资格检查",
            response="RentalWithdrawalEligibility", auth="required", errors={404: "no_housing_fund_account"})
async def rental_withdrawal_eligibility(call: Call) -> dict[str, Any]:
    """Checks the three conditions and says how much could be withdrawn each month."""
    persona, account = _account(call)
    months = _deposited_months(account)
    checks = [
        ("no_home_in_shenzhen", "本人及家庭在深圳无自有住房", not persona.owns_home_in_shenzhen,
         "名下在深圳有自有住房" if persona.owns_home_in_shenzhen else "在深圳无自有住房"),
        ("account_normal", "公积金账户状态正常", account.status == "normal",
         f"账户状态：{FUND_STATUS[account.status]}"),
        ("deposit_months", f"连续足额缴存满 {MIN_DEPOSIT_MONTHS} 个月", months >= MIN_DEPOSIT_MONTHS,
         f"已连续缴存 {months} 个月"),
    ]
    eligible = all(passed for _, _, passed, _ in checks)
    rule = rental_ratio(call.now.date())
    deposit = _monthly_deposit_fen(account)
    limit = round(deposit * rule.ratio) if eligible else 0
    if eligible:
        message = (f"符合租房提取条件：每月最多可提取 {yuan(limit):.2f} 元（月缴存额 {yuan(deposit):.2f} 元的 "
                   f"{rule.ratio:.0%}）。可在 i深圳 搜索“公积金租房提取”在线申请。")
    else:
        reasons = "；".join(detail for _, _, passed, detail in checks if not passed)
        message = f"暂不符合租房提取条件：{reasons}。"
    return {
        "eligible": eligible,
        "checks": [{"code": c, "name": n, "passed": p, "detail": d} for c, n, p, d in checks],
        "ratio": rule.ratio, "monthly_deposit": yuan(deposit), "max_monthly_amount": yuan(limit),
        "rule": {"effective_from": rule.effective_from.isoformat(),
                 "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
                 "ratio": rule.ratio},
        "message": message,
    }

"""Contribution records and the summary citizens ask about."""
from __future__ import annotations

from .conftest import Api


async def test_records_default_to_the_last_twelve_months_newest_first(api: Api) -> None:
    token = await api.login("zhang")
    result = await api.get("/social-insurance/records", token=token)
    assert (result.body["from"], result.body["to"]) == ("2025-12", "2026-11")
    months = [r["month"] for r in result.body["records"]]
    assert months == sorted(months, reverse=True)
    assert set(months) == {"2025-12", *(f"2026-{m:02d}" for m in range(1, 11))}
    assert result.body["count"] == 11 * 4  # four insurance types a month
    assert all(r["status_name"] == "已缴费" for r in result.body["records"])


async def test_records_filter_by_type_and_months(api: Api) -> None:
    token = await api.login("zhang")
    result = await api.get("/social-insurance/records", token=token,
                           params={"type": "pension", "from": "2026-08", "to": "2026-10"})
    assert [r["month"] for r in result.body["records"]] == ["2026-10", "2026-09", "2026-08"]
    assert {r["insurance_name"] for r in result.body["records"]} == {"养老保险"}
    first = result.body["records"][0]
    assert first["personal_amount"] == round(first["base"] * 0.08, 2)


async def test_records_reject_bad_months(api: Api) -> None:
    token = await api.login("zhang")
    reversed_range = await api.get("/social-insurance/records", token=token, params={"from": "2026-10", "to": "2026-01"})
    assert (reversed_range.status, reversed_range.error_code) == (400, "invalid_parameter")
    bad_format = await api.get("/social-insurance/records", token=token, params={"from": "2026/10"})
    assert bad_format.status == 400
    assert "YYYY-MM" in bad_format.body["error"]["message"]


async def test_summary_of_a_continuously_insured_worker(api: Api) -> None:
    result = await api.get("/social-insurance/summary", token=await api.login("zhang"))
    assert result.body["status"] == "正常参保"
    assert result.body["current_employer"] == "深圳市鹏城智联科技有限公司"
    pension = next(t for t in result.body["types"] if t["insurance_type"] == "pension")
    assert pension["months_paid"] == pension["continuous_months"] == 124
    assert result.body["arrears_months"] == [] and result.body["pension"] is None


async def test_summary_shows_arrears_and_the_broken_run(api: Api) -> None:
    result = await api.get("/social-insurance/summary", token=await api.login("wang"))
    assert result.body["arrears_months"] == ["2026-08", "2026-09"]
    assert result.body["arrears_amount"] > 0
    assert "欠费" in result.body["status"] and "补缴" in result.body["message"]
    pension = next(t for t in result.body["types"] if t["insurance_type"] == "pension")
    assert pension["continuous_months"] == 1  # only 2026-10 since the arrears


async def test_summary_of_the_retired_senior_shows_the_pension(api: Api) -> None:
    result = await api.get("/social-insurance/summary", token=await api.login("chen"))
    assert "退休" in result.body["status"]
    assert result.body["pension"] == {"retired_on": "2011-06-01", "monthly_amount": 4860.0}
    assert result.body["current_employer"] is None

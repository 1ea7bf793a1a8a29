"""Applications (办件): mine, and lookup by number with an owner-only view."""
from __future__ import annotations

import re

from .conftest import Api


async def test_my_applications_newest_first_with_progress(api: Api) -> None:
    result = await api.get("/applications", token=await api.login("zhang"))
    apps = result.body["applications"]
    assert result.body["count"] == len(apps) == 2
    assert all(re.fullmatch(r"SB\d{14}", a["number"]) for a in apps)
    assert apps[0]["submitted_at"] > apps[1]["submitted_at"]
    reviewing = apps[0]
    assert (reviewing["status_name"], reviewing["current_step"]) == ("审核中", "资格审核")
    assert [s["state"] for s in reviewing["steps"]] == ["done", "done", "current", "pending", "pending"]


async def test_lookup_by_number_hides_personal_details_from_others(api: Api) -> None:
    number = (await api.get("/applications", token=await api.login("li"))).body["applications"][0]["number"]
    public = await api.get(f"/applications/{number}")
    assert public.body["owner_view"] is False and public.body["applicant"] is None and public.body["note"] is None
    assert public.body["steps"]
    other = await api.get(f"/applications/{number}", token=await api.login("zhang"))
    assert other.body["owner_view"] is False
    owner = await api.get(f"/applications/{number}", token=await api.login("li"))
    assert owner.body["owner_view"] is True and owner.body["applicant"] == "李**"
    assert owner.body["status"] == "needs_supplement" and "补充" in owner.body["note"]


async def test_lookup_of_a_malformed_or_unknown_number(api: Api) -> None:
    malformed = await api.get("/applications/SB123")
    assert (malformed.status, malformed.body["error"]["message"]) == (400, "办件编号应为 SB 加 14 位数字")
    unknown = await api.get("/applications/SB20000101000001")
    assert (unknown.status, unknown.error_code) == (404, "application_not_found")

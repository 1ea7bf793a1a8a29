"""Fault injection: configured and runtime latency and 500s, never on /health."""
from __future__ import annotations

import time

import pytest

from mock_services.config import MockConfig, from_env

from .conftest import Api


async def test_error_rate_one_answers_500_json_but_health_stays_up(make_api) -> None:
    api: Api = await make_api(error_rate=1.0)
    result = await api.get("/personas")
    assert (result.status, result.error_code) == (500, "internal_error")
    assert result.headers["X-Mock-Fault"] == "error" and "稍后" in result.body["error"]["message"]
    assert (await api.get("/health")).body == {"status": "ok"}
    assert (await api.get("/openapi.json")).status == 200


async def test_latency_slows_business_endpoints_only(make_api) -> None:
    api: Api = await make_api(latency_ms=300)
    started = time.perf_counter()
    assert (await api.get("/personas")).status == 200
    assert time.perf_counter() - started >= 0.3
    started = time.perf_counter()
    await api.get("/health")
    assert time.perf_counter() - started < 0.3


async def test_runtime_faults_api_and_failed_calls_change_nothing(make_api) -> None:
    api: Api = await make_api(faults_api=True)
    assert (await api.post("/_faults", json={"error_rate": 1})).body == {"latency_ms": 0, "error_rate": 1.0}
    failed = await api.post("/tickets", json={"category": "noise", "description": "夜里施工很吵闹", "location": "福田区",
                                              "anonymous": True})
    assert failed.status == 500
    await api.post("/_faults", json={"error_rate": 0})
    assert (await api.get("/_faults")).body == {"latency_ms": 0, "error_rate": 0.0}
    filed = await api.post("/tickets", json={"category": "noise", "description": "夜里施工很吵闹", "location": "福田区",
                                             "anonymous": True})
    assert filed.body["number"].endswith("0001")  # the failed call filed nothing


async def test_faults_api_is_absent_unless_enabled(api: Api) -> None:
    response = await api.client.post("/_faults", json={"error_rate": 1})
    assert response.status == 404
    assert (await response.json())["error"]["code"] == "not_found"
    assert "/_faults" not in api.spec["paths"]


def test_settings_from_environment() -> None:
    config = from_env({"ISZ_MOCK_LATENCY_MS": "250", "ISZ_MOCK_ERROR_RATE": "0.5", "ISZ_MOCK_FAULTS_API": "1",
                       "ISZ_MOCK_NOW": "2026-11-28T09:30", "ISZ_MOCK_SEED_DATE": "2026-01-02"})
    assert (config.latency_ms, config.error_rate, config.faults_api) == (250, 0.5, True)
    assert config.now.isoformat() == "2026-11-28T09:30:00+08:00" and config.seed_date.isoformat() == "2026-01-02"
    assert from_env({}) == MockConfig()
    with pytest.raises(ValueError):
        from_env({"ISZ_MOCK_ERROR_RATE": "2"})

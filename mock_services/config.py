"""Settings only the mock backend reads: fault injection and test hooks.

Process-wide values (host, port, database URL, secret, log level) come from
``bot.settings``.  The ``ISZ_MOCK_*`` variables here decide how the stand-in
misbehaves or which day it believes it is, so tests and demos can make it slow,
flaky or frozen in time without code changes.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from mock_services.clock import parse_instant

#: (variable, default, meaning) for every setting; docs/mock_services.md mirrors it.
ENV_VARS: tuple[tuple[str, str, str], ...] = (
    ("ISZ_MOCK_LATENCY_MS", "0", "Delay in milliseconds added before every business endpoint answers."),
    ("ISZ_MOCK_ERROR_RATE", "0", "Share (0–1) of business requests answered with an injected 500."),
    ("ISZ_MOCK_FAULTS_API", "0", "1 = enable GET/POST /_faults to change latency and error rate at runtime."),
    ("ISZ_MOCK_NOW", "", "Freeze the clock at this ISO time (naive = Asia/Shanghai); empty = real time."),
    ("ISZ_MOCK_CLOCK_HEADER", "1", "1 = a request may set its own 'now' with the X-Mock-Now header."),
    ("ISZ_MOCK_SEED_DATE", "", "Day the demo data is anchored to (YYYY-MM-DD); empty = today at seeding."),
    ("ISZ_MOCK_TOKEN_TTL_HOURS", "8", "Lifetime of a login token in hours."),
)


@dataclass(frozen=True)
class MockConfig:
    """Behaviour switches of one mock-service app instance."""

    latency_ms: int = 0
    error_rate: float = 0.0
    faults_api: bool = False
    now: datetime | None = None
    clock_header: bool = True
    seed_date: date | None = None
    token_ttl_hours: float = 8.0

    def __post_init__(self) -> None:
        if self.latency_ms < 0:
            raise ValueError("ISZ_MOCK_LATENCY_MS must be >= 0")
        if not 0.0 <= self.error_rate <= 1.0:
            raise ValueError("ISZ_MOCK_ERROR_RATE must be between 0 and 1")
        if self.token_ttl_hours <= 0:
            raise ValueError("ISZ_MOCK_TOKEN_TTL_HOURS must be > 0")


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def from_env(environ: Mapping[str, str] | None = None) -> MockConfig:
    """Build the config from ``ISZ_MOCK_*`` variables, defaults as in :data:`ENV_VARS`."""
    env = os.environ if environ is None else environ
    get = {name: env.get(name, default).strip() for name, default, _ in ENV_VARS}.__getitem__
    return MockConfig(
        latency_ms=int(get("ISZ_MOCK_LATENCY_MS") or 0),
        error_rate=float(get("ISZ_MOCK_ERROR_RATE") or 0),
        faults_api=_flag(get("ISZ_MOCK_FAULTS_API")),
        now=parse_instant(get("ISZ_MOCK_NOW")) if get("ISZ_MOCK_NOW") else None,
        clock_header=_flag(get("ISZ_MOCK_CLOCK_HEADER")),
        seed_date=date.fromisoformat(get("ISZ_MOCK_SEED_DATE")) if get("ISZ_MOCK_SEED_DATE") else None,
        token_ttl_hours=float(get("ISZ_MOCK_TOKEN_TTL_HOURS") or 8),
    )

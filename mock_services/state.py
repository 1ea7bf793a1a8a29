"""What one app instance carries: config, database, signing key, faults, spec."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from sqlalchemy.orm import sessionmaker

from mock_services.config import MockConfig
from mock_services.validation import SchemaChecker

if TYPE_CHECKING:
    from mock_services.faults import FaultState


@dataclass
class AppState:
    config: MockConfig
    sessions: sessionmaker
    token_key: bytes
    faults: FaultState
    checker: SchemaChecker
    spec: dict[str, Any]


STATE = web.AppKey("mock_services_state", AppState)

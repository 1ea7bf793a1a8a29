"""The processes of the assistant and how to tell each is healthy.

Used by the launcher and by tests that start, stop and restart single parts.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bot.rasa_env import endpoints_file
from bot.settings import PROJECT_ROOT, Settings


@dataclass(frozen=True)
class Component:
    name: str
    label: str          # what the launcher calls it, in Chinese
    host: str
    port: int
    port_setting: str   # the variable that changes the port
    command: tuple[str, ...]
    health_url: str


def components(settings: Settings, model: Optional[Path]) -> list[Component]:
    """In start order: each one's dependencies come before it (``model`` None: ports only)."""
    py = sys.executable
    return [
        Component("mock_services", "模拟政务服务接口", settings.host, settings.mock_port, "ISZ_MOCK_PORT",
                  (py, "-m", "mock_services"), f"{settings.mock_url}/health"),
        Component("action_server", "动作服务器", settings.host, settings.actions_port, "ISZ_ACTIONS_PORT",
                  (py, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)),
                  f"{settings.actions_url}/health"),
        Component("rasa", "Rasa 对话服务", settings.host, settings.rasa_port, "ISZ_RASA_PORT",
                  (py, "-m", "rasa", "run", "--model", str(model), "--endpoints", str(endpoints_file(settings)),
                   "--credentials", str(PROJECT_ROOT / "credentials.yml"), "--interface", settings.host,
                   "--port", str(settings.rasa_port)),
                  f"{settings.rasa_url}/"),
        Component("gateway", "网页网关", settings.gateway_host, settings.gateway_port, "ISZ_GATEWAY_PORT",
                  (py, "-m", "bot.gateway"), f"{settings.gateway_url}/healthz"),
    ]

"""A whole assistant on test ports, shared by the end-to-end tests of a session."""
from __future__ import annotations

import uuid
from typing import Callable, Iterator

import pytest
import requests

from tests.e2e.stack import Stack

ALL_PARTS = ("mock_services", "action_server", "rasa", "gateway")


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(tmp_path_factory.mktemp("stack"), port_base=18000)
    running.prepare()
    try:
        running.start(*ALL_PARTS)
        yield running
    finally:
        running.stop()


@pytest.fixture()
def chat(stack: Stack) -> Callable[..., requests.Response]:
    """Send one message of a fresh conversation (cookies kept, like a browser)."""
    client = requests.Session()
    session_id = f"test-{uuid.uuid4()}"

    def send(text: str, **extra: object) -> requests.Response:
        return client.post(f"{stack.settings.gateway_url}/api/chat",
                           json={"session_id": session_id, "text": text, **extra}, timeout=60)

    send.client = client  # type: ignore[attr-defined]
    send.session_id = session_id  # type: ignore[attr-defined]
    return send

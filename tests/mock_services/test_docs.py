"""docs/mock_services.md names every endpoint and every ISZ_MOCK_* setting."""
from __future__ import annotations

from pathlib import Path

from mock_services.config import ENV_VARS
from mock_services.openapi import build_spec
from mock_services.routes import route_groups

DOC = (Path(__file__).resolve().parents[2] / "docs" / "mock_services.md").read_text(encoding="utf-8")


def test_every_endpoint_is_in_the_docs() -> None:
    paths = build_spec(route_groups(faults_api=True), "http://x")["paths"]
    missing = [path for path in paths if f"`{path}`" not in DOC]
    assert not missing


def test_every_setting_is_in_the_docs() -> None:
    missing = [name for name, _, _ in ENV_VARS if f"`{name}`" not in DOC]
    assert not missing

"""Render Rasa's endpoints.yml from the settings.

The tracker and lock stores are chosen by URL (ISZ_TRACKER_STORE_URL,
ISZ_LOCK_STORE_URL), so moving from SQLite to PostgreSQL + Redis is a setting.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.rasa_env import endpoints_file
from bot.settings import Settings


def tracker_store(settings: Settings) -> dict[str, Any]:
    url = settings.tracker_store_url or settings.sqlite_url("trackers.db")
    if url.startswith("sqlite"):
        settings.data_path.mkdir(parents=True, exist_ok=True)
    # SQLTrackerStore takes a complete SQLAlchemy URL in `url` (mapped to host).
    return {"type": "SQL", "url": url.replace("postgres://", "postgresql://", 1)}


def lock_store(settings: Settings) -> dict[str, Any]:
    if not settings.lock_store_url:
        return {"type": "in_memory"}
    parts = urlsplit(settings.lock_store_url)
    if parts.scheme not in ("redis", "rediss"):
        raise ValueError(f"ISZ_LOCK_STORE_URL must be a redis:// URL, got {parts.scheme!r}")
    config: dict[str, Any] = {"type": "redis", "url": parts.hostname or "127.0.0.1",
                              "port": parts.port or 6379, "db": int(parts.path.strip("/") or 1),
                              "key_prefix": "isz", "use_ssl": parts.scheme == "rediss"}
    if parts.password:
        config["password"] = parts.password
    return config


def render(settings: Settings) -> dict[str, Any]:
    return {"action_endpoint": {"url": f"{settings.actions_url}/webhook"},
            "tracker_store": tracker_store(settings),
            "lock_store": lock_store(settings)}


def write(settings: Settings) -> Path:
    path = endpoints_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Generated from the settings by bot/rasa_endpoints.py; do not edit.\n"
                    + yaml.safe_dump(render(settings), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path

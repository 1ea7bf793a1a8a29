"""The one place where configuration is read.

Every process (launcher, gateway, Rasa helpers, action server, mock services)
imports :data:`settings` from here, so a deployment changes behaviour with
environment variables (or a ``.env`` file at the project root) and never with
code.  ``python -m bot config`` prints every setting with its default.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from .env without overriding the real environment."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip('"').strip("'"))


def _env(name: str, default: str, doc: str):
    return field(default_factory=lambda: os.environ.get(name, default),
                 metadata={"env": name, "default": default, "doc": doc})


def _env_int(name: str, default: int, doc: str):
    return field(default_factory=lambda: int(os.environ.get(name, default)),
                 metadata={"env": name, "default": str(default), "doc": doc})


@dataclass(frozen=True)
class Settings:
    host: str = _env("ISZ_HOST", "127.0.0.1", "Address every internal process binds to (keep 127.0.0.1).")
    gateway_host: str = _env("ISZ_GATEWAY_HOST", "127.0.0.1", "Address the public web gateway binds to.")
    gateway_port: int = _env_int("ISZ_GATEWAY_PORT", 8000, "Web gateway: widget page, /api/chat, /healthz, /admin.")
    rasa_port: int = _env_int("ISZ_RASA_PORT", 5005, "Rasa server (REST channel), 127.0.0.1 only.")
    actions_port: int = _env_int("ISZ_ACTIONS_PORT", 5055, "Rasa action server, 127.0.0.1 only.")
    mock_port: int = _env_int("ISZ_MOCK_PORT", 8081, "Mock i深圳 government service endpoints.")
    data_dir: str = _env("ISZ_DATA_DIR", "var/data", "Directory for every SQLite file (relative to the project root).")
    model_dir: str = _env("ISZ_MODEL_DIR", "var/models", "Trained Rasa models, named by the hash of their inputs.")
    log_dir: str = _env("ISZ_LOG_DIR", "var/log", "Log files of the supervised processes.")
    kb_url: str = _env("ISZ_KB_URL", "", "Knowledge-base database URL; empty = SQLite <data_dir>/kb.db. "
                       "Example: postgresql://postgres@127.0.0.1:5432/test")
    tracker_store_url: str = _env("ISZ_TRACKER_STORE_URL", "", "Rasa tracker store; empty = SQLite "
                                  "<data_dir>/trackers.db. Example: postgresql://postgres@127.0.0.1:5432/test")
    lock_store_url: str = _env("ISZ_LOCK_STORE_URL", "", "Rasa lock store; empty = in memory. "
                               "Example: redis://127.0.0.1:6379/1")
    gateway_db_url: str = _env("ISZ_GATEWAY_DB_URL", "", "Gateway store (chat history, feedback, "
                               "ratings); empty = SQLite <data_dir>/gateway.db.")
    mock_db_url: str = _env("ISZ_MOCK_DB_URL", "", "Mock services state; empty = SQLite <data_dir>/mock_services.db.")
    secret_key: str = _env("ISZ_SECRET_KEY", "", "Signs session and login tokens; empty = a random key "
                           "kept in <data_dir>/secret.key.")
    log_level: str = _env("ISZ_LOG_LEVEL", "INFO", "Log level of every process (DEBUG, INFO, WARNING).")
    allowed_origins: str = _env("ISZ_ALLOWED_ORIGINS", "", "Comma-separated origins allowed to call the "
                                "chat API from other sites (CORS); empty = same origin only.")
    rate_limit_session: int = _env_int("ISZ_RATE_LIMIT_SESSION", 20, "Messages per minute per session.")
    rate_limit_address: int = _env_int("ISZ_RATE_LIMIT_ADDRESS", 60, "Messages per minute per client address.")
    rasa_timeout: int = _env_int("ISZ_RASA_TIMEOUT", 20, "Seconds the gateway waits for Rasa before a 503.")
    backend_timeout: float = field(default_factory=lambda: float(os.environ.get("ISZ_BACKEND_TIMEOUT", "3")),
                                   metadata={"env": "ISZ_BACKEND_TIMEOUT", "default": "3",
                                             "doc": "Seconds an action waits for one mock-service call."})
    startup_timeout: int = _env_int("ISZ_STARTUP_TIMEOUT", 300, "Seconds the launcher waits for all components.")
    admin_secure_cookie: int = _env_int("ISZ_ADMIN_SECURE_COOKIE", 0, "1 = the /admin log-in cookie is sent "
                                        "over HTTPS only (set it when the gateway is behind HTTPS).")

    # ---- derived values -------------------------------------------------
    def path(self, relative: str) -> Path:
        p = Path(relative)
        return p if p.is_absolute() else PROJECT_ROOT / p

    @property
    def data_path(self) -> Path:
        return self.path(self.data_dir)

    def sqlite_url(self, filename: str) -> str:
        return f"sqlite:///{self.data_path / filename}"

    @property
    def kb_database_url(self) -> str:
        return self.kb_url or self.sqlite_url("kb.db")

    @property
    def gateway_database_url(self) -> str:
        return self.gateway_db_url or self.sqlite_url("gateway.db")

    @property
    def mock_database_url(self) -> str:
        return self.mock_db_url or self.sqlite_url("mock_services.db")

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def mock_url(self) -> str:
        return f"http://{self.host}:{self.mock_port}"

    @property
    def gateway_url(self) -> str:
        return f"http://{self.gateway_host}:{self.gateway_port}"


def describe() -> list[tuple[str, str, str]]:
    """(variable, default, doc) for every setting, for docs and ``python -m bot config``."""
    return [(f.metadata["env"], f.metadata["default"], f.metadata["doc"]) for f in fields(Settings)]


def load() -> Settings:
    _load_dotenv(PROJECT_ROOT / ".env")
    return Settings()


settings = load()

"""Environment and file layout shared by everything that runs Rasa."""
from __future__ import annotations

import os
from pathlib import Path

from bot.settings import PROJECT_ROOT, settings

BUILD_DIR = PROJECT_ROOT / "var" / "build"
JIEBA_DIR = BUILD_DIR / "jieba"          # referenced by config.yml
NLU_BUILD_DIR = BUILD_DIR / "nlu"        # generated lookup tables, trained with data/


def rasa_environment() -> dict[str, str]:
    """Quiet, offline, CPU-only Rasa with the project importable."""
    env = dict(os.environ)
    env.update({
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "-1",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONWARNINGS": "ignore",
        "RASA_CACHE_DIRECTORY": str(PROJECT_ROOT / "var" / "rasa_cache"),
        "SANIC_HOST": settings.host,  # rasa_sdk's action server binds here
    })
    return env


def endpoints_file(settings=settings) -> Path:  # noqa: ANN001 - a Settings
    """Generated per data directory, so differently configured stacks never share it."""
    return settings.data_path / "rasa_endpoints.yml"


def model_dir() -> Path:
    return settings.path(settings.model_dir)

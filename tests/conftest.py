"""Fixtures shared across test folders: the real knowledge base, seeded once per run."""
from __future__ import annotations

import pytest

from services_db import KnowledgeBase
from services_db.cli import main as kb_cli


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite knowledge base seeded from services_db/seed (the real content)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    assert kb_cli(["--url", url, "setup"]) == 0
    return url


@pytest.fixture(scope="session")
def knowledge_base(kb_url: str) -> KnowledgeBase:
    return KnowledgeBase.open(kb_url)

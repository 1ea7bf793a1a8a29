"""The one place the action server opens the service knowledge base."""
from __future__ import annotations

from functools import lru_cache

from bot.settings import settings
from services_db import KnowledgeBase


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """Opened once per process; it reloads itself when staff publish an edit."""
    return KnowledgeBase.open(settings.kb_database_url)

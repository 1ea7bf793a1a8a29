"""Knowledge base of Shenzhen government services: schema, seed, retrieval, answers.

``from services_db import KnowledgeBase`` is the entry point for the bot and the
gateway; the heavy retrieval imports (jieba, bm25s) load on first use, so the
CLI's ``migrate``/``seed`` stay quick.
"""
from __future__ import annotations

from typing import Any

__all__ = ["Answer", "Hit", "KnowledgeBase", "SearchResult", "UnknownServiceError"]

_EXPORTS = {
    "KnowledgeBase": "services_db.knowledge_base",
    "Answer": "services_db.results",
    "Hit": "services_db.results",
    "SearchResult": "services_db.results",
    "UnknownServiceError": "services_db.answers",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'services_db' has no attribute {name!r}")

"""The knowledge base as the rest of the system sees it.

Holds one immutable :class:`Retriever` (catalog + index) per published
revision.  A watcher thread reads the revision once a second (one primary-key
read) and, when it moved, rebuilds and swaps the retriever, so a published
edit is served within about a second even by a process nobody is talking to;
requests never wait for a rebuild (except the first build in
:meth:`KnowledgeBase.open`).  Public calls also check on their own, for
knowledge bases built without the watcher.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from services_db.answers import compose_answer
from services_db.catalog import Catalog, load_catalog
from services_db.db import make_engine
from services_db.export import dictionary_terms
from services_db.results import Answer, SearchResult
from services_db.retriever import Retriever
from services_db.revision import current_revision
from services_db.tokens import Tokenizer
from services_db.views import category_view, service_guide, service_summary

_log = logging.getLogger(__name__)
CHECK_INTERVAL = 1.0  # seconds between revision checks


class KnowledgeBase:
    """Search and answers over the published services; safe to share between threads."""

    def __init__(self, engine: Engine, check_interval: float = CHECK_INTERVAL) -> None:
        self.engine = engine
        self.check_interval = check_interval
        self._tokenizer = Tokenizer()
        self._build_lock = threading.Lock()
        self._retriever = Retriever(Catalog(revision=-1), self._tokenizer)
        self._checked_at = 0.0
        self._rebuilding: threading.Thread | None = None
        self._reachable = False
        self._closed = threading.Event()
        self._watcher: threading.Thread | None = None

    @classmethod
    def open(cls, url: str | None = None, watch: bool = True) -> KnowledgeBase:
        """Connect (default: ``settings.kb_database_url``), build the index once, then keep it fresh."""
        kb = cls(make_engine(url))
        kb.refresh()
        if watch:
            kb._watcher = threading.Thread(target=kb._watch, daemon=True, name="kb-watcher")
            kb._watcher.start()
        return kb

    def _watch(self) -> None:
        while not self._closed.wait(self.check_interval):
            self._refresh_quietly()

    def close(self) -> None:
        self._closed.set()
        if self._watcher is not None:
            self._watcher.join()
        if self._rebuilding is not None:
            self._rebuilding.join()
        self.engine.dispose()

    # ---- freshness ------------------------------------------------------------------
    def _stored_revision(self) -> int | None:
        try:
            with self.engine.connect() as conn:
                revision = current_revision(conn)
            self._reachable = True
            return revision
        except SQLAlchemyError as error:
            if self._reachable:
                _log.warning("knowledge base unreachable: %s", error)
            self._reachable = False
            return None

    def refresh(self) -> bool:
        """Rebuild now if the stored revision differs from the one served; True if rebuilt."""
        with self._build_lock:
            stored = self._stored_revision()
            if stored is None or stored == self._retriever.catalog.revision:
                return False
            started = time.perf_counter()
            with self.engine.connect() as conn:
                catalog = load_catalog(conn, self._retriever.catalog)
            self._retriever = Retriever(catalog, self._tokenizer, previous=self._retriever)
            _log.info("knowledge base revision %s indexed in %.2f s (%d services)", catalog.revision,
                      time.perf_counter() - started, len(catalog.services))
            return True

    def _current(self) -> Retriever:
        """The retriever to use now; starts a background rebuild when the revision moved."""
        now = time.monotonic()
        if now - self._checked_at >= self.check_interval:
            self._checked_at = now
            if self._rebuilding is None or not self._rebuilding.is_alive():
                stored = self._stored_revision()
                if stored is not None and stored != self._retriever.catalog.revision:
                    self._rebuilding = threading.Thread(target=self._refresh_quietly, daemon=True,
                                                        name="kb-rebuild")
                    self._rebuilding.start()
        return self._retriever

    def _refresh_quietly(self) -> None:
        try:
            self.refresh()
        except Exception:  # keep serving the previous revision; the next check retries
            _log.exception("knowledge base rebuild failed")

    # ---- public interface -----------------------------------------------------------
    def search(self, question: str, service_hint: str | None = None, k: int = 3) -> SearchResult:
        """Best service/FAQ for a question; ``service_hint`` answers follow-ups ("那要多少钱？")."""
        return self._current().search(question, service_hint, k)

    def answer(self, service_id: str, aspect: str | None, senior: bool = False,
               faq_id: int | None = None) -> Answer:
        """Answer text about one aspect; raises ``UnknownServiceError`` (a KeyError) for unknown ids."""
        return compose_answer(self._current().catalog, service_id, aspect, senior, faq_id)

    def resolve_service(self, text: str) -> str | None:
        return self._current().resolve_service(text)

    def list_services(self, category: str | None = None) -> list[dict[str, Any]]:
        catalog = self._current().catalog
        return [service_summary(catalog, s) for s in catalog.services.values()
                if category is None or s.category_id == category]

    def get_service(self, service_id: str) -> dict[str, Any] | None:
        catalog = self._current().catalog
        service = catalog.services.get(service_id)
        return service_guide(catalog, service) if service is not None else None

    def category(self, category_id: str) -> dict[str, Any] | None:
        category = self._current().catalog.categories.get(category_id)
        return category_view(category) if category is not None else None

    def categories(self) -> list[dict[str, Any]]:
        return [category_view(c) for c in self._current().catalog.categories.values()]

    def revision(self) -> int:
        """The revision currently served (-1 before the first successful load)."""
        return self._current().catalog.revision

    def health(self) -> bool:
        """True when the database answers and published services are loaded."""
        return self._stored_revision() is not None and bool(self._current().catalog.services)

    def dictionary_terms(self) -> list[str]:
        """Words the NLU's jieba must keep whole: names, aliases, synonyms, terms, districts."""
        return dictionary_terms(self._current().catalog)

"""The values the knowledge base hands to its callers (actions, gateway, bench)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Hit:
    """One candidate: a service, optionally the FAQ that matched best, and a score in [0, 1]."""

    service_id: str
    service_name: str
    category: str
    faq_id: int | None
    score: float


@dataclass(frozen=True)
class SearchResult:
    """``found`` is True when ``best`` clears the calibrated threshold.

    When not found, ``best`` is None and ``alternatives`` holds the top
    candidates for a "您是不是想问…" reply; ``category`` is set when the question
    clearly belongs to one category even though no service matched.
    """

    found: bool
    best: Hit | None
    alternatives: list[Hit] = field(default_factory=list)
    aspect: str | None = None
    category: str | None = None
    corrections: list[tuple[str, str]] = field(default_factory=list)  # (written, understood as)


@dataclass(frozen=True)
class Answer:
    """Text for the citizen plus the facts a UI shows next to it."""

    text: str
    service_id: str
    category: str
    hotline: str
    source_url: str
    last_verified: str | None  # ISO date
    unverified: bool
    service_name: str = ""
    aspect: str = "general"
    faq_id: int | None = None

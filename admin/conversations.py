"""Reads of the gateway's transcript (already masked there): what went unanswered, and the numbers.

The gateway store keeps ``meta`` as JSON text; the few kinds we need are
matched with LIKE so the database does the filtering, then parsed in Python.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Engine

from admin.timefmt import BEIJING
from bot.gateway.store import feedback, messages, ratings

UNANSWERED_KINDS = {"fallback": "没听懂", "clarify": "需要澄清", "handoff": "转人工"}
ANSWERED_KINDS = ("answer",)
DAY = 86400.0


@dataclass
class InboxItem:
    question: str
    answer: str
    reason: str
    count: int = 1
    last_ts: float = 0.0

    @property
    def last_seen(self) -> str:
        return datetime.fromtimestamp(self.last_ts, BEIJING).strftime("%Y-%m-%d %H:%M")


def _kind_is(*kinds: str) -> Any:
    return or_(*(messages.c.meta.like(f'%"kind": "{k}"%') for k in kinds))


def unanswered(engine: Engine, days: int = 30, limit: int = 500) -> list[InboxItem]:
    """Questions the assistant could not answer or that got a 👎, grouped by text, newest first."""
    since = time.time() - days * DAY
    bot_rows = select(messages.c.id, messages.c.session_id, messages.c.text, messages.c.meta, messages.c.ts).where(
        messages.c.role == "bot", messages.c.ts >= since, _kind_is(*UNANSWERED_KINDS)
    ).order_by(messages.c.id.desc()).limit(limit)
    items: dict[str, InboxItem] = {}
    with engine.connect() as conn:
        for row in conn.execute(bot_rows).mappings():
            question = conn.execute(select(messages.c.text).where(
                messages.c.session_id == row["session_id"], messages.c.role == "user",
                messages.c.id < row["id"]).order_by(messages.c.id.desc()).limit(1)).scalar()
            kind = (json.loads(row["meta"] or "{}") or {}).get("kind", "fallback")
            _add(items, question, row["text"], UNANSWERED_KINDS.get(kind, kind), row["ts"])
        for row in conn.execute(select(feedback).where(feedback.c.value == "down", feedback.c.ts >= since)
                                .order_by(feedback.c.id.desc()).limit(limit)).mappings():
            _add(items, row["question"], row["answer"] or "", "👎 不满意", row["ts"])
    return sorted(items.values(), key=lambda i: (-i.last_ts, -i.count))


def _add(items: dict[str, InboxItem], question: str | None, answer: str, reason: str, ts: float) -> None:
    if not question:
        return
    key = " ".join(question.split())
    item = items.get(key)
    if item is None:
        items[key] = InboxItem(key, answer, reason, 1, ts)
        return
    item.count += 1
    if ts > item.last_ts:
        item.last_ts, item.answer, item.reason = ts, answer, reason


@dataclass
class Stats:
    days: list[str] = field(default_factory=list)
    questions_per_day: list[int] = field(default_factory=list)
    fallback_per_day: list[float] = field(default_factory=list)  # share of replies that were not answers
    top_services: list[tuple[str, int]] = field(default_factory=list)
    top_categories: list[tuple[str, int]] = field(default_factory=list)
    questions: int = 0
    fallback_rate: float | None = None
    thumbs_up: int = 0
    thumbs_down: int = 0
    rating_average: float | None = None
    ratings: int = 0

    @property
    def satisfaction(self) -> float | None:
        total = self.thumbs_up + self.thumbs_down
        return self.thumbs_up / total if total else None


def stats(engine: Engine, days: int = 30, now: float | None = None) -> Stats:
    """Numbers for the dashboard over the last ``days`` days (Beijing dates)."""
    now = time.time() if now is None else now
    first = datetime.fromtimestamp(now, BEIJING).date() - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), BEIJING).timestamp()
    out = Stats(days=[(first + timedelta(days=i)).isoformat() for i in range(days)])
    index = {d: i for i, d in enumerate(out.days)}
    questions, replies, misses = [0] * days, [0] * days, [0] * days
    services: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    query = select(messages.c.role, messages.c.meta, messages.c.ts).where(
        messages.c.ts >= since, or_(messages.c.role == "user",
                                    and_(messages.c.role == "bot",
                                         _kind_is(*ANSWERED_KINDS, *UNANSWERED_KINDS))))
    with engine.connect() as conn:
        for role, meta_text, ts in conn.execute(query):
            day = index.get(datetime.fromtimestamp(ts, BEIJING).date().isoformat())
            if day is None:
                continue
            if role == "user":
                questions[day] += 1
                continue
            meta = json.loads(meta_text or "{}") or {}
            replies[day] += 1
            if meta.get("kind") in UNANSWERED_KINDS:
                misses[day] += 1
            else:
                services.update([meta["service_id"]] if meta.get("service_id") else [])
                categories.update([meta["category"]] if meta.get("category") else [])
        votes = dict(conn.execute(select(feedback.c.value, func.count()).where(feedback.c.ts >= since)
                                  .group_by(feedback.c.value)).all())
        average, count = conn.execute(select(func.avg(ratings.c.score), func.count())
                                      .where(ratings.c.ts >= since)).one()
    out.questions_per_day = questions
    out.fallback_per_day = [m / r if r else 0.0 for m, r in zip(misses, replies, strict=True)]
    out.questions = sum(questions)
    out.fallback_rate = sum(misses) / sum(replies) if sum(replies) else None
    out.top_services, out.top_categories = services.most_common(10), categories.most_common(10)
    out.thumbs_up, out.thumbs_down = votes.get("up", 0), votes.get("down", 0)
    out.rating_average, out.ratings = (float(average) if average is not None else None), int(count)
    return out

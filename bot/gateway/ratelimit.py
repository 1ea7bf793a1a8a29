"""Sliding one-minute windows per session and per client address.

Kept in the gateway process: one gateway serves a deployment; with several
gateways each enforces its own share, which only makes limits looser by the
number of gateways (documented in the README).
"""
from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Optional


class SlidingWindowLimiter:
    def __init__(self, limit_per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit_per_minute
        self.window = 60.0
        self.clock = clock
        self._hits: Dict[str, Deque[float]] = defaultdict(deque)

    def check(self, key: str) -> Optional[int]:
        """Record one hit; return None when allowed, else seconds to wait."""
        now = self.clock()
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(hits[0] + self.window - now))
        hits.append(now)
        if len(self._hits) > 50_000:  # forget idle keys so memory stays bounded
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]

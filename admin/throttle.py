"""Login rate limiting: failed attempts per account and per address in a sliding window."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque


class LoginThrottle:
    """At most ``limit`` failures per key in ``window`` seconds; kept in this process."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until another attempt is allowed for all ``keys`` (0 = now)."""
        now = time.monotonic()
        with self._lock:
            waits = [int(f[0] + self.window - now) + 1 for f in (self._recent(k, now) for k in keys)
                     if len(f) >= self.limit]
        return max(waits, default=0)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

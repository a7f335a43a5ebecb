"""Rate limits: a token bucket per phone and one for all phones together.

A phone may send a burst (joining, a retry queue emptied after the Wi-Fi came back) but
not a stream; all phones together may not swamp the single writer, which also serves the
facilitator's window. Time comes from a clock passed in (tests use their own).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Bucket:
    rate: float  # tokens per second
    burst: float
    tokens: float = -1.0
    at: float = 0.0

    def take(self, now: float) -> float:
        """0 if a request may go now, else the seconds to wait."""
        if self.tokens < 0:
            self.tokens, self.at = self.burst, now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class RateLimits:
    per_phone: float = 10.0  # requests per second, sustained
    phone_burst: float = 40.0
    total: float = 1000.0
    total_burst: float = 2000.0
    clock: Callable[[], float] = time.monotonic
    _phones: dict[str, Bucket] = field(default_factory=dict)
    _all: Bucket | None = None

    # Beyond this many phones (or addresses) the oldest buckets are forgotten: full ones,
    # so forgetting them lets nobody send more than a burst.
    MAX_PHONES = 10_000

    def wait(self, phone: str) -> float:
        """0 if ``phone``'s request may go now, else the seconds it should wait."""
        now = self.clock()
        if self._all is None:
            self._all = Bucket(self.total, self.total_burst)
        bucket = self._phones.get(phone)
        if bucket is None:
            if len(self._phones) >= self.MAX_PHONES:
                self._phones.pop(next(iter(self._phones)))
            bucket = self._phones[phone] = Bucket(self.per_phone, self.phone_burst)
        mine = bucket.take(now)
        if mine:
            return mine
        return self._all.take(now)

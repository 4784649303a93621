"""Per-user rate limit (pure apart from its own state): a token bucket per user id.

Searches and paging read thousands of rows; one user pressing "Older" twenty times must not
slow everyone else down. Each user may do ``burst`` of them at once, then one every
``per_seconds`` / ``burst`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

MAX_USERS = 10_000  # buckets kept; the least recently used are forgotten first


@dataclass
class RateLimiter:
    burst: int = 10
    per_seconds: float = 20.0
    _buckets: dict[int, tuple[float, datetime]] = field(default_factory=dict, init=False)

    def allow(self, user_id: int, now: datetime) -> bool:
        """Spend one token of ``user_id`` at ``now``; False when none is left."""
        rate = self.burst / self.per_seconds
        tokens, since = self._buckets.pop(user_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + max(0.0, (now - since).total_seconds()) * rate)
        allowed = tokens >= 1.0
        self._buckets[user_id] = (tokens - 1.0 if allowed else tokens, now)  # re-inserted: newest last
        while len(self._buckets) > MAX_USERS:
            del self._buckets[next(iter(self._buckets))]
        return allowed

"""When to poll a feed next: pure decisions over frozen values, no I/O, no clock reads."""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

MAX_HINT = 7 * 86400  # ignore absurd ttl / max-age / Retry-After hints beyond a week
_MAX_AGE = re.compile(r"(?:^|,)\s*(s-maxage|max-age)\s*=\s*\"?(\d+)\"?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Policy:
    """The polling rules (from settings)."""

    interval: int  # seconds between polls of a healthy feed
    max_backoff: int = 86400  # cap of the delay after errors

    def __post_init__(self) -> None:
        if self.interval < 1 or self.max_backoff < 1:
            raise ValueError("interval and max_backoff must be at least one second")


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll told us about the schedule."""

    ok: bool  # a usable answer (200 with a feed, or 304)
    ttl: int | None = None  # RSS <ttl>, seconds
    max_age: int | None = None  # Cache-Control max-age, seconds
    retry_after: int | None = None  # Retry-After, seconds from now


@dataclass(frozen=True, slots=True)
class Decision:
    next_poll_at: datetime
    min_interval: int | None  # remembered, so a 304 (without ttl) keeps the feed's own minimum
    error_count: int


def _clamp_hint(value: int | None) -> int | None:
    if value is None or value <= 0:
        return None
    return min(value, MAX_HINT)


def backoff_delay(policy: Policy, error_count: int, min_interval: int | None = None) -> int:
    """base · 2^(n-1) for the n-th error in a row, capped at ``policy.max_backoff``; the base is
    the interval, or the feed's own minimum (ttl / max-age) when that is longer: an error never
    brings a poll sooner than the feed asked for."""
    base = max(policy.interval, min_interval or 0)
    if error_count <= 0:
        return base
    exponent = min(error_count - 1, 40)  # 2**40 s is far past any cap; keeps the int small
    return min(base * (1 << exponent), max(policy.max_backoff, base))


def decide(
    policy: Policy, now: datetime, result: PollResult, *, error_count: int, min_interval: int | None
) -> Decision:
    """Next poll time after ``result``; ``error_count``/``min_interval`` are the feed's stored values."""
    if result.ok:
        hints = [h for h in (_clamp_hint(result.ttl), _clamp_hint(result.max_age)) if h is not None]
        # A fresh ttl/max-age replaces the remembered one; a 304 without them keeps it.
        new_min = max(hints) if hints else min_interval
        delay = max(policy.interval, new_min or 0)
        return Decision(now + timedelta(seconds=delay), new_min, 0)
    count = error_count + 1
    delay = backoff_delay(policy, count, min_interval)
    retry_after = _clamp_hint(result.retry_after)
    if retry_after is not None:
        delay = max(delay, retry_after)  # never come back before the server asked us to
    return Decision(now + timedelta(seconds=delay), min_interval, count)


def parse_retry_after(value: str | None, now: datetime) -> int | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - now).total_seconds()))


def parse_max_age(cache_control: str | None) -> int | None:
    """``max-age`` (or ``s-maxage``) in seconds from a Cache-Control header; larger wins."""
    if not cache_control:
        return None
    found = [int(m.group(2)) for m in _MAX_AGE.finditer(cache_control)]
    return max(found) if found else None


def is_due(next_poll_at: datetime | None, now: datetime) -> bool:
    return next_poll_at is None or next_poll_at <= now

"""When a request really left: the rate limiter stamps it, so round trips exclude its queue.

The outbox sender sizes its send window from measured round trips (``bot.telegram.window``).
PTB's ``AIORateLimiter`` holds a request back (30/s overall, 20/min per group, RetryAfter) before
it calls the HTTP layer; that wait is not network or database time and must not count. The
sender opens a :class:`RequestStamp` around each request (a context variable: the limiter runs
in the sender's own task), and :class:`StampingRateLimiter` records the moment the limiter lets
the request go. Without a limiter (tests, benches with limits lifted) nothing stamps, and the
sender counts from its own call.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeAlias

from telegram.ext import AIORateLimiter

JSONResult: TypeAlias = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass
class RequestStamp:
    """Filled by the limiter: when the request passed it (``time.monotonic``), else None."""

    released_at: float | None = None


_current: ContextVar[RequestStamp | None] = ContextVar("claimwatch_request_stamp", default=None)


@contextmanager
def stamping() -> Iterator[RequestStamp]:
    """Collect the release time of the requests made inside the block (the last one wins)."""
    stamp = RequestStamp()
    token = _current.set(stamp)
    try:
        yield stamp
    finally:
        _current.reset(token)


def mark_released(now: Callable[[], float] = time.monotonic) -> None:
    """Record that the current request leaves now (no-op outside :func:`stamping`)."""
    stamp = _current.get()
    if stamp is not None:
        stamp.released_at = now()


class StampingRateLimiter(AIORateLimiter):
    """``AIORateLimiter`` that stamps the moment each request leaves its queue."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        async def released(*a: Any, **kw: Any) -> JSONResult:
            mark_released()  # the limiter let it through: from here on it is a round trip
            return await callback(*a, **kw)

        return await super().process_request(released, args, kwargs, endpoint, data, rate_limit_args)

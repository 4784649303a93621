"""How many messages the outbox sender keeps in flight: the adaptive send window (pure).

A message between its request and the commit that records it as ``sent`` is the one a killed
sender repeats. Fewer in flight means fewer repeats; too few caps throughput at
``window / round trip``. The window is the smallest number that still sustains Telegram's
overall rate (``target_rate``, about 30 messages/s for one bot):

    size = ceil(target_rate × median of the last ``SAMPLES`` round trips), within [1, ceiling]

With a fast API (round trip plus commit under 33 ms) that is 1, so a kill -9 repeats at most one
message; a slow API (300 ms) gets 9 in flight, capped by ``ceiling``
(``CLAIMWATCH_SENDER_CONCURRENCY``). The median, not the mean: one stalled request must not
widen the window for the next 31.

Round trips are measured by the sender from just before the request to just after the commit,
*excluding* time spent queued in the rate limiter (``bot.telegram.timing``): a sender held back
to 30/s would otherwise see long "round trips", widen the window, and hold more messages
unrecorded for no gain in rate.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace

SAMPLES = 32  # round trips remembered


@dataclass(frozen=True, slots=True)
class SendWindow:
    """The window's state; :meth:`observe` returns the next state, :attr:`size` the window.

    ``target_rate`` None means no rate to sustain (Telegram's limits lifted, benches against a
    fake server): the window is then always ``ceiling``. No sample yet: 1, the safe size."""

    target_rate: float | None = 30.0
    ceiling: int = 8
    round_trips: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.ceiling < 1:
            raise ValueError("the send window's ceiling must be at least 1")
        if self.target_rate is not None and not (0 < self.target_rate < math.inf):
            raise ValueError("the target rate must be a positive finite number (or None)")

    def observe(self, round_trip: float) -> SendWindow:
        """The state after one more measured round trip (seconds; negative ones count as 0)."""
        kept = (*self.round_trips, max(round_trip, 0.0))[-SAMPLES:]
        return replace(self, round_trips=kept)

    @property
    def median_round_trip(self) -> float | None:
        return statistics.median(self.round_trips) if self.round_trips else None

    @property
    def size(self) -> int:
        if self.target_rate is None:
            return self.ceiling
        median = self.median_round_trip
        if median is None:
            return 1
        wanted = math.ceil(self.target_rate * median)
        return min(max(wanted, 1), self.ceiling)

"""The adaptive send window: its rule (pure), the rate limiter's stamp, and the sender obeying it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from fakes.seed import add_chat, add_dispute, add_story
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_alerts
from bot.clock import FakeClock
from bot.storage.models import OutboxMessage
from bot.telegram import timing
from bot.telegram.sender import OutboxSender, SenderConfig
from bot.telegram.timing import StampingRateLimiter
from bot.telegram.window import SAMPLES, SendWindow

# --- the rule ----------------------------------------------------------------------------------


def fed(window: SendWindow, *round_trips: float) -> SendWindow:
    for round_trip in round_trips:
        window = window.observe(round_trip)
    return window


def test_no_measurement_yet_means_one_in_flight() -> None:
    assert SendWindow(target_rate=30, ceiling=8).size == 1


@pytest.mark.parametrize(
    ("round_trip", "size"),
    [
        (0.002, 1),  # a fast API: one in flight already makes 500/s
        (0.033, 1),  # 30 × 0.033 = 0.99
        (0.05, 2),  # 1.5 → 2
        (0.2, 6),
        (0.26, 8),  # 7.8 → 8, the ceiling
        (2.0, 8),  # a very slow API: capped
    ],
)
def test_size_sustains_the_target_rate_at_the_median_round_trip(round_trip: float, size: int) -> None:
    assert fed(SendWindow(target_rate=30, ceiling=8), round_trip).size == size


def test_median_ignores_a_few_stalls() -> None:
    window = fed(SendWindow(target_rate=30, ceiling=8), *[0.004] * 20, *[5.0] * 11)
    assert window.size == 1


def test_only_the_last_samples_count() -> None:
    slow = fed(SendWindow(target_rate=30, ceiling=8), *[0.2] * SAMPLES)
    assert slow.size == 6
    sped_up = fed(slow, *[0.01] * (SAMPLES // 2 + 1))
    assert len(sped_up.round_trips) == SAMPLES
    assert sped_up.size == 1


def test_no_target_rate_keeps_the_ceiling() -> None:
    assert fed(SendWindow(target_rate=None, ceiling=5), 0.001).size == 5
    assert SendWindow(target_rate=None, ceiling=5).size == 5


def test_negative_round_trip_counts_as_zero() -> None:
    window = SendWindow(target_rate=30, ceiling=8).observe(-1.0)
    assert window.round_trips == (0.0,)
    assert window.size == 1


def test_observe_leaves_the_state_unchanged() -> None:
    window = SendWindow(target_rate=30, ceiling=8)
    window.observe(1.0)
    assert window.round_trips == ()


@pytest.mark.parametrize(("rate", "ceiling"), [(30.0, 0), (0.0, 8), (-1.0, 8), (float("inf"), 8)])
def test_invalid_settings_are_refused(rate: float, ceiling: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        SendWindow(target_rate=rate, ceiling=ceiling)


# --- the rate limiter's stamp ---------------------------------------------------------------------


async def test_limiter_stamps_the_moment_the_request_leaves_it() -> None:
    limiter = StampingRateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=0)
    seen: list[float | None] = []

    with timing.stamping() as stamp:

        async def request(*args: Any, **kwargs: Any) -> dict[str, Any]:
            seen.append(stamp.released_at)  # already stamped when the HTTP layer is called
            return {"message_id": 1}

        assert stamp.released_at is None
        result = await limiter.process_request(request, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert result == {"message_id": 1}
    assert len(seen) == 1
    assert seen[0] is not None


def test_stamp_outside_a_block_is_ignored() -> None:
    timing.mark_released(lambda: 1.0)  # no sender is measuring: nothing to record, no error
    with timing.stamping() as stamp:
        timing.mark_released(lambda: 2.0)
    assert stamp.released_at == 2.0


# --- the sender follows the window ----------------------------------------------------------------


class VirtualTime:
    """A monotonic clock per asyncio task: each sender worker sees exactly its own requests'
    round trips, however the event loop interleaves them (no real waiting)."""

    def __init__(self) -> None:
        self._now: dict[asyncio.Task[Any] | None, float] = {}

    def __call__(self) -> float:
        return self._now.get(asyncio.current_task(), 0.0)

    def advance(self, seconds: float) -> None:
        task = asyncio.current_task()
        self._now[task] = self._now.get(task, 0.0) + seconds


class TimedBot:
    """A Bot API whose requests take ``round_trip`` virtual seconds after ``queued`` seconds in
    a rate limiter; it counts the requests in flight at once."""

    def __init__(self, time: VirtualTime, round_trip: float, queued: float = 0.0) -> None:
        self.time = time
        self.round_trip = round_trip
        self.queued = queued
        self.in_flight = 0
        self.peak = 0
        self.sent: list[int] = []

    async def _post(self, endpoint: str, data: dict[str, Any] | None = None) -> Any:
        assert data is not None
        self.time.advance(self.queued)  # held back by the limiter: not part of the round trip
        timing.mark_released(self.time)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        for _ in range(10):  # let every worker the window admits reach its request
            await asyncio.sleep(0)
        self.time.advance(self.round_trip)
        self.in_flight -= 1
        self.sent.append(int(data["chat_id"]))
        return {"message_id": len(self.sent)}


async def fan_out(session_factory: async_sessionmaker[AsyncSession], clock: FakeClock, chats: int) -> None:
    for chat_id in range(1, chats + 1):
        await add_chat(session_factory, 7000 + chat_id)
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Reservoir levels", clock.now())
        dispute = await add_dispute(session, now=clock.now(), story=story)
        await enqueue_alerts(session, [dispute], now=clock.now())


@pytest.mark.parametrize(
    ("round_trip", "queued", "target_rate", "ceiling", "peak"),
    [
        (0.001, 0.0, 30.0, 8, 1),  # fast API: one at a time is enough for 30/s
        (0.001, 1.0, 30.0, 8, 1),  # a long wait in the limiter does not widen the window
        (0.2, 0.0, 30.0, 8, 6),  # slow API: ceil(30 × 0.2)
        (0.5, 0.0, 30.0, 4, 4),  # slower still: capped by the concurrency setting
        (0.001, 0.0, None, 8, 8),  # limits lifted: the whole ceiling
    ],
)
async def test_requests_in_flight_follow_the_window(
    session_factory: async_sessionmaker[AsyncSession],
    round_trip: float,
    queued: float,
    target_rate: float | None,
    ceiling: int,
    peak: int,
) -> None:
    clock = FakeClock()
    await fan_out(session_factory, clock, chats=30)
    time = VirtualTime()
    bot = TimedBot(time, round_trip, queued)
    config = SenderConfig(concurrency=ceiling, target_rate=target_rate, owner="window-test")
    sender = OutboxSender(bot, session_factory, clock, config, monotonic=time)

    try:
        assert await sender.drain_once() == 30
    finally:
        await sender.stop()  # closes the connection that records deliveries

    assert sorted(bot.sent) == list(range(7001, 7031))  # every chat once
    assert sender.peak_in_flight == peak
    assert bot.peak <= peak
    assert sender.window.size == peak
    assert len(sender.window.round_trips) == 30
    assert sender.window.median_round_trip == pytest.approx(round_trip)
    async with session_factory() as session:
        statuses = set((await session.scalars(select(OutboxMessage.status))).all())
    assert statuses == {"sent"}

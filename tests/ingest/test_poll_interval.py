"""CLAIMWATCH_POLL_INTERVAL=10 polls a feed every 10 s, not every second tick (20 s)."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fakes.feed_server import FeedServer, Route

from bot.clock import FakeClock
from bot.ingest.scheduler import PollScheduler
from bot.settings import Settings

from .builders import item, rss
from .helpers import Factory, add_feeds

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")


async def test_a_feed_stored_after_its_tick_is_polled_at_the_next_tick(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    gate = asyncio.Event()
    url = server.set("/feed", Route(body=rss([item(1)]), gate=gate))
    await add_feeds(session_factory, url)
    scheduler = PollScheduler(
        session_factory=session_factory,
        client=client,
        settings=settings.model_copy(update={"poll_interval": 10}),
        clock=clock,
    )
    assert scheduler.tick == 10
    try:
        # Tick at t=0; the answer takes half a second, so the feed is stored at t=0.5.
        cycle = asyncio.create_task(scheduler.run_cycle())
        await server.wait_active(1)
        clock.advance(0.5)
        gate.set()
        await cycle
        # The next tick, t=10: the feed was polled 10 s ago and is due again.
        clock.advance(9.5)
        report = await scheduler.run_cycle()
        assert report is not None
        assert [f.status for f in report.feeds] == ["ok"]
        assert len(server.hits("/feed")) == 2
    finally:
        await scheduler.shutdown()

"""The poll cycle on every database back end (PostgreSQL when CLAIMWATCH_TEST_DATABASE_URL is set)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import select

from bot.clock import FakeClock
from bot.settings import Settings
from bot.storage.feeds import claim_feeds, due_feed_ids, release_feeds
from bot.storage.models import Article, DisputeRow, Feed, FeedEntry

from .builders import item, rss
from .helpers import Factory, add_feeds, count, get_feed_row, make_poller

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

CONTESTED = (
    "Local health officials said 340 people were injured in the harbour blast on Tuesday. "
    "The port authority denied the figure, saying it was greatly exaggerated."
)


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_full_cycle(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, db_session_factory: Factory
) -> None:
    clock = FakeClock()
    link = "http://news.test/world/blast"
    a = server.set(
        "/a",
        Route(
            body=rss(
                [item(1, link=f"{link}?utm_source=a", content=f"<p>{CONTESTED}</p>", published=clock.now())]
            ),
            etag='"a1"',
        ),
    )
    # The same article through a second feed (whichever feed is stored first brings it in).
    same = item(7, link=f"{link}#top", content=f"<p>{CONTESTED}</p>", published=clock.now())
    b = server.set("/b", Route(body=rss([same])))
    gone = server.set("/gone", Route(status=410))
    moved = server.redirect("/moved", "/b2", 308)
    server.set("/b2", Route(body=rss([item(8, base="http://other.test")])))
    ids = await add_feeds(db_session_factory, a, b, gone, moved)
    poller = make_poller(db_session_factory, client, settings, clock, detect=True)

    report = await poller.run_cycle()
    assert [f.status for f in report.feeds] == ["ok", "ok", "gone", "ok"]
    assert report.new_entries == 2
    assert await count(db_session_factory, Article) == 2
    assert await count(db_session_factory, FeedEntry) == 3
    assert await count(db_session_factory, DisputeRow) == 1
    assert not (await get_feed_row(db_session_factory, ids[2])).enabled
    assert (await get_feed_row(db_session_factory, ids[3])).url == server.url("/b2")

    clock.advance(settings.poll_interval)
    again = await poller.run_cycle()
    assert sorted(f.status for f in again.feeds) == ["not-modified", "ok", "ok"]
    assert again.new_entries == 0
    assert await count(db_session_factory, DisputeRow) == 1


async def test_claims_are_exclusive(db_session_factory: Factory) -> None:
    clock = FakeClock()
    now = clock.now()
    ids = await add_feeds(db_session_factory, "http://x.test/1", "http://x.test/2")
    async with db_session_factory() as session, session.begin():
        assert await due_feed_ids(session, now) == ids
        claimed = await claim_feeds(session, ids, now, now + timedelta(minutes=10))
        assert [f.id for f in claimed] == ids
    async with db_session_factory() as session, session.begin():
        assert await due_feed_ids(session, now) == []
        assert await claim_feeds(session, ids, now, now + timedelta(minutes=10)) == []
        forced = await claim_feeds(session, ids[:1], now, now + timedelta(minutes=10), force=True)
        assert [f.id for f in forced] == ids[:1]
        rows = (await session.execute(select(Feed.next_poll_at))).scalars().all()
    assert rows == [now + timedelta(minutes=10)] * 2


async def test_released_leases_are_due_again(db_session_factory: Factory) -> None:
    clock = FakeClock()
    now = clock.now()
    lease = now + timedelta(minutes=10)
    first, second = await add_feeds(db_session_factory, "http://x.test/1", "http://x.test/2")
    async with db_session_factory() as session, session.begin():
        await claim_feeds(session, [first, second], now, lease)
        feed = await session.get(Feed, second)
        assert feed is not None
        feed.next_poll_at = now + timedelta(minutes=5)  # stored before the shutdown: keeps its time
    async with db_session_factory() as session, session.begin():
        assert await release_feeds(session, [first, second], lease, now) == 1
    async with db_session_factory() as session:
        assert await due_feed_ids(session, now) == [first]

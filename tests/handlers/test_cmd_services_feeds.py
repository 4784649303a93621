from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from fakes.seed import add_feed
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import UnsafeURLError
from bot.services import feed_admin
from bot.storage.models import Feed

SF = async_sessionmaker[AsyncSession]


@pytest.fixture
def session_factory(db_session_factory: SF) -> SF:
    """Every service test runs on SQLite, and on PostgreSQL when CLAIMWATCH_TEST_DATABASE_URL is set."""
    return db_session_factory


async def public_resolver(host: str, port: int) -> Sequence[str]:
    return {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.8"]}[host]


async def test_add_list_remove(session_factory: SF) -> None:
    result = await feed_admin.add_feed(
        session_factory, "https://news.example/rss", admin_id=5, resolver=public_resolver
    )
    assert result.added
    again = await feed_admin.add_feed(
        session_factory, "https://news.example/rss", admin_id=5, resolver=public_resolver
    )
    assert (again.added, again.feed.id) == (False, result.feed.id)
    async with session_factory() as session:
        feed = await session.get(Feed, result.feed.id)
        assert feed is not None
        assert (feed.source, feed.added_by, feed.enabled) == ("admin", 5, True)

    removed = await feed_admin.remove_feed(session_factory, result.feed.id)
    assert removed is not None
    assert not removed.enabled
    assert await feed_admin.remove_feed(session_factory, result.feed.id) is None
    assert await feed_admin.remove_feed(session_factory, 999) is None


async def test_unsafe_url_is_not_stored(session_factory: SF) -> None:
    with pytest.raises(UnsafeURLError, match="private address"):
        await feed_admin.add_feed(
            session_factory, "http://intranet.example/rss", admin_id=5, resolver=public_resolver
        )
    assert await feed_admin.list_feeds(session_factory) == []


async def test_list_puts_failing_feeds_first_and_disabled_last(session_factory: SF) -> None:
    ok = await add_feed(session_factory, "https://a.example/rss")
    off = await add_feed(
        session_factory, "https://b.example/rss", enabled=False, disabled_reason="gone (410)"
    )
    failing = await add_feed(
        session_factory,
        "https://c.example/rss",
        error_count=4,
        last_error="timeout",
        error_since=datetime(2026, 1, 1, tzinfo=UTC),
    )
    listed = await feed_admin.list_feeds(session_factory)
    assert [f.id for f in listed] == [failing, ok, off]
    assert listed[0].last_error == "timeout"


async def test_overlong_url_is_refused_before_lookup(session_factory: SF) -> None:
    async def no_dns(host: str, port: int) -> Sequence[str]:
        raise AssertionError("no lookup expected")

    with pytest.raises(UnsafeURLError, match="at most 2048"):
        await feed_admin.add_feed(
            session_factory, "https://news.example/" + "a" * 2100, admin_id=1, resolver=no_dns
        )

"""Bot administrators' feed management: list with error states, add (safely), remove."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import UnsafeURLError
from bot.services.url_safety import Resolver, check_feed_url, system_resolver
from bot.storage import feeds
from bot.storage.models import Feed

MAX_URL_CHARS = 2048  # the length of Feed.url


@dataclass(frozen=True, slots=True)
class FeedInfo:
    id: int
    url: str
    title: str | None
    enabled: bool
    disabled_reason: str | None
    error_count: int
    last_error: str | None
    error_since: datetime | None
    last_polled_at: datetime | None
    last_success_at: datetime | None

    @classmethod
    def of(cls, feed: Feed) -> FeedInfo:
        return cls(
            id=feed.id,
            url=feed.url,
            title=feed.title,
            enabled=feed.enabled,
            disabled_reason=feed.disabled_reason,
            error_count=feed.error_count or 0,
            last_error=feed.last_error,
            error_since=feed.error_since,
            last_polled_at=feed.last_polled_at,
            last_success_at=feed.last_success_at,
        )


@dataclass(frozen=True, slots=True)
class AddResult:
    feed: FeedInfo
    added: bool  # False: the feed was already watched


async def list_feeds(session_factory: async_sessionmaker[AsyncSession]) -> list[FeedInfo]:
    """Every feed, enabled first, failing ones among them first, then by id."""
    async with session_factory() as session:
        infos = [FeedInfo.of(f) for f in await feeds.list_feeds(session)]
    return sorted(infos, key=lambda f: (not f.enabled, f.error_count == 0, f.id))


async def add_feed(
    session_factory: async_sessionmaker[AsyncSession],
    url: str,
    *,
    admin_id: int | None,
    resolver: Resolver = system_resolver,
    allow_private: bool = False,
) -> AddResult:
    """Validate ``url`` (http(s), public addresses only unless ``allow_private``, the same
    setting the poller honours) and watch it. Raises UnsafeURLError."""
    if len(url.strip()) > MAX_URL_CHARS:
        raise UnsafeURLError(
            f"the URL is {len(url.strip())} characters long; at most {MAX_URL_CHARS} are accepted."
        )
    safe = await check_feed_url(url, resolver, allow_private=allow_private)
    async with session_factory() as session, session.begin():
        feed, added = await feeds.add_feed(session, safe, added_by=admin_id, source="admin")
        return AddResult(feed=FeedInfo.of(feed), added=added)


async def remove_feed(session_factory: async_sessionmaker[AsyncSession], feed_id: int) -> FeedInfo | None:
    """Stop polling feed ``feed_id``; None if there is no such enabled feed."""
    async with session_factory() as session, session.begin():
        feed = await feeds.remove_feed(session, feed_id)
        return None if feed is None else FeedInfo.of(feed)

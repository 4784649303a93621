"""Feeds: the list the poller works through, and the changes admins and the feeds file make."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.storage.models import Feed

if TYPE_CHECKING:
    from bot.ingest.intent import FeedUpdateIntent

log = logging.getLogger(__name__)

REMOVED_BY_ADMIN = "removed by an admin"
NOT_IN_FILE = "no longer in the feeds file"


async def get_feed(session: AsyncSession, url: str) -> Feed | None:
    """The feed at ``url``, or the one first listed as ``url`` before a permanent redirect."""
    url = url.strip()
    feed = (await session.execute(select(Feed).where(Feed.url == url))).scalar_one_or_none()
    if feed is None:
        query = select(Feed).where(Feed.listed_url == url).order_by(Feed.id).limit(1)
        feed = (await session.execute(query)).scalar_one_or_none()
    return feed


async def add_feed(
    session: AsyncSession,
    url: str,
    *,
    title: str | None = None,
    added_by: int | None = None,
    source: str = "admin",
) -> tuple[Feed, bool]:
    """Watch ``url`` (already validated, e.g. by ``bot.services.url_safety``).

    Returns ``(feed, added)``: ``added`` is False when the feed was already watched. A disabled
    feed is enabled again with a clean error state and polled at the next cycle.
    """
    url = url.strip()
    feed = await get_feed(session, url)
    if feed is None:
        feed = Feed(url=url, listed_url=url, title=title, source=source, added_by=added_by, enabled=True)
        session.add(feed)
        await session.flush()
        return feed, True
    if feed.enabled:
        return feed, False
    feed.enabled = True
    feed.disabled_reason = None
    feed.error_count = 0
    feed.last_error = None
    feed.error_since = None
    feed.next_poll_at = None
    if title and not feed.title:
        feed.title = title
    if added_by is not None:
        feed.added_by = added_by
    await session.flush()
    return feed, True


async def remove_feed(session: AsyncSession, url_or_id: str | int) -> Feed | None:
    """Stop polling a feed; its articles stay. Returns the feed, or None if unknown/already off.

    The row is kept (disabled), so the feeds file does not bring it back at the next start and
    the entries already seen are not taken for new ones if it is added again.
    """
    if isinstance(url_or_id, int):
        feed = await session.get(Feed, url_or_id)
    else:
        feed = await get_feed(session, url_or_id)
    if feed is None or not feed.enabled:
        return None
    feed.enabled = False
    feed.disabled_reason = REMOVED_BY_ADMIN
    await session.flush()
    return feed


async def list_feeds(session: AsyncSession, *, include_disabled: bool = True) -> list[Feed]:
    query = select(Feed).order_by(Feed.id)
    if not include_disabled:
        query = query.where(Feed.enabled.is_(True))
    return list((await session.execute(query)).scalars())


async def due_feed_ids(session: AsyncSession, now: datetime, *, limit: int | None = None) -> list[int]:
    """Enabled feeds whose next poll time has come (never polled ones first)."""
    query = (
        select(Feed.id)
        .where(Feed.enabled.is_(True), or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        .order_by(Feed.next_poll_at.is_not(None), Feed.next_poll_at, Feed.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list((await session.execute(query)).scalars())


async def claim_feeds(
    session: AsyncSession, ids: Sequence[int], now: datetime, lease_until: datetime, *, force: bool = False
) -> list[Feed]:
    """Mark ``ids`` as being polled (next poll pushed to ``lease_until``) and return those this
    call claimed. A feed another poller claimed meanwhile is not due any more and is skipped,
    so no feed is polled twice at once, even from two processes."""
    if not ids:
        return []
    condition: list[ColumnElement[bool]] = [Feed.id.in_(list(ids)), Feed.enabled.is_(True)]
    if not force:
        condition.append(or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
    claimed = list(
        (
            await session.execute(
                update(Feed).where(*condition).values(next_poll_at=lease_until).returning(Feed.id)
            )
        ).scalars()
    )
    if not claimed:
        return []
    feeds = (await session.execute(select(Feed).where(Feed.id.in_(claimed)).order_by(Feed.id))).scalars()
    return list(feeds)


async def release_feeds(
    session: AsyncSession, ids: Sequence[int], lease_until: datetime, now: datetime
) -> int:
    """Make ``ids`` due at ``now`` again where they still hold the lease ``lease_until`` (a feed
    stored meanwhile has its own next poll time and is left alone). Returns how many."""
    if not ids:
        return 0
    result = await session.execute(
        update(Feed)
        .where(Feed.id.in_(list(ids)), Feed.next_poll_at == lease_until)
        .values(next_poll_at=now)
        .returning(Feed.id)
    )
    return len(result.all())


@dataclass(frozen=True, slots=True)
class FileFeed:
    url: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int
    enabled_again: int
    disabled: int
    unchanged: int


async def sync_file_feeds(session: AsyncSession, wanted: Sequence[FileFeed]) -> SyncReport:
    """Make the ``source="file"`` feeds match the feeds file: add new ones, switch off those no
    longer listed, switch back on those listed again. Admin-added/removed feeds are left alone."""
    by_url = {f.url.strip(): f for f in wanted}
    feeds = list((await session.execute(select(Feed).order_by(Feed.id))).scalars())
    existing: dict[str, Feed] = {}
    for feed in feeds:  # a feed is known by its current URL and by the URL it was listed under
        existing.setdefault(feed.url, feed)
        if feed.listed_url:
            existing.setdefault(feed.listed_url, feed)
    added = enabled_again = disabled = unchanged = 0
    for url, item in by_url.items():
        known = existing.get(url)
        if known is None:
            session.add(Feed(url=url, listed_url=url, title=item.title, source="file", enabled=True))
            added += 1
        elif not known.enabled and known.disabled_reason == NOT_IN_FILE:
            known.enabled = True
            known.disabled_reason = None
            known.next_poll_at = None
            enabled_again += 1
        else:
            if item.title and not known.title:
                known.title = item.title
            unchanged += 1
    for feed in feeds:
        listed = {feed.url, feed.listed_url}
        if feed.source == "file" and feed.enabled and not listed & by_url.keys():
            feed.enabled = False
            feed.disabled_reason = NOT_IN_FILE
            disabled += 1
    await session.flush()
    return SyncReport(added, enabled_again, disabled, unchanged)


# --- applying a poll's decision (bot.ingest.intent) -------------------------------------------


async def apply_update(session: AsyncSession, feed: Feed, intent: FeedUpdateIntent) -> None:
    """Write a poll's decision on ``feed``. A permanent move to a URL another feed already has
    disables this one instead (two rows cannot share a URL)."""
    feed.next_poll_at = intent.next_poll_at
    feed.min_interval = intent.min_interval
    feed.error_count = intent.error_count
    feed.last_error = intent.last_error
    feed.error_since = intent.error_since
    feed.last_polled_at = intent.last_polled_at
    content = intent.content
    if content is not None:
        feed.etag = content.etag
        feed.last_modified = content.last_modified
        feed.last_success_at = content.last_success_at
        if content.parsed:
            feed.title = content.title
            feed.site_url = content.site_url
            feed.last_warning = content.last_warning
            feed.backlog_done = True
    if intent.disabled_reason is not None:
        feed.enabled = False
        feed.disabled_reason = intent.disabled_reason
    if intent.moved_to is not None:
        await _move(session, feed, intent.moved_to)


async def _move(session: AsyncSession, feed: Feed, target: str) -> None:
    taken = await session.execute(select(Feed.id).where(Feed.url == target, Feed.id != feed.id))
    if taken.first() is not None:
        feed.enabled = False
        feed.disabled_reason = f"moved permanently to {target}, which is already watched"[:256]
        log.warning("feed %s (%s) disabled: %s", feed.id, feed.url, feed.disabled_reason)
        return
    log.info("feed %s moved permanently: %s -> %s", feed.id, feed.url, target)
    feed.url = target

"""Storing feed entries: one feed's failure inside a unit of work leaves the next feed intact."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.articles import NewEntry, store_entries
from bot.storage.models import Article, Feed

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def entry(url: str) -> NewEntry:
    digest = hashlib.sha256(url.encode()).hexdigest()
    return NewEntry(digest[:16], url, digest, "A title", "", "Some text.", NOW, True)


async def test_a_rolled_back_feed_does_not_lend_its_articles_to_the_next_feed(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    lost: list[Article] = []  # still referenced (as a traceback or a log record would keep them)

    async def store_then_fail(session: AsyncSession) -> None:
        async with session.begin_nested():
            lost.extend(await store_entries(session, 2, [entry("https://two.example/a")], NOW))
            raise RuntimeError("disk full")  # the savepoint is rolled back: its row ids are free again

    async with db_session_factory() as session, session.begin():
        session.add_all(
            [Feed(id=1, url="https://one.example/rss"), Feed(id=2, url="https://two.example/rss")]
        )
        await session.flush()
        with pytest.raises(RuntimeError):
            await store_then_fail(session)
        [stored] = await store_entries(session, 1, [entry("https://one.example/b")], NOW)
        assert (stored.url, stored.feed_id) == ("https://one.example/b", 1)

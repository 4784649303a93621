"""The poller's lookups before storing read without waiting for the write lock."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.storage.db import read_only
from bot.storage.models import Feed

from .helpers import Factory, add_feeds


async def test_a_read_only_session_reads_while_a_writer_holds_the_lock(session_factory: Factory) -> None:
    await add_feeds(session_factory, "http://news.test/feed")
    async with session_factory() as writer, writer.begin():
        feed = (await writer.execute(select(Feed))).scalar_one()  # SQLite: BEGIN IMMEDIATE, lock held
        feed.title = "renamed, not committed yet"
        await writer.flush()
        async with session_factory() as reader:
            await read_only(reader)
            # Without read_only this would wait for the writer (30 s busy timeout) and then fail.
            seen = await reader.scalar(select(func.count()).select_from(Feed).where(Feed.title.is_(None)))
        assert seen == 1  # the committed snapshot, not the writer's change

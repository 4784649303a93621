"""Candidate lookup reads a bounded number of rows, however common a key is in the archive."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import stories as store
from bot.stories.events import EventKey

from .factories import add_article

DAY1 = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)
COMMON = EventKey("w:regatta", 2.0)
RARE = EventKey("e:port ellis harbour board", 4.0)


async def test_a_key_too_common_in_the_window_is_no_evidence_and_reads_stay_bounded(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    cap = 12
    async with db_session_factory() as session, session.begin():
        story = await store.create_story(session, "regattas", DAY1)
        for n in range(cap + 5):  # more articles carry the common key than the cap allows
            article = await add_article(session, f"Regatta {n}", f"Sailing race number {n}.", DAY1)
            article.story_id = story.id
            await store.add_story_keys(session, article.id, [COMMON, EventKey(f"w:race{n}", 1.0)], DAY1)
        other = await store.create_story(session, "harbour board", DAY1)
        mine = await add_article(session, "Harbour board vote", "The Port Ellis Harbour Board voted.", DAY1)
        mine.story_id = other.id
        await store.add_story_keys(session, mine.id, [RARE, COMMON], DAY1)
        await session.flush()

        window = (DAY1 - timedelta(days=7), DAY1 + timedelta(days=7))
        found = await store.neighbours(session, [COMMON, RARE], *window, cap=cap, limit=5)
        # the common key is dropped (more than ``cap`` hits), so only the rare key's article is found
        assert [(n.article_id, n.story_id) for n in found] == [(mine.id, other.id)]
        assert found[0].profile == {RARE.key: RARE.weight, COMMON.key: COMMON.weight}

        below = await store.neighbours(session, [COMMON], *window, cap=100, limit=5)
        assert len(below) == 5  # under the cap it counts, but only ``limit`` profiles are read

        outside = await store.neighbours(session, [RARE], DAY1 + timedelta(days=1), DAY1 + timedelta(days=8))
        assert outside == []  # outside the window

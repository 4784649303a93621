"""Over-large same-event clusters are cut into stories that depend only on their articles."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import stories as store
from bot.storage.models import Article, Chat, ClaimRow, OutboxMessage, Story, StoryAlert
from bot.stories import linker
from bot.stories.clusters import Edge, Member, assign, edges, split
from bot.stories.linker import link_article

from .factories import add_article
from .test_order import CRANES, STRIKE, STRIKE_2, STRIKE_3, WALKOUT

DAY1 = datetime(2026, 9, 21, 6, 0, tzinfo=UTC)


def test_a_cluster_within_the_bound_is_one_story() -> None:
    chain = [Edge(1, 2, 0.45), Edge(2, 3, 0.9), Edge(4, 5, 0.6)]
    assert split([1, 2, 3, 4, 5, 6], chain, max_size=3) == [
        frozenset({1, 2, 3}),
        frozenset({4, 5}),
        frozenset({6}),
    ]


def test_an_over_large_cluster_is_cut_at_its_weakest_links_whatever_the_edge_order() -> None:
    # two tight trios glued by one weak edge: past a bound of 3, the glue goes first
    links = [Edge(1, 2, 0.8), Edge(2, 3, 0.8), Edge(1, 3, 0.7), Edge(3, 4, 0.42)]
    links += [Edge(4, 5, 0.9), Edge(5, 6, 0.75)]
    expected = [frozenset({1, 2, 3}), frozenset({4, 5, 6})]
    for order in itertools.permutations(links):
        assert split([6, 5, 4, 3, 2, 1], list(order), max_size=3) == expected
    # a bound no edge level can meet ends with every article alone
    assert split([1, 2], [Edge(1, 2, 1.0)], max_size=1) == [frozenset({1}), frozenset({2})]


def test_each_part_keeps_the_story_holding_most_of_it() -> None:
    parts = [frozenset({1, 2, 3}), frozenset({4, 5}), frozenset({6})]
    story_of: dict[int, int | None] = {1: 10, 2: 10, 3: 11, 4: 10, 5: 11, 6: None}
    assert assign(parts, story_of) == [10, 11, None]


def test_edges_need_the_same_event_within_the_window() -> None:
    at = DAY1
    a = Member(1, at, {"e:valmora dockers guild": 4.0, "q:dockworkers:60a": 2.0}, 4.5)
    b = Member(2, at + timedelta(days=1), {"e:valmora dockers guild": 4.0, "q:dockworkers:60a": 2.0}, 4.5)
    c = Member(3, at + timedelta(days=8), {"e:valmora dockers guild": 4.0, "q:dockworkers:60a": 2.0}, 4.5)
    d = Member(4, at, {"w:regatta": 1.0}, 1.0)
    found = edges([a, b, c, d], timedelta(days=7))
    assert [(e.a, e.b) for e in found] == [(1, 2), (2, 3)]


VALMORA = (STRIKE, STRIKE_2, STRIKE_3, WALKOUT, CRANES)


async def _cut_stories(
    factory: async_sessionmaker[AsyncSession], order: tuple[tuple[str, str], ...]
) -> frozenset[frozenset[str]]:
    """Link ``order`` in one transaction, rolled back after: the stories as sets of headlines."""
    async with factory() as session:
        transaction = await session.begin()
        for hour, (title, text) in enumerate(order):
            article = await add_article(session, title, text, DAY1 + timedelta(hours=hour))
            await link_article(session, article)
        rows = (await session.execute(select(Article.title, Article.story_id))).all()
        clusters = set((await session.scalars(select(Story.cluster_id))).all())
        await transaction.rollback()
    assert len(clusters) == 1  # every part of the cut remembers its cluster
    groups: dict[object, set[str]] = {}
    for title, story_id in rows:
        groups.setdefault(story_id if story_id is not None else title, set()).add(title)
    return frozenset(frozenset(g) for g in groups.values())


async def test_a_cut_cluster_gives_the_same_stories_in_any_order(
    db_session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linker, "MAX_STORY_ARTICLES", 3)
    orders = list(itertools.permutations(VALMORA))[::13]
    results = {await _cut_stories(db_session_factory, order) for order in orders}
    assert len(results) == 1
    (stories,) = results
    assert max(len(story) for story in stories) <= 3
    assert sum(len(story) for story in stories) == len(VALMORA)


async def test_a_story_emptied_by_a_cut_hands_its_outbox_rows_on(
    db_session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linker, "MAX_STORY_ARTICLES", 3)
    async with db_session_factory() as session, session.begin():
        for hour, (title, text) in enumerate(VALMORA):
            article = await add_article(session, title, text, DAY1 + timedelta(hours=hour))
            await link_article(session, article)
        stories = set((await session.scalars(select(Article.story_id))).all())
        orphaned = await session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.story_id.is_not(None), OutboxMessage.story_id.not_in(stories)
            )
        )
        assert orphaned is None
        assert set((await session.scalars(select(Story.id))).all()) == stories


async def test_a_retired_story_hands_its_outbox_rows_and_alerts_to_its_heir(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        heir = await store.create_story(session, "heir", DAY1)
        gone = await store.create_story(session, "gone", DAY1)
        session.add_all([Chat(id=1, subscribed=True), Chat(id=2, subscribed=True)])
        await session.flush()
        message = OutboxMessage(dedupe_key="a", chat_id=1, story_id=gone.id, kind="alert", text="x")
        session.add(message)
        session.add_all(
            [
                StoryAlert(chat_id=1, story_id=heir.id, signature="kept"),
                StoryAlert(chat_id=1, story_id=gone.id, signature="dropped: chat 1 knows the heir"),
                StoryAlert(chat_id=2, story_id=gone.id, signature="moved"),
            ]
        )
        await session.flush()
        await store.retire_story(session, gone.id, heir.id)
        assert (
            await session.scalar(select(OutboxMessage.story_id).where(OutboxMessage.id == message.id))
            == heir.id
        )
        alerts = (
            await session.execute(select(StoryAlert.chat_id, StoryAlert.story_id, StoryAlert.signature))
        ).all()
        assert sorted(alerts) == [(1, heir.id, "kept"), (2, heir.id, "moved")]
        assert await session.get(Story, gone.id) is None


async def test_a_merge_tells_the_session_what_it_changed(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    # the merge runs prepared statements on the connection, not ORM updates: the objects the
    # unit of work holds must still see the surviving story, and write nothing back for it
    async with db_session_factory() as session, session.begin():
        keep = await store.create_story(session, "keep", DAY1)
        gone = await store.create_story(session, "gone", DAY1 + timedelta(hours=1))
        article = await add_article(session, *WALKOUT, DAY1)
        article.story_id = gone.id
        claim = ClaimRow(
            article_id=article.id,
            story_id=gone.id,
            figure_text="300",
            counted="workers",
            sentence="300 workers walked out.",
            sentence_start=0,
            sentence_end=23,
        )
        session.add_all([Chat(id=1, subscribed=True), claim])
        await session.flush()
        session.add(StoryAlert(chat_id=1, story_id=gone.id, signature="moved"))
        await session.flush()
        gone_id = gone.id
        session.expire(claim)  # an expired object is left to be read again, not read here
        await store.merge_stories(session, keep.id, [gone_id])
        assert article.story_id == keep.id
        await session.refresh(claim)
        assert claim.story_id == keep.id
        assert not session.dirty
        assert await session.get(Story, gone_id) is None
        times = await session.scalar(select(Story.last_article_at).where(Story.id == keep.id))
        assert times == DAY1 + timedelta(hours=1)  # the later of the two
        assert (await session.scalars(select(StoryAlert.story_id))).all() == [keep.id]
        stored = (await session.execute(select(Article.story_id, ClaimRow.story_id).join(ClaimRow))).all()
        assert stored == [(keep.id, keep.id)]

"""Grouping and cross-article conflicts when stories share generic parties or event types."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Article
from bot.stories.linker import link_article

from .factories import C, add_article

DAY1 = datetime(2026, 6, 8, 7, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)

FLOOD_TITLE = "Interior ministry says 150 killed in Karsa floods"
FLOOD_TEXT = "The interior ministry said 150 people were killed in floods that swept the north of Karsa."
FLOOD_CLAIM = C(FLOOD_TEXT, "150", 150, "people killed", "The interior ministry")


async def _flood_story(session: AsyncSession) -> Article:
    article = await add_article(session, FLOOD_TITLE, FLOOD_TEXT, DAY1, claims=(FLOOD_CLAIM,))
    await link_article(session, article)
    return article


async def test_the_same_ministry_quoted_on_two_events_does_not_join_them(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        flood = await _flood_story(session)
        text = (
            "The interior ministry said three people were killed when a passenger train left the rails "
            "near Tarvia."
        )
        crash = await add_article(
            session,
            "Interior ministry says 3 killed in Tarvia train crash",
            text,
            DAY1,
            claims=(C(text, "three", 3, "people killed", "The interior ministry"),),
        )
        result = await link_article(session, crash)
        assert result.created_story
        assert crash.story_id != flood.story_id


async def test_a_rival_toll_from_a_new_party_joins_and_conflicts_once(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        flood = await _flood_story(session)
        title = "Aid group says Karsa flood deaths top 2,000"
        text = (
            "The Relief Alliance said more than 2,000 people were killed in the Karsa floods, "
            "well above the figure given by the authorities."
        )
        rival = await add_article(
            session,
            title,
            text,
            DAY2,
            claims=(
                C(title, "2,000", 2000, "flood deaths", "Aid group"),  # the headline repeats the figure
                C(text, "more than 2,000", None, "people killed", "The Relief Alliance", low=2000),
            ),
        )
        result = await link_article(session, rival)
        assert rival.story_id == flood.story_id
        assert [(d.kind, d.claim_article_id, d.disputed_by) for d in result.disputes] == [
            ("conflict", flood.id, "The Relief Alliance")
        ]


async def test_tolls_of_two_strikes_on_different_cities_are_not_a_conflict(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        text = "Regional officials said a missile strike on Kharkiv killed 12 civilians overnight."
        first = await add_article(
            session,
            "Missile strike on Kharkiv kills 12",
            text,
            DAY1,
            claims=(C(text, "12", 12, "civilians killed", "Regional officials"),),
        )
        await link_article(session, first)
        text = "The emergency service said a missile strike on Odesa killed 20 people on Wednesday."
        second = await add_article(
            session,
            "Another missile strike kills 20 in Odesa",
            text,
            DAY2,
            claims=(C(text, "20", 20, "people killed", "The emergency service"),),
        )
        second.story_id = first.story_id  # grouped together (same war, same kind of event)
        result = await link_article(session, second)
        assert result.disputes == ()


async def test_two_events_of_one_company_stay_apart(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        text = "Glenmoor Mining is recalling 5,000 haul trucks over faulty brakes, the miner said on Tuesday."
        recall = await add_article(
            session,
            "Glenmoor Mining recalls 5,000 haul trucks",
            text,
            DAY1,
            claims=(C(text, "5,000", 5000, "haul trucks recalled", "the miner"),),
        )
        await link_article(session, recall)
        text = (
            "Glenmoor Mining plans to shed 3,000 jobs at its copper pits, the Harbour Gazette reported, "
            "citing two managers."
        )
        cuts = await add_article(
            session,
            "Glenmoor Mining to shed 3,000 jobs, paper says",
            text,
            DAY2,
            claims=(C(text, "3,000", 3000, "jobs", "the Harbour Gazette"),),
        )
        result = await link_article(session, cuts)
        assert result.created_story
        assert cuts.story_id != recall.story_id


async def test_a_denial_of_a_figure_passed_on_with_hedging_is_a_dispute(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session, session.begin():
        text = "Harbor Pharma could lay off 2,500 workers at its Ravel plant, according to the Daily Ledger."
        first = await add_article(
            session,
            "Harbor Pharma could lay off 2,500 at Ravel plant",
            text,
            DAY1,
            claims=(C(text, "2,500", 2500, "workers", "the Daily Ledger"),),
        )
        await link_article(session, first)
        second = await add_article(
            session,
            "Harbor Pharma rejects layoff report",
            "Harbor Pharma on Tuesday rejected a newspaper story that it would shed workers at the "
            "Ravel plant.",
            DAY2,
        )
        result = await link_article(session, second)
        assert second.story_id == first.story_id
        assert second.stance == "disagree"
        assert [(d.kind, d.claim_article_id, d.disputed_by) for d in result.disputes] == [
            ("denial", first.id, "Harbor Pharma")
        ]

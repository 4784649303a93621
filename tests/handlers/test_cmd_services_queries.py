from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fakes.seed import add_feed, commit_dispute
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.services import claims_query, status, subscriptions, watchlist
from bot.services.subscriptions import ChatRef
from bot.storage.models import Article

SF = async_sessionmaker[AsyncSession]


@pytest.fixture
def session_factory(db_session_factory: SF) -> SF:
    """Every service test runs on SQLite, and on PostgreSQL when CLAIMWATCH_TEST_DATABASE_URL is set."""
    return db_session_factory


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_claims_newest_first_five_a_page(session_factory: SF) -> None:
    ids = [
        await commit_dispute(session_factory, headline=f"Story {i}", created_at=T0 + timedelta(minutes=i))
        for i in range(12)
    ]
    first = await claims_query.latest_claims(session_factory)
    assert [c.dispute_id for c in first.items] == ids[::-1][:5]
    assert (first.has_prev, first.has_next) == (False, True)
    third = await claims_query.latest_claims(session_factory, page=2)
    assert [c.dispute_id for c in third.items] == ids[::-1][10:]
    assert (third.has_prev, third.has_next) == (True, False)
    beyond = await claims_query.latest_claims(session_factory, page=9)
    assert beyond.items == ()


async def test_claims_keyword_matches_headline_sentence_counted_and_parties(session_factory: SF) -> None:
    t = T0
    by_headline = await commit_dispute(session_factory, headline="Flood toll disputed", created_at=t)
    by_party = await commit_dispute(
        session_factory, headline="Other", disputed_by="the Flood Relief Committee", created_at=t
    )
    await commit_dispute(session_factory, headline="Floodgates opened", created_at=t)  # not a whole word
    by_counted = await commit_dispute(
        session_factory, headline="Other", counted="homes lost to the flood", created_at=t
    )
    page = await claims_query.latest_claims(session_factory, keyword="flood")
    assert {c.dispute_id for c in page.items} == {by_headline, by_party, by_counted}
    assert not page.has_next


async def test_claims_keyword_pages(session_factory: SF) -> None:
    for i in range(7):
        await commit_dispute(
            session_factory, headline=f"Quake story {i}", created_at=T0 + timedelta(minutes=i)
        )
        await commit_dispute(session_factory, headline=f"Other {i}", created_at=T0 + timedelta(minutes=i))
    first = await claims_query.latest_claims(session_factory, keyword="quake")
    second = await claims_query.latest_claims(session_factory, keyword="quake", page=1)
    assert [c.headline for c in first.items] == [f"Quake story {i}" for i in (6, 5, 4, 3, 2)]
    assert first.has_next
    assert [c.headline for c in second.items] == ["Quake story 1", "Quake story 0"]
    assert not second.has_next


async def test_claim_summary_carries_counter_figure(session_factory: SF) -> None:
    await commit_dispute(session_factory, headline="Toll", figure="150", counter="2,000", created_at=T0)
    [item] = (await claims_query.latest_claims(session_factory)).items
    assert (item.figure_text, item.counter_figure, item.kind) == ("150", "2,000", "conflict")
    assert item.url.startswith("https://news.example/")


async def test_status_counts_today_only(session_factory: SF) -> None:
    clock = FakeClock(T0 + timedelta(hours=3))
    await add_feed(session_factory, "https://a.example/rss", last_polled_at=T0 + timedelta(hours=2))
    await add_feed(session_factory, "https://b.example/rss", error_count=3, last_polled_at=T0)
    await add_feed(session_factory, "https://c.example/rss", enabled=False)
    await commit_dispute(session_factory, headline="today", created_at=T0)
    await commit_dispute(session_factory, headline="yesterday", created_at=T0 - timedelta(days=1))
    async with session_factory() as session, session.begin():
        session.add(Article(url="https://x.example/1", url_hash="x" * 64, fetched_at=T0))
    chat = ChatRef(id=7, type="private")
    await subscriptions.subscribe(session_factory, chat)
    await watchlist.watch(session_factory, chat, "flood quake")

    st = await status.bot_status(session_factory, clock, chat.id)
    assert (st.feeds_enabled, st.feeds_failing, st.feeds_disabled) == (2, 1, 1)
    assert st.last_poll == T0 + timedelta(hours=2)
    assert (st.articles_today, st.disputes_today) == (2, 1)
    assert (st.chat_subscribed, st.chat_keywords) == (True, 2)


async def test_status_of_an_empty_database(session_factory: SF) -> None:
    st = await status.bot_status(session_factory, FakeClock(T0), 99)
    assert (st.feeds_enabled, st.last_poll, st.articles_today, st.chat_subscribed) == (0, None, 0, False)

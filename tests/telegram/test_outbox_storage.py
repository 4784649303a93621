"""The outbox and delivery bookkeeping on every database back end (SQLite, PostgreSQL in CI)."""

from __future__ import annotations

from datetime import timedelta

from fakes.seed import add_chat, add_dispute, add_story
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_alerts
from bot.clock import FakeClock
from bot.storage import chats as chat_store
from bot.storage import outbox
from bot.storage.models import Chat, OutboxMessage, StoryAlert, WatchedKeyword


async def statuses(sessions: async_sessionmaker[AsyncSession]) -> dict[int, tuple[int, str]]:
    async with sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        return {r.id: (r.chat_id, r.status) for r in rows}


async def queue_two_stories(sessions: async_sessionmaker[AsyncSession], clock: FakeClock) -> None:
    async with sessions() as session, session.begin():
        for n in range(2):
            story = await add_story(session, f"Harbour story {n}", clock.now())
            dispute = await add_dispute(session, now=clock.now(), story=story, headline=f"Harbour story {n}")
            await enqueue_alerts(session, [dispute], now=clock.now())


async def test_claim_record_pace_and_recover(session_factory: async_sessionmaker[AsyncSession]) -> None:
    sessions, clock = session_factory, FakeClock()
    for chat_id in (1, -2):
        await add_chat(sessions, chat_id, chat_type="private" if chat_id > 0 else "supergroup")
    await queue_two_stories(sessions, clock)
    assert len(await statuses(sessions)) == 4

    async with sessions() as session, session.begin():
        first = await outbox.claim_due(session, clock.now(), 10, owner="a")
    assert sorted(i.chat_id for i in first) == [-2, 1]  # one row per chat: order kept per chat
    assert {i.is_group for i in first} == {True, False}
    async with sessions() as session, session.begin():
        assert await outbox.claim_due(session, clock.now(), 10, owner="a") == []  # chats busy: nothing else

    delivered = [outbox.Delivered(i.id, i.chat_id, i.is_group, 100 + i.id, clock.now()) for i in first]
    async with sessions() as session, session.begin():
        await outbox.mark_sent_many(session, delivered, timedelta(seconds=1), timedelta(seconds=3))
    async with sessions() as session, session.begin():
        assert await outbox.claim_due(session, clock.now(), 10, owner="a") == []  # paced
    clock.advance(1)
    async with sessions() as session, session.begin():
        second = await outbox.claim_due(session, clock.now(), 10, owner="a")
    assert [i.chat_id for i in second] == [1]  # the group waits 3 s

    # A crash now leaves that row "sending"; the restarted sender puts it back.
    async with sessions() as session, session.begin():
        assert len(await outbox.recover_interrupted(session, clock.now(), owner="a")) == 1
    clock.advance(2)
    async with sessions() as session, session.begin():
        again = await outbox.claim_due(session, clock.now(), 10, owner="a")
    assert sorted(i.chat_id for i in again) == [-2, 1]
    assert {i.attempts for i in again} == {1, 2}
    async with sessions() as session:
        sent = await session.scalars(
            select(OutboxMessage.telegram_message_id).where(OutboxMessage.status == "sent")
        )
        assert sorted(m for m in sent.all() if m is not None) == sorted(100 + i.id for i in first)


async def test_unreachable_chat_and_migration(session_factory: async_sessionmaker[AsyncSession]) -> None:
    sessions, clock = session_factory, FakeClock()
    await add_chat(sessions, 5)
    await add_chat(sessions, -6, chat_type="group", keywords=("harbour",), scope="watched")
    await add_chat(sessions, -7, chat_type="group")
    await add_chat(sessions, -1000000000007, chat_type="supergroup", subscribed=False)
    await queue_two_stories(sessions, clock)

    async with sessions() as session, session.begin():
        await chat_store.mark_unreachable(session, 5, "blocked")
        assert await outbox.drop_chat_rows(session, 5, "blocked") == 2
        await chat_store.migrate_chat(session, -6, -1000000000006)  # new id unused: rows follow
        await chat_store.migrate_chat(session, -7, -1000000000007)  # the supergroup exists already

    async with sessions() as session:
        blocked = await session.get(Chat, 5)
        assert blocked is not None
        assert not blocked.subscribed
        assert blocked.unsubscribed_reason == "blocked"
        assert await session.get(Chat, -6) is None
        assert await session.get(Chat, -7) is None
        merged = await session.get(Chat, -1000000000007)
        assert merged is not None
        assert merged.subscribed
        keywords = (await session.scalars(select(WatchedKeyword.chat_id))).all()
        assert keywords == [-1000000000006]
        alerts = sorted((await session.scalars(select(StoryAlert.chat_id))).all())
        assert alerts == [-1000000000006, -1000000000006, 5, 5]
    by_chat = sorted((await statuses(sessions)).values())
    assert by_chat == sorted(
        [(5, "dropped")] * 2 + [(-1000000000006, "pending")] * 2 + [(-1000000000007, "pending")] * 2
    )

"""Several processes on one database: each failure of issue 13, reproduced, on SQLite and PostgreSQL.

Every "process" here has its own engine (its own connections), as two `claimwatch run` would.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from fakes.seed import add_chat, add_dispute, add_story
from fakes.telegram_api import TOKEN, FakeTelegramAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Bot

from bot.alerts import enqueue
from bot.alerts.enqueue import enqueue_alerts, enqueue_due_digests
from bot.clock import FakeClock
from bot.jobs.election import SenderElection
from bot.storage import outbox
from bot.storage.db import create_engine, make_session_factory
from bot.storage.models import Chat, OutboxMessage
from bot.telegram.sender import OutboxSender, SenderConfig

CHATS = 200


@pytest.fixture
async def other_process(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A second, independent connection pool on the same database (another process's view)."""
    other = create_engine(engine.url.render_as_string(hide_password=False))
    async with other.connect():  # connected before the race, as a running process would be
        pass
    yield make_session_factory(other)
    await other.dispose()


async def queue_fan_out(
    sessions: async_sessionmaker[AsyncSession], clock: FakeClock, chats: range, *, stories: int = 1
) -> None:
    for chat_id in chats:
        await add_chat(sessions, chat_id)
    async with sessions() as session, session.begin():
        for n in range(stories):
            story = await add_story(session, f"Harbour fire {n}", clock.now())
            dispute = await add_dispute(session, now=clock.now(), story=story, headline=f"Harbour fire {n}")
            await enqueue_alerts(session, [dispute], now=clock.now())


async def claim_all(
    sessions: async_sessionmaker[AsyncSession], clock: FakeClock, owner: str, limit: int
) -> list[outbox.OutboxItem]:
    async with sessions() as session, session.begin():
        return await outbox.claim_due(session, clock.now(), limit, owner=owner)


async def test_two_concurrent_claimers_never_get_the_same_row(
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await queue_fan_out(session_factory, clock, range(1, 41))
    for trial in range(10):
        async with session_factory() as session, session.begin():
            await session.execute(
                update(OutboxMessage).values(status=outbox.OutboxStatus.PENDING, lease_owner=None)
            )
        first, second = await asyncio.gather(
            claim_all(session_factory, clock, "first", 25), claim_all(other_process, clock, "second", 25)
        )
        ids_first, ids_second = {i.id for i in first}, {i.id for i in second}
        assert ids_first.isdisjoint(ids_second), f"trial {trial}: both claimed {ids_first & ids_second}"
        assert len(ids_first | ids_second) == 40  # every due row was claimed by one of them
        async with session_factory() as session:
            owners = dict((await session.execute(select(OutboxMessage.id, OutboxMessage.lease_owner))).all())
        assert {owners[i] for i in ids_first} == {"first"}
        assert {owners[i] for i in ids_second} == {"second"}


async def test_concurrent_claimers_keep_one_row_per_chat_in_flight(
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await queue_fan_out(session_factory, clock, range(1, 11), stories=3)
    first, second = await asyncio.gather(
        claim_all(session_factory, clock, "first", 100), claim_all(other_process, clock, "second", 100)
    )
    claimed = first + second
    assert sorted(i.chat_id for i in claimed) == list(range(1, 11))  # one per chat, never two
    async with session_factory() as session:
        oldest = dict(
            (
                await session.execute(
                    select(OutboxMessage.chat_id, OutboxMessage.id).order_by(OutboxMessage.id.desc())
                )
            ).all()
        )
    assert {i.chat_id: i.id for i in claimed} == oldest  # and it is the chat's oldest row


async def test_start_up_recovers_only_expired_leases_or_its_own(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await queue_fan_out(session_factory, clock, range(1, 7))
    lease = timedelta(seconds=60)
    async with session_factory() as session, session.begin():
        mine = await outbox.claim_due(session, clock.now(), 2, owner="me", lease=lease)
        theirs = await outbox.claim_due(session, clock.now(), 2, owner="them", lease=lease)
    async with session_factory() as session, session.begin():
        recovered = await outbox.recover_interrupted(session, clock.now(), owner="me")
    assert sorted(recovered) == sorted(i.id for i in mine)  # a restart of "me": its own rows at once
    clock.advance(59)
    async with session_factory() as session, session.begin():
        assert await outbox.recover_interrupted(session, clock.now(), owner="newcomer") == []
    clock.advance(2)  # "them" neither finished nor renewed its lease: it is presumed dead
    async with session_factory() as session, session.begin():
        recovered = await outbox.recover_interrupted(session, clock.now(), owner="newcomer")
    assert sorted(recovered) == sorted(i.id for i in theirs)


async def test_a_renewed_lease_is_not_recovered(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await queue_fan_out(session_factory, clock, range(1, 3))
    lease = timedelta(seconds=60)
    async with session_factory() as session, session.begin():
        held = await outbox.claim_due(session, clock.now(), 10, owner="alive", lease=lease)
    clock.advance(50)
    async with session_factory() as session, session.begin():
        assert await outbox.renew_leases(session, "alive", clock.now() + lease) == len(held)
    clock.advance(50)
    async with session_factory() as session, session.begin():
        assert await outbox.recover_interrupted(session, clock.now(), owner="other") == []


class HeldSender(OutboxSender):
    """The real sender whose requests wait at a gate: a fan-out caught in flight."""

    def __init__(self, *args: Any, gate: asyncio.Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gate = gate
        self.in_flight = asyncio.Event()  # set once a request (of a committed claim) waits

    async def _send(self, item: outbox.OutboxItem) -> int | None:
        self.in_flight.set()
        await self.gate.wait()
        return await super()._send(item)


async def _bot(fake_api: FakeTelegramAPI) -> Bot:
    bot = Bot(TOKEN, base_url=fake_api.base_url)
    await bot.initialize()
    return bot


@pytest.mark.slow  # a whole fan-out through two running apps: seconds
async def test_a_second_run_started_during_a_fan_out_sends_nothing_twice(
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    fake_api: FakeTelegramAPI,
    clock: FakeClock,
) -> None:
    await queue_fan_out(session_factory, clock, range(1, CHATS + 1))
    gate = asyncio.Event()
    config = SenderConfig(private_gap=0, group_gap=0)
    first_bot, second_bot = await _bot(fake_api), await _bot(fake_api)
    first = HeldSender(first_bot, session_factory, clock, config, gate=gate)
    await first.start()

    async with asyncio.timeout(10):  # a ceiling only
        await first.in_flight.wait()
    second = OutboxSender(second_bot, other_process, clock, config)
    await second.start()  # the bug: this reset every row the first one had in flight
    await second.settled()
    gate.set()
    await first.settled()
    await second.settled()
    await first.stop()
    await second.stop()
    await first_bot.shutdown()
    await second_bot.shutdown()
    per_chat = Counter(m.chat_id for m in fake_api.outgoing if m.method == "sendMessage")
    assert per_chat == Counter(dict.fromkeys(range(1, CHATS + 1), 1))
    async with session_factory() as session:
        assert await outbox.count_by_status(session) == {outbox.OutboxStatus.SENT: CHATS}


@pytest.mark.slow  # a whole fan-out through two senders: seconds
async def test_two_senders_drain_a_fan_out_once(
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    fake_api: FakeTelegramAPI,
    clock: FakeClock,
) -> None:
    await queue_fan_out(session_factory, clock, range(1, CHATS + 1), stories=2)
    config = SenderConfig(private_gap=0, group_gap=0, batch_size=20)
    bots = [await _bot(fake_api), await _bot(fake_api)]
    senders = [
        OutboxSender(bots[0], session_factory, clock, config),
        OutboxSender(bots[1], other_process, clock, config),
    ]
    for sender in senders:
        await sender.start()
    await asyncio.gather(*(s.settled() for s in senders))
    await asyncio.gather(*(s.settled() for s in senders))  # the second rows follow the first
    for sender in senders:
        await sender.stop()
    for bot in bots:
        await bot.shutdown()
    per_chat = Counter(m.chat_id for m in fake_api.outgoing if m.method == "sendMessage")
    assert per_chat == Counter(dict.fromkeys(range(1, CHATS + 1), 2))
    async with session_factory() as session:
        assert await outbox.count_by_status(session) == {outbox.OutboxStatus.SENT: 2 * CHATS}


async def test_two_digest_jobs_queue_one_digest_per_chat_and_period(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chats = range(1, 31)
    for chat_id in chats:
        await add_chat(session_factory, chat_id, mode="hourly")
    start = clock.now()
    async with session_factory() as session, session.begin():
        await session.execute(update(Chat).values(last_digest_at=start))
        story = await add_story(session, "Harbour fire", start)
        await add_dispute(session, now=start + timedelta(minutes=10), story=story)
    clock.advance(3600 + 30)

    async def job(sessions: async_sessionmaker[AsyncSession], lag: float) -> int:
        async with sessions() as session, session.begin():
            return await enqueue_due_digests(session, now=clock.now() + timedelta(seconds=lag))

    if engine.dialect.name == "postgresql":
        # Both jobs have read the due chats before either writes (two processes on one tick).
        # SQLite needs no such step: BEGIN IMMEDIATE lets one job in at a time by design.
        both_read = asyncio.Barrier(2)
        targets = enqueue._targets

        async def read_then_meet(*args: Any) -> Any:
            found = await targets(*args)
            await both_read.wait()
            return found

        monkeypatch.setattr(enqueue, "_targets", read_then_meet)
    queued = await asyncio.gather(job(session_factory, 0), job(other_process, 1))
    assert sum(queued) == len(chats)
    async with session_factory() as session:
        digests = Counter(
            (await session.scalars(select(OutboxMessage.chat_id).where(OutboxMessage.kind == "digest"))).all()
        )
    assert digests == Counter(dict.fromkeys(chats, 1))


@pytest.mark.slow  # replicas running a fan-out end to end: seconds
async def test_with_an_election_only_one_replica_sends(
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    other_process: async_sessionmaker[AsyncSession],
    fake_api: FakeTelegramAPI,
    clock: FakeClock,
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("the election is a PostgreSQL advisory lock")
    await queue_fan_out(session_factory, clock, range(1, 41))
    config = SenderConfig(private_gap=0, group_gap=0, batch_size=10)
    bots = [await _bot(fake_api), await _bot(fake_api)]
    engines = [engine, other_process.kw["bind"]]
    senders = [
        OutboxSender(
            bots[n], sessions, clock, replace(config, owner=f"replica-{n}"), SenderElection(engines[n])
        )
        for n, sessions in enumerate((session_factory, other_process))
    ]
    for sender in senders:
        await sender.start()
    await asyncio.gather(*(s.settled() for s in senders))
    for sender in senders:
        await sender.stop()
    for bot in bots:
        await bot.shutdown()
    per_chat = Counter(m.chat_id for m in fake_api.outgoing if m.method == "sendMessage")
    assert per_chat == Counter(dict.fromkeys(range(1, 41), 1))
    async with session_factory() as session:
        owners = set((await session.scalars(select(OutboxMessage.lease_owner))).all())
    assert len(owners) == 1  # one replica sent everything; the other stood by

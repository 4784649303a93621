"""Outbox delivery against the fake Bot API: alerts, Telegram's faults, pacing and restarts."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import TypedDict, Unpack

import pytest
from fakes.harness import StartApp, settle
from fakes.seed import add_chat, add_dispute, add_story
from fakes.telegram_api import FakeTelegramAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_alerts
from bot.clock import FakeClock
from bot.storage import outbox
from bot.storage.models import Chat, OutboxMessage, StoryAlert, WatchedKeyword
from bot.storage.outbox import Delivered, Executor
from bot.telegram.context import BotApplication
from bot.telegram.sender import SenderConfig


class AlertFields(TypedDict, total=False):
    headline: str
    disputed_by: str


async def queue_alert(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock, **fields: Unpack[AlertFields]
) -> int:
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        dispute = await add_dispute(session, now=clock.now(), story=story, **fields)
        await enqueue_alerts(session, [dispute], now=clock.now())
    return dispute.id


async def rows(session_factory: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with session_factory() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_alert_is_delivered_with_a_details_button(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 601)
    dispute_id = await queue_alert(session_factory, clock)
    await settle(app)
    [alert] = fake_api.messages_to(601)
    assert alert.parse_mode == "HTML"
    assert "about 3,400" in alert.text
    assert "containers destroyed" in alert.text
    assert "the port authority" in alert.text
    assert "dockworkers' union" in alert.text
    assert [b["callback_data"] for b in alert.buttons] == [f"det:{dispute_id}"]
    [row] = await rows(session_factory)
    assert row.status == "sent"
    assert row.telegram_message_id == alert.message_id


async def test_retry_after_waits_then_delivers(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 602)
    await add_chat(session_factory, 603)
    fake_api.fail("sendMessage", "retry_after", chat_id=602, retry_after=7)
    await queue_alert(session_factory, clock)
    await settle(app)
    assert fake_api.messages_to(602) == []
    assert len(fake_api.messages_to(603)) == 1
    [waiting, _] = await rows(session_factory)
    assert waiting.status == "pending"
    assert "retry after 7" in (waiting.last_error or "")
    clock.advance(6)
    await settle(app)
    assert fake_api.messages_to(602) == []  # not before Telegram's retry_after
    clock.advance(1)
    await settle(app)
    assert len(fake_api.messages_to(602)) == 1
    assert [r.status for r in await rows(session_factory)] == ["sent", "sent"]


async def test_forbidden_unsubscribes_the_chat_and_drops_its_rows(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 604)
    fake_api.fail("sendMessage", "forbidden", chat_id=604)
    await queue_alert(session_factory, clock)
    await queue_alert(session_factory, clock, headline="Second story about the harbour")
    await settle(app)
    assert fake_api.messages_to(604) == []
    assert [r.status for r in await rows(session_factory)] == ["dropped", "dropped"]
    async with session_factory() as session:
        chat = await session.get(Chat, 604)
        assert chat is not None
        assert not chat.subscribed
        assert chat.unsubscribed_reason == "blocked"
    await queue_alert(session_factory, clock, headline="A third harbour story")
    assert len(await rows(session_factory)) == 2  # no longer subscribed: nothing queued


async def test_chat_migration_moves_the_chat_and_resends(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, -605, chat_type="group", scope="watched", keywords=("harbour",))
    fake_api.fail("sendMessage", "migrate", chat_id=-605, migrate_to=-1000000000605)
    await queue_alert(session_factory, clock)
    await settle(app)
    assert fake_api.messages_to(-605) == []
    assert len(fake_api.messages_to(-1000000000605)) == 1
    async with session_factory() as session:
        assert await session.get(Chat, -605) is None
        moved = await session.get(Chat, -1000000000605)
        assert moved is not None
        assert moved.subscribed
        assert moved.type == "supergroup"
        keywords = (await session.scalars(select(WatchedKeyword.chat_id))).all()
        assert keywords == [-1000000000605]  # the watchlist followed (ON UPDATE CASCADE)
        alerts = (await session.scalars(select(StoryAlert.chat_id))).all()
        assert alerts == [-1000000000605]
    [row] = await rows(session_factory)
    assert row.status == "sent"
    assert row.chat_id == -1000000000605


async def test_bad_formatting_is_resent_once_as_plain_text(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 606)
    fake_api.fail("sendMessage", "parse_entities", chat_id=606)
    await queue_alert(session_factory, clock, disputed_by="Smith & <Sons>")
    await settle(app)
    [message] = fake_api.messages_to(606)
    assert message.parse_mode is None
    assert "<b>" not in message.text
    assert "Smith & <Sons>" in message.text
    assert message.buttons  # the Details button survives
    [row] = await rows(session_factory)
    assert row.status == "sent"
    assert row.parse_mode is None


async def test_network_errors_back_off_and_retry(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 607)
    fake_api.fail("sendMessage", "bad_gateway", chat_id=607, times=2)
    await queue_alert(session_factory, clock)
    await settle(app)
    [row] = await rows(session_factory)
    assert row.status == "pending"
    assert row.attempts == 1
    assert (row.last_error or "").startswith("network")
    clock.advance(2)  # first backoff: 2 s
    await settle(app)
    [row] = await rows(session_factory)
    assert row.status == "pending"
    assert row.attempts == 2
    assert fake_api.messages_to(607) == []
    clock.advance(4)  # second backoff: 4 s
    await settle(app)
    assert len(fake_api.messages_to(607)) == 1


async def test_per_chat_pacing(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 608)
    await add_chat(session_factory, -609, chat_type="group")
    for n in range(3):
        await queue_alert(session_factory, clock, headline=f"Harbour story number {n}")
    await settle(app)
    assert len(fake_api.messages_to(608)) == 1
    assert len(fake_api.messages_to(-609)) == 1
    clock.advance(1)
    await settle(app)
    assert len(fake_api.messages_to(608)) == 2
    assert len(fake_api.messages_to(-609)) == 1
    clock.advance(2)
    await settle(app)
    assert len(fake_api.messages_to(608)) == 3
    assert len(fake_api.messages_to(-609)) == 2
    texts = [m.text for m in fake_api.messages_to(608)]
    assert all(f"number {n}" in t for n, t in enumerate(texts))  # queue order kept per chat


async def test_restart_in_the_middle_loses_nothing_and_repeats_nothing(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    chats = [700 + n for n in range(5)]
    for chat_id in chats:
        await add_chat(session_factory, chat_id)
    for n in range(3):
        await queue_alert(session_factory, clock, headline=f"Harbour story number {n}")
    async with start_app() as first:
        await settle(first)  # the first alert of every chat goes; the rest wait for pacing
    assert [len(fake_api.messages_to(c)) for c in chats] == [1] * 5
    statuses = [r.status for r in await rows(session_factory)]
    assert statuses.count("sent") == 5
    assert statuses.count("pending") == 10

    # A crash after claiming a row: it was left "sending" (its request may or may not have left).
    async with session_factory() as session, session.begin():
        crashed = (
            await session.scalars(select(OutboxMessage).where(OutboxMessage.status == "pending").limit(1))
        ).one()
        crashed.status = "sending"
    clock.advance(1)
    async with start_app() as second:
        await settle(second)
        clock.advance(1)
        await settle(second)
    for chat_id in chats:
        texts = [m.text for m in fake_api.messages_to(chat_id)]
        assert sorted(texts) == sorted(set(texts)), chat_id  # none twice
        assert len(texts) == 3, chat_id  # every alert once
    assert {r.status for r in await rows(session_factory)} == {"sent"}


async def test_update_of_a_deleted_alert_is_sent_anew(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 610)
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        await enqueue_alerts(
            session, [await add_dispute(session, now=clock.now(), story=story)], now=clock.now()
        )
    await settle(app)
    [alert] = fake_api.messages_to(610)
    fake_api.delete_message(610, alert.message_id)
    clock.advance(5)
    async with session_factory() as session, session.begin():
        later = await add_dispute(
            session, now=clock.now(), story=story, headline="Harbour fire, the morning after"
        )
        report = await enqueue_alerts(session, [later], now=clock.now())
    assert report.updates == 1
    await settle(app)
    [_, fresh] = fake_api.messages_to(610)
    assert fresh.method == "sendMessage"
    assert "the morning after" in fresh.text
    assert [c for c, _ in fake_api.calls].count("editMessageText") == 1  # tried, then sent anew
    assert {r.status for r in await rows(session_factory)} == {"sent"}


async def test_crash_between_send_and_record_repeats_only_that_one_message(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chats = [801, 802, 803, 804]
    for chat_id in chats:
        await add_chat(session_factory, chat_id)
    await queue_alert(session_factory, clock)
    original = outbox.mark_sent_many

    async def dies_recording_803(
        session: Executor, delivered: Sequence[Delivered], private_gap: timedelta, group_gap: timedelta
    ) -> None:
        # The process "dies" right after Telegram accepted chat 803's alert, before it is recorded:
        # from then on nothing of this run reaches the database.
        if any(d.chat_id == 803 for d in delivered):
            raise ConnectionError("database unreachable")
        await original(session, delivered, private_gap, group_gap)

    monkeypatch.setattr(outbox, "mark_sent_many", dies_recording_803)
    # One in flight makes the order, and so the asserts, exact; the same replica name across the
    # restart lets it take back its own rows at once (another sender would wait for the lease).
    sequential = SenderConfig(concurrency=1, owner="replica-1")
    async with start_app(sender_config=sequential) as first:
        await fake_api.wait_for_messages(chat_id=803)
        await settle(first)
    by_chat = {r.chat_id: r.status for r in await rows(session_factory)}
    assert by_chat[801] == by_chat[802] == "sent"  # recorded one by one, as each was answered
    assert by_chat[803] == "sending"
    assert fake_api.messages_to(804) == []  # nothing more went out once a record failed

    monkeypatch.setattr(outbox, "mark_sent_many", original)
    async with start_app(sender_config=sequential) as second:
        await settle(second)
    counts = {chat_id: len(fake_api.messages_to(chat_id)) for chat_id in chats}
    assert counts == {801: 1, 802: 1, 803: 2, 804: 1}  # only the interrupted message, once more
    assert {r.status for r in await rows(session_factory)} == {"sent"}


async def test_crash_with_several_in_flight_repeats_only_unrecorded_messages_once(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chats = list(range(821, 833))
    for chat_id in chats:
        await add_chat(session_factory, chat_id)
    await queue_alert(session_factory, clock)
    original = outbox.mark_sent_many
    recorded_before_crash: set[int] = set()
    crashed = False

    async def dies_on_sixth(
        session: Executor, delivered: Sequence[Delivered], private_gap: timedelta, group_gap: timedelta
    ) -> None:
        nonlocal crashed
        if crashed or len(recorded_before_crash) >= 5:
            crashed = True
            raise ConnectionError("database unreachable")
        await original(session, delivered, private_gap, group_gap)
        recorded_before_crash.update(d.chat_id for d in delivered)

    monkeypatch.setattr(outbox, "mark_sent_many", dies_on_sixth)
    config = SenderConfig(concurrency=4, owner="replica-1")  # restarted under the same name
    async with start_app(sender_config=config) as first:
        await settle(first)
    assert crashed  # the first run really died with messages unrecorded
    assert sum(len(fake_api.messages_to(c)) for c in chats) < len(chats)  # and sending stopped
    monkeypatch.setattr(outbox, "mark_sent_many", original)
    async with start_app(sender_config=config) as second:
        await settle(second)
    counts = {chat_id: len(fake_api.messages_to(chat_id)) for chat_id in chats}
    assert all(counts[c] == 1 for c in recorded_before_crash)  # recorded: never sent again
    assert all(n in (1, 2) for n in counts.values())  # nothing lost, nothing sent three times
    assert sum(n - 1 for n in counts.values()) <= config.concurrency  # only what was in flight
    assert {r.status for r in await rows(session_factory)} == {"sent"}


async def test_recording_outage_pauses_sending_and_loses_nothing(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chats = [811, 812, 813]
    for chat_id in chats:
        await add_chat(session_factory, chat_id)
    original = outbox.mark_sent_many
    outage = True

    async def flaky(
        session: Executor, delivered: Sequence[Delivered], private_gap: timedelta, group_gap: timedelta
    ) -> None:
        if outage:
            raise ConnectionError("database unreachable")
        await original(session, delivered, private_gap, group_gap)

    monkeypatch.setattr(outbox, "mark_sent_many", flaky)
    async with start_app(sender_config=SenderConfig(concurrency=1)) as app:
        await queue_alert(session_factory, clock)
        await settle(app)
        assert [len(fake_api.messages_to(c)) for c in chats] == [1, 0, 0]  # paused after the first
        outage = False
        await settle(app)  # the database is back: the delivery is recorded, the rest go out
        assert [len(fake_api.messages_to(c)) for c in chats] == [1, 1, 1]  # none lost, none repeated
        assert {r.status for r in await rows(session_factory)} == {"sent"}


async def test_membership_updates_unsubscribe_and_migrate_at_once(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 901)
    await add_chat(session_factory, -902, chat_type="group")
    await add_chat(session_factory, -903, chat_type="group")
    await fake_api.leave(901)
    await fake_api.leave(-902, user_id=5, chat_type="group")
    await fake_api.migrate_group(-903, -1000000000903)
    await fake_api.send_command("/start", chat_id=904)  # updates are handled in order
    await fake_api.wait_for_messages(chat_id=904)
    async with session_factory() as session:
        blocked, kicked = await session.get(Chat, 901), await session.get(Chat, -902)
        assert blocked is not None
        assert kicked is not None
        assert (blocked.subscribed, blocked.unsubscribed_reason) == (False, "blocked")
        assert (kicked.subscribed, kicked.unsubscribed_reason) == (False, "kicked")
        assert await session.get(Chat, -903) is None
        assert await session.get(Chat, -1000000000903) is not None
    await queue_alert(session_factory, clock)
    await settle(app)
    assert [m.chat_id for m in fake_api.outgoing if m.method == "sendMessage" and m.buttons] == [
        -1000000000903
    ]


async def test_a_row_that_cannot_be_sent_is_set_aside_and_the_others_go_on(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    for chat_id in (821, 822):
        await add_chat(session_factory, chat_id)
    await queue_alert(session_factory, clock)
    async with session_factory() as session, session.begin():
        poisoned = await session.scalar(select(OutboxMessage).where(OutboxMessage.chat_id == 821))
        assert poisoned is not None
        poisoned.reply_markup = {"inline_keyboard": "not a keyboard"}  # PTB cannot build it
    async with asyncio.timeout(10):  # a ceiling only: a stalled outbox fails instead of hanging
        await settle(app)
    assert len(fake_api.messages_to(822)) == 1
    by_chat = {r.chat_id: r for r in await rows(session_factory)}
    assert by_chat[821].status == "failed"
    assert "AttributeError" in (by_chat[821].last_error or "")
    assert by_chat[822].status == "sent"

"""Fan-out decisions on the database: scope, updates instead of repeats, digests, /claim."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fakes.harness import settle
from fakes.seed import add_chat, add_dispute, add_story
from fakes.telegram_api import FakeTelegramAPI
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_alerts, enqueue_due_digests
from bot.clock import FakeClock
from bot.storage.models import OutboxMessage, Story
from bot.telegram.context import BotApplication
from bot.telegram.digests import run_digests


async def outbox_rows(session_factory: async_sessionmaker[AsyncSession]) -> list[OutboxMessage]:
    async with session_factory() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_only_interested_subscribed_instant_chats_get_the_alert(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await add_chat(session_factory, 1)  # everything
    await add_chat(session_factory, 2, scope="watched")  # empty watchlist: everything
    await add_chat(session_factory, 3, scope="watched", keywords=("Harbour",))
    await add_chat(session_factory, 4, scope="watched", keywords=("earthquake",))
    await add_chat(session_factory, 5, subscribed=False)
    await add_chat(session_factory, 6, mode="hourly")
    await add_chat(session_factory, 7, scope="watched", keywords=("dockworkers",))  # a party
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        worthy = await add_dispute(session, now=clock.now(), story=story)
        backlog = await add_dispute(session, now=clock.now(), headline="Old news", alert_worthy=False)
        report = await enqueue_alerts(session, [worthy, backlog], now=clock.now(), batch=2)
    assert report.alerts == 4
    assert [r.chat_id for r in await outbox_rows(session_factory)] == [1, 2, 3, 7]


async def test_same_story_updates_instead_of_repeating(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 10)
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        first = await add_dispute(session, now=clock.now(), story=story)
        await enqueue_alerts(session, [first], now=clock.now())
    await settle(app)
    [alert] = fake_api.messages_to(10)

    # A second article: same figure, same disputing party -> the message is edited.
    clock.advance(60)
    async with session_factory() as session, session.begin():
        story_row = await session.get(Story, story.id)
        again = await add_dispute(session, now=clock.now(), story=story_row, headline="Harbour fire, day two")
        report = await enqueue_alerts(session, [again], now=clock.now())
    assert report.updates == 1
    assert report.alerts == 0
    await settle(app)
    [original, edit] = fake_api.messages_to(10)
    assert edit.method == "editMessageText"
    assert edit.message_id == original.message_id == alert.message_id
    assert "Harbour fire, day two" in edit.text  # the new source is listed
    assert edit.buttons  # Details kept

    # A third article brings a new disputing party within the hour -> the message is edited.
    clock.advance(60)
    async with session_factory() as session, session.begin():
        story_row = await session.get(Story, story.id)
        new_party = await add_dispute(
            session,
            now=clock.now(),
            story=story_row,
            disputed_by="the insurers' association",
            quote="overstated",
        )
        report = await enqueue_alerts(session, [new_party], now=clock.now())
    assert (report.alerts, report.updates) == (0, 1)
    await settle(app)
    assert "insurers" in fake_api.messages_to(10)[-1].text

    # Another new party more than an hour after the first message -> a new alert.
    clock.advance(3600)
    async with session_factory() as session, session.begin():
        story_row = await session.get(Story, story.id)
        new_party = await add_dispute(
            session,
            now=clock.now(),
            story=story_row,
            disputed_by="the harbour pilots' guild",
            quote="nowhere near that",
        )
        report = await enqueue_alerts(session, [new_party], now=clock.now())
    assert report.alerts == 1
    await settle(app)
    messages = fake_api.messages_to(10)
    methods = [m.method for m in messages]
    assert methods == ["sendMessage", "editMessageText", "editMessageText", "sendMessage"]
    assert "pilots" in messages[3].text

    # Re-processing the same dispute adds nothing.
    async with session_factory() as session, session.begin():
        report = await enqueue_alerts(session, [new_party], now=clock.now())
    assert report.skipped == 1


async def test_update_of_an_unsent_alert_rewrites_it(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await add_chat(session_factory, 11)
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        await enqueue_alerts(
            session, [await add_dispute(session, now=clock.now(), story=story)], now=clock.now()
        )
        later = await add_dispute(session, now=clock.now(), story=story, headline="Harbour fire, update")
        report = await enqueue_alerts(session, [later], now=clock.now())
    assert report.updates == 1
    [row] = await outbox_rows(session_factory)  # still one message, now with both sources
    assert "Harbour fire, update" in row.text


async def test_digest_collects_the_period_into_one_message(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 20, mode="hourly")
    await add_chat(session_factory, 21, mode="daily", scope="watched", keywords=("volcano",))
    assert await run_digests(app.bot_data) == 0  # first sight: the period starts now
    for n in range(3):
        clock.advance(60)
        async with session_factory() as session, session.begin():
            dispute = await add_dispute(session, now=clock.now(), headline=f"Harbour fire report {n}")
            report = await enqueue_alerts(session, [dispute], now=clock.now())
            assert report.alerts == 0  # digest chats get nothing instantly
    clock.advance(30 * 60)
    assert await run_digests(app.bot_data) == 0  # the hour is not over
    clock.advance(30 * 60)
    assert await run_digests(app.bot_data) == 1  # the daily chat watches something else
    await settle(app)
    [digest] = fake_api.messages_to(20)
    assert "last hour" in digest.text
    assert "(3)" in digest.text
    for n in range(3):
        assert f"Harbour fire report {n}" in digest.text
    clock.advance(3600)
    async with session_factory() as session, session.begin():
        assert await enqueue_due_digests(session, now=clock.now()) == 0  # a quiet hour sends nothing
    clock.advance(timedelta(days=1).total_seconds())
    async with session_factory() as session, session.begin():
        assert await enqueue_due_digests(session, now=clock.now()) == 0


async def test_claim_command_and_its_errors(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        dispute = await add_dispute(session, now=clock.now(), story=story)
    await fake_api.send_command(f"/claim {dispute.id}", chat_id=30)
    await fake_api.send_command("/claim", chat_id=30)
    await fake_api.send_command("/claim twelve", chat_id=30)
    await fake_api.send_command("/claim 99999", chat_id=30)
    details, usage, not_number, missing = await fake_api.wait_for_messages(4, chat_id=30)
    assert "Evidence" in details.text
    assert "about 3,400" in details.text
    assert "the real number is far lower" in details.text
    assert usage.text.startswith("Usage: /claim <id>")
    assert "“twelve” is not a claim number" in not_number.text
    assert "There is no claim #99999" in missing.text


async def test_stale_details_button(
    app: BotApplication,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
) -> None:
    await add_chat(session_factory, 31)
    async with session_factory() as session, session.begin():
        dispute = await add_dispute(session, now=clock.now())
        await enqueue_alerts(session, [dispute], now=clock.now())
    await settle(app)
    [alert] = fake_api.messages_to(31)
    async with session_factory() as session, session.begin():
        await session.delete(await session.get(type(dispute), dispute.id))
    await fake_api.press_button(alert, alert.buttons[0]["callback_data"])
    await fake_api.wait_for_call("answerCallbackQuery")
    [answer] = fake_api.answered_callbacks
    assert "There is no claim" in answer["text"]
    assert answer["show_alert"] is True


async def test_story_alert_is_updated_even_when_the_new_article_misses_the_keywords(
    session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    await add_chat(session_factory, 40, scope="watched", keywords=("harbour",))
    await add_chat(session_factory, 41, scope="watched", keywords=("insurers",))
    async with session_factory() as session, session.begin():
        story = await add_story(session, "Harbour fire", clock.now())
        first = await add_dispute(session, now=clock.now(), story=story)
        assert (await enqueue_alerts(session, [first], now=clock.now())).alerts == 1  # chat 40 only
    clock.advance(60)
    async with session_factory() as session, session.begin():
        story_row = await session.get(Story, story.id)
        later = await add_dispute(
            session,
            now=clock.now(),
            story=story_row,
            headline="Blaze at the docks: insurers weigh in",  # no "harbour" anywhere
            claimant="the fire brigade",
            disputed_by="the insurers",
            quote="far too high",
        )
        report = await enqueue_alerts(session, [later], now=clock.now())
    # Chat 40 follows the story: its message is refreshed, not repeated; chat 41 watches
    # "insurers", so this is its first alert about the story.
    assert (report.alerts, report.updates) == (1, 1)
    [alert_40, alert_41] = await outbox_rows(session_factory)
    assert (alert_40.chat_id, alert_41.chat_id) == (40, 41)
    assert "insurers weigh in" in alert_40.text  # still pending: rewritten in place


async def test_whether_a_chat_takes_instant_alerts_is_read_once_per_unit_of_work(
    db_engine: AsyncEngine, db_session_factory: async_sessionmaker[AsyncSession], clock: FakeClock
) -> None:
    asked: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "FROM chats" in statement and "ORDER BY" not in statement:  # not the fan-out's pages
            asked.append(statement)

    event.listen(db_engine.sync_engine, "before_cursor_execute", record)
    try:
        async with db_session_factory() as session, session.begin():
            story = await add_story(session, "Harbour fire", clock.now())
            for _ in range(3):  # three articles with disputes, nobody subscribed: nothing to build
                dispute = await add_dispute(session, now=clock.now(), story=story)
                assert (await enqueue_alerts(session, [dispute], now=clock.now())).alerts == 0
        assert len(asked) == 1
        # a chat subscribed between units of work is alerted by the next one
        await add_chat(db_session_factory, 20)
        async with db_session_factory() as session, session.begin():
            story_row = await session.get(Story, story.id)
            dispute = await add_dispute(session, now=clock.now(), story=story_row, headline="Day two")
            assert (await enqueue_alerts(session, [dispute], now=clock.now())).alerts == 1
        assert len(asked) == 2
    finally:
        event.remove(db_engine.sync_engine, "before_cursor_execute", record)

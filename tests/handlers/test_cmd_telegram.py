"""The commands end to end: real Application, fake Bot API server, SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fakes.harness import ADMIN_ID, Chat
from fakes.seed import add_feed, commit_dispute
from fakes.telegram_api import FakeTelegramAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.storage.models import Chat as ChatRow
from bot.storage.models import Feed, WatchedKeyword
from bot.telegram.context import BotApplication

SF = async_sessionmaker[AsyncSession]
GROUP_ID = -100200
GROUP_ADMIN = 501
GROUP_MEMBER = 502


async def chat_row(sf: SF, chat_id: int) -> ChatRow | None:
    async with sf() as session:
        return await session.get(ChatRow, chat_id)


async def keywords(sf: SF, chat_id: int) -> list[str]:
    async with sf() as session:
        rows = await session.scalars(
            select(WatchedKeyword.keyword)
            .where(WatchedKeyword.chat_id == chat_id)
            .order_by(WatchedKeyword.id)
        )
        return list(rows)


def group(api: FakeTelegramAPI) -> Chat:
    api.make_admin(GROUP_ID, GROUP_ADMIN)
    return Chat(api, GROUP_ID, chat_type="group", user_id=GROUP_ADMIN)


# --- subscription ----------------------------------------------------------------------------


async def test_subscribe_and_unsubscribe_in_private(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    me = Chat(fake_api, 11)
    reply = await me.ask_one("/subscribe")
    assert "Subscribed." in reply.text
    assert reply.parse_mode == "HTML"
    row = await chat_row(session_factory, 11)
    assert row is not None
    assert row.subscribed
    assert "already subscribed" in (await me.ask_one("/subscribe")).text

    reply = await me.ask_one("/unsubscribe")
    assert "Unsubscribed" in reply.text
    row = await chat_row(session_factory, 11)
    assert row is not None
    assert (row.subscribed, row.unsubscribed_reason) == (False, "user")


async def test_group_member_is_refused_and_admin_is_not(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    room = group(fake_api)
    refusal = await room.ask_one("/subscribe", user_id=GROUP_MEMBER)
    assert refusal.text == "Sorry, only this group's administrators can subscribe this chat."
    assert await chat_row(session_factory, GROUP_ID) is None
    refusal = await room.ask_one("/watch gaza", user_id=GROUP_MEMBER)
    assert "only this group's administrators can change the watchlist" in refusal.text
    assert await keywords(session_factory, GROUP_ID) == []

    ok = await room.ask_one(f"/subscribe@{fake_api.bot_username}", user_id=GROUP_ADMIN)
    assert "Subscribed." in ok.text
    row = await chat_row(session_factory, GROUP_ID)
    assert row is not None
    assert (row.subscribed, row.type, row.title) == (True, "group", f"group {GROUP_ID}")
    # reading is open to everyone
    listing = await room.ask_one("/watchlist", user_id=GROUP_MEMBER)
    assert "No watched keywords" in listing.text


# --- watchlist -------------------------------------------------------------------------------


async def test_watch_quoted_phrases_and_list_with_remove_buttons(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    me = Chat(fake_api, 12)
    reply = await me.ask_one('/watch Gaza "death toll" «доклад ООН» gaza')
    assert "Now watching “Gaza”, “death toll”, “доклад ООН”." in reply.text
    assert "not subscribed yet" in reply.text
    assert await keywords(session_factory, 12) == ["Gaza", "death toll", "доклад ООН"]

    listing = await me.ask_one("/watchlist")
    assert "• death toll" in listing.text
    labels = {b["text"]: b["callback_data"] for b in listing.buttons}
    answer, [edited] = await me.press(listing, labels["✖ death toll"], edits=1)
    assert answer["text"] == "Stopped watching “death toll”."
    assert edited.method == "editMessageText"
    assert edited.message_id == listing.message_id
    assert "death toll" not in edited.text
    assert [b["text"] for b in edited.buttons] == ["✖ Gaza", "✖ доклад ООН"]
    assert await keywords(session_factory, 12) == ["Gaza", "доклад ООН"]

    # the stale button on the old message: already gone, nothing breaks
    answer, _ = await me.press(listing, labels["✖ death toll"])
    assert answer["text"] == "That keyword was already removed."


async def test_keyword_limits(app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF) -> None:
    me = Chat(fake_api, 13)
    too_long = await me.ask_one("/watch " + "k" * 65)
    assert too_long.text.endswith("is 65 characters long; a keyword can have at most 64.")
    assert too_long.parse_mode is None  # errors are plain text
    assert "Now watching" in (await me.ask_one("/watch " + "k" * 64)).text

    await me.ask_one("/watch " + " ".join(f"w{i}" for i in range(49)))
    assert len(await keywords(session_factory, 13)) == 50
    refusal = await me.ask_one("/watch one-more")
    assert refusal.text.startswith("A chat can watch at most 50 keywords. This chat watches 50")
    assert len(await keywords(session_factory, 13)) == 50


async def test_watch_and_unwatch_usage_errors(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    me = Chat(fake_api, 14)
    assert (await me.ask_one("/watch")).text == 'Tell me what to watch, e.g. /watch ukraine "death toll"'
    assert "never closed" in (await me.ask_one('/watch "death toll')).text
    await me.ask_one("/watch gaza")
    unknown = await me.ask_one("/unwatch mars")
    assert unknown.text == "This chat does not watch “mars”. See /watchlist for what it watches."
    done = await me.ask_one("/unwatch GAZA")
    assert "Stopped watching “GAZA”." in done.text
    assert "watchlist is now empty" in done.text


async def test_group_member_cannot_press_remove_button(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    room = group(fake_api)
    await room.ask_one("/watch flood")
    listing = await room.ask_one("/watchlist", user_id=GROUP_MEMBER)
    answer, _ = await room.press(listing, listing.buttons[0]["callback_data"], user_id=GROUP_MEMBER)
    assert answer["show_alert"] is True
    assert "only this group's administrators" in answer["text"]
    assert await keywords(session_factory, GROUP_ID) == ["flood"]


# --- claims ----------------------------------------------------------------------------------


async def test_claims_paging_buttons(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    t0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
    for i in range(7):
        await commit_dispute(
            session_factory, headline=f"Quake report {i}", created_at=t0 + timedelta(minutes=i)
        )
    await commit_dispute(session_factory, headline="Budget row", created_at=t0)
    me = Chat(fake_api, 15)

    first = await me.ask_one("/claims")
    assert "page 1" in first.text
    assert first.text.count("/claim ") == 5
    nav = {b["text"]: b["callback_data"] for b in first.buttons}
    assert set(nav) == {"🔎 1", "🔎 2", "🔎 3", "🔎 4", "🔎 5", "Older ▶"}
    assert all(len(data.encode()) <= 64 for data in nav.values())

    # the numbered buttons open the details (handlers.details) of the claim with that number
    _, [details] = await me.press(first, nav["🔎 1"], edits=1)
    assert "Quake report 6" in details.text
    assert details.method == "sendMessage"

    _, [second] = await me.press(first, nav["Older ▶"], edits=1)
    assert second.message_id == first.message_id
    assert "page 2" in second.text
    assert "Budget row" in second.text
    assert "<b>6.</b>" in second.text
    assert second.text.count("/claim ") == 3
    back = {b["text"]: b["callback_data"] for b in second.buttons}
    assert "Older ▶" not in back
    _, [again] = await me.press(second, back["◀ Newer"], edits=1)
    assert "page 1" in again.text

    quake = await me.ask_one("/claims Quake")
    assert "matching “quake”" in quake.text
    older = next(b["callback_data"] for b in quake.buttons if b["text"] == "Older ▶")
    assert older == "cl:1:quake"
    _, [quake2] = await me.press(quake, older, edits=1)
    assert quake2.text.count("/claim ") == 2
    assert "Budget row" not in quake2.text


async def test_claims_when_there_are_none(app: BotApplication, fake_api: FakeTelegramAPI) -> None:
    me = Chat(fake_api, 16)
    assert (await me.ask_one("/claims")).text == "No contested claims yet."
    assert (await me.ask_one('/claims "death toll"')).text == "No contested claims matching “death toll” yet."
    assert "at most 64" in (await me.ask_one("/claims " + "z" * 70)).text


# --- settings --------------------------------------------------------------------------------


async def test_settings_buttons(app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF) -> None:
    me = Chat(fake_api, 17)
    shown = await me.ask_one("/settings")
    assert "Alert mode: <b>Instant</b>" in shown.text
    data = {b["text"]: b["callback_data"] for b in shown.buttons}
    assert set(data) == {
        "✅ Instant",
        "Hourly digest",
        "Daily digest",
        "✅ Everything",
        "Watched keywords only",
    }

    answer, [edited] = await me.press(shown, data["Hourly digest"], edits=1)
    assert answer["text"] == "Alert mode: Hourly digest"
    assert "Alert mode: <b>Hourly digest</b>" in edited.text
    assert "✅ Hourly digest" in {b["text"] for b in edited.buttons}
    answer, [edited] = await me.press(edited, data["Watched keywords only"], edits=1)
    assert answer["text"] == "Scope: Watched keywords only"
    assert "no keywords are watched yet" in edited.text
    row = await chat_row(session_factory, 17)
    assert row is not None
    assert (row.alert_mode, row.scope) == ("hourly", "watched")

    answer, _ = await me.press(edited, data["Hourly digest"])
    assert answer["text"] == "Already set."


async def test_group_member_cannot_change_settings(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    room = group(fake_api)
    shown = await room.ask_one("/settings", user_id=GROUP_MEMBER)
    daily = next(b["callback_data"] for b in shown.buttons if b["text"] == "Daily digest")
    answer, _ = await room.press(shown, daily, user_id=GROUP_MEMBER)
    assert answer["text"] == "Sorry, only this group's administrators can change the settings."
    row = await chat_row(session_factory, GROUP_ID)
    assert row is not None
    assert row.alert_mode == "instant"
    answer, _ = await room.press(shown, daily, user_id=GROUP_ADMIN)
    assert answer["text"] == "Alert mode: Daily digest"


# --- status ----------------------------------------------------------------------------------


async def test_status(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    now = clock.now()
    await add_feed(session_factory, "https://a.example/rss", last_polled_at=now - timedelta(minutes=4))
    await add_feed(session_factory, "https://b.example/rss", error_count=2, last_polled_at=now)
    await commit_dispute(session_factory, headline="x", created_at=now - timedelta(minutes=1))
    me = Chat(fake_api, 18)
    text = (await me.ask_one("/status")).text
    assert "Feeds watched: <b>2</b> (1 failing)" in text
    assert "Last poll: 01 Jan 12:00 UTC (0 s ago)" in text
    assert "<b>1</b> articles read, <b>1</b> contested figures found" in text
    assert "not subscribed" in text


# --- admin feeds -----------------------------------------------------------------------------


async def test_feed_commands_are_for_bot_admins_only(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    stranger = Chat(fake_api, 19)
    for command in ("/feeds", "/addfeed https://news.example/rss", "/removefeed 1"):
        reply = await stranger.ask_one(command)
        assert reply.text == "Sorry, this command is only for the bot's administrators."
    async with session_factory() as session:
        assert (await session.scalars(select(Feed))).all() == []


async def test_addfeed_refuses_unsafe_urls(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    admin = Chat(fake_api, ADMIN_ID)
    cases = {
        "/addfeed file:///etc/passwd": "only http:// and https:// URLs",
        "/addfeed http://loopback.example/rss": "127.0.0.1 (loopback address)",
        "/addfeed http://private.example/rss": "10.20.30.40 (private address)",
        "/addfeed http://linklocal.example/latest": "169.254.169.254 (link-local address)",
        "/addfeed http://multicast.example/": "224.0.0.251 (multicast address)",
        "/addfeed http://[::1]:8080/": "::1 (loopback address)",
        "/addfeed http://nowhere.example/": "cannot resolve nowhere.example",
        "/addfeed": "Send the feed's address, e.g. /addfeed https://example.org/rss.xml",
        "/addfeed http://a.example/ http://b.example/": "Send the feed's address",
    }
    for command, expected in cases.items():
        reply = await admin.ask_one(command)
        assert expected in reply.text, command
    async with session_factory() as session:
        assert (await session.scalars(select(Feed))).all() == []


async def test_addfeed_feeds_removefeed(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    admin = Chat(fake_api, ADMIN_ID)
    added = await admin.ask_one("/addfeed https://news.example/rss?a=1&b=2")
    assert added.text.startswith("➕ Added feed #1: https://news.example/rss?a=1&amp;b=2")
    async with session_factory() as session:
        feed = await session.get(Feed, 1)
        assert feed is not None
        assert (feed.url, feed.source, feed.added_by) == (
            "https://news.example/rss?a=1&b=2",
            "admin",
            ADMIN_ID,
        )
    again = await admin.ask_one("/addfeed https://news.example/rss?a=1&b=2")
    assert again.text.startswith("Feed #1 is already watched")

    await add_feed(
        session_factory,
        "https://broken.example/rss",
        error_count=3,
        last_error="HTTP 503 <Service Unavailable>",
        error_since=clock.now(),
    )
    listing = await admin.ask_one("/feeds")
    assert "2 active, 1 failing, 0 off" in listing.text
    assert "⚠️ #2" in listing.text
    assert "HTTP 503 &lt;Service Unavailable&gt;" in listing.text
    assert "✅ #1" in listing.text

    assert "Send the feed's number" in (await admin.ask_one("/removefeed abc")).text
    assert (await admin.ask_one("/removefeed 99")).text == "There is no active feed #99. See /feeds."
    removed = await admin.ask_one("/removefeed #2")
    assert removed.text.startswith("➖ Removed feed #2")
    listing = await admin.ask_one("/feeds")
    assert "1 active, 0 failing, 1 off" in listing.text
    assert "⛔ #2" in listing.text


async def test_commands_without_arguments_refuse_extra_words(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    me = Chat(fake_api, 20)
    reply = await me.ask_one("/subscribe gaza")
    assert reply.text == "/subscribe takes no arguments. To follow a topic, watch it: /watch gaza"
    assert await chat_row(session_factory, 20) is None
    assert (await me.ask_one("/status now")).text == "/status takes no arguments."
    assert "Send /settings and use its buttons." in (await me.ask_one("/settings daily")).text


async def test_first_watch_narrows_alerts_and_says_so(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    me = Chat(fake_api, 21)
    await me.ask_one("/subscribe")
    first = await me.ask_one("/watch gaza")
    assert "now limited to watched keywords" in first.text
    assert "not subscribed" not in first.text
    row = await chat_row(session_factory, 21)
    assert row is not None
    assert row.scope == "watched"
    shown = await me.ask_one("/settings")
    everything = next(b["callback_data"] for b in shown.buttons if b["text"] == "Everything")
    await me.press(shown, everything, edits=1)
    second = await me.ask_one("/watch flood")
    assert "Alerts still cover everything" in second.text

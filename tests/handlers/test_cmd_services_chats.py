from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import CommandError
from bot.services import chat_settings, subscriptions, watchlist
from bot.services.subscriptions import ChatRef
from bot.storage.models import Chat

SF = async_sessionmaker[AsyncSession]


@pytest.fixture
def session_factory(db_session_factory: SF) -> SF:
    """Every service test runs on SQLite, and on PostgreSQL when CLAIMWATCH_TEST_DATABASE_URL is set."""
    return db_session_factory


PRIVATE = ChatRef(id=42, type="private")
GROUP = ChatRef(id=-1001, type="group", title="Newsroom")


async def test_subscribe_then_unsubscribe(session_factory: SF) -> None:
    first = await subscriptions.subscribe(session_factory, GROUP)
    again = await subscriptions.subscribe(session_factory, GROUP)
    assert (first.changed, again.changed) == (True, False)
    async with session_factory() as session:
        chat = await session.get(Chat, GROUP.id)
        assert chat is not None
        assert (chat.subscribed, chat.type, chat.title) == (True, "group", "Newsroom")

    gone = await subscriptions.unsubscribe(session_factory, GROUP)
    gone_again = await subscriptions.unsubscribe(session_factory, GROUP)
    assert (gone.changed, gone_again.changed) == (True, False)
    async with session_factory() as session:
        chat = await session.get(Chat, GROUP.id)
        assert chat is not None
        assert (chat.subscribed, chat.unsubscribed_reason) == (False, "user")


async def test_resubscribe_clears_blocked_reason(session_factory: SF) -> None:
    async with session_factory() as session, session.begin():
        session.add(Chat(id=PRIVATE.id, type="private", subscribed=False, unsubscribed_reason="blocked"))
    await subscriptions.subscribe(session_factory, PRIVATE)
    async with session_factory() as session:
        chat = await session.get(Chat, PRIVATE.id)
        assert chat is not None
        assert (chat.subscribed, chat.unsubscribed_reason) == (True, None)


async def test_watch_several_with_phrase_and_dedupe(session_factory: SF) -> None:
    result = await watchlist.watch(session_factory, PRIVATE, 'Ukraine "death  toll" ukraine')
    assert result.added == ("Ukraine", "death toll")
    assert result.already == ()
    again = await watchlist.watch(session_factory, PRIVATE, "UKRAINE flood")
    assert again.added == ("flood",)
    assert again.already == ("UKRAINE",)
    assert again.total == 3
    listed = await watchlist.watchlist(session_factory, PRIVATE.id)
    assert [k.keyword for k in listed] == ["Ukraine", "death toll", "flood"]
    assert [k.normalized for k in listed] == ["ukraine", "death toll", "flood"]


async def test_watch_without_arguments_explains_usage(session_factory: SF) -> None:
    with pytest.raises(CommandError, match="/watch ukraine"):
        await watchlist.watch(session_factory, PRIVATE, "   ")


async def test_watch_rejects_65_character_keyword_and_adds_nothing(session_factory: SF) -> None:
    with pytest.raises(CommandError, match="at most 64"):
        await watchlist.watch(session_factory, PRIVATE, "fine " + "x" * 65)
    assert await watchlist.watchlist(session_factory, PRIVATE.id) == []


async def test_fifty_keywords_then_the_51st_is_refused(session_factory: SF) -> None:
    await watchlist.watch(session_factory, PRIVATE, " ".join(f"kw{i}" for i in range(50)))
    assert len(await watchlist.watchlist(session_factory, PRIVATE.id)) == 50
    with pytest.raises(CommandError, match=r"at most 50 keywords.*watches 50.*no room"):
        await watchlist.watch(session_factory, PRIVATE, "kw50")
    # an already watched keyword is not a new one, so it is still fine
    result = await watchlist.watch(session_factory, PRIVATE, "KW1")
    assert (result.added, result.already) == ((), ("KW1",))


async def test_batch_that_would_overflow_adds_nothing(session_factory: SF) -> None:
    await watchlist.watch(session_factory, PRIVATE, " ".join(f"kw{i}" for i in range(48)))
    with pytest.raises(CommandError, match="room for 2 more"):
        await watchlist.watch(session_factory, PRIVATE, "a b c")
    assert len(await watchlist.watchlist(session_factory, PRIVATE.id)) == 48


async def test_unwatch_known_and_unknown(session_factory: SF) -> None:
    await watchlist.watch(session_factory, PRIVATE, 'gaza "death toll"')
    result = await watchlist.unwatch(session_factory, PRIVATE, '"Death Toll" mars')
    assert (result.removed, result.unknown, result.remaining) == (("Death Toll",), ("mars",), 1)
    with pytest.raises(CommandError, match="does not watch “venus”"):
        await watchlist.unwatch(session_factory, PRIVATE, "venus")


async def test_unwatch_by_id_is_scoped_to_the_chat(session_factory: SF) -> None:
    await watchlist.watch(session_factory, PRIVATE, "gaza")
    [kw] = await watchlist.watchlist(session_factory, PRIVATE.id)
    assert await watchlist.unwatch_by_id(session_factory, GROUP.id, kw.id) is None
    assert await watchlist.unwatch_by_id(session_factory, PRIVATE.id, kw.id) == "gaza"
    assert await watchlist.unwatch_by_id(session_factory, PRIVATE.id, kw.id) is None


async def test_preferences_default_and_update(session_factory: SF) -> None:
    prefs = await chat_settings.get_preferences(session_factory, GROUP)
    assert (prefs.alert_mode, prefs.scope, prefs.subscribed) == ("instant", "all", False)
    prefs = await chat_settings.update_preferences(session_factory, GROUP, alert_mode="daily")
    prefs = await chat_settings.update_preferences(session_factory, GROUP, scope="watched")
    assert (prefs.alert_mode, prefs.scope) == ("daily", "watched")
    with pytest.raises(CommandError, match="Unknown alert mode"):
        await chat_settings.update_preferences(session_factory, GROUP, alert_mode="weekly")


async def test_first_keywords_narrow_the_scope_once(session_factory: SF) -> None:
    first = await watchlist.watch(session_factory, PRIVATE, "gaza")
    assert (first.narrowed, first.scope) == (True, "watched")
    await chat_settings.update_preferences(session_factory, PRIVATE, scope="all")
    second = await watchlist.watch(session_factory, PRIVATE, "flood")
    assert (second.narrowed, second.scope) == (False, "all")
    other_chat = await watchlist.watch(session_factory, ChatRef(id=43, type="private"), "x")
    assert other_chat.narrowed

"""Hostile input to commands and buttons: unsafe links, ids too big for the database, floods of
searches, and /addfeed honouring CLAIMWATCH_ALLOW_PRIVATE_URLS."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes.harness import ADMIN_ID, Chat, table_resolver
from fakes.seed import commit_dispute
from fakes.telegram_api import TOKEN, FakeTelegramAPI, Outgoing
from pydantic import SecretStr
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.services.rate_limit import RateLimiter
from bot.settings import Settings
from bot.storage.models import Article, DisputeRow, Feed
from bot.telegram.app import build_application, running
from bot.telegram.context import BotApplication
from handlers.common import MAX_ROW_ID, row_id

SF = async_sessionmaker[AsyncSession]
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)


def forged(message: Outgoing, data: str) -> Outgoing:
    """``message`` as if it carried a button with ``data`` (a client can send any callback data)."""
    markup = {"inline_keyboard": [[{"text": "x", "callback_data": data}]]}
    return dataclasses.replace(message, reply_markup=markup)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("2147483647", MAX_ROW_ID),
        ("2147483648", None),
        ("999999999999999999", None),
        ("9" * 30, None),
        ("0", None),
        ("²", None),
        ("١٢", None),  # Arabic-Indic digits
        ("-3", None),
        ("", None),
    ],
)
def test_row_id(text: str, expected: int | None) -> None:
    assert row_id(text) == expected


async def test_claims_links_only_web_addresses(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    urls = [
        "tg://resolve?domain=somebot",
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "https://ok.example/a",
    ]
    for i, url in enumerate(urls):
        dispute_id = await commit_dispute(session_factory, headline=f"Harbour story {i}", created_at=T0)
        async with session_factory() as session, session.begin():
            dispute = await session.get(DisputeRow, dispute_id)
            assert dispute is not None
            await session.execute(
                update(Article).where(Article.id == dispute.dispute_article_id).values(url=url)
            )
    reply = await Chat(fake_api, 41).ask_one("/claims")
    assert "Harbour story 0" in reply.text
    assert 'href="https://ok.example/a"' in reply.text
    for scheme in ("tg:", "javascript:", "data:"):
        assert f'href="{scheme}' not in reply.text


async def test_oversized_ids_in_buttons_and_commands_answer_cleanly(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    await commit_dispute(session_factory, headline="Harbour story", created_at=T0)
    me = Chat(fake_api, ADMIN_ID)
    listing = await me.ask_one("/claims")
    answer, _ = await me.press(forged(listing, "det:" + "9" * 30), "det:" + "9" * 30)
    assert "out of date" in answer["text"]
    shown = await me.ask_one("/watch harbour")
    assert shown.text
    watchlist = await me.ask_one("/watchlist")
    data = "wl:rm:" + "9" * 18
    answer, _ = await me.press(forged(watchlist, data), data)
    assert "out of date" in answer["text"]
    for argument in ("9" * 18, "²", "2147483648"):
        reply = await me.ask_one(f"/removefeed {argument}")
        assert "Send the feed's number from /feeds" in reply.text, argument


async def test_searches_are_rate_limited_per_user(
    app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF, clock: FakeClock
) -> None:
    limiter = app.bot_data.services.search_limiter
    assert isinstance(limiter, RateLimiter)
    me, other = Chat(fake_api, 42), Chat(fake_api, 43)
    replies = [(await me.ask_one("/claims harbour")).text for _ in range(limiter.burst + 1)]
    assert all("No contested claims" in r for r in replies[:-1])
    assert "Too many searches" in replies[-1]
    assert "No contested claims" in (await other.ask_one("/claims harbour")).text  # others unaffected
    clock.advance(limiter.per_seconds / limiter.burst)  # one search's worth of time later
    assert "No contested claims" in (await me.ask_one("/claims harbour")).text


@pytest.fixture
async def permissive_app(
    fake_api: FakeTelegramAPI, engine: AsyncEngine, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[BotApplication]:
    settings = Settings(
        telegram_token=SecretStr(TOKEN),
        telegram_api_url=fake_api.base_url,
        database_url=engine.url.render_as_string(hide_password=False),
        admin_ids=(ADMIN_ID,),
        allow_private_urls=True,
    )
    application = build_application(
        settings, clock=clock, rate_limits=None, ingestion=False, publish_commands=False
    )
    async with running(application, poll_timeout=1):
        services = application.bot_data.services
        application.bot_data.install(dataclasses.replace(services, resolver=table_resolver))
        yield application


async def test_addfeed_honours_allow_private_urls(
    permissive_app: BotApplication, fake_api: FakeTelegramAPI, session_factory: SF
) -> None:
    reply = await Chat(fake_api, ADMIN_ID).ask_one("/addfeed http://loopback.example/rss")
    assert "Added feed" in reply.text
    async with session_factory() as session:
        assert (await session.scalars(select(Feed.url))).all() == ["http://loopback.example/rss"]

"""The real claimwatch Application against the fake Bot API server (tests/fakes/telegram_api.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from fakes.harness import ADMIN_ID, StartApp
from fakes.telegram_api import TOKEN, FakeTelegramAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.settings import Settings
from bot.telegram.app import build_application, running
from bot.telegram.context import BotApplication


# Every test here runs on each database back end: SQLite, and PostgreSQL when
# CLAIMWATCH_TEST_DATABASE_URL is set (as .ci/run does). These override the SQLite-only fixtures.
@pytest.fixture
def engine(db_engine: AsyncEngine) -> AsyncEngine:
    return db_engine


@pytest.fixture
def session_factory(db_session_factory: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    return db_session_factory


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as api:
        yield api


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(fake_api: FakeTelegramAPI, engine: AsyncEngine, tmp_path: Path) -> Settings:
    feeds = tmp_path / "feeds.toml"
    feeds.write_text("", encoding="utf-8")
    return Settings(
        telegram_token=SecretStr(TOKEN),
        telegram_api_url=fake_api.base_url,
        database_url=engine.url.render_as_string(hide_password=False),
        feeds_file=feeds,
        admin_ids=(ADMIN_ID,),
    )


@pytest.fixture
def start_app(settings: Settings, clock: FakeClock) -> StartApp:
    """``async with start_app(**build_kwargs) as app``: a running Application (no feed polling),
    with the production rate limiter (AIORateLimiter at Telegram's limits)."""

    def start(**kwargs: Any) -> AbstractAsyncContextManager[BotApplication]:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("ingestion", False)
        return running(build_application(kwargs.pop("settings", settings), **kwargs), poll_timeout=1)

    return start


@pytest.fixture
async def app(start_app: StartApp) -> AsyncIterator[BotApplication]:
    async with start_app() as application:
        yield application

"""The real claimwatch Application talking to the fake Bot API server, for handler tests."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes.harness import ADMIN_ID, table_resolver
from fakes.telegram_api import TOKEN, FakeTelegramAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.settings import Settings
from bot.telegram.app import build_application, running
from bot.telegram.context import BotApplication


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI() as api:
        yield api


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def app(
    fake_api: FakeTelegramAPI, engine: AsyncEngine, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[BotApplication]:
    """The running Application on the test database (schema made by the ``engine`` fixture)."""
    settings = Settings(
        telegram_token=SecretStr(TOKEN),
        telegram_api_url=fake_api.base_url,
        database_url=engine.url.render_as_string(hide_password=False),
        admin_ids=(ADMIN_ID,),
    )
    application = build_application(
        settings, clock=clock, rate_limits=None, ingestion=False, publish_commands=False
    )
    async with running(application, poll_timeout=1):
        services = application.bot_data.services
        application.bot_data.install(dataclasses.replace(services, resolver=table_resolver))
        yield application

"""Fixtures of the job-queue tests: PostgreSQL only (the queue lives there)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.feed_server import FeedServer
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.db import create_engine


@pytest.fixture
async def pg(pg_url: URL) -> str:
    """An empty PostgreSQL database (this module needs no SQLite case: the queue is PostgreSQL's)."""
    url = pg_url.render_as_string(hide_password=False)
    admin = create_engine(url)
    async with admin.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await admin.dispose()
    return url


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as srv:
        yield srv


@pytest.fixture
async def engine(pg: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(pg)
    yield eng
    await eng.dispose()

"""Fixtures of the job-queue tests: PostgreSQL only (the queue lives there)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fakes.feed_server import FeedServer
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.db import create_engine


@pytest.fixture
def pg(pg_empty: URL) -> str:
    """An empty PostgreSQL database (this module needs no SQLite case: the queue is PostgreSQL's)."""
    return pg_empty.render_as_string(hide_password=False)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as srv:
        yield srv


@pytest.fixture
async def engine(pg: str) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(pg)
    yield eng
    await eng.dispose()

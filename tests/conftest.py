"""Shared database fixtures.

- ``engine`` / ``session_factory``: a fresh SQLite file (schema created from the models) per test.
- ``db_url``: parametrised over ``sqlite`` and ``postgresql``; an EMPTY database per test (no
  tables), for migration tests. The PostgreSQL case is skipped unless
  ``CLAIMWATCH_TEST_DATABASE_URL`` names a server (``.ci/run`` sets it).
- ``db_engine`` / ``db_session_factory``: like ``engine`` / ``session_factory`` but on every
  back end of ``db_url``; use them for tests that must hold on SQLite and PostgreSQL alike.

On PostgreSQL each pytest session creates its own uniquely named database on the server of
``CLAIMWATCH_TEST_DATABASE_URL`` and drops it at the end, so parallel runs never collide; each
test gets an empty ``public`` schema in it.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.db import create_engine, create_schema, make_session_factory

PG_ENV = "CLAIMWATCH_TEST_DATABASE_URL"


def _asyncpg_dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_admin(admin: URL, sql: str) -> None:
    """Run admin SQL on its own loop in a worker thread: callable inside or outside a test's loop."""

    async def run() -> None:
        conn = await asyncpg.connect(_asyncpg_dsn(admin))
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[URL]:
    """A temporary PostgreSQL database for this pytest session (skipped without a server)."""
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"{PG_ENV} is not set")
    admin = make_url(raw)
    name = f"claimwatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _pg_admin(admin, f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(drivername="postgresql+asyncpg", database=name)
    finally:
        _pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each back end."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'claimwatch.db'}"
    url: URL = request.getfixturevalue("pg_url")
    _pg_admin(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    return url.render_as_string(hide_password=False)


async def _engine_with_schema(url: str) -> AsyncEngine:
    eng = create_engine(url)
    await create_schema(eng)
    return eng


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = await _engine_with_schema(f"sqlite+aiosqlite:///{tmp_path / 'claimwatch.db'}")
    yield eng
    await eng.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


@pytest.fixture
async def db_engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    eng = await _engine_with_schema(db_url)
    yield eng
    await eng.dispose()


@pytest.fixture
def db_session_factory(db_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(db_engine)

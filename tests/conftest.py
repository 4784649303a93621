"""Shared database fixtures.

- ``engine`` / ``session_factory``: a fresh SQLite file with the schema per test (a copy of a
  template file made once per session: creating every table costs more than copying a file).
- ``db_url``: parametrised over ``sqlite`` and ``postgresql``; an EMPTY database per test (no
  tables), for migration tests. The PostgreSQL case is skipped unless
  ``CLAIMWATCH_TEST_DATABASE_URL`` names a server (``.ci/run`` sets it).
- ``db_engine`` / ``db_session_factory``: like ``engine`` / ``session_factory`` but on every
  back end (``sqlite`` and ``postgresql``); use them for tests that must hold on SQLite and
  PostgreSQL alike.

On PostgreSQL each pytest session (each xdist worker) creates its own uniquely named database on
the server of ``CLAIMWATCH_TEST_DATABASE_URL`` and drops it at the end, so parallel runs never
collide. Its tables are created once and emptied before each ``db_engine`` test (re-creating the
schema per test cost most of the time of the PostgreSQL cases); a ``db_url`` test empties the
``public`` schema, and the next ``db_engine`` test creates the tables again. One database, not
two: on PostgreSQL 15 every DROP DATABASE waits for a checkpoint of the whole server.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.db import create_engine, create_schema, make_session_factory
from bot.storage.models import Base

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


class _PgDatabase:
    """The session's PostgreSQL database, and whether its ``public`` schema holds the tables."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.has_tables = False


@pytest.fixture(scope="session")
def pg_database() -> Iterator[_PgDatabase]:
    """A temporary PostgreSQL database for this pytest session (skipped without a server)."""
    raw = os.environ.get(PG_ENV)
    if not raw:
        pytest.skip(f"{PG_ENV} is not set")
    admin = make_url(raw)
    name = f"claimwatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _pg_admin(admin, f'CREATE DATABASE "{name}"')
    try:
        yield _PgDatabase(admin.set(drivername="postgresql+asyncpg", database=name))
    finally:
        _pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_empty(pg_database: _PgDatabase) -> URL:
    """The session's PostgreSQL database with an empty ``public`` schema."""
    _pg_admin(pg_database.url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    pg_database.has_tables = False
    return pg_database.url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every table, made once per session and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "claimwatch.db"

    async def create() -> None:
        eng = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await create_schema(eng)
        finally:
            await eng.dispose()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, create()).result()
    return path


def _sqlite_copy(template: Path, tmp_path: Path) -> str:
    path = tmp_path / "claimwatch.db"
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"


# DELETE, not TRUNCATE: TRUNCATE gives every table new files, 0.4 s per test on this machine
# against 0.01 s for deleting the few rows a test leaves. Children first, for the foreign keys;
# the sequences start at 1 again, as on a new schema.
_DELETES = [f'DELETE FROM "{table.name}"' for table in reversed(Base.metadata.sorted_tables)]
_RESTART_SEQUENCES = (
    "SELECT setval(c.oid, 1, false) FROM pg_class c "
    "WHERE c.relkind = 'S' AND c.relnamespace = 'public'::regnamespace"
)


async def _pg_engine_with_tables(db: _PgDatabase) -> AsyncEngine:
    eng = create_engine(db.url.render_as_string(hide_password=False))
    async with eng.begin() as conn:
        # A connection a test left open shows up here as a clear error, not a hang.
        await conn.execute(text("SET LOCAL lock_timeout = '10s'"))
        if db.has_tables:
            # Emptied before (not after) each test: a failed test leaves its rows to look at.
            for statement in _DELETES:
                await conn.execute(text(statement))
            await conn.execute(text(_RESTART_SEQUENCES))
        else:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
            await conn.run_sync(Base.metadata.create_all)
    db.has_tables = True
    return eng


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database back end of a test that runs on each of them."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each back end."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'claimwatch.db'}"
    url: URL = request.getfixturevalue("pg_empty")
    return url.render_as_string(hide_password=False)


@pytest.fixture
async def engine(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_engine(_sqlite_copy(sqlite_template, tmp_path))
    yield eng
    await eng.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


@pytest.fixture
async def db_engine(
    backend: str, request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """Every table, no rows, on each back end."""
    if backend == "sqlite":
        eng = create_engine(_sqlite_copy(sqlite_template, tmp_path))
    else:
        eng = await _pg_engine_with_tables(request.getfixturevalue("pg_database"))
    yield eng
    await eng.dispose()


@pytest.fixture
def db_session_factory(db_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(db_engine)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Make ``--dist loadgroup`` group again under pytest 9.2 (pytest-xdist issue #1386).

    xdist tells its scheduler a test's group by appending ``@group`` to the node id, through the
    ``_nodeid`` attribute that pytest 9.2 no longer reads (node ids became structured): the groups
    were silently ignored. Where xdist's suffix did not take, set it on the structured id. Remove
    once pytest-xdist handles it (pytest-xdist pull request #1388).
    """
    # Set on xdist's workers only (absent in a run without -n or without xdist).
    if not getattr(config.option, "loadgroup", False) or not hasattr(pytest.Item, "id"):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        groups = {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
        if groups and "@" not in item.nodeid:
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(sorted(groups))}")

"""Engines, sessions and migrations for SQLite (default) and PostgreSQL.

SQLite runs in WAL mode (readers never block the writer) with a busy timeout, foreign keys on,
and ``BEGIN IMMEDIATE`` transactions: a transaction that reads and then writes takes the write
lock up front, so it waits (busy timeout) instead of failing with "database is locked" when
another connection wrote in between.

The WAL is copied back into the database file by :class:`WalCheckpointer`, a background task of
the running bot, not by the committing writer: SQLite's automatic checkpoint (every 1,000 pages)
ran inside a commit, and in a large archive every event key an article adds dirties its own page
of the key index, so the writer paid a write-back and two fsyncs every few batches. The automatic
checkpoint stays, at :data:`SQLITE_WAL_AUTOCHECKPOINT` pages, for processes without the task.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any, Literal

import aiosqlite
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.util import await_

from bot.errors import StorageError
from bot.storage.models import Base, UTCDateTime

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
# pages (4 KiB) of WAL after which a commit checkpoints by itself: a bound for processes that do
# not run the WalCheckpointer (CLI commands); the bot's task checkpoints long before
SQLITE_WAL_AUTOCHECKPOINT = 10_000
WAL_CHECKPOINT_SECONDS = 2.0
# SQLite's page cache per connection, in KiB (its default is 2 MiB, 500 pages). In a large archive
# each article's candidate lookup reads some 150 pages of the key and article indexes and its
# insert dirties some 25 pages of the key index: with 500 pages the interior pages of those indexes
# were evicted between articles and read again from the file. The cache only grows as pages are
# read, so a small database never uses it.
SQLITE_CACHE_KIB = 65_536
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
READ_ONLY_OPTION = "claimwatch_read_only"  # execution option set by read_only()
MIGRATION_LOCK = 0x636C6D01  # PostgreSQL advisory lock key held while migrating ("clm" 1)
# Shipped inside the package (see package-data in pyproject.toml), so installs can migrate too.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def parse_url(url: str | URL) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError(f"CLAIMWATCH_DATABASE_URL is not a database URL: {exc}") from exc
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise StorageError(
            f"unsupported database driver {parsed.drivername!r}; use sqlite+aiosqlite:///path.db "
            "or postgresql+asyncpg://user@host/db"
        )
    return parsed


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database)


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for ``url``; for SQLite the file's directory is created if missing."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(parsed, pool_pre_ping=True, **kwargs)

    path = sqlite_path(parsed)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the directory of the SQLite file {path}: {exc}") from exc
    engine = create_async_engine(parsed, **kwargs)
    _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the driver so BEGIN is ours (see module docstring).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster commits
            cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT}")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")  # negative: KiB, not pages
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Reads only: no write lock needed, WAL gives a snapshot even while a writer works.
        read_only = connection.get_execution_options().get(READ_ONLY_OPTION)
        sql = "BEGIN" if read_only else "BEGIN IMMEDIATE"
        driver = connection.connection.driver_connection
        if isinstance(driver, aiosqlite.Connection):
            # One trip to aiosqlite's thread instead of three (cursor, execute, close): this runs
            # for every transaction, e.g. once per message the outbox sender records.
            try:
                await_(driver.execute(sql))
            except sqlite3.Error as exc:  # as exec_driver_sql would raise it (database locked, ...)
                raise OperationalError(sql, None, exc) from exc
        else:
            connection.exec_driver_sql(sql)


async def read_only(session: AsyncSession) -> None:
    """Mark a fresh ``session`` as reading only: on SQLite its transaction does not take (or
    wait for) the write lock. Call it before the session's first query."""
    await session.connection(execution_options={READ_ONLY_OPTION: True})


async def checkpoint(engine: AsyncEngine) -> tuple[int, int]:
    """Copy what the WAL holds back into the SQLite file without waiting for anyone (PASSIVE:
    frames newer than the oldest open reader stay for the next time): (WAL frames, frames
    copied)."""
    async with engine.connect() as conn:
        # on the driver's connection: through SQLAlchemy it would first BEGIN IMMEDIATE (the
        # write lock this is meant to leave to the writer)
        driver = (await conn.get_raw_connection()).driver_connection
        assert isinstance(driver, aiosqlite.Connection)
        try:
            async with driver.execute("PRAGMA wal_checkpoint(PASSIVE)") as cursor:
                row = await cursor.fetchone()
        except sqlite3.Error as exc:
            raise OperationalError("PRAGMA wal_checkpoint", None, exc) from exc
    assert row is not None
    return int(row[1]), int(row[2])


class WalCheckpointer:
    """The running bot's WAL checkpoints on SQLite, every ``interval`` seconds on a connection of
    their own, so no committing writer waits for the write-back (see the module docstring). A
    no-op on PostgreSQL, whose server checkpoints by itself."""

    def __init__(self, engine: AsyncEngine, interval: float = WAL_CHECKPOINT_SECONDS) -> None:
        self._engine = engine
        self._interval = interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._engine.dialect.name == "sqlite" and self._task is None:
            self._task = asyncio.create_task(self._run(), name="wal-checkpoint")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await checkpoint(self._engine)
            except (SQLAlchemyError, OSError) as exc:  # the next round, or a commit, catches up
                log.warning("WAL checkpoint failed: %s", error_summary(exc))


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit without lazy loads (no
    # implicit I/O in async code).
    return async_sessionmaker(engine, expire_on_commit=False)


async def create_schema(engine: AsyncEngine) -> None:
    """Create every table from the models directly (tests); production uses :func:`migrate`."""
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)


def alembic_config(url: str | URL | None = None) -> Any:
    """The Alembic config of the packaged migrations (works from an installed package too)."""
    from alembic.config import Config

    root = MIGRATIONS_DIR
    cfg = Config(str(root / "alembic.ini"))
    cfg.set_main_option("script_location", str(root))
    if url is not None:
        # Passed as an attribute, not an ini option: configparser would choke on '%' in passwords.
        cfg.attributes["url"] = make_url(url)
    return cfg


async def migrate(url: str | URL, revision: str = "head") -> None:
    """Apply Alembic migrations up to ``revision`` on the database at ``url``."""
    from alembic import command

    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            cfg = alembic_config(url)

            def _upgrade(sync_conn: Connection) -> None:
                if sync_conn.dialect.name == "postgresql":
                    # Several processes start at once (workers, bot replicas): one migrates, the
                    # others wait for it and then find nothing to do.
                    sync_conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                cfg.attributes["connection"] = sync_conn
                command.upgrade(cfg, revision)

            await conn.run_sync(_upgrade)
    except (SQLAlchemyError, OSError) as exc:
        raise StorageError(f"cannot migrate the database: {exc}") from exc
    finally:
        await engine.dispose()


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Alembic hook: migrations must not import application code, so render our column type
    by its database type."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def schema_diff(connection: Connection) -> list[Any]:
    """Differences between the live database and the models (empty when migrations are current)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    ctx = MigrationContext.configure(
        connection, opts={"compare_type": True, "render_item": render_item, "target_metadata": Base.metadata}
    )
    return list(compare_metadata(ctx, Base.metadata))


_SQL_DETAIL = re.compile(r"\s*\[(?:SQL|parameters): .*", re.DOTALL)
_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")


def strip_sql(message: str) -> str:
    """A database error message without the statement and parameters SQLAlchemy appends (they
    can hold article text, and mean nothing to an administrator reading /feeds)."""
    return _BACKGROUND.sub("", _SQL_DETAIL.sub("", message)).strip()


def error_summary(exc: BaseException) -> str:
    """One short line for a database error: the driver's message, no SQL, no parameters."""
    return strip_sql(str(exc)).splitlines()[0][:500] if str(exc).strip() else type(exc).__name__

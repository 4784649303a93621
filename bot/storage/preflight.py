"""Checks before the bot starts on a database: it is there, writable and not damaged.

A read-only or damaged SQLite file, or a PostgreSQL server that is not up yet, would otherwise
surface later as an unexpected error deep in a migration, or as "malformed" logged every minute.

- SQLite: the file (if it exists) and its directory must be writable (WAL mode writes -wal and
  -shm files beside it), and ``PRAGMA quick_check`` must answer ``ok``.
- PostgreSQL: connecting is retried with exponential backoff for a while (a server starting
  next to the bot, e.g. in docker compose), saying so at each attempt.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL

from bot.errors import StorageError
from bot.storage.db import create_engine, is_sqlite, sqlite_path

log = logging.getLogger(__name__)

CONNECT_ATTEMPTS = 8  # about 2 minutes in all: 1 + 2 + 4 + ... capped at 30 s between attempts
MAX_DELAY = 30.0
SQLITE_WAIT = 30.0  # seconds to wait for another process's write lock (as the bot's busy timeout)

Sleep = Callable[[float], Awaitable[None]]


async def check_database(
    url: str | URL, *, attempts: int = CONNECT_ATTEMPTS, sleep: Sleep = asyncio.sleep
) -> None:
    """Raise :class:`StorageError` with a plain explanation unless the database is usable."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            await asyncio.to_thread(check_sqlite_file, path)
        return
    await retry_connect(lambda: _ping(url), describe=_where(url), attempts=attempts, sleep=sleep)


def check_sqlite_file(path: Path) -> None:
    """A missing file is fine (migrations create it); an existing one must be writable and whole."""
    if not path.exists():
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not os.access(directory, os.W_OK):
        raise StorageError(
            f"the directory of the SQLite file {path} is read-only: SQLite needs to write its journal "
            "files next to it"
        )
    try:
        connection = sqlite3.connect(path, timeout=SQLITE_WAIT, isolation_level=None)
        try:
            rows = connection.execute("PRAGMA quick_check").fetchall()
            problems = [str(r[0]) for r in rows if r and r[0] != "ok"]
            if problems:
                raise StorageError(f"the SQLite file {path} is damaged ({problems[0][:200]}); {_RESTORE}")
            # A write that changes nothing, rolled back: permissions, read-only mounts and
            # immutable files all show here (os.access says yes to root for all of them).
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
            connection.execute("BEGIN IMMEDIATE")
            connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise StorageError(
                f"the SQLite file {path} is read-only ({exc}): give the bot's user write access to it"
            ) from exc
        raise StorageError(f"cannot open the SQLite file {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        message = f"the SQLite file {path} is damaged or not a database ({exc}); {_RESTORE}"
        raise StorageError(message) from exc


_RESTORE = "restore it from a backup, or move it away to start with an empty database"


async def retry_connect(
    connect: Callable[[], Awaitable[None]], *, describe: str, attempts: int, sleep: Sleep
) -> None:
    """``connect()`` until it succeeds, ``attempts`` times at most, waiting 1, 2, 4 ... s between."""
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            await connect()
            if attempt > 1:
                log.info("database %s is reachable now", describe)
            return
        except (OSError, StorageError) as exc:
            if attempt == attempts:
                raise StorageError(
                    f"cannot connect to the database {describe} after {attempts} attempts: {exc}"
                ) from exc
            log.warning(
                "database %s not reachable (%s); attempt %d of %d, retrying in %g s",
                describe,
                exc,
                attempt,
                attempts,
                delay,
            )
        await sleep(delay)
        delay = min(delay * 2, MAX_DELAY)


async def _ping(url: str | URL) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except Exception as exc:  # driver errors (asyncpg, sqlalchemy) become one kind
        raise StorageError(_short(exc)) from exc
    finally:
        await engine.dispose()


def _short(exc: BaseException) -> str:
    """The driver's message without SQLAlchemy's SQL and background-link lines."""
    original = getattr(exc, "orig", None) or exc
    return f"{type(original).__name__}: {str(original).splitlines()[0] if str(original) else ''}"[:300]


def _where(url: str | URL) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''}"

"""Engine set-up: SQLite pragmas, file creation, URL checks, concurrent writers."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.errors import StorageError
from bot.storage.db import (
    SQLITE_CACHE_KIB,
    SQLITE_WAL_AUTOCHECKPOINT,
    WalCheckpointer,
    checkpoint,
    create_engine,
    create_schema,
    make_session_factory,
    migrate,
)
from bot.storage.models import Feed


async def _pragma(engine: AsyncEngine, name: str) -> object:
    async with engine.connect() as conn:
        return (await conn.execute(text(f"PRAGMA {name}"))).scalar_one()


async def test_sqlite_runs_in_wal_mode_with_busy_timeout_and_foreign_keys(engine: AsyncEngine) -> None:
    assert str(await _pragma(engine, "journal_mode")).lower() == "wal"
    assert int(str(await _pragma(engine, "busy_timeout"))) >= 1000
    assert await _pragma(engine, "foreign_keys") == 1


async def test_wal_mode_persists_in_the_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'w.db'}"
    await migrate(url)
    # WAL is a property of the file: a plain connection that sets nothing still sees it.
    raw = sqlite3.connect(tmp_path / "w.db")
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


async def test_parent_directory_of_sqlite_file_is_created(tmp_path: Path) -> None:
    db_file = tmp_path / "nested" / "deeper" / "claimwatch.db"
    engine = create_engine(f"sqlite+aiosqlite:///{db_file}")
    try:
        await create_schema(engine)
    finally:
        await engine.dispose()
    assert db_file.is_file()


@pytest.mark.parametrize("url", ["mysql+aiomysql://u@h/db", "sqlite:///plain-sync-driver.db", "not a url"])
def test_unsupported_urls_are_refused(url: str) -> None:
    with pytest.raises(StorageError):
        create_engine(url)


async def test_concurrent_read_then_write_transactions_do_not_fail(engine: AsyncEngine) -> None:
    """Each writer reads a count then inserts; BEGIN IMMEDIATE makes them queue, not crash."""
    factory: async_sessionmaker[AsyncSession] = make_session_factory(engine)

    async def writer(n: int) -> None:
        async with factory.begin() as session:
            count = await session.scalar(select(func.count()).select_from(Feed))
            session.add(Feed(url=f"https://w{n}.example/rss?seen={count}"))

    await asyncio.gather(*(writer(n) for n in range(20)))
    async with factory() as session:
        urls = (await session.scalars(select(Feed.url))).all()
    assert len(urls) == 20
    # Serialised: each writer saw all earlier commits, so the counts are exactly 0..19.
    assert sorted(int(u.rsplit("=", 1)[1]) for u in urls) == list(range(20))


async def test_migrate_reports_unreachable_database_as_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError):
        await migrate(f"sqlite+aiosqlite:///{blocker / 'db.sqlite'}")


async def test_sqlite_keeps_a_page_cache_for_a_large_archive(engine: AsyncEngine) -> None:
    # negative: a size in KiB; SQLite's default is 2 MiB
    assert await _pragma(engine, "cache_size") == -SQLITE_CACHE_KIB


def _size(path: Path) -> int:
    return path.stat().st_size


async def test_wal_is_copied_back_by_the_checkpointer_not_by_commits(engine: AsyncEngine) -> None:
    """Commits leave the WAL alone (up to SQLITE_WAL_AUTOCHECKPOINT pages); the bot's
    WalCheckpointer copies it into the file beside the writer."""
    assert await _pragma(engine, "wal_autocheckpoint") == SQLITE_WAL_AUTOCHECKPOINT
    path = Path(str(engine.url.database))
    factory = make_session_factory(engine)
    async with factory() as session, session.begin():
        session.add_all(Feed(url=f"https://feeds.example/{i}") for i in range(3000))
    frames, copied = await checkpoint(engine)
    assert frames > 0
    assert copied == frames  # still in the WAL, and no reader holds them
    async with factory() as session, session.begin():
        session.add_all(Feed(url=f"https://feeds.example/more/{i}") for i in range(3000))
    before = _size(path)
    checkpoints = WalCheckpointer(engine, interval=0.01)
    await checkpoints.start()
    for _ in range(200):
        await asyncio.sleep(0.01)
        if _size(path) > before:  # the new rows' pages reached the file
            break
    await checkpoints.stop()
    await checkpoints.stop()  # stopping twice is harmless
    assert _size(path) > before
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(Feed)) == 6000


async def test_checkpointer_does_nothing_on_postgresql(db_engine: AsyncEngine) -> None:
    checkpoints = WalCheckpointer(db_engine, interval=0.01)
    await checkpoints.start()
    await checkpoints.stop()

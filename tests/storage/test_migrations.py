"""The Alembic migrations build exactly the schema of bot/storage/models.py."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.storage.db import create_engine, migrate, schema_diff
from bot.storage.models import Base


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


async def test_upgrade_head_matches_models(db_url: str) -> None:
    await migrate(db_url)
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(schema_diff) == []
            tables = await conn.run_sync(_tables)
    finally:
        await engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


async def test_migrate_is_idempotent(db_url: str) -> None:
    await migrate(db_url)
    await migrate(db_url)  # a second start of the bot must not fail


async def test_empty_database_differs_from_models(db_url: str) -> None:
    # Guards the comparison above: it does report missing tables.
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(schema_diff)
    finally:
        await engine.dispose()
    assert {d[1].name for d in diff if d[0] == "add_table"} == set(Base.metadata.tables)

"""Alembic environment: async-aware, used by `claimwatch migrate` and by the `alembic` CLI.

bot.storage.db.migrate() hands over an open connection in ``config.attributes["connection"]``;
run standalone (``alembic -c bot/migrations/alembic.ini upgrade head``) it builds its own engine
from ``CLAIMWATCH_DATABASE_URL`` / the settings.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import URL, Connection

from bot.storage.db import render_item
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        render_item=render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


def _url() -> URL | str:
    url: URL | str | None = config.attributes.get("url")
    if url is None:
        from bot.settings import load_settings

        url = load_settings().database_url
    return url


async def _run_async() -> None:
    from bot.storage.db import create_engine

    engine = create_engine(_url())
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
    finally:
        await engine.dispose()


def run_migrations_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async())


def run_migrations_offline() -> None:
    context.configure(
        url=str(_url()), target_metadata=target_metadata, literal_binds=True, render_item=render_item
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

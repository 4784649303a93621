"""One active sender across replicas: the PostgreSQL advisory-lock election."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.jobs.election import SENDER_LOCK, SenderElection
from bot.storage.db import create_engine


async def test_one_replica_leads_and_another_takes_over_when_it_goes(engine: AsyncEngine, pg: str) -> None:
    other_machine = create_engine(pg)
    first, second = SenderElection(engine), SenderElection(other_machine)
    try:
        assert await first.leading()
        assert not await second.leading()
        assert await first.leading()  # still held: asking again does not lose it
        assert not await second.leading()
        await first.resign()  # a clean stop hands over at once
        assert await second.leading()
        assert not await first.leading()
        # The leader's machine dies: its connection, and with it the lock, is gone.
        async with engine.connect() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_locks "  # waits for it to end
                    "WHERE locktype = 'advisory' AND objid = :key AND granted "
                    # Advisory locks are per database: never end another test run's connection.
                    "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                ),
                {"key": SENDER_LOCK},
            )
        assert await first.leading()
        assert not await second.leading()  # it notices, and stands by
    finally:
        await first.resign()
        await second.resign()
        await other_machine.dispose()

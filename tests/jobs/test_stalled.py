"""Stalled feed jobs (their worker was killed) go back to the queue, once per feed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from procrastinate import App
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job, Status
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.jobs import queue
from bot.storage.db import make_session_factory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def job_app(pg: str) -> AsyncIterator[App]:
    app = queue.configured_app(pg)
    async with app.open_async():
        await app.schema_manager.apply_schema_async()
        yield app


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return make_session_factory(engine)


async def defer_poll(job_app: App, feed_id: int) -> int:
    lock = f"feed:{feed_id}"
    task = job_app.tasks["claimwatch.poll_feed"]
    return await task.configure(lock=lock, queueing_lock=lock).defer_async(feed_id=feed_id)


async def stall(job_app: App, engine: AsyncEngine) -> int:
    """A worker takes the next job and dies: its heartbeat stops (here: is an hour old)."""
    manager = job_app.job_manager
    worker_id = await manager.register_worker()
    job = await manager.fetch_job(queues=None, worker_id=worker_id)
    assert job is not None
    assert job.id is not None
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour' WHERE id = :id"
            ),
            {"id": worker_id},
        )
    return job.id


async def jobs(engine: AsyncEngine) -> dict[int, tuple[str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT id, status::text, attempts FROM procrastinate_jobs"))
        return {row.id: (row.status, row.attempts) for row in rows}


async def test_stalled_job_is_retried(
    job_app: App, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await defer_poll(job_app, 1)
    stalled = await stall(job_app, engine)

    assert await queue.retry_stalled_jobs(job_app, sessions, 60, NOW) == 1

    assert await jobs(engine) == {stalled: ("todo", 1)}  # back, one attempt more (it retakes)
    assert await queue.retry_stalled_jobs(job_app, sessions, 60, NOW) == 0  # nothing stalled now


async def test_stalled_job_retried_while_a_duplicate_waits_cancels_the_duplicate(
    job_app: App, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await defer_poll(job_app, 1)
    stalled = await stall(job_app, engine)
    # The scheduler ticked while the job was stalled: its queueing lock only covers waiting
    # jobs, so a second job for the same feed was queued (and the feed's lock, held by the
    # stalled job, keeps it waiting). Retrying the stalled job used to fail here on the
    # queueing lock's unique index, every tick, and the feed was never polled again.
    duplicate = await defer_poll(job_app, 1)
    other_feed = await defer_poll(job_app, 2)

    assert await queue.retry_stalled_jobs(job_app, sessions, 60, NOW) == 1

    assert await jobs(engine) == {
        stalled: ("todo", 1),  # the stalled job runs again, and retakes the feed's claim
        duplicate: ("cancelled", 0),  # the waiting duplicate will not run too
        other_feed: ("todo", 0),  # other feeds' jobs untouched
    }
    with pytest.raises(AlreadyEnqueued):  # still one job waiting per feed
        await defer_poll(job_app, 1)


async def test_one_job_that_cannot_be_retried_does_not_stop_the_others(
    job_app: App, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await defer_poll(job_app, 1)
    await defer_poll(job_app, 2)
    first = await stall(job_app, engine)
    second = await stall(job_app, engine)
    # The first finishes after all (its worker was only slow) after the look-up: its retry is
    # refused by procrastinate; the second is still retried.
    original = job_app.job_manager.get_stalled_jobs

    async def then_first_finishes(seconds_since_heartbeat: float) -> list[Job]:
        found = list(await original(seconds_since_heartbeat=seconds_since_heartbeat))
        await job_app.job_manager.finish_job_by_id_async(first, status=Status.SUCCEEDED, delete_job=False)
        return found

    job_app.job_manager.get_stalled_jobs = then_first_finishes  # type: ignore[method-assign,assignment]
    try:
        assert await queue.retry_stalled_jobs(job_app, sessions, 60, NOW) == 1
    finally:
        job_app.job_manager.get_stalled_jobs = original  # type: ignore[method-assign]
    assert await jobs(engine) == {first: ("succeeded", 1), second: ("todo", 1)}

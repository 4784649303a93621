"""``claimwatch worker``: one process running feed jobs from the PostgreSQL job queue.

Start as many as the CPUs (and machines) allow; each runs ``concurrency`` jobs at once, and its
feed parsing and detection in ``parse_workers`` processes (``bot.ingest.cpu``).
"""

from __future__ import annotations

import logging

from procrastinate import App
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, SystemClock
from bot.ingest.feeds_file import sync_feeds_file
from bot.ingest.http import make_client
from bot.ingest.poller import Poller
from bot.jobs import queue
from bot.settings import Settings
from bot.storage.db import create_engine, make_session_factory, migrate

log = logging.getLogger(__name__)

SETUP_LOCK = 0x636C6D02  # advisory lock: one process at a time installs the queue / syncs feeds


async def prepare(settings: Settings, job_app: App, engine: AsyncEngine) -> None:
    """Migrate, install procrastinate's tables when missing and sync the feeds file, one process
    at a time (several workers may start together)."""
    await migrate(settings.database_url)
    async with engine.connect() as conn:
        await conn.execute(text(f"SELECT pg_advisory_lock({SETUP_LOCK})"))
        try:
            installed = await conn.scalar(text("SELECT to_regclass('procrastinate_jobs') IS NOT NULL"))
            await conn.commit()
            if not installed:
                log.info("installing the job queue's tables")
                await job_app.schema_manager.apply_schema_async()
            await sync_feeds_file(make_session_factory(engine), settings.feeds_file)
        finally:
            await conn.execute(text(f"SELECT pg_advisory_unlock({SETUP_LOCK})"))
            await conn.commit()


async def run_worker(
    settings: Settings,
    *,
    concurrency: int,
    clock: Clock | None = None,
    wait: bool = True,
    install_signal_handlers: bool = True,
) -> None:
    """Run jobs until SIGINT/SIGTERM (or, with ``wait=False``, until the queue is empty)."""
    clock = clock or SystemClock()
    job_app = queue.configured_app(settings.database_url)
    engine = create_engine(settings.database_url)
    client = make_client(settings)
    session_factory = make_session_factory(engine)
    poller = Poller(session_factory=session_factory, client=client, settings=settings, clock=clock)
    try:
        async with job_app.open_async():
            await prepare(settings, job_app, engine)
            stalled_after = float(settings.job_stalled_after)
            queue.install(queue.WorkerRuntime(session_factory, poller, clock, stalled_after))
            log.info("worker started: %d job(s) at once", concurrency)
            await job_app.run_worker_async(
                concurrency=concurrency,
                wait=wait,
                install_signal_handlers=install_signal_handlers,
                # Heartbeats well inside the stalled threshold, so a live worker is never taken
                # for a dead one; stalled workers' rows are pruned after the same time.
                update_heartbeat_interval=stalled_after / 4,
                stalled_worker_timeout=stalled_after,
            )
    finally:
        queue.install(None)
        await poller.close()
        await client.aclose()
        await engine.dispose()

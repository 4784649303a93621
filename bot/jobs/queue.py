"""The distributed job queue (procrastinate, on the PostgreSQL claimwatch already uses).

Tasks, run by any number of ``claimwatch worker`` processes on any machines:

- ``schedule_feeds`` (periodic, every :data:`SCHEDULE_SECONDS`): defers one ``poll_feed`` job per
  due feed. Its queueing lock ``feed:<id>`` keeps at most one such job waiting per feed, and its
  lock of the same name lets at most one run at a time, whichever worker takes it.
- ``poll_feed``: fetch, parse, detect, store, link stories and queue alerts for one feed
  (``bot.ingest.poller.Poller``; the alerts go to the outbox, which ``claimwatch run`` drains).
  A storage failure raises and is retried with exponential backoff; a feed's own failures
  (HTTP errors, bad XML) are stored on the feed and its next poll backs off, as in one process.
- ``queue_digests`` (periodic, every minute): digests whose period ended (idempotent per chat and
  period, so several runs of it never send two).
- ``retry_stalled`` (periodic, every 10 s): a job whose worker stopped sending heartbeats (the
  worker was killed) is put back, and its next run re-takes the feed's claim. While it was
  stalled the scheduler may have queued a second job for the same feed (the queueing lock only
  covers waiting jobs); putting the stalled one back would then break that lock's uniqueness, so
  the waiting duplicate is cancelled in the same transaction and the feed is polled once.

A periodic task is deferred once per tick whatever the number of workers (procrastinate
records each periodic defer under a unique key).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alerts.enqueue import enqueue_due_digests
from bot.clock import Clock
from bot.errors import ConfigError, StorageError
from bot.ingest.poller import BATCH_NOT_STORED, Poller
from bot.storage.db import read_only
from bot.storage.feeds import due_feed_ids

log = logging.getLogger(__name__)

SCHEDULE_SECONDS = 10  # how late a due feed may be noticed
FEEDS_QUEUE = "feeds"


def conninfo(database_url: str) -> str:
    """The libpq connection string procrastinate (psycopg) needs, from the SQLAlchemy URL."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ConfigError("the job queue needs PostgreSQL: set CLAIMWATCH_DATABASE_URL=postgresql://...")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@dataclass
class WorkerRuntime:
    """What the tasks of this process use; installed by ``claimwatch worker`` before it runs."""

    session_factory: async_sessionmaker[AsyncSession]
    poller: Poller
    clock: Clock
    stalled_after: float  # seconds without a worker heartbeat before its job is run again


_runtime: WorkerRuntime | None = None


def install(runtime: WorkerRuntime | None) -> None:
    global _runtime
    _runtime = runtime


def _current() -> WorkerRuntime:
    if _runtime is None:
        raise StorageError("the worker runtime is not installed (run tasks through claimwatch worker)")
    return _runtime


app = App(connector=PsycopgConnector())  # the connection string is given when the app opens


def configured_app(database_url: str) -> App:
    """The app, bound to ``database_url`` (open it with ``async with app.open_async()``).

    The tasks belong to this one module-level app, so its connector is swapped in place (as
    procrastinate's ``replace_connector`` does): a process talks to one database at a time."""
    connector = PsycopgConnector(conninfo=conninfo(database_url))
    app.connector = connector
    app.job_manager.connector = connector
    return app


@app.task(
    name="claimwatch.poll_feed",
    queue=FEEDS_QUEUE,
    pass_context=True,
    # Only storage failures raise (the feed's own errors are stored on it and backed off):
    # 2, 4, 8, 16, 32 s, then the job stays failed and the feed is polled again when due.
    retry=RetryStrategy(max_attempts=5, exponential_wait=2, retry_exceptions={StorageError}),
)
async def poll_feed(context: JobContext, feed_id: int) -> str:
    runtime = _current()
    attempts = context.job.attempts if context.job is not None else 0
    # A retried job may follow a worker that died holding the feed's claim: take it back (the
    # job lock means no other job polls this feed meanwhile).
    report = await runtime.poller.run_cycle(feed_ids=[feed_id], retake=attempts > 0)
    for feed in report.feeds:
        if feed.error is not None and feed.error.startswith(BATCH_NOT_STORED):
            raise StorageError(f"feed {feed_id}: {feed.error}")
    return ", ".join(f"{f.status} ({f.new_entries} new)" for f in report.feeds) or "not due"


async def defer_due_feeds(
    job_app: App, session_factory: async_sessionmaker[AsyncSession], now: datetime
) -> int:
    """One ``poll_feed`` job per due feed that has none waiting; returns how many were deferred."""
    async with session_factory() as session:
        await read_only(session)
        ids = await due_feed_ids(session, now)
    task = job_app.tasks["claimwatch.poll_feed"]
    deferred = 0
    for feed_id in ids:
        lock = f"feed:{feed_id}"
        try:
            await task.configure(lock=lock, queueing_lock=lock).defer_async(feed_id=feed_id)
        except AlreadyEnqueued:
            continue  # its job is still waiting: one is enough
        deferred += 1
    return deferred


@app.periodic(cron=f"* * * * * */{SCHEDULE_SECONDS}", periodic_id="feeds")
@app.task(name="claimwatch.schedule_feeds", queueing_lock="schedule_feeds", pass_context=True)
async def schedule_feeds(context: JobContext, timestamp: int) -> int:
    runtime = _current()
    return await defer_due_feeds(context.app, runtime.session_factory, runtime.clock.now())


@app.periodic(cron="* * * * *", periodic_id="digests")
@app.task(name="claimwatch.queue_digests", queueing_lock="queue_digests")
async def queue_digests(timestamp: int) -> int:
    runtime = _current()
    async with runtime.session_factory() as session, session.begin():
        return await enqueue_due_digests(session, now=runtime.clock.now())


# Waiting jobs holding the stalled job's queueing lock: cancelled (procrastinate's own function,
# so its events are written), then the stalled job goes back to ``todo`` with one more attempt.
_CANCEL_WAITING_DUPLICATES = text(
    "SELECT procrastinate_cancel_job_v1(id, false, false) FROM procrastinate_jobs "
    "WHERE queueing_lock = :queueing_lock AND status = 'todo' AND id <> :job_id"
)
_RETRY = text("SELECT procrastinate_retry_job_v2(:job_id, :retry_at, NULL, NULL, NULL)")


async def retry_stalled_jobs(
    job_app: App, session_factory: async_sessionmaker[AsyncSession], stalled_after: float, now: datetime
) -> int:
    """Put the jobs of workers gone silent back in the queue; returns how many were.

    One transaction per job: cancelling a waiting duplicate and retrying the stalled job commit
    together, so a scheduler deferring meanwhile sees the lock held either way (it gets
    ``AlreadyEnqueued``) and the feed never has two jobs. A job that cannot be retried (it
    finished after all, between the look-up and now) is logged and the others still are."""
    stalled = list(await job_app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after))
    retried = 0
    for job in stalled:
        try:
            async with session_factory() as session, session.begin():
                cancelled = 0
                if job.queueing_lock is not None:
                    result = await session.execute(
                        _CANCEL_WAITING_DUPLICATES, {"queueing_lock": job.queueing_lock, "job_id": job.id}
                    )
                    cancelled = len(result.all())
                await session.execute(_RETRY, {"job_id": job.id, "retry_at": now})
        except Exception:
            log.exception("job %s (%s) was stalled but could not be retried", job.id, job.task_name)
            continue
        retried += 1
        log.warning(
            "job %s (%s) was running on a worker that stopped: retrying it%s",
            job.id,
            job.task_name,
            f" (a waiting duplicate cancelled: {cancelled})" if cancelled else "",
        )
    return retried


@app.periodic(cron="* * * * * */10", periodic_id="stalled")
@app.task(name="claimwatch.retry_stalled", queueing_lock="retry_stalled", pass_context=True)
async def retry_stalled(context: JobContext, timestamp: int) -> int:
    """Jobs of workers gone silent (killed, machine lost) go back to the queue."""
    runtime = _current()
    return await retry_stalled_jobs(
        context.app, runtime.session_factory, runtime.stalled_after, datetime.now(UTC)
    )

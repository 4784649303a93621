"""Periodic polling with APScheduler 3.x: one interval job runs a poll cycle over the due feeds.

Each feed has its own next poll time in the database; the job only looks often enough (every
``tick`` seconds) to honour them. ``coalesce`` folds missed runs into one and ``max_instances=1``
keeps two cycles from overlapping.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import httpx
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.errors import ClaimwatchError
from bot.ingest.feeds_file import sync_feeds_file
from bot.ingest.poller import CycleReport, Poller
from bot.pipeline import PipelineContext
from bot.settings import Settings

log = logging.getLogger(__name__)
MAX_TICK = 30  # seconds: how late a due feed can be noticed at most
JOB_ID = "claimwatch-poll"


def summary(report: CycleReport) -> str:
    return (
        f"{len(report.feeds)} feeds: {report.count('ok')} ok, {report.count('not-modified')} not modified, "
        f"{report.count('error')} failed, {report.count('gone')} disabled; "
        f"{report.new_entries} new articles in {report.elapsed:.1f} s"
    )


class PollScheduler:
    """Owns the poll job. ``start()`` in the app's post_init, ``shutdown()`` in post_shutdown."""

    def __init__(
        self,
        *,
        session_factory: async_sessionmaker[AsyncSession],
        client: httpx.AsyncClient,
        settings: Settings,
        clock: Clock | None = None,
        pipeline: PipelineContext | None = None,
    ) -> None:
        self.settings = settings
        self.session_factory = session_factory
        self.poller = Poller(
            session_factory=session_factory,
            client=client,
            settings=settings,
            clock=clock or SystemClock(),
            pipeline=pipeline,
        )
        self.tick = max(1, min(settings.poll_interval, MAX_TICK))
        # A cycle never waits for its articles' analysis (it runs on beside the next cycles), and
        # a feed due before the next look is polled at this one: with poll_interval equal to the
        # tick, a feed stored a moment after its tick would otherwise wait a second tick.
        self.poller.wait_for_analysis = False
        self.poller.due_slack = self.tick / 2
        self._scheduler: AsyncIOScheduler | None = None
        self._running: asyncio.Task[object] | None = None
        self._stopping = False
        self._first_cycle_done = asyncio.Event()

    async def start(self) -> None:
        await self.sync_feeds_file()
        scheduler = AsyncIOScheduler(event_loop=asyncio.get_running_loop(), timezone=UTC)
        scheduler.add_job(
            self.run_cycle,
            IntervalTrigger(seconds=self.tick, timezone=UTC),
            id=JOB_ID,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
            next_run_time=datetime.now(UTC),  # first cycle right away
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("polling started: due feeds checked every %d s", self.tick)

    async def sync_feeds_file(self) -> None:
        """Bring the feeds file into the database; a broken file is logged, polling goes on."""
        try:
            report = await sync_feeds_file(self.session_factory, self.settings.feeds_file)
        except ClaimwatchError as exc:
            log.error("feeds file not loaded: %s", exc)
            return
        log.info(
            "feeds file %s: %d added, %d enabled again, %d disabled, %d unchanged",
            self.settings.feeds_file,
            report.added,
            report.enabled_again,
            report.disabled,
            report.unchanged,
        )

    async def run_cycle(self) -> CycleReport | None:
        self._running = asyncio.current_task()
        try:
            report = await self.poller.run_cycle()
        except asyncio.CancelledError:
            if self._stopping:
                # shutdown() cancelled us: the claimed feeds keep their lease and come back later.
                log.info("poll cycle interrupted by shutdown")
                return None
            raise
        except Exception:  # the job must survive anything one cycle throws
            log.exception("poll cycle failed")
            return None
        finally:
            self._running = None
            self._first_cycle_done.set()
        if report.feeds:
            log.info("poll cycle: %s", summary(report))
        return report

    async def wait_idle(self) -> None:
        """Return once the start-up cycle has run and no cycle is running.

        A cycle started by hand (``claimwatch`` tooling, tests) while the timer's cycle is between
        its start and its claim would find the feeds already claimed by the other one.
        """
        if self._scheduler is not None:
            await self._first_cycle_done.wait()
        while (task := self._running) is not None and task is not asyncio.current_task():
            await asyncio.wait({task})

    async def shutdown(self) -> None:
        self._stopping = True
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        task = self._running
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.poller.close()

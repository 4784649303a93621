"""Analysis of stored articles, off the poll cycle and off the write path.

The poller stores new articles first (``processed=False``) and hands their ids here. Each batch
is analysed in its own task: the attempt is recorded (committed) before the detector starts,
the detector runs in a worker with a time budget per article, and the findings are stored in a
short transaction (claims, stories, alerts: :func:`bot.pipeline.process_article`). So:

- one feed's slow article never holds up another feed's cycle, nor its alerts for longer than
  the budget (batches run side by side, each job at most ``detect_timeout`` per article);
- a restart does not fetch or detect again what was done: stored articles that were never
  analysed are picked up again (:meth:`Analyser.resume`), at most :data:`MAX_ATTEMPTS` times in
  all, so an article that crashes or stalls the detector is tried once more, then left alone;
- several processes (``claimwatch worker``) never analyse one article twice: starting an
  analysis is an atomic claim with a lease (``articles.analysis_lease_until``), renewed while
  the analysis runs and cleared when it ends, so another process's resume takes only articles
  nobody analyses, or whose process died. The lease is half of ``job_stalled_after`` (the
  silence after which the job queue takes a worker for dead and reruns its job): a dead
  worker's leases have expired by the time its job is rerun, so the rerun's resume picks its
  articles up at once. Without the claim every feed job's resume re-analysed the articles the
  other workers were analysing, and two workers were slower than one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.detect.model import ArticleInput
from bot.ingest.cpu import CpuPool
from bot.pipeline import (
    DetectFailure,
    DetectResult,
    PipelineContext,
    detect_many,
    detect_one,
    input_for,
    process_article,
)
from bot.settings import Settings
from bot.storage.db import read_only
from bot.storage.models import Article

log = logging.getLogger(__name__)
T = TypeVar("T")

MAX_ATTEMPTS = 2  # the first analysis and one retry
CONCURRENCY = 2  # batches analysed at once: a slow one leaves room for the next feed's
DETECT_CHUNK = 16  # articles per detector job: few round trips to the worker
RESUME_LIMIT = 500  # unanalysed articles picked up per resume


@dataclass
class Analyser:
    session_factory: async_sessionmaker[AsyncSession]
    pipeline: PipelineContext
    settings: Settings
    clock: Clock
    _cpu: CpuPool = field(init=False)
    _gate: asyncio.Semaphore = field(init=False)
    _pending: set[int] = field(default_factory=set, init=False)  # article ids queued or running
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, init=False)
    _writes: set[asyncio.Future[Any]] = field(default_factory=set, init=False)  # shielded DB work
    _settled: asyncio.Condition = field(init=False)
    _analysing: set[int] = field(default_factory=set, init=False)  # claimed here, not finished
    _heartbeat: asyncio.Task[None] | None = field(default=None, init=False)
    _lease: timedelta = field(init=False)

    def __post_init__(self) -> None:
        # Its own workers: a detector job over its budget is killed without touching feed parsing.
        self._cpu = CpuPool(self.settings.parse_workers)
        self._gate = asyncio.Semaphore(CONCURRENCY)
        self._settled = asyncio.Condition()
        # Expired before the job queue can declare this worker dead (a heartbeat up to a quarter
        # of job_stalled_after old, then job_stalled_after of silence): see the module doc.
        self._lease = timedelta(seconds=self.settings.job_stalled_after / 2)

    def _lease_free(self, now: datetime) -> ColumnElement[bool]:
        return or_(Article.analysis_lease_until.is_(None), Article.analysis_lease_until < now)

    def submit(self, article_ids: Sequence[int]) -> None:
        """Analyse these stored articles in the background (ids already queued are skipped)."""
        ids = [i for i in dict.fromkeys(article_ids) if i not in self._pending]
        if not ids:
            return
        self._pending.update(ids)
        task = asyncio.create_task(self._run(ids))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if self._heartbeat is None or self._heartbeat.done():
            self._heartbeat = asyncio.create_task(self._keep_leases(), name="analysis-leases")

    async def resume(self) -> int:
        """Queue the recent stored articles never analysed to the end (restart, timeout, crash)."""
        since = self.clock.now() - self.pipeline.story_window
        query = (
            select(Article.id)
            .where(
                Article.processed.is_(False),
                Article.analysis_attempts < MAX_ATTEMPTS,
                Article.fetched_at >= since,
                self._lease_free(self.clock.now()),  # not being analysed by a live process
            )
            .order_by(Article.id)
            .limit(RESUME_LIMIT)
        )
        async with self.session_factory() as session:
            await read_only(session)  # SQLite: no write lock for this look-up
            ids = [i for i in (await session.execute(query)).scalars() if i not in self._pending]
        self.submit(ids)
        return len(ids)

    async def wait_settled(self, article_ids: Sequence[int]) -> None:
        """Wait until none of these articles is queued or being analysed any more."""
        wanted = set(article_ids)
        async with self._settled:
            await self._settled.wait_for(lambda: not wanted & self._pending)

    async def drain(self) -> None:
        """Wait until every submitted batch is analysed (or has failed)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """Stop every analysis. A detector job is abandoned (resumed after a restart); a database
        transaction under way is let finish, so no connection is dropped mid-statement."""
        for task in list(self._tasks):
            task.cancel()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        await asyncio.gather(*list(self._writes), return_exceptions=True)
        if self._heartbeat is not None:
            await asyncio.gather(self._heartbeat, return_exceptions=True)
            self._heartbeat = None
        # The analyses cut short are free for the next start at once, not after their lease.
        await self._release(list(self._analysing))
        await self._cpu.close()

    async def _keep_leases(self) -> None:
        """Renew the leases of the articles this process analyses, four times per lease."""
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 4)
            try:
                await self.renew_leases()
            except Exception:
                log.warning("could not renew the analysis leases", exc_info=True)

    async def renew_leases(self) -> int:
        """Extend the leases of the articles analysed here; returns how many were renewed."""
        if not self._analysing:
            return 0
        now = self.clock.now()
        # Rows locked right now are being stored (and their lease cleared) by this process's own
        # transaction: skip them. Waiting for them instead, while holding the others, deadlocked
        # with that transaction on PostgreSQL (SQLite has one writer and no row locks).
        renewable = (
            select(Article.id)
            .where(Article.id.in_(list(self._analysing)), Article.processed.is_(False))
            .with_for_update(skip_locked=True)
        )
        async with self.session_factory() as session, session.begin():
            result = await session.execute(
                update(Article)
                .where(Article.id.in_(renewable.scalar_subquery()))
                .values(analysis_lease_until=now + self._lease)
                .returning(Article.id)
                .execution_options(synchronize_session=False)
            )
            return len(result.all())

    async def _release(self, ids: Sequence[int]) -> None:
        """Clear the leases of ``ids`` (best effort: otherwise they expire)."""
        if not ids:
            return
        try:
            async with asyncio.timeout(5), self.session_factory() as session, session.begin():
                await session.execute(
                    update(Article)
                    .where(Article.id.in_(ids))
                    .values(analysis_lease_until=None)
                    .execution_options(synchronize_session=False)
                )
        except Exception:
            log.warning("could not release %d analysis lease(s)", len(ids), exc_info=True)
        self._analysing.difference_update(ids)

    async def _shielded(self, work: Coroutine[Any, Any, T]) -> T:
        """``work`` (one transaction) runs to its end even when this analysis is cancelled."""
        future = asyncio.ensure_future(work)
        self._writes.add(future)
        future.add_done_callback(self._writes.discard)
        return await asyncio.shield(future)

    async def _run(self, ids: list[int]) -> None:
        try:
            async with self._gate:
                inputs = await self._shielded(self._start(ids))
                for i in range(0, len(inputs), DETECT_CHUNK):
                    chunk = inputs[i : i + DETECT_CHUNK]
                    found = await self._detect(chunk)
                    await self._shielded(self._store(chunk, found))
        except asyncio.CancelledError:
            raise
        except Exception:  # the batch stays stored unanalysed; resume() retries it once
            log.exception("analysing %d stored articles failed", len(ids))
            await self._release([i for i in ids if i in self._analysing])
        finally:
            self._pending.difference_update(ids)
            async with self._settled:
                self._settled.notify_all()

    async def _start(self, ids: Sequence[int]) -> list[ArticleInput]:
        """Claim the articles still waiting for the detector and nobody else analyses (one atomic
        statement: of two processes, one gets each article), count the attempt (committed before
        the detector starts, so a crash counts too), and read what the detector reads."""
        now = self.clock.now()
        # Rows locked by another transaction are being claimed or stored elsewhere: skip them
        # rather than wait (two claims waiting on each other's rows would deadlock).
        free = (
            select(Article.id)
            .where(
                Article.id.in_(ids),
                Article.processed.is_(False),
                Article.analysis_attempts < MAX_ATTEMPTS,
                self._lease_free(now),
            )
            .with_for_update(skip_locked=True)
        )
        async with self.session_factory() as session, session.begin():
            claimed = await session.execute(
                update(Article)
                .where(Article.id.in_(free.scalar_subquery()))
                .values(
                    analysis_attempts=Article.analysis_attempts + 1, analysis_lease_until=now + self._lease
                )
                .returning(Article.id)
                .execution_options(synchronize_session=False)
            )
            mine = list(claimed.scalars())
            self._analysing.update(mine)
            rows = await session.execute(
                select(Article.id, Article.title, Article.summary, Article.text).where(Article.id.in_(mine))
            )
            inputs = {i: input_for(str(i), title, summary, text) for i, title, summary, text in rows}
            return [inputs[i] for i in ids if i in inputs]  # in the order submitted

    async def _detect(self, chunk: Sequence[ArticleInput]) -> Sequence[DetectResult]:
        detector = self.pipeline.detector
        budget = self.settings.detect_timeout
        try:
            return await self._cpu.run_timed(budget * len(chunk), detect_many, detector, chunk)
        except Exception as exc:  # over budget, or a worker died: find the article responsible
            if len(chunk) > 1:
                log.info("detector batch of %d failed (%s); detecting them one by one", len(chunk), exc)
        return [await self._detect_alone(a) for a in chunk]

    async def _detect_alone(self, article: ArticleInput) -> DetectResult:
        budget = self.settings.detect_timeout
        try:
            return await self._cpu.run_timed(budget, detect_one, self.pipeline.detector, article)
        except TimeoutError:
            return DetectFailure(f"the detector took more than {budget:g} s on this article; stopped")
        except Exception as exc:
            return DetectFailure(f"the detector worker failed on this article: {exc}")

    async def _store(self, chunk: Sequence[ArticleInput], results: Sequence[DetectResult]) -> None:
        async with self.session_factory() as session, session.begin():
            for read, result in zip(chunk, results, strict=True):
                article = await session.get(Article, int(read.id))
                if article is None or article.processed:
                    continue  # deleted meanwhile, or analysed by another process
                try:
                    async with session.begin_nested():
                        await process_article(session, article, self.pipeline, detection=result)
                except Exception:  # this article stays unanalysed; the others are stored
                    log.exception("storing the analysis of article %s failed", read.id)
                    await session.refresh(article)
            done = [int(read.id) for read in chunk]
            # Analysed, or failed (a later resume may retry it): either way this process is done.
            await session.execute(
                update(Article)
                .where(Article.id.in_(done))
                .values(analysis_lease_until=None)
                .execution_options(synchronize_session=False)
            )
        self._analysing.difference_update(done)

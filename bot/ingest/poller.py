"""One poll cycle: claim the due feeds, fetch and parse them concurrently, store the results.

Fetching runs under a global cap (``poll_concurrency`` feeds at once) and a per-host cap
(``per_host_concurrency`` requests at once). Parsing runs in the worker processes of
:class:`CpuPool`, before any write transaction opens. Results go to one writer that stores
several feeds per transaction (SQLite commits are the slow part of a cold cycle), each feed in
its own savepoint so a failure rolls back that feed alone and is stored as its error.

New articles are stored first (cleaned and capped) and analysed afterwards by the
:class:`~bot.ingest.analyse.Analyser`, in its own workers with a time budget per article: a
huge or hostile entry in one feed never holds up another feed's cycle, and a restart resumes
the analysis instead of fetching and detecting again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock, SystemClock
from bot.errors import (
    ClaimwatchError,
    FeedError,
    InputError,
    StorageError,
)
from bot.ingest.analyse import Analyser
from bot.ingest.cpu import CpuPool
from bot.ingest.extract import fetch_article_text
from bot.ingest.http import FetchPolicy, FetchResult, HostLimiter, Validators, fetch
from bot.ingest.intent import FeedState, error_intent, success_intent
from bot.ingest.parse import ParsedEntry, ParsedFeed, parse_feed_sync
from bot.ingest.schedule import Policy
from bot.ingest.urls import canonical_hash
from bot.pipeline import PipelineContext
from bot.settings import Settings
from bot.storage.articles import NewEntry, known_entry_keys, known_url_hashes, safe_entry, store_entries
from bot.storage.db import error_summary, read_only
from bot.storage.feeds import apply_update, claim_feeds, due_feed_ids, get_feed, release_feeds
from bot.storage.models import Feed

log = logging.getLogger(__name__)

WRITE_BATCH = 64  # feeds stored per transaction
# The error of every feed of a batch that could not be stored (database down): the feeds keep
# their claim and come back; a job queue retries the job (``bot.jobs.queue``).
BATCH_NOT_STORED = "storage failed"


@dataclass(frozen=True, slots=True)
class FeedReport:
    feed_id: int
    url: str
    status: str  # "ok", "not-modified", "error", "gone"
    new_entries: int = 0
    elapsed: float = 0.0
    error: str | None = None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class CycleReport:
    feeds: tuple[FeedReport, ...] = ()
    elapsed: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for f in self.feeds if f.status == status)

    @property
    def new_entries(self) -> int:
        return sum(f.new_entries for f in self.feeds)


@dataclass(frozen=True, slots=True)
class _Job:
    """Snapshot of a claimed feed: fetch tasks never touch ORM objects."""

    feed_id: int
    url: str
    validators: Validators
    backlog_done: bool


@dataclass(frozen=True, slots=True)
class _Outcome:
    job: _Job
    elapsed: float
    fetched: FetchResult | None = None
    parsed: ParsedFeed | None = None
    entries: tuple[NewEntry, ...] = ()
    error: ClaimwatchError | None = None


@dataclass
class Poller:
    session_factory: async_sessionmaker[AsyncSession]
    client: httpx.AsyncClient
    settings: Settings
    clock: Clock = field(default_factory=SystemClock)
    pipeline: PipelineContext | None = None
    policy: FetchPolicy | None = None
    # run_cycle returns once its articles are analysed too (CLI, tests); the scheduler's cycles
    # do not wait, so the next cycle never waits for a slow analysis.
    wait_for_analysis: bool = True
    due_slack: float = 0.0  # seconds: feeds due this soon are polled now (the scheduler's tick / 2)
    _in_flight: set[int] = field(default_factory=set, init=False)
    _limiter: HostLimiter = field(init=False)
    _cpu: CpuPool = field(init=False)
    _analyser: Analyser = field(init=False)

    def __post_init__(self) -> None:
        self._limiter = HostLimiter(self.settings.per_host_concurrency)
        self._cpu = CpuPool(self.settings.parse_workers)
        if self.policy is None:
            self.policy = FetchPolicy.from_settings(self.settings)
        if self.pipeline is None:
            self.pipeline = PipelineContext.from_settings(self.settings, self.clock)
        self._analyser = Analyser(self.session_factory, self.pipeline, self.settings, self.clock)

    async def close(self) -> None:
        """Stop the analysis and the worker processes (the HTTP client and database belong to
        the caller). Articles whose analysis was cut short are resumed after a restart."""
        await self._analyser.close()
        await self._cpu.close()

    async def wait_analysed(self, article_ids: Sequence[int]) -> None:
        """Wait until these stored articles are analysed (or their analysis has failed)."""
        await self._analyser.wait_settled(article_ids)

    async def drain_analysis(self) -> None:
        """Wait until every article stored so far has been analysed (or has failed)."""
        await self._analyser.drain()

    @property
    def schedule_policy(self) -> Policy:
        return Policy(interval=self.settings.poll_interval, max_backoff=self.settings.max_error_backoff)

    @property
    def lease_seconds(self) -> int:
        # Long enough for a fetch plus its article pages; a crashed poller's feeds come back after.
        return int(max(600.0, 4 * self.settings.http_total_timeout))

    async def run_cycle(
        self, *, feed_url: str | None = None, feed_ids: Sequence[int] | None = None, retake: bool = False
    ) -> CycleReport:
        """Poll every due feed once (or only ``feed_url``, due or not; or those of ``feed_ids``
        that are due, or all of them with ``retake``: a job queue's work item, retried after its
        worker died holding the feeds' claim)."""
        started = time.perf_counter()
        lease_until = self.clock.now() + timedelta(seconds=self.lease_seconds)
        assert self.pipeline is not None
        # A pipeline swapped in after construction (an injected detector) is the one analysing.
        self._analyser.pipeline = self.pipeline
        if self.pipeline.detect:
            await self._analyser.resume()  # after a restart, a timeout or a crash: at most once more
        jobs = await self._claim(feed_url, lease_until, feed_ids, retake)
        if not jobs:
            if self.wait_for_analysis:
                await self._analyser.drain()
            return CycleReport((), time.perf_counter() - started)
        self._in_flight.update(j.feed_id for j in jobs)
        try:
            # Bounded: fetchers wait for the writer instead of piling up parsed feeds in memory.
            queue: asyncio.Queue[_Outcome] = asyncio.Queue(maxsize=2 * WRITE_BATCH)
            writer = asyncio.create_task(self._writer(queue, len(jobs)))
            gate = asyncio.Semaphore(self.settings.poll_concurrency)

            async def run(job: _Job) -> None:
                async with gate:
                    outcome = await self._poll_one(job)
                await queue.put(outcome)

            try:
                await asyncio.gather(*(run(j) for j in jobs))
                reports = await writer
            finally:
                if not writer.done():
                    writer.cancel()
                    # Let it roll back (and free SQLite's write lock) before anything else writes.
                    await asyncio.gather(writer, return_exceptions=True)
        except asyncio.CancelledError:
            await self._release(jobs, lease_until)
            raise
        finally:
            self._in_flight.difference_update(j.feed_id for j in jobs)
        if self.wait_for_analysis:
            await self._analyser.drain()
        order = {j.feed_id: i for i, j in enumerate(jobs)}
        reports.sort(key=lambda r: order[r.feed_id])
        return CycleReport(tuple(reports), time.perf_counter() - started)

    async def _release(self, jobs: Sequence[_Job], lease_until: datetime) -> None:
        """Shutdown mid-cycle: the feeds not stored yet are due again at once (after a restart)
        instead of waiting for their lease to run out."""
        try:
            async with asyncio.timeout(5), self.session_factory() as session, session.begin():
                await release_feeds(session, [j.feed_id for j in jobs], lease_until, self.clock.now())
        except Exception:
            log.warning("could not release the %d feeds of the interrupted cycle", len(jobs), exc_info=True)

    async def _claim(
        self,
        feed_url: str | None,
        lease_until: datetime,
        feed_ids: Sequence[int] | None = None,
        retake: bool = False,
    ) -> list[_Job]:
        due = self.clock.now() + timedelta(seconds=self.due_slack)
        async with self.session_factory() as session, session.begin():
            if feed_url is not None:
                feed = await get_feed(session, feed_url)
                if feed is None:
                    raise InputError(f"{feed_url} is not a watched feed (add it to the feeds file first)")
                if not feed.enabled:
                    raise InputError(f"{feed_url} is disabled: {feed.disabled_reason or 'no reason stored'}")
                ids = [feed.id]
            elif feed_ids is not None:
                ids = list(feed_ids)  # claim_feeds keeps the due ones only
            else:
                ids = await due_feed_ids(session, due)
            ids = [i for i in ids if i not in self._in_flight]
            force = feed_url is not None or retake
            feeds = await claim_feeds(session, ids, due, lease_until, force=force)
            return [_Job(f.id, f.url, Validators(f.etag, f.last_modified), f.backlog_done) for f in feeds]

    # --- fetching (concurrent) --------------------------------------------------------------

    async def _poll_one(self, job: _Job) -> _Outcome:
        started = time.perf_counter()
        assert self.policy is not None
        try:
            async with self._limiter.slot(job.url):
                fetched = await fetch(
                    self.client, job.url, self.policy, validators=job.validators, clock=self.clock
                )
            if fetched.not_modified:
                return _Outcome(job, time.perf_counter() - started, fetched)
            parsed = await self._cpu.run(
                parse_feed_sync,
                fetched.body,
                dict(fetched.headers),
                url=fetched.url,
                max_entries=self.settings.max_feed_entries,
            )
            entries = await self._prepare(job, parsed)
            # The writer needs the validators, not the body: let the body go now.
            fetched = replace(fetched, body=b"")
            return _Outcome(job, time.perf_counter() - started, fetched, parsed, entries)
        except ClaimwatchError as exc:
            return _Outcome(job, time.perf_counter() - started, error=exc)
        except Exception as exc:  # a bug on one feed's input must not stop the cycle
            log.exception("unexpected failure polling feed %s (%s)", job.feed_id, job.url)
            error = FeedError(f"internal error: {type(exc).__name__}: {exc}")
            return _Outcome(job, time.perf_counter() - started, error=error)

    def _alert_worthy(self, job: _Job, entry: ParsedEntry, now: datetime) -> bool:
        if job.backlog_done:
            return True
        # First poll of a feed: its backlog is stored, but only fresh entries may alert.
        cutoff = now - timedelta(seconds=self.settings.max_backlog_age)
        return entry.published is not None and entry.published >= cutoff

    async def _prepare(self, job: _Job, parsed: ParsedFeed) -> tuple[NewEntry, ...]:
        """The entries ready to store: cleaned, capped, with their article page's text if short."""
        now = self.clock.now()
        fallback_url = parsed.site_url or job.url
        worthy = {e.key: self._alert_worthy(job, e, now) for e in parsed.entries}
        idents: dict[str, tuple[str, str]] = {}  # entry key -> (url, url hash)
        for e in parsed.entries:
            if e.url:
                idents[e.key] = (e.url, canonical_hash(e.url))
            else:  # no link: the entry itself is the identity
                idents[e.key] = (fallback_url, canonical_hash(f"{fallback_url}#entry-{e.key}"))
        short = [] if self.settings.max_page_fetches == 0 else self._short(parsed, worthy)
        seen_keys: set[str] = set()
        seen_hashes: set[str] = set()
        if short:
            # Read-only lookups (no write transaction): what the feed delivered, what is stored.
            looked_up = short
            async with self.session_factory() as session:
                await read_only(session)
                seen_keys = await known_entry_keys(session, job.feed_id, [e.key for e in looked_up])
                seen_hashes = await known_url_hashes(session, [idents[e.key][1] for e in looked_up])
        texts = await self._page_texts(job, short, seen_keys, seen_hashes, idents)
        out = []
        for e in parsed.entries:
            url, digest = idents[e.key]
            entry = NewEntry(
                entry_key=e.key,
                url=url[:2048],
                url_hash=digest,
                title=e.title,
                summary=e.summary,
                text=texts.get(e.key) or e.text,
                published_at=e.published,
                alert_worthy=worthy[e.key],
            )
            out.append(self._safe(entry))
        return tuple(out)

    def _safe(self, entry: NewEntry) -> NewEntry:
        s = self.settings
        return safe_entry(entry, max_title=s.max_title_chars, max_text=s.max_article_chars)

    def _short(self, parsed: ParsedFeed, worthy: Mapping[str, bool]) -> list[ParsedEntry]:
        """Alert-worthy entries with a link that carry only a short summary."""
        return [
            e
            for e in parsed.entries
            if e.link and worthy[e.key] and len(e.text) < self.settings.article_min_chars
        ]

    async def _page_texts(
        self,
        job: _Job,
        short: Sequence[ParsedEntry],
        seen_keys: Collection[str],
        seen_hashes: Collection[str],
        idents: Mapping[str, tuple[str, str]],
    ) -> dict[str, str]:
        """Full text for the new ones among the ``short`` entries."""
        todo = [e for e in short if e.key not in seen_keys and idents[e.key][1] not in seen_hashes]
        todo = todo[: self.settings.max_page_fetches]
        if not todo:
            return {}
        assert self.policy is not None
        policy = self.policy

        async def one(entry: ParsedEntry) -> tuple[str, str | None]:
            assert entry.link is not None
            text = await fetch_article_text(self.client, entry.link, policy, self._limiter, self._cpu)
            return entry.key, text

        # One budget for all pages of this feed: 20 pages on a host that never answers would
        # otherwise hold the whole cycle (and every other feed's next poll) for 10 timeouts.
        tasks = [asyncio.create_task(one(e)) for e in todo]
        try:
            done, pending = await asyncio.wait(tasks, timeout=self.settings.http_total_timeout)
        finally:  # also when this poll is cancelled (shutdown): no orphaned fetches
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        if pending:
            log.info("feed %s: %d article pages not fetched in time", job.feed_id, len(pending))
        found = [task.result() for task in done]

        by_key = {e.key: e for e in todo}
        # Keep the page text only when it says more than the feed did.
        return {k: t for k, t in found if t and len(t) > len(by_key[k].text)}

    # --- storing (one writer) ---------------------------------------------------------------

    async def _writer(self, queue: asyncio.Queue[_Outcome], total: int) -> list[FeedReport]:
        reports: list[FeedReport] = []
        received = 0
        while received < total:
            batch = [await queue.get()]
            while not queue.empty() and len(batch) < WRITE_BATCH:
                batch.append(queue.get_nowait())
            received += len(batch)
            reports.extend(await self._write_batch(batch))
        return reports

    async def _write_batch(self, batch: Sequence[_Outcome]) -> list[FeedReport]:
        now = self.clock.now()
        reports: list[FeedReport] = []
        # New article ids per feed, analysed once committed. Each feed's articles are a batch of
        # their own: feeds written together must not be analysed together, or one feed's slow
        # article would hold up the other's analysis and alerts.
        stored: list[list[int]] = []
        try:
            async with self.session_factory() as session, session.begin():
                ids = [o.job.feed_id for o in batch]
                feeds = {
                    f.id: f for f in (await session.execute(select(Feed).where(Feed.id.in_(ids)))).scalars()
                }
                for outcome in batch:
                    feed = feeds.get(outcome.job.feed_id)
                    if feed is None:  # deleted while we fetched
                        continue
                    reports.append(await self._store_one(session, feed, outcome, now, stored))
        except Exception as exc:
            # The whole batch is lost (database down?): the feeds keep their lease and come back.
            log.exception("could not store a batch of %d polled feeds", len(batch))
            message = f"{BATCH_NOT_STORED}: {error_summary(exc)}"
            return [FeedReport(o.job.feed_id, o.job.url, "error", 0, o.elapsed, message) for o in batch]
        assert self.pipeline is not None
        if self.pipeline.detect:
            for ids in stored:
                self._analyser.submit(ids)
        return reports

    async def _store_one(
        self, session: AsyncSession, feed: Feed, outcome: _Outcome, now: datetime, stored: list[list[int]]
    ) -> FeedReport:
        if outcome.error is None:
            try:
                async with session.begin_nested():
                    report, ids = await self._store_success(session, feed, outcome, now)
                stored.append(ids)
                return report
            except Exception as exc:
                # The savepoint rollback expired ``feed``: reload it before touching it (async).
                log.exception("storing feed %s (%s) failed", outcome.job.feed_id, outcome.job.url)
                await session.refresh(feed)
                error = StorageError(f"storing failed: {error_summary(exc)}")
                return await self._store_error(session, feed, outcome, error, now)
        return await self._store_error(session, feed, outcome, outcome.error, now)

    async def _store_success(
        self, session: AsyncSession, feed: Feed, outcome: _Outcome, now: datetime
    ) -> tuple[FeedReport, list[int]]:
        fetched, parsed = outcome.fetched, outcome.parsed
        assert fetched is not None
        intent = success_intent(self.schedule_policy, now, _state(feed), fetched, parsed)
        await apply_update(session, feed, intent)
        new: list[int] = []
        if parsed is not None:
            if parsed.warning:
                log.warning("feed %s (%s): %s", feed.id, feed.url, parsed.warning)
            articles = await store_entries(session, feed.id, outcome.entries, now)
            new = [a.id for a in articles]
            log.log(
                logging.INFO if new else logging.DEBUG,
                "feed %s (%s): %d new articles in %.2f s",
                feed.id,
                feed.url,
                len(new),
                outcome.elapsed,
            )
        status = "not-modified" if fetched.not_modified else "ok"
        report = FeedReport(feed.id, feed.url, status, len(new), outcome.elapsed, warning=feed.last_warning)
        return report, new

    async def _store_error(
        self, session: AsyncSession, feed: Feed, outcome: _Outcome, error: ClaimwatchError, now: datetime
    ) -> FeedReport:
        intent = error_intent(self.schedule_policy, now, _state(feed), error)
        await apply_update(session, feed, intent)
        status = "gone" if intent.disabled_reason is not None else "error"
        log.warning(
            "feed %s (%s) failed (%d in a row, next try %s): %s",
            feed.id,
            feed.url,
            feed.error_count,
            "never" if status == "gone" else intent.next_poll_at.isoformat(timespec="seconds"),
            intent.last_error,
        )
        return FeedReport(feed.id, feed.url, status, 0, outcome.elapsed, error=intent.last_error)


def _state(feed: Feed) -> FeedState:
    """What a poll's decision reads of the stored feed."""
    return FeedState(
        title=feed.title,
        site_url=feed.site_url,
        etag=feed.etag,
        last_modified=feed.last_modified,
        error_count=feed.error_count,
        min_interval=feed.min_interval,
        error_since=feed.error_since,
    )

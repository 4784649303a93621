"""The poller runs the detector off the event loop (worker processes, or threads with
parse_workers=0), before the write transaction, and a detector crash costs one article only."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from datetime import timedelta
from functools import partial

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import select

from bot.clock import FakeClock
from bot.detect.model import ArticleInput, Detection
from bot.pipeline import DetectFailure, PipelineContext, process_article
from bot.settings import Settings
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow, FeedEntry

from .builders import item, rss
from .detectors import gated, killing, raising
from .helpers import Factory, add_feeds, articles, count, make_poller

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

CONTESTED = (
    "Regional officials said 212 homes were destroyed by the landslide on Friday. "
    "The mining company rejected the figure as exaggerated."
)


def contested_item(
    n: int, clock: FakeClock, *, title: str | None = None, base: str = "http://news.test"
) -> str:
    return item(
        n,
        base=base,
        title=title or f"Landslide toll questioned, report {n}",
        content=f"<p>{CONTESTED}</p>",
        published=clock.now(),
    )


async def claims_by_article(session_factory: Factory) -> dict[int, list[ClaimRow]]:
    out: dict[int, list[ClaimRow]] = {}
    async with session_factory() as session:
        for claim in (await session.execute(select(ClaimRow).order_by(ClaimRow.id))).scalars():
            out.setdefault(claim.article_id, []).append(claim)
    return out


@pytest.mark.parametrize("workers", [0, 1], ids=["threads", "processes"])
async def test_the_event_loop_runs_while_each_article_is_detected(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    workers: int,
) -> None:
    clock = FakeClock()
    settings = settings.model_copy(update={"parse_workers": workers})
    url = server.set("/feed", Route(body=rss([contested_item(n, clock) for n in range(5)])))
    await add_feeds(session_factory, url)
    beats = 0
    with multiprocessing.get_context("spawn").Manager() as manager:
        gate = manager.Event()  # reachable from the worker process too

        async def heartbeat() -> None:
            # Each pass opens the gate: a detector waiting on it finishes only if the loop runs.
            nonlocal beats
            while True:
                gate.set()
                beats += 1
                await asyncio.sleep(0)

        poller = make_poller(
            session_factory, client, settings, clock, detect=True, detector=partial(gated, gate)
        )
        beat = asyncio.create_task(heartbeat())
        try:
            report = await poller.run_cycle()
        finally:
            beat.cancel()
            await asyncio.gather(beat, return_exceptions=True)
            await poller.close()
    assert report.new_entries == 5
    stored = await articles(session_factory)
    assert [a.processed for a in stored] == [True] * 5  # no detector saw a blocked loop
    claims = await claims_by_article(session_factory)
    assert sorted(claims) == sorted(a.id for a in stored)
    pids = {c.counted for rows in claims.values() for c in rows}
    if workers:
        assert f"pid {os.getpid()}" not in pids  # in the worker process
    else:
        assert pids == {f"pid {os.getpid()}"}  # in a thread of this process
    assert beats > 5


async def test_a_detector_exception_costs_only_its_article(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    body = rss(
        [
            contested_item(1, clock),
            contested_item(2, clock, title="A hostile headline"),
            contested_item(3, clock),
        ]
    )
    url = server.set("/feed", Route(body=body))
    await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock, detect=True, detector=raising)
    with caplog.at_level(logging.ERROR, logger="bot.pipeline"):
        report = await poller.run_cycle()
    assert [f.status for f in report.feeds] == ["ok"]
    assert report.new_entries == 3
    by_title = {a.title: a for a in await articles(session_factory)}
    hostile = by_title.pop("A hostile headline")
    assert not hostile.processed  # stored, marked for a retry or a look
    assert all(a.processed for a in by_title.values())
    assert "ValueError: detector bug triggered by a hostile article" in caplog.text
    assert str(hostile.id) in caplog.text
    claims = await claims_by_article(session_factory)
    assert sorted(claims) == sorted(a.id for a in by_title.values())
    assert await count(session_factory, DisputeRow) == 2
    stored_claims = await count(session_factory, ClaimRow)
    # Exactly once: the same entries again store and detect nothing more.
    clock.advance(timedelta(seconds=settings.poll_interval).total_seconds())
    again = await poller.run_cycle()
    assert again.new_entries == 0
    assert await count(session_factory, Article) == 3
    assert await count(session_factory, ClaimRow) == stored_claims
    assert await count(session_factory, DisputeRow) == 2
    await poller.close()


async def test_a_worker_killed_by_one_article_costs_only_that_article(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    settings = settings.model_copy(update={"parse_workers": 1})
    first = server.set(
        "/a",
        Route(body=rss([contested_item(1, clock, title="A hostile headline"), contested_item(2, clock)])),
    )
    second = server.set("/b", Route(body=rss([contested_item(3, clock, base="http://other.test")])))
    await add_feeds(session_factory, first, second)
    poller = make_poller(session_factory, client, settings, clock, detect=True, detector=killing)
    try:
        report = await poller.run_cycle()
        assert [f.status for f in report.feeds] == ["ok", "ok"]
        assert report.new_entries == 3
        processed = {a.title: a.processed for a in await articles(session_factory)}
        assert processed.pop("A hostile headline") is False
        assert set(processed.values()) == {True}
        assert await count(session_factory, DisputeRow) == 2
        # The pool works again for the next cycle.
        clock.advance(timedelta(seconds=settings.poll_interval).total_seconds())
        server.set("/b", Route(body=rss([contested_item(4, clock, base="http://other.test")])))
        again = await poller.run_cycle()
    finally:
        await poller.close()
    assert again.new_entries == 1
    assert all(a.processed for a in await articles(session_factory) if a.title != "A hostile headline")
    assert await count(session_factory, DisputeRow) == 3


async def test_one_article_through_two_feeds_is_stored_and_detected_into_the_database_once(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    shared = "http://news.test/story/7"
    one = server.set(
        "/one", Route(body=rss([item(7, link=f"{shared}?utm_source=a", content=f"<p>{CONTESTED}</p>")]))
    )
    two = server.set("/two", Route(body=rss([item(8, link=f"{shared}#top", content=f"<p>{CONTESTED}</p>")])))
    await add_feeds(session_factory, one, two)
    poller = make_poller(session_factory, client, settings, clock, detect=True)
    report = await poller.run_cycle()
    assert report.new_entries == 1
    assert await count(session_factory, Article) == 1
    assert await count(session_factory, FeedEntry) == 2
    assert await count(session_factory, ClaimRow) == 1
    assert await count(session_factory, DenialRow) == 1
    assert await count(session_factory, DisputeRow) == 1
    # A restart (a new poller) re-processes nothing.
    clock.advance(timedelta(seconds=settings.poll_interval).total_seconds())
    restarted = make_poller(session_factory, client, settings, clock, detect=True)
    assert (await restarted.run_cycle()).new_entries == 0
    assert await count(session_factory, DisputeRow) == 1
    await poller.close()
    await restarted.close()


def must_not_run(article: ArticleInput) -> Detection:
    raise AssertionError("the precomputed detection was not used")


async def test_process_article_uses_a_precomputed_detection_or_failure(session_factory: Factory) -> None:
    ctx = PipelineContext(clock=FakeClock(), detector=must_not_run)
    async with session_factory() as session, session.begin():
        good = Article(url="http://news.test/a", url_hash="a" * 64, title="Landslide toll", text=CONTESTED)
        bad = Article(url="http://news.test/b", url_hash="b" * 64, title="Landslide toll", text=CONTESTED)
        session.add_all([good, bad])
        await session.flush()
        ahead = raising(ArticleInput("not-yet-stored", good.title, good.text))
        done = await process_article(session, good, ctx, detection=ahead)
        failed = await process_article(session, bad, ctx, detection=DetectFailure("ValueError: boom"))
    assert done.detection is not None
    assert done.detection.article_id == str(good.id)
    assert done.stored is not None
    assert len(done.stored.new_disputes) == 1
    assert good.processed
    assert failed.stored is None
    assert not bad.processed

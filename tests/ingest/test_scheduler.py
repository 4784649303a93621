from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import select

from bot.clock import FakeClock
from bot.ingest.scheduler import JOB_ID, PollScheduler
from bot.settings import Settings
from bot.storage.models import Article, Feed

from .builders import item, rss
from .helpers import Factory, count


async def test_scheduler_syncs_the_feeds_file_and_polls_at_once(
    tmp_path: Path,
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
) -> None:
    url = server.set("/feed", Route(body=rss([item(1)])))
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(f'[[feeds]]\nurl = "{url}"\ntitle = "Local"\n', encoding="utf-8")
    scheduler = PollScheduler(
        session_factory=session_factory,
        client=client,
        settings=settings.model_copy(update={"feeds_file": feeds_file}),
        clock=FakeClock(),
    )
    await scheduler.start()
    try:
        assert scheduler._scheduler is not None
        job = scheduler._scheduler.get_job(JOB_ID)
        assert job.coalesce is True
        assert job.max_instances == 1
        await server.wait_requests(1)
    finally:
        await scheduler.shutdown()
    async with session_factory() as session:
        (feed,) = (await session.execute(select(Feed))).scalars().all()
    assert feed.source == "file"
    assert feed.title == "Local"


async def test_scheduler_cycle_stores_articles(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    tmp_path: Path,
) -> None:
    url = server.set("/feed", Route(body=rss([item(1), item(2)])))
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(f'[[feeds]]\nurl = "{url}"\n', encoding="utf-8")
    scheduler = PollScheduler(
        session_factory=session_factory,
        client=client,
        settings=settings.model_copy(update={"feeds_file": feeds_file}),
        clock=FakeClock(),
    )
    await scheduler.sync_feeds_file()
    report = await scheduler.run_cycle()
    assert report is not None
    assert report.new_entries == 2
    assert await count(session_factory, Article) == 2


async def test_broken_feeds_file_is_logged_and_polling_goes_on(
    tmp_path: Path,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    bad = tmp_path / "feeds.toml"
    bad.write_text("[[feeds]\n", encoding="utf-8")
    scheduler = PollScheduler(
        session_factory=session_factory,
        client=client,
        settings=settings.model_copy(update={"feeds_file": bad}),
        clock=FakeClock(),
    )
    with caplog.at_level(logging.ERROR, logger="bot.ingest.scheduler"):
        await scheduler.start()
    try:
        assert scheduler._scheduler is not None
        assert scheduler._scheduler.running
    finally:
        await scheduler.shutdown()
    assert any("not valid TOML" in r.getMessage() for r in caplog.records)


async def test_shutdown_during_a_cycle_is_quiet(
    tmp_path: Path,
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = server.set("/slow", Route(hang=True))
    feeds_file = tmp_path / "feeds.toml"
    feeds_file.write_text(f'[[feeds]]\nurl = "{url}"\n', encoding="utf-8")
    slow = settings.model_copy(update={"feeds_file": feeds_file, "http_read_timeout": 30.0})
    scheduler = PollScheduler(
        session_factory=session_factory, client=client, settings=slow, clock=FakeClock()
    )
    with caplog.at_level(logging.INFO):
        await scheduler.start()
        await server.wait_requests(1)
        await scheduler.shutdown()  # SIGTERM while the feed is being fetched
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    assert any("interrupted" in r.getMessage() for r in caplog.records)
    # The interrupted feed is due again at once, not after its lease runs out.
    async with session_factory() as session:
        (feed,) = (await session.execute(select(Feed))).scalars().all()
    assert feed.next_poll_at == scheduler.poller.clock.now()

"""The job-queue worker on PostgreSQL: feed jobs deferred once per feed, run once, feeds stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes.feed_server import FeedServer, Route
from ingest.builders import item, rss
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from bot.jobs import queue
from bot.jobs.worker import prepare, run_worker
from bot.settings import Settings
from bot.storage.db import make_session_factory
from bot.storage.models import Article, Feed

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")


def worker_settings(pg: str, feeds: list[str], tmp_path: Path) -> Settings:
    listing = tmp_path / "feeds.toml"
    listing.write_text("".join(f'[[feeds]]\nurl = "{url}"\n' for url in feeds), encoding="utf-8")
    return Settings(
        database_url=pg,
        feeds_file=listing,
        allow_private_urls=True,
        parse_workers=0,
        http_total_timeout=5.0,
        article_min_chars=0,
    )


@pytest.mark.slow  # a procrastinate worker end to end: seconds
async def test_each_due_feed_gets_one_job_and_is_polled_once(
    pg: str, engine: AsyncEngine, server: FeedServer, tmp_path: Path
) -> None:
    clock = FakeClock()
    paths = [f"/desk/{n}" for n in range(3)]
    for n, path in enumerate(paths):
        server.set(path, Route(body=rss([item(10 * n + k, published=clock.now()) for k in range(2)])))
    settings = worker_settings(pg, [server.url(p) for p in paths], tmp_path)
    job_app = queue.configured_app(pg)
    sessions = make_session_factory(engine)
    async with job_app.open_async():
        await prepare(settings, job_app, engine)  # migrations, the queue's tables, the feeds file
        await prepare(settings, job_app, engine)  # a second worker starting: nothing to redo
        assert await queue.defer_due_feeds(job_app, sessions, clock.now()) == 3
        # The scheduler ticking again before a worker took them: still one job per feed.
        assert await queue.defer_due_feeds(job_app, sessions, clock.now()) == 0
    await run_worker(settings, concurrency=2, clock=clock, wait=False, install_signal_handlers=False)

    assert [len(server.hits(p)) for p in paths] == [1, 1, 1]
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Article)) == 6
        next_polls = (await session.scalars(select(Feed.next_poll_at))).all()
    assert all(when is not None and when > clock.now() for when in next_polls)
    async with job_app.open_async():
        assert await queue.defer_due_feeds(job_app, sessions, clock.now()) == 0  # none due now

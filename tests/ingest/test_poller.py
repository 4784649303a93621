from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

import bot.ingest.poller as poller_module
from bot.clock import FakeClock
from bot.ingest.http import make_client
from bot.settings import Settings
from bot.storage.articles import NewEntry, store_entries
from bot.storage.db import make_session_factory
from bot.storage.models import Article, Feed, FeedEntry

from .builders import item, rss
from .helpers import Factory, add_feeds, articles, count, get_feed_row, make_poller

DATA = Path(__file__).parent / "data"


async def test_conditional_get_answers_not_modified(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    url = server.set("/feed", Route(body=rss([item(1)]), etag='"e1"'))
    (feed_id,) = await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock)
    assert (await poller.run_cycle()).new_entries == 1
    assert (await get_feed_row(session_factory, feed_id)).etag == '"e1"'
    clock.advance(settings.poll_interval)
    report = await poller.run_cycle()
    assert [f.status for f in report.feeds] == ["not-modified"]
    assert server.hits("/feed")[1].headers["if-none-match"] == '"e1"'
    feed = await get_feed_row(session_factory, feed_id)
    assert feed.etag == '"e1"'
    assert feed.next_poll_at == clock.now() + timedelta(seconds=settings.poll_interval)


async def test_due_feeds_only(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    await add_feeds(session_factory, server.set("/feed", Route(body=rss([item(1)]))))
    poller = make_poller(session_factory, client, settings, clock)
    await poller.run_cycle()
    clock.advance(settings.poll_interval - 1)
    assert (await poller.run_cycle()).feeds == ()
    clock.advance(1)
    assert len((await poller.run_cycle()).feeds) == 1


async def test_permanent_redirect_updates_the_stored_url(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    new = server.set("/new", Route(body=rss([item(1)])))
    old = server.redirect("/old", "/new", 301)
    (feed_id,) = await add_feeds(session_factory, old)
    await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    feed = await get_feed_row(session_factory, feed_id)
    assert feed.url == new
    assert feed.listed_url == old


async def test_temporary_redirect_keeps_the_stored_url(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    server.set("/new", Route(body=rss([item(1)])))
    old = server.redirect("/old", "/new", 307)
    (feed_id,) = await add_feeds(session_factory, old)
    await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    assert (await get_feed_row(session_factory, feed_id)).url == old


async def test_gone_disables_the_feed(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    (feed_id,) = await add_feeds(session_factory, server.set("/feed", Route(status=410)))
    poller = make_poller(session_factory, client, settings, clock)
    report = await poller.run_cycle()
    assert [f.status for f in report.feeds] == ["gone"]
    feed = await get_feed_row(session_factory, feed_id)
    assert not feed.enabled
    assert feed.disabled_reason is not None
    assert "410" in feed.disabled_reason
    clock.advance(10 * 86400)
    assert (await poller.run_cycle()).feeds == ()
    assert len(server.hits("/feed")) == 1


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_is_honoured(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory, status: int
) -> None:
    clock = FakeClock()
    url = server.set("/feed", Route(status=status, headers={"Retry-After": "3600"}))
    (feed_id,) = await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock)
    await poller.run_cycle()
    feed = await get_feed_row(session_factory, feed_id)
    assert feed.next_poll_at == clock.now() + timedelta(seconds=3600)
    assert feed.last_error is not None
    assert str(status) in feed.last_error
    clock.advance(3599)
    assert (await poller.run_cycle()).feeds == ()
    clock.advance(1)
    assert len((await poller.run_cycle()).feeds) == 1


async def test_ttl_and_max_age_raise_the_interval(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    ttl_url = server.set("/ttl", Route(body=rss([item(1)], ttl=60)))
    cc_url = server.set("/cc", Route(body=rss([item(2)]), headers={"Cache-Control": "public, max-age=900"}))
    ttl_id, cc_id = await add_feeds(session_factory, ttl_url, cc_url)
    await make_poller(session_factory, client, settings, clock).run_cycle()
    assert (await get_feed_row(session_factory, ttl_id)).next_poll_at == clock.now() + timedelta(hours=1)
    assert (await get_feed_row(session_factory, cc_id)).next_poll_at == clock.now() + timedelta(seconds=900)


async def test_same_article_through_two_feeds_and_tracking_params_is_stored_once(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    link = "http://news.test/world/flood-toll"
    a = server.set("/a", Route(body=rss([item(1, link=f"{link}?utm_source=a&utm_medium=rss")])))
    b = server.set("/b", Route(body=rss([item(9, guid=False, link=f"{link}#comments")])))
    await add_feeds(session_factory, a, b)
    report = await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    assert report.new_entries == 1
    (article,) = await articles(session_factory)
    assert article.url == link
    assert await count(session_factory, FeedEntry) == 2


async def test_duplicate_entries_inside_one_feed(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    url = server.set(
        "/a", Route(body=rss([item(1), item(1), item(2, link="http://news.test/story/1?utm_x=1")]))
    )
    await add_feeds(session_factory, url)
    report = await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    assert report.new_entries == 1
    assert await count(session_factory, FeedEntry) == 2


async def test_first_poll_marks_old_backlog_not_alert_worthy(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    now = clock.now()
    url = server.set(
        "/feed",
        Route(
            body=rss(
                [
                    item(1, published=now - timedelta(hours=2)),
                    item(2, published=now - timedelta(days=3)),
                    item(3),  # undated: cannot be shown to be fresh
                ]
            )
        ),
    )
    await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock)
    await poller.run_cycle()
    worthy = {a.url.rsplit("/", 1)[1]: a.alert_worthy for a in await articles(session_factory)}
    assert worthy == {"1": True, "2": False, "3": False}
    # After the first poll every new entry counts, whatever its date.
    server.set("/feed", Route(body=rss([item(4, published=now - timedelta(days=5)), item(5)])))
    clock.advance(settings.poll_interval)
    await poller.run_cycle()
    later = {a.url.rsplit("/", 1)[1]: a.alert_worthy for a in await articles(session_factory)}
    assert later["4"] is True
    assert later["5"] is True


async def test_restart_reprocesses_nothing(
    server: FeedServer, settings: Settings, session_factory: Factory, engine: object
) -> None:
    clock = FakeClock()
    url = server.set("/feed", Route(body=rss([item(1), item(2)]), etag='"v1"'))
    await add_feeds(session_factory, url)
    async with make_client(settings) as first_client:
        await make_poller(session_factory, first_client, settings, clock).run_cycle()
    before = [(a.id, a.fetched_at) for a in await articles(session_factory)]
    # "Restart": new client, new session factory, new poller; the server changed its ETag.
    server.set("/feed", Route(body=rss([item(1), item(2)]), etag='"v2"'))
    clock.advance(settings.poll_interval)
    async with make_client(settings) as second_client:
        fresh_factory = make_session_factory(engine)  # type: ignore[arg-type]
        report = await make_poller(fresh_factory, second_client, settings, clock).run_cycle()
    assert [f.status for f in report.feeds] == ["ok"]
    assert report.new_entries == 0
    assert [(a.id, a.fetched_at) for a in await articles(session_factory)] == before


async def test_short_summary_gets_the_article_page_text(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    page = server.set(
        "/story/flood", Route(body=(DATA / "teasers.html").read_bytes(), content_type="text/html")
    )
    url = server.set("/feed", Route(body=rss([item(1, link=page, published=clock.now())])))
    await add_feeds(session_factory, url)
    await make_poller(session_factory, client, settings, clock).run_cycle()
    (article,) = await articles(session_factory)
    assert "340 households" in article.text
    assert "closer to 90" in article.text
    assert "Council approves" not in article.text
    assert "More from" not in article.text
    assert article.summary == "Short note 1 about the harbour."
    assert server.hits("/story/flood")[0].headers["user-agent"].startswith("claimwatch/")


async def test_article_page_failure_keeps_the_summary(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    page = server.set("/story/x", Route(status=500))
    url = server.set("/feed", Route(body=rss([item(1, link=page, published=clock.now())])))
    await add_feeds(session_factory, url)
    report = await make_poller(session_factory, client, settings, clock).run_cycle()
    assert report.count("ok") == 1
    (article,) = await articles(session_factory)
    assert article.text == "Short note 1 about the harbour."


async def test_at_most_two_requests_per_host(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    gate = asyncio.Event()
    urls = [server.set(f"/f{n}", Route(body=rss([item(n)]), gate=gate)) for n in range(6)]
    await add_feeds(session_factory, *urls)
    poller = make_poller(session_factory, client, settings, FakeClock())
    cycle = asyncio.create_task(poller.run_cycle())
    await server.wait_active(2)
    for _ in range(100):  # let every other fetch task run as far as it can
        await asyncio.sleep(0)
    assert server.active == 2
    gate.set()
    report = await cycle
    assert report.count("ok") == 6
    assert server.peak == 2


async def test_a_feed_is_never_polled_twice_at_once(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    gate = asyncio.Event()
    url = server.set("/feed", Route(body=rss([item(1)]), gate=gate))
    await add_feeds(session_factory, url)
    clock = FakeClock()
    first = make_poller(session_factory, client, settings, clock)
    other_process = make_poller(session_factory, client, settings, clock)
    cycle = asyncio.create_task(first.run_cycle())
    await server.wait_requests(1)
    assert (await first.run_cycle()).feeds == ()
    assert (await other_process.run_cycle()).feeds == ()
    gate.set()
    assert (await cycle).new_entries == 1
    assert len(server.hits("/feed")) == 1


async def test_a_storage_failure_on_one_feed_rolls_back_that_feed_only(
    server: FeedServer,
    settings: Settings,
    session_factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # This test is about storage: timeouts far above any local fetch. The fixture's short ones
    # (made for servers that never answer) fired on a loaded machine and failed the good feed.
    settings = settings.model_copy(update={"http_read_timeout": 30.0, "http_total_timeout": 60.0})
    good = server.set("/good", Route(body=rss([item(1)])))
    bad = server.set("/bad", Route(body=rss([item(2, base="http://bad.test")])))
    good_id, bad_id = await add_feeds(session_factory, good, bad)

    async def failing(
        session: AsyncSession, feed_id: int, entries: Sequence[NewEntry], now: datetime
    ) -> list[Article]:
        stored = await store_entries(session, feed_id, entries, now)
        if feed_id == bad_id:
            raise RuntimeError("disk full")
        return stored

    monkeypatch.setattr(poller_module, "store_entries", failing)
    async with make_client(settings) as client:
        report = await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    assert report.count("ok") == 1
    assert [a.url for a in await articles(session_factory)] == ["http://news.test/story/1"]
    feed = await get_feed_row(session_factory, bad_id)
    assert feed.error_count == 1
    assert feed.last_error is not None
    assert "disk full" in feed.last_error
    async with session_factory() as session:
        entries = (await session.execute(select(FeedEntry.feed_id))).scalars().all()
    assert entries == [good_id]
    assert await count(session_factory, Article) == 1


async def test_feed_deleted_while_polling_does_not_stall_the_cycle(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    gate = asyncio.Event()
    doomed = server.set("/doomed", Route(body=rss([item(1)]), gate=gate))
    other = server.set("/other", Route(body=rss([item(2, base="http://other.test")])))
    doomed_id, _ = await add_feeds(session_factory, doomed, other)
    cycle = asyncio.create_task(make_poller(session_factory, client, settings, FakeClock()).run_cycle())
    await server.wait_requests(2)
    async with session_factory() as session, session.begin():
        await session.execute(delete(Feed).where(Feed.id == doomed_id))
    gate.set()
    report = await asyncio.wait_for(cycle, timeout=10)
    assert [f.url for f in report.feeds] == [other]


async def test_global_cap_on_feeds_fetched_at_once(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    roomy_hosts = settings.model_copy(update={"poll_concurrency": 3, "per_host_concurrency": 10})
    gate = asyncio.Event()
    urls = [server.set(f"/f{n}", Route(body=rss([item(n)]), gate=gate)) for n in range(8)]
    await add_feeds(session_factory, *urls)
    cycle = asyncio.create_task(make_poller(session_factory, client, roomy_hosts, FakeClock()).run_cycle())
    await server.wait_active(3)
    for _ in range(100):
        await asyncio.sleep(0)
    assert server.active == 3
    gate.set()
    assert (await cycle).count("ok") == 8
    assert server.peak == 3


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_article_pages_that_never_answer_do_not_hold_the_cycle(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    # Each page fetch alone is bounded by the total timeout; twenty of them, two at a time on one
    # host, would hold the cycle ten times as long. The page phase of a feed shares one budget.
    budget = settings.model_copy(update={"http_read_timeout": 30.0, "http_total_timeout": 0.5})
    clock = FakeClock()
    pages = [server.set(f"/story/{n}", Route(hang=True, content_type="text/html")) for n in range(20)]
    feed = rss([item(n, link=page, published=clock.now()) for n, page in enumerate(pages)])
    await add_feeds(session_factory, server.set("/feed", Route(body=feed)))
    report = await make_poller(session_factory, client, budget, clock).run_cycle()
    assert report.count("ok") == 1
    assert report.new_entries == 20
    page_requests = [r for r in server.requests if r.path.startswith("/story/")]
    assert len(page_requests) <= 4  # the first round (2 per host), maybe a second, never all 20
    assert all(a.text == a.summary for a in await articles(session_factory))

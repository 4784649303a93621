"""Every kind of broken feed ends as a stored, logged error on that feed; the others go on."""

from __future__ import annotations

import gzip
import logging
from datetime import timedelta

import httpx
import pytest
from fakes.feed_server import FeedServer, Route

from bot.clock import FakeClock
from bot.settings import Settings
from bot.storage.models import Article

from .builders import billion_laughs, item, rss
from .helpers import Factory, add_feeds, articles, count, get_feed_row, make_poller

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Sale</h1></body></html>"


def fifty_thousand_entries() -> bytes:
    return rss("".join(f"<item><guid>g{n}</guid><title>t{n}</title></item>" for n in range(50_000)))


async def test_each_bad_feed_is_a_stored_error_and_the_good_ones_succeed(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    server.set("/good", Route(body=rss([item(1), item(2)])))
    server.set("/good2", Route(body=rss([item(3, base="http://other.test")])))
    bad = {
        "/malformed": (Route(body=b"<?xml version='1.0'?><rss><channel><title>Cut off"), "not a usable feed"),
        "/html": (Route(body=HTML_PAGE, content_type="text/html; charset=utf-8"), "HTML page"),
        "/empty": (Route(body=b""), "empty body"),
        "/huge": (Route(body=fifty_thousand_entries()), "byte cap"),
        "/gzipbomb": (
            Route(body=gzip.compress(b"<" * (300 * 1024 * 1024)), headers={"Content-Encoding": "gzip"}),
            "decoded",
        ),
        "/entities": (Route(body=billion_laughs()), "entities"),
        "/silent": (Route(hang=True), "timed out"),
        "/loop": (Route(status=302, headers={"Location": "/loop2"}), "redirect loop"),
        "/notfound": (Route(status=404), "HTTP 404"),
    }
    server.redirect("/loop2", "/loop", 302)
    for path, (route, _) in bad.items():
        server.set(path, route)
    ids = await add_feeds(
        session_factory, server.url("/good"), *(server.url(p) for p in bad), server.url("/good2")
    )
    poller = make_poller(session_factory, client, settings, clock)

    with caplog.at_level(logging.WARNING, logger="bot.ingest.poller"):
        report = await poller.run_cycle()

    assert report.count("ok") == 2
    assert report.count("error") == len(bad)
    assert report.new_entries == 3
    assert await count(session_factory, Article) == 3
    for feed_id, (path, (_, expected)) in zip(ids[1:-1], bad.items(), strict=True):
        feed = await get_feed_row(session_factory, feed_id)
        assert feed.error_count == 1, path
        assert feed.last_error is not None
        assert expected in feed.last_error, (path, feed.last_error)
        assert feed.error_since == clock.now()
        assert feed.next_poll_at == clock.now() + timedelta(seconds=settings.poll_interval)
        assert feed.enabled
        assert any(
            server.url(path) in r.getMessage() and expected in r.getMessage() for r in caplog.records
        ), path
    good = await get_feed_row(session_factory, ids[0])
    assert good.error_count == 0
    assert good.last_error is None


async def test_errors_back_off_and_success_clears_the_error_state(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    url = server.set("/flaky", Route(status=500))
    (feed_id,) = await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock)
    await poller.run_cycle()
    first = await get_feed_row(session_factory, feed_id)
    clock.advance(300)
    await poller.run_cycle()
    second = await get_feed_row(session_factory, feed_id)
    assert second.error_count == 2
    assert second.error_since == first.error_since
    assert second.next_poll_at == clock.now() + timedelta(seconds=600)
    clock.advance(300)
    assert (await poller.run_cycle()).feeds == ()  # still backing off
    clock.advance(300)
    server.set("/flaky", Route(body=rss([item(1)])))
    report = await poller.run_cycle()
    assert report.count("ok") == 1
    healed = await get_feed_row(session_factory, feed_id)
    assert (healed.error_count, healed.last_error, healed.error_since) == (0, None, None)


async def test_fifty_thousand_entries_under_the_size_cap_are_cut_to_the_newest(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    roomy = settings.model_copy(update={"max_body_bytes": 20 * 1024 * 1024, "max_feed_entries": 50})
    url = server.set("/huge", Route(body=fifty_thousand_entries()))
    (feed_id,) = await add_feeds(session_factory, url)
    report = await make_poller(session_factory, client, roomy, FakeClock()).run_cycle()
    assert report.new_entries == 50
    feed = await get_feed_row(session_factory, feed_id)
    assert feed.last_warning is not None
    assert "50000 entries" in feed.last_warning
    assert feed.error_count == 0


async def test_wrong_declared_encoding_is_stored_repaired_with_a_warning(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    body = rss([item(1, title="Café owners count 40 closures")]).replace("é".encode(), "é".encode("cp1252"))
    url = server.set("/latin", Route(body=body))
    (feed_id,) = await add_feeds(session_factory, url)
    await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    (article,) = await articles(session_factory)
    assert article.title == "Café owners count 40 closures"
    feed = await get_feed_row(session_factory, feed_id)
    assert feed.last_warning is not None

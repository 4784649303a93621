"""Hostile entries cost only themselves: surrogates and NUL never fail a feed, an unreadable
entry is skipped, huge text is capped, and one feed's slow analysis never holds up another's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from datetime import datetime

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.ingest.analyse import MAX_ATTEMPTS
from bot.ingest.parse import parse_feed_sync
from bot.ingest.poller import FeedReport, Poller, _Job, _Outcome
from bot.settings import Settings
from bot.storage.models import Article, DisputeRow, Feed

from . import detectors
from .builders import item, rss
from .helpers import Factory, add_feeds, get_feed_row, make_poller

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

CONTESTED = (
    "Local health officials said 340 people were injured in the harbour blast on Tuesday. "
    "The port authority denied the figure, saying it was greatly exaggerated."
)
CONTESTED_TOO = (
    "The fire brigade said 75 homes were destroyed by the hillside fire on Sunday. "
    "The mayor rejected the figure, calling it wildly inflated."
)


def raw_item(n: int, title: str, description: str, *, content: str | None = None) -> str:
    """An RSS item written as is (no escaping), so it can carry hostile character references."""
    extra = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>http://news.test/h/{n}</link><guid>h-{n}</guid>"
        f"<description>{description}</description>{extra}</item>"
    )


async def stored(session_factory: Factory) -> list[Article]:
    async with session_factory() as session:
        return list((await session.execute(select(Article).order_by(Article.id))).scalars())


def strings(article: Article) -> Iterator[str]:
    yield from (article.url, article.title, article.summary, article.text)


async def disputes_of(session_factory: Factory, title_part: str) -> int:
    async with session_factory() as session:
        rows = await session.execute(
            select(DisputeRow.id)
            .join(Article, Article.id == DisputeRow.dispute_article_id)
            .where(Article.title.contains(title_part))
        )
        return len(rows.all())


async def analysed(poller: Poller, session_factory: Factory, title: str) -> None:
    """Wait for the analysis of the article called ``title`` (the timeout only guards a hang)."""
    (article,) = [a for a in await stored(session_factory) if a.title == title]
    async with asyncio.timeout(30):
        await poller.wait_analysed([article.id])


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"max_body_bytes": 4 << 20})  # room for a 1 MB entry


@pytest.fixture
def stall() -> Iterator[None]:
    detectors.STALL.clear()
    detectors.CALLS.clear()
    yield
    detectors.STALL.set()  # never leave a detector thread waiting


async def test_surrogate_and_nul_entries_cost_nothing_on_every_back_end(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, db_session_factory: Factory
) -> None:
    clock = FakeClock()
    items = [
        raw_item(1, "Surrogate &#xD800; in the title &#55296;", "Lone &#xDFFF; low half"),
        raw_item(2, "Nul reference &#0; here", "A raw nul \x00 and a bell \x07 in the summary"),
        raw_item(3, "Harbour blast toll disputed", "Short.", content=f"<p>{CONTESTED}</p> &#x0; &#xFFFF;"),
    ]
    url = server.set("/feed", Route(body=rss("".join(items))))
    (feed_id,) = await add_feeds(db_session_factory, url)
    poller = make_poller(db_session_factory, client, settings, clock, detect=True)
    report = await poller.run_cycle()
    assert [f.status for f in report.feeds] == ["ok"], report.feeds[0].error
    articles = await stored(db_session_factory)
    assert len(articles) == 3
    for article in articles:
        for text in strings(article):
            assert "\x00" not in text
            assert "\x07" not in text
            assert not any("\ud800" <= ch <= "\udfff" for ch in text)
            text.encode("utf-8")  # encodable: no lone surrogate left
    assert articles[0].title == "Surrogate \ufffd in the title \ufffd"
    assert await disputes_of(db_session_factory, "Harbour blast") == 1
    assert (await get_feed_row(db_session_factory, feed_id)).error_count == 0


def test_an_unreadable_entry_is_skipped_and_counted_not_its_feed() -> None:
    body = rss([item(1), item(2, link="http://[broken/ipv6"), item(3)])
    parsed = parse_feed_sync(body, {}, url="http://news.test/feed", max_entries=10)
    assert [e.guid for e in parsed.entries] == ["story-1", "story-3"]
    assert parsed.warning is not None
    assert "1 unreadable entries skipped" in parsed.warning


async def test_huge_entries_are_capped_before_storing(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    settings = settings.model_copy(
        update={"max_title_chars": 100, "max_article_chars": 5000, "max_body_bytes": 4 << 20}
    )
    big = "The harbour report runs on. " * 40_000  # about 1.1 MB
    url = server.set("/feed", Route(body=rss([item(1, title="Long " * 500, content=big)])))
    await add_feeds(session_factory, url)
    await make_poller(session_factory, client, settings, clock).run_cycle()
    (article,) = await stored(session_factory)
    assert len(article.title) <= 100
    assert 4800 <= len(article.text) <= 5000
    assert article.text.startswith("The harbour report runs on.")


def two_feeds(server: FeedServer, clock: FakeClock) -> tuple[str, str]:
    huge = "Harbour figures keep coming. " * 36_000  # about 1 MB
    a = server.set("/a", Route(body=rss([item(1, title="Huge harbour ledger", content=huge)])))
    b = server.set(
        "/b",
        Route(body=rss([item(2, title="Harbour blast toll disputed", content=f"<p>{CONTESTED}</p>")])),
    )
    return a, b


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_one_feeds_slow_analysis_never_holds_up_another_feeds_cycle_or_alert(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory, stall: None
) -> None:
    clock = FakeClock()
    a, b = two_feeds(server, clock)
    await add_feeds(session_factory, a, b)
    poller = make_poller(session_factory, client, settings, clock, detect=True, detector=detectors.stalling)
    poller.wait_for_analysis = False  # as under the scheduler
    try:
        report = await poller.run_cycle()  # returns once stored: the huge entry is still analysed
        assert report.new_entries == 2
        await analysed(poller, session_factory, "Harbour blast toll disputed")
        assert await disputes_of(session_factory, "Harbour blast") == 1
        assert not detectors.STALL.is_set()  # feed /a's analysis is still stuck
        # The next cycle polls a third feed and alerts on it, /a still stuck.
        c = server.set(
            "/c",
            Route(
                body=rss([item(3, title="Hillside fire toll disputed", content=f"<p>{CONTESTED_TOO}</p>")])
            ),
        )
        await add_feeds(session_factory, c)
        clock.advance(settings.poll_interval)
        await poller.run_cycle()
        await analysed(poller, session_factory, "Hillside fire toll disputed")
        assert await disputes_of(session_factory, "Hillside fire") == 1
        assert not detectors.STALL.is_set()
        assert len(server.hits("/c")) == 1
    finally:
        detectors.STALL.set()
        await poller.drain_analysis()
        await poller.close()
    processed = {a.title: a.processed for a in await stored(session_factory)}
    assert processed == dict.fromkeys(
        ["Huge harbour ledger", "Harbour blast toll disputed", "Hillside fire toll disputed"], True
    )


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_an_article_over_its_time_budget_is_stopped_and_retried_once(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory, stall: None
) -> None:
    clock = FakeClock()
    settings = settings.model_copy(update={"detect_timeout": 0.2})
    a, b = two_feeds(server, clock)
    await add_feeds(session_factory, a, b)
    poller = make_poller(session_factory, client, settings, clock, detect=True, detector=detectors.stalling)
    try:
        await poller.run_cycle()
        by_title = {x.title: x for x in await stored(session_factory)}
        huge, other = by_title["Huge harbour ledger"], by_title["Harbour blast toll disputed"]
        assert (huge.processed, huge.analysis_attempts) == (False, 1)
        assert (other.processed, other.analysis_attempts) == (True, 1)
        first = detectors.CALLS.count("Huge harbour ledger")
        calls = []
        for _ in range(3):  # later cycles: one retry, then never again
            clock.advance(settings.poll_interval)
            await poller.run_cycle()
            calls.append(detectors.CALLS.count("Huge harbour ledger"))
        assert calls[0] > first
        assert calls[2] == calls[1] == calls[0]
        assert detectors.CALLS.count("Harbour blast toll disputed") == 1
        (huge,) = [x for x in await stored(session_factory) if x.title == "Huge harbour ledger"]
        assert (huge.processed, huge.analysis_attempts) == (False, MAX_ATTEMPTS)
    finally:
        detectors.STALL.set()
        await poller.close()


async def test_feeds_stored_in_one_write_batch_are_still_analysed_apart(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    stall: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Regression: the articles of every feed of a write batch were analysed as one batch, so the
    # huge article of /a held up /b's analysis and alert whenever both fetches ended before the
    # writer woke up (under load: this flaked the restart test below).
    clock = FakeClock()
    a, b = two_feeds(server, clock)
    await add_feeds(session_factory, a, b)
    both_fetched = asyncio.Barrier(2)  # both outcomes are queued before the writer runs again
    poll_one = Poller._poll_one
    batch_sizes: list[int] = []
    write_batch = Poller._write_batch

    async def in_step(self: Poller, job: _Job) -> _Outcome:
        outcome = await poll_one(self, job)
        await both_fetched.wait()
        return outcome

    async def recorded(self: Poller, batch: Sequence[_Outcome]) -> list[FeedReport]:
        batch_sizes.append(len(batch))
        return await write_batch(self, batch)

    monkeypatch.setattr(Poller, "_poll_one", in_step)
    monkeypatch.setattr(Poller, "_write_batch", recorded)
    poller = make_poller(session_factory, client, settings, clock, detect=True, detector=detectors.stalling)
    poller.wait_for_analysis = False
    try:
        assert (await poller.run_cycle()).new_entries == 2
        assert batch_sizes == [2]  # the case under test: one write batch for both feeds
        await analysed(poller, session_factory, "Harbour blast toll disputed")
        assert await disputes_of(session_factory, "Harbour blast") == 1
        assert not detectors.STALL.is_set()  # feed /a's analysis is still stuck
    finally:
        detectors.STALL.set()
        await poller.close()


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_a_restart_resumes_the_analysis_without_fetching_again(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory, stall: None
) -> None:
    clock = FakeClock()
    a, b = two_feeds(server, clock)
    await add_feeds(session_factory, a, b)
    first = make_poller(session_factory, client, settings, clock, detect=True, detector=detectors.stalling)
    first.wait_for_analysis = False
    await first.run_cycle()
    await analysed(first, session_factory, "Harbour blast toll disputed")
    await first.close()  # shutdown with the huge article's analysis cut short
    detectors.STALL.set()
    second = make_poller(session_factory, client, settings, clock, detect=True, detector=detectors.stalling)
    try:
        report = await second.run_cycle()  # no feed is due: nothing is fetched again
    finally:
        await second.close()
    assert report.feeds == ()
    assert len(server.hits("/a")) == 1
    (huge,) = [x for x in await stored(session_factory) if x.title == "Huge harbour ledger"]
    assert (huge.processed, huge.analysis_attempts) == (True, 2)


async def test_a_database_error_is_stored_without_its_sql(
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy import text

    from bot.ingest import poller as poller_module
    from bot.services.feed_admin import list_feeds
    from bot.storage.articles import NewEntry, store_entries

    url = server.set("/feed", Route(body=rss([item(1, description="Secret draft text of the entry")])))
    (feed_id,) = await add_feeds(session_factory, url)

    async def failing(
        session: AsyncSession, feed_id: int, entries: Sequence[NewEntry], now: datetime
    ) -> list[Article]:
        stored = await store_entries(session, feed_id, entries, now)
        await session.execute(text("INSERT INTO feeds (url) VALUES (NULL)"))  # NOT NULL violated
        return stored

    monkeypatch.setattr(poller_module, "store_entries", failing)
    await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    stored = (await get_feed_row(session_factory, feed_id)).last_error
    assert stored is not None
    assert "NOT NULL constraint failed" in stored
    for leak in ("[SQL", "INSERT INTO", "parameters", "sqlalche.me"):
        assert leak not in stored
    # An error stored by an older version, with its SQL, is shown without it.
    async with session_factory() as session, session.begin():
        feed = await session.get(Feed, feed_id)
        assert feed is not None
        feed.last_error = (
            "(x.IntegrityError) boom\n[SQL: INSERT INTO articles VALUES (?)]\n[parameters: ('draft',)]"
        )
    (info,) = await list_feeds(session_factory)
    assert info.last_error == "(x.IntegrityError) boom"

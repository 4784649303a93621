"""Every newly stored article goes through the detector in the same unit of work."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fakes.feed_server import FeedServer, Route
from sqlalchemy import select

from bot.clock import FakeClock
from bot.detect.model import Detection
from bot.pipeline import PipelineContext, process_article
from bot.settings import Settings
from bot.storage.detections import store_detection
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow

from .builders import item, rss
from .helpers import Factory, add_feeds, articles, count, make_poller

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

CONTESTED = (
    "Local health officials said 340 people were injured in the harbour blast on Tuesday. "
    "The port authority denied the figure, saying it was greatly exaggerated."
)


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_new_articles_get_their_claims_denials_and_disputes_stored(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    body = rss(
        [
            item(
                1, title="Harbour blast toll disputed", content=f"<p>{CONTESTED}</p>", published=clock.now()
            ),
            item(2, content="<p>The ferry timetable changes next week.</p>", published=clock.now()),
        ]
    )
    url = server.set("/feed", Route(body=body))
    await add_feeds(session_factory, url)
    poller = make_poller(session_factory, client, settings, clock, detect=True)
    report = await poller.run_cycle()
    assert report.new_entries == 2
    stored = {a.url.rsplit("/", 1)[1]: a for a in await articles(session_factory)}
    assert all(a.processed for a in stored.values())
    contested = stored["1"]
    async with session_factory() as session:
        claims = (await session.execute(select(ClaimRow))).scalars().all()
        denials = (await session.execute(select(DenialRow))).scalars().all()
        disputes = (await session.execute(select(DisputeRow))).scalars().all()
    assert [c.figure_text for c in claims] == ["340"]
    assert claims[0].article_id == contested.id
    assert len(denials) == 1
    (dispute,) = disputes
    assert dispute.claim_id == claims[0].id
    assert dispute.denial_id == denials[0].id
    assert dispute.claim_article_id == dispute.dispute_article_id == contested.id
    assert dispute.kind == "denial"
    assert "port authority" in dispute.disputed_by.lower()
    assert dispute.alert_worthy
    # The same entries on the next poll: nothing is detected or stored twice.
    clock.advance(timedelta(seconds=settings.poll_interval).total_seconds())
    await poller.run_cycle()
    assert await count(session_factory, DisputeRow) == 1
    assert await count(session_factory, ClaimRow) == 1


async def test_store_detection_is_idempotent(session_factory: Factory) -> None:
    async with session_factory() as session, session.begin():
        article = Article(
            url="http://news.test/x", url_hash="a" * 64, title="Harbour blast toll disputed", text=CONTESTED
        )
        session.add(article)
        await session.flush()
        first = await process_article(session, article, PipelineContext(clock=FakeClock()))
        assert first.stored is not None
        assert len(first.stored.new_disputes) == 1
        again = await store_detection(session, article, first.detection or Detection("x"))
        assert again.new_disputes == ()
        assert [d.id for d in again.disputes] == [d.id for d in first.stored.disputes]
    assert await count(session_factory, DisputeRow) == 1


async def test_backlog_articles_store_disputes_that_do_not_alert(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    clock = FakeClock()
    old = clock.now() - timedelta(days=2)
    url = server.set("/feed", Route(body=rss([item(1, content=f"<p>{CONTESTED}</p>", published=old)])))
    await add_feeds(session_factory, url)
    await make_poller(session_factory, client, settings, clock, detect=True).run_cycle()
    async with session_factory() as session:
        (dispute,) = (await session.execute(select(DisputeRow))).scalars().all()
    assert not dispute.alert_worthy


async def test_detection_off_leaves_articles_unprocessed(
    server: FeedServer, client: httpx.AsyncClient, settings: Settings, session_factory: Factory
) -> None:
    url = server.set("/feed", Route(body=rss([item(1, content=f"<p>{CONTESTED}</p>")])))
    await add_feeds(session_factory, url)
    await make_poller(session_factory, client, settings, FakeClock(), detect=False).run_cycle()
    (article,) = await articles(session_factory)
    assert not article.processed
    assert await count(session_factory, ClaimRow) == 0


async def test_disputes_about_unlisted_claims_are_each_stored(session_factory: Factory) -> None:
    """Regression: a second unlisted claim used to break the claim lookup (zip length mismatch)."""
    from bot.detect.model import Claim, Dispute, DisputeKind, Figure, Span

    text = "The union said 900 jobs would go. The firm called that false. Analysts said 300. It denied it."
    article_input_sentence = Span(text[:33], 0, 33)
    denial_sentence = Span(text[34:62], 34, 62)

    def claim(value: float, figure_text: str, claimant: str) -> Claim:
        start = text.index(figure_text)
        figure = Figure(Span(figure_text, start, start + len(figure_text)), value, None, None)
        return Claim(figure, "jobs", claimant, article_input_sentence)

    detection = Detection(
        "x",
        claims=(),
        disputes=(
            Dispute(claim(900, "900", "union"), "firm", DisputeKind.DENIAL, denial_sentence),
            Dispute(claim(300, "300", "analysts"), "firm", DisputeKind.DENIAL, denial_sentence),
        ),
    )
    async with session_factory() as session, session.begin():
        article = Article(url="http://news.test/y", url_hash="b" * 64, title="Jobs", text=text)
        session.add(article)
        await session.flush()
        stored = await store_detection(session, article, detection)
    assert len(stored.new_disputes) == 2
    assert await count(session_factory, ClaimRow) == 2

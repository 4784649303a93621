"""The stories step inside the real ingestion pipeline (real detector, SQLite)."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import pipeline
from bot.clock import FakeClock
from bot.detect import detect
from bot.pipeline import PipelineContext, process_article
from bot.stance import prepare_text
from bot.storage.models import Article, Chat, DisputeRow, OutboxMessage, StoryKey
from bot.stories.events import NORM_KEY, event_profile
from bot.stories.linker import claim_facts

# These tests load the spaCy model: `make test-fast` runs them all on one xdist worker
# (--dist loadgroup), so the model is loaded once, not in every worker.
pytestmark = pytest.mark.xdist_group("spacy")

DAY1 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


def _article(title: str, text: str, at: datetime) -> Article:
    url = "https://wire.example/" + hashlib.sha256(title.encode()).hexdigest()[:10]
    return Article(
        url=url,
        url_hash=hashlib.sha256(url.encode()).hexdigest(),
        title=title,
        text=text,
        published_at=at,
        fetched_at=at,
    )


async def test_next_day_denial_disputes_the_earlier_claim_through_the_pipeline(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ctx = PipelineContext(clock=FakeClock(DAY1 + timedelta(days=1)))
    async with db_session_factory() as session, session.begin():
        first = _article(
            "Report: Acme Motors to cut 111,000 jobs worldwide",
            "Acme Motors plans to cut 111,000 jobs worldwide over three years, the Daily Ledger "
            "reported on Monday, citing people familiar with the plan.",
            DAY1,
        )
        session.add(first)
        await session.flush()
        opened = await process_article(session, first, ctx)
        assert opened.linked is not None
        assert opened.linked.created_story

        second = _article(
            "Acme Motors denies report of mass layoffs",
            "Acme Motors on Tuesday rejected a newspaper report about mass layoffs at the carmaker, "
            "calling it baseless. A spokesperson said factories in Europe would stay open.",
            DAY1 + timedelta(days=1),
        )
        session.add(second)
        await session.flush()
        processed = await process_article(session, second, ctx)
        assert processed.linked is not None
        assert processed.linked.story_id == first.story_id
        assert second.stance == "disagree"
        [dispute] = processed.linked.disputes
        assert (dispute.kind, dispute.claim_article_id, dispute.dispute_article_id) == (
            "denial",
            first.id,
            second.id,
        )
        assert dispute.disputed_by == "Acme Motors"
        assert "rejected" in dispute.dispute_sentence

        again = await process_article(session, second, ctx)
        assert again.linked is not None
        assert again.linked.disputes == ()
        assert await session.scalar(select(func.count(DisputeRow.id))) == 1


async def test_a_failing_story_step_keeps_the_article_and_its_detection(
    db_session_factory: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("story index unavailable")

    monkeypatch.setattr(pipeline, "link_article", broken)
    async with db_session_factory() as session, session.begin():
        article = _article(
            "Health ministry puts flood toll at 41",
            "The health ministry said 41 people died in the floods around Porto Alegre.",
            DAY1,
        )
        session.add(article)
        await session.flush()
        processed = await pipeline.process_article(session, article, PipelineContext(clock=FakeClock(DAY1)))
        assert processed.linked is None
        assert processed.stored is not None
        assert article.processed
        assert article.story_id is None
    async with db_session_factory() as session:
        assert await session.scalar(select(func.count(Article.id))) == 1


async def test_cross_article_dispute_reaches_the_outbox(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ctx = PipelineContext(clock=FakeClock(DAY1 + timedelta(days=1)))
    async with db_session_factory() as session, session.begin():
        session.add(Chat(id=4242, subscribed=True))
        first = _article(
            "Report: Acme Motors to cut 111,000 jobs worldwide",
            "Acme Motors plans to cut 111,000 jobs worldwide over three years, the Daily Ledger "
            "reported on Monday, citing people familiar with the plan.",
            DAY1,
        )
        session.add(first)
        await session.flush()
        await process_article(session, first, ctx)
        before = await session.scalar(select(func.count(OutboxMessage.id)))
        second = _article(
            "Acme Motors denies report of mass layoffs",
            "Acme Motors on Tuesday rejected a newspaper report about mass layoffs at the carmaker, "
            "calling it baseless.",
            DAY1 + timedelta(days=1),
        )
        session.add(second)
        await session.flush()
        await process_article(session, second, ctx)
        rows = (await session.scalars(select(OutboxMessage).where(OutboxMessage.chat_id == 4242))).all()
        assert len(rows) == (before or 0) + 1
        assert rows[-1].story_id == first.story_id
        assert "Acme Motors" in rows[-1].text


async def test_event_keys_computed_in_the_worker_are_the_keys_the_linker_would_compute(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    article_in = pipeline.input_for(
        "x",
        "Orrin flood: water board says 12,000 hectares under water",
        "",
        "The regional water board said 12,000 hectares of farmland near Kessary were flooded when "
        "the Orrin burst its banks. Farmers said the real figure was closer to 30,000 hectares.",
    )
    found = pipeline.detect_many(detect, [article_in])[0]
    assert not isinstance(found, pipeline.DetectFailure)
    assert found.event_keys
    ctx = PipelineContext(clock=FakeClock(DAY1))
    async with db_session_factory() as session, session.begin():
        article = _article(article_in.title, article_in.text, DAY1)
        session.add(article)
        await session.flush()
        done = await process_article(session, article, ctx, detection=found)
        assert done.stored is not None
        inline = event_profile(
            article.title, article.text, [claim_facts(c) for c in done.stored.claims], found.entities
        )
        stored = (
            await session.execute(
                select(StoryKey.key, StoryKey.weight).where(
                    StoryKey.article_id == article.id, StoryKey.key != NORM_KEY
                )
            )
        ).all()
    assert sorted(stored) == sorted((k.key, k.weight) for k in inline) == sorted(found.event_keys)


async def test_the_worker_prepares_the_stance_text_and_a_stale_one_is_not_trusted(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    claim_in = pipeline.input_for(
        "c",
        "Report: Brightwell Foods to close 40 stores",
        "",
        "Brightwell Foods will close 40 of its grocery stores this spring, the Harbour Gazette "
        "reported, citing two managers.",
    )
    denial_in = pipeline.input_for(
        "d",
        "Brightwell Foods denies store closure report",
        "",
        "Brightwell Foods on Thursday denied a newspaper report that it would close 40 grocery "
        "stores, calling the story false. Its chief executive said no store would shut.",
    )
    claim_found, denial_found = pipeline.detect_many(detect, [claim_in, denial_in])
    assert not isinstance(denial_found, pipeline.DetectFailure)
    assert not isinstance(claim_found, pipeline.DetectFailure)
    assert denial_found.stance_text == prepare_text(denial_in.document)
    # a result computed for other text (an edited entry) must not decide this article's stance
    stale = replace(denial_found, stance_text=prepare_text("Brightwell Foods opened a bakery."))
    ctx = PipelineContext(clock=FakeClock(DAY1 + timedelta(days=1)))
    async with db_session_factory() as session, session.begin():
        first = _article(claim_in.title, claim_in.text, DAY1)
        second = _article(denial_in.title, denial_in.text, DAY1 + timedelta(hours=5))
        session.add_all([first, second])
        await session.flush()
        await process_article(session, first, ctx, detection=claim_found)
        done = await process_article(session, second, ctx, detection=stale)
    assert done.linked is not None
    assert done.linked.story_id == first.story_id
    assert done.linked.stance == "disagree"

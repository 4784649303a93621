"""Rows for handler and service tests, inserted directly (the detector is not under test here)."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Article, ClaimRow, DisputeRow, Feed

_ids = itertools.count(1)


async def add_dispute(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    headline: str,
    figure: str = "about 300",
    counted: str = "people displaced",
    claimant: str = "the regional governor",
    disputed_by: str = "a residents' association",
    sentence: str = "The regional governor said about 300 people were displaced.",
    quote: str | None = "nowhere near that",
    created_at: datetime,
    counter: str | None = None,
) -> int:
    """One article with one claim disputed in the same article; returns the dispute id."""
    n = next(_ids)
    async with session_factory() as session, session.begin():
        article = Article(
            url=f"https://news.example/{n}",
            url_hash=f"{n:064d}",
            title=headline,
            text=sentence,
            published_at=created_at,
            fetched_at=created_at,
        )
        session.add(article)
        await session.flush()
        claim = ClaimRow(
            article_id=article.id,
            figure_text=figure,
            counted=counted,
            claimant=claimant,
            sentence=sentence,
            sentence_start=0,
            sentence_end=len(sentence),
        )
        session.add(claim)
        counter_row = None
        if counter is not None:
            counter_row = ClaimRow(
                article_id=article.id,
                figure_text=counter,
                counted=counted,
                claimant=disputed_by,
                sentence=sentence,
                sentence_start=0,
                sentence_end=len(sentence),
            )
            session.add(counter_row)
        await session.flush()
        dispute = DisputeRow(
            fingerprint=f"fp{n}",
            claim_id=claim.id,
            claim_article_id=article.id,
            dispute_article_id=article.id,
            counter_claim_id=counter_row.id if counter_row else None,
            kind="conflict" if counter else "denial",
            disputed_by=disputed_by,
            quote=quote,
            dispute_sentence=sentence,
            dispute_start=0,
            dispute_end=len(sentence),
            created_at=created_at,
        )
        session.add(dispute)
        await session.flush()
        return dispute.id


async def add_feed(
    session_factory: async_sessionmaker[AsyncSession],
    url: str,
    *,
    title: str | None = None,
    enabled: bool = True,
    error_count: int = 0,
    last_error: str | None = None,
    error_since: datetime | None = None,
    last_polled_at: datetime | None = None,
    last_success_at: datetime | None = None,
    disabled_reason: str | None = None,
) -> int:
    async with session_factory() as session, session.begin():
        feed = Feed(
            url=url,
            title=title,
            enabled=enabled,
            error_count=error_count,
            last_error=last_error,
            error_since=error_since,
            last_polled_at=last_polled_at,
            last_success_at=last_success_at,
            disabled_reason=disabled_reason,
        )
        session.add(feed)
        await session.flush()
        return feed.id

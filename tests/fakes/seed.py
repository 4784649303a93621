"""Rows for handler and Telegram tests, inserted directly (the detector is not under test here).

Helpers that take a ``session_factory`` commit their own transaction; those that take a
``session`` add to the caller's. All sentences are our own.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.keywords import normalize_keyword
from bot.storage.models import Article, Chat, ClaimRow, DenialRow, DisputeRow, Feed, Story, WatchedKeyword

_serial = itertools.count(1)


async def add_chat(
    session_factory: async_sessionmaker[AsyncSession],
    chat_id: int,
    *,
    chat_type: str = "private",
    scope: str = "all",
    mode: str = "instant",
    keywords: tuple[str, ...] = (),
    subscribed: bool = True,
) -> None:
    async with session_factory() as session, session.begin():
        session.add(Chat(id=chat_id, type=chat_type, subscribed=subscribed, scope=scope, alert_mode=mode))
        await session.flush()
        for keyword in keywords:
            session.add(
                WatchedKeyword(chat_id=chat_id, keyword=keyword, normalized=normalize_keyword(keyword))
            )


async def add_story(session: AsyncSession, title: str, now: datetime) -> Story:
    story = Story(title=title, created_at=now, updated_at=now, last_article_at=now)
    session.add(story)
    await session.flush()
    return story


async def add_dispute(
    session: AsyncSession,
    *,
    now: datetime,
    story: Story | None = None,
    headline: str = "Harbour fire: port authority and union disagree on losses",
    figure: str = "about 3,400",
    qualifier: str | None = "about",
    counted: str = "containers destroyed",
    claimant: str | None = "the port authority",
    disputed_by: str = "the dockworkers' union",
    quote: str | None = "the real number is far lower",
    counter: str | None = None,
    counter_claimant: str | None = None,
    url: str | None = None,
    alert_worthy: bool = True,
) -> DisputeRow:
    n = next(_serial)
    article = Article(
        url=url or f"https://news.example/harbour/{n}",
        url_hash=f"{n:064d}",
        title=headline,
        text=f"The port authority said {figure} {counted}. The union said the real number is far lower.",
        published_at=now - timedelta(minutes=5),
        fetched_at=now,
        story_id=story.id if story else None,
    )
    session.add(article)
    await session.flush()
    sentence = f"{claimant or 'Officials'} said {figure} {counted} in the blaze."
    claim = ClaimRow(
        article_id=article.id,
        story_id=article.story_id,
        value=3400.0,
        qualifier=qualifier,
        figure_text=figure,
        counted=counted,
        claimant=claimant,
        sentence=sentence,
        sentence_start=0,
        sentence_end=len(sentence),
    )
    session.add(claim)
    denial_sentence = f"{disputed_by} rejected the figure, saying {quote}."
    denial = DenialRow(
        article_id=article.id,
        denier=disputed_by,
        cue="rejected",
        quote=quote,
        sentence=denial_sentence,
        sentence_start=0,
        sentence_end=len(denial_sentence),
    )
    session.add(denial)
    await session.flush()
    counter_row = None
    if counter:
        counter_row = ClaimRow(
            article_id=article.id,
            story_id=article.story_id,
            value=None,
            figure_text=counter,
            counted=counted,
            claimant=counter_claimant,
            sentence=f"{counter_claimant} counted {counter}.",
            sentence_start=0,
            sentence_end=10,
        )
        session.add(counter_row)
        await session.flush()
    dispute = DisputeRow(
        fingerprint=f"fp{n}",
        story_id=article.story_id,
        claim_id=claim.id,
        claim_article_id=article.id,
        dispute_article_id=article.id,
        denial_id=denial.id,
        counter_claim_id=counter_row.id if counter_row else None,
        kind="conflict" if counter else "denial",
        disputed_by=disputed_by,
        quote=quote,
        dispute_sentence=denial_sentence,
        dispute_start=0,
        dispute_end=len(denial_sentence),
        alert_worthy=alert_worthy,
        created_at=now,
    )
    session.add(dispute)
    await session.flush()
    return dispute


async def commit_dispute(
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
    """One article with one claim disputed in the same article, committed; returns the dispute id.

    No story and no denial row: what the command handlers and their services read."""
    n = next(_serial)
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

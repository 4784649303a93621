"""The latest contested claims, newest first, a page at a time, optionally for one keyword.

Each story is listed once (by its newest dispute), as its alert shows it (``ClaimSummary.story``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.alerts.model import StoryView
from bot.services.keywords import MAX_MATCH_CHARS, any_keyword_matches
from bot.storage.evidence import story_view
from bot.storage.models import Article, ClaimRow, DisputeRow

PAGE_SIZE = 5
# With a keyword, rows are matched in Python (word boundaries, Unicode folding, identical on
# SQLite and PostgreSQL), in a worker thread so the bot keeps answering meanwhile; this many of
# the newest disputes are searched at most, each text cut to MAX_MATCH_CHARS by the database.
KEYWORD_SCAN_LIMIT = 5000
_BATCH = 250


@dataclass(frozen=True, slots=True)
class ClaimSummary:
    dispute_id: int
    story_id: int | None
    kind: str  # denial/conflict
    figure_text: str
    qualifier: str | None
    counted: str
    claimant: str | None
    disputed_by: str
    quote: str | None
    counter_figure: str | None
    headline: str
    url: str
    when: datetime
    story: StoryView | None = None  # the story as its alert shows it (bot.alerts.format.alert_summary)


@dataclass(frozen=True, slots=True)
class ClaimsPage:
    items: tuple[ClaimSummary, ...]
    page: int  # 0-based
    has_next: bool
    keyword: str | None

    @property
    def has_prev(self) -> bool:
        return self.page > 0


_Counter = aliased(ClaimRow)
_DisputeArticle = aliased(Article)


def _query() -> Select[DisputeRow, ClaimRow, Article, Article, str]:
    # the counter figure is outer-joined: None at run time when the dispute has no counter-claim
    return (
        select(DisputeRow, ClaimRow, Article, _DisputeArticle, _Counter.figure_text)
        .join(ClaimRow, ClaimRow.id == DisputeRow.claim_id)
        .join(Article, Article.id == DisputeRow.claim_article_id)
        .join(_DisputeArticle, _DisputeArticle.id == DisputeRow.dispute_article_id)
        .outerjoin(_Counter, _Counter.id == DisputeRow.counter_claim_id)
        .order_by(DisputeRow.created_at.desc(), DisputeRow.id.desc())
    )


def _summary(
    dispute: DisputeRow, claim: ClaimRow, article: Article, dispute_article: Article, counter: str | None
) -> ClaimSummary:
    # Link the article that carries the dispute: it is the one that shows the figure contested.
    return ClaimSummary(
        dispute_id=dispute.id,
        story_id=dispute.story_id,
        kind=dispute.kind,
        figure_text=claim.figure_text,
        qualifier=claim.qualifier,
        counted=claim.counted,
        claimant=claim.claimant,
        disputed_by=dispute.disputed_by,
        quote=dispute.quote,
        counter_figure=counter,
        headline=dispute_article.title or article.title,
        url=dispute_article.url,
        when=dispute_article.published_at or dispute.created_at,
    )


async def latest_claims(
    session_factory: async_sessionmaker[AsyncSession], *, page: int = 0, keyword: str | None = None
) -> ClaimsPage:
    """Page ``page`` (0-based) of the newest disputes, those matching ``keyword`` if given.

    ``keyword`` must already be normalised (:func:`bot.services.keywords.validate_keyword`).
    """
    page = max(page, 0)
    start = page * PAGE_SIZE
    async with session_factory() as session:
        if keyword is None:
            newest = await session.scalars(_newest_per_story().offset(start).limit(PAGE_SIZE + 1))
            summaries = await _summaries(session, list(newest))
        else:
            summaries = await _matching(session, keyword, start + PAGE_SIZE + 1)
            summaries = summaries[start:]
        items = [await _with_story(session, s) for s in summaries[:PAGE_SIZE]]
    return ClaimsPage(items=tuple(items), page=page, has_next=len(summaries) > PAGE_SIZE, keyword=keyword)


def _story_key() -> ColumnElement[int]:
    """One key per story (a dispute without a story is its own): /claims lists a story once."""
    return func.coalesce(DisputeRow.story_id, -DisputeRow.id)


def _newest_per_story() -> Select[int]:
    """The newest dispute id of each story, the most recently disputed story first."""
    return (
        select(func.max(DisputeRow.id))
        .group_by(_story_key())
        .order_by(func.max(DisputeRow.created_at).desc(), func.max(DisputeRow.id).desc())
    )


async def _summaries(session: AsyncSession, ids: list[int]) -> list[ClaimSummary]:
    """The disputes ``ids`` as summaries, in the order of ``ids``."""
    if not ids:
        return []
    rows = (await session.execute(_query().where(DisputeRow.id.in_(ids)))).all()
    by_id = {d.id: _summary(d, c, a, da, counter) for d, c, a, da, counter in rows}
    return [by_id[i] for i in ids if i in by_id]


async def _with_story(session: AsyncSession, summary: ClaimSummary) -> ClaimSummary:
    """The item with its story, so /claims shows what the story's alert showed."""
    story = await story_view(session, summary.story_id, [summary.dispute_id])
    return replace(summary, story=story)


async def _matching(session: AsyncSession, keyword: str, wanted: int) -> list[ClaimSummary]:
    """The newest ``wanted`` matching disputes: texts are scanned as plain tuples, and only the
    matches are loaded whole (building ORM objects for every scanned row would dominate)."""
    texts = (
        select(
            DisputeRow.id,
            _story_key(),
            *(
                func.substr(column, 1, MAX_MATCH_CHARS)
                for column in (
                    Article.title,
                    _DisputeArticle.title,
                    ClaimRow.sentence,
                    ClaimRow.counted,
                    ClaimRow.claimant,
                    DisputeRow.disputed_by,
                )
            ),
        )
        .join(ClaimRow, ClaimRow.id == DisputeRow.claim_id)
        .join(Article, Article.id == DisputeRow.claim_article_id)
        .join(_DisputeArticle, _DisputeArticle.id == DisputeRow.dispute_article_id)
        .order_by(DisputeRow.created_at.desc(), DisputeRow.id.desc())
        .limit(KEYWORD_SCAN_LIMIT)
    )
    ids: list[int] = []
    stories: set[int] = set()
    result = await session.stream(texts.execution_options(yield_per=_BATCH))
    try:
        async for partition in result.partitions(_BATCH):
            batch = [(row[0], row[1], [f or "" for f in row[2:]]) for row in partition]
            ids.extend(await asyncio.to_thread(_matching_ids, keyword, batch, stories, wanted - len(ids)))
            if len(ids) >= wanted:
                break
    finally:
        await result.close()
    return await _summaries(session, ids)


def _matching_ids(
    keyword: str, rows: Sequence[tuple[int, int, list[str]]], stories: set[int], wanted: int
) -> list[int]:
    """The ids of the first ``wanted`` rows whose texts match ``keyword``, one per story (newest
    first: a story's newest matching dispute stands for it). Runs in a worker thread."""
    out: list[int] = []
    for dispute_id, story, fields in rows:
        if story not in stories and any_keyword_matches((keyword,), fields):
            stories.add(story)
            out.append(dispute_id)
            if len(out) >= wanted:
                break
    return out

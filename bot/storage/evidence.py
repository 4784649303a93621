"""Read-only queries that turn stored disputes, claims and denials into ``bot.alerts.model`` views.

Used by alert fan-out (``bot.alerts.enqueue``), digests and the details view.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.alerts.model import ClaimEvidence, DenialEvidence, DisputeView, Source, StoryEvidence, StoryView
from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow, Story

_ClaimArticle = aliased(Article)
_DisputeArticle = aliased(Article)
_Counter = aliased(ClaimRow)


def _source(article: Article) -> Source:
    return Source(
        article.id, article.url, article.title, article.published_at, article.fetched_at, article.stance
    )


async def dispute_views(
    session: AsyncSession, *where: ColumnElement[bool], limit: int | None = None, newest_first: bool = False
) -> list[DisputeView]:
    """Disputes matching ``where`` with their claim, articles and counter-figure, oldest first."""
    order = DisputeRow.id.desc() if newest_first else DisputeRow.id
    statement = (
        select(DisputeRow, ClaimRow, _ClaimArticle, _DisputeArticle, _Counter)
        .join(ClaimRow, ClaimRow.id == DisputeRow.claim_id)
        .join(_ClaimArticle, _ClaimArticle.id == DisputeRow.claim_article_id)
        .join(_DisputeArticle, _DisputeArticle.id == DisputeRow.dispute_article_id)
        .outerjoin(_Counter, _Counter.id == DisputeRow.counter_claim_id)
        .where(*where)
        .order_by(order)
    )
    if limit is not None:
        statement = statement.limit(limit)
    views = [
        DisputeView(
            id=d.id,
            story_id=d.story_id,
            kind=d.kind,
            figure_text=c.figure_text,
            qualifier=c.qualifier,
            counted=c.counted,
            claimant=c.claimant,
            claim_sentence=c.sentence,
            disputed_by=d.disputed_by,
            quote=d.quote,
            dispute_sentence=d.dispute_sentence,
            counter_figure=counter.figure_text if counter is not None else None,
            counter_claimant=counter.claimant if counter is not None else None,
            claim_source=_source(ca),
            dispute_source=_source(da),
            created_at=d.created_at,
            value=c.value,
            low=c.low,
            high=c.high,
            counter_value=counter.value if counter is not None else None,
            counter_counted=counter.counted if counter is not None else None,
            counter_sentence=counter.sentence if counter is not None else None,
        )
        for d, c, ca, da, counter in (await session.execute(statement)).all()
    ]
    if newest_first:
        views.reverse()
    return views


async def story_view(
    session: AsyncSession, story_id: int | None, dispute_ids: Sequence[int]
) -> StoryView | None:
    """The alert-worthy disputes of a story (or just ``dispute_ids`` when there is no story)."""
    if story_id is not None:
        where: ColumnElement[bool] = DisputeRow.story_id == story_id
    else:
        where = DisputeRow.id.in_(list(dispute_ids))
    views = await dispute_views(session, where, DisputeRow.alert_worthy.is_(True))
    if not views:
        return None
    title = await _title(session, story_id, views[-1])
    claims: tuple[ClaimEvidence, ...] = ()
    if story_id is not None:
        rows = await session.execute(
            select(ClaimRow, Article)
            .join(Article, Article.id == ClaimRow.article_id)
            .where(ClaimRow.story_id == story_id)
        )
        claims = tuple(_claim_evidence(c, _source(a)) for c, a in rows.all())
    return StoryView(story_id, title, tuple(views), claims)


def _claim_evidence(c: ClaimRow, source: Source) -> ClaimEvidence:
    return ClaimEvidence(
        c.id, c.figure_text, c.qualifier, c.counted, c.claimant, c.sentence, source, c.value, c.low, c.high
    )


async def _title(session: AsyncSession, story_id: int | None, newest: DisputeView) -> str:
    if story_id is not None:
        title = await session.scalar(select(Story.title).where(Story.id == story_id))
        if title:
            return str(title)
    return newest.claim_source.title or newest.dispute_source.title


async def disputes_between(
    session: AsyncSession, start: datetime, end: datetime, limit: int
) -> list[DisputeView]:
    """Alert-worthy disputes stored in ``(start, end]`` (digests), oldest first, newest ``limit``."""
    return await dispute_views(
        session,
        DisputeRow.alert_worthy.is_(True),
        DisputeRow.created_at > start,
        DisputeRow.created_at <= end,
        limit=limit,
        newest_first=True,
    )


async def story_evidence(session: AsyncSession, dispute_id: int) -> StoryEvidence | None:
    """Everything about the story of ``dispute_id`` (its claims, denials and articles)."""
    dispute = await session.get(DisputeRow, dispute_id)
    if dispute is None:
        return None
    if dispute.story_id is not None:
        dispute_filter: ColumnElement[bool] = DisputeRow.story_id == dispute.story_id
        article_filter: ColumnElement[bool] = or_(
            Article.story_id == dispute.story_id,
            Article.id.in_([dispute.claim_article_id, dispute.dispute_article_id]),
        )
    else:
        dispute_filter = DisputeRow.id == dispute_id
        article_filter = Article.id.in_([dispute.claim_article_id, dispute.dispute_article_id])
    disputes = await dispute_views(session, dispute_filter)
    articles = {
        a.id: a
        for a in (await session.scalars(select(Article).where(article_filter).order_by(Article.id))).all()
    }
    sources = {aid: _source(a) for aid, a in articles.items()}
    ids = list(articles)
    claims = [
        _claim_evidence(c, sources[c.article_id])
        for c in (
            await session.scalars(
                select(ClaimRow)
                .where(ClaimRow.article_id.in_(ids))
                .order_by(ClaimRow.article_id, ClaimRow.id)
            )
        ).all()
    ]
    denials = [
        DenialEvidence(d.id, d.denier, d.quote, d.sentence, sources[d.article_id])
        for d in (
            await session.scalars(
                select(DenialRow)
                .where(DenialRow.article_id.in_(ids))
                .order_by(DenialRow.article_id, DenialRow.id)
            )
        ).all()
    ]
    focus = next((d for d in disputes if d.id == dispute_id), None)
    title = await _title(session, dispute.story_id, focus or disputes[-1]) if disputes else ""
    ordered_sources = tuple(sorted(sources.values(), key=lambda s: (s.when, s.article_id)))
    return StoryEvidence(
        dispute_id, dispute.story_id, title, tuple(disputes), tuple(claims), tuple(denials), ordered_sources
    )

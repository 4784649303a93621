"""Story queries: the term index (candidates within a window), story rows, and story details.

Candidate lookup reads ``story_terms`` through its (term, last_seen_at) index with the article's
own terms only, so its cost grows with the number of stories sharing a term, not with the archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow, Feed, Story, StoryTerm
from bot.stories.model import StoryTermWeight

# SQLite's default bound-parameter limit is 999; terms per article are capped well below it.
_CHUNK = 500


async def candidate_story_terms(
    session: AsyncSession, terms: Iterable[str], since: datetime
) -> dict[int, dict[str, float]]:
    """story id -> {term: weight} for the given terms seen in a story at or after ``since``."""
    wanted = sorted(set(terms))
    out: dict[int, dict[str, float]] = {}
    for i in range(0, len(wanted), _CHUNK):
        rows = await session.execute(
            select(StoryTerm.story_id, StoryTerm.term, StoryTerm.weight).where(
                StoryTerm.term.in_(wanted[i : i + _CHUNK]), StoryTerm.last_seen_at >= since
            )
        )
        for story_id, term, weight in rows:
            out.setdefault(story_id, {})[term] = weight
    return out


async def active_story_count(session: AsyncSession, since: datetime) -> int:
    count = await session.scalar(select(func.count(Story.id)).where(Story.last_article_at >= since))
    return int(count or 0)


async def create_story(session: AsyncSession, title: str, at: datetime) -> Story:
    story = Story(title=title[:1024] or "(untitled)", created_at=at, updated_at=at, last_article_at=at)
    session.add(story)
    await session.flush()
    return story


async def touch_story(session: AsyncSession, story_id: int, at: datetime) -> None:
    story = await session.get(Story, story_id)
    if story is not None:
        story.updated_at = max(story.updated_at, at)
        story.last_article_at = max(story.last_article_at, at)


async def add_story_terms(
    session: AsyncSession, story_id: int, terms: Sequence[StoryTermWeight], at: datetime
) -> None:
    """Insert new terms of a story; refresh weight (max) and last_seen_at of known ones."""
    if not terms:
        return
    existing = {
        row.term: row
        for row in await session.scalars(
            select(StoryTerm).where(
                StoryTerm.story_id == story_id, StoryTerm.term.in_([t.term for t in terms])
            )
        )
    }
    for t in terms:
        row = existing.get(t.term)
        if row is None:
            session.add(
                StoryTerm(story_id=story_id, term=t.term, kind=t.kind.value, weight=t.weight, last_seen_at=at)
            )
        else:
            row.weight = max(row.weight, t.weight)
            row.last_seen_at = max(row.last_seen_at, at)
    await session.flush()


@dataclass(frozen=True, slots=True)
class ArticleRows:
    claims: tuple[ClaimRow, ...]
    denials: tuple[DenialRow, ...]
    disputes: tuple[DisputeRow, ...]


async def article_rows(session: AsyncSession, article_id: int) -> ArticleRows:
    """The detection rows stored for one article (disputes where it is the disputing article)."""
    claims = await session.scalars(
        select(ClaimRow).where(ClaimRow.article_id == article_id).order_by(ClaimRow.id)
    )
    denials = await session.scalars(
        select(DenialRow).where(DenialRow.article_id == article_id).order_by(DenialRow.id)
    )
    disputes = await session.scalars(
        select(DisputeRow).where(DisputeRow.dispute_article_id == article_id).order_by(DisputeRow.id)
    )
    return ArticleRows(tuple(claims), tuple(denials), tuple(disputes))


async def earlier_story_claims(
    session: AsyncSession, story_id: int, article_id: int, limit: int = 200
) -> list[tuple[ClaimRow, Article]]:
    """Claims of the story's articles stored before ``article_id`` (the newest ``limit``), oldest first."""
    rows = await session.execute(
        select(ClaimRow, Article)
        .join(Article, ClaimRow.article_id == Article.id)
        .where(ClaimRow.story_id == story_id, ClaimRow.article_id < article_id)
        .order_by(Article.id.desc(), ClaimRow.id.desc())
        .limit(limit)
    )
    return [(claim, article) for claim, article in rows][::-1]


async def story_opener(session: AsyncSession, story_id: int, article_id: int) -> Article | None:
    """The first article of the story, if it was stored before ``article_id``."""
    result: Article | None = await session.scalar(
        select(Article)
        .where(Article.story_id == story_id, Article.id < article_id)
        .order_by(Article.id)
        .limit(1)
    )
    return result


async def existing_fingerprints(session: AsyncSession, fingerprints: Iterable[str]) -> set[str]:
    wanted = sorted(set(fingerprints))
    if not wanted:
        return set()
    found = await session.scalars(select(DisputeRow.fingerprint).where(DisputeRow.fingerprint.in_(wanted)))
    return set(found)


@dataclass(frozen=True, slots=True)
class StoryArticleView:
    article_id: int
    title: str
    url: str
    stance: str | None  # None: the article opened the story
    published_at: datetime | None
    fetched_at: datetime
    source: str | None  # the feed's title, if known


@dataclass(frozen=True, slots=True)
class StoryDetails:
    story_id: int
    title: str
    created_at: datetime
    last_article_at: datetime
    articles: tuple[StoryArticleView, ...]
    dispute_count: int


async def story_details(session: AsyncSession, story_id: int) -> StoryDetails | None:
    """Every article of a story, oldest first, with its stance, link, time and source."""
    story = await session.get(Story, story_id)
    if story is None:
        return None
    rows = await session.execute(
        select(Article, Feed.title)
        .outerjoin(Feed, Article.feed_id == Feed.id)
        .where(Article.story_id == story_id)
        .order_by(func.coalesce(Article.published_at, Article.fetched_at), Article.id)
    )
    articles = tuple(
        StoryArticleView(
            article_id=article.id,
            title=article.title,
            url=article.url,
            stance=article.stance,
            published_at=article.published_at,
            fetched_at=article.fetched_at,
            source=feed_title,
        )
        for article, feed_title in rows
    )
    disputes = await session.scalar(select(func.count(DisputeRow.id)).where(DisputeRow.story_id == story_id))
    return StoryDetails(
        story_id=story.id,
        title=story.title,
        created_at=story.created_at,
        last_article_at=story.last_article_at,
        articles=articles,
        dispute_count=int(disputes or 0),
    )

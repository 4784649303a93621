"""Story queries: the term index (candidates within a window), story rows, and story details.

Candidate lookup reads ``story_terms`` through its (term, last_seen_at) index with the article's
own terms only, and scores only the :data:`CANDIDATE_LIMIT` stories sharing the most term weight
(document frequencies are counted in SQL), so its cost does not grow with the archive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, case, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Article, ClaimRow, DenialRow, DisputeRow, Feed, Story, StoryTerm
from bot.stories.model import StoryTermWeight

# SQLite's default bound-parameter limit is 999; terms per article are capped well below it.
_CHUNK = 500
# Stories read per lookup: however many active stories share a common term ("government"), only
# the ones sharing the most term weight with the article are scored, so linking costs the same on
# a large archive as on a small one.
CANDIDATE_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Candidates:
    """The best candidate stories' shared terms, and how many active stories carry each term."""

    shared: dict[int, dict[str, float]]  # story id -> {term: weight}, shared terms only
    df: dict[str, int]  # term -> stories seen at or after ``since`` carrying it (all of them)


async def candidate_story_terms(
    session: AsyncSession, terms: Iterable[str], since: datetime, limit: int | None = None
) -> dict[int, dict[str, float]]:
    """story id -> {term: weight} for the given terms seen in a story at or after ``since``:
    the ``limit`` stories sharing the most term weight (ties: the newer story), or all of them."""
    wanted = sorted(set(terms))
    out: dict[int, dict[str, float]] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        current = (StoryTerm.term.in_(chunk), StoryTerm.last_seen_at >= since)
        query = select(StoryTerm.story_id, StoryTerm.term, StoryTerm.weight).where(*current)
        if limit is not None:
            top = (
                select(StoryTerm.story_id)
                .where(*current)
                .group_by(StoryTerm.story_id)
                .order_by(func.sum(StoryTerm.weight).desc(), StoryTerm.story_id.desc())
                .limit(limit)
                .scalar_subquery()
            )
            query = query.where(StoryTerm.story_id.in_(top))
        for story_id, term, weight in await session.execute(query):
            out.setdefault(story_id, {})[term] = weight
    if limit is not None and len(out) > limit:  # several chunks: keep the heaviest overall
        heaviest = sorted(out, key=lambda sid: (-sum(out[sid].values()), -sid))[:limit]
        out = {sid: out[sid] for sid in heaviest}
    return out


async def term_story_counts(session: AsyncSession, terms: Iterable[str], since: datetime) -> dict[str, int]:
    """term -> number of stories carrying it seen at or after ``since`` (counted in the index)."""
    wanted = sorted(set(terms))
    out: dict[str, int] = {}
    for i in range(0, len(wanted), _CHUNK):
        rows = await session.execute(
            select(StoryTerm.term, func.count())
            .where(StoryTerm.term.in_(wanted[i : i + _CHUNK]), StoryTerm.last_seen_at >= since)
            .group_by(StoryTerm.term)
        )
        out.update({term: int(n) for term, n in rows})
    return out


async def candidates(
    session: AsyncSession, terms: Iterable[str], since: datetime, limit: int = CANDIDATE_LIMIT
) -> Candidates:
    """The top ``limit`` candidate stories, with document frequencies over all active stories."""
    wanted = sorted(set(terms))
    return Candidates(
        await candidate_story_terms(session, wanted, since, limit),
        await term_story_counts(session, wanted, since),
    )


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
    """Insert new terms of a story; refresh weight (max) and last_seen_at of known ones.

    One cached upsert statement run over all terms (SQLite and PostgreSQL both have ON CONFLICT),
    instead of a read, one ORM object per term and a flush."""
    if not terms:
        return
    latest: dict[str, StoryTermWeight] = {}
    for t in terms:  # one row per term (an upsert may not touch the same row twice)
        if t.term not in latest or latest[t.term].weight < t.weight:
            latest[t.term] = t
    connection = await session.connection()
    await connection.execute(
        _term_upsert(connection.dialect.name),
        [
            {
                "story_id": story_id,
                "term": t.term,
                "kind": t.kind.value,
                "weight": t.weight,
                "last_seen_at": at,
            }
            for t in latest.values()
        ],
    )


@cache
def _term_upsert(dialect: str) -> Insert:
    """INSERT ... ON CONFLICT (story_id, term) DO UPDATE keeping the larger weight and time."""
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(StoryTerm)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[StoryTerm.story_id, StoryTerm.term],
        set_={
            "weight": case((StoryTerm.weight > new.weight, StoryTerm.weight), else_=new.weight),
            "last_seen_at": case(
                (StoryTerm.last_seen_at > new.last_seen_at, StoryTerm.last_seen_at),
                else_=new.last_seen_at,
            ),
        },
    )


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
    claims = list(
        await session.scalars(
            select(ClaimRow)
            .where(ClaimRow.story_id == story_id, ClaimRow.article_id < article_id)
            .order_by(ClaimRow.article_id.desc(), ClaimRow.id.desc())
            .limit(limit)
        )
    )
    # each article once (a join would carry an article's whole text again for each of its claims)
    ids = sorted({claim.article_id for claim in claims})
    articles: dict[int, Article] = {}
    if ids:
        found = await session.scalars(
            select(Article).where(Article.story_id == story_id, Article.id.in_(ids))
        )
        articles = {article.id: article for article in found}
    for missing in set(ids) - set(articles):  # a claim's article filed under another story
        article = await session.get(Article, missing)
        if article is not None:
            articles[missing] = article
    return [(claim, articles[claim.article_id]) for claim in claims if claim.article_id in articles][::-1]


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

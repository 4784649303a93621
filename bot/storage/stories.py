"""Story queries: the event-key index, story rows and merges, and story details.

A new article finds its neighbours through ``story_keys``: for each of its keys, rarest first, one
bounded range of the (key, seen_at) index inside the window; a key carried by more than
:data:`KEY_CAP` articles in the window is too common to be evidence and is dropped. Only the
:data:`NEIGHBOUR_LIMIT` articles sharing the most key weight have their profiles read. Nothing
here reads more rows when the archive grows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    CompoundSelect,
    Executable,
    Float,
    Integer,
    Select,
    String,
    bindparam,
    case,
    delete,
    func,
    insert,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.sql.functions import FunctionElement

from bot.storage.models import (
    Article,
    ClaimRow,
    DenialRow,
    DisputeRow,
    Feed,
    OutboxMessage,
    Story,
    StoryAlert,
    StoryKey,
)
from bot.stories.events import NORM_KEY, PROFILE_SIZE, EventKey, norm

# articles per key and window read at most; past it the key is too common: a key carried by more
# articles than one story may hold (the linker's MAX_STORY_ARTICLES) cannot single out a story.
# 100 read twice the index rows for the same stories (stories bench identical at 50, 60 and 100;
# lookup 3.1 -> 2.4 ms at 50k stored, cap 50)
KEY_CAP = 60
ANCHOR_KEYS = 8  # the article's most salient keys looked up (its rarest, most repeated)
NEIGHBOUR_LIMIT = 40  # candidate articles whose whole profile is compared
LEAD_CHARS = 4000  # what of an earlier article a cross-article comparison reads


@dataclass(frozen=True, slots=True)
class ClusterStory:
    story_id: int
    cluster_id: int | None  # None: the story is its whole cluster
    size: int  # articles


@dataclass(frozen=True, slots=True)
class Neighbour:
    article_id: int
    story_id: int
    profile: dict[str, float]  # key -> weight, for the keys it shares with the new article
    norm: float  # of its whole profile
    story: ClusterStory  # its story's cluster and size


async def neighbours(
    session: AsyncSession,
    keys: Sequence[EventKey],
    since: datetime,
    until: datetime,
    cap: int = KEY_CAP,
    limit: int = NEIGHBOUR_LIMIT,
) -> list[Neighbour]:
    """Articles seen in [since, until] sharing keys with ``keys``: the keys they share with
    ``keys`` (all of them, not only the looked-up ones) and the norm of their profile.

    One statement: the key ranges, the cap, the ranking and the profiles of the best ``limit``
    articles are all worked out in the database, so only those profiles come back."""
    profile = [k.key for k in keys][:PROFILE_SIZE]
    keys = sorted(keys, key=lambda k: (-k.weight, k.key))[:ANCHOR_KEYS]
    if not keys:
        return []
    params: dict[str, object] = {"since": since, "until": until, "cap": cap + 1, "common": cap, "best": limit}
    params.update({f"k{i}": k.key for i, k in enumerate(keys)})
    params.update({f"w{i}": k.weight for i, k in enumerate(keys)})
    # always PROFILE_SIZE + 1 wanted keys (the norm repeated): one SQL text per anchor count
    wanted = [NORM_KEY, *profile] + [NORM_KEY] * (PROFILE_SIZE - len(profile))
    params.update({f"p{i}": key for i, key in enumerate(wanted)})
    profiles: dict[int, dict[str, float]] = {}
    rank: dict[int, tuple[float, ClusterStory]] = {}
    # plain rows through the session's connection: at 50k stored some 140 rows come back, and
    # the ORM's execution path (its compile state and row loading) added 0.3-0.7 ms to a lookup
    # of about 1.8 ms
    await session.flush()  # what session.execute would autoflush
    connection = await session.connection()
    rows = await connection.execute(_lookup(len(keys)), params)
    for article_id, story_id, score, key, weight, cluster_id, size in rows:
        if article_id not in profiles:  # its story, once per article (not per key row)
            profiles[article_id] = {}
            rank[article_id] = (score, ClusterStory(story_id, cluster_id, size))
        profiles[article_id][key] = weight
    out = []
    for aid in sorted(rank, key=lambda aid: (-rank[aid][0], aid)):
        theirs = profiles[aid]
        length = theirs.pop(NORM_KEY, None)
        if length is not None:
            out.append(Neighbour(aid, rank[aid][1].story_id, theirs, length, rank[aid][1]))
    return out


@cache
def _lookup(n: int) -> Select[int, int, float, str, float, int | None, int]:
    """The candidate lookup for ``n`` anchor keys (bound parameters k0.., w0.., p0..), built and
    compiled once per ``n``: per key one bounded, newest-first range of the (key, seen_at)
    index; keys with more than ``common`` articles in the window dropped; the ``best`` articles
    by shared key weight; their keys among the new article's profile (p0..) and their norm."""
    hits = _key_ranges(n).cte("hits")
    usable = (
        select(hits.c.key).group_by(hits.c.key).having(func.count() <= bindparam("common", type_=Integer))
    )
    weight = case(
        *((bindparam(f"k{i}", type_=String), bindparam(f"w{i}", type_=Float)) for i in range(n)),
        value=hits.c.key,
        else_=0.0,
    )
    score = func.sum(weight).label("score")
    ranked = (
        select(hits.c.article_id, score)
        .where(hits.c.key.in_(usable))
        .group_by(hits.c.article_id)
        .order_by(score.desc(), hits.c.article_id)
        .limit(bindparam("best", type_=Integer))
        .subquery("ranked")
    )
    # the story of each of the few best articles, read from the article, its cluster, read by
    # the story's primary key (a join let PostgreSQL hash every story of the archive instead),
    # and its size, counted on the story_id index; materialized, so each is worked out once per
    # article, not per key row (a separate sizes subquery cost SQLite a temporary index per call)
    cluster = select(Story.cluster_id).where(Story.id == Article.story_id).scalar_subquery()
    member = aliased(Article)
    size = select(func.count()).where(member.story_id == Article.story_id).scalar_subquery()
    best = (
        select(
            ranked.c.article_id,
            Article.story_id,
            ranked.c.score,
            cluster.label("cluster_id"),
            size.label("size"),
        )
        .join(Article, Article.id == ranked.c.article_id)
        .where(Article.story_id.is_not(None))
        .cte("best")
        .prefix_with("MATERIALIZED")
    )
    # stories are joined to the few best articles, not to each of their key rows
    return (
        select(
            StoryKey.article_id,
            best.c.story_id,
            best.c.score,
            StoryKey.key,
            StoryKey.weight,
            best.c.cluster_id,
            best.c.size,
        )
        .select_from(best)
        .join(StoryKey, StoryKey.article_id == best.c.article_id)
        # each candidate's keys are read as one range of (article_id, key, weight) and filtered:
        # as an index constraint SQLite made one seek per wanted key, 1,000 per lookup (the key is
        # kept out of the index constraint; same rows; 0.87 -> 0.79 ms per lookup at 50k stored,
        # warm; PostgreSQL plans the same index-only scan either way)
        .where(
            _not_indexed(StoryKey.key).in_(
                [bindparam(f"p{i}", type_=String) for i in range(PROFILE_SIZE + 1)]
            )
        )
    )


class _not_indexed(FunctionElement[str]):
    """A column the planner must not use an index for: ``+key`` on SQLite (its documented way;
    it was ``key || ''``, which built a new string for each of the ~1,000 rows filtered per
    lookup: 0.76 -> 0.69 ms per lookup at 50k stored, raw SQL, warm), the column elsewhere."""

    inherit_cache = True
    type = String()


@compiles(_not_indexed)
def _not_indexed_default(element: _not_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_not_indexed, "sqlite")
def _not_indexed_sqlite(element: _not_indexed, compiler: SQLCompiler, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


@cache
def _key_ranges(n: int) -> CompoundSelect[int, str]:  # row: article, key
    """One bounded, newest-first range of the (key, seen_at) index per key (bound parameters
    k0..k{n-1})."""
    since: BindParameter[datetime] = bindparam("since")
    until: BindParameter[datetime] = bindparam("until")
    cap: BindParameter[int] = bindparam("cap", type_=Integer)
    return union_all(
        *(
            select(StoryKey.article_id, StoryKey.key)
            .where(
                StoryKey.key == bindparam(f"k{i}", type_=String),
                StoryKey.seen_at >= since,
                StoryKey.seen_at <= until,
            )
            .order_by(StoryKey.seen_at.desc())
            .limit(cap)
            .subquery()
            .select()
            for i in range(n)
        )
    )


async def add_story_keys(
    session: AsyncSession, article_id: int, keys: Sequence[EventKey], at: datetime
) -> None:
    """The article's profile and its norm, in one multi-row INSERT."""
    if keys:
        rows = [*keys, EventKey(NORM_KEY, norm({k.key: k.weight for k in keys}))]
        await session.execute(
            insert(StoryKey),
            [{"article_id": article_id, "key": k.key, "weight": k.weight, "seen_at": at} for k in rows],
        )


async def cluster_stories(session: AsyncSession, story_ids: Iterable[int]) -> list[ClusterStory]:
    """The stories of the clusters of ``story_ids`` (themselves and, for a cluster cut into
    several stories, the other parts) with their article counts, in one statement."""
    wanted = sorted(set(story_ids))
    mates = select(Story.cluster_id).where(Story.id.in_(wanted), Story.cluster_id.is_not(None))
    # two branches, each through its own index (an OR of both would scan every story)
    ids = union(
        select(Story.id).where(Story.id.in_(wanted)), select(Story.id).where(Story.cluster_id.in_(mates))
    )
    size = select(func.count()).where(Article.story_id == Story.id).scalar_subquery()
    rows = await session.execute(
        select(Story.id, Story.cluster_id, size).where(Story.id.in_(ids.scalar_subquery())).order_by(Story.id)
    )
    return [ClusterStory(int(sid), cid, int(n)) for sid, cid, n in rows]


_REPOINTED = (Article, ClaimRow, DisputeRow, OutboxMessage)


async def merge_stories(session: AsyncSession, keep: int, others: Sequence[int]) -> None:
    """Fold ``others`` into ``keep``: one article bridged them, so they report one event, and
    ``keep`` is now its whole cluster. One statement per table, each through a story_id index.

    A chat alerted about both keeps the alert of the story that survives."""
    gone = sorted(set(others) - {keep})
    if not gone:
        return
    # built once, run on the session's connection: each ORM UPDATE built anew cost some 0.3 ms
    # besides its SQL (a merge's 8 took 6-7 ms at 50k stored on SQLite); the objects of the
    # session are told what changed afterwards, in one pass
    await session.flush()
    connection = await session.connection()
    statements = _merge_statements()
    for statement in statements.repoint:
        await connection.execute(statement, {"keep": keep, "gone": gone})
    await _fold_alerts(connection, keep, gone)
    await connection.execute(statements.span, {"keep": keep, "everyone": [keep, *gone]})
    await connection.execute(statements.drop, {"gone": gone})
    _merged_in_session(session, keep, set(gone))


@dataclass(frozen=True, slots=True)
class _MergeStatements:
    repoint: tuple[Executable, ...]  # rows of the gone stories to ``keep``
    span: Executable  # ``keep``'s times over all the merged stories; no cluster any more
    drop: Executable  # the gone stories
    drop_alerts: Executable  # alerts of gone stories for chats ``keep`` already alerted
    move_alerts: Executable  # the other alerts of gone stories, to ``keep``


@cache
def _merge_statements() -> _MergeStatements:
    """The statements of a merge (bound parameters keep, gone, everyone), built once."""
    keep: BindParameter[int] = bindparam("keep", type_=Integer)
    gone: BindParameter[list[int]] = bindparam("gone", expanding=True)
    other = aliased(Story)

    def over(column: Any) -> Any:
        return select(column).where(other.id.in_(bindparam("everyone", expanding=True))).scalar_subquery()

    kept = aliased(StoryAlert)
    return _MergeStatements(
        repoint=tuple(update(m).where(m.story_id.in_(gone)).values(story_id=keep) for m in _REPOINTED),
        span=update(Story)
        .where(Story.id == keep)
        .values(
            created_at=over(func.min(other.created_at)),
            updated_at=over(func.max(other.updated_at)),
            last_article_at=over(func.max(other.last_article_at)),
            cluster_id=None,
        ),
        drop=delete(Story).where(Story.id.in_(gone)),
        drop_alerts=delete(StoryAlert).where(
            StoryAlert.story_id.in_(gone),
            StoryAlert.chat_id.in_(select(kept.chat_id).where(kept.story_id == keep).scalar_subquery()),
        ),
        move_alerts=update(StoryAlert).where(StoryAlert.story_id.in_(gone)).values(story_id=keep),
    )


def _merged_in_session(session: AsyncSession, keep: int, gone: set[int]) -> None:
    """What a merge's statements changed, told to the objects this session holds: rows of the
    gone stories point at ``keep`` (committed values: nothing to write back), and the gone
    stories and their alerts (some of them deleted) leave the session. ``keep``'s times are left
    as loaded, as the ORM update of them always left them (expired, they would be loaded on
    access, which async code cannot do implicitly)."""
    for state in list(session.sync_session.identity_map.all_states()):
        obj = state.obj()
        # loaded values only: an expired attribute is read from the database when wanted (and
        # reading it here would be I/O the async session cannot do implicitly)
        story_id = state.dict.get("story_id")
        if isinstance(obj, _REPOINTED) and story_id in gone:
            set_committed_value(obj, "story_id", keep)
        elif (isinstance(obj, StoryAlert) and story_id in gone) or (
            isinstance(obj, Story) and state.identity is not None and state.identity[0] in gone
        ):
            session.expunge(obj)


async def _fold_alerts(connection: AsyncConnection, keep: int, gone: Sequence[int]) -> None:
    """Story alerts of ``gone`` move to ``keep``, except for chats ``keep`` already alerted."""
    statements = _merge_statements()
    await connection.execute(statements.drop_alerts, {"keep": keep, "gone": list(gone)})
    await connection.execute(statements.move_alerts, {"keep": keep, "gone": list(gone)})


@dataclass(frozen=True, slots=True)
class ProfileRow:
    article_id: int
    story_id: int | None  # the article's (read by story: always set)
    key: str
    weight: float
    seen_at: datetime


async def cluster_profiles(session: AsyncSession, story_ids: Iterable[int]) -> list[ProfileRow]:
    """Every stored key of the articles of ``story_ids`` (their articles through the story_id
    index, then their keys through the article index)."""
    member = aliased(Article)
    of_stories = select(member.id).where(member.story_id.in_(sorted(set(story_ids))))
    rows = await session.execute(
        select(StoryKey.article_id, Article.story_id, StoryKey.key, StoryKey.weight, StoryKey.seen_at)
        .join(Article, Article.id == StoryKey.article_id)
        .where(StoryKey.article_id.in_(of_stories))
        .order_by(StoryKey.article_id, StoryKey.key)
    )
    return [ProfileRow(*row) for row in rows]


async def move_articles(session: AsyncSession, moves: Mapping[int, Sequence[int]]) -> None:
    """Articles (with their claims and disputes) to other stories: story id -> article ids.
    One statement per table and story."""
    for story_id, article_ids in sorted(moves.items()):
        ids = sorted(article_ids)
        if not ids:
            continue
        await session.execute(update(Article).where(Article.id.in_(ids)).values(story_id=story_id))
        await session.execute(update(ClaimRow).where(ClaimRow.article_id.in_(ids)).values(story_id=story_id))
        await session.execute(
            update(DisputeRow).where(DisputeRow.dispute_article_id.in_(ids)).values(story_id=story_id)
        )


async def retire_story(session: AsyncSession, gone: int, heir: int) -> None:
    """A story left without articles by a cut: its alerts and outbox rows go to ``heir``."""
    await session.flush()
    connection = await session.connection()  # as merge_stories: the session is told after
    await connection.execute(
        update(OutboxMessage).where(OutboxMessage.story_id == gone).values(story_id=heir)
    )
    await _fold_alerts(connection, heir, [gone])
    await connection.execute(_merge_statements().drop, {"gone": [gone]})
    _merged_in_session(session, heir, {gone})


async def set_cluster(session: AsyncSession, story_ids: Sequence[int], cluster_id: int | None) -> None:
    """The parts of one cut cluster share its id; times follow each story's articles."""
    ids = sorted(set(story_ids))
    first = func.min(func.coalesce(Article.published_at, Article.fetched_at))
    last = func.max(func.coalesce(Article.published_at, Article.fetched_at))
    mine = Article.story_id == Story.id
    await session.execute(
        update(Story)
        .where(Story.id.in_(ids))
        .values(
            cluster_id=cluster_id,
            created_at=func.coalesce(select(first).where(mine).scalar_subquery(), Story.created_at),
            last_article_at=func.coalesce(select(last).where(mine).scalar_subquery(), Story.last_article_at),
        )
        .execution_options(synchronize_session=False)
    )


async def article_titles(session: AsyncSession, article_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(article_ids))
    rows = await session.execute(select(Article.id, Article.title).where(Article.id.in_(wanted)))
    return {int(aid): str(title) for aid, title in rows}


async def create_story(session: AsyncSession, title: str, at: datetime) -> Story:
    story = Story(title=title[:1024] or "(untitled)", created_at=at, updated_at=at, last_article_at=at)
    session.add(story)
    await session.flush()
    return story


async def set_article_story(
    session: AsyncSession, article_id: int, story_id: int, claims: bool = True, disputes: bool = True
) -> None:
    """The article's claims and the disputes it raised join its story: one statement each, none
    for what the article does not have."""
    if claims:
        await session.execute(
            update(ClaimRow).where(ClaimRow.article_id == article_id).values(story_id=story_id),
            execution_options={"synchronize_session": False},
        )
    if disputes:
        await session.execute(
            update(DisputeRow).where(DisputeRow.dispute_article_id == article_id).values(story_id=story_id),
            execution_options={"synchronize_session": False},
        )


async def retitle_story(session: AsyncSession, story_id: int, title: str) -> None:
    await session.execute(
        update(Story).where(Story.id == story_id).values(title=title[:1024] or "(untitled)")
    )


async def touch_story(session: AsyncSession, story_id: int, at: datetime) -> None:
    """The story's latest article time moves forward (never back: arrival order is free)."""
    await session.execute(
        update(Story)
        .where(Story.id == story_id)
        .values(
            updated_at=case((Story.updated_at < at, at), else_=Story.updated_at),
            last_article_at=case((Story.last_article_at < at, at), else_=Story.last_article_at),
        )
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


@dataclass(frozen=True, slots=True)
class SourceLead:
    """What a cross-article comparison reads of an earlier article: its headline and lead."""

    id: int
    title: str
    url: str
    lead: str


@dataclass(frozen=True, slots=True)
class EarlierClaim:
    """What cross-article comparison reads of an earlier claim (plain columns, no ORM object)."""

    id: int
    article_id: int
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    figure_text: str
    counted: str
    claimant: str | None
    sentence: str
    sentence_start: int
    sentence_end: int


_EARLIER_COLUMNS = (
    ClaimRow.id,
    ClaimRow.article_id,
    ClaimRow.value,
    ClaimRow.low,
    ClaimRow.high,
    ClaimRow.unit,
    ClaimRow.figure_text,
    ClaimRow.counted,
    ClaimRow.claimant,
    ClaimRow.sentence,
    ClaimRow.sentence_start,
    ClaimRow.sentence_end,
)


async def earlier_story_claims(
    session: AsyncSession, story_id: int, article_id: int, limit: int = 24
) -> list[EarlierClaim]:
    """One claim per distinct figure (value range, unit) of the story's articles stored before
    ``article_id``: its earliest attributed mention, else its earliest; the ``limit`` earliest
    stated figures, oldest first. The choice is made in the database, so only those rows come
    back, however many times the story repeats its figures."""
    await session.flush()  # what session.execute would autoflush
    connection = await session.connection()  # plain rows: no ORM loading (see neighbours)
    rows = await connection.execute(
        _earlier_claims(), {"story": story_id, "before": article_id, "earliest": limit}
    )
    return [EarlierClaim(*tuple(row)) for row in rows]


@cache
def _earlier_claims() -> Executable:
    """The statement of :func:`earlier_story_claims` (bound parameters story, before, earliest),
    built once: every article that joins a story runs it."""
    story: BindParameter[int] = bindparam("story", type_=Integer)
    attributed = func.min(case((ClaimRow.claimant.is_not(None), ClaimRow.id)))
    chosen = (
        select(func.coalesce(attributed, func.min(ClaimRow.id)))
        .where(ClaimRow.story_id == story, ClaimRow.article_id < bindparam("before", type_=Integer))
        .group_by(ClaimRow.value, ClaimRow.low, ClaimRow.high, ClaimRow.unit)
    )
    return (
        select(*_EARLIER_COLUMNS)
        # the story filter again outside: without it PostgreSQL scans every claim of the archive
        # to match the chosen ids (a hash semi join; 3.0 -> 0.7 ms at 5,000 claims, and growing)
        .where(ClaimRow.story_id == story, ClaimRow.id.in_(chosen.scalar_subquery()))
        .order_by(ClaimRow.article_id, ClaimRow.id)
        .limit(bindparam("earliest", type_=Integer))
    )


async def source_leads(session: AsyncSession, article_ids: Iterable[int]) -> dict[int, SourceLead]:
    """Headline and the first :data:`LEAD_CHARS` characters of each article (never whole texts)."""
    wanted = sorted(set(article_ids))
    if not wanted:
        return {}
    body = func.substr(func.coalesce(func.nullif(Article.text, ""), Article.summary), 1, LEAD_CHARS)
    rows = await session.execute(
        select(Article.id, Article.title, Article.url, body).where(Article.id.in_(wanted))
    )
    return {aid: SourceLead(aid, title, url, lead or "") for aid, title, url, lead in rows}


async def story_opener(session: AsyncSession, story_id: int, article_id: int) -> str | None:
    """The headline of the story's first article, if it was stored before ``article_id``."""
    result: str | None = await session.scalar(
        select(Article.title)
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

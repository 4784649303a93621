"""Several processes analysing stored articles: each article is analysed by one of them, once."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.detect import detect
from bot.detect.model import ArticleInput, Detection
from bot.ingest.analyse import Analyser
from bot.pipeline import PipelineContext
from bot.settings import Settings
from bot.storage.models import Article

Factory = async_sessionmaker[AsyncSession]


class CountingDetector:
    """The real detector, counting which articles it was asked about."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __call__(self, article: ArticleInput) -> Detection:
        self.calls[article.id] += 1
        return detect(article)


async def store_articles(session_factory: Factory, clock: FakeClock, count: int) -> list[int]:
    async with session_factory() as session, session.begin():
        articles = [
            Article(
                url=f"http://desk.test/{n}",
                url_hash=f"{n:064d}",
                title=f"Canal repairs, part {n}",
                text=f"The canal board said {100 + n} locks needed repairs; boatmen said fewer did.",
                fetched_at=clock.now(),
            )
            for n in range(count)
        ]
        session.add_all(articles)
        await session.flush()
        return [a.id for a in articles]


def analyser(
    session_factory: Factory, settings: Settings, clock: FakeClock, detector: CountingDetector
) -> Analyser:
    pipeline = PipelineContext(clock=clock, detect=True, detector=detector)
    return Analyser(session_factory, pipeline, settings, clock)


async def unanalysed(session_factory: Factory) -> list[tuple[int, int, bool]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(Article.id, Article.analysis_attempts, Article.analysis_lease_until.is_not(None)).where(
                Article.processed.is_(False)
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_a_process_resuming_never_analyses_what_another_is_analysing(
    db_session_factory: Factory, settings: Settings
) -> None:
    clock = FakeClock()
    ids = await store_articles(db_session_factory, clock, 6)
    detector = CountingDetector()
    storing = analyser(db_session_factory, settings, clock, detector)  # stored them, analyses them
    other = analyser(db_session_factory, settings, clock, detector)  # a second worker's job starting
    try:
        storing.submit(ids)
        await asyncio.gather(other.resume(), storing.drain())
        await other.drain()
    finally:
        await storing.close()
        await other.close()
    assert detector.calls == Counter({str(i): 1 for i in ids})  # each analysed once, by one of them
    assert await unanalysed(db_session_factory) == []
    async with db_session_factory() as session:
        leases = (await session.scalars(select(Article.analysis_lease_until))).all()
    assert set(leases) == {None}  # finished analyses hold no lease


async def test_the_articles_of_a_dead_process_are_resumed_once_its_lease_expires(
    db_session_factory: Factory, settings: Settings
) -> None:
    clock = FakeClock()
    [article_id] = await store_articles(db_session_factory, clock, 1)
    # A process claimed it and was killed mid-analysis: attempt counted, lease left behind.
    async with db_session_factory() as session, session.begin():
        await session.execute(
            update(Article)
            .where(Article.id == article_id)
            .values(analysis_attempts=1, analysis_lease_until=clock.now() + timedelta(seconds=60))
        )
    detector = CountingDetector()
    survivor = analyser(db_session_factory, settings, clock, detector)
    try:
        assert await survivor.resume() == 0  # maybe still alive: leave it
        clock.advance(61)
        assert await survivor.resume() == 1  # its lease ran out: the process is gone
        await survivor.drain()
    finally:
        await survivor.close()
    assert detector.calls == Counter({str(article_id): 1})
    assert await unanalysed(db_session_factory) == []


async def test_renewing_leases_skips_the_rows_being_stored(
    db_session_factory: Factory, settings: Settings
) -> None:
    clock = FakeClock()
    ids = await store_articles(db_session_factory, clock, 3)
    live = analyser(db_session_factory, settings, clock, CountingDetector())
    live._analysing.update(ids)  # as after its claim: the detector is running on them
    try:
        async with db_session_factory() as storing, storing.begin():
            # This process's own store transaction holds the first article's row. The renewal must
            # not wait for it (holding the others meanwhile was a deadlock on PostgreSQL).
            await storing.execute(select(Article.id).where(Article.id == ids[0]).with_for_update())
            if db_session_factory.kw["bind"].dialect.name == "postgresql":
                async with asyncio.timeout(10):
                    assert await live.renew_leases() == 2
        assert await live.renew_leases() == 3  # once stored, all of them again
    finally:
        live._analysing.clear()
        await live.close()

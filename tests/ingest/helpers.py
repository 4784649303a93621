"""Small helpers shared by the ingestion tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FakeClock
from bot.ingest.poller import Poller
from bot.pipeline import Detector, PipelineContext
from bot.settings import Settings
from bot.storage.feeds import add_feed
from bot.storage.models import Article, Feed

Factory = async_sessionmaker[AsyncSession]


async def add_feeds(session_factory: Factory, *urls: str) -> list[int]:
    ids = []
    async with session_factory() as session, session.begin():
        for url in urls:
            feed, _ = await add_feed(session, url, source="file")
            ids.append(feed.id)
    return ids


def make_poller(
    session_factory: Factory,
    client: httpx.AsyncClient,
    settings: Settings,
    clock: FakeClock,
    *,
    detect: bool = False,
    detector: Detector | None = None,
) -> Poller:
    pipeline = PipelineContext(clock=clock, detect=detect)
    if detector is not None:
        pipeline = replace(pipeline, detector=detector)
    return Poller(
        session_factory=session_factory,
        client=client,
        settings=settings,
        clock=clock,
        pipeline=pipeline,
    )


async def get_feed_row(session_factory: Factory, feed_id: int) -> Feed:
    async with session_factory() as session:
        feed = await session.get(Feed, feed_id)
        assert feed is not None
        return feed


async def count(session_factory: Factory, model: Any) -> int:
    async with session_factory() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def articles(session_factory: Factory) -> list[Article]:
    async with session_factory() as session:
        return list((await session.execute(select(Article).order_by(Article.id))).scalars())

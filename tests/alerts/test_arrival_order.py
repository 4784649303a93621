"""The same articles give the same alerts whatever order they arrive in (50 random orders).

Real pipeline (rule detector, storage, story linking, alert rendering) on SQLite, over the Orun,
Calder and Kessel stories of tests/fakes/alert_feed.py plus ordinary news. Each story's final
alert text is compared with the one the chronological order gives.
"""

from __future__ import annotations

import functools
import hashlib
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakes.alert_feed import BRIDGE, CALDER, ORDINARY, ORUN
from fakes.alert_feed import Article as FeedArticle
from sqlalchemy import select

from bot.alerts.format import format_alert
from bot.clock import FakeClock
from bot.detect.rules import rule_detect
from bot.pipeline import PipelineContext, process_article
from bot.storage.db import create_engine, create_schema, make_session_factory
from bot.storage.evidence import story_view
from bot.storage.models import Article, DisputeRow

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
ARTICLES: tuple[FeedArticle, ...] = (*ORUN, *CALDER, *BRIDGE, *ORDINARY[:3])
ORDERS = 50
# The test is about alerts, not detection: the rule detector finds these plainly stated disputes
# the same way every time. It is a pure function of the text: run once per article, not per order.
_detect = functools.lru_cache(maxsize=None)(rule_detect)


async def final_alerts(order: list[FeedArticle], tmp: Path) -> frozenset[str]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp}")
    await create_schema(engine)
    sessions = make_session_factory(engine)
    ctx = PipelineContext(clock=FakeClock(T0 + timedelta(days=1)), detector=_detect)
    try:
        async with sessions() as session, session.begin():
            for slug, minutes, title, text in order:
                url = f"https://news.example/{slug}"
                at = T0 + timedelta(minutes=minutes)
                article = Article(
                    url=url,
                    url_hash=hashlib.sha256(url.encode()).hexdigest(),
                    title=title,
                    text=text,
                    published_at=at,
                    fetched_at=at,
                )
                session.add(article)
                await session.flush()
                await process_article(session, article, ctx)
        texts = set()
        async with sessions() as session:
            stories = set(
                await session.scalars(select(DisputeRow.story_id).where(DisputeRow.story_id.is_not(None)))
            )
            for story_id in stories:
                view = await story_view(session, story_id, [])
                rendered = format_alert(view) if view is not None else None
                if rendered is not None:
                    texts.add(rendered.text)
        return frozenset(texts)
    finally:
        await engine.dispose()


@pytest.mark.slow
async def test_any_arrival_order_gives_the_same_alerts(tmp_path: Path) -> None:
    chronological = await final_alerts(sorted(ARTICLES, key=lambda a: a[1]), tmp_path / "base.db")
    assert len(chronological) == 3  # Orun, Calder, Kessel
    rng = random.Random(12)
    for n in range(ORDERS):
        order = list(ARTICLES)
        rng.shuffle(order)
        got = await final_alerts(order, tmp_path / f"order{n}.db")
        assert got == chronological, f"order {n}: {[slug for slug, *_ in order]}"

"""What happens to each newly stored article, inside the unit of work that stored it.

    process_article: detect -> store_detection -> (stories: link_article) -> (alerts: enqueue_alerts)

Each step takes the :class:`ProcessedArticle` built so far and returns it (or an updated copy),
so adding a step is one line in :func:`process_article`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import bot.detect
from bot.alerts.enqueue import enqueue_alerts
from bot.clock import Clock, SystemClock
from bot.detect.model import ArticleInput, Detection
from bot.settings import Settings
from bot.storage.detections import StoredDetection, store_detection
from bot.storage.models import Article
from bot.stories.linker import DEFAULT_WINDOW, LinkResult, link_article

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PipelineContext:
    """What the steps need besides the session. Add fields (with defaults) for new steps."""

    clock: Clock = field(default_factory=SystemClock)
    detect: bool = True  # off in the poll benchmark: measures ingestion alone
    story_window: timedelta = DEFAULT_WINDOW  # settings.story_window: how far back stories are joined

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock, *, detect: bool = True) -> PipelineContext:
        return cls(clock=clock, detect=detect, story_window=timedelta(seconds=settings.story_window))


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    article: Article
    detection: Detection | None = None  # None when detection is off or failed
    stored: StoredDetection | None = None
    linked: LinkResult | None = None  # story, stance and new cross-article disputes


async def _link(
    session: AsyncSession, article: Article, stored: StoredDetection, ctx: PipelineContext
) -> LinkResult | None:
    """Story linking in a savepoint: a failure there loses the story link, never the article."""
    try:
        async with session.begin_nested():
            return await link_article(session, article, stored, window=ctx.story_window, clock=ctx.clock)
    except Exception:
        log.exception("story linking failed on article %s (%s)", article.id, article.url)
        await session.refresh(article)  # the savepoint rollback expired it
        return None


def article_input(article: Article) -> ArticleInput:
    return ArticleInput(id=str(article.id), title=article.title, text=article.text or article.summary)


async def process_article(session: AsyncSession, article: Article, ctx: PipelineContext) -> ProcessedArticle:
    """Run the detector on a freshly stored ``article`` and store its findings (no commit here)."""
    result = ProcessedArticle(article)
    if not ctx.detect:
        return result
    try:
        detection = bot.detect.detect(article_input(article))
    except Exception:
        # A detector bug must not lose the article or stop the feed: it stays unprocessed.
        log.exception("detector failed on article %s (%s)", article.id, article.url)
        return result
    stored = await store_detection(session, article, detection)
    article.processed = True
    linked = await _link(session, article, stored, ctx)
    # Alerts: outbox rows in this same unit of work (cross-article disputes alert like in-article ones).
    cross = linked.disputes if linked is not None else ()
    await enqueue_alerts(session, [*stored.new_disputes, *cross], now=ctx.clock.now())
    return ProcessedArticle(article, detection, stored, linked)

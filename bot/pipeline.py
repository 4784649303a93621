"""What happens to each newly stored article, inside the unit of work that stored it.

    process_article: detect -> store_detection -> (stories: link_article) -> (alerts: enqueue_alerts)

Each step takes the :class:`ProcessedArticle` built so far and returns it (or an updated copy),
so adding a step is one line in :func:`process_article`.

The detector is CPU work: the poller runs it with :func:`detect_many` in its worker processes
before it opens the write transaction, and hands each result to :func:`process_article`, so
neither the event loop nor a database transaction waits for it. Callers without a precomputed
result (tests, CLI) get it computed inline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

import bot.detect
from bot.alerts.enqueue import enqueue_alerts
from bot.clock import Clock, SystemClock
from bot.detect.model import ArticleInput, Detection
from bot.settings import Settings
from bot.stance import prepare_text
from bot.storage.detections import StoredDetection, store_detection
from bot.storage.models import Article
from bot.stories.events import detection_keys
from bot.stories.linker import DEFAULT_WINDOW, LinkResult, link_article

log = logging.getLogger(__name__)

Detector = Callable[[ArticleInput], Detection]  # module-level, so it pickles to a worker process


@dataclass(frozen=True, slots=True)
class PipelineContext:
    """What the steps need besides the session. Add fields (with defaults) for new steps."""

    clock: Clock = field(default_factory=SystemClock)
    detect: bool = True  # off in the poll benchmark: measures ingestion alone
    story_window: timedelta = DEFAULT_WINDOW  # settings.story_window: how far back stories are joined
    detector: Detector = bot.detect.detect  # tests inject slow or failing ones

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock, *, detect: bool = True) -> PipelineContext:
        return cls(clock=clock, detect=detect, story_window=timedelta(seconds=settings.story_window))


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    article: Article
    detection: Detection | None = None  # None when detection is off or failed
    stored: StoredDetection | None = None
    linked: LinkResult | None = None  # story, stance and new cross-article disputes


@dataclass(frozen=True, slots=True)
class DetectFailure:
    """The detector raised (or its worker process died) on one article: the message, for the log."""

    error: str


DetectResult = Detection | DetectFailure


def detect_one(detector: Detector, article: ArticleInput) -> DetectResult:
    """``detector(article)``, with a crash turned into a :class:`DetectFailure` for this article."""
    try:
        found = detector(article)
        # story keys and the stance function's text here too: in a worker process, not in the
        # write transaction
        return replace(
            found, event_keys=detection_keys(article, found), stance_text=prepare_text(article.document)
        )
    except Exception as exc:  # a detector bug on one hostile article must not cost the others
        return DetectFailure(f"{type(exc).__name__}: {exc}"[:1000])


def detect_many(detector: Detector, articles: Sequence[ArticleInput]) -> tuple[DetectResult, ...]:
    """Worker-process entry point: one result per article, in order (all picklable), each with
    its story event keys."""
    return tuple(detect_one(detector, a) for a in articles)


async def _link(
    session: AsyncSession, article: Article, stored: StoredDetection, ctx: PipelineContext, found: Detection
) -> LinkResult | None:
    """Story linking in a savepoint: a failure there loses the story link, never the article."""
    try:
        async with session.begin_nested():
            return await link_article(
                session,
                article,
                stored,
                window=ctx.story_window,
                clock=ctx.clock,
                entities=found.entities,
                keys=found.event_keys,
                stance_text=found.stance_text,
            )
    except Exception:
        log.exception("story linking failed on article %s (%s)", article.id, article.url)
        await session.refresh(article)  # the savepoint rollback expired it
        return None


def article_input(article: Article) -> ArticleInput:
    return input_for(str(article.id), article.title, article.summary, article.text)


def input_for(article_id: str, title: str, summary: str, text: str) -> ArticleInput:
    """What the detector reads of an article (also before it is stored, from its feed entry)."""
    return ArticleInput(id=article_id, title=title, text=text or summary)


async def process_article(
    session: AsyncSession,
    article: Article,
    ctx: PipelineContext,
    *,
    detection: DetectResult | None = None,
) -> ProcessedArticle:
    """Store the findings of the detector on a freshly stored ``article`` (no commit here).

    ``detection`` is the result computed ahead for exactly this title and text (see
    :func:`detect_many`); without it the detector runs here, on the caller's thread.
    """
    result = ProcessedArticle(article)
    if not ctx.detect:
        return result
    outcome = detection if detection is not None else detect_one(ctx.detector, article_input(article))
    if isinstance(outcome, DetectFailure):
        # Nothing else is lost: the article stays stored with processed=False, to retry or inspect.
        log.error("detector failed on article %s (%s): %s", article.id, article.url, outcome.error)
        return result
    found = replace(outcome, article_id=str(article.id))  # computed before the article had an id
    stored = await store_detection(session, article, found)
    article.processed = True
    linked = await _link(session, article, stored, ctx, found)
    # Alerts: outbox rows in this same unit of work (cross-article disputes alert like in-article ones).
    cross = linked.disputes if linked is not None else ()
    for found_now in (*stored.new_disputes, *cross):
        found_now.created_at = ctx.clock.now()  # digests window on the pipeline's (injectable) clock
    await enqueue_alerts(session, [*stored.new_disputes, *cross], now=ctx.clock.now())
    return ProcessedArticle(article, found, stored, linked)

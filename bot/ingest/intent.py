"""What a poll changes on its feed, decided by pure functions over frozen values.

The poller reads a :class:`FeedState`, calls :func:`success_intent` or :func:`error_intent`, and
hands the :class:`FeedUpdateIntent` to storage (``bot.storage.feeds.apply_update``), which
writes it; nothing here touches the database or the clock (lemon24/reader's ``FeedUpdateIntent``
pattern). A permanent redirect is part of the intent; whether the new URL is free is a database
question, so storage answers it when it applies the move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.errors import ClaimwatchError, FeedGoneError, RetryLaterError
from bot.ingest.http import FetchResult
from bot.ingest.parse import ParsedFeed
from bot.ingest.schedule import Policy, PollResult, decide

GONE_REASON = "the server answered 410 Gone"


@dataclass(frozen=True, slots=True)
class FeedState:
    """The stored columns a poll's decision depends on."""

    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    error_count: int
    min_interval: int | None
    error_since: datetime | None


@dataclass(frozen=True, slots=True)
class ContentUpdate:
    """A usable answer (200 or 304): validators, what the feed says about itself."""

    etag: str | None
    last_modified: str | None
    last_success_at: datetime
    title: str | None = None  # None (and the rest below): a 304 leaves them as they are
    site_url: str | None = None
    last_warning: str | None = None
    parsed: bool = False  # a 200 with a feed: title, site, warning and backlog_done are set


@dataclass(frozen=True, slots=True)
class FeedUpdateIntent:
    """Every column one poll changes on its feed."""

    next_poll_at: datetime
    min_interval: int | None
    error_count: int
    last_error: str | None
    error_since: datetime | None
    last_polled_at: datetime
    content: ContentUpdate | None = None  # None: the poll failed
    moved_to: str | None = None  # every redirect hop was permanent: follow it
    disabled_reason: str | None = None  # set: the feed is disabled (410 Gone)

    @property
    def failed(self) -> bool:
        return self.content is None


def success_intent(
    policy: Policy, now: datetime, state: FeedState, fetched: FetchResult, parsed: ParsedFeed | None
) -> FeedUpdateIntent:
    """A 200 with a feed (``parsed``) or a 304: back on the regular schedule, errors cleared."""
    decision = decide(
        policy,
        now,
        PollResult(ok=True, ttl=parsed.ttl if parsed else None, max_age=fetched.max_age),
        error_count=state.error_count,
        min_interval=state.min_interval,
    )
    if fetched.not_modified:
        # A 304 may repeat or refresh the validators; never forget the ones we have.
        content = ContentUpdate(
            etag=fetched.validators.etag or state.etag,
            last_modified=fetched.validators.last_modified or state.last_modified,
            last_success_at=now,
        )
    else:
        content = ContentUpdate(
            etag=fetched.validators.etag,
            last_modified=fetched.validators.last_modified,
            last_success_at=now,
        )
    if parsed is not None:
        content = ContentUpdate(
            etag=content.etag,
            last_modified=content.last_modified,
            last_success_at=now,
            title=state.title or (parsed.title[:512] if parsed.title else None),
            site_url=parsed.site_url[:2048] if parsed.site_url else state.site_url,
            last_warning=parsed.warning,
            parsed=True,
        )
    return FeedUpdateIntent(
        next_poll_at=decision.next_poll_at,
        min_interval=decision.min_interval,
        error_count=0,
        last_error=None,
        error_since=None,
        last_polled_at=now,
        content=content,
        moved_to=fetched.moved_to[:2048] if fetched.moved_to else None,
    )


def error_intent(policy: Policy, now: datetime, state: FeedState, error: ClaimwatchError) -> FeedUpdateIntent:
    """A failed poll: backed off (never sooner than Retry-After), the error kept; 410 disables."""
    retry_after = error.retry_after if isinstance(error, RetryLaterError) else None
    decision = decide(
        policy,
        now,
        PollResult(ok=False, retry_after=retry_after),
        error_count=state.error_count,
        min_interval=state.min_interval,
    )
    return FeedUpdateIntent(
        next_poll_at=decision.next_poll_at,
        min_interval=state.min_interval,
        error_count=decision.error_count,
        last_error=str(error) or type(error).__name__,
        error_since=state.error_since or now,
        last_polled_at=now,
        disabled_reason=GONE_REASON if isinstance(error, FeedGoneError) else None,
    )

"""The poll's decision about its feed: pure functions, no database, no clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.errors import FeedGoneError, FetchError, RetryLaterError
from bot.ingest.http import FetchResult, Validators
from bot.ingest.intent import GONE_REASON, FeedState, error_intent, success_intent
from bot.ingest.parse import ParsedFeed
from bot.ingest.schedule import Policy

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
POLICY = Policy(interval=300, max_backoff=3600)
STATE = FeedState(
    title="Harbour Gazette",
    site_url="https://gazette.example/",
    etag='"v1"',
    last_modified="Sun, 01 Mar 2026 07:00:00 GMT",
    error_count=3,
    min_interval=None,
    error_since=NOW - timedelta(hours=2),
)


def parsed(
    *, title: str | None = "Gazette feed", ttl: int | None = None, warning: str | None = None
) -> ParsedFeed:
    return ParsedFeed(title, "https://gazette.example/news", ttl, (), 0, warning)


def test_a_fresh_answer_clears_errors_and_replaces_validators() -> None:
    fetched = FetchResult("https://gazette.example/rss", 200, b"", validators=Validators('"v2"', None))
    intent = success_intent(POLICY, NOW, STATE, fetched, parsed(ttl=900, warning="not well-formed"))
    assert (intent.error_count, intent.last_error, intent.error_since) == (0, None, None)
    assert intent.next_poll_at == NOW + timedelta(seconds=900)  # the feed's ttl is longer
    assert intent.min_interval == 900
    assert intent.content is not None
    assert (intent.content.etag, intent.content.last_modified) == ('"v2"', None)
    assert intent.content.title == "Harbour Gazette"  # a stored title is kept
    assert intent.content.site_url == "https://gazette.example/news"
    assert intent.content.last_warning == "not well-formed"
    assert intent.content.parsed
    assert intent.moved_to is None
    assert not intent.failed


def test_not_modified_keeps_the_validators_it_was_not_sent_again() -> None:
    fetched = FetchResult("https://gazette.example/rss", 304, b"", validators=Validators(None, None))
    intent = success_intent(POLICY, NOW, STATE, fetched, None)
    assert intent.content is not None
    assert (intent.content.etag, intent.content.last_modified) == (STATE.etag, STATE.last_modified)
    assert not intent.content.parsed  # title, site and warning stay as they are


def test_a_permanent_redirect_is_part_of_the_intent() -> None:
    fetched = FetchResult("https://new.example/rss", 200, b"", moved_to="https://new.example/rss")
    intent = success_intent(POLICY, NOW, STATE, fetched, parsed())
    assert intent.moved_to == "https://new.example/rss"


def test_an_error_backs_off_and_keeps_when_the_trouble_began() -> None:
    intent = error_intent(POLICY, NOW, STATE, FetchError("connection refused"))
    assert intent.failed
    assert intent.error_count == 4
    assert intent.next_poll_at == NOW + timedelta(seconds=2400)  # 300 · 2^3
    assert intent.error_since == STATE.error_since
    assert intent.last_error == "connection refused"
    assert intent.disabled_reason is None


def test_retry_after_is_honoured_and_410_disables() -> None:
    waiting = error_intent(POLICY, NOW, STATE, RetryLaterError("503", retry_after=7200))
    assert waiting.next_poll_at == NOW + timedelta(seconds=7200)
    gone = error_intent(POLICY, NOW, STATE, FeedGoneError("410 Gone"))
    assert gone.disabled_reason == GONE_REASON

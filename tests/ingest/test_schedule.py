from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.ingest.schedule import (
    Policy,
    PollResult,
    backoff_delay,
    decide,
    is_due,
    parse_max_age,
    parse_retry_after,
)

POLICY = Policy(interval=300, max_backoff=86400)


def test_healthy_feed_waits_the_interval() -> None:
    clock = FakeClock()
    d = decide(POLICY, clock.now(), PollResult(ok=True), error_count=0, min_interval=None)
    assert d.next_poll_at == clock.now() + timedelta(seconds=300)
    assert d.error_count == 0


def test_ttl_and_max_age_raise_the_minimum_but_never_lower_it() -> None:
    now = FakeClock().now()
    d = decide(POLICY, now, PollResult(ok=True, ttl=1800, max_age=600), error_count=0, min_interval=None)
    assert d.next_poll_at == now + timedelta(seconds=1800)
    assert d.min_interval == 1800
    short = decide(POLICY, now, PollResult(ok=True, max_age=60), error_count=0, min_interval=None)
    assert short.next_poll_at == now + timedelta(seconds=300)


def test_not_modified_keeps_the_remembered_minimum() -> None:
    now = FakeClock().now()
    d = decide(POLICY, now, PollResult(ok=True), error_count=0, min_interval=3600)
    assert d.next_poll_at == now + timedelta(seconds=3600)
    assert d.min_interval == 3600


def test_errors_back_off_exponentially_up_to_a_day() -> None:
    assert [backoff_delay(POLICY, n) for n in (1, 2, 3, 4)] == [300, 600, 1200, 2400]
    assert backoff_delay(POLICY, 20) == 86400
    assert backoff_delay(POLICY, 10_000) == 86400
    now = FakeClock().now()
    d = decide(POLICY, now, PollResult(ok=False), error_count=2, min_interval=None)
    assert d.error_count == 3
    assert d.next_poll_at == now + timedelta(seconds=1200)


def test_errors_never_poll_sooner_than_the_feeds_own_minimum() -> None:
    now = FakeClock().now()
    d = decide(POLICY, now, PollResult(ok=False), error_count=0, min_interval=3600)  # ttl of an hour
    assert d.next_poll_at == now + timedelta(seconds=3600)
    assert d.min_interval == 3600
    assert backoff_delay(POLICY, 2, 3600) == 7200
    assert backoff_delay(POLICY, 30, 3600) == 86400


def test_success_resets_the_error_count() -> None:
    d = decide(POLICY, FakeClock().now(), PollResult(ok=True), error_count=7, min_interval=None)
    assert d.error_count == 0


def test_retry_after_is_honoured_when_longer_than_the_backoff() -> None:
    now = FakeClock().now()
    d = decide(POLICY, now, PollResult(ok=False, retry_after=7200), error_count=0, min_interval=None)
    assert d.next_poll_at == now + timedelta(seconds=7200)
    short = decide(POLICY, now, PollResult(ok=False, retry_after=5), error_count=0, min_interval=None)
    assert short.next_poll_at == now + timedelta(seconds=300)


def test_parse_retry_after_seconds_and_http_date() -> None:
    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after("Thu, 01 Jan 2026 13:00:00 GMT", now) == 3600
    assert parse_retry_after("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_parse_max_age() -> None:
    assert parse_max_age("public, max-age=900") == 900
    assert parse_max_age('max-age="60", s-maxage=1200') == 1200
    assert parse_max_age("no-cache") is None
    assert parse_max_age(None) is None


def test_is_due() -> None:
    clock = FakeClock()
    assert is_due(None, clock.now())
    assert is_due(clock.now(), clock.now())
    assert not is_due(clock.now() + timedelta(seconds=1), clock.now())

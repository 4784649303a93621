"""Pure formatting of the command replies: escaping, Telegram's size limits, callback data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.errors import CommandError
from bot.services.claims_query import ClaimsPage, ClaimSummary
from bot.services.feed_admin import FeedInfo
from bot.services.subscriptions import SubscriptionChange
from bot.services.watchlist import Keyword, WatchResult
from handlers import admin_feeds, claims, watchlist
from handlers.common import chunk_lines
from handlers.subscription import format_subscribed

T = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def summary(i: int, *, long: bool = False) -> ClaimSummary:
    big = "x" * 3000 if long else ""
    return ClaimSummary(
        dispute_id=i,
        story_id=None,
        kind="denial",
        figure_text="<b>300</b>" + big,
        qualifier="about",
        counted="people & homes" + big,
        claimant="the <i>governor</i>" + big,
        disputed_by="residents" + big,
        quote='not "true" at all' + big,
        counter_figure="2,000" + big,
        headline="Flood <script>" + big,
        url='https://news.example/a?b=1&c="2"' + ("/" + big if long else ""),
        when=T,
    )


def test_claims_page_escapes_feed_text() -> None:
    text = claims.format_page(ClaimsPage(items=(summary(1),), page=0, has_next=False, keyword="flood"))
    assert "&lt;b&gt;300&lt;/b&gt;" in text
    assert "people &amp; homes" in text
    assert "<script>" not in text
    assert "Flood &lt;script&gt;" in text
    assert 'href="https://news.example/a?b=1&amp;c=&quot;2&quot;"' in text
    assert "/claim 1" in text
    assert "&lt;b&gt;300" in text  # as written: no qualifier label added


def test_claims_page_of_huge_fields_stays_within_4096() -> None:
    page = ClaimsPage(
        items=tuple(summary(i, long=True) for i in range(5)), page=3, has_next=True, keyword=None
    )
    text = claims.format_page(page)
    assert len(text) <= 4096
    assert "href" not in text  # overlong URLs are left unlinked


def test_empty_claims_pages() -> None:
    assert claims.format_page(ClaimsPage((), 0, False, None)) == "No contested claims yet."
    assert "No older" in claims.format_page(ClaimsPage((), 2, False, "gaza"))


@pytest.mark.parametrize(
    "keyword", [None, "flood", "death toll", "доклад оон о потерях среди мирного населения"]
)
def test_claims_callback_data_round_trips_within_64_bytes(keyword: str | None) -> None:
    store: dict[Any, Any] = {}
    data = claims.encode(12, keyword, store)
    assert len(data.encode()) <= 64
    assert claims.decode(data, store) == (12, keyword)


def test_long_keyword_token_expires_with_the_process() -> None:
    data = claims.encode(1, "ж" * 60, {})
    with pytest.raises(CommandError, match="expired"):
        claims.decode(data, {})


@pytest.mark.parametrize("data", ["cl:x", "cl:99999", "cl:1:" + "a" * 70, "cl:1:!!!"])
def test_forged_claims_callback_is_refused(data: str) -> None:
    with pytest.raises(CommandError):
        claims.decode(data, {})


def test_watchlist_buttons_remove_by_id_and_text_is_escaped() -> None:
    keywords = [Keyword(id=i, keyword=f"<kw{i}>" + "é" * 58, normalized=f"kw{i}") for i in range(50)]
    text, markup = watchlist.format_watchlist(keywords)
    assert markup is not None
    assert "&lt;kw0&gt;" in text
    assert "<kw0>" not in text
    assert len(text) <= 4096
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data[0] == "wl:rm:0"
    assert len(data) == 50
    assert all(isinstance(d, str) and len(d.encode()) <= 64 for d in data)


def test_empty_watchlist_has_no_buttons() -> None:
    text, markup = watchlist.format_watchlist([])
    assert markup is None
    assert "every contested figure" in text


def feed(i: int, **kw: Any) -> FeedInfo:
    base: dict[str, Any] = {
        "id": i,
        "url": f"https://feeds.example/{i}?a=1&b=2",
        "title": None,
        "enabled": True,
        "disabled_reason": None,
        "error_count": 0,
        "last_error": None,
        "error_since": None,
        "last_polled_at": None,
        "last_success_at": None,
    }
    return FeedInfo(**(base | kw))


def test_feed_lines_show_error_states() -> None:
    assert "not polled yet" in admin_feeds.format_feed(feed(1))
    assert "ok, last success 02 Mar 09:30 UTC" in admin_feeds.format_feed(feed(2, last_success_at=T))
    failing = admin_feeds.format_feed(feed(3, error_count=4, last_error="HTTP 500 <oops>", error_since=T))
    assert failing.startswith("⚠️ #3")
    assert "since 02 Mar 09:30 UTC (4 errors): HTTP 500 &lt;oops&gt;" in failing
    off = admin_feeds.format_feed(feed(4, enabled=False, disabled_reason="gone (HTTP 410)"))
    assert off.startswith("⛔ #4")
    assert "off: gone (HTTP 410)" in off
    assert "a=1&amp;b=2" in admin_feeds.format_feed(feed(5))


def test_many_feeds_are_split_into_messages_within_4096() -> None:
    infos = [feed(i, title="T" * 70, last_error="e" * 300, error_count=1) for i in range(200)]
    chunks = admin_feeds.format_feeds(infos, T)
    assert len(chunks) > 1
    assert all(len(c) <= 4096 for c in chunks)
    assert sum(c.count("⚠️ #") for c in chunks) == 200


def test_chunk_lines_cuts_a_single_overlong_line() -> None:
    assert [len(c) for c in chunk_lines(["a" * 5000, "b"], limit=100)] == [100, 1]
    assert chunk_lines(["ab", "cd"], limit=5) == ["ab\ncd"]
    assert chunk_lines(["ab", "cd"], limit=4) == ["ab", "cd"]


def test_escaping_heavy_keywords_still_fit_one_message() -> None:
    heavy = [f"k{i:02d}" + "&" * 61 for i in range(50)]  # each escapes to ~300 characters
    text, _ = watchlist.format_watchlist(
        [Keyword(id=i, keyword=k, normalized=k) for i, k in enumerate(heavy)]
    )
    assert len(text) <= 4096
    assert all(f"k{i:02d}&amp;" in text for i in range(50))
    reply = watchlist.format_watch(
        WatchResult(added=tuple(heavy), already=(), total=50, subscribed=True, scope="watched")
    )
    assert len(reply) <= 4096
    assert reply.count("“k") == 50


def test_long_keyword_tokens_are_bounded_per_chat() -> None:
    store: dict[Any, Any] = {}
    data = [claims.encode(1, "ж" * 40 + str(i), store) for i in range(claims.MAX_TOKENS + 5)]
    assert len(store["claims_keywords"]) == claims.MAX_TOKENS
    assert claims.decode(data[-1], store) == (1, "ж" * 40 + str(claims.MAX_TOKENS + 4))
    with pytest.raises(CommandError, match="expired"):
        claims.decode(data[0], store)


def test_subscribe_reply_follows_the_scope_not_just_the_watchlist() -> None:
    narrowed = format_subscribed(SubscriptionChange(changed=True, keyword_count=3, scope="watched"))
    assert "matching the 3 watched keyword(s)" in narrowed
    # keywords kept but "Everything" chosen in /settings: every contested figure is sent
    everything = format_subscribed(SubscriptionChange(changed=True, keyword_count=3, scope="all"))
    assert "every contested figure" in everything

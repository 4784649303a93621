from __future__ import annotations

import hashlib
import tracemalloc
from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.errors import ParseError
from bot.ingest.parse import parse_feed, parse_feed_sync

from .builders import NOW, atom, atom_entry, billion_laughs, item, quadratic_blowup, rss

URL = "http://news.test/feed.xml"
HEADERS = {"content-type": "application/rss+xml; charset=utf-8"}


def parse(body: bytes, headers: dict[str, str] | None = None, max_entries: int = 300):  # type: ignore[no-untyped-def]
    return parse_feed_sync(
        body, headers if headers is not None else HEADERS, url=URL, max_entries=max_entries
    )


def test_rss_entries_become_plain_values() -> None:
    local = datetime(2026, 1, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    body = rss(
        [
            item(
                1,
                title="Dock <b>strike</b> &amp; talks",
                description="<p>Union says <i>300</i> workers walked out.</p><script>alert(1)</script>",
                published=local,
            )
        ],
        ttl=45,
    )
    feed = parse(body)
    assert feed.title == "Harbour News"
    assert feed.ttl == 45 * 60
    (entry,) = feed.entries
    assert entry.title == "Dock strike & talks"
    assert entry.summary == "Union says 300 workers walked out."
    assert entry.published == datetime(2026, 1, 1, 12, 30, tzinfo=UTC)
    assert entry.published.tzinfo is UTC
    assert entry.link == "http://news.test/story/1"
    assert entry.key == hashlib.sha256(b"guid:story-1").hexdigest()


def test_identity_falls_back_to_link_then_title_and_summary() -> None:
    no_guid = parse(rss([item(1, guid=False, link="http://news.test/a?utm_source=x")])).entries[0]
    assert no_guid.key == hashlib.sha256(b"link:http://news.test/a").hexdigest()
    bare = rss("<item><title>Only a title</title><description>And a summary</description></item>")
    entry = parse(bare).entries[0]
    assert entry.link is None
    assert entry.key == hashlib.sha256(b"text:Only a title\nAnd a summary").hexdigest()


def test_atom_feed_and_html_titles() -> None:
    feed = parse(atom([atom_entry(1, updated=NOW), atom_entry(2, updated=NOW + timedelta(hours=1))]))
    assert [e.title for e in feed.entries] == ["Atom story 2", "Atom story 1"]  # newest first
    assert feed.entries[0].link == "http://atom.test/s/2"


def test_content_encoded_is_the_longest_text() -> None:
    entry = parse(rss([item(1, content="<p>Full body of the story.</p><p>Second paragraph.</p>")])).entries[0]
    assert entry.content == "Full body of the story.\n\nSecond paragraph."
    assert entry.text == entry.content


def test_bozo_feed_with_entries_is_accepted_with_a_warning() -> None:
    body = rss([item(1), item(2)]).replace(b"</channel></rss>", b"<broken></channel>")
    feed = parse(body)
    assert len(feed.entries) == 2
    assert feed.warning is not None
    assert "not well-formed" in feed.warning


def test_feed_served_with_a_non_xml_media_type_is_not_called_malformed() -> None:
    feed = parse_feed_sync(rss([item(1)]), {"content-type": "text/html"}, url="http://x.test/", max_entries=5)
    assert len(feed.entries) == 1
    assert feed.warning is not None
    assert "text/html" in feed.warning
    assert "not well-formed" not in feed.warning


def test_malformed_xml_without_entries_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="not a usable feed"):
        parse(b"<?xml version='1.0'?><rss><channel><title>x</ti")


def test_html_page_is_refused_with_a_clear_message() -> None:
    page = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><p>Hello</p></body></html>"
    with pytest.raises(ParseError, match="HTML page"):
        parse(page, {"content-type": "text/html; charset=utf-8"})


def test_empty_body_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="empty"):
        parse(b"  \n ")


def test_valid_feed_without_entries_is_fine() -> None:
    assert parse(rss([])).entries == ()


def test_wrong_declared_encoding_is_repaired() -> None:
    body = rss([item(1, title="Café owners count 40 closures")]).replace("é".encode(), "é".encode("cp1252"))
    feed = parse(body)
    assert feed.entries[0].title == "Café owners count 40 closures"
    assert feed.warning is not None


def test_billion_laughs_is_refused_fast_and_small() -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="entit"):
            parse(billion_laughs())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_quadratic_entity_blowup_is_refused() -> None:
    with pytest.raises(ParseError, match="entit"):
        parse(quadratic_blowup())


@pytest.mark.slow  # builds and parses a 50,000-entry feed: seconds
def test_huge_feed_is_cut_to_the_newest_entries() -> None:
    start = NOW - timedelta(days=60)
    items = [item(n, published=start + timedelta(minutes=50_000 - n)) for n in range(50_000)]
    feed = parse(rss(items), max_entries=100)
    assert feed.total_entries == 50_000
    assert len(feed.entries) == 100
    assert feed.entries[0].title == "Harbour report number 0"
    assert feed.warning is not None
    assert "50000" in feed.warning


async def test_parse_runs_off_the_event_loop() -> None:
    feed = await parse_feed(rss([item(1)]), HEADERS, url=URL, max_entries=10)
    assert len(feed.entries) == 1

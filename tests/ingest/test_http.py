from __future__ import annotations

import gzip
import tracemalloc
import zlib
from datetime import UTC, datetime

import httpx
import pytest
from fakes.feed_server import FeedServer, Route

from bot import __version__
from bot.clock import FakeClock
from bot.errors import FeedGoneError, FeedTooLargeError, FetchError, RetryLaterError, UnsafeURLError
from bot.ingest.http import FetchPolicy, Validators, ensure_public, fetch
from bot.settings import Settings

from .builders import item, rss

POLICY = FetchPolicy(max_bytes=1024 * 1024, total_timeout=3.0, max_redirects=5, allow_private=True)


async def test_get_sends_user_agent_and_decodes_gzip(server: FeedServer, client: httpx.AsyncClient) -> None:
    body = rss([item(1)])
    url = server.set("/feed", Route(body=body, gzip=True))
    result = await fetch(client, url, POLICY)
    assert result.status == 200
    assert result.body == body
    sent = server.hits("/feed")[0].headers
    assert sent["user-agent"].startswith(f"claimwatch/{__version__} (+http")
    assert "gzip" in sent["accept-encoding"]


async def test_conditional_get(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set(
        "/feed",
        Route(body=rss([item(1)]), etag='"v1"', headers={"Last-Modified": "Wed, 31 Dec 2025 10:00:00 GMT"}),
    )
    first = await fetch(client, url, POLICY)
    assert first.validators == Validators('"v1"', "Wed, 31 Dec 2025 10:00:00 GMT")
    second = await fetch(client, url, POLICY, validators=first.validators)
    assert second.not_modified
    assert second.body == b""
    sent = server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Wed, 31 Dec 2025 10:00:00 GMT"


async def test_permanent_redirects_are_reported(server: FeedServer, client: httpx.AsyncClient) -> None:
    final = server.set("/new", Route(body=rss([item(1)])))
    server.redirect("/mid", "/new", 308)
    url = server.redirect("/old", server.url("/mid"), 301)
    result = await fetch(client, url, POLICY)
    assert result.url == final
    assert result.moved_to == final


async def test_temporary_redirect_does_not_move_the_feed(
    server: FeedServer, client: httpx.AsyncClient
) -> None:
    server.set("/new", Route(body=rss([item(1)])))
    server.redirect("/mid", "/new", 302)
    url = server.redirect("/old", "/mid", 301)
    result = await fetch(client, url, POLICY)
    assert result.status == 200
    assert result.moved_to is None


async def test_redirect_loop_is_an_error(server: FeedServer, client: httpx.AsyncClient) -> None:
    server.redirect("/b", "/a", 302)
    url = server.redirect("/a", "/b", 302)
    with pytest.raises(FetchError, match="redirect loop"):
        await fetch(client, url, POLICY)


async def test_too_many_redirects(server: FeedServer, client: httpx.AsyncClient) -> None:
    for n in range(10):
        server.redirect(f"/r{n}", f"/r{n + 1}", 301)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        await fetch(client, server.url("/r0"), POLICY)


async def test_gone(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(status=410, body=b"gone"))
    with pytest.raises(FeedGoneError):
        await fetch(client, url, POLICY)


@pytest.mark.parametrize("status", [429, 503])
async def test_retry_after_seconds(server: FeedServer, client: httpx.AsyncClient, status: int) -> None:
    url = server.set("/feed", Route(status=status, headers={"Retry-After": "120"}))
    with pytest.raises(RetryLaterError) as info:
        await fetch(client, url, POLICY)
    assert info.value.retry_after == 120


async def test_retry_after_http_date(server: FeedServer, client: httpx.AsyncClient) -> None:
    clock = FakeClock(datetime(2026, 1, 1, 12, 0, tzinfo=UTC))
    url = server.set("/feed", Route(status=503, headers={"Retry-After": "Thu, 01 Jan 2026 12:30:00 GMT"}))
    with pytest.raises(RetryLaterError) as info:
        await fetch(client, url, POLICY, clock=clock)
    assert info.value.retry_after == 1800


async def test_server_error_status(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(status=500))
    with pytest.raises(FetchError, match="HTTP 500"):
        await fetch(client, url, POLICY)


async def test_server_that_never_answers_times_out(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(hang=True))
    with pytest.raises(FetchError, match="timed out"):
        await fetch(client, url, POLICY)


async def test_total_timeout_bounds_the_whole_fetch(server: FeedServer, settings: Settings) -> None:
    url = server.set("/feed", Route(hang=True))
    policy = FetchPolicy(max_bytes=1024, total_timeout=0.2, allow_private=True)
    async with httpx.AsyncClient(timeout=30) as slow_client:
        with pytest.raises(FetchError, match=r"no complete answer within 0\.2 s"):
            await fetch(slow_client, url, policy)


async def test_body_over_the_cap_is_refused(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(body=b"x" * (2 * 1024 * 1024)))
    with pytest.raises(FeedTooLargeError):
        await fetch(client, url, POLICY)


@pytest.mark.slow  # compresses and decodes 200 MB: seconds
async def test_gzip_bomb_is_stopped_while_decoding(server: FeedServer, client: httpx.AsyncClient) -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)  # ~200 KB on the wire
    assert len(bomb) < POLICY.max_bytes
    url = server.set("/feed", Route(body=bomb, headers={"Content-Encoding": "gzip"}))
    tracemalloc.start()
    try:
        with pytest.raises(FeedTooLargeError, match="decoded"):
            await fetch(client, url, POLICY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * POLICY.max_bytes


async def test_private_addresses_are_refused_unless_allowed(
    server: FeedServer, client: httpx.AsyncClient
) -> None:
    url = server.set("/feed", Route(body=rss([item(1)])))
    strict = FetchPolicy(allow_private=False)
    with pytest.raises(UnsafeURLError):
        await fetch(client, url, strict)
    assert server.hits("/feed") == []


async def test_link_local_metadata_address_is_refused() -> None:
    with pytest.raises(UnsafeURLError):
        await ensure_public("http://169.254.169.254/latest/meta-data", allow_private=False)


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
async def test_deflate_with_and_without_zlib_header(
    server: FeedServer, client: httpx.AsyncClient, wbits: int
) -> None:
    body = rss([item(1)])
    packer = zlib.compressobj(wbits=wbits)
    packed = packer.compress(body) + packer.flush()
    url = server.set("/feed", Route(body=packed, headers={"Content-Encoding": "deflate"}))
    assert (await fetch(client, url, POLICY)).body == body


async def test_unknown_content_encoding_is_an_error(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(body=b"xyz", headers={"Content-Encoding": "br"}))
    with pytest.raises(FetchError, match="unsupported Content-Encoding"):
        await fetch(client, url, POLICY)


async def test_corrupt_gzip_is_an_error(server: FeedServer, client: httpx.AsyncClient) -> None:
    url = server.set("/feed", Route(body=b"\x1f\x8b\x08\x00garbage", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(FetchError, match="corrupt"):
        await fetch(client, url, POLICY)

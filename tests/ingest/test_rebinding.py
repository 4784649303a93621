"""DNS rebinding and address pinning: the address checked is the address connected to.

Host names here are resolved only by fake resolvers (no DNS); servers listen on 127.0.0.x.
Where a strict policy has to reach a loopback test server, the client is told that exactly one
loopback address counts as "public" (the ``is_public`` seam), so every other one is refused.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from fakes.feed_server import FeedServer, Route

from bot.errors import FetchError, UnsafeURLError
from bot.ingest.http import FetchPolicy, fetch, make_client
from bot.ingest.urls import is_public_ip
from bot.services.url_safety import check_feed_url
from bot.settings import Settings

from .builders import item, rss

STRICT = FetchPolicy(max_bytes=1024 * 1024, total_timeout=3.0, allow_private=False)
PERMISSIVE = FetchPolicy(max_bytes=1024 * 1024, total_timeout=3.0, allow_private=True)
TLS = Path(__file__).parent / "data" / "tls"


class RebindingResolver:
    """Answers ``answers[n]`` on its n-th call (the last one from then on), and counts calls."""

    def __init__(self, *answers: str) -> None:
        self.answers = answers
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append(host)
        return [self.answers[min(len(self.calls), len(self.answers)) - 1]]


def table(mapping: dict[str, str]):  # type: ignore[no-untyped-def]
    async def resolve(host: str, port: int) -> Sequence[str]:
        return [mapping[host]]

    return resolve


@pytest.mark.parametrize(
    "address",
    [
        "100.64.0.1",
        "100.100.100.200",
        "2002:7f00:1::1",
        "fec0::1",
        "::7f00:1",
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "ff0e::1",
        "0.0.0.0",
        "192.0.0.170",
    ],
)
def test_non_global_addresses_are_not_public(address: str) -> None:
    assert not is_public_ip(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700::1111", "64:ff9b::808:808"])
def test_global_unicast_addresses_are_public(address: str) -> None:
    assert is_public_ip(address)


async def test_a_name_that_rebinds_after_the_check_is_refused_at_connect(
    server: FeedServer, settings: Settings
) -> None:
    server.set("/feed", Route(body=rss([item(1)])))
    resolve = RebindingResolver("93.184.216.34", "127.0.0.1")
    url = f"http://rebind.test:{server.port}/feed"
    # /addfeed's check sees the public answer ...
    assert await check_feed_url(url, resolve) == url
    # ... the fetch resolves once more, gets loopback, and refuses that very answer.
    async with make_client(settings, resolver=resolve) as client:
        with pytest.raises(UnsafeURLError, match=r"rebind\.test resolves to 127\.0\.0\.1"):
            await fetch(client, url, STRICT)
    assert resolve.calls == ["rebind.test", "rebind.test"]
    assert server.hits("/feed") == []


async def test_the_connection_goes_to_the_address_resolved_once(
    server: FeedServer, settings: Settings
) -> None:
    """The first answer is the one connected to; a second lookup would give an address nobody
    listens on (TEST-NET), so this only succeeds when the name is resolved exactly once."""
    body = rss([item(1)])
    server.set("/feed", Route(body=body))
    resolve = RebindingResolver("127.0.0.1", "192.0.2.1")
    async with make_client(settings, resolver=resolve) as client:
        result = await fetch(client, f"http://pinned.test:{server.port}/feed", PERMISSIVE)
    assert result.body == body
    assert resolve.calls == ["pinned.test"]


async def test_every_redirect_hop_is_checked_at_connect(settings: Settings) -> None:
    async with FeedServer("127.0.0.1") as outer, FeedServer("127.0.0.2") as inner:
        inner.set("/secret", Route(body=b"internal"))
        outer.redirect("/feed", f"http://inner.test:{inner.port}/secret", 302)
        resolve = table({"outer.test": "127.0.0.1", "inner.test": "127.0.0.2"})
        async with make_client(settings, resolver=resolve, is_public=lambda a: a == "127.0.0.1") as client:
            with pytest.raises(UnsafeURLError, match=r"inner\.test resolves to 127\.0\.0\.2"):
                await fetch(client, f"http://outer.test:{outer.port}/feed", STRICT)
        assert len(outer.hits("/feed")) == 1
        assert inner.hits("/secret") == []


async def test_article_pages_go_through_the_same_pinned_fetch(server: FeedServer, settings: Settings) -> None:
    from bot.ingest.cpu import CpuPool
    from bot.ingest.extract import fetch_article_text
    from bot.ingest.http import HostLimiter

    page = b"<html><body><p>internal page</p></body></html>"
    server.set("/story", Route(body=page, content_type="text/html"))
    resolve = RebindingResolver("93.184.216.34", "127.0.0.1")
    url = f"http://article.test:{server.port}/story"
    await check_feed_url(url, resolve)
    async with make_client(settings, resolver=resolve) as client:
        text = await fetch_article_text(client, url, STRICT, HostLimiter(2), CpuPool(0))
    assert text is None
    assert server.hits("/story") == []


async def test_a_client_that_does_not_pin_is_refused_for_strict_fetches(server: FeedServer) -> None:
    import httpx

    url = server.set("/feed", Route(body=rss([item(1)])))
    async with httpx.AsyncClient() as plain:
        with pytest.raises(UnsafeURLError, match="does not pin"):
            await fetch(plain, url.replace("127.0.0.1", "localhost"), STRICT)
    assert server.hits("/feed") == []


@pytest.fixture
async def tls_server() -> AsyncIterator[int]:
    """An HTTPS server on 127.0.0.1 whose certificate names only ``feed.test``."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(TLS / "feed.pem", TLS / "feed.key")
    body = rss([item(1)])

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=context)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


async def test_tls_is_verified_against_the_host_name_not_the_pinned_address(
    tls_server: int, settings: Settings
) -> None:
    trust = ssl.create_default_context(cafile=str(TLS / "ca.pem"))
    resolve = table({"feed.test": "127.0.0.1", "other.test": "127.0.0.1"})
    only_loopback_one = lambda a: a == "127.0.0.1"  # noqa: E731
    async with make_client(settings, resolver=resolve, verify=trust, is_public=only_loopback_one) as client:
        result = await fetch(client, f"https://feed.test:{tls_server}/rss", STRICT)
        assert result.status == 200
        # Same address, another name: the certificate does not cover it, so the handshake fails.
        with pytest.raises(FetchError, match=r"CERTIFICATE_VERIFY_FAILED|certificate"):
            await fetch(client, f"https://other.test:{tls_server}/rss", STRICT)

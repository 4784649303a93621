from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from bot.errors import UnsafeURLError
from bot.services.url_safety import check_feed_url


class TableResolver:
    """A resolver over a fixed table that records each (host, port) it is asked."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.calls: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append((host, port))
        if host not in self.table:
            raise OSError("Name or service not known")
        return self.table[host]


def resolver_for(table: dict[str, list[str]]) -> TableResolver:
    return TableResolver(table)


HOSTS = {
    "news.example": ["93.184.216.34"],
    "loop.example": ["127.0.0.1"],
    "lan.example": ["10.1.2.3"],
    "meta.example": ["169.254.169.254"],
    "mcast.example": ["224.0.0.1"],
    "mixed.example": ["93.184.216.34", "192.168.1.5"],
    "v6loop.example": ["::1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "zero.example": ["0.0.0.0"],
    "empty.example": [],
}


async def test_public_https_url_is_accepted() -> None:
    resolve = resolver_for(HOSTS)
    url = await check_feed_url("  https://news.example/rss.xml ", resolve)
    assert url == "https://news.example/rss.xml"
    assert resolve.calls == [("news.example", 443)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://news.example/feed", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("https:///no-host", "no host"),
        ("http://loop.example/feed", "127.0.0.1 (loopback address"),
        ("http://lan.example:8080/feed", "10.1.2.3 (private address"),
        ("http://meta.example/latest", "169.254.169.254 (link-local address"),
        ("http://mcast.example/", "224.0.0.1 (multicast address"),
        ("http://mixed.example/", "192.168.1.5 (private address"),
        ("http://v6loop.example/", "::1 (loopback address"),
        ("http://mapped.example/", "::ffff:127.0.0.1 (loopback address"),
        ("http://zero.example/", "0.0.0.0 (unspecified address"),
        ("http://unknown.example/", "cannot resolve unknown.example"),
        ("http://empty.example/", "does not resolve"),
        ("http://user:pw@news.example/", "user name or password"),
    ],
)
async def test_unsafe_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(UnsafeURLError, match=re.escape(message)):
        await check_feed_url(url, resolver_for(HOSTS))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://[::1]/", "http://10.0.0.1/"])
async def test_ip_literals_are_checked_without_lookup(url: str) -> None:
    resolve = resolver_for({})
    with pytest.raises(UnsafeURLError, match="address"):
        await check_feed_url(url, resolve)
    assert resolve.calls == []

from __future__ import annotations

import pytest

from bot.errors import UnsafeURLError
from bot.ingest.urls import canonical_url, check_url_syntax, host_key, is_public_ip, url_hash


def test_tracking_parameters_fragment_and_case_are_dropped() -> None:
    url = "HTTPS://News.Example.ORG:443/World/Story?b=2&utm_source=rss&a=1&fbclid=x&gclid=y#top"
    assert canonical_url(url) == "https://news.example.org/World/Story?a=1&b=2"


def test_same_article_with_and_without_tracking_hashes_equal() -> None:
    assert url_hash("http://x.test/a?id=5&utm_medium=feed#c") == url_hash("http://x.test/a?id=5")
    assert url_hash("http://x.test/a?id=5") != url_hash("http://x.test/a?id=6")


def test_real_parameters_and_path_case_are_kept() -> None:
    assert canonical_url("http://x.test/A/b?Page=2") == "http://x.test/A/b?Page=2"
    assert canonical_url("http://x.test:8080") == "http://x.test:8080/"


def test_host_key_ignores_port_and_case() -> None:
    assert host_key("http://FEEDS.x.test:81/a") == "feeds.x.test"


@pytest.mark.parametrize("bad", ["ftp://x.test/f", "file:///etc/passwd", "x.test/feed", "http://"])
def test_non_http_urls_are_refused(bad: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url_syntax(bad)


def test_public_ip_check() -> None:
    assert is_public_ip("93.184.216.34")
    for private in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "::ffff:10.0.0.1"):
        assert not is_public_ip(private)

"""Fixtures of the ingestion tests: a real feed server on 127.0.0.1 and short-timeout settings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fakes.feed_server import FeedServer

from bot.ingest.http import make_client
from bot.settings import Settings


@pytest.fixture
def settings() -> Settings:
    # Short timeouts so "never answers" cases end quickly (no sleeps in tests).
    return Settings(
        allow_private_urls=True,
        http_connect_timeout=2.0,
        http_read_timeout=0.5,
        http_total_timeout=3.0,
        poll_interval=300,
        max_body_bytes=1024 * 1024,
        max_feed_entries=100,
        article_min_chars=200,
        parse_workers=0,  # threads; the process pool has its own tests
    )


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as srv:
        yield srv


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(settings) as c:
        yield c

"""The process's TLS client context: built once, verifying, and used by every client that is not
given its own."""

from __future__ import annotations

import ssl

import httpx
from pydantic import SecretStr
from telegram.request import HTTPXRequest

from bot.ingest.http import make_client
from bot.ingest.pinned import PinnedTransport
from bot.settings import Settings
from bot.telegram.app import build_application
from bot.tls import default_context


def _context_of(client: httpx.AsyncClient) -> object:
    transport = client._transport
    assert isinstance(transport, PinnedTransport)
    return transport._pool._ssl_context


def test_the_default_context_is_built_once_and_verifies() -> None:
    ctx = default_context()
    assert ctx is default_context()
    assert ctx.verify_mode is ssl.CERT_REQUIRED
    assert ctx.check_hostname
    assert ctx.cert_store_stats()["x509_ca"] > 0  # the CA bundle is loaded


async def test_the_feed_client_uses_it_unless_given_its_own() -> None:
    async with make_client(Settings()) as client:
        assert _context_of(client) is default_context()
    own = ssl.create_default_context()
    async with make_client(Settings(), verify=own) as client:
        assert _context_of(client) is own


def test_both_telegram_clients_use_it() -> None:
    app = build_application(Settings(telegram_token=SecretStr("123:abc")), ingestion=False)
    requests = app.bot._request  # (get_updates, everything else)
    assert len(requests) == 2
    for request in requests:
        assert isinstance(request, HTTPXRequest)
        transport = request._client._transport
        assert isinstance(transport, httpx.AsyncHTTPTransport)
        assert transport._pool._ssl_context is default_context()

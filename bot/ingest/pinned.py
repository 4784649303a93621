"""Connect only to the address that was checked: the defence against DNS rebinding.

A check that resolves a name and then lets the HTTP library resolve it again to connect can be
fooled by a name that answers a public address first and an internal one second. Here the
resolution that is checked is the one connected to: httpcore asks this network backend for a TCP
connection to (host, port); the backend resolves the host once, refuses it unless every address
is public, and connects to those addresses. TLS is started by httpcore afterwards with the
*host name* as SNI and for certificate verification, so HTTPS stays verified as usual.

Every connection goes through it, so every redirect hop and every article page is checked.
Whether private addresses are allowed is the fetch's policy, carried in a context variable
(strict unless a fetch says otherwise).
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

import httpcore
import httpx

from bot.ingest.urls import is_public_ip
from bot.services.url_safety import Resolver, resolve_checked, system_resolver
from bot.tls import default_context

_allow_private: ContextVar[bool] = ContextVar("claimwatch_allow_private", default=False)


@contextlib.contextmanager
def private_addresses(allowed: bool) -> Iterator[None]:
    """Connections opened inside this block may (``allowed``) or may not reach private addresses."""
    token = _allow_private.set(allowed)
    try:
        yield
    finally:
        _allow_private.reset(token)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore network backend: resolve once, check, connect to the checked addresses."""

    def __init__(
        self, resolver: Resolver = system_resolver, is_public: Callable[[str], bool] = is_public_ip
    ) -> None:
        self._resolver = resolver
        self._is_public = is_public  # tests on loopback name one of its addresses "public"
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve_checked(
            host, port, self._resolver, allow_private=_allow_private.get(), is_public=self._is_public
        )
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the host's next (equally checked) address
        assert failure is not None  # resolve_checked never returns an empty list
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("Unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on a :class:`PinnedBackend`. No proxies: a
    proxy would resolve the name itself, out of our sight."""

    def __init__(
        self,
        *,
        limits: httpx.Limits,
        resolver: Resolver = system_resolver,
        verify: ssl.SSLContext | bool = True,
        is_public: Callable[[str], bool] = is_public_ip,
    ) -> None:
        if isinstance(verify, ssl.SSLContext):
            ssl_context = verify
        else:
            ssl_context = default_context() if verify else httpx.create_ssl_context(verify=False)
        super().__init__(verify=ssl_context, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=PinnedBackend(resolver, is_public),
        )

"""Refuse feed URLs that are not http(s) or whose host resolves to a non-public address.

Resolution goes through an injectable :class:`Resolver` so tests never touch DNS. Every address
a host resolves to must be public: one private answer is enough to refuse (a host that resolves
to both a public and an internal address could be pointed at either).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import urlsplit

from bot.errors import UnsafeURLError
from bot.ingest.urls import check_url_syntax, is_public_ip

Resolver = Callable[[str, int], Awaitable[Sequence[str]]]
"""``await resolver(host, port)`` -> the IP addresses ``host`` resolves to."""

RESOLVE_TIMEOUT = 10.0


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), run off the event loop."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def address_kind(address: str) -> str:
    """Why an address is not public, in words ("loopback", "private", ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "invalid"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return "non-public"


async def check_feed_url(
    url: str, resolver: Resolver = system_resolver, *, allow_private: bool = False
) -> str:
    """``url`` stripped, if it is http(s) and every address of its host is public (any address
    when ``allow_private``, CLAIMWATCH_ALLOW_PRIVATE_URLS).

    Raises :class:`UnsafeURLError` with a message fit to show an administrator. Fetches do not
    rely on this check alone: they connect only to addresses checked at connect time
    (``bot.ingest.pinned``), so a name that answers differently later gains nothing.
    """
    url = check_url_syntax(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURLError(f"URL has no host: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("URLs with a user name or password are not accepted.")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    await resolve_checked(host, port, resolver, allow_private=allow_private)
    return url


async def resolve_checked(
    host: str,
    port: int,
    resolver: Resolver,
    *,
    allow_private: bool,
    is_public: Callable[[str], bool] = is_public_ip,
) -> list[str]:
    """The addresses of ``host``, resolved once; an :class:`UnsafeURLError` if any is not public
    (unless ``allow_private``). Connect to these, never to a second resolution."""
    addresses = list(await _resolve(host, port, resolver))
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise UnsafeURLError(
                    f"{host} resolves to {address} ({address_kind(address)} address); only public "
                    "addresses can be polled."
                )
    return addresses


async def _resolve(host: str, port: int, resolver: Resolver) -> Sequence[str]:
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        pass
    else:
        return [host.strip("[]")]  # an IP literal needs no lookup
    try:
        async with asyncio.timeout(RESOLVE_TIMEOUT):
            addresses = await resolver(host, port)
    except (OSError, TimeoutError, UnicodeError) as exc:
        raise UnsafeURLError(f"cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise UnsafeURLError(f"{host} does not resolve to any address.")
    return addresses

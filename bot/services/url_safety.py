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


async def check_feed_url(url: str, resolver: Resolver = system_resolver) -> str:
    """``url`` stripped, if it is http(s) and every address of its host is public.

    Raises :class:`UnsafeURLError` with a message fit to show an administrator.
    """
    url = check_url_syntax(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURLError(f"URL has no host: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("URLs with a user name or password are not accepted.")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = await _resolve(host, port, resolver)
    for address in addresses:
        if not is_public_ip(address):
            raise UnsafeURLError(
                f"{host} resolves to {address} ({address_kind(address)} address); only public "
                "addresses can be polled."
            )
    return url


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

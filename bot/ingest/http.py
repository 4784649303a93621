"""All outgoing HTTP of claimwatch's ingestion: one shared client, polite bounded fetches.

Redirects are followed here, hop by hop, so a permanent move (301/308) can be reported to the
caller and a loop ends as an error. Bodies are decoded here too (gzip/deflate), with the size cap
applied to the decoded bytes while streaming, so a compressed bomb is stopped after at most
``max_bytes`` of output.
"""

from __future__ import annotations

import asyncio
import ssl
import time
import weakref
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from bot.clock import Clock, SystemClock
from bot.errors import FeedGoneError, FeedTooLargeError, FetchError, RetryLaterError, UnsafeURLError
from bot.ingest.pinned import PinnedTransport, private_addresses
from bot.ingest.schedule import parse_max_age, parse_retry_after
from bot.ingest.urls import check_url_syntax, host_key, is_public_ip
from bot.services.url_safety import Resolver, check_feed_url, system_resolver
from bot.settings import Settings

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})


# Clients whose connections go only to checked addresses (see bot.ingest.pinned).
_PINNED: weakref.WeakSet[httpx.AsyncClient] = weakref.WeakSet()


def make_client(
    settings: Settings,
    *,
    resolver: Resolver = system_resolver,
    verify: ssl.SSLContext | bool = True,
    is_public: Callable[[str], bool] = is_public_ip,
) -> httpx.AsyncClient:
    """The one ``httpx.AsyncClient`` of the process (owned by the app's post_init/post_shutdown).

    Its connections are pinned: each is made to the address checked when it was resolved
    (``resolver``: tests inject one), never to a second resolution."""
    timeout = httpx.Timeout(
        connect=settings.http_connect_timeout,
        read=settings.http_read_timeout,
        write=settings.http_read_timeout,
        pool=settings.http_total_timeout,
    )
    # Room for every concurrent feed plus its article pages; idle connections are reused.
    limits = httpx.Limits(
        max_connections=settings.poll_concurrency * 2, max_keepalive_connections=settings.poll_concurrency
    )
    client = httpx.AsyncClient(
        timeout=timeout,
        transport=PinnedTransport(limits=limits, resolver=resolver, verify=verify, is_public=is_public),
        follow_redirects=False,  # fetch() follows them itself, see module docstring
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        trust_env=False,  # no proxies from the environment: they would resolve names unchecked
    )
    _PINNED.add(client)
    return client


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    max_bytes: int = 10 * 1024 * 1024
    total_timeout: float = 60.0  # whole fetch, redirects included: stops slow drip-feeding servers
    max_redirects: int = 5
    allow_private: bool = False  # tests and benches on 127.0.0.1 turn this on

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            max_bytes=settings.max_body_bytes,
            total_timeout=settings.http_total_timeout,
            max_redirects=settings.max_redirects,
            allow_private=settings.allow_private_urls,
        )


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP validators from the previous answer, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # where the body came from, after redirects
    status: int  # 200-299, or 304 Not Modified
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    moved_to: str | None = None  # set when every redirect hop was permanent (301/308)
    validators: Validators = Validators()
    max_age: int | None = None
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _BoundedDecoder:
    """Content-Encoding decoder that never produces more than ``limit`` bytes in total."""

    def __init__(self, encoding: str, limit: int) -> None:
        self._limit = limit
        self._total = 0
        self._fed = False
        enc = encoding.strip().lower()
        self._raw_deflate_fallback = enc == "deflate"
        if enc in ("", "identity"):
            self._z: zlib._Decompress | None = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise FetchError(f"unsupported Content-Encoding {encoding!r}")

    def _count(self, out: bytes) -> bytes:
        self._total += len(out)
        if self._total > self._limit:
            raise FeedTooLargeError(f"body larger than {self._limit} bytes (decoded)")
        return out

    def feed(self, data: bytes) -> list[bytes]:
        if self._z is None:
            return [self._count(data)]
        self._fed = self._fed or bool(data)
        pieces: list[bytes] = []
        while data:
            budget = self._limit - self._total + 1  # one byte over the cap is enough to refuse
            try:
                out = self._z.decompress(data, budget)
            except zlib.error as exc:
                if self._raw_deflate_fallback and self._total == 0:
                    # Some servers send raw deflate without the zlib header.
                    self._raw_deflate_fallback = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchError(f"corrupt compressed body: {exc}") from exc
            self._raw_deflate_fallback = False
            pieces.append(self._count(out))
            data = self._z.unconsumed_tail
        return pieces

    def flush(self) -> bytes:
        if self._z is None:
            return b""
        try:
            tail = self._count(self._z.flush())
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body: {exc}") from exc
        if self._fed and not self._z.eof:
            raise FetchError("corrupt compressed body: the stream ends before its end marker")
        return tail


async def ensure_public(url: str, *, allow_private: bool) -> None:
    """Raise :class:`UnsafeURLError` unless ``url`` is http(s) and (unless ``allow_private``) its
    host resolves only to public addresses (a check ahead of time, for clear messages; fetches
    rely on the pinned connection, see :func:`check_hop`)."""
    if allow_private:
        check_url_syntax(url)
        return
    await check_feed_url(url)


def check_hop(client: httpx.AsyncClient, url: str, *, allow_private: bool) -> None:
    """The checks of one hop that need no DNS: http(s), a host, no credentials (strict policy),
    and a client that connects only to checked addresses. The addresses themselves are checked
    when the connection is made (bot.ingest.pinned), on this hop and every later one."""
    check_url_syntax(url)
    if allow_private:
        return
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise UnsafeURLError("URLs with a user name or password are not accepted.")
    if client not in _PINNED:
        raise UnsafeURLError("refusing to fetch with an HTTP client that does not pin checked addresses")


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    *,
    validators: Validators | None = None,
    accept: str = FEED_ACCEPT,
    clock: Clock | None = None,
) -> FetchResult:
    """GET ``url`` politely. Raises FetchError / RetryLaterError / FeedGoneError /
    FeedTooLargeError / UnsafeURLError; returns 2xx bodies and 304s."""
    started = time.perf_counter()
    try:
        with private_addresses(policy.allow_private):
            async with asyncio.timeout(policy.total_timeout):
                clock = clock or SystemClock()
                result = await _fetch_following(client, url, policy, validators, accept, clock)
    except TimeoutError as exc:
        raise FetchError(f"no complete answer within {policy.total_timeout:g} s") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc
    return FetchResult(
        url=result.url,
        status=result.status,
        body=result.body,
        headers=result.headers,
        moved_to=result.moved_to,
        validators=result.validators,
        max_age=result.max_age,
        elapsed=time.perf_counter() - started,
    )


async def _fetch_following(
    client: httpx.AsyncClient,
    url: str,
    policy: FetchPolicy,
    validators: Validators | None,
    accept: str,
    clock: Clock,
) -> FetchResult:
    headers = {"Accept": accept}
    if validators is not None:
        if validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
    seen = {url}
    current = url
    all_permanent = True
    for _hop in range(policy.max_redirects + 1):
        check_hop(client, current, allow_private=policy.allow_private)
        async with client.stream("GET", current, headers=headers) as response:
            status = response.status_code
            if status in REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header")
                target = urljoin(current, location.strip())
                if target in seen:
                    raise FetchError(f"redirect loop: {current} -> {target}")
                seen.add(target)
                all_permanent = all_permanent and status in PERMANENT
                current = target
                continue
            return await _read_final(response, current, url, all_permanent, policy, clock)
    raise FetchError(f"more than {policy.max_redirects} redirects from {url}")


async def _read_final(
    response: httpx.Response,
    current: str,
    original: str,
    all_permanent: bool,
    policy: FetchPolicy,
    clock: Clock,
) -> FetchResult:
    status = response.status_code
    headers = {k.lower(): v for k, v in response.headers.items()}
    if status == 410:
        raise FeedGoneError("HTTP 410 Gone: the server says this feed was removed for good")
    if status in (429, 503):
        retry_after = parse_retry_after(headers.get("retry-after"), clock.now())
        hint = f", Retry-After {retry_after} s" if retry_after is not None else ""
        raise RetryLaterError(f"HTTP {status} {response.reason_phrase}{hint}", retry_after)
    if status != 304 and not 200 <= status < 300:
        raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
    moved_to = current if current != original and all_permanent else None
    validators = Validators(etag=headers.get("etag"), last_modified=headers.get("last-modified"))
    max_age = parse_max_age(headers.get("cache-control"))
    if status == 304:
        return FetchResult(current, 304, b"", headers, moved_to, validators, max_age)
    declared = headers.get("content-length", "").strip()
    encoding = headers.get("content-encoding", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FeedTooLargeError(f"Content-Length {declared} exceeds the {policy.max_bytes} byte cap")
    decoder = _BoundedDecoder(encoding, policy.max_bytes)
    chunks: list[bytes] = []
    raw_total = 0
    async for raw in response.aiter_raw():
        raw_total += len(raw)
        if raw_total > policy.max_bytes:
            raise FeedTooLargeError(f"body larger than {policy.max_bytes} bytes")
        chunks.extend(decoder.feed(raw))
    chunks.append(decoder.flush())
    return FetchResult(current, status, b"".join(chunks), headers, moved_to, validators, max_age)


class HostLimiter:
    """At most ``per_host`` requests in flight to one host (politeness), across all feeds."""

    def __init__(self, per_host: int) -> None:
        self._per_host = per_host
        self._slots: dict[str, asyncio.Semaphore] = {}

    def slot(self, url: str) -> asyncio.Semaphore:
        host = host_key(url)
        semaphore = self._slots.get(host)
        if semaphore is None:
            semaphore = self._slots[host] = asyncio.Semaphore(self._per_host)
        return semaphore

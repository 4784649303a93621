"""A real HTTP/1.1 server on 127.0.0.1 (port 0) serving configurable routes, pure asyncio.

Each route fixes status, headers and body, and can gzip the body, answer 304 to a matching
If-None-Match, or hang (accept the request and never answer) to exercise client timeouts.
Requests are recorded so tests can assert on what the client sent (User-Agent, validators).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip as gzip_module
from dataclasses import dataclass, field
from types import TracebackType

REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/rss+xml; charset=utf-8"
    gzip: bool = False  # compress ``body`` and send Content-Encoding: gzip
    etag: str | None = None  # sent as ETag; a request with a matching If-None-Match gets 304
    hang: bool = False  # read the request, then never answer
    gate: asyncio.Event | None = None  # answer only once this is set


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]  # lower-case names


class FeedServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.active = 0  # requests being answered right now
        self.peak = 0  # most requests answered at once
        self._changed = asyncio.Event()
        self._closing = asyncio.Event()
        self._writers: set[asyncio.StreamWriter] = set()

    # --- configuration ---
    def set(self, path: str, route: Route | None = None, **kwargs: object) -> str:
        self.routes[path] = route if route is not None else Route(**kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 301) -> str:
        return self.set(path, Route(status=status, headers={"Location": to}, content_type=None))

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    async def wait_active(self, count: int) -> None:
        """Return once ``count`` requests are being answered at the same time."""
        while self.active < count:
            self._changed.clear()
            await self._changed.wait()

    async def wait_requests(self, count: int) -> None:
        """Return once ``count`` requests have arrived in total."""
        while len(self.requests) < count:
            self._changed.clear()
            await self._changed.wait()

    # --- lifecycle ---
    async def start(self) -> FeedServer:
        self._server = await asyncio.start_server(self._accept, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def close(self) -> None:
        # Handlers are ended by closing their connections (not cancelled: asyncio logs cancelled
        # connection callbacks as errors).
        self._closing.set()
        if self._server is not None:
            self._server.close()
        for _ in range(3):  # connections accepted just now get their handler task a moment later
            await asyncio.sleep(0)
            for writer in list(self._writers):
                writer.close()
            if self._handlers:
                await asyncio.wait(list(self._handlers), timeout=5)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> FeedServer:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # --- serving ---
    async def _until(self, event: asyncio.Event) -> None:
        """Wait for ``event`` or for the server to close, whichever comes first."""
        waiters = [asyncio.ensure_future(event.wait()), asyncio.ensure_future(self._closing.wait())]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._writers.add(writer)
        try:
            while not self._closing.is_set() and await self._serve_one(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            self._handlers.discard(task)
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve_one(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ", 2)
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        path = target.split("?", 1)[0]
        self.requests.append(Request(path, headers))
        route = self.routes.get(path) or self.routes.get(target) or Route(status=404, body=b"not found")
        self.active += 1
        self.peak = max(self.peak, self.active)
        self._changed.set()
        try:
            return await self._answer(writer, method, headers, route)
        finally:
            self.active -= 1
            self._changed.set()

    async def _answer(
        self, writer: asyncio.StreamWriter, method: str, headers: dict[str, str], route: Route
    ) -> bool:
        if route.hang:
            await self._closing.wait()
            return False
        if route.gate is not None:
            await self._until(route.gate)
            if self._closing.is_set():
                return False
        status, body = route.status, route.body
        out = dict(route.headers)
        if route.content_type and "Content-Type" not in out:
            out["Content-Type"] = route.content_type
        if route.etag is not None:
            out["ETag"] = route.etag
            if headers.get("if-none-match") == route.etag:
                status, body = 304, b""
        if route.gzip and body:
            body = gzip_module.compress(body)
            out["Content-Encoding"] = "gzip"
        if method == "HEAD" or status == 304:
            body = b""
        out["Content-Length"] = str(len(body))
        head_out = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in out.items()
        )
        writer.write(head_out.encode("latin-1") + b"\r\n")
        for i in range(0, len(body), 65536):
            writer.write(body[i : i + 65536])
            await writer.drain()
        await writer.drain()
        return headers.get("connection", "").lower() != "close"

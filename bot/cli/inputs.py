"""Reading what ``claimwatch scan``/``eval`` are given: text, HTML, feeds, URLs, JSON lines.

This is the I/O edge of the detector: everything here turns a path or URL into
:class:`~bot.detect.model.ArticleInput` values, or raises :class:`~bot.errors.InputError`.
Feeds are parsed by :mod:`bot.ingest.parse`, pages by :mod:`bot.ingest.extract`, URLs fetched by
:mod:`bot.ingest.http` (with its timeouts and size cap).
"""

from __future__ import annotations

import asyncio
import csv
import html
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from bot.detect.model import ArticleInput
from bot.errors import ClaimwatchError, InputError
from bot.ingest.extract import decode_page, extract_main_text
from bot.ingest.http import PAGE_ACCEPT, FetchPolicy, fetch, make_client
from bot.ingest.parse import parse_feed_sync
from bot.settings import Settings

MAX_BYTES = 10 * 1024 * 1024
MAX_FEED_ENTRIES = 500
TIMEOUT = 30.0
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|p|div)\b", re.I | re.S
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def read_source(source: str) -> tuple[bytes, dict[str, str], str]:
    """Bytes, response headers (lower-case) and final URL/path of a file or URL."""
    if is_url(source):
        return asyncio.run(_fetch(source))
    return read_file(Path(source), MAX_BYTES), {}, source


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them (more is an error).

    The size stat() reports is not trusted (/proc files say 0, a file may grow while read): the
    read itself stops after ``limit`` + 1 bytes. Devices (/dev/zero), FIFOs and sockets are
    refused; the file is opened non-blocking and checked on the open descriptor, so a FIFO put
    in its place meanwhile cannot hang the command.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "a device, pipe or socket"
            raise InputError(f"{path}: not a regular file ({kind}); give a file, a URL or a feed")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{path}: file is larger than {limit} bytes")
    return data


async def _fetch(url: str) -> tuple[bytes, dict[str, str], str]:
    # The URL comes from the person at the terminal, so private hosts are allowed here.
    settings = Settings(
        http_read_timeout=TIMEOUT,
        http_total_timeout=TIMEOUT,
        max_body_bytes=MAX_BYTES,
        allow_private_urls=True,
    )
    policy = FetchPolicy.from_settings(settings)
    accept = f"{PAGE_ACCEPT}, application/rss+xml;q=0.9, application/atom+xml;q=0.9"
    # The project's one client factory: same User-Agent and encodings as the poller.
    async with make_client(settings) as client:
        try:
            result = await fetch(client, url, policy, accept=accept)
        except ClaimwatchError as exc:
            raise InputError(f"{url}: {exc}") from exc
    return result.body, dict(result.headers), result.url


def articles_from(source: str) -> list[ArticleInput]:
    """Every article in a text/HTML file, page URL, or feed (file or URL: one per entry)."""
    body, headers, where = read_source(source)
    ctype = headers.get("content-type", "").lower()
    if _FEED_START.match(body[:2048]) or any(t in ctype for t in ("rss", "atom", "/xml")):
        try:
            feed = parse_feed_sync(
                body,
                headers,
                url=where if is_url(where) else "file:///" + where,
                max_entries=MAX_FEED_ENTRIES,
            )
        except ClaimwatchError as exc:
            raise InputError(f"{source}: not a readable feed: {exc}") from exc
        return [
            ArticleInput(e.link or e.guid or f"{source}#{n}", e.title, e.text)
            for n, e in enumerate(feed.entries, 1)
        ]
    if _HTML_START.match(body[:2048]) or "html" in ctype:
        page = decode_page(body, headers.get("content-type", ""))
        text = extract_main_text(page, url=where if is_url(where) else None)
        if not text:
            raise InputError(f"{source}: no article text found in the page")
        m = _TITLE.search(page)
        title = html.unescape(" ".join(m.group(1).split())) if m else ""
        return [ArticleInput(source, title, text)]
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text, HTML or a feed") from exc
    if "\x00" in text:
        raise InputError(f"{source}: binary file, not text")
    return [ArticleInput(source, "", text)]


def jsonl_rows(source: str) -> Iterator[dict[str, object] | InputError]:
    """Objects of a JSON-lines file; a broken line yields an InputError naming it (reading goes on).

    An unreadable file raises InputError."""
    try:
        fh = open(source, encoding="utf-8")  # noqa: SIM115 - closed below, yields lazily
    except OSError as exc:
        raise InputError(f"{source}: cannot read file: {exc.strerror or exc}") from exc
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield InputError(f"{source}:{n}: not JSON: {exc.msg}")
                    continue
                if not isinstance(row, dict):
                    yield InputError(f"{source}:{n}: expected a JSON object")
                    continue
                yield row
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not UTF-8 text") from exc


def article_from_row(
    row: dict[str, object], where: str, bodies: dict[str, str] | None = None
) -> ArticleInput:
    """An article from a {"id","title","text"} row (or {"body_id"} joined from ``bodies``)."""
    art_id = row.get("id")
    text = row.get("text")
    if text is None and "body_id" in row:
        if bodies is None:
            raise InputError(f"{where}: row {art_id!r} has body_id but no --bodies file was given")
        text = bodies.get(str(row["body_id"]))
        if text is None:
            raise InputError(f"{where}: body_id {row['body_id']!r} is not in the bodies file")
    if art_id is None or not isinstance(text, str):
        raise InputError(f'{where}: each line needs an "id" and a "text" string')
    title = row.get("title") or ""
    return ArticleInput(str(art_id), str(title), text)


def load_bodies(path: str) -> dict[str, str]:
    """FNC-1 style bodies CSV ("Body ID", "articleBody") as id -> text."""
    csv.field_size_limit(sys.maxsize)
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            return {str(r["Body ID"]): r["articleBody"] for r in reader}
    except (OSError, KeyError, csv.Error, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a bodies CSV with 'Body ID' and 'articleBody': {exc}") from exc

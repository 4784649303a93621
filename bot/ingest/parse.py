"""feedparser adapter: downloaded bytes + response headers -> the project's own frozen values.

Parsing runs in a worker thread (feedparser is CPU-bound and synchronous). Two guards run before
feedparser sees the bytes: a document that declares XML entities is refused (entity-expansion
bombs; real feeds never need them), and a feed with more entries than the cap is cut after the
cap, so a 50,000-entry feed costs no more than a normal one.
"""

from __future__ import annotations

import asyncio
import calendar
import codecs
import hashlib
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from bot.cleantext import clean_text
from bot.errors import ParseError
from bot.ingest.text import html_to_text, one_line
from bot.ingest.urls import canonical_url

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w:.-]*)")
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(item|entry)\s*>", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_MAX_TTL_MINUTES = 7 * 24 * 60
_CHARREF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,16})|([0-9]{1,20}));")
_RAW_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACEMENT_REF = b"&#xFFFD;"


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    key: str  # sha256 hex of "guid:…", else "link:…", else "text:" title + summary
    guid: str | None
    link: str | None  # absolute, as the feed gives it
    url: str | None  # canonical form of ``link`` (computed here, in the parser process)
    title: str  # plain text, one line
    summary: str  # plain text
    content: str  # plain text of the fullest content element, "" if none
    published: datetime | None  # aware UTC (published, else updated)

    @property
    def text(self) -> str:
        """The longest text the feed itself carries for this entry."""
        return self.content if len(self.content) >= len(self.summary) else self.summary


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    ttl: int | None  # seconds, from RSS <ttl>
    entries: tuple[ParsedEntry, ...]  # newest first, at most the cap
    total_entries: int  # entries the document announced (before the cap)
    warning: str | None = None  # bozo but usable, or truncated


async def parse_feed(body: bytes, headers: Mapping[str, str], *, url: str, max_entries: int) -> ParsedFeed:
    """Parse off the event loop; raises :class:`ParseError` if the body is not a usable feed."""
    return await asyncio.to_thread(parse_feed_sync, body, headers, url=url, max_entries=max_entries)


def parse_feed_sync(body: bytes, headers: Mapping[str, str], *, url: str, max_entries: int) -> ParsedFeed:
    if not body.strip():
        raise ParseError("empty body: the server sent no feed")
    _refuse_entities(body)
    total = len(_ENTRY_END.findall(body))
    warning: str | None = None
    if total > max_entries:
        body = _cut_after(body, max_entries)
        warning = f"feed lists {total} entries; only the first {max_entries} were read"
    body = _clean_bytes(body)
    response_headers = {k.lower(): v for k, v in headers.items()}
    try:
        result: Any = feedparser.parse(
            body, response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as exc:  # feedparser should not raise, but a hostile body must not crash a cycle
        raise ParseError(f"feed parser failed: {type(exc).__name__}: {exc}") from exc
    if not result.entries and (result.bozo or not result.version):
        raise ParseError(_not_a_feed(body, response_headers, result))
    if result.bozo and warning is None and total <= max_entries:
        # A wrong media type or declared encoding is not a malformed document: say which it is.
        flaw = "has a problem" if _header_only(result) else "is not well-formed"
        warning = f"feed {flaw} but is usable: {_bozo_reason(result)}"
    base = clean_text(str(result.feed.get("link") or url))
    entries, skipped = _entries(result.entries, url)
    if skipped:
        warning = "; ".join(w for w in (warning, skipped) if w)
    # Newest first; undated entries keep their document order after the dated ones.
    entries.sort(key=lambda e: e.published or datetime.min.replace(tzinfo=UTC), reverse=True)
    ttl = _ttl(result.feed.get("ttl"))
    return ParsedFeed(
        title=clean_text(one_line(html_to_text(str(result.feed.get("title") or "")))) or None,
        site_url=urljoin(url, base) if base else None,
        ttl=ttl,
        entries=tuple(entries[:max_entries]),
        total_entries=max(total, len(result.entries)),
        warning=warning,
    )


def _xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code`` in a document."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _fix_charref(match: re.Match[bytes]) -> bytes:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa is not None else int(decimal)
    return match.group() if _xml_char(code) else _REPLACEMENT_REF


def _clean_bytes(body: bytes) -> bytes:
    """References to characters XML forbids (``&#xD800;``, ``&#0;``) become U+FFFD and raw
    control bytes are dropped, before feedparser: one such character in one entry would
    otherwise fail the whole feed (feedparser cannot encode a lone surrogate)."""
    body = _CHARREF.sub(_fix_charref, body)
    # UTF-16/32 documents carry NUL bytes in every character: their raw bytes are left alone.
    wide = body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in body[:64]
    return body if wide else _RAW_CONTROLS.sub(b"", body)


def _entries(raw: Any, feed_url: str) -> tuple[list[ParsedEntry], str | None]:
    """Every usable entry; one that cannot be read is skipped (and counted), never the feed."""
    entries: list[ParsedEntry] = []
    failures: list[str] = []
    for e in raw:
        try:
            entries.append(_entry(e, feed_url))
        except Exception as exc:  # a hostile entry must cost only itself
            failures.append(f"{type(exc).__name__}: {exc}"[:200])
    if not failures:
        return entries, None
    return entries, clean_text(f"{len(failures)} unreadable entries skipped ({failures[0]})")


def _sniff_text(body: bytes) -> bytes:
    """The prolog as ASCII-compatible bytes, so the guards also see UTF-16/32 documents."""
    head = body[:4]
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if head.startswith(bom):
            return body.decode(codec, errors="replace").encode("utf-8", errors="replace")
    if b"\x00" in body[:64]:  # UTF-16 without BOM
        codec = "utf-16-le" if body[1:2] == b"\x00" else "utf-16-be"
        return body.decode(codec, errors="replace").encode("utf-8", errors="replace")
    return body


def _refuse_entities(body: bytes) -> None:
    text = _sniff_text(body)
    decl = _ENTITY_DECL.search(text)
    if decl is None:
        return
    root = _ROOT.search(text)
    if root is None or decl.start() < root.start():
        raise ParseError("the document declares XML entities (possible entity-expansion bomb); refused")


def _cut_after(body: bytes, count: int) -> bytes:
    """``body`` up to the ``count``-th entry end, with the root element closed again."""
    end = 0
    tag = b"item"
    for i, match in enumerate(_ENTRY_END.finditer(body), start=1):
        end, tag = match.end(), match.group(1).lower()
        if i >= count:
            break
    root = _ROOT.search(body)
    root_name = root.group(1) if root else b""
    closing = b""
    if tag == b"item" and root_name.lower().endswith(b"rss"):
        closing = b"</channel>"
    if root_name:
        closing += b"</" + root_name + b">"
    return body[:end] + closing


def _not_a_feed(body: bytes, headers: Mapping[str, str], result: Any) -> str:
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type in ("text/html", "application/xhtml+xml") or _HTML_START.match(body[:2048]):
        return "the URL serves an HTML page, not an RSS/Atom feed"
    if result.bozo:
        return f"not a usable feed: {_bozo_reason(result)}"
    return "not an RSS or Atom feed (no feed element and no entries)"


def _header_only(result: Any) -> bool:
    """The bozo flag is about the HTTP headers / declared encoding, not the XML itself."""
    exc = result.get("bozo_exception")
    return isinstance(exc, feedparser.NonXMLContentType | feedparser.CharacterEncodingOverride)


def _bozo_reason(result: Any) -> str:
    exc = result.get("bozo_exception")
    text = str(exc) if exc is not None else "unknown problem"
    return f"{type(exc).__name__}: {text}"[:300] if exc is not None else text


def _detail_text(value: Any, detail: Any) -> str:
    """Plain text of a feedparser text construct (HTML unless it is declared text/plain)."""
    text = str(value or "")
    kind = str(detail.get("type", "")) if isinstance(detail, Mapping) else ""
    if kind == "text/plain":
        return text.strip()
    return html_to_text(text)


def _entry(e: Any, feed_url: str) -> ParsedEntry:
    guid = clean_text(str(e.get("id") or "")).strip() or None
    raw_link = clean_text(str(e.get("link") or "")).strip()
    link = urljoin(feed_url, raw_link) if raw_link else None
    title = clean_text(one_line(_detail_text(e.get("title"), e.get("title_detail"))))
    summary = clean_text(_detail_text(e.get("summary"), e.get("summary_detail")))
    contents = [clean_text(_detail_text(c.get("value"), c)) for c in e.get("content") or ()]
    content = max(contents, key=len, default="")
    url = canonical_url(link) if link else None
    if guid:
        identity = f"guid:{guid}"
    elif url:
        identity = f"link:{url}"
    else:
        identity = f"text:{title}\n{summary}"
    return ParsedEntry(
        key=hashlib.sha256(identity.encode("utf-8")).hexdigest(),
        guid=guid,
        link=link,
        url=url,
        title=title,
        summary=summary,
        content=content,
        published=_date(e.get("published_parsed") or e.get("updated_parsed")),
    )


def _date(parsed: time.struct_time | None) -> datetime | None:
    if parsed is None:
        return None
    try:
        # feedparser normalises to UTC already; timegm keeps it there.
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _ttl(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    if minutes <= 0:
        return None
    return min(minutes, _MAX_TTL_MINUTES) * 60

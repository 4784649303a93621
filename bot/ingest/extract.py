"""Main text of an article page (trafilatura), without related-link lists or teaser blocks.

trafilatura already drops most boilerplate (favor_precision). Two post-filters catch what gets
through: a paragraph whose whole text is the text of one link on the page (a list of headlines
pointing elsewhere), and everything after a "More from …"/"Related stories" heading until the
next real paragraph.
"""

from __future__ import annotations

import logging
import re

import httpx
import trafilatura

from bot.errors import FeedError, ParseError, UnsafeURLError
from bot.ingest.cpu import CpuPool
from bot.ingest.http import PAGE_ACCEPT, FetchPolicy, HostLimiter, fetch
from bot.ingest.text import link_texts, normalize_space

log = logging.getLogger(__name__)

TEASER_HEADING = re.compile(
    r"^(?:more (?:from|on|about|stories|news|in)\b|related\b|read (?:more|next|also)\b|see also\b"
    r"|you (?:may|might) (?:also )?(?:like|be interested)|recommended\b|most (?:read|popular|viewed)\b"
    r"|also (?:on|in|read)\b|trending\b|top stories\b|latest (?:news|stories)\b|editor'?s picks\b"
    r"|further reading\b|don'?t miss\b|popular now\b|up next\b|what to read next\b)",
    re.IGNORECASE,
)
PARAGRAPH_MIN = 120  # a paragraph this long is article text again (teaser lines are shorter)
_BULLET = re.compile(r"^[\-•*·–—]\s*")
_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _key(text: str) -> str:
    return " ".join(_BULLET.sub("", text).casefold().split())


def _link_keys(html: str) -> set[str]:
    # Short link texts ("Home", "World") also occur inside prose: only headline-like ones count.
    return {key for key in map(_key, link_texts(html)) if len(key) >= 12}


def decode_page(body: bytes, content_type: str = "") -> str:
    """Bytes of an HTML page to text: charset from the header, else a <meta> tag, else UTF-8
    (falling back to Windows-1252, which decodes any byte)."""
    candidates = []
    for source in (content_type.encode("latin-1", "replace"), body[:4096]):
        match = _CHARSET.search(source)
        if match:
            candidates.append(match.group(1).decode("ascii", "replace"))
    for name in [*candidates, "utf-8"]:
        try:
            return body.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


def clean_paragraphs(text: str, link_texts: set[str]) -> str:
    """Drop link-only paragraphs and teaser blocks from extracted ``text``."""
    kept: list[str] = []
    in_teaser = False
    for para in (p.strip() for p in text.split("\n")):
        if not para:
            continue
        key = _key(para)
        if len(para) < 120 and TEASER_HEADING.match(key):
            in_teaser = True
            continue
        if in_teaser and len(para) < PARAGRAPH_MIN:
            continue
        in_teaser = False
        if key in link_texts:
            continue
        kept.append(para)
    return normalize_space("\n\n".join(kept))


def extract_main_text(html: bytes | str, url: str | None = None) -> str:
    """Main text of a page ("" when nothing article-like is found). CPU-bound: run in a thread."""
    page = html if isinstance(html, str) else decode_page(html)
    extracted = trafilatura.extract(
        page,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        favor_precision=True,
    )
    if not extracted:
        return ""
    return clean_paragraphs(str(extracted), _link_keys(page))


async def fetch_article_text(
    client: httpx.AsyncClient, url: str, policy: FetchPolicy, limiter: HostLimiter, cpu: CpuPool
) -> str | None:
    """Fetch ``url`` (per-host limit, size cap, timeouts) and extract its text; None on failure."""
    try:
        async with limiter.slot(url):
            result = await fetch(client, url, policy, accept=PAGE_ACCEPT)
    except (FeedError, UnsafeURLError) as exc:
        log.info("article page %s not fetched: %s", url, exc)
        return None
    content_type = result.headers.get("content-type", "").lower()
    if content_type and "html" not in content_type and "xml" not in content_type:
        log.info("article page %s is %s, not HTML; summary kept", url, content_type)
        return None
    page = decode_page(result.body, content_type)
    try:
        text = await cpu.run(extract_main_text, page, result.url)
    except ParseError as exc:
        log.info("article page %s not extracted: %s", url, exc)
        return None
    return text or None

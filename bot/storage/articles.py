"""Articles and feed entries: each article stored once, however many feeds or links lead to it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cleantext import cap, clean_text
from bot.storage.models import Article, FeedEntry

_CHUNK = 500  # bound the size of IN (...) lists


@dataclass(frozen=True, slots=True)
class NewEntry:
    """One feed entry ready to store (text already extracted)."""

    entry_key: str
    url: str  # canonical
    url_hash: str
    title: str
    summary: str
    text: str
    published_at: datetime | None
    alert_worthy: bool


def safe_entry(e: NewEntry, *, max_title: int | None = None, max_text: int | None = None) -> NewEntry:
    """``e`` with every string storable on both back ends (no NUL, no lone surrogate) and the
    title, summary and text capped. Idempotent: the poller applies it before the detector reads
    the entry, :func:`store_entries` again before writing."""
    return replace(
        e,
        url=clean_text(e.url),
        title=_capped(clean_text(e.title), max_title),
        summary=_capped(clean_text(e.summary), max_text),
        text=_capped(clean_text(e.text), max_text),
    )


def _capped(text: str, limit: int | None) -> str:
    return text if limit is None else cap(text, limit)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


async def known_entry_keys(session: AsyncSession, feed_id: int, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` this feed has already delivered."""
    found: set[str] = set()
    for chunk in _chunks(list(dict.fromkeys(keys))):
        query = select(FeedEntry.entry_key).where(
            FeedEntry.feed_id == feed_id, FeedEntry.entry_key.in_(chunk)
        )
        found.update((await session.execute(query)).scalars())
    return found


async def known_url_hashes(session: AsyncSession, hashes: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(dict.fromkeys(hashes))):
        found.update(
            (await session.execute(select(Article.url_hash).where(Article.url_hash.in_(chunk)))).scalars()
        )
    return found


def new_articles(
    entries: Sequence[NewEntry], seen_keys: Collection[str], stored_hashes: Collection[str]
) -> dict[str, NewEntry]:
    """By URL hash, the entries :func:`store_entries` stores as new articles, given the entry keys
    the feed delivered before and the URL hashes already stored. The poller uses it to run the
    detector ahead, on exactly these, before it opens the write transaction."""
    unique = {e.entry_key: e for e in entries}.values()
    out: dict[str, NewEntry] = {}
    for e in unique:
        if e.entry_key not in seen_keys and e.url_hash not in stored_hashes and e.url_hash not in out:
            out[e.url_hash] = e
    return out


async def store_entries(
    session: AsyncSession,
    feed_id: int,
    entries: Sequence[NewEntry],
    now: datetime,
) -> list[Article]:
    """Record ``entries`` of one feed; return the articles stored for the first time.

    An entry the feed delivered before is ignored; an entry whose article is already stored
    (another feed, or the same URL with tracking parameters) only gets its feed_entries row.
    Every string is cleaned (:func:`safe_entry`) on the way in; the caller caps the lengths.
    """
    safe = [safe_entry(e) for e in entries]
    unique = list({e.entry_key: e for e in safe}.values())
    seen = await known_entry_keys(session, feed_id, [e.entry_key for e in unique])
    fresh = [e for e in unique if e.entry_key not in seen]
    if not fresh:
        return []
    existing: dict[str, int] = {}
    for chunk in _chunks([e.url_hash for e in fresh]):
        rows = await session.execute(select(Article.url_hash, Article.id).where(Article.url_hash.in_(chunk)))
        existing.update((h, i) for h, i in rows)
    new_rows: dict[str, dict[str, object]] = {}
    for e in new_articles(fresh, seen, existing).values():
        new_rows[e.url_hash] = {
            "url": e.url,
            "url_hash": e.url_hash,
            "feed_id": feed_id,
            "title": e.title,
            "summary": e.summary,
            "text": e.text,
            "published_at": e.published_at,
            "fetched_at": now,
            "alert_worthy": e.alert_worthy,
            "processed": False,
        }
    created: list[Article] = []
    if new_rows:
        # One multi-row INSERT ... RETURNING (the unit of work would insert row by row).
        # populate_existing: a row id freed by an earlier rolled-back savepoint (another feed's
        # failed batch in this unit of work) may still name a stale object in the session
        result = await session.scalars(
            insert(Article).returning(Article).execution_options(populate_existing=True),
            list(new_rows.values()),
        )
        created = sorted(result.all(), key=lambda a: a.id)
    ids = existing | {a.url_hash: a.id for a in created}
    await session.execute(
        insert(FeedEntry),
        [
            {"feed_id": feed_id, "entry_key": e.entry_key, "article_id": ids[e.url_hash], "seen_at": now}
            for e in fresh
        ],
    )
    return created

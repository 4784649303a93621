"""Watch, unwatch and list a chat's keywords, enforcing the per-chat limits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import CommandError
from bot.services.keywords import (
    MAX_KEYWORDS_PER_CHAT,
    display_keyword,
    normalize_keyword,
    split_keywords,
    validate_keyword,
)
from bot.services.subscriptions import ChatRef
from bot.storage import chats


@dataclass(frozen=True, slots=True)
class Keyword:
    id: int
    keyword: str
    normalized: str


@dataclass(frozen=True, slots=True)
class WatchResult:
    added: tuple[str, ...]
    already: tuple[str, ...]  # watched before this command
    total: int
    subscribed: bool
    scope: str  # "all": keywords do not filter alerts until the scope is "watched"
    narrowed: bool = False  # this command switched the scope to "watched"


@dataclass(frozen=True, slots=True)
class UnwatchResult:
    removed: tuple[str, ...]
    unknown: tuple[str, ...]
    remaining: int


WATCH_USAGE = 'Tell me what to watch, e.g. /watch ukraine "death toll"'
UNWATCH_USAGE = "Tell me which keyword to drop, e.g. /unwatch ukraine (see /watchlist)"


async def watch(
    session_factory: async_sessionmaker[AsyncSession], chat: ChatRef, arguments: str
) -> WatchResult:
    """Add every keyword in ``arguments``; all or nothing when a limit would be exceeded."""
    wanted = _parse(arguments, WATCH_USAGE)
    async with session_factory() as session, session.begin():
        row = await chats.ensure_chat(session, chat.id, chat.type, chat.title)
        existing = {k.normalized for k in await chats.list_keywords(session, chat.id)}
        new = [(kw, norm) for kw, norm in wanted if norm not in existing]
        already = tuple(kw for kw, norm in wanted if norm in existing)
        room = MAX_KEYWORDS_PER_CHAT - len(existing)
        if len(new) > room:
            raise CommandError(
                f"A chat can watch at most {MAX_KEYWORDS_PER_CHAT} keywords. This chat watches "
                f"{len(existing)}, so {_room(room)}; nothing was added. "
                "Remove some with /unwatch or /watchlist."
            )
        for kw, norm in new:
            await chats.add_keyword(session, chat.id, kw, norm)
        # A first keyword means "this is what I care about": narrow the alerts to the watchlist
        # (and say so). A chat that picks "Everything" in /settings afterwards keeps it.
        narrowed = bool(new) and not existing and row.scope == "all"
        if narrowed:
            row.scope = "watched"
        return WatchResult(
            added=tuple(kw for kw, _ in new),
            already=already,
            total=len(existing) + len(new),
            subscribed=row.subscribed,
            scope=row.scope,
            narrowed=narrowed,
        )


async def unwatch(
    session_factory: async_sessionmaker[AsyncSession], chat: ChatRef, arguments: str
) -> UnwatchResult:
    """Remove the named keywords; a CommandError if none of them was watched."""
    wanted = _parse(arguments, UNWATCH_USAGE, validate=False)
    async with session_factory() as session, session.begin():
        removed: list[str] = []
        unknown: list[str] = []
        for kw, norm in wanted:
            (removed if await chats.delete_keyword(session, chat.id, norm) else unknown).append(kw)
        if not removed:
            names = ", ".join(f"“{kw}”" for kw in unknown[:5])
            if len(unknown) > 5:
                names += f" and {len(unknown) - 5} more"
            raise CommandError(f"This chat does not watch {names}. See /watchlist for what it watches.")
        remaining = await chats.count_keywords(session, chat.id)
    return UnwatchResult(removed=tuple(removed), unknown=tuple(unknown), remaining=remaining)


async def unwatch_by_id(
    session_factory: async_sessionmaker[AsyncSession], chat_id: int, keyword_id: int
) -> str | None:
    """Remove one keyword by id (a watchlist button); None if it was already removed."""
    async with session_factory() as session, session.begin():
        return await chats.delete_keyword_by_id(session, chat_id, keyword_id)


async def watchlist(session_factory: async_sessionmaker[AsyncSession], chat_id: int) -> list[Keyword]:
    async with session_factory() as session:
        rows = await chats.list_keywords(session, chat_id)
        return [Keyword(id=r.id, keyword=r.keyword, normalized=r.normalized) for r in rows]


def _parse(arguments: str, usage: str, *, validate: bool = True) -> list[tuple[str, str]]:
    """(as typed, normalised) pairs, deduplicated in order; validation errors name the keyword."""
    words = split_keywords(arguments)
    if not words:
        raise CommandError(usage)
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for word in words:
        shown = display_keyword(word)
        norm = validate_keyword(shown) if validate else normalize_keyword(shown)
        if norm and norm not in seen:
            seen.add(norm)
            out.append((shown, norm))
    if not out:
        raise CommandError(usage)
    return out


def _room(room: int) -> str:
    if room <= 0:
        return "there is no room for more"
    return f"there is room for {room} more"

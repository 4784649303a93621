"""The feeds file (``CLAIMWATCH_FEEDS_FILE``, TOML): the starting list of watched feeds.

[[feeds]]
url = "https://example.org/world/rss.xml"
title = "Example World News"     # optional
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import InputError, UnsafeURLError
from bot.ingest.urls import check_url_syntax
from bot.storage.feeds import FileFeed, SyncReport, sync_file_feeds


def load_feeds_file(path: Path) -> list[FileFeed]:
    """Read and validate the feeds file; every problem is reported at once as an InputError."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise InputError(f"feeds file {path} does not exist (CLAIMWATCH_FEEDS_FILE)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"feeds file {path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise InputError(f"feeds file {path} cannot be read: {exc.strerror}") from exc
    items = data.get("feeds", [])
    if not isinstance(items, list):
        raise InputError(f"feeds file {path}: 'feeds' must be a list of [[feeds]] tables")
    problems: list[str] = []
    feeds: dict[str, FileFeed] = {}
    for number, item in enumerate(items, start=1):
        where = f"[[feeds]] #{number}"
        if not isinstance(item, dict):
            problems.append(f'{where}: must be a table with url = "..."')
            continue
        url, title = item.get("url"), item.get("title")
        if not isinstance(url, str):
            problems.append(f"{where}: url is missing or not a string")
            continue
        if title is not None and not isinstance(title, str):
            problems.append(f"{where}: title must be a string")
            continue
        try:
            url = check_url_syntax(url)
        except UnsafeURLError as exc:
            problems.append(f"{where}: {exc}")
            continue
        feeds.setdefault(url, FileFeed(url=url, title=title.strip() if title else None))
    if problems:
        raise InputError(f"feeds file {path} has problems:\n" + "\n".join(f"  - {p}" for p in problems))
    return list(feeds.values())


async def sync_feeds_file(session_factory: async_sessionmaker[AsyncSession], path: Path) -> SyncReport:
    """Load ``path`` and make the file-sourced feeds in the database match it."""
    wanted = load_feeds_file(path)
    async with session_factory() as session, session.begin():
        return await sync_file_feeds(session, wanted)

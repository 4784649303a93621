from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fakes.feed_server import FeedServer, Route

from bot.clock import FakeClock
from bot.errors import InputError
from bot.ingest.feeds_file import load_feeds_file, sync_feeds_file
from bot.settings import Settings
from bot.storage.feeds import NOT_IN_FILE, REMOVED_BY_ADMIN, add_feed, list_feeds, remove_feed

from .builders import item, rss
from .helpers import Factory, make_poller


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_feeds_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[feeds]]\nurl = "https://a.test/rss"\ntitle = " A "\n\n[[feeds]]\nurl = "https://b.test/atom"\n'
        '\n[[feeds]]\nurl = "https://a.test/rss"\n',
    )
    feeds = load_feeds_file(path)
    assert [(f.url, f.title) for f in feeds] == [("https://a.test/rss", "A"), ("https://b.test/atom", None)]


def test_shipped_feeds_file_is_valid() -> None:
    feeds = load_feeds_file(Path(__file__).parents[2] / "config" / "feeds.toml")
    assert len(feeds) >= 10


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, '[[feeds]]\ntitle = "x"\n[[feeds]]\nurl = "ftp://x.test/f"\n[[feeds]]\nurl = 5\n')
    with pytest.raises(InputError) as info:
        load_feeds_file(path)
    message = str(info.value)
    assert "#1: url is missing" in message
    assert "#2: only http" in message
    assert "#3: url is missing or not a string" in message


@pytest.mark.parametrize(
    ("text", "expected"), [("[[feeds]\n", "not valid TOML"), ("feeds = 3\n", "must be a list")]
)
def test_broken_files(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        load_feeds_file(write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_feeds_file(tmp_path / "nope.toml")


async def test_sync_adds_disables_and_enables_again(tmp_path: Path, session_factory: Factory) -> None:
    path = write(tmp_path, '[[feeds]]\nurl = "https://a.test/rss"\n[[feeds]]\nurl = "https://b.test/rss"\n')
    report = await sync_feeds_file(session_factory, path)
    assert (report.added, report.disabled) == (2, 0)
    async with session_factory() as session, session.begin():
        await add_feed(session, "https://admin.test/rss", added_by=42)
    write(tmp_path, '[[feeds]]\nurl = "https://a.test/rss"\n')
    report = await sync_feeds_file(session_factory, path)
    assert (report.added, report.disabled, report.unchanged) == (0, 1, 1)
    async with session_factory() as session:
        feeds = {f.url: f for f in await list_feeds(session)}
    assert not feeds["https://b.test/rss"].enabled
    assert feeds["https://b.test/rss"].disabled_reason == NOT_IN_FILE
    assert feeds["https://admin.test/rss"].enabled  # admin feeds are not the file's business
    write(tmp_path, '[[feeds]]\nurl = "https://a.test/rss"\n[[feeds]]\nurl = "https://b.test/rss"\n')
    report = await sync_feeds_file(session_factory, path)
    assert report.enabled_again == 1


async def test_sync_keeps_admin_removal(tmp_path: Path, session_factory: Factory) -> None:
    path = write(tmp_path, '[[feeds]]\nurl = "https://a.test/rss"\n')
    await sync_feeds_file(session_factory, path)
    async with session_factory() as session, session.begin():
        removed = await remove_feed(session, "https://a.test/rss")
        assert removed is not None
    await sync_feeds_file(session_factory, path)
    async with session_factory() as session:
        (feed,) = await list_feeds(session)
    assert not feed.enabled
    assert feed.disabled_reason == REMOVED_BY_ADMIN


async def test_moved_feed_is_not_added_twice(
    tmp_path: Path,
    server: FeedServer,
    client: httpx.AsyncClient,
    settings: Settings,
    session_factory: Factory,
) -> None:
    server.set("/new", Route(body=rss([item(1)])))
    old = server.redirect("/old", "/new", 301)
    path = write(tmp_path, f'[[feeds]]\nurl = "{old}"\n')
    await sync_feeds_file(session_factory, path)
    await make_poller(session_factory, client, settings, FakeClock()).run_cycle()
    report = await sync_feeds_file(session_factory, path)
    assert (report.added, report.disabled, report.unchanged) == (0, 0, 1)
    async with session_factory() as session:
        (feed,) = await list_feeds(session)
    assert feed.url == server.url("/new")
    assert feed.enabled


async def test_add_remove_list(session_factory: Factory) -> None:
    async with session_factory() as session, session.begin():
        feed, added = await add_feed(session, " https://a.test/rss ", title="A", added_by=7)
        assert added
        again, added_again = await add_feed(session, "https://a.test/rss")
        assert again.id == feed.id
        assert not added_again
        assert await remove_feed(session, feed.id) is not None
        assert await remove_feed(session, feed.id) is None
        assert await list_feeds(session, include_disabled=False) == []
        back, re_added = await add_feed(session, "https://a.test/rss")
        assert re_added
        assert back.enabled
        assert back.next_poll_at is None

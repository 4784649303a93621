"""End to end: a user subscribes and watches a keyword, a local feed publishes an article with a
contested figure, a poll runs, the alert reaches the (fake) Telegram API, the user presses
Details, and the evidence arrives. Every part is real except the two servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from fakes.feed_server import FeedServer
from fakes.harness import StartApp, settle
from fakes.telegram_api import FakeTelegramAPI

from bot.clock import FakeClock
from bot.settings import Settings

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

USER = 9001
ARTICLE_TEXT = (
    "The port authority said about 3,400 containers were destroyed in the fire at the northern "
    "harbour on Tuesday. The dockworkers union rejected the figure, saying the real number was far "
    "lower. Firefighters worked through the night to contain the blaze near the grain terminal."
)


def rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Coastal Courier</title><link>http://127.0.0.1/</link><description>Local news</description>"
        f"{items}</channel></rss>"
    ).encode()


def item(link: str, published: str) -> str:
    return (
        "<item><title>Harbour fire: union rejects port authority's container count</title>"
        f"<link>{link}</link><guid>{link}</guid><pubDate>{published}</pubDate>"
        f"<description>{ARTICLE_TEXT}</description></item>"
    )


@pytest.fixture
async def feed_server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as server:
        yield server


async def test_subscribe_watch_alert_details(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    feed_server: FeedServer,
    settings: Settings,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    feed_url = feed_server.set("/world.xml", body=rss(""))
    page_url = feed_server.set(
        "/news/harbour-fire.html",
        body=f"<html><head><title>Harbour fire</title></head><body><article><p>{ARTICLE_TEXT}</p>"
        "</article></body></html>".encode(),
        content_type="text/html; charset=utf-8",
    )
    feeds_file = tmp_path / "e2e-feeds.toml"
    feeds_file.write_text("", encoding="utf-8")  # no feed yet: the start-up poll has nothing to do
    e2e_settings = settings.model_copy(update={"feeds_file": feeds_file, "allow_private_urls": True})

    async with start_app(settings=e2e_settings, ingestion=True) as app:
        await fake_api.send_command("/subscribe", chat_id=USER)
        await fake_api.send_command("/watch harbour", chat_id=USER)
        replies = await fake_api.wait_for_messages(2, chat_id=USER)
        assert "Subscribed" in replies[0].text
        assert "harbour" in replies[1].text

        before_poll = len(fake_api.outgoing)
        published = format_datetime(clock.now() - timedelta(minutes=10))
        feed_server.set("/world.xml", body=rss(item(page_url, published)))
        feeds_file.write_text(f'[[feeds]]\nurl = "{feed_url}"\ntitle = "Coastal Courier"\n', encoding="utf-8")
        poller = app.bot_data.poller
        assert poller is not None
        await poller.wait_idle()  # the timer's start-up cycle must not claim the feed under ours
        await poller.sync_feeds_file()
        report = await poller.run_cycle()
        assert report is not None
        assert report.new_entries == 1
        await settle(app)

        [alert] = await fake_api.wait_for_messages(chat_id=USER, after=before_poll)
        assert "about 3,400" in alert.text
        assert "containers destroyed" in alert.text
        assert "the port authority" in alert.text
        assert "The dockworkers union rejected" in alert.text  # the disputer, in its own sentence
        assert "the real number was far lower" in alert.text  # a short quote of the dispute
        assert page_url in alert.text  # the source link
        [details_button] = alert.buttons
        assert len(details_button["callback_data"].encode()) <= 64

        seen = len(fake_api.outgoing)
        query_id = await fake_api.press_button(alert, details_button["callback_data"], user_id=USER)
        [details] = await fake_api.wait_for_messages(chat_id=USER, after=seen)
        assert "Evidence" in details.text
        assert "rejected the figure" in details.text  # the denial, quoted
        assert page_url in details.text
        assert "01 Jan 2026" in details.text  # the source's time
        assert any(a["callback_query_id"] == query_id for a in fake_api.answered_callbacks)

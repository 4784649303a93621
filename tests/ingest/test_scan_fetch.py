"""``claimwatch scan URL`` fetches through the ingestion client (same User-Agent, decoding, caps)."""

from __future__ import annotations

import asyncio

from fakes.feed_server import FeedServer, Route

from bot import __version__
from bot.cli.inputs import articles_from

from .builders import item, rss


async def test_scan_fetches_a_feed_url_with_the_project_user_agent(server: FeedServer) -> None:
    url = server.set("/feed", Route(body=rss([item(1), item(2)]), gzip=True))
    # articles_from runs its own event loop (it is the CLI's synchronous edge): give it a thread.
    found = await asyncio.to_thread(articles_from, url)
    assert [a.title for a in found] == ["Harbour report number 1", "Harbour report number 2"]
    sent = server.hits("/feed")[0].headers
    assert sent["user-agent"].startswith(f"claimwatch/{__version__} ")

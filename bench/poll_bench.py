"""Poll benchmark: one cold and one warm cycle over N local feeds, detection off (or on).

    .venv/bin/python bench/poll_bench.py [--feeds 500] [--entries 20] [--hosts 50] [--detect]

A separate process serves the feeds (so the server never competes with the poller for the
event loop) from ``--hosts`` loopback addresses 127.0.0.1 ... 127.0.0.H: the poller allows only
two requests at once per host, and real feeds are spread over many hosts. The cold cycle
downloads, parses and stores every entry; in the warm cycle every feed answers 304 to the
conditional GET. Prints feeds/s, entries/s, the peak RSS of the polling process, and the
longest the event loop was kept from running (what a Telegram reply would have waited for).
With ``--detect`` every new article also goes through the detector, in the worker processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PARAGRAPH = (
    "The relief coordinators said the convoy reached the northern districts late on Monday after "
    "two days of delays at the river crossing, carrying water purification kits, tents and "
    "medical supplies for several thousand families. Local officials described the situation as "
    "stable but fragile, and warned that more rain was expected over the coming week. "
)


def feed_body(feed: int, entries: int, now: datetime) -> bytes:
    items = []
    for n in range(entries):
        when = format_datetime(now - timedelta(minutes=n))
        items.append(
            f"<item><title>Convoy update {feed}-{n}</title>"
            f"<link>http://site{feed}.bench.test/story/{n}?utm_source=rss</link>"
            f"<guid>bench-{feed}-{n}</guid><pubDate>{when}</pubDate>"
            f"<description>Update {n} from feed {feed}.</description>"
            f"<content:encoded><![CDATA[<p>{PARAGRAPH * 4}</p><p>Item {feed}/{n}.</p>]]></content:encoded>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Bench feed {feed}</title><link>http://site{feed}.bench.test/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


async def serve(feeds: int, entries: int, hosts: int) -> None:
    from fakes.feed_server import FeedServer, Route

    now = datetime.now(UTC)
    servers = [await FeedServer(host=f"127.0.0.{h + 1}").start() for h in range(hosts)]
    urls = []
    for i in range(feeds):
        server = servers[i % hosts]
        urls.append(server.set(f"/feed/{i}.xml", Route(body=feed_body(i, entries, now), etag=f'"v{i}"')))
    print(json.dumps(urls), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    for server in servers:
        await server.close()


class LoopStall:
    """Longest delay of a 10 ms timer on the event loop: how long the loop was blocked."""

    TICK = 0.01

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.TICK
            await asyncio.sleep(self.TICK)
            self.worst = max(self.worst, loop.time() - due)

    def __enter__(self) -> LoopStall:
        self._task = asyncio.create_task(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def poll(urls: list[str], concurrency: int | None, parse_workers: int | None, detect: bool) -> None:
    from bot.clock import FakeClock
    from bot.ingest.http import make_client
    from bot.ingest.poller import Poller
    from bot.pipeline import PipelineContext
    from bot.settings import Settings
    from bot.storage.db import create_engine, create_schema, make_session_factory
    from bot.storage.feeds import add_feed

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.db", allow_private_urls=True)
        if concurrency:
            settings = settings.model_copy(update={"poll_concurrency": concurrency})
        if parse_workers is not None:
            settings = settings.model_copy(update={"parse_workers": parse_workers})
        print(
            f"poll_concurrency={settings.poll_concurrency} parse_workers={settings.parse_workers} "
            f"detection={'on' if detect else 'off'}"
        )
        engine = create_engine(settings.database_url)
        await create_schema(engine)
        factory = make_session_factory(engine)
        async with factory() as session, session.begin():
            for url in urls:
                await add_feed(session, url, source="file")
        clock = FakeClock(datetime.now(UTC))
        async with make_client(settings) as client:
            poller = Poller(
                session_factory=factory,
                client=client,
                settings=settings,
                clock=clock,
                pipeline=PipelineContext(clock=clock, detect=detect),
            )
            for name in ("cold", "warm"):
                started, cpu_started = time.perf_counter(), time.process_time()
                with LoopStall() as stall:
                    report = await poller.run_cycle()
                elapsed = time.perf_counter() - started
                cpu = time.process_time() - cpu_started
                stored = report.new_entries
                feeds = len(report.feeds)
                print(
                    f"{name}: {feeds} feeds in {elapsed:.2f} s = {feeds / elapsed:.0f} feeds/s; "
                    f"{stored} new entries = {stored / elapsed:.0f} entries/s; "
                    f"ok={report.count('ok')} not-modified={report.count('not-modified')} "
                    f"failed={report.count('error')}; poller process CPU {cpu:.1f} s; "
                    f"longest event-loop stall {stall.worst * 1000:.0f} ms"
                )
                for failed in [f for f in report.feeds if f.error][:3]:
                    print(f"  failed: {failed.url}: {failed.error}")
                clock.advance(settings.poll_interval)
            await poller.close()
        await engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The worker has exited by now (poller.close()); the feed server has not.
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: poller process {peak_mb:.0f} MB, worker process {worker_mb:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--hosts", type=int, default=50, help="loopback addresses the feeds are spread over")
    parser.add_argument("--concurrency", type=int, help="poll_concurrency (default: the setting's default)")
    parser.add_argument("--parse-workers", type=int, help="parse_workers (default: the setting's default)")
    parser.add_argument("--detect", action="store_true", help="run the detector on every new article")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.feeds, args.entries, args.hosts))
        return 0
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            f"--feeds={args.feeds}",
            f"--entries={args.entries}",
            f"--hosts={args.hosts}",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        urls = json.loads(server.stdout.readline())
        print(f"{len(urls)} feeds x {args.entries} entries on {args.hosts} loopback hosts")
        asyncio.run(poll(urls, args.concurrency, args.parse_workers, args.detect))
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

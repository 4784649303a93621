"""``claimwatch poll``: poll the feeds without Telegram, once (``--once``) or until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from bot.cli.common import EXIT_CONFIG, settings_or_none
from bot.clock import SystemClock
from bot.errors import ClaimwatchError, InputError
from bot.ingest.http import make_client
from bot.ingest.poller import CycleReport, FeedReport
from bot.ingest.scheduler import PollScheduler, summary
from bot.pipeline import PipelineContext
from bot.settings import Settings
from bot.storage.db import create_engine, make_session_factory, migrate


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "poll",
        help="poll the news feeds (without Telegram)",
        description=(
            "Fetch the due feeds, store new articles and run the detector on them. With --once, "
            "one cycle and a line per feed; without it, keep polling until Ctrl-C/SIGTERM."
        ),
    )
    parser.add_argument("--once", action="store_true", help="poll the due feeds once and exit")
    parser.add_argument("--feed", metavar="URL", help="with --once: poll only this feed, due or not")
    parser.add_argument(
        "--no-detect", action="store_true", help="store articles without running the detector"
    )
    parser.set_defaults(func=run)


def format_line(report: FeedReport) -> str:
    note = report.error or report.warning or ""
    return f"{report.status:<12} {report.new_entries:>5} new {report.elapsed:>7.2f}s  {report.url}" + (
        f"  ({note})" if note else ""
    )


def print_report(report: CycleReport) -> None:
    for feed in report.feeds:
        print(format_line(feed))
    print(summary(report) if report.feeds else "no feed is due")


def run(args: argparse.Namespace) -> int:
    if args.feed and not args.once:
        print("claimwatch poll: --feed needs --once", file=sys.stderr)
        return EXIT_CONFIG
    settings = settings_or_none()
    if settings is None:
        return EXIT_CONFIG
    try:
        return asyncio.run(_main(settings, args))
    except InputError as exc:
        print(f"claimwatch poll: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ClaimwatchError as exc:
        print(f"claimwatch poll: {exc}", file=sys.stderr)
        return 1


async def _main(settings: Settings, args: argparse.Namespace) -> int:
    await migrate(settings.database_url)
    engine = create_engine(settings.database_url)
    client = make_client(settings)
    try:
        scheduler = PollScheduler(
            session_factory=make_session_factory(engine),
            client=client,
            settings=settings,
            pipeline=PipelineContext.from_settings(settings, SystemClock(), detect=not args.no_detect),
        )
        if not args.once:
            return await _forever(scheduler)
        await scheduler.sync_feeds_file()
        try:
            report = await scheduler.poller.run_cycle(feed_url=args.feed)
        finally:
            await scheduler.poller.close()
        print_report(report)
        # With one named feed the exit status says whether it worked; a whole cycle with a few
        # broken feeds is normal life and still exits 0.
        return 1 if args.feed and report.count("ok") + report.count("not-modified") == 0 else 0
    finally:
        await client.aclose()
        await engine.dispose()


async def _forever(scheduler: PollScheduler) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await scheduler.start()
    try:
        await stop.wait()
    finally:
        await scheduler.shutdown()
    return 0

"""``claimwatch worker``: run feed jobs from the PostgreSQL job queue until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from bot.cli.common import EXIT_CONFIG, settings_or_none
from bot.errors import ClaimwatchError, ConfigError

log = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="poll, fetch and detect feeds from the job queue (PostgreSQL; any number of them)",
        description=(
            "Run jobs of the PostgreSQL job queue: poll due feeds, fetch, detect, store, link "
            "stories and queue alerts. Start any number, on any machine, next to one or more "
            "'claimwatch run' with CLAIMWATCH_JOB_QUEUE=procrastinate."
        ),
    )
    parser.add_argument(
        "--concurrency", type=int, default=4, metavar="N", help="jobs run at once in this process (default 4)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.concurrency < 1:
        print("claimwatch worker: --concurrency must be at least 1", file=sys.stderr)
        return EXIT_CONFIG
    settings = settings_or_none()
    if settings is None:
        return EXIT_CONFIG
    try:
        from bot.jobs.queue import conninfo
        from bot.jobs.worker import run_worker

        conninfo(settings.database_url)  # PostgreSQL only: say so before anything starts
        asyncio.run(run_worker(settings, concurrency=args.concurrency))
    except ConfigError as exc:
        print(f"claimwatch worker: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ClaimwatchError as exc:
        log.error("claimwatch worker stopped: %s", exc)
        return 1
    return 0

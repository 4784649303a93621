"""``claimwatch migrate``: bring the database schema up to date (also done by ``claimwatch run``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.cli.common import EXIT_CONFIG, display_url, settings_or_none
from bot.errors import StorageError
from bot.storage.db import migrate


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="apply database migrations",
        description="Create or upgrade the tables in CLAIMWATCH_DATABASE_URL (safe to run repeatedly).",
    )
    parser.add_argument("--revision", default="head", help="target Alembic revision (default: head)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_or_none()
    if settings is None:
        return EXIT_CONFIG
    try:
        asyncio.run(migrate(settings.database_url, args.revision))
    except StorageError as exc:
        print(f"claimwatch: {exc}", file=sys.stderr)
        return 1
    print(f"database {display_url(settings.database_url)} is at revision {args.revision}")
    return 0

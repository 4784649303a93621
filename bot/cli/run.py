"""``claimwatch run``: migrate the database, then run the bot until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from telegram.error import InvalidToken, NetworkError

from bot.cli.common import EXIT_CONFIG, settings_or_none
from bot.errors import ClaimwatchError, ConfigError
from bot.storage.db import migrate
from bot.storage.preflight import check_database

log = logging.getLogger(__name__)

NO_TOKEN_HELP = """\
claimwatch needs a Telegram bot token to start. Open Telegram, talk to @BotFather, send /newbot \
and follow its questions; it answers with a token like 123456789:AAE.... Then either export it \
(export CLAIMWATCH_TELEGRAM_TOKEN=123456789:AAE...) or put telegram_token = "123456789:AAE..." \
in config/settings.toml (or the file named by CLAIMWATCH_CONFIG), and run the command again."""

REJECTED_TOKEN_HELP = """\
Telegram rejected the bot token. Check CLAIMWATCH_TELEGRAM_TOKEN (or telegram_token in \
config/settings.toml) against the token @BotFather gave you; /token in @BotFather shows it again."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the bot",
        description="Apply database migrations, then poll feeds and serve Telegram until stopped.",
    )
    parser.add_argument(
        "--webhook",
        metavar="URL",
        help="receive updates at this public https URL (python-telegram-bot's webhook server) "
        "instead of long polling; several replicas can sit behind it",
    )
    parser.add_argument("--listen", default="0.0.0.0", help="with --webhook: address to listen on")
    parser.add_argument("--port", type=int, default=8443, help="with --webhook: port (default 8443)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.webhook is not None and not args.webhook.startswith("https://"):
        print("claimwatch run: --webhook needs the public https:// URL Telegram posts to", file=sys.stderr)
        return EXIT_CONFIG
    settings = settings_or_none()
    if settings is None:
        return EXIT_CONFIG
    if settings.telegram_token is None:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return EXIT_CONFIG
    try:
        asyncio.run(check_database(settings.database_url))
        asyncio.run(migrate(settings.database_url))
        # PTB logs its failed start-up call with a full traceback before raising it; the
        # NetworkError below says the same in one line.
        logging.getLogger("telegram.ext").addFilter(_drop_bootstrap_abort)
        # Imported here: the Telegram stack is heavy and not needed for the checks above.
        from bot.telegram.app import Webhook, run_application

        webhook = Webhook(args.webhook, args.listen, args.port) if args.webhook else None
        return run_application(settings, webhook)
    except InvalidToken:
        print(REJECTED_TOKEN_HELP, file=sys.stderr)  # PTB's own message contains the token
        return EXIT_CONFIG
    except NetworkError as exc:
        log.error("cannot reach the Telegram Bot API at %s: %s", settings.telegram_api_url, exc)
        return 1
    except ConfigError as exc:
        print(f"claimwatch: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except ClaimwatchError as exc:
        log.error("claimwatch stopped: %s", exc)
        return 1
    except Exception:
        # Logged (not printed by Python) so the redacting filter scrubs the traceback.
        log.exception("claimwatch stopped on an unexpected error")
        return 1


def _drop_bootstrap_abort(record: logging.LogRecord) -> bool:
    """False for PTB's "Network Retry Loop (Bootstrap ...) ... Aborting." record."""
    message = record.getMessage()
    return not ("Network Retry Loop (Bootstrap" in message and "Aborting" in message)

"""The one list of bot commands: published with setMyCommands and listed by /help.

Each handler owner keeps its entries here. ``admin_only`` commands (``CLAIMWATCH_ADMIN_IDS``)
are not published in the public command menu and appear in /help only for admins.
Telegram limits: name 1-32 chars of ``[a-z0-9_]``, description 1-256 chars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import BotCommand

# Handler group of handlers.fallback: after every other group, so it only sees what is left.
FALLBACK_GROUP = 100

_NAME = re.compile(r"^[a-z0-9_]{1,32}$")


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str  # without the slash
    description: str  # one line, shown in Telegram's command menu
    example: str  # a complete usage example, shown by /help
    admin_only: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"invalid command name {self.name!r}")
        if not 1 <= len(self.description) <= 256 or "\n" in self.description:
            raise ValueError(f"description of /{self.name} must be one line of 1-256 characters")


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("start", "What claimwatch does and how to begin", "/start"),
    CommandSpec("help", "Every command with an example", "/help"),
    CommandSpec("subscribe", "Receive alerts about contested figures in this chat", "/subscribe"),
    CommandSpec("unsubscribe", "Stop alerts in this chat", "/unsubscribe"),
    CommandSpec(
        "watch", "Only alert on these keywords or quoted phrases", '/watch ukraine "death toll" gaza'
    ),
    CommandSpec("unwatch", "Stop watching a keyword or phrase", "/unwatch gaza"),
    CommandSpec("watchlist", "Show watched keywords, each with a remove button", "/watchlist"),
    CommandSpec("claims", "Latest contested claims, optionally for a keyword", "/claims flood"),
    CommandSpec("claim", "All evidence for one contested claim", "/claim 42"),
    CommandSpec("chart", "A chart of the competing figures of a claim's story", "/chart 42"),
    CommandSpec("settings", "Alert mode (instant, hourly, daily) and scope", "/settings"),
    CommandSpec("status", "Feeds watched, last poll, today's findings", "/status"),
    CommandSpec("feeds", "List feeds with their error states (admins)", "/feeds", admin_only=True),
    CommandSpec(
        "addfeed", "Add an RSS/Atom feed (admins)", "/addfeed https://example.org/rss.xml", admin_only=True
    ),
    CommandSpec("removefeed", "Remove a feed by id (admins)", "/removefeed 7", admin_only=True),
)

COMMAND_NAMES: frozenset[str] = frozenset(c.name for c in COMMANDS)


def public_bot_commands() -> list[BotCommand]:
    """The menu published with setMyCommands (admin commands stay out of everyone's menu)."""
    return [BotCommand(c.name, c.description) for c in COMMANDS if not c.admin_only]


def all_bot_commands() -> list[BotCommand]:
    """Every command, for the per-admin menu (BotCommandScopeChat of each admin's private chat)."""
    return [BotCommand(c.name, c.description) for c in COMMANDS]

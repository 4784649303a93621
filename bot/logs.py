"""Logging: one line per event, and the bot token never written anywhere.

httpx and python-telegram-bot log request URLs, and the Bot API puts the token in the URL path
(``https://api.telegram.org/bot<token>/getMe``). :class:`RedactingFilter` sits on the root
handler, so it sees every record that reaches the output, whichever logger emitted it, and
scrubs the message, its arguments and the exception text.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import TextIO

REDACTED = "<redacted>"
# Telegram bot tokens look like 123456789:AAH...; the colon may arrive percent-encoded in URLs.
TOKEN_RE = re.compile(r"(?<![0-9])[0-9]{5,}(?::|%3A|%3a)[A-Za-z0-9_-]{30,}")
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that write a line per request or per job run; kept at WARNING unless the level is DEBUG.
CHATTY_LOGGERS = (
    "httpx",
    "httpcore",
    "telegram.request",
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "apscheduler",
    "alembic.runtime.plugins",
)
# Loggers too noisy to be useful even at DEBUG (aiosqlite logs every cursor operation).
SILENT_LOGGERS = ("aiosqlite",)

_HANDLER_MARK = "_claimwatch_handler"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every bot token (configured ones and anything token-shaped) replaced."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return TOKEN_RE.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record in place so no handler can print a token; never drops a record."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad %-format must not lose the record (or leak its args)
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


class OneLineFormatter(logging.Formatter):
    """Tracebacks and multi-line messages are kept on the event's line (newlines escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


def configure_logging(
    level: str = "INFO", *, secrets: Iterable[str | None] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Install claimwatch's handler on the root logger (replacing a previous one) and return it."""
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, _HANDLER_MARK, False):
            root.removeHandler(old)
            old.close()
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(OneLineFormatter(LINE_FORMAT))
    handler.addFilter(RedactingFilter(s for s in secrets if s))
    # First in line: the filter rewrites the record in place, so handlers after it (pytest's,
    # a library's) see only the redacted text too.
    root.handlers.insert(0, handler)
    root.setLevel(level.upper())
    quiet = logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(quiet)
    for name in SILENT_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler

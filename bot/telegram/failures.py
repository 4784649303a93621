"""What the sender does when Telegram refuses a message: a pure classifier.

:func:`classify` maps an exception raised by one send (and the row it was for) to one
:data:`Outcome`; the sender applies it (``bot.telegram.sender``). No I/O, no clock.

- ``RetryAfter``: wait Telegram's ``retry_after``, then retry.
- ``Forbidden`` (blocked, kicked) and "chat not found": the chat is gone (unsubscribed, its
  queued rows dropped).
- ``ChatMigrated``: the chat moves to its supergroup id and the row is resent there.
- ``BadRequest`` about entities: resent once as plain text; "message is not modified" counts as
  delivered; an edit whose message is gone is sent anew; any other refusal fails the row.
- ``NetworkError``/``TimedOut``: exponential backoff (the request may have arrived: see the
  at-most-once-more rule in ``bot.storage.outbox``).
- Another ``TelegramError`` (InvalidToken, Conflict): the row waits the longest backoff.
- Anything else (a row this code cannot build): the row fails, the others go on.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.storage.outbox import OutboxItem

_TAG = re.compile(r"<[^>]*>")
_ENTITY_ERRORS = ("can't parse entities", "can't find end of", "unsupported start tag", "unclosed")


class GoneReason(StrEnum):
    """Why a chat no longer gets messages (stored as ``chats.unsubscribed_reason``)."""

    BLOCKED = "blocked"  # a private chat blocked the bot
    KICKED = "kicked"  # the bot was removed from a group or channel
    NOT_FOUND = "not_found"  # Telegram no longer knows the chat


@dataclass(frozen=True, slots=True)
class Retry:
    """Back to ``pending`` for ``delay`` seconds; ``plain_text`` / ``send_anew`` change the row."""

    delay: float
    error: str
    plain_text: bool = False  # resend without formatting
    send_anew: bool = False  # the edited message is gone: send a new message instead


@dataclass(frozen=True, slots=True)
class ChatGone:
    reason: GoneReason
    error: str


@dataclass(frozen=True, slots=True)
class Migrated:
    new_chat_id: int


@dataclass(frozen=True, slots=True)
class AlreadyDelivered:
    """An edit Telegram found identical to the message: nothing to send, the row is done."""

    message_id: int | None


@dataclass(frozen=True, slots=True)
class Failed:
    error: str


Outcome = Retry | ChatGone | Migrated | AlreadyDelivered | Failed


def plain_text(text: str) -> str:
    """An HTML message as plain text: tags dropped, entities unescaped (the formatting fallback)."""
    return html.unescape(_TAG.sub("", text))


def network_backoff(attempts: int, cap: float) -> float:
    """2^attempts seconds, capped."""
    return min(2.0 ** min(attempts, 16), cap)


def classify(exc: Exception, item: OutboxItem, *, max_backoff: float) -> Outcome:
    """What to do with ``item`` after its send raised ``exc``."""
    if isinstance(exc, RetryAfter):
        after = exc.retry_after
        wait = after.total_seconds() if isinstance(after, timedelta) else float(after)
        return Retry(wait, f"flood control: retry after {wait:.0f} s")
    if isinstance(exc, Forbidden):
        kicked = item.is_group or "kicked" in exc.message.lower()
        return ChatGone(GoneReason.KICKED if kicked else GoneReason.BLOCKED, exc.message)
    if isinstance(exc, ChatMigrated):
        return Migrated(exc.new_chat_id)
    if isinstance(exc, BadRequest):
        return _bad_request(exc, item)
    if isinstance(exc, NetworkError):  # includes TimedOut
        return Retry(network_backoff(item.attempts, max_backoff), f"network: {exc}")
    if isinstance(exc, TelegramError):
        return Retry(max_backoff, f"telegram: {exc}")
    return Failed(f"{type(exc).__name__}: {exc}")


def _bad_request(exc: BadRequest, item: OutboxItem) -> Outcome:
    message = exc.message.lower()
    if "message is not modified" in message:
        return AlreadyDelivered(item.edit_message_id)
    if item.parse_mode is not None and any(part in message for part in _ENTITY_ERRORS):
        return Retry(0, f"formatting: {exc.message}", plain_text=True)
    if item.edit_message_id is not None and "message to edit not found" in message:
        return Retry(0, exc.message, send_anew=True)
    if "chat not found" in message:
        return ChatGone(GoneReason.NOT_FOUND, exc.message)
    return Failed(exc.message)

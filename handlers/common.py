"""Small pieces the command handlers share: arguments, the chat, and who may change it.

Not a handler module (no ``register``): imported by subscription, watchlist, claims,
chat_settings, status and admin_feeds.
"""

from __future__ import annotations

from collections.abc import Callable

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError

from bot.errors import CommandError
from bot.services.subscriptions import ChatRef
from bot.telegram.context import BotContext

MAX_MESSAGE_CHARS = 4096
GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
_ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


def command_message(update: Update) -> Message:
    message = update.effective_message
    if message is None:  # CommandHandler only fires on messages; guard for the type checker
        raise CommandError("This command needs a message.")
    return message


def command_arguments(message: Message) -> str:
    """Everything after ``/command`` (or ``/command@bot``), with line breaks kept as spaces."""
    parts = (message.text or "").split(None, 1)
    return parts[1].strip() if len(parts) > 1 else ""


def chat_ref(update: Update) -> ChatRef:
    chat = update.effective_chat
    if chat is None:
        raise CommandError("This command must be sent in a chat.")
    title = chat.title if chat.type != ChatType.PRIVATE else None
    return ChatRef(id=chat.id, type=str(chat.type), title=title)


def callback_query(update: Update) -> CallbackQuery:
    query = update.callback_query
    if query is None or query.data is None:
        raise CommandError("This button has no data.")
    return query


async def require_chat_admin(update: Update, context: BotContext, action: str) -> None:
    """In groups, only chat administrators may ``action``; everyone may in a private chat.

    Raises :class:`CommandError` with a polite refusal otherwise.
    """
    chat = update.effective_chat
    if chat is None or chat.type not in GROUP_TYPES:
        return
    message = update.effective_message
    # An anonymous administrator posts as the group itself.
    sender_chat = message.sender_chat if message is not None and update.callback_query is None else None
    if sender_chat is not None and sender_chat.id == chat.id:
        return
    user = update.effective_user
    refusal = f"Sorry, only this group's administrators can {action}."
    if user is None:
        raise CommandError(refusal)
    try:
        member = await context.bot.get_chat_member(chat.id, user.id)
    except TelegramError as exc:
        raise CommandError(
            f"I could not check whether you are an administrator here, so I did not {action}. "
            "Please try again in a moment."
        ) from exc
    if member.status not in _ADMIN_STATUSES:
        raise CommandError(refusal)


def require_bot_admin(update: Update, context: BotContext) -> None:
    """Bot administrators only (``CLAIMWATCH_ADMIN_IDS``)."""
    user = update.effective_user
    if not context.services.is_admin(user.id if user else None):
        raise CommandError("Sorry, this command is only for the bot's administrators.")


def chunk_lines(lines: list[str], limit: int = 4096) -> list[str]:
    """Join ``lines`` with newlines into as few messages of at most ``limit`` characters as possible.

    Lines are never split (each carries its own balanced HTML tags); a single longer line is cut.
    """
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current:
        chunks.append(current)
    return chunks


def require_no_arguments(message: Message, command: str, hint: str = "") -> None:
    """Commands that take nothing refuse extra words instead of silently ignoring them.

    ``hint`` may contain ``{args}``: the words given (shortened), e.g. to suggest /watch instead.
    """
    arguments = command_arguments(message)
    if arguments:
        shown = arguments if len(arguments) <= 40 else arguments[:39] + "…"
        text = f"/{command} takes no arguments."
        raise CommandError(f"{text} {hint.format(args=shown)}".strip())


def fit_text(render: Callable[[int], str], limits: tuple[int, ...] = (64, 32, 16, 8)) -> str:
    """``render(limit)`` with the largest per-item ``limit`` whose text fits one message.

    HTML escaping can make user text several times longer (``&`` -> ``&amp;``), so the item
    limit shrinks until the message is within Telegram's 4096 characters.
    """
    text = ""
    for limit in limits:
        text = render(limit)
        if len(text) <= MAX_MESSAGE_CHARS:
            return text
    return text[:MAX_MESSAGE_CHARS]


MAX_ROW_ID = 2**31 - 1  # ids are 32-bit INTEGER columns: PostgreSQL refuses larger numbers outright


def row_id(text: str) -> int | None:
    """``text`` as a row id (1 .. MAX_ROW_ID, ASCII digits only), else None. Larger numbers
    cannot name a row, and ``int()`` refuses digits such as "²" that ``isdigit()`` accepts."""
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ROW_ID else None


def require_search_budget(update: Update, context: BotContext) -> None:
    """Per-user rate limit of searches and paging (they read thousands of rows)."""
    user = update.effective_user
    services = context.services
    if user is not None and not services.search_limiter.allow(user.id, services.clock.now()):
        raise CommandError("Too many searches in a short time; please wait a few seconds and try again.")

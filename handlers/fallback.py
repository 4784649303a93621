"""What no other handler took: unknown commands, stale buttons and plain messages in a private
chat (the last handler group).

Handler groups are independent in python-telegram-bot, so this group also sees updates that
group 0 already answered; :func:`handled_elsewhere` asks every earlier handler and stays silent
when one of them matched. In groups an unknown command is answered only when addressed to this
bot (``/cmd@thisbot``): a bare one may belong to another bot.
"""

from __future__ import annotations

import html
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.telegram.commands import COMMAND_NAMES, FALLBACK_GROUP
from bot.telegram.context import BotApplication, BotContext

MAX_SHOWN = 32


def handled_elsewhere(application: Application[Any, Any, Any, Any, Any, Any], update: Update) -> bool:
    """Whether a handler of an earlier group matches ``update`` (and so has answered it)."""
    for group, handlers in application.handlers.items():
        if group >= FALLBACK_GROUP:
            continue
        for handler in handlers:
            check = handler.check_update(update)
            if check is not None and check is not False:
                return True
    return False


def addressed_command(text: str, bot_username: str) -> tuple[str, bool] | None:
    """``(name, explicitly addressed)`` of a leading command for this bot, None if for another bot."""
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    if not word.startswith("/"):
        return None
    name, _, target = word[1:].partition("@")
    if target and target.casefold() != bot_username.casefold():
        return None
    return name, bool(target)


async def unknown_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    parsed = addressed_command(message.text, context.bot.username)
    if parsed is None or handled_elsewhere(context.application, update):
        return
    name, addressed = parsed
    if message.chat.type != ChatType.PRIVATE and not addressed:
        return
    shown = html.escape(name[:MAX_SHOWN] + ("…" if len(name) > MAX_SHOWN else ""))
    close = [c for c in sorted(COMMAND_NAMES) if c.startswith(name.casefold()[:3])] if name else []
    hint = f" Did you mean /{close[0]}?" if close else ""
    await message.reply_html(
        f"I don't know the command /{shown}.{hint} Send /help for the list of commands.", do_quote=False
    )


PLAIN_TEXT_HELP = (
    "I read news feeds and alert you to contested figures; I answer commands only. "
    "Try /claims for the latest contested figures, /subscribe for alerts in this chat, "
    "/watch <keyword> to narrow them, or /help for every command."
)


async def plain_text_help(update: Update, context: BotContext) -> None:
    """A plain message in a private chat: a short help instead of silence."""
    message = update.effective_message
    if message is None or handled_elsewhere(context.application, update):
        return
    await message.reply_text(PLAIN_TEXT_HELP, do_quote=False)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no handler knows (from an older message or version): say so instead of spinning."""
    query = update.callback_query
    if query is None or handled_elsewhere(context.application, update):
        return
    await query.answer("This button is no longer active. Please send the command again.", show_alert=True)


def register(application: BotApplication) -> None:
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command), group=FALLBACK_GROUP)
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE, plain_text_help),
        group=FALLBACK_GROUP,
    )
    application.add_handler(CallbackQueryHandler(stale_button), group=FALLBACK_GROUP)

"""Unknown commands get a short, specific answer (registered in the last handler group).

Handler groups are independent in python-telegram-bot, so this handler also sees commands that
group 0 already answered: it stays silent for every known command. In groups it answers only
commands addressed to this bot (``/cmd@thisbot``); a bare unknown command there may belong to
another bot.
"""

from __future__ import annotations

import html

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import MessageHandler, filters

from bot.telegram.commands import COMMAND_NAMES, FALLBACK_GROUP
from bot.telegram.context import BotApplication, BotContext

MAX_SHOWN = 32


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
    if parsed is None:
        return
    name, addressed = parsed
    if name.casefold() in COMMAND_NAMES:
        return
    if message.chat.type != ChatType.PRIVATE and not addressed:
        return
    shown = html.escape(name[:MAX_SHOWN] + ("…" if len(name) > MAX_SHOWN else ""))
    close = [c for c in sorted(COMMAND_NAMES) if c.startswith(name.casefold()[:3])] if name else []
    hint = f" Did you mean /{close[0]}?" if close else ""
    await message.reply_html(
        f"I don't know the command /{shown}.{hint} Send /help for the list of commands.", do_quote=False
    )


def register(application: BotApplication) -> None:
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command), group=FALLBACK_GROUP)

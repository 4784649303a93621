"""/help: every command with a one-line description and an example, from bot.telegram.commands."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import CommandHandler

from bot.telegram.commands import COMMANDS, CommandSpec
from bot.telegram.context import BotApplication, BotContext
from handlers.common import command_message


def format_help(*, admin: bool) -> str:
    def line(spec: CommandSpec) -> str:
        return (
            f"/{spec.name}: {html.escape(spec.description)}\n   e.g. <code>{html.escape(spec.example)}</code>"
        )

    lines = ["<b>claimwatch commands</b>", *(line(c) for c in COMMANDS if not c.admin_only)]
    if admin:
        lines += ["", "<b>Bot administrators</b>", *(line(c) for c in COMMANDS if c.admin_only)]
    lines += [
        "",
        "Keywords match whole words, ignoring case; quote a phrase to match it as a whole. "
        "In groups, only administrators can change the subscription, keywords and settings.",
    ]
    return "\n".join(lines)


async def help_command(update: Update, context: BotContext) -> None:
    message = command_message(update)
    user = update.effective_user
    admin = context.services.is_admin(user.id if user else None)
    await message.reply_html(format_help(admin=admin), do_quote=False, disable_web_page_preview=True)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("help", help_command))

"""/watch, /unwatch and /watchlist (with a remove button per keyword)."""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.alerts.format import esc
from bot.errors import CommandError
from bot.services import watchlist
from bot.services.keywords import MAX_KEYWORDS_PER_CHAT
from bot.telegram.context import BotApplication, BotContext
from handlers.common import (
    callback_query,
    chat_ref,
    command_arguments,
    command_message,
    fit_text,
    require_chat_admin,
    require_no_arguments,
    row_id,
)

REMOVE_PREFIX = "wl:rm:"
REMOVE_PATTERN = re.compile(rf"^{REMOVE_PREFIX}(\d{{1,18}})$")


def _quoted(keywords: tuple[str, ...] | list[str], limit: int) -> str:
    return ", ".join(f"“{esc(k, limit)}”" for k in keywords)


async def watch(update: Update, context: BotContext) -> None:
    message = command_message(update)
    await require_chat_admin(update, context, "change the watchlist")
    result = await watchlist.watch(
        context.services.session_factory, chat_ref(update), command_arguments(message)
    )
    await message.reply_html(format_watch(result))


async def unwatch(update: Update, context: BotContext) -> None:
    message = command_message(update)
    await require_chat_admin(update, context, "change the watchlist")
    result = await watchlist.unwatch(
        context.services.session_factory, chat_ref(update), command_arguments(message)
    )
    await message.reply_html(format_unwatch(result))


async def show_watchlist(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_no_arguments(message, "watchlist", "To add keywords: /watch {args}")
    keywords = await watchlist.watchlist(context.services.session_factory, chat_ref(update).id)
    text, markup = format_watchlist(keywords)
    await message.reply_html(text, reply_markup=markup)


async def remove_button(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    match = REMOVE_PATTERN.match(query.data or "")
    if match is None:
        raise CommandError("This button is out of date; send /watchlist again.")
    await require_chat_admin(update, context, "change the watchlist")
    chat = chat_ref(update)
    sf = context.services.session_factory
    keyword_id = row_id(match.group(1))
    if keyword_id is None:
        raise CommandError("This button is out of date; send /watchlist again.")
    removed = await watchlist.unwatch_by_id(sf, chat.id, keyword_id)
    text, markup = format_watchlist(await watchlist.watchlist(sf, chat.id))
    await query.answer(
        f"Stopped watching “{removed}”." if removed is not None else "That keyword was already removed."
    )
    try:
        await query.edit_message_text(text, parse_mode="HTML", reply_markup=markup)
    except BadRequest as exc:
        # Two people pressing at once: the second edit changes nothing, which Telegram refuses.
        if "not modified" not in exc.message.lower():
            raise


def format_watch(result: watchlist.WatchResult) -> str:
    return fit_text(lambda limit: _format_watch(result, limit))


def _format_watch(result: watchlist.WatchResult, limit: int) -> str:
    lines = []
    if result.added:
        lines.append(f"👀 Now watching {_quoted(result.added, limit)}.")
    if result.already:
        lines.append(f"Already watched: {_quoted(result.already, limit)}.")
    lines.append(
        f"This chat watches {result.total} of at most {MAX_KEYWORDS_PER_CHAT} keywords (/watchlist)."
    )
    if result.narrowed:
        lines.append("Alerts here are now limited to watched keywords (change it in /settings).")
    elif result.scope == "all":
        lines.append(
            "Alerts still cover everything: choose “Watched keywords only” in /settings to narrow them."
        )
    if not result.subscribed:
        lines.append("This chat is not subscribed yet: send /subscribe to receive alerts.")
    return "\n".join(lines)


def format_unwatch(result: watchlist.UnwatchResult) -> str:
    return fit_text(lambda limit: _format_unwatch(result, limit))


def _format_unwatch(result: watchlist.UnwatchResult, limit: int) -> str:
    lines = [f"Stopped watching {_quoted(result.removed, limit)}."]
    if result.unknown:
        lines.append(f"Not on the watchlist: {_quoted(result.unknown, limit)}.")
    if result.remaining:
        lines.append(f"{result.remaining} keyword(s) left (/watchlist).")
    else:
        lines.append("The watchlist is now empty, so every contested figure matches.")
    return "\n".join(lines)


def format_watchlist(keywords: list[watchlist.Keyword]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not keywords:
        return (
            'No watched keywords: every contested figure matches. Add some with /watch ukraine "death toll"',
            None,
        )
    header = f"<b>Watched keywords</b> ({len(keywords)}/{MAX_KEYWORDS_PER_CHAT}) — tap one to remove it:"
    text = fit_text(lambda limit: "\n".join([header, *(f"• {esc(k.keyword, limit)}" for k in keywords)]))
    buttons = [
        [InlineKeyboardButton(f"✖ {k.keyword}", callback_data=f"{REMOVE_PREFIX}{k.id}")] for k in keywords
    ]
    return text, InlineKeyboardMarkup(buttons)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("watch", watch))
    application.add_handler(CommandHandler("unwatch", unwatch))
    application.add_handler(CommandHandler("watchlist", show_watchlist))
    application.add_handler(CallbackQueryHandler(remove_button, pattern=REMOVE_PATTERN))

"""/status: feeds watched, last poll, articles and disputes found today."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import CommandHandler

from bot.services import status
from bot.telegram.context import BotApplication, BotContext
from handlers.common import chat_ref, command_message, require_no_arguments


async def show_status(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_no_arguments(message, "status")
    services = context.services
    result = await status.bot_status(services.session_factory, services.clock, chat_ref(update).id)
    await message.reply_html(format_status(result))


def _ago(then: datetime, now: datetime) -> str:
    seconds = max(int((now - then).total_seconds()), 0)
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min ago"
    if seconds < 36 * 3600:
        return f"{round(seconds / 3600)} h ago"
    return f"{round(seconds / 86400)} days ago"


def format_status(st: status.BotStatus) -> str:
    feeds = f"Feeds watched: <b>{st.feeds_enabled}</b>"
    extras = []
    if st.feeds_failing:
        extras.append(f"{st.feeds_failing} failing")
    if st.feeds_disabled:
        extras.append(f"{st.feeds_disabled} switched off")
    if extras:
        feeds += f" ({', '.join(extras)})"
    if st.last_poll is None:
        last = "Last poll: not yet"
    else:
        last = f"Last poll: {st.last_poll.strftime('%d %b %H:%M UTC')} ({_ago(st.last_poll, st.now)})"
    chat = "subscribed" if st.chat_subscribed else "not subscribed (/subscribe)"
    keywords = f"{st.chat_keywords} watched keyword(s)" if st.chat_keywords else "no watched keywords"
    return "\n".join(
        [
            "<b>claimwatch status</b>",
            feeds,
            last,
            f"Today ({st.now.strftime('%d %b')}, UTC): <b>{st.articles_today}</b> articles read, "
            f"<b>{st.disputes_today}</b> contested figures found",
            f"This chat: {chat}, {keywords}",
        ]
    )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("status", show_status))

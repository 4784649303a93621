"""/subscribe and /unsubscribe."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.services import subscriptions
from bot.telegram.context import BotApplication, BotContext
from handlers.common import chat_ref, command_message, require_chat_admin, require_no_arguments


async def subscribe(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_no_arguments(message, "subscribe", "To follow a topic, watch it: /watch {args}")
    await require_chat_admin(update, context, "subscribe this chat")
    change = await subscriptions.subscribe(context.services.session_factory, chat_ref(update))
    await message.reply_html(format_subscribed(change))


async def unsubscribe(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_no_arguments(message, "unsubscribe", "To stop watching a keyword: /unwatch {args}")
    await require_chat_admin(update, context, "unsubscribe this chat")
    change = await subscriptions.unsubscribe(context.services.session_factory, chat_ref(update))
    await message.reply_html(format_unsubscribed(change))


def format_subscribed(change: subscriptions.SubscriptionChange) -> str:
    head = "Subscribed." if change.changed else "This chat is already subscribed."
    if change.keyword_count and change.scope == "watched":
        scope = f"You will get alerts matching the {change.keyword_count} watched keyword(s) (/watchlist)."
    else:
        scope = (
            "You will get an alert for every contested figure. To narrow it down, watch keywords: "
            '/watch ukraine "death toll"'
        )
    return f"✅ {head} {scope}\nAlert mode and scope: /settings · stop with /unsubscribe."


def format_unsubscribed(change: subscriptions.SubscriptionChange) -> str:
    if not change.changed:
        return "This chat is not subscribed. Start with /subscribe."
    return "🔕 Unsubscribed: no more alerts here. Your watchlist and settings are kept for /subscribe."


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("subscribe", subscribe))
    application.add_handler(CommandHandler("unsubscribe", unsubscribe))

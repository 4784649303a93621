"""/settings: alert mode and scope, changed with inline buttons."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.alerts.enqueue import DIGEST_PERIODS
from bot.errors import CommandError
from bot.services import chat_settings
from bot.services.chat_settings import ALERT_MODES, SCOPES, ChatPreferences
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.digests import DIGEST_TICK
from handlers.common import (
    callback_query,
    chat_ref,
    command_message,
    require_chat_admin,
    require_no_arguments,
)

PREFIX = "st:"
PATTERN = re.compile(rf"^{PREFIX}(mode|scope):([a-z]{{1,16}})$")

_SCOPE_NOTES = {
    "all": "every contested figure is sent",
    "watched": "only figures matching the watched keywords are sent",
}


async def show_settings(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_no_arguments(message, "settings", "Send /settings and use its buttons.")
    prefs = await chat_settings.get_preferences(context.services.session_factory, chat_ref(update))
    now = context.services.clock.now()
    await message.reply_html(format_settings(prefs, now), reply_markup=settings_buttons(prefs))


async def settings_button(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    match = PATTERN.match(query.data or "")
    if match is None:
        raise CommandError("This button is out of date; send /settings again.")
    await require_chat_admin(update, context, "change the settings")
    field, value = match.groups()
    sf = context.services.session_factory
    chat = chat_ref(update)
    before = await chat_settings.get_preferences(sf, chat)
    if (field == "mode" and before.alert_mode == value) or (field == "scope" and before.scope == value):
        await query.answer("Already set.")
        return
    if field == "mode":
        prefs = await chat_settings.update_preferences(sf, chat, alert_mode=value)
        await query.answer(f"Alert mode: {ALERT_MODES[value]}")
    else:
        prefs = await chat_settings.update_preferences(sf, chat, scope=value)
        await query.answer(f"Scope: {SCOPES[value]}")
    await query.edit_message_text(
        format_settings(prefs, context.services.clock.now()),
        parse_mode="HTML",
        reply_markup=settings_buttons(prefs),
    )


def delivery_note(prefs: ChatPreferences, now: datetime) -> str:
    """When alerts arrive in this mode: the digest schedule, or how instant alerts behave."""
    period = DIGEST_PERIODS.get(prefs.alert_mode)
    if period is None:
        return (
            "each contested story as soon as it is found, in one message that is edited as the "
            "story develops (a new message at most once an hour per story)"
        )
    every = "every hour" if period == timedelta(hours=1) else "once a day"
    if prefs.last_digest_at is None:
        start = now + timedelta(seconds=DIGEST_TICK)  # the digest job starts the first period
        due = start + period
    else:
        due = max(prefs.last_digest_at + period, now)
    return f"a digest {every}, each story listed once; next one at about {due.strftime('%d %b %H:%M')} UTC"


def format_settings(prefs: ChatPreferences, now: datetime) -> str:
    scope_note = _SCOPE_NOTES.get(prefs.scope, "")
    if prefs.scope == "watched" and prefs.keyword_count == 0:
        scope_note = "no keywords are watched yet, so every contested figure is sent (/watch)"
    lines = [
        "<b>Alert settings for this chat</b>",
        f"Subscribed: {'yes' if prefs.subscribed else 'no — send /subscribe'}",
        f"Alert mode: <b>{ALERT_MODES.get(prefs.alert_mode, prefs.alert_mode)}</b>",
        f"Delivery: {delivery_note(prefs, now)}",
        f"Scope: <b>{SCOPES.get(prefs.scope, prefs.scope)}</b> — {scope_note}",
        f"Watched keywords: {prefs.keyword_count} (/watchlist)",
    ]
    return "\n".join(lines)


def settings_buttons(prefs: ChatPreferences) -> InlineKeyboardMarkup:
    def label(text: str, chosen: bool) -> str:
        return f"✅ {text}" if chosen else text

    modes = [
        InlineKeyboardButton(label(text, prefs.alert_mode == key), callback_data=f"{PREFIX}mode:{key}")
        for key, text in ALERT_MODES.items()
    ]
    scopes = [
        InlineKeyboardButton(label(text, prefs.scope == key), callback_data=f"{PREFIX}scope:{key}")
        for key, text in SCOPES.items()
    ]
    return InlineKeyboardMarkup([modes, scopes])


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("settings", show_settings))
    application.add_handler(CallbackQueryHandler(settings_button, pattern=PATTERN))

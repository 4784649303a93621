"""Bot administrators only (``CLAIMWATCH_ADMIN_IDS``): /feeds, /addfeed <url>, /removefeed <id>."""

from __future__ import annotations

from datetime import datetime

from telegram import LinkPreviewOptions, Update
from telegram.ext import CommandHandler

from bot.alerts.format import esc
from bot.errors import CommandError, UnsafeURLError
from bot.services import feed_admin
from bot.services.feed_admin import FeedInfo
from bot.telegram.context import BotApplication, BotContext
from handlers.common import (
    chunk_lines,
    command_arguments,
    command_message,
    require_bot_admin,
    require_no_arguments,
)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
ADDFEED_USAGE = "Send the feed's address, e.g. /addfeed https://example.org/rss.xml"
REMOVEFEED_USAGE = "Send the feed's number from /feeds, e.g. /removefeed 7"


async def list_feeds(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_bot_admin(update, context)
    require_no_arguments(message, "feeds", "To add a feed: /addfeed <url>")
    infos = await feed_admin.list_feeds(context.services.session_factory)
    for chunk in format_feeds(infos, context.services.clock.now()):
        await message.reply_html(chunk, link_preview_options=_NO_PREVIEW)


async def add_feed(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_bot_admin(update, context)
    url = command_arguments(message)
    if not url or len(url.split()) != 1:
        raise CommandError(ADDFEED_USAGE)
    user = update.effective_user
    services = context.services
    try:
        result = await feed_admin.add_feed(
            services.session_factory,
            url,
            admin_id=user.id if user else None,
            resolver=services.resolver,
            allow_private=services.settings.allow_private_urls,
        )
    except UnsafeURLError as exc:
        raise CommandError(f"Not added: {exc}") from exc
    name = esc(result.feed.url, 300)
    if result.added:
        text = (
            f"➕ Added feed #{result.feed.id}: {name}\nIt is polled at the next cycle; see /feeds for errors."
        )
    else:
        text = f"Feed #{result.feed.id} is already watched: {name}"
    await message.reply_html(text, link_preview_options=_NO_PREVIEW)


async def remove_feed(update: Update, context: BotContext) -> None:
    message = command_message(update)
    require_bot_admin(update, context)
    argument = command_arguments(message).removeprefix("#")
    if not argument.isdigit() or len(argument) > 18:
        raise CommandError(REMOVEFEED_USAGE)
    info = await feed_admin.remove_feed(context.services.session_factory, int(argument))
    if info is None:
        raise CommandError(f"There is no active feed #{argument}. See /feeds.")
    await message.reply_html(
        f"➖ Removed feed #{info.id}: {esc(info.url, 300)}\nIts articles are kept; /addfeed brings it back.",
        link_preview_options=_NO_PREVIEW,
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%d %b %H:%M UTC")


def format_feed(info: FeedInfo) -> str:
    name = esc(info.title or info.url, 80)
    where = "" if not info.title else f"\n    {esc(info.url, 200)}"
    if not info.enabled:
        reason = esc(info.disabled_reason or "switched off", 120)
        return f"⛔ #{info.id} {name} — off: {reason}{where}"
    if info.error_count:
        since = f" since {_when(info.error_since)}" if info.error_since else ""
        error = esc(info.last_error or "unknown error", 200)
        return f"⚠️ #{info.id} {name} — failing{since} ({info.error_count} errors): {error}{where}"
    if info.last_success_at is not None:
        state = f"ok, last success {_when(info.last_success_at)}"
    else:
        state = "not polled yet"
    return f"✅ #{info.id} {name} — {state}{where}"


def format_feeds(infos: list[FeedInfo], now: datetime) -> list[str]:
    if not infos:
        return ["No feeds yet. Add one with /addfeed https://example.org/rss.xml"]
    enabled = sum(1 for i in infos if i.enabled)
    failing = sum(1 for i in infos if i.enabled and i.error_count)
    header = f"<b>Feeds</b>: {enabled} active, {failing} failing, {len(infos) - enabled} off ({_when(now)})"
    return chunk_lines([header, *(format_feed(i) for i in infos)])


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("feeds", list_feeds))
    application.add_handler(CommandHandler("addfeed", add_feed))
    application.add_handler(CommandHandler("removefeed", remove_feed))

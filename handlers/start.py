"""/start: what claimwatch does and how to begin."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import CommandHandler

from bot.telegram.context import BotApplication, BotContext
from handlers.common import command_message

WELCOME = (
    "👋 <b>claimwatch</b> reads news feeds and tells you when a <b>number is contested</b>: "
    "a death toll, a count or a percentage that someone puts forward and another party rejects "
    "or contradicts with a figure of its own.\n\n"
    "Each alert shows the figure and what it counts, who claims it, who disputes it (with a "
    "short quote), any counter-figure and the sources. Press <b>Details</b> for all the evidence.\n\n"
    "<b>Get started</b>\n"
    "1. /subscribe: alerts in this chat\n"
    '2. /watch ukraine "death toll": only what matches your keywords (optional)\n'
    "3. /settings: instant alerts or an hourly/daily digest\n\n"
    "/claims shows the latest contested claims; /help lists every command."
)
GROUP_NOTE = "\n\nIn this group, only administrators can change the subscription, keywords and settings."


async def start(update: Update, context: BotContext) -> None:
    message = command_message(update)
    text = WELCOME
    if message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        text += GROUP_NOTE
    await message.reply_html(text, do_quote=False, disable_web_page_preview=True)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("start", start))

"""``/chart <claim id>``: the competing figures of a claim's story as a picture (sendPhoto).

Details sends the same chart after the evidence (handlers.details.send_chart).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.telegram.context import BotApplication, BotContext
from handlers.common import command_arguments, command_message
from handlers.details import load_evidence, parse_claim_id, send_chart

USAGE = "Usage: /chart <id>, with the number shown by /claims or under an alert. Example: /chart 42"


async def chart_command(update: Update, context: BotContext) -> None:
    message = command_message(update)
    dispute_id = parse_claim_id(command_arguments(message), USAGE)
    evidence = await load_evidence(context.services.session_factory, dispute_id)
    if not await send_chart(context, message.chat_id, evidence):
        await message.reply_html(
            f"Claim #{dispute_id} has a single figure, so there is nothing to compare in a chart. "
            f"Its evidence: /claim {dispute_id}"
        )


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("chart", chart_command))

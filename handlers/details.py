"""Details on demand: the Details button under an alert, and ``/claim <id>``.

The id is a dispute id (what alerts, digests and /claims show). The answer covers the dispute's
whole story in one message where it fits (each contested claim once, with everyone disputing it,
the other figures, every source with link, time and stance; cut between whole blocks when long),
then a chart when the story has two or more figures for the same quantity.
"""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.alerts.chart import caption, chart_spec, render_png
from bot.alerts.format import DETAILS_PREFIX, format_details, parse_details_data
from bot.alerts.model import StoryEvidence
from bot.claims import contested
from bot.errors import CommandError
from bot.storage.evidence import story_evidence
from bot.telegram.context import BotApplication, BotContext
from handlers.common import callback_query, command_arguments, command_message

USAGE = "Usage: /claim <id>, with the number shown by /claims or under an alert. Example: /claim 42"
MAX_ID = 2**31 - 1


def parse_claim_id(arguments: str, usage: str = USAGE) -> int:
    """The id of ``/claim <id>`` (a leading ``#`` is fine), or a CommandError saying what is wrong."""
    parts = arguments.split()
    if len(parts) != 1:
        raise CommandError(usage)
    raw = parts[0].removeprefix("#")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise CommandError(f"“{parts[0][:20]}” is not a claim number. {usage}")
    return int(raw)


async def load_evidence(session_factory: async_sessionmaker[AsyncSession], dispute_id: int) -> StoryEvidence:
    async with session_factory() as session:
        evidence = await story_evidence(session, dispute_id)
    if evidence is None:
        raise CommandError(f"There is no claim #{dispute_id}. See /claims for the latest ones.")
    return evidence


async def send_chart(context: BotContext, chat_id: int, evidence: StoryEvidence) -> bool:
    """Send the story's chart to ``chat_id``; False when it has fewer than two figures to compare."""
    spec = chart_spec(contested(evidence.disputes, evidence.claims))
    if spec is None:
        return False
    png = await asyncio.to_thread(render_png, spec)  # matplotlib never holds up the event loop
    await context.bot.send_photo(
        chat_id, photo=png, caption=caption(spec, evidence.dispute_id), parse_mode="HTML"
    )
    return True


async def _send(update: Update, context: BotContext, evidence: StoryEvidence) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    for text in format_details(evidence):
        await context.bot.send_message(chat.id, text, parse_mode="HTML", disable_web_page_preview=True)
    await send_chart(context, chat.id, evidence)


async def claim_command(update: Update, context: BotContext) -> None:
    message = command_message(update)
    dispute_id = parse_claim_id(command_arguments(message))
    await _send(update, context, await load_evidence(context.services.session_factory, dispute_id))


async def details_button(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    dispute_id = parse_details_data(query.data or "")
    if dispute_id is None or not 0 < dispute_id <= MAX_ID:  # callback data comes from the client
        raise CommandError("This button is out of date.")
    evidence = await load_evidence(context.services.session_factory, dispute_id)
    await query.answer()
    await _send(update, context, evidence)


def register(application: BotApplication) -> None:
    application.add_handler(CommandHandler("claim", claim_command))
    application.add_handler(CallbackQueryHandler(details_button, pattern=f"^{DETAILS_PREFIX}"))

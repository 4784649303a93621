"""The digest job: every DIGEST_TICK seconds, queue the digests whose period has ended."""

from __future__ import annotations

import logging

from bot.alerts.enqueue import enqueue_due_digests
from bot.telegram.context import BotData

log = logging.getLogger(__name__)

DIGEST_TICK = 60.0  # seconds; a digest goes out at most this long after its period ends


async def run_digests(bot_data: BotData) -> int:
    """Queue due digests in one transaction and wake the sender; returns how many were queued."""
    if not bot_data.ready:
        return 0
    services = bot_data.services
    async with services.session_factory() as session, session.begin():
        queued = await enqueue_due_digests(session, now=services.clock.now())
    if queued:
        log.info("queued %d digest(s)", queued)
        if bot_data.sender is not None:
            bot_data.sender.wake()
    return queued

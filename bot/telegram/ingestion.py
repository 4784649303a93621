"""Feed polling inside the bot process: the ingestion PollScheduler, started and stopped with it."""

from __future__ import annotations

from bot.ingest.scheduler import PollScheduler
from bot.telegram.context import BotServices


class Ingestion:
    """Adapts :class:`PollScheduler` (sync the feeds file, then poll on a timer) to the app's
    start/stop life cycle."""

    def __init__(self, services: BotServices) -> None:
        self.scheduler = PollScheduler(
            session_factory=services.session_factory,
            client=services.http,
            settings=services.settings,
            clock=services.clock,
        )

    async def start(self) -> None:
        await self.scheduler.start()

    async def stop(self) -> None:
        await self.scheduler.shutdown()

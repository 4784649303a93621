"""Typed handler context: every handler gets ``context.services`` (a :class:`BotServices`).

python-telegram-bot builds ``bot_data`` by calling its type with no arguments when the
Application is created, before the database or HTTP client exist. So ``bot_data`` is a small
:class:`BotData` holder that ``post_init`` fills once (``install``) and ``post_shutdown`` empties;
handlers read the frozen :class:`BotServices` through :attr:`BotContext.services`::

    from bot.telegram.context import BotContext

    async def watch(update: Update, context: BotContext) -> None:
        services = context.services
        async with services.session_factory() as session, session.begin():
            ...

Register handlers with ``CommandHandler("watch", watch)``; the Application is built with
:data:`CONTEXT_TYPES`, so ``context`` really is a :class:`BotContext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.clock import Clock
from bot.services.rate_limit import RateLimiter
from bot.services.url_safety import Resolver, system_resolver

if TYPE_CHECKING:
    import httpx
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from bot.ingest.scheduler import PollScheduler
    from bot.settings import Settings
    from bot.telegram.sender import OutboxSender


@dataclass(frozen=True, slots=True)
class BotServices:
    """Everything a handler or job needs, opened in ``post_init`` and closed in ``post_shutdown``."""

    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    clock: Clock
    http: httpx.AsyncClient  # the shared client of bot.ingest.http (feeds, /addfeed checks)
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    # DNS lookups of /addfeed's URL safety check; tests inject a table instead of real DNS
    resolver: Resolver = system_resolver
    # /claims searches and paging per user (bot.services.rate_limit)
    search_limiter: RateLimiter = field(default_factory=RateLimiter)

    def is_admin(self, user_id: int | None) -> bool:
        """Bot administrators (``CLAIMWATCH_ADMIN_IDS``), not Telegram group admins."""
        return user_id is not None and user_id in self.admin_ids


class BotData:
    """The Application's ``bot_data``: holds the :class:`BotServices` while the bot runs."""

    __slots__ = ("_services", "poller", "sender")

    def __init__(self) -> None:
        self._services: BotServices | None = None
        self.sender: OutboxSender | None = None  # the outbox sender while the bot runs
        self.poller: PollScheduler | None = None  # feed polling, when the app runs it

    @property
    def services(self) -> BotServices:
        if self._services is None:
            raise RuntimeError("bot services are not open (post_init has not run)")
        return self._services

    @property
    def ready(self) -> bool:
        return self._services is not None

    def install(self, services: BotServices) -> None:
        self._services = services

    def clear(self) -> BotServices | None:
        services, self._services = self._services, None
        return services


ChatData: TypeAlias = dict[Any, Any]
UserData: TypeAlias = dict[Any, Any]


class BotContext(CallbackContext[ExtBot[Any], UserData, ChatData, BotData]):
    """The context every claimwatch handler receives."""

    @property
    def services(self) -> BotServices:
        return self.bot_data.services


CONTEXT_TYPES: ContextTypes[BotContext, UserData, ChatData, BotData] = ContextTypes(
    context=BotContext, bot_data=BotData
)

BotApplication: TypeAlias = Application[
    ExtBot[Any], BotContext, UserData, ChatData, BotData, JobQueue[BotContext]
]

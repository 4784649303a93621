"""The one place that wires claimwatch together: :func:`build_application`.

``post_init`` opens the database engine, the shared HTTP client, the outbox sender, the digest
job and the feed scheduler, and publishes the command list; ``post_stop`` stops the background
work (so nothing sends after the bot is shut down); ``post_shutdown`` closes the engine and the
client. :func:`run_application` runs it with long polling until SIGTERM/SIGINT;
:func:`running` does the same start/stop sequence without signal handling (tests, bench).
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.errors import CommandError, MissingTokenError
from bot.ingest.http import make_client
from bot.jobs.election import SenderElection
from bot.logs import redact
from bot.settings import Settings
from bot.storage.db import WalCheckpointer, create_engine, make_session_factory
from bot.telegram.commands import all_bot_commands, public_bot_commands
from bot.telegram.context import CONTEXT_TYPES, BotApplication, BotContext, BotServices
from bot.telegram.digests import DIGEST_TICK, run_digests
from bot.telegram.sender import OutboxSender, SenderConfig
from bot.telegram.timing import StampingRateLimiter
from bot.tls import default_context

log = logging.getLogger(__name__)

# Handler modules, each with ``register(application)``. Commands and their buttons register in
# the default group 0 (their commands and callback prefixes do not overlap, so at most one
# matches); handlers.fallback registers in FALLBACK_GROUP, the last group, and answers only what
# no earlier handler matched (unknown commands, stale buttons).
HANDLER_MODULES: tuple[str, ...] = (
    "handlers.start",  # /start
    "handlers.help",  # /help
    "handlers.subscription",  # /subscribe /unsubscribe
    "handlers.watchlist",  # /watch /unwatch /watchlist (+ remove buttons)
    "handlers.claims",  # /claims (+ paging buttons)
    "handlers.details",  # /claim <id> and the Details button
    "handlers.chart",  # /chart <id>
    "handlers.chat_settings",  # /settings (+ buttons)
    "handlers.status",  # /status
    "handlers.admin_feeds",  # /feeds /addfeed /removefeed (bot admins)
    "handlers.membership",  # the bot removed/blocked, a group upgraded to a supergroup
    "handlers.fallback",  # unknown commands and stale buttons (FALLBACK_GROUP)
)


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram's limits as given to AIORateLimiter (0 lifts one; the bench lifts both)."""

    overall_per_second: float = 30
    group_per_minute: float = 20


class Background(Protocol):
    """Long-running work started in post_init and stopped in post_stop."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class _Runtime:
    """What post_init opened, in order, so post_stop/post_shutdown can undo it."""

    def __init__(self) -> None:
        self.background: list[Background] = []
        self.closers: list[Callable[[], Awaitable[Any]]] = []


@dataclass
class _Lifecycle:
    """The Application's post_init/post_stop/post_shutdown hooks for one build.

    post_init opens services in order and records them in ``runtime``; post_stop stops the
    background services and post_shutdown closes the rest, both in reverse order."""

    settings: Settings
    clock: Clock
    sender_config: SenderConfig | None
    # The overall rate the sender's window sustains: the limiter's, or None when it is lifted.
    target_rate: float | None
    ingestion: bool
    publish_commands: bool
    runtime: _Runtime = dataclasses.field(default_factory=_Runtime)

    async def post_init(self, application: BotApplication) -> None:
        settings = self.settings
        engine = create_engine(settings.database_url)
        self.runtime.closers.append(engine.dispose)
        checkpoints = WalCheckpointer(engine)  # SQLite only: the writer's commits stay short
        await checkpoints.start()
        self.runtime.background.append(checkpoints)
        http = make_client(settings)
        self.runtime.closers.append(http.aclose)
        services = BotServices(
            settings=settings,
            session_factory=make_session_factory(engine),
            clock=self.clock,
            http=http,
            admin_ids=frozenset(settings.admin_ids),
        )
        application.bot_data.install(services)
        await self._start_sender(application, services, engine)
        local_jobs = settings.job_queue == "local"  # else `claimwatch worker` runs them
        if application.job_queue is not None and local_jobs:
            application.job_queue.run_repeating(
                _digest_job, interval=DIGEST_TICK, first=timedelta(seconds=5), name="digests"
            )
        if self.ingestion and local_jobs:
            await self._start_ingestion(application, services)
        if self.publish_commands:
            await _publish_commands(application, settings)
        log.info("claimwatch started as @%s", application.bot.username)

    async def _start_sender(
        self, application: BotApplication, services: BotServices, engine: AsyncEngine
    ) -> None:
        config = self.sender_config or SenderConfig(concurrency=self.settings.sender_concurrency)
        config = dataclasses.replace(config, target_rate=self.target_rate)
        if config.owner is None and self.settings.instance_id is not None:
            config = dataclasses.replace(config, owner=self.settings.instance_id)
        # On PostgreSQL several replicas may run: the one holding the advisory lock sends.
        election = SenderElection(engine) if engine.dialect.name == "postgresql" else None
        sender = OutboxSender(application.bot, services.session_factory, self.clock, config, election)
        application.bot_data.sender = sender
        await sender.start()
        self.runtime.background.append(sender)

    async def _start_ingestion(self, application: BotApplication, services: BotServices) -> None:
        from bot.telegram.ingestion import Ingestion  # the feed stack is heavy: only when used

        polling = Ingestion(services)
        application.bot_data.poller = polling.scheduler
        await polling.start()  # syncs the feeds file, then polls on a timer
        self.runtime.background.append(polling)

    async def post_stop(self, application: BotApplication) -> None:
        while self.runtime.background:
            service = self.runtime.background.pop()
            try:
                await service.stop()
            except Exception:
                log.exception("stopping %s failed", type(service).__name__)

    async def post_shutdown(self, application: BotApplication) -> None:
        await self.post_stop(application)  # idempotent: covers a start that failed half-way
        application.bot_data.sender = None
        application.bot_data.poller = None
        application.bot_data.clear()
        while self.runtime.closers:
            close = self.runtime.closers.pop()
            try:
                await close()
            except Exception:
                log.exception("closing failed")


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    rate_limits: RateLimits | None = RateLimits(),
    sender_config: SenderConfig | None = None,
    ingestion: bool = True,
    publish_commands: bool = True,
) -> BotApplication:
    """The claimwatch Application for ``settings`` (nothing is opened until it runs).

    ``ingestion=False`` leaves out the feed scheduler (tests that drive polls themselves);
    ``rate_limits=None`` lifts Telegram's limits (bench against the fake server only).
    """
    if settings.telegram_token is None:
        raise MissingTokenError("no Telegram bot token: set CLAIMWATCH_TELEGRAM_TOKEN")
    token = settings.telegram_token.get_secret_value()
    target_rate = rate_limits.overall_per_second if rate_limits is not None else None
    hooks = _Lifecycle(
        settings, clock or SystemClock(), sender_config, target_rate or None, ingestion, publish_commands
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram_api_url)
        .context_types(CONTEXT_TYPES)
        # PTB's own defaults (pool sizes 256 and 1), with the process's TLS context instead of a
        # new one per client (see bot.tls).
        .request(HTTPXRequest(connection_pool_size=256, httpx_kwargs={"verify": default_context()}))
        .get_updates_request(HTTPXRequest(connection_pool_size=1, httpx_kwargs={"verify": default_context()}))
        .post_init(hooks.post_init)
        .post_stop(hooks.post_stop)
        .post_shutdown(hooks.post_shutdown)
    )
    if rate_limits is not None:
        builder = builder.rate_limiter(_rate_limiter(rate_limits))
    application: BotApplication = builder.build()  # type: ignore[assignment]

    for name in HANDLER_MODULES:
        module = importlib.import_module(name)
        module.register(application)

    async def on_error(update: object, context: BotContext) -> None:
        await report_error(update, context, token)

    application.add_error_handler(on_error)
    return application


def _rate_limiter(
    rate_limits: RateLimits,
) -> Any:  # Any: the builder's generics start at BaseRateLimiter[None]
    # Stamps when each request leaves its queue: the sender's window counts round trips from there.
    limiter = StampingRateLimiter(
        overall_max_rate=rate_limits.overall_per_second,
        overall_time_period=1,
        group_max_rate=rate_limits.group_per_minute,
        group_time_period=60,
        max_retries=0,  # RetryAfter is handled by the outbox (the row waits, others go on)
    )
    # With max_retries=0 the limiter logs every RetryAfter as an error with a traceback before
    # re-raising it; the outbox handles (and logs) RetryAfter itself, handlers via on_error.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    return limiter


async def report_error(update: object, context: BotContext, token: str) -> None:
    """The error handler: a :class:`CommandError` is the user's answer; anything else is logged
    (never with the token) and the user is told briefly that something went wrong."""
    error = context.error
    if isinstance(error, CommandError) and isinstance(update, Update):
        await _tell(update, context, str(error))
        return
    where = f"update {update.update_id}" if isinstance(update, Update) else "background job"
    log.error(
        "error while handling %s: %s: %s",
        where,
        type(error).__name__,
        redact(str(error), [token]),
        exc_info=error if not isinstance(error, TelegramError) else None,
    )
    if isinstance(update, Update) and not isinstance(error, TelegramError):
        await _tell(update, context, "Sorry, something went wrong on my side. Please try again later.")


async def _tell(update: Update, context: BotContext, text: str) -> None:
    """Answer a button press with an alert, or a command with a reply (plain text)."""
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text, do_quote=False)
        elif update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as exc:
        log.warning("could not answer update %d: %s", update.update_id, exc)


async def _digest_job(context: BotContext) -> None:
    await run_digests(context.bot_data)


async def _publish_commands(application: BotApplication, settings: Settings) -> None:
    """setMyCommands: the public menu for everyone, the full one in each bot admin's private chat."""
    try:
        await application.bot.set_my_commands(public_bot_commands(), scope=BotCommandScopeDefault())
    except TelegramError as exc:
        log.warning("could not publish the command list: %s", exc)
    for admin_id in settings.admin_ids:
        try:
            await application.bot.set_my_commands(all_bot_commands(), scope=BotCommandScopeChat(admin_id))
        except TelegramError as exc:  # the admin never opened a chat with the bot: fine
            log.info("admin command menu not set for %d: %s", admin_id, exc)


@asynccontextmanager
async def running(application: BotApplication, *, poll_timeout: float = 10) -> AsyncIterator[BotApplication]:
    """Run ``application`` (long polling) inside the current event loop, like run_polling does.

    The same sequence as ``Application.run_polling`` (initialize, post_init, polling, start; then
    stop, post_stop, shutdown, post_shutdown), without installing signal handlers.
    """
    await application.initialize()
    try:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=timedelta(seconds=poll_timeout), allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        try:
            yield application
        finally:
            if application.updater.running:
                await application.updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


@dataclass(frozen=True, slots=True)
class Webhook:
    """Receive updates on an HTTP server instead of long polling: several replicas can sit behind
    one public URL (a load balancer in front)."""

    url: str  # the public https URL Telegram posts to, e.g. https://bot.example.org/telegram
    listen: str = "0.0.0.0"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def webhook_secret(token: str) -> str:
    """The secret Telegram sends with every webhook request: derived from the token, so every
    replica knows it without more configuration, and the token itself never leaves."""
    return hashlib.sha256(f"claimwatch-webhook:{token}".encode()).hexdigest()


def run_application(settings: Settings, webhook: Webhook | None = None) -> int:
    """Run the bot until SIGTERM/SIGINT; returns the process exit status."""
    application = build_application(settings)
    if webhook is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        return 0
    assert settings.telegram_token is not None  # build_application checked it
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.path,
        webhook_url=webhook.url,
        secret_token=webhook_secret(settings.telegram_token.get_secret_value()),
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )
    return 0

"""The outbox sender: drains ``bot.storage.outbox`` into Telegram within its limits.

Limits: the overall rate (about 30 messages/s) and 20 messages/min per group are enforced by
python-telegram-bot's ``AIORateLimiter`` on every request; on top of that the outbox paces each
chat through ``not_before`` (see ``bot.storage.outbox``), so a long queue for one chat never
starves the others.

Failures, per message: ``bot.telegram.failures.classify`` (pure) decides between retry (after
RetryAfter, network errors, or as plain text after a formatting error), chat gone (blocked,
kicked, not found: unsubscribed, queued rows dropped), migrated (moved to the supergroup id and
resent) and failed; ``_apply`` writes the decision.

One chat's failure never stops the others: every outcome is recorded on that row only.

Crash safety: each delivery is committed as ``sent`` in its own transaction as soon as Telegram
answers, before that worker sends its next request, so a crash can repeat only the messages
between their send and their record, once. How many are in flight is the adaptive send window
(``bot.telegram.window``): just enough to sustain Telegram's 30 messages/s at the measured round
trip, at most ``SenderConfig.concurrency``. Against a fast API that is 1 or 2 in flight, so a
kill -9 repeats at most one or two messages; a slow API gets a wider window and keeps the rate.
If recording fails (the database is gone), sending pauses until the deliveries are recorded;
rows claimed but not attempted go back to ``pending``.
Restart behaviour and leases: see ``bot.storage.outbox``. Several replicas: only the one the
election picks sends (``bot.jobs.election``, PostgreSQL), which keeps Telegram's limit global;
the leases alone already keep two senders from sending a message twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from telegram import InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import TelegramError

from bot.clock import Clock
from bot.storage import chats as chat_store
from bot.storage import outbox
from bot.telegram import failures, timing
from bot.telegram.failures import plain_text
from bot.telegram.window import SendWindow

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)  # alerts carry several links: no big previews
_NO_PREVIEW_JSON = NO_PREVIEW.to_json()


@dataclass(frozen=True, slots=True)
class SenderConfig:
    batch_size: int = 200  # rows claimed per round
    # Most requests in flight (the send window's ceiling). Each is recorded the moment its own
    # answer arrives, so a crash can only repeat a message that was between sending and
    # recording, once. The window opens only as far as ``target_rate`` needs at the measured
    # round trip (``bot.telegram.window``): 8 sustains 30/s up to round trips of about 260 ms.
    concurrency: int = 8
    # Messages a second the window aims to sustain: Telegram's overall limit for one bot (the
    # rate limiter enforces it). None: no rate limit, the window stays at ``concurrency``.
    target_rate: float | None = 30.0
    private_gap: float = 1.0  # seconds between two messages to one private chat
    group_gap: float = 3.0  # 20 per minute per group
    idle_interval: float = 1.0  # re-check for rows written by other processes (claimwatch poll)
    max_backoff: float = 300.0  # cap of the network-error retry delay
    # Seconds a claim holds without renewal; the sender renews its leases (and takes back the
    # expired leases of senders that died) every third of it.
    lease: float = 60.0
    # Who holds the leases: unique per process by default. A stable name (one per replica) lets
    # a restarted sender take back its own rows at once instead of after their lease expires.
    owner: str | None = None


def process_owner() -> str:
    """A lease owner unique to this process (host, pid and a random part)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


@functools.lru_cache(maxsize=256)
def _markup_json(data: str) -> str:
    """A keyboard checked by PTB (a malformed one raises here, before any request) and serialised
    once per distinct keyboard: a fan-out sends the same one to every chat."""
    return InlineKeyboardMarkup.de_json(json.loads(data), None).to_json()


class BotAPI(Protocol):
    """What the sender needs of ``telegram.Bot``: one raw request (tests give a fake)."""

    async def _post(self, endpoint: str, data: dict[str, Any] | None = None) -> Any: ...


class Election(Protocol):
    """Which replica sends (``bot.jobs.election``); without one, this process always does."""

    async def leading(self) -> bool: ...

    async def resign(self) -> None: ...


class OutboxSender:
    """Runs as one asyncio task next to the Application (started in post_init)."""

    def __init__(
        self,
        bot: BotAPI,
        session_factory: async_sessionmaker[AsyncSession],
        clock: Clock,
        config: SenderConfig | None = None,
        election: Election | None = None,
        monotonic: Callable[[], float] = time.monotonic,  # round trips (tests give a fake)
    ) -> None:
        self._bot = bot
        self._election = election
        self._sessions = session_factory
        self._clock = clock
        self.config = config or SenderConfig()
        self.owner = self.config.owner or process_owner()
        self.window = SendWindow(self.config.target_rate, self.config.concurrency)
        self._monotonic = monotonic
        self._in_flight = 0  # requests between their send and their record
        self.peak_in_flight = 0  # the most seen at once (tests, bench)
        self._slots = asyncio.Condition()  # a worker waits here until the window has room
        self._lease = timedelta(seconds=self.config.lease)
        self._heartbeat: asyncio.Task[None] | None = None
        self._stopped = asyncio.Event()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._delivered: list[outbox.Delivered] = []  # sent, not yet recorded
        self._unattempted: list[int] = []  # claimed rows a paused round did not send
        self._paused = False  # a delivery could not be recorded: send nothing more this round
        self._recording = asyncio.Lock()
        self._recorder: AsyncConnection | None = None  # held open: a commit per message stays cheap
        self.sent_count = 0  # messages delivered since start (bench, /status)
        self._rounds_started = 0
        self._last_idle_round = 0  # number of the last round that found nothing due
        self._round_done = asyncio.Condition()

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        # Only expired leases and this sender's own: another sender's rows in flight stay its own.
        async with self._sessions() as session, session.begin():
            recovered = await outbox.recover_interrupted(session, self._clock.now(), owner=self.owner)
        if recovered:
            log.warning("outbox: %d message(s) interrupted by a stopped sender to retry", len(recovered))
        self._stopping = False
        self._stopped.clear()
        self._task = asyncio.create_task(self._run(), name="outbox-sender")
        self._heartbeat = asyncio.create_task(self._keep_leases(), name="outbox-leases")

    async def _keep_leases(self) -> None:
        """Renew this sender's leases, and take back those of senders that died, every third of
        the lease (a failure is logged and retried at the next beat)."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), self.config.lease / 3)
            if self._stopped.is_set():
                return
            try:
                now = self._clock.now()
                async with self._sessions() as session, session.begin():
                    await outbox.renew_leases(session, self.owner, now + self._lease)
                    recovered = await outbox.recover_interrupted(session, now, owner=None)
            except Exception:
                log.exception("outbox: could not renew the sender's leases")
                continue
            if recovered:
                log.warning("outbox: %d message(s) of a stopped sender will be retried", len(recovered))
                self.wake()

    def wake(self) -> None:
        """New rows were queued (or the clock moved): look now instead of at the next tick."""
        self._wake.set()

    async def stop(self) -> None:
        """Finish the requests in flight, record them, then return."""
        self._stopping = True
        self._wake.set()
        self._stopped.set()
        if self._heartbeat is not None:
            beat, self._heartbeat = self._heartbeat, None
            await beat
        if self._task is not None:
            task, self._task = self._task, None
            await task
        try:
            await self._settle_leftovers()
        except Exception:
            # The next start puts whatever is still ``sending`` back to ``pending``.
            log.exception("outbox: could not record the last deliveries before stopping")
        await self._close_recorder()
        if self._election is not None:
            await self._election.resign()

    async def _close_recorder(self) -> None:
        recorder, self._recorder = self._recorder, None
        if recorder is not None:
            with contextlib.suppress(Exception):  # a broken connection: nothing left to save
                await recorder.close()

    async def settled(self) -> None:
        """Return once a round that *started after this call* found nothing due (tests, bench)."""
        async with self._round_done:
            started = self._rounds_started
            self.wake()
            await self._round_done.wait_for(lambda: self._last_idle_round > started or not self.running)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()  # a wake() during the round below makes the wait return at once
            self._rounds_started += 1
            this_round = self._rounds_started
            try:
                if self._election is not None and not await self._election.leading():
                    handled = 0  # another replica sends: stand by (and campaign again next tick)
                else:
                    handled = await self.drain_once()
            except Exception:
                # The database is down or locked for long: log, wait a tick, try again.
                log.exception("outbox: sender round failed")
                handled = 0
            if handled:
                continue
            async with self._round_done:
                self._last_idle_round = this_round
                self._round_done.notify_all()
            delay = await self._idle_delay()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)
        async with self._round_done:
            self._round_done.notify_all()

    async def _idle_delay(self) -> float:
        try:
            async with self._sessions() as session:
                due = await outbox.next_due_at(session)
        except Exception:
            log.exception("outbox: cannot read the next due time")
            return self.config.idle_interval
        if due is None:
            return self.config.idle_interval
        return min(max((due - self._clock.now()).total_seconds(), 0.01), self.config.idle_interval)

    # --- one round ---------------------------------------------------------------------------

    async def drain_once(self) -> int:
        """Claim the due rows (one per chat) and send them; returns how many were handled."""
        await self._settle_leftovers()  # raises while the database still fails: nothing is sent
        async with self._sessions() as session, session.begin():
            items = await outbox.claim_due(
                session, self._clock.now(), self.config.batch_size, owner=self.owner, lease=self._lease
            )
        if items:
            queue = iter(items)  # shared: each worker takes the next row

            async def worker() -> None:
                for item in queue:
                    if self._paused:
                        self._unattempted.append(item.id)
                        continue
                    try:
                        async with self._slot():
                            await self._deliver(item)
                    except Exception:
                        # Its outcome could not be written: retry the row once the database is back.
                        log.exception("outbox: could not record the outcome of row %d", item.id)
                        self._paused = True
                        self._unattempted.append(item.id)

            await asyncio.gather(*(worker() for _ in range(min(self.config.concurrency, len(items)))))
        return len(items)

    @contextlib.asynccontextmanager
    async def _slot(self) -> AsyncIterator[None]:
        """One place in the send window, held from the request until its outcome is recorded."""
        async with self._slots:
            await self._slots.wait_for(lambda: self._in_flight < self.window.size)
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
        try:
            yield
        finally:
            async with self._slots:
                self._in_flight -= 1
                self._slots.notify_all()  # a slot is free, and the window may have changed

    async def _settle_leftovers(self) -> None:
        """Record deliveries a failed commit left behind and release unattempted rows (no worker
        runs now); until that succeeds the sender sends nothing."""
        if not self._delivered and not self._unattempted:
            self._paused = False
            return
        delivered, released = list(self._delivered), list(self._unattempted)
        async with self._sessions() as session, session.begin():
            await outbox.mark_sent_many(session, delivered, *self._gaps())
            await outbox.release(session, released, self._clock.now())
        self._delivered, self._unattempted, self._paused = [], [], False
        self.sent_count += len(delivered)

    async def _deliver(self, item: outbox.OutboxItem) -> None:
        called = self._monotonic()
        try:
            with timing.stamping() as stamp:
                message_id = await self._send(item)
        except Exception as exc:
            outcome = failures.classify(exc, item, max_backoff=self.config.max_backoff)
            if isinstance(outcome, failures.Failed) and not isinstance(exc, TelegramError):
                log.exception("outbox: row %d could not be sent", item.id)  # a bug: keep the trace
            await self._apply(item, outcome)
        else:
            if await self._sent(item, message_id):
                # From the moment the rate limiter let it go (else from the call) to its commit.
                left = stamp.released_at if stamp.released_at is not None else called
                self.window = self.window.observe(self._monotonic() - left)

    async def _send(self, item: outbox.OutboxItem) -> int | None:
        """One request; returns the message id Telegram gave (None when an edit answers True).

        Goes through ``Bot._post`` rather than ``send_message``: the same request, rate limiter
        (ExtBot) and ``telegram.error`` exceptions, without building the request from keyword
        arguments and parsing the answer into a ``Message`` with its keyboard (a tenth of the
        bot's CPU per message in ``bench/fanout_bench.py``): only the message id is needed."""
        data: dict[str, object] = {
            "chat_id": item.chat_id,
            "text": item.text,
            "link_preview_options": _NO_PREVIEW_JSON,
        }
        if item.parse_mode is not None:
            data["parse_mode"] = item.parse_mode
        if item.reply_markup:
            data["reply_markup"] = _markup_json(json.dumps(item.reply_markup, sort_keys=True))
        if item.edit_message_id is not None:
            data["message_id"] = item.edit_message_id
            result = await self._bot._post("editMessageText", data)
        else:
            result = await self._bot._post("sendMessage", data)
        if isinstance(result, dict):
            return int(result["message_id"])
        return item.edit_message_id  # an edit may answer just True

    # --- outcomes ------------------------------------------------------------------------------

    def _gap(self, item: outbox.OutboxItem) -> timedelta:
        return timedelta(seconds=self.config.group_gap if item.is_group else self.config.private_gap)

    async def _sent(self, item: outbox.OutboxItem, message_id: int | None) -> bool:
        """Record a delivery; False when it could not be recorded yet (sending pauses)."""
        delivered = outbox.Delivered(item.id, item.chat_id, item.is_group, message_id, self._clock.now())
        return await self._record_delivered(delivered)

    def _gaps(self) -> tuple[timedelta, timedelta]:
        return timedelta(seconds=self.config.private_gap), timedelta(seconds=self.config.group_gap)

    async def _record_delivered(self, delivered: outbox.Delivered) -> bool:
        """Commit this one delivery now, in its own transaction, before this worker sends again
        (never shared with other messages' answers: each is recorded the moment it arrives)."""
        async with self._recording:  # one connection, one writer: commits take turns
            if self._paused:  # an earlier record failed: keep it for ``_settle_leftovers``
                self._delivered.append(delivered)
                return False
            try:
                if self._recorder is None:
                    engine: AsyncEngine = self._sessions.kw["bind"]  # the session factory's engine
                    self._recorder = await engine.connect()
                async with self._recorder.begin():
                    await outbox.mark_sent_many(self._recorder, [delivered], *self._gaps())
            except Exception:
                await self._close_recorder()  # never reuse a connection that failed
                # Keep it for the next attempt: recording again is harmless, sending again is not.
                self._delivered.append(delivered)
                self._paused = True
                log.exception("outbox: delivery of row %d not recorded; sending paused", delivered.id)
                return False
        self.sent_count += 1
        return True

    async def _apply(self, item: outbox.OutboxItem, outcome: failures.Outcome) -> None:
        """Write what :func:`bot.telegram.failures.classify` decided for a refused row."""
        match outcome:
            case failures.AlreadyDelivered(message_id):
                await self._sent(item, message_id)
            case failures.Retry(delay, error, plain, anew):
                log.warning(
                    "outbox: row %d (chat %d) retried in %.0f s: %s", item.id, item.chat_id, delay, error
                )
                changes: dict[str, object] = {}
                if plain:
                    changes = {"text": plain_text(item.text), "parse_mode": None}
                if anew:
                    changes = {"edit_message_id": None, "edit_of_id": None}
                await self._retry(item, delay, error, **changes)
            case failures.ChatGone(reason, error):
                async with self._sessions() as session, session.begin():
                    dropped = await chat_store.chat_gone(session, item.chat_id, reason, error)
                log.info(
                    "outbox: chat %d gone (%s); unsubscribed, %d message(s) dropped",
                    item.chat_id,
                    reason,
                    dropped,
                )
            case failures.Migrated(new_chat_id):
                async with self._sessions() as session, session.begin():
                    await chat_store.migrate_chat(session, item.chat_id, new_chat_id)
                    await outbox.retry_later(
                        session, item.id, self._clock.now(), f"chat migrated to {new_chat_id}"
                    )
                log.info("outbox: chat %d moved to %d; resending", item.chat_id, new_chat_id)
                self.wake()
            case failures.Failed(error):
                log.error("outbox: row %d refused: %s", item.id, error)
                async with self._sessions() as session, session.begin():
                    await outbox.mark_failed(session, item.id, error)

    async def _retry(self, item: outbox.OutboxItem, delay: float, error: str, **changes: object) -> None:
        when = self._clock.now() + timedelta(seconds=delay)
        async with self._sessions() as session, session.begin():
            await outbox.retry_later(session, item.id, when, error, **changes)
        self.wake()

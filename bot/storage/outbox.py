"""The persistent alert outbox: queue, claim, record.

Row life cycle: ``pending`` → ``sending`` (claimed by the sender, committed before the request)
→ ``sent`` (Telegram's message id recorded) | ``pending`` again (retry later) | ``failed`` |
``dropped`` (the chat blocked or removed the bot).

Delivery guarantee: a row is committed as ``sending`` before its request and as ``sent`` right
after the answer, before the sender's next request (see ``bot.telegram.sender``). A claim is a
lease: the row records its sender (``lease_owner``) and an expiry (``lease_expires_at``) that a
live sender keeps renewing. A crash leaves rows ``sending``; :func:`recover_interrupted` puts back
to ``pending`` only the rows whose lease has expired, or that the recovering sender itself held
before it restarted, so a second sender starting next to a busy one never takes its rows in
flight. Only a message whose request had gone out but whose record had not been committed may be
sent a second time (one per request in flight: ``SenderConfig.concurrency``). A row recorded
``sent`` is never sent again, and no row is ever deleted, so nothing is lost.

Claims are atomic on both back ends: one ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)
RETURNING`` statement; PostgreSQL lets concurrent claimers skip each other's rows, SQLite runs it
in a ``BEGIN IMMEDIATE`` transaction (one writer at a time), where ``FOR UPDATE`` is not needed.

Per-chat order and pacing: only a chat's oldest unfinished row is eligible (so an update never
overtakes the alert it edits, and one message per chat is in flight), and after a send the chat's
next rows get ``not_before`` = send time + the chat's gap (1 s private, 3 s groups = 20/min).

Functions take an open ``AsyncSession`` (the recording ones also a connection) and never
commit: the caller owns the unit of work.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

import aiosqlite
from sqlalchemy import Table, and_, bindparam, exists, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import Chat, OutboxMessage

# Recording deliveries also runs on the sender's own connection (no ORM session: it is per message).
Executor = AsyncSession | AsyncConnection


class OutboxStatus(StrEnum):
    """The state of an outbox row (stored as its string value)."""

    PENDING = "pending"  # waiting for its turn (``not_before``)
    SENDING = "sending"  # claimed by a sender (see its lease)
    SENT = "sent"  # Telegram accepted it; ``telegram_message_id`` recorded
    FAILED = "failed"  # Telegram refused it for good, or it cannot be built
    DROPPED = "dropped"  # its chat can no longer be reached


PENDING = OutboxStatus.PENDING
SENDING = OutboxStatus.SENDING
SENT = OutboxStatus.SENT
FAILED = OutboxStatus.FAILED
DROPPED = OutboxStatus.DROPPED
UNFINISHED = (PENDING, SENDING)
# How long a claim holds without renewal; a live sender renews its leases well before that.
DEFAULT_LEASE = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A claimed row, detached from the session (the send happens outside any transaction)."""

    id: int
    chat_id: int
    chat_type: str
    kind: str
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    edit_message_id: int | None  # resolved from edit_of_id when the edited row was sent
    attempts: int

    @property
    def is_group(self) -> bool:
        return self.chat_type in ("group", "supergroup")


async def add_messages(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Bulk insert (executemany) of outbox rows given as column dicts; one statement per call."""
    if rows:
        await session.execute(insert(OutboxMessage), list(rows))


async def add_messages_returning(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """Bulk insert of rows for distinct chats; returns chat id -> new row id."""
    if not rows:
        return {}
    result = await session.execute(
        insert(OutboxMessage).returning(OutboxMessage.chat_id, OutboxMessage.id), list(rows)
    )
    return {int(chat_id): int(row_id) for chat_id, row_id in result.all()}


async def rewrite_pending(
    session: AsyncSession, row_ids: Sequence[int], text: str, reply_markup: dict[str, Any] | None
) -> list[int]:
    """New text for rows not yet claimed by the sender; returns the ids that were rewritten."""
    if not row_ids:
        return []
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(row_ids)), OutboxMessage.status == PENDING)
        .values(text=text, reply_markup=reply_markup)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return [row_id for (row_id,) in result.all()]


async def add_messages_once(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> int:
    """Bulk insert skipping rows whose ``dedupe_key`` is already queued (by another process);
    returns how many were inserted."""
    if not rows:
        return 0
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    statement = (pg_insert if dialect == "postgresql" else sqlite_insert)(OutboxMessage)
    result = await session.execute(
        statement.on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutboxMessage.id),
        list(rows),
    )
    return len(result.all())


async def recover_interrupted(session: AsyncSession, now: datetime, *, owner: str | None) -> list[int]:
    """Put back to ``pending`` the ``sending`` rows whose sender is presumed gone: an expired
    lease, or ``owner``'s own from before its restart (each may repeat once, see above). Rows
    another live sender holds are left alone. Returns the recovered row ids."""
    m = OutboxMessage
    presumed_gone = [m.lease_expires_at.is_(None), m.lease_expires_at < now]
    if owner is not None:
        presumed_gone.append(m.lease_owner == owner)
    result = await session.execute(
        update(m)
        .where(m.status == SENDING, or_(*presumed_gone))
        .values(
            status=PENDING,
            not_before=now,
            lease_owner=None,
            lease_expires_at=None,
            last_error="interrupted: its sender stopped while sending",
        )
        .returning(m.id)
        .execution_options(synchronize_session=False)
    )
    return [row_id for (row_id,) in result.all()]


async def renew_leases(session: AsyncSession, owner: str, until: datetime) -> int:
    """Extend every lease ``owner`` holds to ``until`` (its heartbeat); returns how many."""
    m = OutboxMessage
    result = await session.execute(
        update(m)
        .where(m.status == SENDING, m.lease_owner == owner)
        .values(lease_expires_at=until)
        .returning(m.id)
        .execution_options(synchronize_session=False)
    )
    return len(result.all())


async def release(session: AsyncSession, row_ids: Sequence[int], now: datetime) -> None:
    """Claimed rows whose request never went out go back to ``pending`` (the claim is undone)."""
    if row_ids:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(list(row_ids)), OutboxMessage.status == SENDING)
            .values(
                status=PENDING,
                not_before=now,
                attempts=OutboxMessage.attempts - 1,
                lease_owner=None,
                lease_expires_at=None,
            )
            .execution_options(synchronize_session=False)
        )


_Earlier = aliased(OutboxMessage)
_Edited = aliased(OutboxMessage)
_Due = aliased(OutboxMessage)


async def claim_due(
    session: AsyncSession, now: datetime, limit: int, *, owner: str, lease: timedelta = DEFAULT_LEASE
) -> list[OutboxItem]:
    """Lease up to ``limit`` due rows to ``owner`` (each chat's oldest unfinished row only) in one
    atomic statement, and return exactly the rows this call leased."""
    m, d = OutboxMessage, _Due  # an alias: the subquery must not correlate with the UPDATE
    earlier_unfinished = exists().where(
        _Earlier.chat_id == d.chat_id,
        _Earlier.status.in_(UNFINISHED),
        _Earlier.id < d.id,
    )
    due = (
        select(d.id)
        .where(d.status == PENDING, d.not_before <= now, ~earlier_unfinished)
        .order_by(d.id)
        .limit(limit)
        # PostgreSQL: rows another claimer has locked are skipped, not waited for (nor taken
        # twice); SQLite renders nothing here and relies on BEGIN IMMEDIATE.
        .with_for_update(skip_locked=True, of=d)
        # Evaluated once: as a plain IN subquery PostgreSQL may re-run it per row and lease more
        # than ``limit`` rows.
        .cte("due")
        .prefix_with("MATERIALIZED")
    )
    claimed = (
        await session.execute(
            update(m)
            .where(m.id.in_(select(due.c.id)), m.status == PENDING)
            .values(status=SENDING, attempts=m.attempts + 1, lease_owner=owner, lease_expires_at=now + lease)
            .returning(m.id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    if not claimed:
        return []
    rows = (
        await session.execute(
            # Columns, not ORM objects: a claim round loads up to ``limit`` rows and only reads them.
            select(
                m.id,
                m.chat_id,
                Chat.type,
                m.kind,
                m.text,
                m.parse_mode,
                m.reply_markup,
                m.edit_message_id,
                m.attempts,
                _Edited.status,
                _Edited.telegram_message_id,
            )
            .join(Chat, Chat.id == m.chat_id)
            .outerjoin(_Edited, _Edited.id == m.edit_of_id)
            .where(m.id.in_([row_id for (row_id,) in claimed]))
            .order_by(m.id)
        )
    ).all()
    items = []
    for row_id, chat_id, chat_type, kind, text, parse_mode, markup, edit_id, attempts, *edited in rows:
        edited_status, edited_message_id = edited
        if edit_id is None and edited_status == SENT:
            edit_id = edited_message_id
        # An update whose alert never went out (failed/dropped) is sent as a new message.
        items.append(
            OutboxItem(row_id, chat_id, chat_type, kind, text, parse_mode, markup, edit_id, attempts)
        )
    return items


@dataclass(frozen=True, slots=True)
class Delivered:
    """A row Telegram accepted, waiting to be recorded."""

    id: int
    chat_id: int
    is_group: bool
    message_id: int | None
    at: datetime


_table = cast(Table, OutboxMessage.__table__)
# Core executemany, built once: this runs for every message sent, and building the statement
# costs about as much as executing it.
_MARK_SENT = (
    update(_table)
    .where(_table.c.id == bindparam("row_id"))
    .values(
        status=SENT, telegram_message_id=bindparam("message_id"), sent_at=bindparam("at"), last_error=None
    )
)


async def mark_sent_many(
    session: Executor, delivered: Sequence[Delivered], private_gap: timedelta, group_gap: timedelta
) -> None:
    """Record several deliveries (one executemany) and pace each chat's next rows."""
    if not delivered:
        return
    if len(delivered) == 1 and isinstance(session, AsyncConnection) and session.dialect.name == "sqlite":
        await _mark_one_sent_sqlite(session, delivered[0])
    else:
        await session.execute(
            _MARK_SENT, [{"row_id": d.id, "message_id": d.message_id, "at": d.at} for d in delivered]
        )
    latest = max(d.at for d in delivered)
    for is_group, gap in ((False, private_gap), (True, group_gap)):
        chats = {d.chat_id for d in delivered if d.is_group is is_group}
        if gap > timedelta(0) and chats:
            await pace_chats(session, chats, latest + gap)


_MARK_SENT_SQLITE = (
    f"UPDATE {_table.name} SET status = ?, telegram_message_id = ?, sent_at = ?, last_error = NULL "
    "WHERE id = ?"
)


@functools.cache
def _sent_at_processor(dialect: Dialect) -> Callable[[Any], Any] | None:
    """How SQLAlchemy itself stores ``sent_at`` on this dialect (same text, same time zone)."""
    column_type = _table.c.sent_at.type.dialect_impl(dialect)
    return cast(Callable[[Any], Any] | None, column_type.bind_processor(dialect))


async def _mark_one_sent_sqlite(conn: AsyncConnection, d: Delivered) -> None:
    """The sender's per-message record on SQLite, in the transaction ``conn`` has begun: one trip
    to aiosqlite's thread instead of three (SQLAlchemy's cursor, execute, close)."""
    driver = (await conn.get_raw_connection()).driver_connection
    if not isinstance(driver, aiosqlite.Connection):
        await conn.execute(_MARK_SENT, {"row_id": d.id, "message_id": d.message_id, "at": d.at})
        return
    process = _sent_at_processor(conn.dialect)
    sent_at = process(d.at) if process is not None else d.at
    try:
        await driver.execute(_MARK_SENT_SQLITE, (SENT, d.message_id, sent_at, d.id))
    except sqlite3.Error as exc:  # as SQLAlchemy would raise it
        raise OperationalError(_MARK_SENT_SQLITE, None, exc) from exc


async def mark_sent(session: AsyncSession, row_id: int, message_id: int | None, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=SENT, telegram_message_id=message_id, sent_at=now, last_error=None)
    )


async def retry_later(
    session: AsyncSession, row_id: int, not_before: datetime, error: str, **changes: Any
) -> None:
    """Back to ``pending`` until ``not_before``; ``changes`` may rewrite text/parse_mode/edit ids."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=PENDING, not_before=not_before, last_error=error[:1000], **changes)
    )


async def mark_failed(session: AsyncSession, row_id: int, error: str) -> None:
    await session.execute(
        update(OutboxMessage).where(OutboxMessage.id == row_id).values(status=FAILED, last_error=error[:1000])
    )


async def drop_chat_rows(session: AsyncSession, chat_id: int, reason: str) -> int:
    """Every unfinished row of a chat that can no longer be reached becomes ``dropped``."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status.in_(UNFINISHED))
        .values(status=DROPPED, last_error=reason[:1000])
        .returning(OutboxMessage.id)
    )
    return len(result.all())


async def pace_chats(session: Executor, chat_ids: Iterable[int], until: datetime) -> None:
    """No pending row of these chats goes out before ``until`` (per-chat rate limits)."""
    ids = list(chat_ids)
    if ids:
        await session.execute(
            update(OutboxMessage)
            .where(
                and_(OutboxMessage.chat_id.in_(ids), OutboxMessage.status == PENDING),
                OutboxMessage.not_before < until,
            )
            .values(not_before=until)
            .execution_options(synchronize_session=False)
        )


async def next_due_at(session: AsyncSession) -> datetime | None:
    """When the earliest pending row becomes due (None: nothing pending)."""
    result: datetime | None = await session.scalar(
        select(func.min(OutboxMessage.not_before)).where(OutboxMessage.status == PENDING)
    )
    return result


async def count_by_status(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))
    return {status: int(n) for status, n in rows.all()}

"""One active sender across ``claimwatch run`` replicas: a PostgreSQL advisory lock.

Telegram allows a bot about 30 messages a second in all, and each replica's rate limiter only
knows its own requests; so only the replica holding the lock sends, and the others stand by
(answering updates) until its connection, and with it the lock, goes away. Correctness never
depends on the election: claims are atomic leases (``bot.storage.outbox``), so even two senders
at once send each message once; the election keeps the rate limit global.
"""

from __future__ import annotations

import contextlib
import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

SENDER_LOCK = 0x636C6D03  # "clm" 3


class SenderElection:
    """Campaigns for, and holds, the sender lock on a connection of its own."""

    def __init__(self, engine: AsyncEngine, key: int = SENDER_LOCK) -> None:
        self._engine = engine
        self._key = key
        self._conn: AsyncConnection | None = None
        self._leading = False

    @property
    def is_leading(self) -> bool:
        return self._leading

    async def leading(self) -> bool:
        """True while this process holds the lock (taking it when free); a lost connection
        loses the lock with it, and this answers False until it is won again."""
        try:
            if self._conn is None:
                self._conn = await self._engine.connect()
            if self._leading:
                await self._conn.execute(text("SELECT 1"))  # still connected, so still ours
            else:
                won = await self._conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key})
                self._leading = bool(won)
                if self._leading:
                    log.info("this process is now the active sender")
            await self._conn.commit()  # no transaction left open between rounds
        except Exception:
            log.warning("sender election: connection lost; standing by", exc_info=True)
            if self._leading:
                log.warning("this process is no longer the active sender")
            self._leading = False
            await self._close()
        return self._leading

    async def resign(self) -> None:
        """Give the lock up (the next replica takes over at once) and close the connection."""
        if self._conn is not None and self._leading:
            with contextlib.suppress(Exception):
                await self._conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
                await self._conn.commit()
        self._leading = False
        await self._close()

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

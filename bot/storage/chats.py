"""Chats and their watched keywords: the repository used by the command services.

Functions take an open ``AsyncSession`` and never commit: the caller owns the unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Chat, OutboxMessage, WatchedKeyword
from bot.storage.outbox import drop_chat_rows


async def get_chat(session: AsyncSession, chat_id: int) -> Chat | None:
    return await session.get(Chat, chat_id)


async def ensure_chat(session: AsyncSession, chat_id: int, chat_type: str, title: str | None) -> Chat:
    """The chat row, created unsubscribed on first contact; type and title kept current."""
    chat = await session.get(Chat, chat_id)
    if chat is None:
        chat = Chat(id=chat_id, type=chat_type, title=title, subscribed=False)
        session.add(chat)
        await session.flush()
        return chat
    if chat.type != chat_type:
        chat.type = chat_type
    if title is not None and chat.title != title:
        chat.title = title
    return chat


async def list_keywords(session: AsyncSession, chat_id: int) -> Sequence[WatchedKeyword]:
    result = await session.scalars(
        select(WatchedKeyword).where(WatchedKeyword.chat_id == chat_id).order_by(WatchedKeyword.id)
    )
    return result.all()


async def count_keywords(session: AsyncSession, chat_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(WatchedKeyword).where(WatchedKeyword.chat_id == chat_id)
    )
    return int(count or 0)


async def add_keyword(session: AsyncSession, chat_id: int, keyword: str, normalized: str) -> WatchedKeyword:
    row = WatchedKeyword(chat_id=chat_id, keyword=keyword, normalized=normalized)
    session.add(row)
    await session.flush()
    return row


async def delete_keyword(session: AsyncSession, chat_id: int, normalized: str) -> bool:
    """Remove one keyword by its normalised form; False if the chat does not watch it."""
    result = await session.execute(
        delete(WatchedKeyword)
        .where(WatchedKeyword.chat_id == chat_id, WatchedKeyword.normalized == normalized)
        .returning(WatchedKeyword.id)
    )
    return result.first() is not None


async def delete_keyword_by_id(session: AsyncSession, chat_id: int, keyword_id: int) -> str | None:
    """Remove one keyword by row id (inline buttons); returns its text, None if already gone."""
    result = await session.execute(
        delete(WatchedKeyword)
        .where(WatchedKeyword.chat_id == chat_id, WatchedKeyword.id == keyword_id)
        .returning(WatchedKeyword.keyword)
    )
    row = result.first()
    return None if row is None else str(row[0])


# --- delivery outcomes (appended by the delivery owner: bot/telegram/sender.py) ---------------


async def mark_unreachable(session: AsyncSession, chat_id: int, reason: str) -> None:
    """The bot was blocked or removed: unsubscribe the chat, remembering why."""
    await session.execute(
        update(Chat).where(Chat.id == chat_id).values(subscribed=False, unsubscribed_reason=reason)
    )


async def chat_gone(session: AsyncSession, chat_id: int, reason: str, detail: str) -> int:
    """The chat can no longer be reached (blocked, kicked, unknown to Telegram): unsubscribe it and
    drop its queued messages, in the caller's transaction. Returns how many were dropped. The one
    place for this: the sender learns it from a refused send, the membership handler from an update.
    """
    await mark_unreachable(session, chat_id, reason)
    return await drop_chat_rows(session, chat_id, f"{reason}: {detail}")


async def migrate_chat(session: AsyncSession, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move the chat and everything hanging off it to ``new_id``.

    Child rows follow through ``ON UPDATE CASCADE``. If the supergroup already has its own row
    (someone used the bot there first), the old chat's subscription and queued messages move over
    and the old row goes.
    """
    existing = await session.get(Chat, new_id)
    if existing is None:
        await session.execute(update(Chat).where(Chat.id == old_id).values(id=new_id, type="supergroup"))
        return
    old = await session.get(Chat, old_id)
    if old is None:
        return
    if old.subscribed and not existing.subscribed:
        existing.subscribed = True
        existing.alert_mode, existing.scope = old.alert_mode, old.scope
    await session.execute(update(OutboxMessage).where(OutboxMessage.chat_id == old_id).values(chat_id=new_id))
    await session.delete(old)
    await session.flush()

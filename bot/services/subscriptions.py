"""Subscribe and unsubscribe a chat."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import chats


@dataclass(frozen=True, slots=True)
class ChatRef:
    """The Telegram chat a command came from."""

    id: int
    type: str  # private/group/supergroup/channel
    title: str | None = None


@dataclass(frozen=True, slots=True)
class SubscriptionChange:
    changed: bool  # False: the chat was already in the requested state
    keyword_count: int
    scope: str = "all"  # "watched": alerts are limited to the watched keywords


async def subscribe(session_factory: async_sessionmaker[AsyncSession], chat: ChatRef) -> SubscriptionChange:
    async with session_factory() as session, session.begin():
        row = await chats.ensure_chat(session, chat.id, chat.type, chat.title)
        changed = not row.subscribed
        row.subscribed = True
        row.unsubscribed_reason = None
        count = await chats.count_keywords(session, chat.id)
        return SubscriptionChange(changed=changed, keyword_count=count, scope=row.scope)


async def unsubscribe(session_factory: async_sessionmaker[AsyncSession], chat: ChatRef) -> SubscriptionChange:
    """Stop alerts; the watchlist and settings are kept for a later /subscribe."""
    async with session_factory() as session, session.begin():
        row = await chats.ensure_chat(session, chat.id, chat.type, chat.title)
        changed = row.subscribed
        row.subscribed = False
        if changed:
            row.unsubscribed_reason = "user"
        return SubscriptionChange(changed=changed, keyword_count=await chats.count_keywords(session, chat.id))

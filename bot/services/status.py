"""What the bot is doing: feeds watched, last poll, today's articles and disputes (UTC day)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.storage.chats import count_keywords
from bot.storage.models import Article, Chat, DisputeRow, Feed


@dataclass(frozen=True, slots=True)
class BotStatus:
    now: datetime
    feeds_enabled: int
    feeds_failing: int  # enabled feeds whose last poll failed
    feeds_disabled: int
    last_poll: datetime | None
    articles_today: int
    disputes_today: int
    chat_subscribed: bool
    chat_keywords: int


async def bot_status(
    session_factory: async_sessionmaker[AsyncSession], clock: Clock, chat_id: int
) -> BotStatus:
    now = clock.now()
    midnight = datetime.combine(now.date(), time(0), tzinfo=now.tzinfo)
    async with session_factory() as session:
        enabled = await _count(session, select(func.count()).select_from(Feed).where(Feed.enabled.is_(True)))
        failing = await _count(
            session,
            select(func.count()).select_from(Feed).where(Feed.enabled.is_(True), Feed.error_count > 0),
        )
        disabled = await _count(
            session, select(func.count()).select_from(Feed).where(Feed.enabled.is_(False))
        )
        last_poll = await session.scalar(select(func.max(Feed.last_polled_at)))
        articles = await _count(
            session, select(func.count()).select_from(Article).where(Article.fetched_at >= midnight)
        )
        disputes = await _count(
            session, select(func.count()).select_from(DisputeRow).where(DisputeRow.created_at >= midnight)
        )
        chat = await session.get(Chat, chat_id)
        keywords = await count_keywords(session, chat_id) if chat is not None else 0
    return BotStatus(
        now=now,
        feeds_enabled=enabled,
        feeds_failing=failing,
        feeds_disabled=disabled,
        last_poll=last_poll,
        articles_today=articles,
        disputes_today=disputes,
        chat_subscribed=bool(chat and chat.subscribed),
        chat_keywords=keywords,
    )


async def _count(session: AsyncSession, statement: Select[int]) -> int:
    return int(await session.scalar(statement) or 0)

"""A chat's alert preferences: alert mode and scope."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import CommandError
from bot.services.subscriptions import ChatRef
from bot.storage import chats

# Stored value -> label shown on the buttons. Order is the order of the buttons.
ALERT_MODES: dict[str, str] = {"instant": "Instant", "hourly": "Hourly digest", "daily": "Daily digest"}
SCOPES: dict[str, str] = {"all": "Everything", "watched": "Watched keywords only"}


@dataclass(frozen=True, slots=True)
class ChatPreferences:
    subscribed: bool
    alert_mode: str
    scope: str
    keyword_count: int
    last_digest_at: datetime | None = None  # end of the chat's last digest period


async def get_preferences(
    session_factory: async_sessionmaker[AsyncSession], chat: ChatRef
) -> ChatPreferences:
    async with session_factory() as session, session.begin():
        row = await chats.ensure_chat(session, chat.id, chat.type, chat.title)
        prefs = await _preferences(session, row.id, row.subscribed, row.alert_mode, row.scope)
        return replace(prefs, last_digest_at=row.last_digest_at)


async def update_preferences(
    session_factory: async_sessionmaker[AsyncSession],
    chat: ChatRef,
    *,
    alert_mode: str | None = None,
    scope: str | None = None,
) -> ChatPreferences:
    if alert_mode is not None and alert_mode not in ALERT_MODES:
        raise CommandError(f"Unknown alert mode {alert_mode!r}; choose one of {', '.join(ALERT_MODES)}.")
    if scope is not None and scope not in SCOPES:
        raise CommandError(f"Unknown scope {scope!r}; choose one of {', '.join(SCOPES)}.")
    async with session_factory() as session, session.begin():
        row = await chats.ensure_chat(session, chat.id, chat.type, chat.title)
        if alert_mode is not None:
            row.alert_mode = alert_mode
        if scope is not None:
            row.scope = scope
        prefs = await _preferences(session, row.id, row.subscribed, row.alert_mode, row.scope)
        return replace(prefs, last_digest_at=row.last_digest_at)


async def _preferences(
    session: AsyncSession, chat_id: int, subscribed: bool, alert_mode: str, scope: str
) -> ChatPreferences:
    return ChatPreferences(
        subscribed=subscribed,
        alert_mode=alert_mode,
        scope=scope,
        keyword_count=await chats.count_keywords(session, chat_id),
    )

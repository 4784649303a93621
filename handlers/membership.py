"""The bot's own membership: removed, blocked or a group upgraded, learned from Telegram's updates.

The outbox learns the same from a failed send (Forbidden, ChatMigrated); reacting to the update
as well means no message is even attempted, and pending rows are dropped or moved at once.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.storage import chats as chat_store
from bot.telegram.context import BotApplication, BotContext
from bot.telegram.failures import GoneReason

log = logging.getLogger(__name__)

_GONE = frozenset({ChatMember.LEFT, ChatMember.BANNED})


async def my_membership(update: Update, context: BotContext) -> None:
    change = update.my_chat_member
    if change is None or change.new_chat_member.status not in _GONE:
        return
    chat = change.chat
    reason = GoneReason.BLOCKED if chat.type == ChatType.PRIVATE else GoneReason.KICKED
    async with context.services.session_factory() as session, session.begin():
        dropped = await chat_store.chat_gone(session, chat.id, reason, "membership update")
    log.info("chat %d %s the bot: unsubscribed, %d queued message(s) dropped", chat.id, reason, dropped)


async def group_migrated(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    async with context.services.session_factory() as session, session.begin():
        await chat_store.migrate_chat(session, message.chat.id, message.migrate_to_chat_id)
    log.info("group %d became supergroup %d", message.chat.id, message.migrate_to_chat_id)


def register(application: BotApplication) -> None:
    application.add_handler(ChatMemberHandler(my_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, group_migrated))

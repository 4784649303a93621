"""Driving the real Application in tests: the admin id, the DNS table, a chat with the bot, settling."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fakes.telegram_api import FakeTelegramAPI, Outgoing

from bot.telegram.context import BotApplication

ADMIN_ID = 4242  # in the test settings' admin_ids (both the handler and the Telegram conftest)

# ``async with start_app(**build_application_kwargs) as app`` (the start_app fixture)
StartApp = Callable[..., AbstractAsyncContextManager[BotApplication]]


async def settle(application: BotApplication) -> None:
    """Wait until the outbox sender has handled everything due now."""
    sender = application.bot_data.sender
    assert sender is not None
    await sender.settled()


# The only DNS the tests know: /addfeed checks go through this table, never the network.
DNS: dict[str, list[str]] = {
    "news.example": ["93.184.216.34"],
    "loopback.example": ["127.0.0.1"],
    "private.example": ["10.20.30.40"],
    "linklocal.example": ["169.254.169.254"],
    "multicast.example": ["224.0.0.251"],
}


async def table_resolver(host: str, port: int) -> Sequence[str]:
    if host not in DNS:
        raise OSError(f"unknown host {host}")
    return DNS[host]


class Chat:
    """One conversation with the bot through the fake server: send, then read the answer."""

    def __init__(
        self, api: FakeTelegramAPI, chat_id: int, *, chat_type: str = "private", user_id: int | None = None
    ):
        self.api = api
        self.chat_id = chat_id
        self.chat_type = chat_type
        self.user_id = user_id if user_id is not None else chat_id

    async def ask(self, text: str, *, user_id: int | None = None, count: int = 1) -> list[Outgoing]:
        """Send ``text`` and return the next ``count`` messages the bot sends or edits here."""
        start = len(self.api.outgoing)
        await self.api.send_text(
            text, chat_id=self.chat_id, user_id=user_id or self.user_id, chat_type=self.chat_type
        )
        return await self.api.wait_for_messages(count, chat_id=self.chat_id, after=start)

    async def ask_one(self, text: str, *, user_id: int | None = None) -> Outgoing:
        return (await self.ask(text, user_id=user_id))[0]

    async def press(
        self, message: Outgoing, data: str, *, user_id: int | None = None, edits: int = 0
    ) -> tuple[dict[str, Any], list[Outgoing]]:
        """Press a button; return the callback answer and the next ``edits`` messages sent here."""
        done = sum(1 for method, _ in self.api.calls if method == "answerCallbackQuery")
        start = len(self.api.outgoing)
        query_id = await self.api.press_button(message, data, user_id=user_id or self.user_id)
        await self.api.wait_for_call("answerCallbackQuery", count=done + 1)
        answer = next(a for a in self.api.answered_callbacks if a.get("callback_query_id") == query_id)
        sent = await self.api.wait_for_messages(edits, chat_id=self.chat_id, after=start) if edits else []
        return answer, sent

    def latest(self) -> Outgoing:
        return self.api.messages_to(self.chat_id)[-1]

from __future__ import annotations

from typing import Any, cast

import pytest
from telegram import Update

from bot.errors import CommandError
from bot.telegram.context import BotContext
from handlers.common import chunk_lines, command_arguments, require_chat_admin

GROUP = {"id": -300, "type": "supergroup", "title": "Desk"}


def message_update(text: str, **extra: Any) -> Update:
    data = {
        "update_id": 1,
        "message": {"message_id": 1, "date": 0, "chat": GROUP, "text": text, **extra},
    }
    update = Update.de_json(data, None)
    assert update is not None
    return update


class NoBotContext:
    """A context whose bot must not be called: the check has to decide without the API."""

    @property
    def bot(self) -> Any:
        raise AssertionError("getChatMember should not be needed")


async def test_anonymous_group_admin_needs_no_lookup() -> None:
    update = message_update("/watch gaza", sender_chat=GROUP)
    await require_chat_admin(update, cast(BotContext, NoBotContext()), "change the watchlist")


async def test_message_without_a_user_is_refused() -> None:
    update = message_update("/watch gaza", sender_chat={"id": -999, "type": "channel", "title": "Other"})
    with pytest.raises(CommandError, match="only this group's administrators"):
        await require_chat_admin(update, cast(BotContext, NoBotContext()), "change the watchlist")


def test_command_arguments_strip_the_command_and_bot_name() -> None:
    update = message_update('/watch@claimwatch_bot  gaza\n"death toll" ')
    assert update.message is not None
    assert command_arguments(update.message) == 'gaza\n"death toll"'
    update = message_update("/watch")
    assert update.message is not None
    assert command_arguments(update.message) == ""


def test_chunk_lines_keeps_every_line() -> None:
    lines = [f"line {i} " + "x" * 50 for i in range(300)]
    chunks = chunk_lines(lines, limit=1000)
    assert all(len(c) <= 1000 for c in chunks)
    assert "\n".join(chunks).split("\n") == lines

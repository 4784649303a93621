"""The sender's failure policy as a pure classifier: exception + row -> what to do."""

from __future__ import annotations

from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, RetryAfter, TimedOut

from bot.storage.outbox import OutboxItem
from bot.telegram.failures import (
    AlreadyDelivered,
    ChatGone,
    Failed,
    GoneReason,
    Migrated,
    Retry,
    classify,
    plain_text,
)


def item(*, chat_type: str = "private", edit: int | None = None, attempts: int = 1) -> OutboxItem:
    return OutboxItem(7, 42, chat_type, "alert", "<b>3,400</b> &amp; more", "HTML", None, edit, attempts)


def test_flood_control_waits_as_long_as_telegram_says() -> None:
    assert classify(RetryAfter(12), item(), max_backoff=300) == Retry(12.0, "flood control: retry after 12 s")


def test_blocked_and_kicked_chats_are_gone() -> None:
    blocked = classify(Forbidden("Forbidden: bot was blocked by the user"), item(), max_backoff=300)
    kicked = classify(Forbidden("Forbidden: bot is not a member"), item(chat_type="group"), max_backoff=300)
    missing = classify(BadRequest("Chat not found"), item(), max_backoff=300)
    assert [o.reason for o in (blocked, kicked, missing) if isinstance(o, ChatGone)] == [
        GoneReason.BLOCKED,
        GoneReason.KICKED,
        GoneReason.NOT_FOUND,
    ]


def test_a_migrated_group_is_followed() -> None:
    assert classify(ChatMigrated(-1001234), item(chat_type="group"), max_backoff=300) == Migrated(-1001234)


def test_bad_formatting_is_resent_once_as_plain_text() -> None:
    outcome = classify(BadRequest("Can't parse entities: unclosed tag"), item(), max_backoff=300)
    assert isinstance(outcome, Retry)
    assert outcome.plain_text
    assert outcome.delay == 0
    assert plain_text("<b>3,400</b> &amp; more") == "3,400 & more"
    plain = OutboxItem(7, 42, "private", "alert", "3,400", None, None, None, 2)
    assert isinstance(classify(BadRequest("Can't parse entities"), plain, max_backoff=300), Failed)


def test_edits_not_modified_or_gone() -> None:
    same = classify(BadRequest("Message is not modified: same content"), item(edit=99), max_backoff=300)
    assert same == AlreadyDelivered(99)
    gone = classify(BadRequest("Message to edit not found"), item(edit=99), max_backoff=300)
    assert isinstance(gone, Retry)
    assert gone.send_anew


def test_network_errors_back_off_exponentially_up_to_the_cap() -> None:
    first = classify(TimedOut(), item(attempts=1), max_backoff=300)
    late = classify(TimedOut(), item(attempts=12), max_backoff=300)
    assert isinstance(first, Retry)
    assert isinstance(late, Retry)
    assert (first.delay, late.delay) == (2.0, 300.0)
    token = classify(InvalidToken(), item(), max_backoff=300)
    assert isinstance(token, Retry)
    assert token.delay == 300


def test_a_row_that_cannot_be_built_fails_alone() -> None:
    outcome = classify(AttributeError("'str' object has no attribute 'get'"), item(), max_backoff=300)
    assert outcome == Failed("AttributeError: 'str' object has no attribute 'get'")

"""The running bot never writes its token: not in request logs, errors, or tracebacks."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from fakes.harness import StartApp, settle
from fakes.seed import add_chat, add_dispute
from fakes.telegram_api import TOKEN, FakeTelegramAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import CommandHandler

from bot.alerts.enqueue import enqueue_alerts
from bot.clock import FakeClock
from bot.logs import CHATTY_LOGGERS, configure_logging


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in ("", *CHATTY_LOGGERS)}
    handler = configure_logging("DEBUG", secrets=[TOKEN], stream=stream)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        handler.close()
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.mark.slow  # about a second or more: `make test` runs it, `make test-fast` leaves it out
async def test_token_never_in_logs(
    start_app: StartApp,
    fake_api: FakeTelegramAPI,
    session_factory: async_sessionmaker[AsyncSession],
    clock: FakeClock,
    log_stream: io.StringIO,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await add_chat(session_factory, 40)
    fake_api.fail("sendMessage", "bad_gateway", chat_id=40)  # a network error, logged with its request
    async with start_app() as app:
        await fake_api.send_command("/start", chat_id=41)
        await fake_api.wait_for_messages(chat_id=41)
        async with session_factory() as session, session.begin():
            await enqueue_alerts(session, [await add_dispute(session, now=clock.now())], now=clock.now())
        await settle(app)

        # A failing handler: the error handler logs the exception with its traceback.
        async def broken(*_: object) -> None:
            raise RuntimeError(f"request to {fake_api.base_url}{TOKEN}/getMe failed")

        app.add_handler(CommandHandler("boom", broken))
        await fake_api.send_command("/boom", chat_id=42)
        [sorry] = await fake_api.wait_for_messages(chat_id=42)
        assert "something went wrong" in sorry.text
        assert TOKEN not in sorry.text
    written = log_stream.getvalue()
    assert "getUpdates" in written  # request lines were logged (DEBUG), so the test can fail
    assert "RuntimeError" in written
    assert TOKEN not in written
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in written

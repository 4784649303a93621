"""The bot token never reaches a log line; each event is one line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from bot.logs import CHATTY_LOGGERS, REDACTED, SILENT_LOGGERS, configure_logging, redact

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
URL = f"https://api.telegram.org/bot{TOKEN}/getMe"


@contextmanager
def restored_logging() -> Iterator[None]:
    """Put the root logger and library levels back as they were (pytest's handlers included)."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    saved_levels = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS + SILENT_LOGGERS}
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in saved_handlers:
                handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def out() -> Iterator[io.StringIO]:
    buffer = io.StringIO()
    with restored_logging():
        configure_logging("DEBUG", secrets=[TOKEN], stream=buffer)
        yield buffer


def test_httpx_request_line_is_redacted(out: io.StringIO) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"ok": True})

    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        client.post(URL)
    text = out.getvalue()
    assert "HTTP Request: POST https://api.telegram.org/bot" in text  # httpx did log the request
    assert TOKEN not in text
    assert "123456789" not in text
    assert f"/bot{REDACTED}/getMe" in text


def test_token_in_arguments_is_redacted(out: io.StringIO) -> None:
    logging.getLogger("telegram.ext.Application").info("calling %s with %r", URL, {"token": TOKEN})
    text = out.getvalue()
    assert TOKEN not in text
    assert text.count(REDACTED) == 2


def test_token_in_exception_traceback_is_redacted(out: io.StringIO) -> None:
    try:
        raise ConnectionError(f"Client error '404 Not Found' for url '{URL}'")
    except ConnectionError:
        logging.getLogger("claimwatch.test").exception("getMe failed")
    text = out.getvalue()
    assert "Traceback" in text
    assert "ConnectionError" in text
    assert TOKEN not in text
    assert text.count("\n") == 1  # the traceback stays on the event's line


def test_configured_token_of_any_shape_is_redacted(out: io.StringIO) -> None:
    configure_logging("INFO", secrets=["not-a-telegram-shaped-secret"], stream=out)
    logging.getLogger("x").warning("using not-a-telegram-shaped-secret now")
    assert "not-a-telegram-shaped-secret" not in out.getvalue()
    assert f"using {REDACTED} now" in out.getvalue()


def test_one_line_per_event(out: io.StringIO) -> None:
    logging.getLogger("x").info("first line\nsecond line")
    logging.getLogger("x").info("next event")
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert "first line\\nsecond line" in lines[0]


def test_request_logging_is_quiet_at_info() -> None:
    buffer = io.StringIO()
    with restored_logging():
        configure_logging("info", stream=buffer)
        logging.getLogger("httpx").info("HTTP Request: GET https://example.org")
        logging.getLogger("bot.ingest").info("polled 3 feeds")
    assert "HTTP Request" not in buffer.getvalue()
    assert "polled 3 feeds" in buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (f"GET /bot{TOKEN}/getUpdates", f"GET /bot{REDACTED}/getUpdates"),
        (f"url=/bot{TOKEN.replace(':', '%3A')}/x", f"url=/bot{REDACTED}/x"),
        ("chat 123456789 said: fine", "chat 123456789 said: fine"),  # ids alone are not tokens
        ("disputed 10,000:20,000 figures", "disputed 10,000:20,000 figures"),
    ],
)
def test_redact(raw: str, expected: str) -> None:
    assert redact(raw) == expected

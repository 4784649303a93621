"""``claimwatch run`` / ``migrate`` as a user meets them: real processes, plain messages."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from fakes.telegram_api import TOKEN, FakeTelegramAPI

from bot.storage.db import alembic_config

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

STRIP = ("CLAIMWATCH_", "TELEGRAM_BOT_TOKEN")
# The installed console script when there is one (tests the packaging too), else the same main().
_SCRIPT = shutil.which("claimwatch", path=str(Path(sys.executable).parent))
_MAIN = "import sys; from bot.cli import main; sys.exit(main())"
ENTRY = [_SCRIPT] if _SCRIPT else [sys.executable, "-c", _MAIN]


def _claimwatch(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(STRIP)}
    clean.update(env)
    # cwd=tmp_path: no config/settings.toml there, and the default SQLite file lands in tmp_path.
    return subprocess.run(
        [*ENTRY, *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_token_explains_botfather_and_exits_2(tmp_path: Path) -> None:
    proc = _claimwatch(tmp_path, "run")
    assert proc.returncode == 2
    assert "@BotFather" in proc.stderr
    assert "CLAIMWATCH_TELEGRAM_TOKEN" in proc.stderr
    assert "config/settings.toml" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1  # one short paragraph
    assert proc.stdout == ""
    assert not (tmp_path / "data").exists()  # nothing touched before the token check


@pytest.mark.parametrize("command", ["run", "migrate"])
def test_invalid_settings_are_listed_without_traceback(tmp_path: Path, command: str) -> None:
    proc = _claimwatch(
        tmp_path,
        command,
        CLAIMWATCH_POLL_INTERVAL="0",
        CLAIMWATCH_LOG_LEVEL="chatty",
        CLAIMWATCH_TELEGRAM_TOKEN="1:x",
    )
    assert proc.returncode == 2
    assert "CLAIMWATCH_POLL_INTERVAL" in proc.stderr
    assert "CLAIMWATCH_LOG_LEVEL" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_migrate_creates_the_default_sqlite_database(tmp_path: Path) -> None:
    proc = _claimwatch(tmp_path, "migrate")
    assert proc.returncode == 0, proc.stderr
    db = tmp_path / "data" / "claimwatch.db"
    raw = sqlite3.connect(db)
    try:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        raw.close()
    assert {"chats", "feeds", "articles", "outbox"} <= tables
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    # Running it again is harmless.
    assert _claimwatch(tmp_path, "migrate").returncode == 0


async def _start_bot(tmp_path: Path, api_url: str, token: str) -> asyncio.subprocess.Process:
    (tmp_path / "feeds.toml").write_text("feeds = []\n", encoding="utf-8")  # no polling of the internet
    env = {k: v for k, v in os.environ.items() if not k.startswith(STRIP)}
    env.update(
        CLAIMWATCH_TELEGRAM_TOKEN=token,
        CLAIMWATCH_TELEGRAM_API_URL=api_url,
        CLAIMWATCH_FEEDS_FILE=str(tmp_path / "feeds.toml"),
        CLAIMWATCH_LOG_LEVEL="DEBUG",  # httpx then logs every request URL, token included
    )
    # Output to files, not pipes: nobody reads a pipe while the bot runs, and a full pipe blocks it.
    with (tmp_path / "out.log").open("wb") as out, (tmp_path / "err.log").open("wb") as err:
        return await asyncio.create_subprocess_exec(
            *ENTRY, "run", cwd=tmp_path, env=env, stdout=out, stderr=err
        )


def _output(tmp_path: Path) -> str:
    return (tmp_path / "out.log").read_text() + (tmp_path / "err.log").read_text()


async def test_run_answers_start_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    async with FakeTelegramAPI() as api:
        proc = await _start_bot(tmp_path, api.base_url, TOKEN)
        try:
            await api.wait_for_call("setMyCommands", ceiling=60)
            await api.send_command("/start", chat_id=4242)
            replies = await api.wait_for_messages(1, chat_id=4242, ceiling=30)
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
            returncode = await asyncio.wait_for(proc.wait(), 60)
    output = _output(tmp_path)
    assert returncode == 0, output[-2000:]
    assert replies[0].text
    assert (tmp_path / "data" / "claimwatch.db").is_file()  # migrated on start
    assert "/getUpdates" in output  # request lines were logged...
    assert TOKEN not in output  # ...without the token
    assert "Traceback" not in output


async def test_run_with_a_rejected_token_explains_and_exits_2(tmp_path: Path) -> None:
    async with FakeTelegramAPI(token="987654321:AAOtherTokenTheServerExpects-0123456") as api:
        proc = await _start_bot(tmp_path, api.base_url, TOKEN)
        returncode = await asyncio.wait_for(proc.wait(), 60)
    output = _output(tmp_path)
    assert returncode == 2, output[-2000:]
    assert "Telegram rejected the bot token" in output
    assert TOKEN not in output
    # No uncaught exception: library log records may carry a (redacted, one-line) traceback.
    assert not any(line.startswith("Traceback") for line in output.splitlines())

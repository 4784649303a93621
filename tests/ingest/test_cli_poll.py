"""``claimwatch poll --once`` end to end: a real process against the feed server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from fakes.feed_server import FeedServer, Route

from .builders import item, rss

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


async def start_cli(tmp_path: Path, *args: str) -> asyncio.subprocess.Process:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("CLAIMWATCH_") and k != "TELEGRAM_BOT_TOKEN"
    }
    env.update(
        CLAIMWATCH_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'cw.db'}",
        CLAIMWATCH_FEEDS_FILE=str(tmp_path / "feeds.toml"),
        CLAIMWATCH_CONFIG=str(tmp_path / "settings.toml"),
        CLAIMWATCH_ALLOW_PRIVATE_URLS="true",
        CLAIMWATCH_HTTP_READ_TIMEOUT="0.5",
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))",
        "poll",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def run_cli(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    proc = await start_cli(tmp_path, *args)
    out, err = await proc.communicate()
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_poll_once_prints_a_line_per_feed_and_a_summary(tmp_path: Path, server: FeedServer) -> None:
    good = server.set("/good", Route(body=rss([item(1), item(2)])))
    broken = server.set(
        "/broken", Route(body=b"<html><body>not a feed</body></html>", content_type="text/html")
    )
    (tmp_path / "settings.toml").write_text("", encoding="utf-8")
    (tmp_path / "feeds.toml").write_text(
        f'[[feeds]]\nurl = "{good}"\n[[feeds]]\nurl = "{broken}"\n', encoding="utf-8"
    )
    code, out, err = await run_cli(tmp_path, "--once", "--no-detect")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("ok ")
    assert "2 new" in lines[0]
    assert good in lines[0]
    assert lines[1].startswith("error ")
    assert "HTML page" in lines[1]
    assert lines[-1].startswith("2 feeds: 1 ok, 0 not modified, 1 failed, 0 disabled; 2 new articles in ")

    code, out, _ = await run_cli(tmp_path, "--once")
    assert code == 0
    assert out.strip() == "no feed is due"

    code, out, _ = await run_cli(tmp_path, "--once", "--feed", good)
    assert code == 0
    assert out.splitlines()[0].startswith("ok ")
    assert "0 new" in out.splitlines()[0]


async def test_poll_unknown_feed_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("", encoding="utf-8")
    (tmp_path / "feeds.toml").write_text("", encoding="utf-8")
    code, _, err = await run_cli(tmp_path, "--once", "--feed", "http://127.0.0.1:9/nope")
    assert code == 2
    assert "is not a watched feed" in err
    assert "Traceback" not in err


async def test_poll_without_once_runs_until_sigterm(tmp_path: Path, server: FeedServer) -> None:
    url = server.set("/feed", Route(body=rss([item(1)])))
    (tmp_path / "settings.toml").write_text("", encoding="utf-8")
    (tmp_path / "feeds.toml").write_text(f'[[feeds]]\nurl = "{url}"\n', encoding="utf-8")
    proc = await start_cli(tmp_path)
    await server.wait_requests(1)
    proc.send_signal(signal.SIGTERM)
    _, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()

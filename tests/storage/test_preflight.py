"""Start-up checks of the database: damaged or read-only SQLite files, PostgreSQL not up yet."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.storage.preflight import check_database, check_sqlite_file, retry_connect

# Real processes, servers or whole pipelines: seconds each; `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


def make_db(path: Path, rows: int = 2000) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("CREATE INDEX ix_notes_body ON notes (body)")
    connection.executemany(
        "INSERT INTO notes (body) VALUES (?)", [(f"harbour note {i}",) for i in range(rows)]
    )
    connection.commit()
    connection.close()
    return path


def damage(path: Path) -> None:
    """Overwrite a few pages in the middle of the file (the header stays readable)."""
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xa5" * 4096 * 4)


def test_a_healthy_or_missing_file_passes(tmp_path: Path) -> None:
    check_sqlite_file(tmp_path / "absent.db")
    path = make_db(tmp_path / "ok.db")
    before = path.read_bytes()
    check_sqlite_file(path)
    assert path.read_bytes() == before  # the write probe is rolled back


def test_a_damaged_file_is_refused_at_start(tmp_path: Path) -> None:
    path = make_db(tmp_path / "bad.db")
    damage(path)
    with pytest.raises(StorageError, match=r"bad\.db is damaged.*restore it from a backup"):
        check_sqlite_file(path)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are not the pages you are looking for" * 200)
    with pytest.raises(StorageError, match="damaged or not a database"):
        check_sqlite_file(path)


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    """A database file nobody may write, root included (immutable attribute, else chmod)."""
    path = make_db(tmp_path / "ro.db")
    immutable = (
        shutil.which("chattr")
        and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    )
    if not immutable:
        if os.geteuid() == 0:
            pytest.skip("root ignores file modes and chattr is not available here")
        path.chmod(0o444)
    try:
        yield path
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_file_is_refused_at_start(read_only_db: Path) -> None:
    with pytest.raises(StorageError, match=r"ro\.db is read-only"):
        check_sqlite_file(read_only_db)


def run_bot(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``claimwatch run`` in ``tmp_path`` (default SQLite file there) against a Bot API URL where
    nothing listens (port 9)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMWATCH_", "TELEGRAM_BOT_TOKEN"))}
    env["CLAIMWATCH_TELEGRAM_TOKEN"] = "1:x"
    env["CLAIMWATCH_TELEGRAM_API_URL"] = "http://127.0.0.1:9/bot"
    main = "import sys; from bot.cli import main; sys.exit(main(['run']))"
    return subprocess.run(
        [sys.executable, "-c", main], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )


def test_an_unreachable_bot_api_at_start_is_one_clear_line(tmp_path: Path) -> None:
    proc = run_bot(tmp_path)
    assert proc.returncode == 1
    ours = [line for line in proc.stderr.splitlines() if "alembic" not in line]
    assert len(ours) == 1, proc.stderr[:2000]
    assert "cannot reach the Telegram Bot API at http://127.0.0.1:9/bot" in ours[0]
    assert "Traceback" not in proc.stderr


def test_run_with_a_damaged_file_says_so_in_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    damage(make_db(data / "claimwatch.db"))
    proc = run_bot(tmp_path)
    assert proc.returncode == 1
    assert "claimwatch.db is damaged" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.splitlines()) == 1


async def test_connecting_is_retried_with_backoff_and_said_so(caplog: pytest.LogCaptureFixture) -> None:
    failures = [OSError("connection refused"), OSError("connection refused")]
    waited: list[float] = []

    async def connect() -> None:
        if failures:
            raise failures.pop()

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    with caplog.at_level(logging.INFO):
        await retry_connect(connect, describe="db.test:5432/claims", attempts=5, sleep=sleep)
    assert waited == [1.0, 2.0]
    assert "not reachable (connection refused); attempt 1 of 5, retrying in 1 s" in caplog.text
    assert "reachable now" in caplog.text


async def test_postgresql_down_gives_up_after_its_attempts() -> None:
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    url = "postgresql+asyncpg://claimwatch@127.0.0.1:9/claims"  # nothing listens on port 9
    with pytest.raises(StorageError, match=r"cannot connect to the database 127\.0\.0\.1:9/claims after 4"):
        await check_database(url, attempts=4, sleep=sleep)
    assert waited == [1.0, 2.0, 4.0]

"""``claimwatch worker`` refuses what it cannot do, in plain words, before starting anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def test_worker_needs_postgresql(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no config/settings.toml: the default SQLite database
    monkeypatch.delenv("CLAIMWATCH_DATABASE_URL", raising=False)
    assert main(["worker"]) == 2
    assert "needs PostgreSQL" in capsys.readouterr().err


def test_the_job_queue_setting_needs_postgresql(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("CLAIMWATCH_JOB_QUEUE", "procrastinate")
    assert main(["run"]) == 2
    assert "CLAIMWATCH_JOB_QUEUE" in capsys.readouterr().err


def test_concurrency_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--concurrency", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err

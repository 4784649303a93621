"""Settings: precedence, exact environment names, every problem reported at once."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, env_name, load_settings

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def _toml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_without_file_or_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no config/settings.toml here: a missing default file is fine
    settings = load_settings(env={})
    assert settings.telegram_token is None
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.database_url == "sqlite+aiosqlite:///data/claimwatch.db"
    assert settings.feeds_file == Path("config/feeds.toml")
    assert settings.poll_interval == 300
    assert settings.admin_ids == ()
    assert settings.log_level == "INFO"
    assert settings.max_backlog_age == 86400
    assert settings.max_body_bytes == 10 * 1024 * 1024
    assert settings.per_host_concurrency == 2
    assert settings.max_error_backoff == 86400


def test_every_public_environment_name(tmp_path: Path) -> None:
    env = {
        "CLAIMWATCH_TELEGRAM_TOKEN": TOKEN,
        "CLAIMWATCH_TELEGRAM_API_URL": "http://127.0.0.1:8081/bot",
        "CLAIMWATCH_DATABASE_URL": "postgresql+asyncpg://bot@db/claims",
        "CLAIMWATCH_FEEDS_FILE": "/etc/claimwatch/feeds.toml",
        "CLAIMWATCH_POLL_INTERVAL": "60",
        "CLAIMWATCH_ADMIN_IDS": "11, 22,33",
        "CLAIMWATCH_LOG_LEVEL": "debug",
    }
    settings = load_settings(env=env, config_path=_toml(tmp_path, ""))
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == TOKEN
    assert settings.telegram_api_url == "http://127.0.0.1:8081/bot"
    assert settings.database_url == "postgresql+asyncpg://bot@db/claims"
    assert settings.feeds_file == Path("/etc/claimwatch/feeds.toml")
    assert settings.poll_interval == 60
    assert settings.admin_ids == (11, 22, 33)
    assert settings.log_level == "DEBUG"


def test_telegram_bot_token_alias_and_precedence(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, "")
    assert load_settings(env={"TELEGRAM_BOT_TOKEN": TOKEN}, config_path=cfg).telegram_token is not None
    both = load_settings(
        env={"TELEGRAM_BOT_TOKEN": "1:other", "CLAIMWATCH_TELEGRAM_TOKEN": TOKEN}, config_path=cfg
    )
    assert both.telegram_token is not None
    assert both.telegram_token.get_secret_value() == TOKEN


def test_token_is_secret_in_repr(tmp_path: Path) -> None:
    settings = load_settings(env={"CLAIMWATCH_TELEGRAM_TOKEN": TOKEN}, config_path=_toml(tmp_path, ""))
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)


def test_environment_beats_file_beats_defaults(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, 'poll_interval = 120\nlog_level = "warning"\nadmin_ids = [5, 6]\n')
    settings = load_settings(env={"CLAIMWATCH_POLL_INTERVAL": "30"}, config_path=cfg)
    assert settings.poll_interval == 30  # environment
    assert settings.log_level == "WARNING"  # file
    assert settings.admin_ids == (5, 6)  # file, as a TOML list
    assert settings.per_host_concurrency == 2  # default


def test_config_file_named_by_environment(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, "poll_interval = 77\n")
    assert load_settings(env={"CLAIMWATCH_CONFIG": str(cfg)}).poll_interval == 77


def test_default_file_is_read_from_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.toml").write_text("poll_interval = 42\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings(env={}).poll_interval == 42


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"CLAIMWATCH_CONFIG.*does not exist"):
        load_settings(env={"CLAIMWATCH_CONFIG": str(tmp_path / "nope.toml")})


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(env={}, config_path=_toml(tmp_path, "poll_interval = = 3"))


def test_every_invalid_value_is_reported_at_once(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, 'pol_interval = 5\nper_host_concurrency = 0\ndatabase_url = "mysql://x"\n')
    env = {
        "CLAIMWATCH_POLL_INTERVAL": "0",
        "CLAIMWATCH_ADMIN_IDS": "12,alice",
        "CLAIMWATCH_LOG_LEVEL": "loud",
        "CLAIMWATCH_TELEGRAM_API_URL": "api.telegram.org",
        "CLAIMWATCH_HTTP_READ_TIMEOUT": "soon",
    }
    with pytest.raises(ConfigError) as info:
        load_settings(env=env, config_path=cfg)
    message = str(info.value)
    for expected in (
        "CLAIMWATCH_POLL_INTERVAL: must be at least 1",
        "CLAIMWATCH_ADMIN_IDS: must be comma-separated Telegram user ids",
        "alice",
        "CLAIMWATCH_LOG_LEVEL: must be one of DEBUG",
        "CLAIMWATCH_TELEGRAM_API_URL: must be an http:// or https:// URL",
        "CLAIMWATCH_HTTP_READ_TIMEOUT: must be a number",
        f"per_host_concurrency in {cfg}: must be at least 1",
        f"database_url in {cfg}: must start with sqlite+aiosqlite",
        "pol_interval",
        "unknown setting",
    ):
        assert expected in message
    assert "pydantic" not in message.lower()
    assert len(message.splitlines()) == 1 + 8  # a header and one line per problem


def test_invalid_token_value_is_never_echoed(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, "telegram_token = 12345\n")  # a number, not a string
    with pytest.raises(ConfigError) as info:
        load_settings(env={}, config_path=cfg)
    assert "telegram_token" in str(info.value)
    assert "12345" not in str(info.value)


def test_blank_token_counts_as_missing(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, 'telegram_token = "  "\n')
    assert load_settings(env={"CLAIMWATCH_TELEGRAM_TOKEN": ""}, config_path=cfg).telegram_token is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///data/x.db", "sqlite+aiosqlite:///data/x.db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_plain_database_urls_get_the_async_driver(given: str, expected: str) -> None:
    assert Settings(database_url=given).database_url == expected


def test_direct_construction_ignores_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_POLL_INTERVAL", "9")
    assert Settings().poll_interval == 300


REPO = Path(__file__).resolve().parent.parent
SETTING_LINE = re.compile(r"^# ([a-z_]+) = (.+)$")


def test_shipped_settings_file_documents_every_setting_with_its_default(tmp_path: Path) -> None:
    """config/settings.toml shows each field as '# name = default'; uncommented, it changes nothing."""
    lines = (REPO / "config" / "settings.toml").read_text(encoding="utf-8").splitlines()
    documented = {m[1]: m[2] for line in lines if (m := SETTING_LINE.match(line))}
    assert set(documented) == set(Settings.model_fields)
    body = "\n".join(f"{k} = {v}" for k, v in documented.items() if k != "telegram_token")
    assert load_settings(env={}, config_path=_toml(tmp_path, body)) == Settings()


def test_shipped_feed_list() -> None:
    with (REPO / "config" / "feeds.toml").open("rb") as fh:
        feeds = tomllib.load(fh)["feeds"]
    urls = [feed["url"] for feed in feeds]
    assert len(urls) >= 10
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("https://") for url in urls)
    assert all(feed.get("title") for feed in feeds)
    assert all(set(feed) <= {"url", "title"} for feed in feeds)


def test_readme_configuration_table_lists_every_setting() -> None:
    """Each setting has its CLAIMWATCH_<NAME> row in the README table (the public interface)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1) for m in re.finditer(r"^\| `(CLAIMWATCH_[A-Z_]+)`", readme, re.MULTILINE)}
    assert {env_name(name) for name in Settings.model_fields} <= rows


def test_type_errors_are_in_plain_words(tmp_path: Path) -> None:
    cfg = _toml(tmp_path, "user_agent = 5\nmax_redirects = [1]\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env={"CLAIMWATCH_ALLOW_PRIVATE_URLS": "maybe"}, config_path=cfg)
    message = str(info.value)
    assert "CLAIMWATCH_ALLOW_PRIVATE_URLS: must be true or false" in message
    assert f"user_agent in {cfg}: must be text" in message
    assert f"max_redirects in {cfg}: must be a whole number" in message
    assert "Input should" not in message

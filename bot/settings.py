"""Runtime settings: environment > TOML file (``CLAIMWATCH_CONFIG``) > built-in defaults.

Each field ``name`` is read from the environment variable ``CLAIMWATCH_<NAME>`` and from the
top-level key ``name`` of the TOML file. :func:`load_settings` is the one entry point; it reports
every invalid value at once as a :class:`~bot.errors.ConfigError` naming the setting.

Tests may build ``Settings(...)`` directly: only keyword arguments are read then, never the
process environment, so a test cannot be changed by the shell it runs in.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot import __version__
from bot.errors import ConfigError

ENV_PREFIX = "CLAIMWATCH_"
CONFIG_ENV = "CLAIMWATCH_CONFIG"
DEFAULT_CONFIG_PATH = Path("config/settings.toml")
# Accepted in addition to CLAIMWATCH_TELEGRAM_TOKEN (which wins when both are set).
TOKEN_ALIASES = ("TELEGRAM_BOT_TOKEN",)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every tunable of claimwatch. Add fields with defaults and document them in config/settings.toml."""

    model_config = SettingsConfigDict(frozen=True, extra="forbid", validate_default=True)

    # --- Telegram ---
    telegram_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    admin_ids: tuple[int, ...] = ()

    # --- storage and files ---
    database_url: str = "sqlite+aiosqlite:///data/claimwatch.db"
    feeds_file: Path = Path("config/feeds.toml")

    # --- polling ---
    poll_interval: int = Field(default=300, ge=1)  # seconds between polls of one feed
    max_backlog_age: int = Field(default=24 * 3600, ge=0)  # older entries are stored but not alerted
    poll_concurrency: int = Field(default=16, ge=1)  # feeds fetched at once, all hosts together
    per_host_concurrency: int = Field(default=2, ge=1)  # feeds fetched at once from one host
    max_error_backoff: int = Field(default=86400, ge=1)  # cap of the retry delay of a failing feed

    # --- HTTP ---
    http_connect_timeout: float = Field(default=10.0, gt=0)
    http_read_timeout: float = Field(default=30.0, gt=0)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, ge=1024)
    user_agent: str = f"claimwatch/{__version__} (+https://github.com/claimwatch/claimwatch)"
    http_total_timeout: float = Field(default=60.0, gt=0)  # one whole fetch, redirects included
    max_redirects: int = Field(default=5, ge=0)
    allow_private_urls: bool = False  # fetch loopback/private addresses (tests, local feeds only)

    # --- ingestion ---
    max_feed_entries: int = Field(default=300, ge=1)  # newest entries read per poll of one feed
    article_min_chars: int = Field(default=600, ge=0)  # shorter entry text: fetch the article page
    max_page_fetches: int = Field(default=20, ge=0)  # article pages fetched per poll of one feed
    parse_workers: int = Field(default=1, ge=0)  # processes parsing feeds; 0: threads in the bot process

    # --- stories ---
    story_window: int = Field(default=7 * 24 * 3600, ge=3600)  # seconds: a story takes articles this long

    # --- logging ---
    log_level: str = "INFO"

    # --- several processes ---
    # This replica's stable name (e.g. "bot-1"): a restarted sender takes back its own messages
    # in flight at once; unset, each process is unique and waits for its old leases to expire.
    instance_id: str | None = Field(default=None, min_length=1, max_length=64)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings() merges environment and TOML itself (so it can name the source of each
        # bad value); the model only validates what it is given.
        return (init_settings,)

    @field_validator("telegram_token", "instance_id", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL, e.g. https://api.telegram.org/bot")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, int):
            return (value,)
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            bad = [p for p in parts if not p.lstrip("-").isdigit()]
            if bad:
                raise ValueError(
                    f"must be comma-separated Telegram user ids (whole numbers), not {', '.join(bad)}"
                )
            return tuple(int(p) for p in parts)
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        # Accept the plain forms people copy from elsewhere and pick the async driver for them.
        for plain, driver in (
            ("sqlite:", "sqlite+aiosqlite:"),
            ("postgres://", "postgresql+asyncpg://"),
            ("postgresql://", "postgresql+asyncpg://"),
        ):
            if value.startswith(plain):
                value = driver + value[len(plain) :]
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError(
                "must start with sqlite+aiosqlite:/// (SQLite file) or postgresql+asyncpg:// (PostgreSQL)"
            )
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: Any) -> Any:
        if isinstance(value, str):
            level = value.strip().upper()
            if level not in LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
            return level
        return value


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def load_settings(env: Mapping[str, str] | None = None, config_path: str | Path | None = None) -> Settings:
    """Read settings from ``env`` (default ``os.environ``) over the TOML file over the defaults.

    ``config_path`` overrides ``CLAIMWATCH_CONFIG``. A missing default file is fine (defaults
    apply); a missing file named explicitly is an error.
    """
    environ = os.environ if env is None else env
    explicit = config_path is not None or bool(environ.get(CONFIG_ENV))
    path = Path(config_path if config_path is not None else environ.get(CONFIG_ENV) or DEFAULT_CONFIG_PATH)

    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    problems: list[str] = []

    file_values = _read_toml(path, explicit)
    fields = Settings.model_fields
    for key, value in file_values.items():
        if key not in fields:
            problems.append(f"{key} (in {path}): unknown setting; known settings are {', '.join(fields)}")
            continue
        values[key] = value
        origin[key] = f"{key} in {path}"

    for name in fields:
        candidates = [env_name(name)]
        if name == "telegram_token":
            candidates += list(TOKEN_ALIASES)
        for var in candidates:
            raw = environ.get(var)
            if raw is not None and raw.strip():
                values[name] = raw
                origin[name] = var
                break

    try:
        settings = Settings(**values)
    except ValidationError as exc:
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "settings"
            where = origin.get(name, name)
            # Never echo secrets: the token, or a database URL that may carry a password.
            shown = "" if name in ("telegram_token", "database_url") else f" (got {err['input']!r})"
            problems.append(f"{where}: {_plain(err)}{shown}")
    if problems:
        raise ConfigError("Invalid settings:\n" + "\n".join(f"  - {p}" for p in problems))
    return settings


def _read_toml(path: Path, explicit: bool) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        if explicit:
            raise ConfigError(f"{CONFIG_ENV}: settings file {path} does not exist") from exc
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"settings file {path} cannot be read: {exc.strerror}") from exc


def _plain(err: Mapping[str, Any]) -> str:
    """Pydantic's message, reworded where it is unclear to someone editing a config file."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "int_parsing" or kind == "int_from_float":
        return "must be a whole number"
    if kind in ("float_parsing", "float_type", "int_type"):
        return "must be a number" if kind.startswith("float") else "must be a whole number"
    if kind in ("bool_parsing", "bool_type"):
        return "must be true or false"
    if kind == "string_type":
        return "must be text (in TOML: in quotes)"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "greater_than":
        return f"must be greater than {ctx.get('gt')}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return str(err["msg"])

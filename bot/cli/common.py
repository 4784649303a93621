"""Helpers shared by the ``claimwatch`` sub-commands: settings and logging set-up."""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url

from bot.errors import ConfigError
from bot.logs import configure_logging
from bot.settings import Settings, load_settings

EXIT_CONFIG = 2  # bad or missing configuration: the user must fix something before retrying


def settings_or_none() -> Settings | None:
    """The settings, or None after printing the plain-words problem list to stderr."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"claimwatch: {exc}", file=sys.stderr)
        return None
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else None
    configure_logging(settings.log_level, secrets=[token])
    return settings


def display_url(url: str) -> str:
    """A database URL safe to print: any password is masked."""
    return make_url(url).render_as_string(hide_password=True)

"""claimwatch: watch news feeds for contested numeric claims and alert Telegram chats."""

from importlib.metadata import PackageNotFoundError, version

# One version source: pyproject.toml, read from the installed distribution's metadata.
try:
    __version__ = version("claimwatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

"""claimwatch: watch news feeds for contested numeric claims and alert Telegram chats."""

__version__ = "0.1.0"

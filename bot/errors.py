"""The one exception hierarchy of claimwatch.

Every error the project raises on purpose derives from :class:`ClaimwatchError`; wrap third-party
errors with ``raise SomethingError(...) from exc`` so the cause is kept.

    ClaimwatchError
    ├── ConfigError            invalid or missing settings (message names the setting)
    │   └── MissingTokenError  no Telegram bot token configured
    ├── StorageError           the database could not be reached or migrated
    ├── DetectionError         the detector was given input it cannot read
    ├── InputError             a file, URL or feed given on the command line cannot be read
    ├── FeedError              one feed could not be fetched or parsed (stored per feed)
    │   ├── FetchError         network failure, timeout, bad status, redirect loop
    │   │   └── RetryLaterError 429/503: the server asked us to come back later (Retry-After)
    │   ├── FeedTooLargeError  the body exceeded the size cap while streaming
    │   ├── FeedGoneError      HTTP 410: the feed is disabled
    │   └── ParseError         the body is not a usable feed
    ├── UnsafeURLError         a URL is not http(s) or resolves to a private/loopback address
    └── CommandError           a malformed Telegram command argument (message is shown to the user)
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Root of every error claimwatch raises on purpose."""


class ConfigError(ClaimwatchError):
    """Settings are invalid; the message names each offending setting."""


class MissingTokenError(ConfigError):
    """No Telegram bot token is configured."""


class StorageError(ClaimwatchError):
    """The database could not be reached, migrated or written."""


class DetectionError(ClaimwatchError):
    """The detector was handed input it cannot analyse."""


class StanceError(ClaimwatchError):
    """The stance model's shipped weights are missing or malformed."""


class InputError(ClaimwatchError):
    """A command-line input (file, URL, feed) cannot be read."""


class FeedError(ClaimwatchError):
    """One feed failed; the error is stored on that feed and the cycle goes on."""


class FetchError(FeedError):
    """Network failure, timeout, unexpected status or redirect loop."""


class RetryLaterError(FetchError):
    """HTTP 429 or 503; ``retry_after`` is the server's Retry-After in seconds, if it sent one."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FeedTooLargeError(FeedError):
    """The response body exceeded the configured size cap."""


class FeedGoneError(FeedError):
    """The server answered 410 Gone."""


class ParseError(FeedError):
    """The body could not be parsed into a feed with entries."""


class UnsafeURLError(ClaimwatchError):
    """A URL is not http(s) or points at a loopback/private/link-local/multicast address."""


class CommandError(ClaimwatchError):
    """A Telegram command was malformed; the message is shown to the user as is."""

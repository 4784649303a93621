"""Text safe to store, match and send: the one place that says which characters never pass."""

from __future__ import annotations

import re

# What no stored or sent text may carry: C0 controls other than tab/newline/carriage return
# (PostgreSQL refuses NUL in text; Telegram and XML refuse the others), lone surrogates (they
# cannot be encoded, so one of them fails whatever writes the string) and the non-characters
# U+FFFE/U+FFFF. Controls are dropped; the rest become U+FFFD, so a reader sees something was there.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without NUL and other control characters, lone surrogates and non-characters."""
    if not _UNSAFE_CHARS.search(text):
        return text
    return _UNSAFE_CHARS.sub(lambda m: "" if m.group() < " " else "\ufffd", text)


def cap(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space when one is near the end."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", max(0, limit - 200))
    return cut[:space] if space > 0 else cut

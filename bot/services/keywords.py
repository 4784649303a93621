"""Watched keywords as plain words and phrases: parsing, normalising and matching (pure).

Users never supply regular expressions: a keyword is escaped and matched case-insensitively on
word boundaries, with any run of whitespace in a phrase matching any run of whitespace in text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.errors import CommandError

MAX_KEYWORD_CHARS = 64
MAX_KEYWORDS_PER_CHAT = 50

# Straight quotes plus the typographic pairs phone keyboards substitute for them.
_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "”": "”"}
_SEPARATORS = frozenset(",;")


def normalize_keyword(keyword: str) -> str:
    """Compatibility-normalised, casefolded, whitespace collapsed: the dedupe and match key."""
    return " ".join(unicodedata.normalize("NFKC", keyword).casefold().split())


def display_keyword(keyword: str) -> str:
    """The keyword as typed, with whitespace collapsed."""
    return " ".join(keyword.split())


def split_keywords(text: str) -> list[str]:
    """Split command arguments into keywords: bare words, or phrases in quotes.

    ``ukraine "death toll", «доклад ООН»`` gives ``["ukraine", "death toll", "доклад ООН"]``.
    Commas and semicolons outside quotes separate like spaces. An unclosed quote is an error.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in _SEPARATORS:
            i += 1
            continue
        if ch in _QUOTES:
            closers = {_QUOTES[ch], '"'}
            end = next((j for j in range(i + 1, n) if text[j] in closers), -1)
            if end == -1:
                raise CommandError(
                    f'The quote opened with {ch} is never closed. Example: /watch "death toll"'
                )
            phrase = display_keyword(text[i + 1 : end])
            if phrase:
                out.append(phrase)
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in _SEPARATORS and text[j] not in _QUOTES:
            j += 1
        out.append(text[i:j])
        i = j
    return out


def validate_keyword(keyword: str) -> str:
    """The normalised key of a keyword the user typed, or a CommandError saying what is wrong."""
    normalized = normalize_keyword(keyword)
    if len(keyword) > MAX_KEYWORD_CHARS or len(normalized) > MAX_KEYWORD_CHARS:
        raise CommandError(
            f"“{_preview(keyword)}” is {len(keyword)} characters long; "
            f"a keyword can have at most {MAX_KEYWORD_CHARS}."
        )
    if not any(c.isalnum() for c in normalized):
        raise CommandError(f"“{keyword}” has no letters or digits, so it cannot match any text.")
    return normalized


def _preview(keyword: str) -> str:
    return keyword if len(keyword) <= 24 else keyword[:20] + "…"


@lru_cache(maxsize=4096)
def _pattern(normalized: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in normalized.split())
    return re.compile(rf"(?<!\w){body}(?!\w)")


def keyword_matches(normalized: str, text: str) -> bool:
    """Whether the normalised keyword occurs in ``text`` as whole words, ignoring case."""
    if not normalized or not text:
        return False
    return _pattern(normalized).search(normalize_text(text)) is not None


def normalize_text(text: str) -> str:
    """Text prepared for :func:`keyword_matches`; normalise once when testing many keywords."""
    return unicodedata.normalize("NFKC", text).casefold()


def any_keyword_matches(normalized_keywords: list[str] | tuple[str, ...], texts: list[str]) -> bool:
    """Whether any keyword occurs in any of ``texts`` (each text normalised once)."""
    prepared = [normalize_text(t) for t in texts if t]
    return any(_pattern(k).search(t) is not None for k in normalized_keywords if k for t in prepared)

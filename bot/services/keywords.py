"""Watched keywords as plain words and phrases: parsing, normalising and matching (pure).

Users never supply regular expressions: a keyword is escaped and matched on word boundaries,
with any run of whitespace in a phrase matching any run of whitespace in text.

Keywords and text are *folded* the same way before matching: NFKC, invisible characters
dropped (zero-width spaces, soft hyphens, bidi controls: Unicode's default-ignorables), case
folded and accents removed. So "istanbul" matches "İstanbul", "cafe" matches "Café", and a soft
hyphen hidden in a word neither evades a keyword nor makes two keywords look alike.

Cost is bounded whatever the text: each text is cut to :data:`MAX_MATCH_CHARS` and folded once,
and a chat's keywords are one compiled pattern.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.cleantext import clean_text
from bot.errors import CommandError

MAX_KEYWORD_CHARS = 64  # as typed (visible characters), what the user can count
MAX_FOLDED_CHARS = 4 * MAX_KEYWORD_CHARS  # after folding: NFKC can expand ("ﷺ" is 18 letters)
MAX_KEYWORDS_PER_CHAT = 50
MAX_MATCH_CHARS = 4000  # of each text matched: headlines and sentences are shorter in practice

# Unicode's Default_Ignorable_Code_Point: invisible, and never part of what a word means.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)

# Straight quotes plus the typographic pairs phone keyboards substitute for them.
_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "”": "”"}
_SEPARATORS = frozenset(",;")


def fold(text: str) -> str:
    """NFKC, default-ignorables and control characters dropped, casefolded, accents removed."""
    if text.isascii():  # most headlines: nothing to normalise but case (and control characters)
        return clean_text(text).lower()
    text = _IGNORABLE.sub("", clean_text(unicodedata.normalize("NFKC", text)))
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize("NFC", _combining_marks().sub("", decomposed))


@lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern[str]:
    """Every character with a non-zero combining class (accents, Arabic harakat, Hebrew points)."""
    ranges: list[str] = []
    start = None
    for code in range(sys.maxunicode + 2):
        marked = code <= sys.maxunicode and unicodedata.combining(chr(code)) != 0
        if marked and start is None:
            start = code
        elif not marked and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile(f"[{''.join(ranges)}]")


def normalize_keyword(keyword: str) -> str:
    """Folded (:func:`fold`), whitespace collapsed: the dedupe and match key."""
    return " ".join(fold(keyword).split())


def display_keyword(keyword: str) -> str:
    """The keyword as typed, without invisible characters, with whitespace collapsed."""
    return " ".join(_IGNORABLE.sub("", clean_text(keyword)).split())


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
    keyword = display_keyword(keyword)
    normalized = normalize_keyword(keyword)
    if len(keyword) > MAX_KEYWORD_CHARS or len(normalized) > MAX_FOLDED_CHARS:
        raise CommandError(
            f"“{_preview(keyword)}” is {len(keyword)} characters long; "
            f"a keyword can have at most {MAX_KEYWORD_CHARS}."
        )
    if not any(c.isalnum() for c in normalized):
        raise CommandError(f"“{keyword}” has no letters or digits, so it cannot match any text.")
    return normalized


def _preview(keyword: str) -> str:
    return keyword if len(keyword) <= 24 else keyword[:20] + "…"


@dataclass(frozen=True, slots=True)
class _Matcher:
    pattern: re.Pattern[str]
    anchors: tuple[str, ...]  # each keyword's first word: text without any of them cannot match

    def search(self, text: str) -> bool:
        # The substring test runs in C and rejects most texts at once; the pattern (whose
        # lookbehind defeats re's literal-prefix search) runs only on the rest.
        return any(a in text for a in self.anchors) and self.pattern.search(text) is not None


@lru_cache(maxsize=4096)
def _pattern(normalized: tuple[str, ...]) -> _Matcher | None:
    """One pattern for a set of keywords (longest first, so a phrase wins over its first word)."""
    keys = {normalize_keyword(k) for k in normalized} - {""}
    if not keys:
        return None
    phrases = sorted((r"\s+".join(map(re.escape, k.split())) for k in keys), key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(phrases)})(?!\w)")
    return _Matcher(pattern, tuple(sorted({k.split()[0] for k in keys})))


def keyword_matches(normalized: str, text: str) -> bool:
    """Whether the normalised keyword occurs in ``text`` as whole words (folded, see :func:`fold`)."""
    return any_keyword_matches((normalized,), [text])


@lru_cache(maxsize=1024)
def normalize_text(text: str) -> str:
    """Text prepared for matching: cut to :data:`MAX_MATCH_CHARS`, folded. Cached, since the
    same headline is matched for every watching chat."""
    return fold(text[:MAX_MATCH_CHARS])


def any_keyword_matches(normalized_keywords: list[str] | tuple[str, ...], texts: list[str]) -> bool:
    """Whether any keyword occurs in any of ``texts`` (each text folded once)."""
    # Keys are folded again: ones stored by an older normalisation still match like new ones.
    matcher = _pattern(tuple(normalized_keywords))
    if matcher is None:
        return False
    return any(matcher.search(normalize_text(t)) for t in texts if t)

"""How a figure reads to a person: as written, and only when what it counts can be named."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# What the detector falls back to when it found no counted noun: not a name for anything.
_PLACEHOLDERS = frozenset(
    {"quantity", "number", "figure", "amount", "total", "value", "count", "one", "ones"}
)
_FUNCTION = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "than",
        "as",
        "that",
        "this",
        "these",
        "those",
        "its",
        "their",
        "his",
        "her",
        "it",
        "they",
        "them",
        "we",
        "our",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "some",
        "more",
        "most",
        "over",
        "about",
        "up",
    ]
)


def figure_words(figure_text: str) -> str:
    """The figure as the article wrote it, qualifier included ("about 4,300", "hundreds"): the
    detector's canonical qualifier names ("vague", "exactly") are never shown. A capital that
    only began the sentence is dropped ("At least 412" -> "at least 412")."""
    text = " ".join(figure_text.split())
    first = text.split(" ", 1)[0]
    if first.isalpha() and first[0].isupper() and first[1:].islower():
        text = text[0].lower() + text[1:]
    return text


def counted_named(counted: str | None) -> bool:
    """Whether ``counted`` names a thing: at least one content word that is not a placeholder
    or a lone -ing form ("reaching")."""
    if not counted:
        return False
    words = [w.casefold() for w in _WORD.findall(counted)]
    for word in words:
        if word in _FUNCTION or word in _PLACEHOLDERS or len(word) < 3:
            continue
        if word.endswith("ing") and len(words) == 1:
            continue
        return True
    return False

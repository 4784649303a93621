"""Normal forms shared by story comparisons: party names and figure keys (pure)."""

from __future__ import annotations

import re

_NON_WORD = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def party_key(name: str) -> str:
    """Lower-case, punctuation-free form of a party name, without a leading 'the'."""
    text = _SPACE.sub(" ", _NON_WORD.sub(" ", name.lower())).strip()
    for article in ("the ", "a ", "an "):
        text = text.removeprefix(article)
    return text


def figure_key(value: float | None, low: float | None, high: float | None) -> str | None:
    point = value if value is not None else (low if low is not None else high)
    if point is None:
        return None
    return f"f:{point:g}"

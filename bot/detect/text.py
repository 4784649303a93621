"""Small text helpers shared by the detection steps: tokens with offsets, stems, name cleanup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Abbreviations like "U.S." stay one token; words keep inner apostrophes and hyphens.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w$£€¥]+(?:[’'\-./:,][\w]+)*|[^\w\s]")
_QUOTES = "\"“”‘’'"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    low: str = ""  # lower-cased text, filled by tokenize
    is_cap: bool = False


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Word tokens of ``text``; offsets are shifted by ``base``."""
    return list(_tokenize(text, base))


def forget_tokens() -> None:
    """Drop memoised tokens (called per article, so benchmarks never measure cache hits across
    articles and memory stays bounded)."""
    _tokenize.cache_clear()


@lru_cache(maxsize=4096)
def _tokenize(text: str, base: int) -> tuple[Token, ...]:
    # every step tokenizes the same sentences again: the cache keeps that cheap
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        out.append(Token(word, m.start() + base, m.end() + base, word.lower(), word[:1].isupper()))
    return tuple(out)


def is_quote(tok: str) -> bool:
    return len(tok) == 1 and tok in _QUOTES


_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "ed", "es", "s")


def stem(word: str) -> str:
    """A crude suffix stripper: enough to match "castrated" with "castration"."""
    w = word.lower().strip(_QUOTES + ".,")
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    return w[:-1] if len(w) > 5 and w.endswith("e") else w


_PAREN = re.compile(r"\s*\([^)]*\)")
_SPACE = re.compile(r"\s+")
_EDGE = " ,;:-–—\"“”‘’'"


def clean_name(name: str) -> str:
    """Drop parentheticals ("(R-Calif.)"), stray quotes and edge punctuation."""
    text = _PAREN.sub("", name)
    text = _SPACE.sub(" ", text).strip(_EDGE)
    return text.removesuffix("'s").removesuffix("’s").strip(_EDGE)


def norm_name(name: str) -> str:
    """Lower-cased, punctuation-free form used to compare names."""
    text = re.sub(r"[^\w\s]", " ", name.lower())
    text = _SPACE.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def stems_overlap(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> bool:
    """Whether two stem sets share a word, allowing one stem to extend the other ("castr")."""
    for x in a:
        for y in b:
            if x == y or (min(len(x), len(y)) >= 5 and (x.startswith(y) or y.startswith(x))):
                return True
    return False


def quoted_text(text: str) -> str | None:
    """The first quotation in ``text`` (straight or curly quotes), without the marks."""
    for open_q, close_q in (("“", "”"), ('"', '"'), ("‘", "’")):
        a = text.find(open_q)
        b = text.find(close_q, a + 1) if a >= 0 else -1
        if a >= 0 and b > a + 1:
            return text[a + 1 : b]
    return None


def contains_word(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` as whole words ("" never does)."""
    at = text.find(part) if part else -1
    while at >= 0:
        end = at + len(part)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        at = text.find(part, at + 1)
    return False

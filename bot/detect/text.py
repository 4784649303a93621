"""Small text helpers shared by the detection steps: tokens with offsets, stems, name cleanup."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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


def literal_alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words`` literally, written as a trie ("no (?:proof|
    such)" instead of "no proof|no such"): the regex engine then tries one branch per character
    instead of every word at every position (three times faster on forty phrases). Where one word
    is a prefix of another the longer one is preferred."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(tree)


def is_quote(tok: str) -> bool:
    return len(tok) == 1 and tok in _QUOTES


_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "ed", "es", "s")


@lru_cache(maxsize=8192)  # pure, and asked of the same words again and again
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


@lru_cache(maxsize=8192)  # pure, and asked of the same words again and again
def clean_name(name: str) -> str:
    """Drop parentheticals ("(R-Calif.)"), stray quotes and edge punctuation."""
    text = _PAREN.sub("", name)
    text = _SPACE.sub(" ", text).strip(_EDGE)
    return text.removesuffix("'s").removesuffix("’s").strip(_EDGE)


@lru_cache(maxsize=8192)  # pure, and asked of the same words again and again
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

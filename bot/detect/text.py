"""Small text helpers shared by the detection steps: tokens with offsets, stems, name cleanup."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Abbreviations like "U.S." stay one token; words keep inner apostrophes and hyphens.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w$£€¥]+(?:[’'\-./:,][\w]+)*|[^\w\s]")
_QUOTES = "\"“”‘’'"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Word tokens of ``text``; offsets are shifted by ``base``."""
    return [Token(m.group(), m.start() + base, m.end() + base) for m in _TOKEN.finditer(text)]


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

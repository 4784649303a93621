"""Text helpers: the literal alternation (phrases written for these tests)."""

from __future__ import annotations

import re

from bot.detect.text import literal_alternation

PHRASES = ("no proof", "no such", "not true", "never happened", "shot down")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def test_a_trie_of_phrases_matches_what_the_plain_alternation_matches() -> None:
    trie = re.compile(literal_alternation(PHRASES), re.I)
    plain = re.compile("|".join(re.escape(p) for p in PHRASES), re.I)
    for text in (
        "The mayor said there was No proof, and no such vote was held.",
        "It is not true; the raid never happened and the drone was not shot down.",
        "Nothing here: notes, nouns, nevertheless.",
        "",
    ):
        assert _spans(trie, text) == _spans(plain, text)


def test_where_one_phrase_starts_another_the_longer_one_is_taken() -> None:
    trie = re.compile(literal_alternation(["not", "not true", "a+b"]))
    assert [m.group() for m in trie.finditer("not true, not, a+b")] == ["not true", "not", "a+b"]

"""Keywords and text are folded alike: Turkish dotted capitals, accents, invisible characters,
compatibility forms; length is measured on what the user typed; matching cost is bounded."""

from __future__ import annotations

import pytest

from bot.errors import CommandError
from bot.services.keywords import (
    MAX_MATCH_CHARS,
    any_keyword_matches,
    display_keyword,
    keyword_matches,
    normalize_keyword,
    validate_keyword,
)


@pytest.mark.parametrize(
    ("keyword", "text"),
    [
        ("istanbul", "Protests in İstanbul on Sunday"),
        ("İstanbul", "protests in istanbul on sunday"),
        ("ISTANBUL", "İSTANBUL'da"),
        ("cafe", "The Café owners said 40 were hurt"),
        ("café", "the cafe owners"),
        ("sao paulo", "flooding in São Paulo"),
        ("gaza", "strikes on Ga\u00adza city"),  # soft hyphen inside the word
        ("gaza", "strikes on Ga\u200bza\u200d city"),  # zero-width space and joiner
        ("gaza", "strikes on \u202egaza\u202c city"),  # bidi override around it
        ("death toll", "the de\u00adath\u00a0toll rose"),
        ("ﬁre", "the fire brigade"),  # compatibility ligature in the keyword
        ("fire", "the ﬁre brigade"),  # ... and in the text
        ("１０００", "some 1000 people"),  # full-width digits
    ],
)
def test_folded_matching(keyword: str, text: str) -> None:
    assert keyword_matches(validate_keyword(keyword), text)


def test_folding_keeps_word_boundaries() -> None:
    assert not keyword_matches(validate_keyword("istanbul"), "Istanbullu fans")
    assert not keyword_matches(validate_keyword("cafe"), "cafeteria")


def test_invisible_characters_are_dropped_from_the_keyword_as_shown() -> None:
    assert display_keyword("ga\u200bza\u00ad") == "gaza"
    assert normalize_keyword("ga\u200bza") == normalize_keyword("gaza")
    assert display_keyword("\u202etoll\u202c \x00x") == "toll x"


def test_a_keyword_of_only_invisible_characters_is_refused() -> None:
    with pytest.raises(CommandError, match="no letters or digits"):
        validate_keyword("\u200b\u200c\u2060")


def test_length_is_measured_on_what_was_typed_not_its_expansion() -> None:
    # Each of these expands to 18 letters under NFKC; four of them are four characters typed.
    assert validate_keyword("ﷺﷺﷺﷺ")
    assert validate_keyword("a\u200b" * 64) == "a" * 64  # invisible characters do not count
    with pytest.raises(CommandError, match="at most 64"):
        validate_keyword("ﷺ" * 65)


def test_matched_text_is_capped() -> None:
    near = "word " * 10 + "harbour"
    far = "x" * (MAX_MATCH_CHARS + 10) + " harbour"
    assert keyword_matches("harbour", near)
    assert not keyword_matches("harbour", far)


def test_many_keywords_match_as_one_pattern() -> None:
    keywords = (*(f"term{i}" for i in range(50)), "death toll", "death")
    assert any_keyword_matches(keywords, ["", "the death toll rose"])
    assert any_keyword_matches(keywords, ["term49 said"])
    assert not any_keyword_matches(keywords, ["term50 said", "deathly"])
    assert not any_keyword_matches((), ["anything"])

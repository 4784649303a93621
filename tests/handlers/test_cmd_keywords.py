from __future__ import annotations

import pytest

from bot.errors import CommandError
from bot.services.keywords import (
    any_keyword_matches,
    keyword_matches,
    normalize_keyword,
    split_keywords,
    validate_keyword,
)


def test_split_bare_words_and_quoted_phrases() -> None:
    assert split_keywords('ukraine "death toll"  gaza') == ["ukraine", "death toll", "gaza"]


def test_split_typographic_quotes_and_commas() -> None:
    assert split_keywords("“casualty figures”, «доклад ООН»; flood") == [
        "casualty figures",
        "доклад ООН",
        "flood",
    ]


def test_split_keeps_apostrophes_inside_words() -> None:
    assert split_keywords("children's hospital") == ["children's", "hospital"]


def test_unclosed_quote_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="never closed"):
        split_keywords('"death toll')


def test_normalize_casefolds_and_collapses_whitespace() -> None:
    assert normalize_keyword("  Death \t  TOLL ") == "death toll"
    assert normalize_keyword("STRASSE") == normalize_keyword("straße")


def test_validate_rejects_65_characters_and_accepts_64() -> None:
    assert validate_keyword("a" * 64) == "a" * 64
    with pytest.raises(CommandError, match="65 characters long; a keyword can have at most 64"):
        validate_keyword("b" * 65)


def test_validate_rejects_punctuation_only() -> None:
    with pytest.raises(CommandError, match="no letters or digits"):
        validate_keyword("!!!")


def test_matches_on_word_boundaries_only() -> None:
    assert keyword_matches("gaza", "Strikes on GAZA city")
    assert not keyword_matches("gaza", "The Gazan authorities said")
    assert keyword_matches("death toll", "the death\n toll rose")
    assert not keyword_matches("death toll", "the death tolls")


def test_regex_metacharacters_are_plain_text() -> None:
    assert keyword_matches("c++", "written in C++ today")
    assert not keyword_matches("a.c", "abc")
    assert not keyword_matches(".*", "anything")


def test_any_keyword_matches_over_several_texts() -> None:
    assert any_keyword_matches(["flood", "ministry"], ["Headline", "The Ministry said"])
    assert not any_keyword_matches(["flood"], ["Headline", ""])

"""Sentence splitting: abbreviations, quotes, offsets, and bounded sentences on overlong lines."""

from __future__ import annotations

from bot.detect.sentences import MAX_SENTENCE, split_sentences


def texts(doc: str) -> list[str]:
    return [s.text for s in split_sentences(doc)]


def test_abbreviations_initials_and_decimals_do_not_split() -> None:
    doc = "Dr. Amara Vell of the U.S. Geological Survey said 2.5 million homes shook. Mr. K. Obi agreed."
    assert texts(doc) == [
        "Dr. Amara Vell of the U.S. Geological Survey said 2.5 million homes shook.",
        "Mr. K. Obi agreed.",
    ]


def test_quotes_and_newlines_end_sentences() -> None:
    doc = 'Title line\n\n"We counted every tent," the mayor said. Then rain came!\nNext paragraph? Yes.'
    assert texts(doc) == [
        "Title line",
        '"We counted every tent," the mayor said.',
        "Then rain came!",
        "Next paragraph?",
        "Yes.",
    ]


def test_offsets_point_into_the_document() -> None:
    doc = "  First one here.  Second one there. "
    for s in split_sentences(doc):
        assert doc[s.start : s.end] == s.text


def test_overlong_line_is_cut_into_bounded_sentences() -> None:
    text = "alpha beta " * 2_000  # 22,000 characters, no sentence end
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)

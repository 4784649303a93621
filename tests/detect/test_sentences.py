"""Sentence splitting: abbreviations, quotes, offsets, and bounded sentences on overlong lines."""

from __future__ import annotations

from bot.detect.sentences import MAX_SENTENCE, paragraph_ids, split_sentences

from .helpers import run, summary


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


def test_a_hard_wrapped_line_is_joined_back_into_its_sentence() -> None:
    doc = (
        "Officials counted about 4,000 \nvoters at the rally, but its organisers\nsaid 9,000 came.\n"
        "The rally ended at noon.\n\nlower-case text after a blank line is its own paragraph."
    )
    spans = split_sentences(doc)
    assert [s.text.split()[0] for s in spans] == ["Officials", "The", "lower-case"]
    assert all(doc[s.start : s.end] == s.text for s in spans)
    assert paragraph_ids(doc, spans) == (0, 1, 3)


def test_a_line_ending_in_punctuation_or_followed_by_a_capital_still_ends_its_sentence() -> None:
    doc = "The count: \nabout 300 people.\nRescuers said 12\nPeople were named later."
    assert [s.text for s in split_sentences(doc)] == [
        "The count:",
        "about 300 people.",
        "Rescuers said 12",
        "People were named later.",
    ]


def test_a_crowd_count_wrapped_across_lines_still_meets_its_rival() -> None:
    text = (
        "Organisers counted roughly 250,000 marchers\nin the capital on Sunday, while police\n"
        "said that 40,000 people joined it."
    )
    assert {v for v, _, _, _ in summary(run(text))} == {40_000, 250_000}


def test_two_sentences_glued_without_a_space_are_split() -> None:
    doc = "The council said.Voters were told 40 seats were open.The rest went. Read www.Example for more."
    assert [s.text for s in split_sentences(doc)] == [
        "The council said.",
        "Voters were told 40 seats were open.",
        "The rest went.",
        "Read www.Example for more.",
    ]
    # an abbreviation, an initial or a decimal glued to a capital is no boundary
    assert len(split_sentences("The U.S.Army sent 3.5 tons to Gen.Marlow.")) == 1

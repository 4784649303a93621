"""Hostile text must not hang the detector.

Each input is sized so that a regex or loop with quadratic (or worse) behaviour would run for
minutes, while the linear detector handles it in well under a second. No timing is asserted
(speed lives in bench/); a regression shows up as a hanging test.
"""

from __future__ import annotations

import pytest

from bot.detect.figures import MAX_FIGURES, find_figures
from bot.detect.model import Span
from bot.detect.sentences import MAX_SENTENCE, split_sentences

from .helpers import run

HOSTILE = {
    "digit run": "7" * 200_000,
    "digit run then letter": "7" * 60_000 + "x",
    "many small numbers": "7 " * 40_000,
    "grouped digits": "1," * 50_000 + "000",
    "commas": "," * 100_000,
    "dots": "." * 100_000,
    "dots and capitals": "A." * 30_000,
    "no punctuation": "word " * 12_000,
    "capitalised words": "Word " * 12_000,
    "possessives": "Smith's " * 8_000 + "claims",
    "quotes": '"' * 60_000,
    "nested quotes": '"a ' * 15_000 + 'b" ' * 15_000,
    "parentheses": "(" * 30_000 + ")" * 30_000,
    "money": "$1,000,000.00 " * 5_000,
    "denials": "they denied the claim that " * 3_000,
    "number words": "one hundred thousand " * 4_000,
    "camel case digits": "aB7" * 30_000,
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_finishes(text: str) -> None:
    detection = run(text, title="Headline 7")
    assert detection.article_id == "t1"


def test_overlong_line_is_cut_into_bounded_sentences() -> None:
    text = "alpha beta " * 2_000  # 22,000 characters, no sentence end
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in spans)
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_figures_per_sentence_are_capped() -> None:
    text = "8 " * 500
    assert len(find_figures(Span(text, 0, len(text)))) == MAX_FIGURES


def test_a_normal_list_of_figures_is_kept_whole() -> None:
    text = "Turnout was 12 percent, 15 percent, 18 percent and 21 percent."
    assert [f.value for f in find_figures(Span(text, 0, len(text)))] == [12, 15, 18, 21]

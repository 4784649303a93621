"""Cue classes: the lemmas the cue lists are matched on."""

from __future__ import annotations

import pytest

from bot.detect import cues


@pytest.mark.parametrize(
    ("word", "tag", "base"),
    [
        ("denied", "VBD", "deny"),
        ("disputes", "VBZ", "dispute"),
        ("estimated", "VBN", "estimate"),
        ("said", "VBD", "say"),
        ("rejecting", "VBG", "reject"),
        ("officials", "NNS", "official"),
        ("press", "NN", "press"),
    ],
)
def test_lemmas_for_the_cue_lists(word: str, tag: str, base: str) -> None:
    assert cues.lemma(word, tag) == base

"""Grouped K-fold assignment."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.detect.folds import grouped_folds, merge_retold


def test_a_group_never_spans_two_folds_and_folds_are_balanced() -> None:
    groups = [f"g{n % 13}" for n in range(100)]
    folds = grouped_folds(groups, 5)
    for g in set(groups):
        assert len({f for f, gg in zip(folds, groups, strict=True) if gg == g}) == 1
    sizes = Counter(folds)
    assert max(sizes.values()) - min(sizes.values()) <= 8
    assert grouped_folds(list(reversed(groups)), 5) == list(reversed(folds))  # order does not matter
    with pytest.raises(ValueError, match="2 folds"):
        grouped_folds(groups, 1)


BACKGROUND = (
    "The harbour board has spent three years and most of its reserves on a new container terminal "
    "that shipping lines say is already too small for the vessels now in service."
)


def test_texts_sharing_a_copied_passage_tell_one_story() -> None:
    first = f"Dockers walked out on Monday over night shifts. {BACKGROUND}"
    retold = f"The strike at the port entered its third day with no talks planned. {BACKGROUND}"
    other = "A late frost cut the apple harvest in the northern valleys by a third, growers said."
    assert merge_retold([first, retold, other], ["a", "b", "a"], ["g1", "g2", "g3"]) == ["g1", "g1", "g3"]


def test_same_source_texts_naming_the_same_rare_parties_tell_one_story() -> None:
    monday = "Valdoria Mining said its Kestrel Ridge deposit holds gold; Brantley Partners doubted it."
    tuesday = "Shares in Valdoria Mining fell after Brantley Partners questioned Kestrel Ridge again."
    elsewhere = "Shares in Valdoria Mining fell after Brantley Partners questioned Kestrel Ridge again."
    groups = merge_retold([monday, tuesday, elsewhere], ["wire", "wire", "tv"], ["m", "t", "e"])
    # the identical text of another source joins by its copied words, not by its names
    assert groups == ["m", "m", "m"]
    assert merge_retold([monday, "Brantley Partners hired a new chief."], ["wire", "wire"], ["m", "x"]) == [
        "m",
        "x",
    ]


def test_a_group_given_in_advance_is_kept_and_extended() -> None:
    texts = ["Alpha text one.", "Beta text two.", f"Gamma. {BACKGROUND}", f"Delta. {BACKGROUND}"]
    assert merge_retold(texts, ["s"] * 4, ["story", "story", "c", "d"]) == ["story", "story", "c", "c"]

"""Grouped K-fold assignment."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.detect.folds import grouped_folds


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

"""Grouped K-fold assignment: every story group in exactly one fold, folds of similar size."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence


def grouped_folds(groups: Sequence[str], k: int, seed: str = "claimwatch") -> list[int]:
    """Fold index (0..k-1) for each item; items of one group share a fold.

    Groups are placed largest first, each into the currently smallest fold; ties are broken by a
    hash of the group name, so the assignment is deterministic and independent of input order.
    """
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    sizes = Counter(groups)
    order = sorted(sizes, key=lambda g: (-sizes[g], hashlib.sha256((seed + g).encode()).hexdigest()))
    load = [0] * k
    fold_of: dict[str, int] = {}
    for g in order:
        f = min(range(k), key=lambda i: (load[i], i))
        fold_of[g] = f
        load[f] += sizes[g]
    return [fold_of[g] for g in groups]

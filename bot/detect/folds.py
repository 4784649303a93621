"""Grouped K-fold assignment: every story group in exactly one fold, folds of similar size."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence


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


# A wire story retold over days (a new lead on the same background paragraphs) or the same event
# in another outlet's words is one story: CV must not train on one telling and score another.
_WORDS = re.compile(r"[a-z0-9]+")
_NAME = re.compile(r"(?<![.!?]\s)\b[A-Z][a-zA-Z-]{2,}\b")
SHINGLE = 8  # words: shared 8-word runs are copied text, not shared phrasing
SHARED_TEXT = 0.15  # of the shorter text's runs
COMMON_RUN = 50  # a run in more texts than this is boilerplate, not a shared story
RARE_NAME = 30  # a capitalised word in at most this many texts names something specific
SHARED_NAMES = 3
NAME_OVERLAP = 0.25  # Jaccard of two texts' rare names (same source only)


def merge_retold(texts: Sequence[str], sources: Sequence[str], groups: Sequence[str]) -> list[str]:
    """``groups`` with every two texts that share copied passages, or (same source) most of their
    rare names, put in one group (transitively); a group is named by its first member's group."""
    n = len(texts)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[str, int] = {}
    for k, g in enumerate(groups):
        union(first.setdefault(g, k), k)
    runs = [_runs(t) for t in texts]
    for k, other, shared in _overlaps(runs, COMMON_RUN):
        if shared >= SHARED_TEXT * min(len(runs[k]), len(runs[other])):
            union(k, other)
    names = [set(_NAME.findall(t)) for t in texts]
    df = Counter(x for s in names for x in s)
    rare = [{x for x in s if df[x] <= RARE_NAME} for s in names]
    for k, other, shared in _overlaps(rare, RARE_NAME):
        if (
            sources[k] == sources[other]
            and shared >= SHARED_NAMES
            and shared >= NAME_OVERLAP * len(rare[k] | rare[other])
        ):
            union(k, other)
    return [groups[find(k)] for k in range(n)]


def _runs(text: str) -> set[str]:
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _overlaps(sets: Sequence[set[str]], max_df: int) -> Iterator[tuple[int, int, int]]:
    """(k, other, shared) for every pair k < other sharing a member held by at most ``max_df`` sets."""
    index: dict[str, list[int]] = {}
    for k, s in enumerate(sets):
        for x in s:
            index.setdefault(x, []).append(k)
    for k, s in enumerate(sets):
        shared = Counter(d for x in s if len(index[x]) <= max_df for d in index[x] if d > k)
        for other, count in shared.items():
            yield k, other, count

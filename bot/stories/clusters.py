"""Stories from the same-event graph, independent of arrival order (pure).

A *cluster* is a connected piece of the same-event relation (:func:`bot.stories.events.evidence`)
among articles of the window. A cluster of at most ``max_size`` articles is one story. A larger
one has drifted over several events (a shared name or figure glued them); it is cut into
stories by raising the cosine its edges must reach, step by step, on the pieces that are still
too large, until every piece fits. Each step depends only on the articles and their profiles,
never on which arrived first, so the same articles always give the same stories; at a cosine
above every edge each article stands alone, so the cutting always ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.stories.events import EDGE_MIN_COSINE, evidence

STEP = 0.05  # how much stricter each cut of an over-large cluster is


@dataclass(frozen=True, slots=True)
class Member:
    """An article of a cluster: its profile (key -> salience) and the norm stored with it."""

    article_id: int
    at: datetime
    profile: Mapping[str, float]
    norm: float


@dataclass(frozen=True, slots=True)
class Edge:
    a: int
    b: int
    score: float  # cosine of the two profiles


def edges(members: Sequence[Member], window: timedelta) -> list[Edge]:
    """Same-event pairs among ``members`` published within ``window`` of each other: only pairs
    sharing a key are compared."""
    by_key: dict[str, list[int]] = {}
    for i, member in enumerate(members):
        for key in member.profile:
            by_key.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for holders in by_key.values():
        pairs.update((a, b) for n, a in enumerate(holders) for b in holders[n + 1 :])
    out = []
    for i, j in sorted(pairs):
        a, b = members[i], members[j]
        if abs(a.at - b.at) > window:
            continue
        found = evidence(a.profile, b.profile, a.norm, b.norm)
        if found.same_event:
            out.append(Edge(a.article_id, b.article_id, found.score))
    return out


def components(nodes: Iterable[int], links: Iterable[Edge]) -> list[frozenset[int]]:
    """Connected pieces of the graph (union-find)."""
    parent = {node: node for node in nodes}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for edge in links:
        a, b = root(edge.a), root(edge.b)
        if a != b:
            parent[max(a, b)] = min(a, b)
    pieces: dict[int, set[int]] = {}
    for node in parent:
        pieces.setdefault(root(node), set()).add(node)
    return [frozenset(piece) for piece in pieces.values()]


def split(
    nodes: Iterable[int], links: Sequence[Edge], max_size: int, threshold: float = EDGE_MIN_COSINE
) -> list[frozenset[int]]:
    """The stories of a set of articles: pieces connected by edges of at least ``threshold``,
    each piece above ``max_size`` cut again at ``threshold + STEP``."""
    out: list[frozenset[int]] = []
    pending = [(frozenset(nodes), threshold)]
    while pending:
        piece, level = pending.pop()
        inside = [e for e in links if e.a in piece and e.b in piece and e.score >= level - 1e-9]
        for part in components(piece, inside):
            if len(part) <= max_size or not inside:
                out.append(part)
            else:
                pending.append((part, level + STEP))
    return sorted(out, key=lambda part: (-len(part), min(part)))


def assign(parts: Sequence[frozenset[int]], story_of: Mapping[int, int | None]) -> list[int | None]:
    """Which existing story each part keeps (None: a new story): the story holding most of the
    part's articles, each story given to one part at most, larger parts choosing first. Only the
    story ids depend on this, never which articles are together."""
    taken: set[int] = set()
    out: list[int | None] = [None] * len(parts)
    for index in sorted(range(len(parts)), key=lambda i: (-len(parts[i]), min(parts[i]))):
        counts: dict[int, int] = {}
        for article_id in parts[index]:
            story = story_of.get(article_id)
            if story is not None and story not in taken:
                counts[story] = counts.get(story, 0) + 1
        if counts:
            best = min(counts, key=lambda story: (-counts[story], story))
            taken.add(best)
            out[index] = best
    return out
